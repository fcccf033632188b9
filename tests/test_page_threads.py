"""Scanned pages of one document read in threads (the context's page_threads), as the batch does when it has
more workers than documents: the record is the same as with one thread."""

import shutil
import threading
from pathlib import Path

import pytest
from conftest import SAMPLES
from test_ocr import _rasterise

from iku import extract
from iku.runtime.batch import _page_threads
from iku.stages import ocr

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def _record(path: Path, page_threads: int = 1) -> dict:
    d = extract(path, page_threads=page_threads).model_dump(mode="json")
    d.pop("stages")
    return d


@needs_tesseract
def test_threads_give_the_same_record(tmp_path: Path, monkeypatch):
    pdf = tmp_path / "scan.pdf"
    _rasterise(SAMPLES / "camplong_2021.pdf", [0, 9, 10], {0, 9, 10}, pdf)
    seen: list[str] = []
    real = ocr.ocr_image

    def spy(*args):
        seen.append(threading.current_thread().name)
        return real(*args)

    monkeypatch.setattr(ocr, "ocr_image", spy)
    records = {}
    for threads in (1, 2):
        monkeypatch.setenv("IKU_CACHE_DIR", str(tmp_path / f"cache{threads}"))  # really OCR each time
        records[threads] = _record(pdf, threads)
    assert records[1] == records[2]
    assert records[1]["input_kind"] == "scanned" and records[1]["indicators"]
    assert seen[:3] == ["MainThread"] * 3  # one thread: every page read in the stage's own thread
    assert len(seen) == 6 and all(name.startswith("iku-ocr") for name in seen[3:])


def test_a_page_that_fails_in_a_thread_is_reported_as_unread(tmp_path: Path, monkeypatch):
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    pdf = tmp_path / "scan.pdf"
    _rasterise(SAMPLES / "camplong_2021.pdf", [0, 9], {0, 9}, pdf)
    real = ocr.ocr_image

    def fail_second(ctx, width, height, gray, number):
        if number == 2:
            raise RuntimeError("boom")
        return real(ctx, width, height, gray, number)

    monkeypatch.setattr(ocr, "ocr_image", fail_second)
    d = extract(pdf, page_threads=2)
    assert d.status == "partial"
    assert any(w.code == "W301" and w.page == 2 and "boom" in w.message for w in d.warnings)
    assert [p.source for p in d.page_info] == ["ocr", "image-only"]


def test_spare_cores_go_to_page_threads():
    assert _page_threads(workers=2, jobs=1) == 2  # one long scan on two workers
    assert _page_threads(workers=2, jobs=2) == 1
    assert _page_threads(workers=2, jobs=50) == 1
    assert _page_threads(workers=8, jobs=3) == 2
    assert _page_threads(workers=1, jobs=0) == 1


def test_the_analysis_layer_loads_while_the_workers_extract(tmp_path: Path):
    """The coordinator loads spaCy, DuckDB and the typing pipeline in the background as soon as it has work."""
    import subprocess
    import sys

    code = """
import sys, time
from iku.runtime import batch
assert "iku.analysis.outputs" not in sys.modules
def built():
    types = sys.modules.get("iku.analysis.indicator_types")
    return "iku.analysis.outputs" in sys.modules and types is not None and types._pipeline.cache_info().currsize
def fake_run_local(plan, workers, limits, extract_fn, done, settings):
    start = time.monotonic()
    while not built() and time.monotonic() - start < 60:
        time.sleep(0.05)
    print("loaded" if built() else "not loaded")
    raise KeyboardInterrupt  # the batch stops there: no table is rebuilt
batch._run_local = fake_run_local
batch.run_batch([sys.argv[1]], sys.argv[2], workers=1)
"""
    out = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "camplong_2021.pdf"), str(tmp_path / "out")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "loaded", out.stderr
