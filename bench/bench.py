"""`make bench`: the figures of issue 10, each a ratio measured in one run on the same pages.

(a) digital, one worker, end to end through the CLI, against camelot lattice's defaults (and its render-free
    engine='vector') and against the floor: pypdfium2's text of every page plus the page's vector rules
    (pdfium's path objects) joined into grids by camelot's own vector line merging and joint detection;
(b) scanned, one worker, through the CLI with an empty OCR cache, against Tesseract alone on the same page
    images (pypdfium2 render at 300 dpi, one `tesseract ... -l ind+eng tsv` per page);
(c) one long scanned document (18+ pages, pages of the scanned samples concatenated with pikepdf), 1 against
    2 workers;
(d) peak resident memory per worker process as the batch grows, and of every process of the runs above;
(e) the share of time per stage (the records' stage timings) and outside the stages;
(f) the output folder at scale: adding 10 documents to folders of 1,000 and BENCH_FOLDER_DOCS (10,000) records
    against extracting the same 10 into an empty folder, with the coordinator's peak memory at each size.

Every tool runs in its own process (`--measure` wraps it: wall time, the largest max RSS of any process
it started, the peak of the process itself). Absolute times depend on the load of the machine; the ratios
are the figures to quote. The corpus is the bundled samples, the development set (../shared/eval) when
present, and generated decrees (samples.generator, seed 1). BENCH_ROUNDS=N repeats (a) and keeps each
tool's fastest run; BENCH_ONLY=a,c runs some sections only.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "pdf"
IKU = str(Path(sys.executable).with_name("iku"))
LANGS = "ind+eng"


# ------------------------------------------------------------------------------------------ measuring


def _hwm(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def measure_child(cmd: list[str]) -> None:
    """Run cmd; print its wall time, its own peak RSS and the largest peak of any process it started."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    own = 0.0

    def poll() -> None:
        nonlocal own
        while proc.poll() is None:
            own = max(own, _hwm(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    err = proc.communicate()[1]
    watcher.join()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rc": proc.returncode, "own_peak_mb": own,
                      "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                      "stderr": err.decode("utf-8", "replace")[-2000:]}))


def measure(cmd: list[str], env: dict | None = None, ok_codes: tuple[int, ...] = (0, 1)) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", *cmd], capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, check=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    if r["rc"] not in ok_codes:
        raise RuntimeError(f"{cmd[:3]} exited {r['rc']}: {r['stderr']}")
    return r


def iku(files: list[Path], out: Path, cache: Path, workers: int = 1) -> dict:
    """`iku extract FILES -o out` with its own OCR cache folder."""
    return measure([IKU, "extract", *map(str, files), "-o", str(out), "-q", "--workers", str(workers)],
                   env={"IKU_CACHE_DIR": str(cache)})


def empty_cache(tmp: Path, name: str) -> Path:
    """A fresh cache folder without OCR results. Tesseract's word list (unpacked once per machine by
    iku.resources.lexicon) is copied in when the user's cache has it, so only the OCR is cold."""
    cache = tmp / name
    cache.mkdir(parents=True, exist_ok=True)
    from iku.core.settings import Settings

    words = Settings.load().cache_dir / "ind_words.txt"
    if words.is_file():
        shutil.copyfile(words, cache / "ind_words.txt")
    return cache


def tool(name: str, files: list[str]) -> None:
    """The tools compared against, each run as its own process by --measure."""
    warnings.filterwarnings("ignore")
    import pypdfium2 as pdfium

    if name == "floor":
        # what any reader must do at least, all in pdfium: the text of every page, and the page's vector rules
        # (path objects' bounds: thin ones are rules, boxes give four) joined into grids by camelot's own
        # vector line merging and joint detection
        import pypdfium2.raw as pdfium_c
        from camelot.image_processing import coalesce_collinear_lines, find_joints_from_lines

        for f in files:
            doc = pdfium.PdfDocument(f)
            for i in range(len(doc)):
                page = doc[i]
                text = page.get_textpage()
                text.get_text_range()
                text.close()
                hs, vs = [], []
                for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
                    x0, y0, x1, y1 = obj.get_bounds()
                    if y1 - y0 <= 2 and x1 - x0 > 2:
                        hs.append((x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
                    elif x1 - x0 <= 2 and y1 - y0 > 2:
                        vs.append(((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
                    elif x1 - x0 > 2 and y1 - y0 > 2:
                        hs += [(x0, y0, x1, y0), (x0, y1, x1, y1)]
                        vs += [(x0, y0, x0, y1), (x1, y0, x1, y1)]
                find_joints_from_lines(coalesce_collinear_lines(hs, "horizontal"),
                                       coalesce_collinear_lines(vs, "vertical"))
                page.close()
            doc.close()
    elif name in ("camelot", "camelot-vector"):
        import camelot

        for f in files:
            camelot.read_pdf(f, pages="all", flavor="lattice", **({"engine": "vector"} if "vector" in name else {}))
    elif name == "tesseract":
        # files are "PATH::i,j,...": the pages the pipeline OCRs (no usable text layer, chosen by the caller so
        # that no pipeline code runs here), each rendered at 300 dpi and read by one Tesseract process
        import io

        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        for spec in files:
            path, _, numbers = spec.rpartition("::")
            doc = pdfium.PdfDocument(path)
            for i in map(int, filter(None, numbers.split(","))):
                page = doc[i]
                png = io.BytesIO()
                page.render(scale=300 / 72, grayscale=True).to_pil().save(png, format="PNG")
                subprocess.run(["tesseract", "stdin", "stdout", "-l", LANGS, "--dpi", "300", "tsv"],
                               input=png.getvalue(), capture_output=True, check=True, env=env)
                page.close()
            doc.close()
    elif name == "batchpeak":  # files: N, then the PDFs to copy
        from iku.runtime.batch import run_batch

        n, sources = int(files[0]), [Path(f) for f in files[1:]]
        with tempfile.TemporaryDirectory(prefix="iku-bench-") as tmp:
            docs = copies(sources, Path(tmp) / "in", n)
            r = run_batch(docs, Path(tmp) / "out", workers=2)
        peaks: dict[int, float] = defaultdict(float)
        for o in r.outcomes:
            peaks[o.worker_pid] = max(peaks[o.worker_pid], o.worker_peak_mb or 0.0)
        print(json.dumps({"docs": n, "processes": len(peaks), "peak_mb": max(peaks.values())}))
    else:
        raise SystemExit(f"unknown tool {name}")


def run_tool(name: str, files: list[Path], env: dict | None = None) -> dict:
    return measure([sys.executable, __file__, "--tool", name, *map(str, files)], env=env, ok_codes=(0,))


# -------------------------------------------------------------------------------------------- corpora


def copies(sources: list[Path], folder: Path, n: int, tag: str = "copy") -> list[Path]:
    """n copies of the sources, each with distinct bytes (a comment after %%EOF), so none is a duplicate."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        dst = folder / f"{src.stem}_{tag}{i:05d}.pdf"
        dst.write_bytes(src.read_bytes() + f"% bench {tag} {i}\n".encode())
        out.append(dst)
    return out


def generated(tmp: Path) -> Path:
    out = tmp / "gen"
    subprocess.run([sys.executable, "-m", "samples.generator", "--n", "8", "--seed", "1", "--scanned", "4",
                    "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
    return out / "pdf"


def digital_corpus(gen: Path) -> list[Path]:
    files = [p for p in sorted((ROOT / "samples").glob("*.pdf"))]
    files += sorted((DEV / "digital").glob("*.pdf")) if DEV.is_dir() else []
    return files + sorted((gen / "digital").glob("*.pdf"))[:6]


def scanned_corpus(gen: Path) -> list[Path]:
    files = sorted((ROOT / "samples" / "scanned").glob("*.pdf"))
    files += [DEV / "scanned" / "k06.pdf"] if (DEV / "scanned" / "k06.pdf").is_file() else []
    return files + sorted((gen / "scanned").glob("*.pdf"))[:2]


def long_scan(sources: list[Path], dst: Path, pages: int = 20) -> Path:
    """One scanned document of `pages` pages made of the scanned corpus' image pages (pikepdf)."""
    import pikepdf
    import pypdfium2 as pdfium

    from iku.stages.ingest import classify_page

    out = pikepdf.new()
    while len(out.pages) < pages:
        for src in sources:
            doc = pdfium.PdfDocument(str(src))
            scanned = [i for i in range(len(doc)) if classify_page(doc[i])[0] == "image"]
            doc.close()
            with pikepdf.open(src) as pdf:
                for i in scanned:
                    if len(out.pages) < pages:
                        out.pages.append(pdf.pages[i])
    out.save(dst)
    return dst


def ocr_pages(files: list[Path]) -> list[str]:
    """"PATH::i,j" per file: the 0-based pages without a usable text layer, which the pipeline OCRs."""
    import pypdfium2 as pdfium

    from iku.stages.ingest import classify_page

    out = []
    for f in files:
        doc = pdfium.PdfDocument(str(f))
        unread = [str(i) for i in range(len(doc)) if classify_page(doc[i])[0] in ("image", "garbage")]
        out.append(f"{f}::" + ",".join(unread))
        doc.close()
    return out


def page_count(files: list[Path]) -> int:
    import pypdfium2 as pdfium

    return sum(len(pdfium.PdfDocument(str(f))) for f in files)


# ------------------------------------------------------------------------------------------- sections


def stage_shares(out: Path, wall: float) -> dict[str, float]:
    seconds: dict[str, float] = defaultdict(float)
    for p in (out / "json").glob("*.json"):
        for st in json.loads(p.read_bytes()).get("stages") or []:
            seconds[st["name"]] += st["seconds"]
    seconds["outside the stages"] = max(0.0, wall - sum(seconds.values()))
    return dict(seconds)


def print_shares(title: str, shares: dict[str, float]) -> None:
    total = sum(shares.values()) or 1.0
    parts = ", ".join(f"{k} {v / total:.0%}" for k, v in sorted(shares.items(), key=lambda kv: -kv[1]) if v > 0)
    print(f"  (e) time per stage, {title}: {parts}")


def section_digital(tmp: Path, files: list[Path], rounds: int, peaks: dict) -> None:
    pages = page_count(files)
    print(f"\n(a) digital, one worker: {len(files)} PDFs, {pages} pages")
    best: dict[str, dict] = {}
    for r in range(rounds):
        runs = {
            "iku extract (CLI, 1 worker)": lambda r=r: iku(files, tmp / f"dig{r}", empty_cache(tmp, f"dc{r}")),
            "camelot lattice (defaults)": lambda: run_tool("camelot", files),
            "camelot lattice, engine='vector'": lambda: run_tool("camelot-vector", files),
            "floor: pdfium text + vector rules and grids": lambda: run_tool("floor", files),
        }
        for name, fn in runs.items():
            res = fn()
            res["round"] = r
            if name not in best or res["seconds"] < best[name]["seconds"]:
                best[name] = res
    for name, res in best.items():
        print(f"  {name:<46}{res['seconds']:8.2f} s {pages / res['seconds']:7.1f} pages/s  "
              f"peak {res['peak_mb']:5.0f} MB")
        peaks[f"digital: {name}"] = res
    ours = best["iku extract (CLI, 1 worker)"]["seconds"]
    camelot_s = best["camelot lattice (defaults)"]["seconds"]
    floor_s = best["floor: pdfium text + vector rules and grids"]["seconds"]
    print(f"  iku is {camelot_s / ours:.2f}x faster than camelot lattice (goal >= 3x); runs at {floor_s / ours:.2f} "
          f"of the floor's speed (goal >= 0.5)")
    r = best["iku extract (CLI, 1 worker)"]["round"]
    print_shares("digital", stage_shares(tmp / f"dig{r}", ours))


def section_scanned(tmp: Path, files: list[Path], peaks: dict) -> None:
    print(f"\n(b) scanned, one worker, empty OCR cache: {len(files)} PDFs, {page_count(files)} pages "
          "(Tesseract alone reads only the pages without a text layer)")
    ours = iku(files, tmp / "scan", empty_cache(tmp, "sc"))
    alone = measure([sys.executable, __file__, "--tool", "tesseract", *ocr_pages(files)], ok_codes=(0,))
    print(f"  {'iku extract (CLI, 1 worker)':<46}{ours['seconds']:8.2f} s  peak {ours['peak_mb']:5.0f} MB")
    print(f"  {'Tesseract alone (render 300 dpi + 1 call/page)':<46}{alone['seconds']:8.2f} s")
    print(f"  iku takes {ours['seconds'] / alone['seconds']:.2f}x the time of Tesseract alone (goal <= 1.15x)")
    peaks["scanned: iku extract (CLI, 1 worker)"] = ours
    print_shares("scanned", stage_shares(tmp / "scan", ours["seconds"]))


def section_long(tmp: Path, sources: list[Path], peaks: dict) -> None:
    doc = long_scan(sources, tmp / "long_scan.pdf")
    print(f"\n(c) one long scanned document: {page_count([doc])} pages, empty OCR cache each run")
    one = iku([doc], tmp / "long1", empty_cache(tmp, "l1"), workers=1)
    two = iku([doc], tmp / "long2", empty_cache(tmp, "l2"), workers=2)
    same = (_rows(tmp / "long1") == _rows(tmp / "long2"))
    print(f"  1 worker {one['seconds']:.2f} s, 2 workers {two['seconds']:.2f} s: "
          f"{one['seconds'] / two['seconds']:.2f}x on 2 workers (goal >= 1.7x); records identical: {same}")
    peaks["long scan: 1 worker"], peaks["long scan: 2 workers"] = one, two


def _rows(out: Path) -> list:
    docs = []
    for p in sorted((out / "json").glob("*.json")):
        d = json.loads(p.read_bytes())
        docs.append([d.get("indicators"), d.get("page_info"), d.get("kecamatan"), d.get("decree_number")])
    return docs


def section_memory(sources: list[Path], peaks: dict) -> None:
    print("\n(d) peak resident memory")
    for n in (8, 40):
        out = subprocess.run([sys.executable, __file__, "--tool", "batchpeak", str(n), *map(str, sources)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"  per worker, batch of {r['docs']:3d} digital documents on 2 workers: {r['peak_mb']:.0f} MB "
              f"(the largest of {r['processes']} worker processes; goal <= 600 MB, flat)")
    for name, r in peaks.items():
        print(f"  {name:<60} largest process {r['peak_mb']:6.0f} MB, the iku process itself {r['own_peak_mb']:5.0f} MB")


def _simulated_folder(folder: Path, records: list[dict], n_docs: int) -> None:
    """n_docs records made from real ones: distinct doc_id, source file and hash, decree number and the first
    indicator's name (so the canonical groups see new spellings too)."""
    (folder / "json").mkdir(parents=True)
    for i in range(n_docs):
        d = json.loads(json.dumps(records[i % len(records)]))
        d.update(doc_id=f"sim_{i:06d}", source_file=f"/nonexistent/sim_{i:06d}.pdf", sha256=f"{i:064x}",
                 decree_number=f"{i}/{d.get('decree_number') or ''}")
        if d.get("indicators"):
            d["indicators"][0]["indikator"] += f" {i % 97}"
        (folder / "json" / f"sim_{i:06d}.json").write_text(json.dumps(d))


def section_folder(tmp: Path, sources: list[Path], n_docs: int) -> None:
    """Folders of 1,000 and n_docs records (copies of real records with distinct content), then 10 more."""
    sizes = sorted({min(1000, n_docs), n_docs})
    print(f"\n(f) output folder at scale: {' and '.join(map(str, sizes))} records, then 10 new documents")
    seed_out = tmp / "seed"
    iku(sources, seed_out, empty_cache(tmp, "fs"))
    records = [json.loads(p.read_bytes()) for p in sorted((seed_out / "json").glob("*.json"))]
    new = copies(sources, tmp / "new10", 10, "new")
    alone = iku(new, tmp / "alone", empty_cache(tmp, "f3"))
    for n in sizes:
        big = tmp / f"big{n}"
        _simulated_folder(big, records, n)
        first = iku(copies(sources, tmp / f"first{n}", 10, f"first{n}_"), big, empty_cache(tmp, f"f1{n}"))
        add = iku(new, big, empty_cache(tmp, f"f2{n}"))
        parts = len(json.loads((big / ".tables.json").read_bytes())["parts"])
        print(f"  {n:6d} records: first batch into the folder (its tables built from the {n} records): "
              f"{first['seconds']:.1f} s, coordinator peak {first['own_peak_mb']:.0f} MB")
        print(f"  {n:6d} records: 10 more ({parts} parts per table): {add['seconds']:.2f} s, coordinator peak "
              f"{add['own_peak_mb']:.0f} MB, largest process {add['peak_mb']:.0f} MB; "
              f"{add['seconds'] / alone['seconds']:.2f}x extracting them alone (goal < 10x)")
        shutil.rmtree(big)
    print(f"  the same 10 into an empty folder: {alone['seconds']:.2f} s, coordinator peak "
          f"{alone['own_peak_mb']:.0f} MB")


def main() -> None:
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    rounds = int(os.environ.get("BENCH_ROUNDS", "1"))
    n_docs = int(os.environ.get("BENCH_FOLDER_DOCS", "10000"))
    print(f"machine: {os.cpu_count()} cores, 1-minute load {os.getloadavg()[0]:.1f} at the start")
    peaks: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="iku-bench-") as tmp:
        tmp = Path(tmp)
        gen = generated(tmp)
        digital, scanned = digital_corpus(gen), scanned_corpus(gen)
        samples = [p for p in sorted((ROOT / "samples").glob("*.pdf"))]
        if not only or "a" in only:
            section_digital(tmp, digital, rounds, peaks)
        if not only or "b" in only:
            section_scanned(tmp, scanned, peaks)
        if not only or "c" in only:
            section_long(tmp, scanned, peaks)
        if not only or "d" in only:
            section_memory(samples, peaks)
        if not only or "f" in only:
            section_folder(tmp, samples, n_docs)
    print(f"\n1-minute load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--measure":
        measure_child(sys.argv[2:])
    elif len(sys.argv) > 2 and sys.argv[1] == "--tool":
        tool(sys.argv[2], sys.argv[3:])
    else:
        main()
