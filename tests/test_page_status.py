"""A page that could not be read makes its document partial, with the page's error on the record; OCR without
its language data is reported as such, never cached, and read once the data is there."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES

from iku import extract
from iku.core.errors import W_OCR_UNAVAILABLE, W_PAGE_UNREAD, warning_codes
from iku.core.files import write_json
from iku.core.layout import PageLayout
from iku.core.settings import Settings
from iku.core.stage import Context
from iku.runtime.batch import plan_batch
from iku.stages import ocr

SRC = SAMPLES / "ciruas_2022.pdf"


def _with_image_pages(out: Path, digital: list[int], scanned: list[int], dpi: int = 150) -> Path:
    """The sample's `digital` pages as they are, then its `scanned` pages as images without a text layer."""
    pdf = pdfium.PdfDocument(str(SRC))
    new = pdfium.PdfDocument.new()
    if digital:  # an empty list would import every page
        new.import_pages(pdf, digital)
    for i in scanned:
        w, h = pdf[i].get_size()
        page = new.new_page(w, h)
        img = pdfium.PdfImage.new(new)
        img.set_bitmap(pdfium.PdfBitmap.from_pil(pdf[i].render(scale=dpi / 72, grayscale=True).to_pil()))
        img.set_matrix(pdfium.PdfMatrix().scale(w, h))
        page.insert_obj(img)
        page.gen_content()
    new.save(str(out))
    return out


def test_one_failed_ocr_page_makes_the_document_partial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    n = len(pdfium.PdfDocument(str(SRC)))
    pdf = _with_image_pages(tmp_path / "mixed.pdf", list(range(n)), [0, 1])
    monkeypatch.setattr(ocr, "engine_problem", lambda settings: None)
    monkeypatch.setattr(ocr, "available", lambda: True)

    def fake_ocr(ctx: Context, width: float, height: float, gray: np.ndarray, number: int) -> PageLayout:
        if number == n + 1:
            raise RuntimeError("tesseract died on this page")
        return PageLayout(number=number, width=595.0, height=842.0, kind="ocr")

    monkeypatch.setattr(ocr, "ocr_image", fake_ocr)
    d = extract(pdf)
    assert d.status == "partial"
    assert W_PAGE_UNREAD in warning_codes(d.warnings)
    page_error = next(w for w in d.warnings if w.code == W_PAGE_UNREAD and w.page == n + 1)
    assert page_error.stage == "text" and "by OCR" in page_error.message and "tesseract died" in page_error.message
    assert d.indicators  # the digital pages are still read


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_missing_language_data_is_reported_not_cached_and_read_once_installed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    pdf = _with_image_pages(tmp_path / "scan.pdf", [], [0])
    cache = tmp_path / "cache"
    monkeypatch.setenv("IKU_CACHE_DIR", str(cache))
    real = Path(next(line for line in os.popen("tesseract --list-langs").read().splitlines()
                     if line.startswith("List")).split('"')[1])
    eng_only = tmp_path / "tessdata"
    eng_only.mkdir()
    for name in ("eng.traineddata", "osd.traineddata"):
        if (real / name).exists():
            (eng_only / name).symlink_to(real / name)
    monkeypatch.setenv("TESSDATA_PREFIX", str(eng_only))

    # Tesseract itself exits 0 here, reading with English alone
    gray = ocr.render(pdfium.PdfDocument(str(pdf))[0])
    with pytest.raises(ocr.OcrEngineError):
        ocr.tesseract_words(Context(Settings.load()), gray)
    d = extract(pdf)
    assert d.status == "partial" and d.page_info[0].source == "image-only"
    assert W_OCR_UNAVAILABLE in warning_codes(d.warnings)
    assert "ind" in next(w.message for w in d.warnings if w.code == W_OCR_UNAVAILABLE)
    assert not list(cache.glob("ocr/*.json"))  # nothing cached while the language was missing

    out = tmp_path / "out"
    write_json(d, out)
    assert plan_batch([pdf], out).skipped  # still missing: a plain re-run leaves it
    assert plan_batch([pdf], out, retry_failed=True).jobs  # --retry-failed covers it

    monkeypatch.setenv("TESSDATA_PREFIX", str(real))
    assert plan_batch([pdf], out).jobs  # language installed: a plain re-run extracts it again
    again = extract(pdf)
    assert again.page_info[0].source == "ocr" and again.page_info[0].ocr_words > 20
    assert W_OCR_UNAVAILABLE not in warning_codes(again.warnings)
