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


def _shaded_table(rng, dots: float):
    """A two-column table image at 300 dpi: a header row whose cells are shaded by halftone dots (a grey fill
    printed and scanned) over bold labels, and a plain body row with scanner dust."""
    import cv2
    import numpy as np

    img = np.full((700, 1700), 245, np.uint8)
    xs, ys = [100, 800, 1600], [100, 400, 650]
    header = img[ys[0]:ys[1], xs[0]:xs[2]]
    header[rng.random(header.shape) < dots] = 40  # the dots, a pixel or two each
    header[(rng.random(header.shape) < dots / 3)] = 40
    for x, label in ((250, "Indikator"), (1000, "Penjelasan")):
        cv2.putText(img, label, (x, 270), cv2.FONT_HERSHEY_DUPLEX, 1.6, 20, 5, cv2.LINE_AA)
    cv2.putText(img, "Jumlah desa", (130, 540), cv2.FONT_HERSHEY_DUPLEX, 1.4, 20, 3, cv2.LINE_AA)
    cv2.putText(img, "Laporan desa", (830, 540), cv2.FONT_HERSHEY_DUPLEX, 1.4, 20, 3, cv2.LINE_AA)
    img[rng.random(img.shape) < 0.0005] = 60  # dust
    for y in ys:
        img[y - 2:y + 2, xs[0]:xs[2]] = 0
    for x in xs:
        img[ys[0]:ys[2], x - 2:x + 2] = 0
    return img


def test_a_shaded_header_cell_is_read_without_its_halftone():
    """Tesseract reads halftone dots as letters and the label drowns in them; the cell is read again with
    the dots opened away. A plain cell with dust is no shaded cell."""
    import numpy as np

    from iku.core.settings import Settings
    from iku.core.stage import Context
    from iku.stages import ocr

    img = _shaded_table(np.random.default_rng(3), dots=0.12)
    assert ocr.stippled(img[110:390, 110:790], 300)
    assert not ocr.stippled(img[410:640, 110:790], 300)
    ctx = Context(Settings.load())
    hs, vs = ocr.rule_segments(img)
    words = ocr.tesseract_words(ctx, ocr.erase_rules(img, hs + vs))
    words += ocr.reread_cells(ctx, ocr.erase_rules(img, hs + vs), hs, vs, words)
    header = [w["text"] for w in words if w["top"] < 400 and ocr._keep(w)]
    assert any(fuzz.ratio(t, "Penjelasan") >= 80 for t in header), header
    assert any(fuzz.ratio(t, "Indikator") >= 80 for t in header), header
    assert len(header) <= 4, header  # the dots are not read as words


def test_the_histogram_median_is_numpys():
    """ocr.median_u8 (from a uint8 image's histogram, for speed) gives np.median's value, odd and even sizes."""
    import numpy as np

    from iku.stages import ocr

    rng = np.random.default_rng(7)
    for n in (1, 2, 3, 4, 10, 11, 1000):
        a = rng.integers(0, 256, (n, 3)).astype(np.uint8)
        assert ocr.median_u8(a) == float(np.median(a))
    assert ocr.median_u8(np.array([[10, 20]], np.uint8)) == 15.0


def test_percentile_from_histogram_is_numpys():
    """ocr.percentile_u8 gives np.percentile's value to the bit (its linear method and rounding), of a whole
    image, of a strided view and of the pixels a mask selects: the thresholds built on it must not move."""
    import numpy as np

    from iku.stages import ocr

    rng = np.random.default_rng(3)
    for n in (1, 2, 5, 17, 400):
        a = (rng.integers(0, 256, (n, 7)) // 5 * 5).astype(np.uint8)  # repeated levels: ties between neighbours
        mask = (rng.random(a.shape) > 0.4).astype(np.uint8)
        mask.flat[0] = 1
        for q in (0, 1, 5, 10, 33.3, 50, 75, 99, 100):
            assert ocr.percentile_u8(a, q) == float(np.percentile(a, q))
            assert ocr.percentile_u8(a, q, mask) == float(np.percentile(a[mask > 0], q))
            assert ocr.percentile_u8(a[::2, ::3], q) == float(np.percentile(a[::2, ::3], q))


def test_components_are_opencvs_with_16_bit_labels_while_they_fit():
    """ocr.components gives cv2.connectedComponentsWithStats' labels and stats; a page of more marks than
    16-bit labels hold (65534) falls back to 32-bit ones instead of failing."""
    import cv2
    import numpy as np

    from iku.stages import ocr

    rng = np.random.default_rng(5)
    blobs = np.where(rng.random((300, 400)) > 0.7, 255, 0).astype(np.uint8)[::2, ::1]  # a strided view too
    for bw in (blobs, np.zeros((50, 50), np.uint8)):
        n, labels, stats, _ = ocr.components(bw)
        m, labels2, stats2, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
        assert n == m and (labels == labels2).all() and (stats == stats2).all()
    speckle = np.zeros((800, 800), np.uint8)
    speckle[::3, ::3] = 255  # 71,289 separate dots
    n, labels, stats, _ = ocr.components(speckle)
    assert n == 267 * 267 + 1 and labels.dtype == np.int32 and (stats[1:, cv2.CC_STAT_AREA] == 1).all()
