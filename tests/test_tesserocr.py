"""Tesseract through its C API (tesserocr, optional) reads exactly what the `tesseract` command reads, and the
command is used whenever the API is missing, wraps another Tesseract, or is turned off."""

import shutil
import sys

import numpy as np
import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES

from iku.core.settings import Settings
from iku.core.stage import Context
from iku.stages import ocr

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


@pytest.fixture
def fresh_api():
    ocr._api.cache_clear()
    yield
    ocr._api.cache_clear()


def _page_image() -> np.ndarray:
    pdf = pdfium.PdfDocument(str(SAMPLES / "scanned" / "booklet_2023_scan.pdf"))
    gray = ocr.render(pdf[1])
    pdf.close()
    return gray


def test_the_api_reads_what_the_command_reads(fresh_api, monkeypatch):
    if ocr._api() is None:
        pytest.skip("tesserocr is not installed here, or wraps another Tesseract than the command")
    gray = _page_image()
    h, w = gray.shape
    images = [(gray[: h // 2], 3), (gray[h // 3:h // 3 + 160, w // 8:w // 2], 6), (gray[: h // 4], 11)]
    via_api = [ocr.tesseract_words(Context(Settings.load()), img, psm) for img, psm in images]
    monkeypatch.setenv("IKU_TESSEROCR", "0")
    off = Context(Settings.load())  # the variable read by the settings loader
    assert off.settings.tesserocr is False and ocr._api(off.settings.tesserocr) is None
    via_command = [ocr.tesseract_words(off, img, psm) for img, psm in images]
    assert off.stats.tesseract_calls == len(images)
    assert via_api == via_command  # every word, box and confidence
    assert len(via_api[0]) > 50


def test_orientation_through_the_api_is_the_commands(fresh_api, monkeypatch):
    """OSD through the C API (no process and no PNG per sideways page) proposes the turn the command's
    "Rotate:" line gives, with its confidence as the command prints it, for each of the three turns."""
    import cv2

    if ocr._api() is None:
        pytest.skip("tesserocr is not installed here, or wraps another Tesseract than the command")
    gray = _page_image()
    turned = [cv2.rotate(gray, k) for k in (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_180, cv2.ROTATE_90_COUNTERCLOCKWISE)]
    on = Context(Settings.load())
    with monkeypatch.context() as m:
        m.setattr(ocr, "_tesseract", lambda *a, **k: pytest.fail("the command ran"))
        via_api = [ocr.osd_rotation(on, img) for img in turned]
    monkeypatch.setenv("IKU_TESSEROCR", "0")
    via_command = [ocr.osd_rotation(Context(Settings.load()), img) for img in turned]
    assert via_api == via_command
    assert [r for r, _ in via_api] == [270, 180, 90] and on.stats.tesseract_calls == 3


def test_the_command_when_tesserocr_is_missing(fresh_api, monkeypatch):
    monkeypatch.setitem(sys.modules, "tesserocr", None)  # import fails
    assert ocr._api() is None
    words = ocr.tesseract_words(Context(Settings.load()), _page_image()[:800], 6)
    assert any(w["text"].isalpha() for w in words)


def test_the_command_when_tesserocr_wraps_another_tesseract(fresh_api, monkeypatch):
    class Other:
        @staticmethod
        def tesseract_version():
            return "tesseract 0.0.1\n leptonica-0"

    monkeypatch.setitem(sys.modules, "tesserocr", Other)
    assert ocr._api() is None


def test_missing_language_data_is_an_engine_error(fresh_api, monkeypatch, tmp_path):
    if ocr._api() is None:
        pytest.skip("tesserocr is not installed here")
    ctx = Context(Settings(cache_dir=tmp_path / "cache", tessdata_prefix=str(tmp_path)))  # no traineddata in it
    monkeypatch.setattr(ocr, "_ENGINES", type(ocr._ENGINES)())  # no engine made yet in this thread
    with pytest.raises(ocr.OcrEngineError):
        ocr.tesseract_words(ctx, np.full((50, 50), 255, np.uint8))


def test_an_engine_thread_runs_tesseract_on_one_core_without_touching_the_environment():
    """OMP_THREAD_LIMIT=1 for the processes; in this process OpenMP is told per thread (no active parallel level),
    as the environment is nobody's to write."""
    import ctypes
    import ctypes.util
    import os
    import threading

    name = ctypes.util.find_library("gomp")
    if not name:
        pytest.skip("no libgomp here: Tesseract has no OpenMP threads to limit")
    gomp = ctypes.CDLL(name)
    levels: dict[str, int] = {}

    def run(key: str, limit: bool) -> None:
        if limit:
            ocr._one_thread()
        levels[key] = gomp.omp_get_max_active_levels()

    before = dict(os.environ)
    for key, limit in (("engine", True), ("other", False)):
        t = threading.Thread(target=run, args=(key, limit))
        t.start()
        t.join()
    assert levels["engine"] == 0 and levels["other"] > 0
    assert dict(os.environ) == before
