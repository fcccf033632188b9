"""`make bench`, scanned part: pages per second, peak memory and the share of time spent outside Tesseract.

Runs the whole pipeline on the scanned samples (and the development set's scanned PDFs when ../shared/eval
is present) in a child process with an empty OCR cache, so every page is really OCRed; then once more
with the cache warm, which is what a re-run costs. Peak memory is the pipeline process's own max RSS;
Tesseract runs as separate processes (one page at a time), reported apart.
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


def corpus() -> list[Path]:
    files = sorted((ROOT / "samples" / "scanned").glob("*.pdf"))
    dev = ROOT.parent / "shared" / "eval" / "pdf" / "scanned"
    if dev.is_dir():
        files += sorted(dev.glob("*.pdf"))
    return files


def child(files: list[str]) -> None:
    warnings.filterwarnings("ignore")
    from iku.core.settings import Settings
    from iku.core.stage import Context
    from iku.runtime.document import extract
    from iku.stages import ocr

    pages = ocr_pages = 0
    settings = Settings.load()
    ctx = Context(settings)  # one context for the corpus: its OCR time is summed over every document
    start = time.perf_counter()
    for f in files:
        d = extract(f, ctx=ctx)
        pages += d.pages
        ocr_pages += sum(p.source == "ocr" for p in d.page_info)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "pages": pages, "ocr_pages": ocr_pages, "seconds": seconds,
        "tesseract_seconds": ctx.stats.tesseract_seconds, "tesseract_calls": ctx.stats.tesseract_calls,
        "passes": ctx.stats.passes,
        "engine": "tesserocr (C API)" if ocr._api(settings.tesserocr) else "tesseract processes",
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "tesseract_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


def run(files: list[Path], cache: str) -> dict:
    env = {**os.environ, "IKU_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, __file__, "--child", *map(str, files)], capture_output=True, text=True,
                         check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    files = corpus()
    print(f"\nscanned corpus: {len(files)} PDFs (samples/scanned + ../shared/eval/pdf/scanned when present)")
    with tempfile.TemporaryDirectory() as cache:
        cold, warm = run(files, cache), run(files, cache)
    outside = cold["seconds"] - cold["tesseract_seconds"]
    print(f"{'run':<28}{'pages':>7}{'OCRed':>7}{'seconds':>10}{'pages/s':>9}{'s/page':>8}{'peak MB':>9}")
    for name, r in (("cold cache (OCR every page)", cold), ("warm cache (re-run)", warm)):
        print(f"{name:<28}{r['pages']:>7}{r['ocr_pages']:>7}{r['seconds']:>10.1f}{r['pages'] / r['seconds']:>9.2f}"
              f"{r['seconds'] / r['pages']:>8.2f}{r['peak_mb']:>9.0f}")
    print(f"Tesseract: {cold['tesseract_calls']} calls, {cold['tesseract_seconds']:.1f} s, "
          f"peak {cold['tesseract_peak_mb']:.0f} MB per process")
    print(f"time outside Tesseract: {outside:.1f} s = {outside / cold['seconds']:.0%} of the total "
          f"(render, orientation, deskew, rules, tables, rows, metadata)")
    page_ocr = cold["passes"].get("page OCR", 0.0) or 1.0
    print(f"passes of the cold run ({cold['engine']}), against the page OCR itself (one Tesseract read per page):")
    for name, seconds in sorted(cold["passes"].items(), key=lambda kv: -kv[1]):
        print(f"  {name:<14}{seconds:8.1f} s  {seconds / page_ocr:6.0%} of the page OCR")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2:])
    else:
        main()
