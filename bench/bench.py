"""`make bench`: speed and memory of the pipeline against camelot lattice on the same pages.

Each tool runs in its own process, so peak memory (max RSS) is its own. The corpus is the
bundled samples plus the development set's digital PDFs when ../shared/eval is present.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
        from pipeline import extract

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


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3:])
    else:
        main()
