"""`make bench`: report.html for 1,000 decrees: build time, size, and load time in headless Chromium.

The batch is the samples' extractions copied under new doc_ids (and sha256) until there are N decrees, so
the report has N sections of real rows and flags; the analysis runs on all of them as in a real batch.
Usage: bench/bench_report.py [N]  (default 1000).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(n: int = 1000) -> None:
    from iku.analysis.report import write_report
    from iku.core.files import write_json
    from iku.export.parquet import load_json_outputs, write_parquet
    from iku.runtime.document import extract_batch
    from iku.runtime.outputs import write_analysis

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        seeds = [d for d in extract_batch(sorted((ROOT / "samples").glob("*.pdf")), base) if d.indicators]
        out = Path(tmp) / "outputs"
        for i in range(n):
            d = seeds[i % len(seeds)]
            doc_id = f"{d.doc_id}-{i:04d}"
            write_json(d.model_copy(update={"doc_id": doc_id, "sha256": hashlib.sha256(doc_id.encode()).hexdigest()}),
                       out)
        decrees = load_json_outputs(out)
        t0 = time.perf_counter()
        write_parquet(decrees, out)
        write_analysis(decrees, out)
        t_tables = time.perf_counter() - t0
        t0 = time.perf_counter()
        path = write_report(out)
        t_report = time.perf_counter() - t0
        size = path.stat().st_size
        load = _chromium_load(path)
        rows = sum(len(d.indicators) for d in decrees)
        print(f"report, {n} decrees ({rows} rows): tables {t_tables:.1f} s, report.html built in {t_report:.1f} s, "
              f"{size / 1e6:.1f} MB ({size / n / 1e3:.0f} KB per decree), loaded in Chromium in "
              + (f"{load:.1f} s" if load is not None else "- (no chromium)"))


def _chromium_load(path: Path) -> float | None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        t0 = time.perf_counter()
        page.goto(path.as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_selector("body[data-js=ran]")
        t = time.perf_counter() - t0
        browser.close()
    return t


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
