"""`python bench/bench_batch.py`: (older) speed and memory against camelot lattice on the same pages, then batch
throughput with 1 and 2 worker processes and on a Dask LocalCluster.

Each tool runs in its own process, so peak memory (max RSS) is its own. The corpus is the
bundled samples plus the development set's digital PDFs when ../shared/eval is present.
The batch corpus is BATCH_DOCS copies of the samples, each with different bytes (a comment after
%%EOF) so that none is skipped as a duplicate; every run writes to a fresh output folder.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from bench import copies  # noqa: E402


def corpus() -> list[Path]:
    files = sorted((ROOT / "samples").glob("*.pdf"))
    dev = ROOT.parent / "shared" / "eval" / "pdf" / "digital"
    if dev.is_dir():
        files += sorted(dev.glob("*.pdf"))
    return files


def child(tool: str, files: list[str]) -> None:
    warnings.filterwarnings("ignore")
    pages = 0
    if tool == "iku":
        from iku import extract

        start = time.perf_counter()
        for f in files:
            d = extract(f)
            pages += d.pages
    else:
        import camelot
        import pypdfium2

        start = time.perf_counter()
        for f in files:
            camelot.read_pdf(f, pages="all", flavor="lattice")
            pages += len(pypdfium2.PdfDocument(f))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"tool": tool, "pages": pages, "seconds": seconds, "peak_mb": peak_mb}))


def run(tool: str, files: list[Path]) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", tool, *map(str, files)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    files = corpus()
    print(f"corpus: {len(files)} digital PDFs")
    results = [run("iku", files), run("camelot", files)]
    print(f"{'tool':<34}{'pages':>7}{'seconds':>10}{'pages/s':>10}{'peak MB':>10}")
    names = {"iku": "iku extract (1 worker, all stages)", "camelot": "camelot.read_pdf lattice (default)"}
    for r in results:
        print(f"{names[r['tool']]:<34}{r['pages']:>7}{r['seconds']:>10.2f}{r['pages'] / r['seconds']:>10.1f}"
              f"{r['peak_mb']:>10.0f}")
    print(f"speed-up over camelot lattice: {results[1]['seconds'] / results[0]['seconds']:.1f}x")
    batch_bench()


BATCH_DOCS = 200
SMALL_DOCS = 50


def batch_corpus(folder: Path, n: int) -> list[Path]:
    return copies(sorted((ROOT / "samples").glob("*.pdf")), folder, n)


def timed_batch(files: list[Path], out: Path, **kwargs) -> dict:
    from iku.runtime.batch import run_batch

    load = os.getloadavg()[0]
    start = time.perf_counter()
    r = run_batch(files, out, **kwargs)
    seconds = time.perf_counter() - start
    assert len(r.outcomes) == len(files) and not r.failed, "the batch corpus must extract cleanly"
    peaks: dict[int, float] = {}
    for o in r.outcomes:
        peaks[o.worker_pid] = max(peaks.get(o.worker_pid, 0.0), o.worker_peak_mb or 0.0)
    return {"docs": len(files), "pages": sum(o.pages for o in r.outcomes), "seconds": seconds,
            "processes": len(peaks), "peak_mb": max(peaks.values()), "load": load,
            "doc_wall": sum(o.seconds for o in r.outcomes) / len(files),
            "doc_cpu": sum(o.cpu_seconds for o in r.outcomes) / len(files)}


def batch_bench() -> None:
    import dask
    from distributed import Client, LocalCluster

    from iku.runtime.workers import MAX_TASKS

    print(f"\nbatch: {BATCH_DOCS} documents (copies of the samples with distinct bytes), fresh output folder per run;"
          f" worker processes are replaced every {MAX_TASKS} documents; machine: {os.cpu_count()} cores")
    rows = []
    with tempfile.TemporaryDirectory(prefix="iku-bench-") as tmp:
        tmp = Path(tmp)
        files = batch_corpus(tmp / "corpus", BATCH_DOCS)
        rows.append(("1 worker", timed_batch(files, tmp / "w1", workers=1)))
        rows.append(("2 workers", timed_batch(files, tmp / "w2", workers=2)))
        rows.append((f"2 workers, {SMALL_DOCS} docs", timed_batch(files[:SMALL_DOCS], tmp / "w2s", workers=2)))
        # real worker processes, as on a cluster; they must be allowed to start the per-document processes
        with dask.config.set({"distributed.worker.daemon": False}), \
                LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            rows.append(("Dask LocalCluster, 2 workers", timed_batch(files, tmp / "dask", client=client)))
    print(f"{'run':<30}{'docs':>5}{'pages':>6}{'seconds':>8}{'docs/s':>7}{'pages/s':>8}{'procs':>6}"
          f"{'peak MB/worker':>15}{'s/doc':>6}{'cpu/doc':>8}{'cores':>6}{'load':>5}")
    for name, r in rows:
        r["cores"] = r["doc_cpu"] * r["docs"] / r["seconds"]
        print(f"{name:<30}{r['docs']:>5}{r['pages']:>6}{r['seconds']:>8.1f}{r['docs'] / r['seconds']:>7.2f}"
              f"{r['pages'] / r['seconds']:>8.1f}{r['processes']:>6}{r['peak_mb']:>15.0f}{r['doc_wall']:>6.2f}"
              f"{r['doc_cpu']:>8.2f}{r['cores']:>6.2f}{r['load']:>5.1f}")
    print("s/doc, cpu/doc: wall and CPU seconds a worker spent per document (wall above CPU: the workers waited"
          " for a core); cores: worker CPU seconds per wall second, the cores the batch actually obtained")
    rate = {name: r["docs"] / r["seconds"] for name, r in rows}
    per_core = {name: rate[name] / r["cores"] for name, r in rows}
    one = "1 worker"
    for name in ("2 workers", "Dask LocalCluster, 2 workers"):
        print(f"speed-up, {name} over 1 worker: {rate[name] / rate[one]:.2f}x wall clock; "
              f"docs/s per core obtained: {per_core[name]:.2f} against {per_core[one]:.2f} "
              f"({per_core[name] / per_core[one]:.0%}: what 2 free cores would give is ~"
              f"{2 * per_core[name] / rate[one]:.2f}x)")
    small, big = rows[2][1], rows[1][1]
    print(f"peak memory per worker, 2 workers: {small['peak_mb']:.0f} MB at {small['docs']} documents, "
          f"{big['peak_mb']:.0f} MB at {big['docs']} documents (load: 1-minute load average when the run started)")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3:])
    elif sys.argv[1:] == ["--batch"]:  # the batch section alone
        batch_bench()
    else:
        main()
