"""The ingest stage's page routing: which pages are read from their text layer and which by OCR."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from iku.stages.ingest import classify_page

TEXT = [f"Indikator kinerja utama nomor {i} persentase layanan yang selesai tepat waktu" for i in range(30)]


def _page(tmp_path: Path, image_first: bool) -> pdfium.PdfPage:
    """A page with a text layer and a full-page picture, painted in the given order."""
    path = tmp_path / "p.pdf"
    c = Canvas(str(path), pagesize=A4)
    scan = ImageReader(Image.new("RGB", (200, 283), (250, 250, 245)))

    def picture() -> None:
        c.drawImage(scan, 0, 0, width=A4[0], height=A4[1])

    def text() -> None:
        for i, line in enumerate(TEXT):
            c.drawString(50, 780 - 14 * i, line)

    for step in ((picture, text) if image_first else (text, picture)):
        step()
    c.save()
    return pdfium.PdfDocument(str(path))[0]


@pytest.mark.parametrize(("image_first", "kind"), [(True, "text"), (False, "garbage")])
def test_text_hidden_under_a_page_image_goes_to_ocr(tmp_path: Path, image_first: bool, kind: str) -> None:
    """A digital page on a background picture keeps its text layer; a scan painted over its own OCR text
    hides that text from the reader, so the page is read from the image."""
    got, reason = classify_page(_page(tmp_path, image_first))
    assert got == kind
    assert (reason == "text hidden under a page image") == (kind == "garbage")
