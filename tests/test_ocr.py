"""Scanned and mixed input: a sample page rasterised into an image-only PDF is read by OCR."""

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import SAMPLES
from rapidfuzz import fuzz

from iku import extract

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


def _rasterise(src: Path, pages: list[int], scanned: set[int], out: Path, dpi: int = 200) -> None:
    """Build a PDF of `pages` from src where the pages in `scanned` become images (no text layer)."""
    pdf = pdfium.PdfDocument(str(src))
    new = pdfium.PdfDocument.new()
    for i in pages:
        if i in scanned:
            w, h = pdf[i].get_size()
            img = pdf[i].render(scale=dpi / 72, grayscale=True).to_pil()
            page = new.new_page(w, h)
            obj = pdfium.PdfImage.new(new)
            obj.set_bitmap(pdfium.PdfBitmap.from_pil(img))
            obj.set_matrix(pdfium.PdfMatrix().scale(w, h))
            page.insert_obj(obj)
            page.gen_content()
        else:
            new.import_pages(pdf, [i])
    new.save(str(out))


@pytest.fixture(scope="module")
def table_page() -> tuple[Path, int, list[str]]:
    src = SAMPLES / "camplong_2021.pdf"
    digital = extract(src)
    page = max({r.page for r in digital.indicators}, key=lambda p: sum(r.page == p for r in digital.indicators))
    return src, page, [r.indikator for r in digital.indicators if r.cells["indikator"].page == page]


def test_scanned_table_page_gives_the_same_rows(table_page, tmp_path: Path):
    src, page, expected = table_page
    out = tmp_path / "scan.pdf"
    _rasterise(src, [page - 1], {page - 1}, out)
    d = extract(out)
    assert d.input_kind == "scanned"
    got = [r.indikator for r in d.indicators]
    found = sum(any(fuzz.ratio(e.lower(), g.lower()) >= 90 for g in got) for e in expected)
    assert found >= 0.8 * len(expected), (expected, got)
    assert all(r.confidence < 1.0 for r in d.indicators)  # OCR confidence flows into the rows


def test_mixed_document_ocrs_only_image_pages(table_page, tmp_path: Path):
    src, page, _ = table_page
    out = tmp_path / "mixed.pdf"
    _rasterise(src, [0, page - 1], {page - 1}, out)
    d = extract(out)
    assert d.input_kind == "mixed"
    assert d.indicators and all(r.page == 2 for r in d.indicators)
