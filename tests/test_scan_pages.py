"""Scanned table pages (issue 14): tables the tests draw (tests/tablekit.py), then scan (tests/scankit.py)
at a low resolution, blurred, noisy, or fed in sideways, read by OCR into the same rows as the digital page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from scankit import Scan, scanned
from tablekit import TableSpec, build

from iku import extract

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")

HEAD = [["SASARAN", "INDIKATOR KINERJA", "CARA PERHITUNGAN", "SATUAN"]]
BODY = [
    ["Meningkatnya tertib administrasi pemerintahan desa", "Persentase desa yang menyampaikan laporan tepat waktu",
     "Jumlah desa yang menyampaikan laporan tepat waktu dibandingkan dengan jumlah desa x 100 persen", "%"],
    ["Meningkatnya akuntabilitas keuangan kecamatan", "Jumlah dokumen laporan aset yang disusun",
     "Jumlah dokumen laporan aset yang disusun", "Dokumen"],
    ["", "Persentase serapan anggaran belanja kecamatan",
     "Realisasi belanja kecamatan dibandingkan dengan pagu belanja x 100 persen", "%"],
]
TITLE = ["LAMPIRAN KEPUTUSAN CAMAT CONTOH", "NOMOR : 800/75/Kec.CTH/2022", "INDIKATOR KINERJA UTAMA"]


def _read(tmp_path: Path, spec: TableSpec, scan: Scan) -> list:
    pdf = scanned(build(spec, tmp_path / "digital.pdf"), tmp_path / "scan.pdf", scan)
    d = extract(pdf)
    assert d.input_kind == "scanned", d.page_info
    return d.indicators


def test_unruled_courier_table_under_title_lines(tmp_path: Path):
    """Courier read by OCR leaves a whole character's width between the boxes of two words, so every title line
    over an unruled table ("NOMOR : 800/75/...", "INDIKATOR KINERJA UTAMA") looked like a line of short labels
    and was taken into the header, its first column's label read with them as one: Sasaran was lost and its
    text ran into the indicators. The header is the line naming the most fields."""
    spec = TableSpec([150, 160, 250, 60], HEAD, BODY, ruling="none", row_gap=10, above=TITLE, above_gap=-5,
                     font="Courier", size=10, landscape=True)
    rows = _read(tmp_path, spec, Scan(dpi=300, noise=2))
    assert [r.indikator for r in rows] == [b[1] for b in BODY]
    assert [r.sasaran for r in rows] == [BODY[0][0], BODY[1][0], BODY[1][0]]
    assert [r.formula.text for r in rows if r.formula] == [b[2] for b in BODY]


@pytest.mark.parametrize("turn", [90, 270])
def test_sideways_table_is_turned_the_right_way_when_osd_misjudges(tmp_path: Path, monkeypatch, turn: int):
    """A landscape table fed into the scanner on its side, either way. Tesseract's orientation detection
    misjudges the direction on blurred scans (and says nothing without its osd data): the turn it proposes is
    kept only when the page then reads as words, otherwise the opposite turn is read and wins."""
    from iku.stages import ocr

    spec = TableSpec([150, 160, 250, 60], HEAD, BODY, landscape=True, size=9)
    pdf = scanned(build(spec, tmp_path / "digital.pdf"), tmp_path / "scan.pdf", Scan(dpi=200, turn=turn, skew=0.6))
    # content turned counter-clockwise by `turn` stands up again turned clockwise as much; the other way it
    # stands on its head
    monkeypatch.setattr(ocr, "osd_rotation", lambda ctx, gray: (360 - turn, 1.2))  # wrong, and unsure
    d = extract(pdf)
    assert [p.rotation for p in d.page_info] == [turn]
    assert [r.indikator for r in d.indicators] == [b[1] for b in BODY]


def test_a_sure_orientation_is_taken_without_reading_the_page_to_check_it(monkeypatch):
    """OSD sure of its turn: the half-size read that checks a turn (a second of Tesseract per page) is saved."""
    import numpy as np

    from iku.core.settings import Settings
    from iku.core.stage import Context
    from iku.stages import ocr

    def no_check(ctx, gray):
        raise AssertionError("a sure OSD turn was read again to check it")

    page = np.full((300, 200), 255, np.uint8)
    monkeypatch.setattr(ocr, "text_is_vertical", lambda gray: True)
    monkeypatch.setattr(ocr, "osd_rotation", lambda ctx, gray: (270, 9.5))
    monkeypatch.setattr(ocr, "readable_words", no_check)
    turned, rotation = ocr.upright(Context(Settings.load()), page)
    assert rotation == 270 and turned.shape == (200, 300)
    monkeypatch.setattr(ocr, "osd_rotation", lambda ctx, gray: (270, 1.0))
    with pytest.raises(AssertionError):
        ocr.upright(Context(Settings.load()), page)


def test_noisy_blurred_scan_keeps_its_bold_header(tmp_path: Path):
    """Heavy sensor noise and dust over a blurred scan: Tesseract read nothing of the small bold header
    labels, so no table was found. A page that noisy is read through a 3x3 median."""
    from iku.stages import ocr

    head = [[h.upper() for h in HEAD[0]]]
    spec = TableSpec([150, 160, 250, 60], head, BODY, ruling="none", row_gap=10, font="Courier-Bold", size=10,
                     landscape=True)
    pdf = scanned(build(spec, tmp_path / "digital.pdf"), tmp_path / "scan.pdf",
                  Scan(dpi=200, blur=1.1, noise=11, dust=0.0008))
    assert ocr.noise_level(ocr.render(pdfium.PdfDocument(str(pdf))[0])) > ocr.NOISY
    d = extract(pdf)
    assert [r.indikator for r in d.indicators] == [b[1] for b in BODY]


def test_clean_scan_is_not_denoised():
    """The median is for noisy pages only: on a clean one it would thin small print for nothing."""
    import numpy as np

    from iku.stages import ocr

    page = np.full((400, 400), 235, np.uint8)
    page[100:110, 50:350] = 30
    assert ocr.denoise(page)[1] is False
    rng = np.random.default_rng(1)
    noisy = np.clip(page + rng.normal(0, 12, page.shape), 0, 255).astype(np.uint8)
    assert ocr.denoise(noisy)[1] is True


def test_next_tables_title_is_not_part_of_the_body():
    """On a blurred scan word boxes swell (here 10 pt boxes): the band between a
    table's last row and the next table's title looks narrower than a table break, and the title line, which
    crosses every column, joined the body and hid its column gaps. A band wider than any between the rows,
    just above the next header, parts it off."""
    from iku.core.layout import PageLayout, Word
    from iku.resources.vocab import headers
    from iku.stages.unruled import text_grid

    cols = [(60, "Tujuan", "Terwujudnya ketertiban"), (220, "Indikator Kinerja", "Jumlah patroli"),
            (380, "Definisi Operasional", "Patroli bersama"), (560, "Rumus", "Jumlah kegiatan patroli")]
    words: list[Word] = []

    def line(y: float, texts: list[tuple[float, str]]) -> None:
        for x, text in texts:
            for w in text.split():
                words.append(Word(w, x, y, x + 6 * len(w), y + 10, page=1))
                x += 6 * len(w) + 3

    def table(y: float) -> float:
        line(y, [(x, label) for x, label, _ in cols])
        for r in range(3):  # rows 20 pt apart: a 10 pt band between them
            line(y + 20 + 20 * r, [(x, value) for x, _, value in cols])
        return y + 70

    end = table(100)  # the last row's bottom
    line(end + 20, [(60, "INDIKATOR KINERJA INDIVIDU KEPALA SUB BAGIAN UMUM DAN KEPEGAWAIAN")])  # a 20 pt band
    table(end + 38)
    grids = text_grid(PageLayout(1, 842, 595, "ocr", words=words), [], headers())
    assert len(grids) == 2
    assert len({b[0] for b in grids[0]}) == 4  # four columns, not one under the title
    assert max(b[3] for b in grids[0]) < end + 20


def test_header_cell_left_with_only_its_column_number_is_read_again():
    """On a denoised page Tesseract's page pass can keep a header cell's column number "(3)" and lose its
    label: a top-row cell without a word of three letters is read again alone, as an empty one is."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    from iku.core.settings import Settings
    from iku.core.stage import Context
    from iku.stages import ocr

    img = Image.new("L", (1500, 300), 235)
    d = ImageDraw.Draw(img)
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 30)
    except OSError:
        pytest.skip("the DejaVu fonts are not installed")
    xs = [20, 420, 900, 1480]
    for x in xs:
        d.line((x, 20, x, 280), fill=20, width=4)
    for y in (20, 150, 280):
        d.line((20, y, 1480, y), fill=20, width=4)
    for x, label in zip(xs, ["INDIKATOR", "PENJELASAN", "SATUAN"], strict=False):
        d.text((x + 30, 40), label, fill=20, font=font)
        d.text((x + 30, 95), f"({xs.index(x) + 1})", fill=20, font=font)
    gray = np.asarray(img)
    hs, vs = ocr.rule_segments(gray)
    ctx = Context(Settings.load())
    words = [w for w in ocr.tesseract_words(ctx, gray) if w["text"] != "PENJELASAN"]  # the page pass lost it
    assert any(w["text"] == "(2)" for w in words)
    added = ocr.reread_cells(ctx, gray, hs, vs, words)
    assert "PENJELASAN" in [w["text"] for w in added]


def test_a_lone_percent_sign_is_kept_at_the_usual_confidence():
    """Tesseract reads the "%" alone in a Satuan cell at 50-80 confidence; it was dropped with the debris."""
    from iku.stages import ocr

    assert ocr._keep({"text": "%", "conf": 62.0})
    assert not ocr._keep({"text": "%", "conf": ocr.MIN_CONF - 1})
    assert not ocr._keep({"text": "-", "conf": 62.0}) and not ocr._keep({"text": "/", "conf": 62.0})


def test_scanned_table_without_its_bottom_border_keeps_its_body(tmp_path: Path):
    """A table running on to the next page, printed without its bottom border: on a digital page its column
    rules close it (iku.core.ruling); on a scan they did not, and the body under the header was lost."""
    spec = TableSpec([150, 160, 250, 60], HEAD, BODY, ruling="columns", row_gap=8, open_bottom=True, landscape=True,
                     size=9)
    rows = _read(tmp_path, spec, Scan(dpi=200, blur=0.8, noise=3, skew=0.7))
    assert [r.indikator for r in rows] == [b[1] for b in BODY]


def _unruled_page(swell: float, conf: float, bridge: bool = False):
    """An unruled table as OCR gives it: three rows of two wrapped lines each (pitch 10 pt, 8 pt boxes, an 8 pt
    band between rows), every word box grown by `swell` above and below as blur grows them; with `bridge`, one
    misread word's box stretched from the first row's last line over the band into the second row."""
    from iku.core.layout import PageLayout, Word

    cols = [60, 220, 380, 560]
    words: list[Word] = []

    def line(y: float, texts: list[str]) -> None:
        for x, text in zip(cols, texts, strict=True):
            for w in text.split():
                words.append(Word(w, x, y - swell, x + 5 * len(w), y + 8 + swell, page=1, conf=conf))
                x += 5 * len(w) + 3

    line(100, ["Sasaran", "Indikator Kinerja", "Definisi Operasional", "Rumus"])
    body = [("Meningkatnya layanan", "Persentase permohonan", "Permohonan yang", "Jumlah permohonan"),
            ("publik kecamatan", "selesai tepat waktu", "selesai sesuai standar", "selesai x 100 persen")]
    indicators = []
    for r in range(3):
        y = 120 + 26 * r
        line(y, [f"{t} {r + 1}" if k == 1 else t for k, t in enumerate(body[0])])
        line(y + 10, list(body[1]))
        indicators.append(f"{body[0][1]} {r + 1} {body[1][1]}")
    if bridge:
        words.append(Word("daan", 500, 130, 520, 150, page=1, conf=0.55))
    return PageLayout(1, 842, 595, "ocr", words=words), indicators


@pytest.mark.parametrize(("swell", "bridge"), [(0.0, False), (0.7, False), (0.7, True)])
def test_rows_parted_by_a_band_that_blur_narrowed(swell: float, bridge: bool):
    """Heavy blur grows OCR word boxes, so the blank band between two rows of an unruled table shrank below the
    cut and three rows read as one. The pitch of wrapped lines does not change with blur: boxes taller than a
    text layer's for that pitch have swollen, and every band is widened back by as much. A word box OCR
    stretched over two lines (half again as tall as the usual word) does not close the band either."""
    from iku.core.stage import StageLog
    from iku.resources.vocab import headers
    from iku.stages.rows import build_rows
    from iku.stages.tables import find_tables

    page, indicators = _unruled_page(swell, conf=0.95, bridge=bridge)
    rows = build_rows(find_tables([page], StageLog("tables"), headers()), [], "IKU", StageLog("rows"))
    assert [" ".join(r.values["indikator"].split()) for r in rows] == indicators


def _paper(size: tuple[int, int], font: str, points: int):
    """A grey sheet to draw on, its drawing context and a DejaVu font (the test skips without the fonts)."""
    from PIL import Image, ImageDraw, ImageFont

    try:
        face = ImageFont.truetype(font, points)
    except OSError:
        pytest.skip("the DejaVu fonts are not installed")
    img = Image.new("L", size, 235)
    return img, ImageDraw.Draw(img), face


def test_ink_the_page_pass_left_unread_is_read_again():
    """Tesseract's page pass skips whole regions of some scans (a narrow No column, the left half of a sparse
    table, most of a cell): text-sized ink no word covers is read again in blocks. Marks fainter than the ink
    (the other side of the sheet showing through) and text beside a picture (a stamp's ring, a logo) are not:
    their reading would be debris; nor is the rest of a word the page pass read in part, beside it."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageOps

    from iku.core.settings import Settings
    from iku.core.stage import Context
    from iku.stages import ocr

    img, d, font = _paper((1700, 700), "DejaVuSans.ttf", 30)
    for y, left, right in ((100, "Persentase desa", "Jumlah laporan masuk"),
                           (160, "Meningkatnya tertib", "dikali seratus")):
        d.text((60, y), left, fill=25, font=font)
        d.text((800, y), right, fill=25, font=font)
    mirrored = Image.new("L", (700, 60), 235)
    ImageDraw.Draw(mirrored).text((10, 10), "INDIKATOR KINERJA UTAMA", fill=195, font=font)
    img.paste(ImageOps.mirror(mirrored), (60, 400))  # show-through
    d.ellipse((1250, 330, 1550, 630), outline=25, width=8)  # a stamp's ring, its text inside
    d.text((1330, 460), "CAMAT", fill=25, font=font)
    gray = np.asarray(img)
    ctx = Context(Settings.load())
    read = ocr.tesseract_words(ctx, gray)
    page_pass = [w for w in read if w["left"] >= 750 and w["top"] < 300]  # the left column lost
    assert {"Jumlah", "dikali", "seratus"} <= {w["text"] for w in page_pass}
    for w in page_pass:  # and the end of a word read in part: its rest is no region of its own
        if w["text"] == "seratus":
            w["width"] //= 4
    added = ocr.read_unread(ctx, gray, page_pass)
    texts = [w["text"] for w in added]
    assert {"Persentase", "desa", "Meningkatnya", "tertib"} <= set(texts)
    assert all(w["left"] < 750 and w["top"] < 300 for w in added), texts  # no debris, no word read twice
    assert all(x1 < 750 and y1 < 300 for _, _, x1, y1 in ocr.unread_blocks(gray, page_pass))


def test_blurred_bold_labels_the_page_pass_skipped_are_read_again():
    """A 150 dpi scan of bold header labels, blurred: the page pass skips their line, the letters of each
    label run together into one mark (wider than three letters, once taken for no text), and Tesseract's own
    threshold on a crop of one such word reads nothing. The marks are read again, each crop parted in two
    tones halfway between its ink and its paper."""
    import cv2
    import numpy as np

    from iku.core.settings import Settings
    from iku.core.stage import Context
    from iku.stages import ocr

    img, d, font = _paper((900, 200), "DejaVuSansMono-Bold.ttf", 14)
    d.text((30, 30), "Meningkatnya tertib administrasi", fill=30, font=font)
    for x, label in ((30, "SASARAN"), (200, "RUMUS"), (400, "SUMBER")):
        d.text((x, 100), label, fill=30, font=font)
    blurred = cv2.GaussianBlur(np.asarray(img).astype(np.float32), (0, 0), 1.1)
    big = cv2.resize(blurred, None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR)  # rendered at 300 dpi
    gray = np.clip(big + np.random.default_rng(1).normal(0, 3, big.shape), 0, 255).astype(np.uint8)
    ctx = Context(Settings.load())
    page_pass = [w for w in ocr.tesseract_words(ctx, gray) if w["top"] < 150]  # the labels' line skipped
    assert {"Meningkatnya", "tertib"} <= {w["text"] for w in page_pass}
    assert {w["text"] for w in ocr.read_unread(ctx, gray, page_pass)} == {"SASARAN", "RUMUS", "SUMBER"}
    assert set(np.unique(ocr.two_tone(gray[180:240, 40:200]))) == {0, 255}
    assert ocr.two_tone(np.full((40, 90), 230, np.uint8)).min() == 230  # no ink: left as it is


def test_a_speck_read_as_a_letter_is_no_word():
    """A speck of dust two pixels high that Tesseract read as "3" beside a header label ("IKU 3") made the
    label name no column; a mark under a third of the page's typical word height is no print. Small print
    that is a word ("x", "o") and punctuation stay."""
    from iku.stages import ocr

    def word(text: str, height: int) -> dict:
        return {"text": text, "left": 0, "top": 0, "width": 10 * len(text), "height": height, "conf": 90.0}

    words = [word(t, 24) for t in ("SASARAN", "IKU", "DEFINISI", "RUMUS", "SUMBER", "Jumlah")]
    words += [word("3", 2), word("x", 12), word("o", 11), word(".", 4)]
    assert [w["text"] for w in ocr.without_specks(words)] == [
        "SASARAN", "IKU", "DEFINISI", "RUMUS", "SUMBER", "Jumlah", "x", "o", "."]
    few = [*words[:2], word("3", 2)]
    assert ocr.without_specks(few) == few  # too few words to judge


def test_a_header_read_in_part_takes_the_header_of_the_same_columns(tmp_path: Path):
    """A lampiran repeats one table per position. On a scan, OCR lost the first table's "IKU" label (read as
    "HAN IKU" with the other side of the sheet showing through it), so the table had no indikator column and
    was skipped. The labels it did read name the same fields, column by column, as the next table's header
    with the same column widths: it is read with that header. A table of other columns is not."""
    head = [["SASARAN", "IKU", "CARA PERHITUNGAN", "SATUAN"]]
    lost = [["SASARAN", "HAN IKU", "CARA PERHITUNGAN", "SATUAN"]]
    pages = []
    for k, (header, widths) in enumerate([(lost, [150, 160, 250, 60]), (head, [150, 160, 250, 60]),
                                          (lost, [110, 200, 250, 60])]):
        pages.append(build(TableSpec(widths, header, BODY, landscape=True, size=9), tmp_path / f"t{k}.pdf"))
    doc = pdfium.PdfDocument.new()
    for p in pages:
        doc.import_pages(pdfium.PdfDocument(str(p)))
    doc.save(str(tmp_path / "digital.pdf"))
    pdf = scanned(tmp_path / "digital.pdf", tmp_path / "scan.pdf", Scan(dpi=200, noise=2))
    d = extract(pdf)
    assert [(r.page, r.indikator) for r in d.indicators] == [(p, b[1]) for p in (1, 2) for b in BODY]


@pytest.mark.parametrize("turn", [0, 90])
def test_a_noisy_scans_sideways_text_is_seen_as_sideways(tmp_path: Path, turn: int):
    """Heavy speckle merges into blobs of every shape; counted with the word blobs it hid that the words of a
    table fed in sideways run up the page, so the page was never turned (and gave no row)."""
    import numpy as np
    from scankit import scan_page

    from iku.stages import ocr

    spec = TableSpec([150, 160, 250, 60], HEAD, BODY * 4, landscape=True, size=9)
    page = pdfium.PdfDocument(str(build(spec, tmp_path / "digital.pdf")))[0]
    gray = np.asarray(scan_page(page, Scan(dpi=300, noise=8, dust=0.0008, turn=turn)))
    assert ocr.noise_level(gray) > ocr.NOISY  # the speckle the page is read through a median for
    assert ocr.text_is_vertical(gray) == (turn == 90)


@pytest.mark.parametrize("turn", [0, 90])
def test_specks_do_not_outvote_the_few_words_of_a_sparse_sideways_page(tmp_path: Path, turn: int):
    """A short table fed in sideways, the rest of the page blank but for the scan's specks and fibres, long
    or tall at random: they are no words, and the table's few words running up the page still say it lies
    sideways (counted with the specks they did not, and the page gave no row)."""
    import numpy as np
    from scankit import scan_page

    from iku.stages import ocr

    spec = TableSpec([150, 160, 250, 60], HEAD, BODY[:2], landscape=True, size=9)
    page = pdfium.PdfDocument(str(build(spec, tmp_path / "digital.pdf")))[0]
    gray = np.array(scan_page(page, Scan(dpi=300, noise=3, turn=turn)))
    rng = np.random.default_rng(5)
    h, w = gray.shape
    for _ in range(400):  # specks 5 x 22 pixels, as many lying as standing, over the lower half of the page
        y, x = int(rng.integers(h // 2, h - 20)), int(rng.integers(0, w - 20))
        dy, dx = (5, 22) if rng.random() < 0.5 else (22, 5)
        gray[y:y + dy, x:x + dx] = 60
    assert ocr.text_is_vertical(gray) == (turn == 90)


def test_a_header_label_read_in_part_agrees_with_the_whole_label():
    """Issue 14: a lampiran's third table under heavy blur: OCR read "Kinerja" of "Indikator Kinerja" (alone, a
    name of sasaran) and lost "Rumus"; the part is a part of the header above with the same columns, so the
    table takes that header instead of being skipped. A word the header above does not print still disagrees."""
    from iku.core.layout import Word
    from iku.resources.vocab import headers
    from iku.stages import tables

    xs = [56.0, 164.0, 287.0, 401.0, 555.0]

    def grid(labels: list[str], top: float) -> tables.Grid:
        cells = []
        for r, row in enumerate([labels, ["Meningkatnya mutu layanan", "Jumlah warga dilayani", "Warga desa", "x"]]):
            for k, t in enumerate(row):
                y = top + 30 * r
                words = [Word(w, xs[k] + 4 + 40 * i, y + 4, xs[k] + 40 + 40 * i, y + 14, 2)
                         for i, w in enumerate(t.split())]
                cells.append(tables.Cell(r, k, 1, 1, (xs[k], y, xs[k + 1], y + 30), 2, words=words))
        return tables.Grid(page=2, bbox=(xs[0], top, xs[-1], top + 60), n_rows=2, n_cols=4, cells=cells, col_x=xs)

    vocab = headers()
    full = grid(["Tujuan", "Indikator Kinerja", "Penjelasan", "Rumus"], 100)
    run = tables.TableRun(grids=[full], fields=["sasaran", "indikator", "definisi", "formula"],
                          labels=["Tujuan", "Indikator Kinerja", "Penjelasan", "Rumus"], header_rows=[1])
    borrowed = tables.borrowed_header(grid(["Tujuan", "Kinerja", ". Penjelasan", "4"], 400), [run], vocab)
    assert borrowed is not None and borrowed.fields == run.fields
    assert tables.borrowed_header(grid(["Tujuan", "Program", "Penjelasan", "4"], 400), [run], vocab) is None
