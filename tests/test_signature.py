"""The signature block on scans (issue 14): found by its layout, read again in several ways, the readings voted;
a NIP known by its own structure; the block's labels read through stamp debris and OCR glue."""

import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from iku import extract
from iku.core.errors import warning_codes
from iku.core.settings import Settings
from iku.core.stage import Context
from iku.resources.vocab import signature_vocabulary
from iku.stages import ocr, signature
from iku.stages.sections import find_signature, opening_label

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")


@pytest.mark.parametrize(("digits", "ok"), [
    ("197004051997032006", True),
    ("197004051997033006", False),  # sex digit 3
    ("197013051997032006", False),  # birth month 13
    ("197004051980032006", False),  # appointed at ten
    ("19700405199703200", False),  # 17 digits
])
def test_nip_structure(digits: str, ok: bool):
    assert signature.nip_is_plausible(digits) is ok


def test_nip_found_without_label_and_with_spaces_anywhere():
    assert signature.find_nip("tp. 19700405 199703 2 006") == "197004051997032006"
    assert signature.find_nip("1970 0405 19970 3 2 006 Pembina") == "197004051997032006"
    assert signature.find_nip("Nomor 188.4/50/Kec/2025") is None
    assert signature.find_nip("19700405 199703 3 006") is None  # no sex digit where it must be
    # the space between two groups read as a colon or a hyphen
    assert signature.find_nip("NIP. 19820316:200903 1 012") == "198203162009031012"
    assert signature.find_nip("NIP. 19820316-200903 1 012") == "198203162009031012"
    # a year's first digit no civil servant's year has (a stamp's ring over the "1"): the one it can be, the
    # rest of the structure holding
    assert signature.find_nip("49800725 200706 1 001") == "198007252007061001"
    assert signature.find_nip("19800725 700706 1 001") == "198007252007061001"
    assert signature.find_nip("49800725 200706 3 001") is None  # the sex digit still must be 1 or 2
    assert signature.find_nip("12345678 123456 1 123") is None


@pytest.mark.parametrize(("line", "place"), [
    ("Ditetapkan di Kuaro", "Kuaro"),
    ("maa Ditetapkan di Kuaro", "Kuaro"),  # stamp debris first
    ("Ditetapkan-di Leksula", "Leksula"),  # glued by a hyphen
    ("Ditetapkandi Jetis", "Jetis"),
    ("/ Ditetapkan di Syahcame", "Syahcame"),
    ("Dilelapkan di Sampang", "Sampang"),  # t read as l
    ("Ditetap di Kuaro", "Kuaro"),  # the stamp took the end of the word
    ("Ditetapkan : Sampang", "Sampang"),
    ("Di tetapkan di Pulau Maya", "Pulau Maya"),  # OCR parted the word after its "Di"
    ("fDitetapkan di Kuaro", "Kuaro"),  # a speck read as a small letter glued to the label
    ("Ditetapkan di-Pulau Maya", "Pulau Maya"),  # glued to the place by a hyphen
])
def test_ditetapkan_label_is_found_through_debris_and_glue(line: str, place: str):
    m = opening_label(signature_vocabulary().ditetapkan, line)
    assert m and m.group("place") == place


def test_ditetapkan_inside_prose_is_not_a_label():
    assert opening_label(signature_vocabulary().ditetapkan, "Keputusan ini berlaku sejak ditetapkan") is None
    assert opening_label(signature_vocabulary().ditetapkan, "sebagaimana ditetapkan di dalam Lampiran") is None


@pytest.mark.parametrize(("line", "date"), [
    ("pada tanggal 22 Januari 2025", "22 Januari 2025"),
    ("Pada tangga| 5 Maret 2025", "5 Maret 2025"),
    ("padatanggal22 Januari 2025", "22 Januari 2025"),
    ("pada tangga& 22 Januari 2025", "22 Januari 2025"),
])
def test_tanggal_label_tolerates_ocr(line: str, date: str):
    m = opening_label(signature_vocabulary().tanggal, line)
    assert m and m.group("date") == date


def _w(text: str, left: float, top: float, conf: float = 90) -> dict:
    return {"text": text, "left": left, "top": top, "width": 20 * len(text), "height": 30, "conf": conf}


def _reading(how: str, lines: list[tuple[float, list[str], float]]) -> signature.Reading:
    words = []
    for top, texts, conf in lines:
        x = 0.0
        for t in texts:
            words.append(_w(t, x, top, conf))
            x += 20 * len(t) + 15
    return signature.Reading(how, words)


def test_vote_takes_the_reading_the_others_support_and_a_structured_nip():
    a = _reading("a", [(0, ["CAMAT", "KUARO,"], 90), (60, ["H.", "HENDRA", "WIJAYA,", "S.Sos"], 85),
                       (120, ["NIP.", "19700405", "199703", "2", "006"], 60)])
    b = _reading("b", [(2, ["CAMAT", "KUARO,"], 90), (61, ["H.", "HENDRA", "WIJAYA,", "S.Sos"], 80),
                       (121, ["NIP.", "19700405", "199703", "3", "006"], 95)])  # a surer but wrong NIP
    c = _reading("c", [(1, ["CAMAT", "KI", "RO,"], 50), (90, ["AN", "a", "a", "A", "1", "ae"], 80),
                       (119, ["NIP.", "19700405", "199703", "3", "006"], 95)])
    voted = [signature._text(ln) for ln in signature.vote([a, b, c])]
    assert voted == ["CAMAT KUARO,", "H. HENDRA WIJAYA, S.Sos", "NIP. 19700405 199703 2 006"]


def test_a_names_lone_capital_i_read_as_a_mark_or_glued_is_the_word_i():
    """The Balinese "I" of "H. I KETUT SURYA" comes out of OCR as "|", "1", glued to the title ("H.I") or to
    the name ("IKETUT"): each is the word I when it stands first or after the titles, a letter's height, before
    a known name, and the vote reads the name whole. A mark only one reading saw before a name ("| 'HENDRA") is
    a pen's stroke: no reading's lone letter is added to the voted name."""
    nip = (120, ["NIP.", "19690725", "199503", "1", "017"], 95)
    readings = [_reading(h, [(60, t, 90), nip]) for h, t in (
        ("a", ["H.", "|", "KETUT", "SURYA"]), ("b", ["H.", "1", "KETUT", "SURYA"]), ("c", ["H.I", "KETUT", "SURYA"]),
        ("d", ["H.", "IKETUT", "SURYA"]), ("e", ["H.", "|", "KETUT", "SURYA"]))]
    assert signature._text(signature.vote(readings)[0]) == "H. I KETUT SURYA"
    stroke = [_reading("a", [(60, ["|", "'HENDRA", "WIJAYA,", "M.Si"], 92), nip])] + [
        _reading(h, [(60, ["HENDRA", "WIJAYA,", "M.Si"], 90), nip]) for h in "bcd"]
    assert signature._text(signature.vote(stroke)[0]) == "HENDRA WIJAYA, M.Si"
    # a mark inside the name, or before a word no name is, stays a mark (and goes as one)
    inside = [_reading(h, [(60, ["HENDRA", "|", "WIJAYA"], 90), nip]) for h in "abc"]
    assert signature._text(signature.vote(inside)[0]) == "HENDRA WIJAYA"


def test_the_reading_that_read_more_of_a_rank_wins():
    """A pen stroke through "Penata Tingkat I": most readings kept "Penata", one read "Penata Tingkat-T". The
    rank vocabulary reads the longer one as a longer rank: it saw more of the line, and the block's rank is
    "Penata Tingkat I". Junk that snaps to no longer rank gains nothing."""
    from iku.stages.sections import read_rank

    nip = (120, ["NIP.", "19690725", "199503", "1", "017"], 95)
    short = [_reading(h, [(60, ["Penata"], c), nip]) for h, c in (("a", 93), ("b", 91), ("c", 63))]
    longer = _reading("d", [(61, ["Penata", "Tingkat-T"], 82), nip])
    voted = [signature._text(ln) for ln in signature.vote([*short, longer])]
    assert read_rank(voted[0]) == "Penata Tingkat I"
    junk = _reading("d", [(61, ["Penata", "ee"], 82), nip])
    assert signature._text(signature.vote([*short, junk])[0]) == "Penata"


def test_a_title_only_the_reading_without_the_pen_read_before_the_name_is_kept():
    """Issue 14: most readings lost "Drs" under the pen's strokes; the one that has the winner's words and only a
    title more before them (a title of the vocabulary) is the line, and no other word is added so."""
    most = [_reading(h, [(60, ["HENDRA", "WIJAYA,", "S.Sos"], c)]) for h, c in (("a", 80), ("b", 78), ("c", 75))]
    titled = _reading("d", [(61, ["Drs", "HENDRA", "WIJAYA,", "S.Sos"], 64)])
    assert [signature._text(ln) for ln in signature.vote([*most, titled])] == ["Drs HENDRA WIJAYA, S.Sos"]
    junk = _reading("d", [(61, ["brsA", "HENDRA", "WIJAYA,", "S.Sos"], 64)])
    assert [signature._text(ln) for ln in signature.vote([*most, junk])] == ["HENDRA WIJAYA, S.Sos"]


def test_a_name_word_most_readings_misread_is_taken_from_a_reading_of_known_names():
    """Issue 14: a pen stroke through "SITI" makes most readings read "SIFLAMINAH" alike; two read the print as
    "SITI AMINAH". The words of the name that are known names (data/person_names.txt) are taken from the
    readings that read them at that place; a word no reading read as a known name stays as read."""
    glued = [_reading(h, [(60, ["SIFLAMINAH.", "S.STP,", "M.AP"], c)]) for h, c in (("a", 88), ("b", 86), ("c", 84))]
    right = _reading("d", [(61, ["SITI", "AMINAH,", "S.STP,", "M.AP"], 80)])
    assert [signature._text(ln) for ln in signature.vote([*glued, right])] == ["SITI AMINAH, S.STP, M.AP"]
    # a letter off, one reading right: "HENCRA" is no name, "HENDRA" is
    hencra = [_reading(h, [(60, ["H.", "HENCRA", "WIJAYA,", "S.Sos"], 85)]) for h in "abc"]
    hendra = _reading("d", [(61, ["H.", "HENDRA", "WIJAYA,", "S.Sos"], 70)])
    assert signature._text(signature.vote([*hencra, hendra])[0]) == "H. HENDRA WIJAYA, S.Sos"
    # a name the list does not know is never made one: no reading read it as a known name
    unknown = [_reading(h, [(60, ["RINA", "MAREINA"], 85)]) for h in "abc"]
    other = _reading("d", [(61, ["RINA", "MAKEINA"], 70)])
    assert signature._text(signature.vote([*unknown, other])[0]) == "RINA MAREINA"
    # far from every known reading: not the same print
    far = _reading("d", [(61, ["SITI", "AMINAH,", "S.STP,", "M.AP"], 80)])
    odd = [_reading(h, [(60, ["BROTOSEPUTRO,", "S.STP,", "M.AP"], 88)]) for h in "abc"]
    assert signature._text(signature.vote([*odd, far])[0]).startswith("BROTOSEPUTRO")


def test_the_title_and_place_lines_are_not_mended_as_names():
    office = [_reading(h, [(60, ["CAMAT", "TANJUMG,"], 88)]) for h in "abc"]
    name_like = _reading("d", [(61, ["CAMAT", "TANJUNG,"], 70)])
    assert signature._text(signature.vote([*office, name_like])[0]) == "CAMAT TANJUMG,"


def test_a_speck_read_as_a_line_does_not_part_the_readings_of_the_name():
    """A three-pixel "0." one reading found just above the name took that reading's place in the name's group,
    and its reading of the name then opened a group of its own: the name's readings split in two."""
    name = ["SITI", "AMINAH,", "S.STP,", "M.AP"]
    speck = {"text": "0.", "left": 10, "top": 40, "width": 20, "height": 3, "conf": 45}
    a = _reading("a", [(50, name, 90)])
    a.words.append(speck)
    others = [_reading(h, [(51, name, 85)]) for h in "bcd"]
    groups = signature._clusters([a, *others])
    assert len(groups) == 1 and len(groups[0]) == 4


def test_a_nip_with_a_letter_read_for_a_digit():
    from iku.stages.sections import _nip_in

    assert signature.find_nip("NIP. 19820716 201212 1 O11") == "198207162012121011"
    assert _nip_in("NIP. 198OO703 2OO611 1 013") == "19800703 200611 1 013"
    assert signature.mend_digits("NIP. 19700405 S.Sos Oktober") == "NIP. 19700405 S.Sos Oktober"  # words stay


def test_a_line_only_one_doubtful_reading_saw_is_dropped():
    a = _reading("a", [(0, ["CAMAT", "KUARO,"], 90), (60, ["Rap"], 45)])
    b = _reading("b", [(0, ["CAMAT", "KUARO,"], 90)])
    assert [signature._text(ln) for ln in signature.vote([a, b])] == ["CAMAT KUARO,"]


def _font(size: int) -> ImageFont.FreeTypeFont:
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    pytest.skip("no DejaVu font")


def _scanned_decree(path: Path, crossed: bool = False) -> None:
    """A one-page scan: a decree's opening, a signature block whose name is bold and underlined, a grey stamp
    over the block's place, date and title lines and a pen signature above the name; blurred like a cheap
    scanner. The page pass loses the place and date lines under the stamp. `crossed`: a heavy pen stroke
    runs through the name's letters."""
    img = Image.new("L", (2480, 3508), 250)
    d = ImageDraw.Draw(img)
    body, bold = _font(40), _font(42)
    y = 300
    for text in ("KEPUTUSAN CAMAT KUARO", "NOMOR : 188.4/50/Kec.KUA/2025", "TENTANG",
                 "INDIKATOR KINERJA INDIVIDU KECAMATAN KUARO TAHUN 2025", "MEMUTUSKAN :",
                 "KESATU : Menetapkan indikator kinerja sebagaimana tercantum dalam Lampiran."):
        d.text((250, y), text, fill=0, font=body)
        y += 70
    x, y = 1300, y + 120
    for text in ("Ditetapkan di Kuaro", "pada tanggal 22 Januari 2025", "CAMAT KUARO,"):
        d.text((x, y), text, fill=0, font=body)
        y += 60
    d.ellipse((1080, y - 200, 1600, y + 240), outline=120, width=10)  # the stamp, grey after a grey scan
    d.text((1150, y), "KECAMATAN KUARO", fill=120, font=body)
    for k in range(6):  # the pen signature
        d.arc((x + 40 + 70 * k, y - 20, x + 160 + 70 * k, y + 150), 200, 340, fill=60, width=5)
    y += 220
    d.text((x, y), "H. HENDRA WIJAYA, S.Sos", fill=0, font=bold, stroke_width=1, stroke_fill=0)
    d.line((x, y + 50, x + 600, y + 50), fill=0, width=4)
    if crossed:
        d.line((x - 20, y + 34, x + 560, y + 8), fill=40, width=9)
    y += 60
    for text in ("Pembina Tingkat I", "NIP. 19700405 199703 2 006"):
        d.text((x, y), text, fill=0, font=body)
        y += 60
    img = img.filter(ImageFilter.GaussianBlur(1.6))
    c = Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()


@needs_tesseract
def test_signature_block_of_a_scan_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("IKU_CACHE_DIR", str(tmp_path / "cache"))
    pdf = tmp_path / "scan.pdf"
    _scanned_decree(pdf)
    d = extract(pdf)
    assert d.input_kind == "scanned"
    assert d.place == "Kuaro"
    assert str(d.decree_date) == "2025-01-22"
    assert d.signatory.nip == "197004051997032006"
    assert d.signatory.name and "WIJAYA, S.Sos" in d.signatory.name
    assert d.signatory.rank == "Pembina Tingkat I"


@needs_tesseract
def test_a_name_crossed_by_a_pen_stroke_has_its_own_low_confidence(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch):
    """Issue 14: each signatory field carries the confidence of its own line, not the NIP line's; a name a heavy
    pen stroke runs through is doubted (W503) while its clean twin is not, and the NIP's stays high."""
    monkeypatch.setenv("IKU_CACHE_DIR", str(tmp_path / "cache"))
    read = {}
    for crossed in (False, True):
        pdf = tmp_path / f"scan_{crossed}.pdf"
        _scanned_decree(pdf, crossed=crossed)
        read[crossed] = extract(pdf)
    clean, crossed = read[False], read[True]
    name, nip = (crossed.metadata_provenance[k] for k in ("signatory_name", "signatory_nip"))
    assert name.confidence < clean.metadata_provenance["signatory_name"].confidence
    assert name.confidence < nip.confidence
    assert name.bbox and nip.bbox and name.bbox[3] <= nip.bbox[1]  # the name's own line, above the NIP's
    assert "W503" in warning_codes(crossed.warnings) and "W503" not in warning_codes(clean.warnings)
    assert "signatory_rank" in clean.metadata_provenance


def test_a_digital_signatory_is_read_with_full_confidence():
    d = extract(Path(__file__).parents[1] / "samples" / "camplong_2021.pdf")
    fields = {k: v.confidence for k, v in d.metadata_provenance.items() if k.startswith("signatory_")}
    assert set(fields) == {"signatory_name", "signatory_rank", "signatory_nip"}
    assert set(fields.values()) == {1.0}
    assert "W503" not in warning_codes(d.warnings)


def _generated_scan(tmp_path: Path, seed: int, index: int) -> tuple[Path, dict]:
    """The first page of a generated decree scanned as the generator scans it (its stamp, pen signature, blur
    and noise drawn for that document): the decree page with its signature block, and the gold metadata."""
    import random

    import pypdfium2 as pdfium

    from samples.generator.core import build_spec, render
    from samples.generator.scan import sample_scan_axes, scan

    doc_id = f"g{seed:02d}_{index:04d}"
    spec = build_spec(doc_id, random.Random(seed * 1_000_003 + index))
    digital = tmp_path / "digital.pdf"
    render(spec, digital)
    first = pdfium.PdfDocument.new()
    first.import_pages(pdfium.PdfDocument(str(digital)), [0])
    first.save(str(tmp_path / "page1.pdf"))
    srng = random.Random(f"scan:{seed}:{index}")
    axes = sample_scan_axes(srng, spec["axes"]["orientation"] == "landscape")
    out = tmp_path / f"{doc_id}.pdf"
    scan(tmp_path / "page1.pdf", out, axes, spec["meta"], srng.randrange(2**32))
    return out, spec["meta"]


@needs_tesseract
def test_a_name_the_page_pass_loses_under_pen_and_stamp_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Generated scan g01_0005: a red stamp over the block's labels, a pen signature whose tail runs under the
    bold underlined name. The page pass reads no word of the name (its layout analysis takes name, underline
    and pen for a picture); the block's re-read finds the name's line by its underline and reads it."""
    monkeypatch.setenv("IKU_CACHE_DIR", str(tmp_path / "cache"))
    pdf, gold = _generated_scan(tmp_path, 1, 5)
    d = extract(pdf)
    sig = gold["signatory"]
    assert (d.signatory.name, d.signatory.rank, d.signatory.nip) == (sig["name"], sig["rank"],
                                                                     sig["nip"].replace(" ", ""))
    assert (d.place, str(d.decree_date)) == (gold["place"], gold["decree_date"])


@needs_tesseract
def test_a_date_under_the_stamp_is_read_and_the_title_is_not_the_name(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch):
    """Generated scan g01_0004: a pen signature across the name and a stamp over the date line ('da tan Maret
    2025' in the page pass). The date comes back whole from the re-read; the office's title line above the
    name no reading could make out is not taken for the name."""
    monkeypatch.setenv("IKU_CACHE_DIR", str(tmp_path / "cache"))
    pdf, gold = _generated_scan(tmp_path, 1, 4)
    d = extract(pdf)
    assert (d.place, str(d.decree_date)) == (gold["place"], gold["decree_date"])
    assert d.signatory.nip == gold["signatory"]["nip"].replace(" ", "")
    assert d.signatory.title == gold["signatory"]["title"]
    assert d.signatory.name != d.signatory.title


def _line(text: str, x0: float, top: float) -> list:
    from iku.core.layout import Word

    words, x = [], x0
    for t in text.split():
        words.append(Word(text=t, x0=x, top=top, x1=x + 6 * len(t), bottom=top + 10, page=1, conf=0.9))
        x += 6 * len(t) + 4
    return words


def test_the_block_region_stops_at_a_ruled_table_above_it():
    """A signature block right under a table's last row (a Lampiran page): the region read again starts below
    the table, so the re-read never replaces the row's words (a stamp over the row read as 'CUOYV AI')."""
    from iku.core.layout import PageLayout

    layout = PageLayout(number=1, width=595, height=842, kind="ocr")
    layout.words = (_line("1 Indikator kinerja jumlah yang masuk x 100%", 72, 380) + _line("CAMAT KUARO,", 330, 500)
                    + _line("H. HENDRA WIJAYA", 330, 560) + _line("NIP. 19700405 199703 2 006", 330, 574))
    layout.cell_groups = [[(71, 300, 300, 487), (300, 300, 568, 487)]]
    (region,) = signature.block_regions(layout)
    assert region[1] > 487 and region[3] >= 584


def test_the_block_region_starts_at_its_opening_line_under_an_unruled_table():
    """A Lampiran signed under a table without rules: its last row's cells (beside the block's column, in
    columns of their own) stand less than REACH_ABOVE over the NIP. The region starts at "Ditetapkan di", or
    a few letters' height over "Pada tanggal" when the page pass lost the place's line, not in the row."""
    from iku.core.layout import PageLayout

    row = _line("Kasi Tata", 72, 430) + _line("desa yang diajukan x 100%", 250, 430) + _line("Pemerintahan", 420, 430)
    block = (_line("CAMAT KUARO,", 330, 500) + _line("H. HENDRA WIJAYA", 330, 560)
             + _line("NIP. 19700405 199703 2 006", 330, 574))
    for opening, top in (("Ditetapkan di Kuaro", 470), ("Pada tanggal 22 Januari 2025", 484)):
        layout = PageLayout(number=1, width=595, height=842, kind="ocr")
        layout.words = row + _line(opening, 330, top) + block
        (region,) = signature.block_regions(layout)
        assert 440 < region[1] <= top and region[3] >= 584, opening


def test_two_parties_signing_side_by_side_are_two_blocks():
    """A Perjanjian Kinerja signed by both parties, each above its NIP: each column is a block of its own, and
    the superior's lines beside the signatory's are no decree body that would cut the block to its NIP line
    (which left the name, under the pen, unread again)."""
    from iku.core.layout import PageLayout

    layout = PageLayout(number=1, width=595, height=842, kind="ocr")
    layout.words = (_line("KEPALA DINAS", 90, 300) + _line("KEPALA BIDANG", 380, 300)
                    + _line("PROF. Dr. H. YUDHA MUNAJAT, M. Ed.", 60, 398) + _line("Drs.H DADANG RAHMAN", 383, 398)
                    + _line("Pembina Utama Madya", 120, 410) + _line("Pembina Tingkat I", 400, 410)
                    + _line("NIP. 19630312 198901 1 002", 110, 421) + _line("NIP. 196311061985031006", 380, 421))
    regions = signature.block_regions(layout)
    assert len(regions) == 2
    right = next(r for r in regions if r[0] > 300)
    assert right[1] <= 300 and right[3] >= 431  # from the title above the name to the NIP


def test_a_block_inside_a_ruled_table_is_not_read_again():
    from iku.core.layout import PageLayout

    layout = PageLayout(number=1, width=595, height=842, kind="ocr")
    layout.words = _line("NIP. 19700405 199703 2 006", 330, 400)
    layout.cell_groups = [[(71, 300, 568, 487)]]
    assert signature.block_regions(layout) == []


def test_debris_read_between_two_printed_lines_is_not_a_line_of_the_block():
    """'were' read between the rank and the NIP (a pen stroke's tail) stands nearer both than the block's lines
    stand to each other: it is dropped, so the line above the rank stays the name."""
    lines = [(0, ["CAMAT", "KUARO,"], 92), (40, ["RINA", "MARLINA,", "S.Sos"], 90),
             (80, ["Penata", "Tingkat", "I"], 93), (100, ["were"], 70),
             (120, ["NIP.", "19700405", "199703", "2", "006"], 95)]
    a = _reading("a", lines)
    b = _reading("b", [ln for ln in lines if ln[1] != ["were"]] + [(101, ["were"], 70)])
    voted = [signature._text(ln) for ln in signature.vote([a, b])]
    assert voted == ["CAMAT KUARO,", "RINA MARLINA, S.Sos", "Penata Tingkat I", "NIP. 19700405 199703 2 006"]


def test_two_readings_alike_to_the_letter_win_over_a_surer_one():
    a = _reading("a", [(0, ["H.", "HENDRA", "WIJAYA.", "SSTP.", "M.AP"], 92)])
    b = _reading("b", [(0, ["H.", "HENDRA", "WIJAYA.", "S.STP.", "M.AP"], 84)])
    c = _reading("c", [(0, ["H.", "HENDRA", "WIJAYA.", "S.STP.", "M.AP"], 82)])
    assert [signature._text(ln) for ln in signature.vote([a, b, c])] == ["H. HENDRA WIJAYA. S.STP. M.AP"]


@pytest.mark.parametrize(("line", "rank"), [
    ("Pembina’ AAT", "Pembina"),  # debris after it
    ("Retbina", "Pembina"),  # two letters misread
    ("Penata Tingkar To", "Penata Tingkat I"),
    ("Pembina Tingkat", "Pembina Tingkat I"),
    ("PembinajTingkat", "Pembina Tingkat I"),  # the words glued by a speck, the lone "I" lost
    ("Penata Muda", "Penata Muda"),
    ("Pembina Tingkat I (IV/b)", "Pembina Tingkat I (IV/b)"),
    ("RENATA", None),  # a name in capitals is never read loosely as a rank
    ("Pembina Tin", "Pembina Tingkat I"),  # a pen stroke took the word's end: one rank of the vocabulary goes on so
    ("Pembina Utama M", "Pembina Utama"),  # Muda or Madya: too little to tell, not guessed
    ("Penata Muda Ti", "Penata Muda"),  # two letters are no word's start
    ("Pembina Tingke", "Pembina Tingkat I"),  # a loop through the word: like one rank's next word
    ("Penata Lingkat", "Penata Tingkat I"),
    ("Penata Mudx", "Penata Muda"),  # the shortest rank that goes on with it
    ("Pembina Kagkane", "Pembina"),  # like no rank's word
    ("Pembha Tingkapl", "Pembina Tingkat I"),  # the rank misread, then its next word
    ("HENDRA WIJAYA, S.Sos", None),
])
def test_rank_is_read_as_the_vocabulary_writes_it(line: str, rank: str | None):
    from iku.stages.sections import read_rank

    assert read_rank(line) == rank


@pytest.mark.parametrize(("name", "fixed"), [
    ("H. HENDRA WIJAYA. SSTP. M.AP", "H. HENDRA WIJAYA, S.STP, M.AP"),
    ("DEDI KURNIAWAN, M.si", "DEDI KURNIAWAN, M.Si"),
    ("SITI AMINAH", "SITI AMINAH"),
    ("Drs. BAMBANG SUTRISNO, M.M.", "Drs. BAMBANG SUTRISNO, M.M."),  # printed with its dots: not "MM"
    ("SAFFAK, SE. MM", "SAFFAK, SE. MM"),
    ("ANDRI SETYAWAN, S.STP., M.Si.", "ANDRI SETYAWAN, S.STP., M.Si."),  # as printed, a dot after each
    ("AGUS SE", "AGUS SE"),  # two letters without a dot may be a name
    ("H. HENDRA WIJAYA. M.Si", "H. HENDRA WIJAYA, M.Si"),  # the comma before the degree read as a dot
    ("Drs. AGUS SETIAWAN; M.Si", "Drs. AGUS SETIAWAN, M.Si"),
    ("AGUS S. M.Si", "AGUS S. M.Si"),  # an initial keeps its dot
    ("HENDRA WIJAYA. PT", "HENDRA WIJAYA. PT"),  # no degree after it: nothing rewritten
    ("RINA MARLINA, £.Sos", "RINA MARLINA, S.Sos"),  # a pound sign read for the S
    ("HENDRA WIJAYA, 3.STP, M.AP", "HENDRA WIJAYA, S.STP, M.AP"),
    ("LINA WULANDARI-SSTP, M.AP", "LINA WULANDARI, S.STP, M.AP"),  # the comma read as a hyphen, glued
    ("H. HENDRA WIJAYA,S.STP, M.AP", "H. HENDRA WIJAYA, S.STP, M.AP"),
    ("SRI WAHYUNI-PUTRI", "SRI WAHYUNI-PUTRI"),  # a double name is no degree
    ("H. NURUL HIDAYAT. S.Sas", "H. NURUL HIDAYAT, S.Sos"),  # a degree's form one letter from one degree
    ("DEWI LESTARI S.Se$", "DEWI LESTARI, S.Sos"),
    ("BUDI S.Pdi", "BUDI S.Pdi"),  # "S.Pd" has three letters: too short to be read loosely
    ("AGUS SSAS", "AGUS SSAS"),  # no dot: no degree's form
    ("SRIYATUN, SiSos", "SRIYATUN, S.Sos"),  # the dot read as a small letter between two capitals
    ("RINA MARLINA, MaSi", "RINA MARLINA, M.Si"),
    ("BUDI MASI", "BUDI MASI"),  # a name in capitals has no small letter for a dot
    ("AGUS SETIAWAN, 9.STP, M.AP", "AGUS SETIAWAN, S.STP, M.AP"),  # a 9 read for the S
])
def test_degrees_after_an_ocr_read_name(name: str, fixed: str):
    from iku.stages.metadata import fix_degrees

    assert fix_degrees(name) == fixed


def test_a_colour_scans_coloured_ink_is_painted_over(tmp_path: Path):
    """A colour scan on tinted paper: black print and a blue pen stroke across it. The print-only image keeps
    the print and paints the pen (and not the paper's tint) white; a grey scan has no such image."""
    import pypdfium2 as pdfium

    img = Image.new("RGB", (1240, 600), (236, 226, 212))
    d = ImageDraw.Draw(img)
    d.text((100, 200), "HENDRA WIJAYA", fill=(25, 25, 30), font=_font(60))
    d.rectangle((100, 400, 700, 410), fill=(25, 25, 30))  # the name's underline, clear of the pen
    d.line((80, 300, 900, 180), fill=(20, 35, 120), width=6)
    for mode, name in (("RGB", "colour.pdf"), ("L", "grey.pdf")):
        c = Canvas(str(tmp_path / name), pagesize=(595, 288), invariant=1)
        c.drawImage(ImageReader(img.convert(mode)), 0, 0, width=595, height=288)
        c.showPage()
        c.save()
    ctx = Context(Settings.load())

    def images(name: str) -> tuple[np.ndarray, np.ndarray | None]:
        bitmap = ocr.render_page(ctx, pdfium.PdfDocument(str(tmp_path / name))[0])[2]
        gray = ocr.lightest(bitmap)
        return gray, signature.print_only(bitmap, gray)

    gray, plain = images("colour.pdf")
    assert plain is not None
    k = gray.shape[1] / 1240

    def at(x: int, y: int, im: np.ndarray) -> int:
        return int(im[round(y * k), round(x * k)])

    assert at(490, 240, gray) < 160 and at(490, 240, plain) == 255  # the pen, clear of the letters
    assert at(400, 405, plain) < 100  # the print
    assert at(400, 500, plain) > 200  # the tinted paper
    assert images("grey.pdf")[1] is None


def test_a_speck_after_the_nip_is_not_one_of_its_digits():
    from iku.stages.metadata import normalise_nip

    assert normalise_nip("19790114 200905 1 013 5") == "197901142009051013"
    assert normalise_nip("19790114 200905 1 013") == "197901142009051013"
    assert normalise_nip("19790114 200905 3 013 5") is None  # no 18 of them laid out as a NIP


def test_a_title_that_lost_its_dot_before_a_name_in_capitals():
    from iku.stages.metadata import fix_title

    assert fix_title("Hy HENDRA WIJAYA") == "H. HENDRA WIJAYA"
    assert fix_title("AN HENDRA WIJAYA") == "AN HENDRA WIJAYA"  # capitals: part of the name
    assert fix_title("Drs RINA MARLINA") == "Drs. RINA MARLINA"  # not "Dr.", one edit away too
    assert fix_title("HH. AGUS SETIAWAN") == "H. AGUS SETIAWAN"  # a letter read twice
    assert fix_title("Hj. SITI AMINAH") == "Hj. SITI AMINAH"
    assert fix_title("Drs/ DEDI KURNIAWAN") == "Drs. DEDI KURNIAWAN"  # its dot read as a slash


def test_marks_read_at_an_ocr_read_names_edges_go_and_a_misread_degree_letter_is_mended():
    from iku.stages.metadata import fix_degrees
    from iku.stages.sections import _without_debris

    assert _without_debris("-“Drs. HENDRA WIJAYA, S.STP, M.AP") == "Drs. HENDRA WIJAYA, S.STP, M.AP"
    assert _without_debris("RINA MARLINA, S.Sos!") == "RINA MARLINA, S.Sos"
    assert _without_debris("AGUS SETIAWAN, S.H.") == "AGUS SETIAWAN, S.H."  # a degree's last dot is print
    assert _without_debris("H. /HENDRA WIJAYA/") == "H. HENDRA WIJAYA"  # a pen stroke read as a slash
    assert _without_debris("DED! KURNIAWAN") == "DEDI KURNIAWAN"  # a capital read as "!" before the next word
    assert _without_debris("DEDI KURNIAWAN!") == "DEDI KURNIAWAN"  # at the end: as likely debris, it goes
    assert _without_debris("Dedi! Kurniawan") == "Dedi! Kurniawan"  # not a word of capitals: left as read
    assert fix_degrees("RINA MARLINA, &.Sos") == "RINA MARLINA, S.Sos"
    assert fix_degrees("BUDI SANTOSO 5.H.") == "BUDI SANTOSO, S.H."
    assert fix_degrees("BUDI SANTOSO 58") == "BUDI SANTOSO 58"  # no degree however read: as printed


def test_the_blocks_title_is_spelt_as_the_decrees_heading_spells_it():
    from iku.stages.metadata import _title_as_headed
    from iku.stages.sections import DecreeBlock

    block = DecreeBlock(start=0, header="KEPUTUSAN CAMAT PETASIA")
    assert _title_as_headed("CAMAT PETASIAN", block) == "CAMAT PETASIA"  # a stamp's edge read as a letter
    assert _title_as_headed("SEKRETARIS KECAMATAN", block) == "SEKRETARIS KECAMATAN"  # another office
    assert _title_as_headed("CAMAT PETASIAN", None) == "CAMAT PETASIAN"


def test_the_names_confidence_is_its_own_words_not_the_debris_before_it():
    """'won' (a pen stroke read as a word, dropped from the name) does not lower the name's confidence; the
    name's own doubtful word does."""
    from iku.core.layout import Line

    def block(name_conf: float) -> list[Line]:
        name = _line("won ANDRI SETYAWAN, S.STP.", 100, 100)
        name[0].conf, name[2].conf = 0.3, name_conf
        return [Line(name), Line(_line("Pembina", 100, 115)), Line(_line("NIP. 19700405 199703 2 006", 100, 130))]

    sig = find_signature(block(0.9), 0)
    assert sig.name == "ANDRI SETYAWAN, S.STP." and sig.name_line.conf == 0.9 and sig.rank_line.text == "Pembina"
    assert find_signature(block(0.5), 0).name_line.conf == 0.5


def test_lines_between_two_far_apart_sure_lines_are_the_blocks_not_debris():
    """Only the place line and the NIP were read surely (a stamp over the date and title, a pen over the name):
    their distance is no line pitch, so the doubtful lines between them, one letter height and more apart,
    stay lines of the block (all of them were dropped as debris, and the block was lost)."""
    lines = [(0, ["Ditetapkan", "di", "Lamongan"], 95), (52, ["pada", "tanggal", "26", "Februari", "2022"], 60),
             (106, ["CAMAT", "LAMONGAN,"], 55), (310, ["DEDI", "KURNIAWAN,", "M.Si"], 50),
             (364, ["Pembina"], 60), (418, ["NIP.", "19740515", "199811", "2", "001"], 95)]
    a = _reading("a", lines)
    b = _reading("b", [(t + 1, words, conf) for t, words, conf in lines])
    voted = [signature._text(ln) for ln in signature.vote([a, b])]
    assert voted == [" ".join(words) for _, words, _ in lines]


def test_a_piece_of_the_name_read_again_under_it_is_not_the_line_above_the_rank():
    """One reading split the name's line and read its first name a little lower: within a line pitch and made
    of the name's own words, it is the name read twice, not a line of its own (it was taken for the name)."""
    base = [(0, ["CAMAT", "DOLO", "BARAT,"], 93), (200, ["H.", "HENDRA", "WIJAYA"], 90),
            (260, ["Pembina"], 90), (312, ["NIP.", "19741107", "199711", "1", "003"], 95)]
    a = _reading("a", base)
    b, c = (_reading(how, [*base[:2], (229, ["HENDRA"], 80), *base[2:]]) for how in "bc")
    voted = [signature._text(ln) for ln in signature.vote([a, b, c])]
    assert voted == ["CAMAT DOLO BARAT,", "H. HENDRA WIJAYA", "Pembina", "NIP. 19741107 199711 1 003"]


def test_a_narrow_grid_of_pen_loops_does_not_cut_the_block_short():
    """The pen's loops standing on the name's underline close two 'cells' a few words wide under the block's
    date line: no table, so the block reaches down to the name and NIP the page pass did not read."""
    from iku.core.layout import PageLayout

    layout = PageLayout(number=1, width=842, height=595, kind="ocr")
    layout.words = (_line("MEMUTUSKAN :", 380, 270) + _line("KESATU : Menetapkan indikator kinerja dalam Lampiran.",
                                                              62, 284) + _line("di Rangsang", 493, 316))
    layout.cell_groups = [[(469, 374, 497, 399), (497, 374, 525, 399)]]
    assert signature.block_regions(layout) == []  # no line of the block read: it is searched for
    (region,) = signature.searched_region(layout)
    assert region[3] > 450


@pytest.mark.parametrize(("text", "iso"), [
    ("3 Februari 2024", "2024-02-03"),
    ("3 Febrnari 2024", "2024-02-03"),  # a stamp over the "u"
    ("3 Febrari 2024", "2024-02-03"),  # lost
    ("13 Maaret 2025", "2025-03-13"),  # one added
    ("5 Mei 2024", "2024-05-05"),
    ("5 Mel 2024", None),  # a short month's name is read only as spelt
    ("5 Jumlah 2024", None),
    ("6 Fapruari 2025", "2025-02-06"),  # two letters wrong in a long name ending as the month does
    ("laporan semester 2025", None),  # ... which "semester" does not
    ("6 ruari 2025", "2025-02-06"),  # its start under a stamp, its end Februari's alone
    ("6 uari 2025", None),  # ... and Januari's
    ("pada tanggal 3. Januari 2025", "2025-01-03"),  # a speck read as a dot after the day
])
def test_a_written_dates_month_read_with_one_letter_wrong(text: str, iso: str | None):
    from iku.stages.metadata import parse_date

    assert parse_date(text) == iso


def test_the_place_is_spelt_as_the_document_prints_its_region():
    from iku.stages.metadata import place_as_printed

    assert place_as_printed("Galuri", ["Galur", "Kulon Progo"]) == "Galur"  # a speck after it read as a letter
    assert place_as_printed("Pematang Karan", ["Pematang Karau", None]) == "Pematang Karau"
    assert place_as_printed("Sampang", ["Camplong", "Sampang"]) == "Sampang"
    assert place_as_printed("Bandung", ["Galur", None]) == "Bandung"  # another place: as read
    assert place_as_printed("Bawang", ["Bawang", "Batang"]) == "Bawang"  # the kecamatan's own name, not the kabupaten's
    assert place_as_printed("Batamg", ["Bawang", "Batang"]) == "Batang"  # the nearer name


def test_a_rank_printed_whole_with_its_golongan_after_a_slash_is_read_as_printed() -> None:
    from iku.stages.signature import read_rank

    # the loose reading ("Pembina Utama Madya" is two letters from "Pembina Utama Muda i") names no more words
    assert read_rank("Pembina Utama Muda / IV c") == "Pembina Utama Muda"
    assert read_rank("Penata Tk. I / III d") == "Penata Tk. I"
    assert read_rank("Retbina") == "Pembina"  # a misread rank is still read loosely



def _name_under_pen(name: str, seed: int, pen: bool = True) -> np.ndarray:
    """A bold underlined name as the re-read sees it (a 300 dpi scan enlarged twice), with a scrawl of the
    generator's pen strokes written over it: loops from above the name to below its underline."""
    from samples.generator.scan import signature_strokes

    img = Image.new("L", (1500, 600), 245)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", 64)
    d.text((60, 270), name, fill=10, font=font)
    x1 = 60 + d.textlength(name, font=font)
    d.line((60, 344, x1, 344), fill=10, width=5)
    if pen:
        for stroke in signature_strokes(120, 280, 0.7 * x1, 500, np.random.default_rng(seed)):
            d.line([(round(x), round(y)) for x, y in stroke], fill=30, width=8)
    return np.asarray(img.filter(ImageFilter.GaussianBlur(1.2)))


@needs_tesseract
def test_pen_strokes_over_the_name_are_taken_off_before_it_is_read():
    """Issue 14: a signature's loops over the name leave Tesseract little of it; the line on its underline with
    the strokes followed in from above and below and painted over where they run alone reads much nearer the
    print on every scrawl, and as printed on some (not all: where a loop turns on a letter, it stays)."""
    from rapidfuzz import fuzz

    name = "H. HENDRA WIJAYA, S.Sos"
    ctx = Context(Settings.load())
    exact = 0
    for seed in range(1, 7):
        gray = _name_under_pen(name, seed)
        (_, under, x0, x1), *_ = signature.underline_bands(gray, 70.0)
        raw = signature._read_band(ctx, gray[under - 95:under + 1, x0:x1], 0)
        img, _ = signature.unpenned(gray, under - 1, x0, x1, 70.0)
        read = " ".join(w["text"] for w in signature._read_band(ctx, img, 0) if w["conf"] >= 35)
        assert fuzz.ratio(read, name) >= fuzz.ratio(" ".join(w["text"] for w in raw if w["conf"] >= 35), name) + 20
        exact += read == name
    assert exact >= 2


def test_the_name_rows_stand_on_the_underline_and_a_clean_name_is_left_as_printed():
    gray = _name_under_pen("AGUS SETIAWAN", 1, pen=False)
    (_, under, x0, x1), *_ = signature.underline_bands(gray, 70.0)
    ink = (gray < 128).astype(np.uint8)
    top, bottom = signature.name_rows(ink, under - 1, 70.0)
    letters = np.flatnonzero(ink[:under - 4].any(axis=1))
    assert abs(top - letters[0]) <= 3 and abs(bottom - letters[-1]) <= 3
    img, first = signature.unpenned(gray, under - 1, x0, x1, 70.0)
    print_ = gray[first:first + img.shape[0], x0:x1] < 128
    assert ((img < 128) == print_)[:under - 4 - first].all()  # no letter pixel taken
    assert signature.name_rows(np.zeros_like(ink), under - 1, 70.0) is None


def test_blank_paper_under_the_last_article_is_not_read_as_a_signature_block():
    """A decree page whose block is on the next page: MEMUTUSKAN, the articles, blank (noisy) paper below. The
    space under the last article is searched for a block the page pass missed only when it holds ink the page
    pass did not read; blank paper costs no Tesseract call. A name and NIP printed there are such ink."""
    from iku.core.layout import PageLayout

    k = 300 / 72
    lines = [("MEMUTUSKAN:", 260, 300), ("KESATU : Menetapkan indikator kinerja utama kecamatan", 72, 330),
             ("sebagaimana tercantum dalam lampiran keputusan ini;", 150, 345)]
    img = Image.new("L", (round(595 * k), round(842 * k)), 236)
    d = ImageDraw.Draw(img)
    for text, x, y in lines:
        d.text((x * k, y * k), text, fill=20, font=_font(40))
    page = np.asarray(img, dtype=np.float32) + np.random.default_rng(3).normal(0, 8, (img.height, img.width))
    gray = np.clip(page, 0, 255).astype(np.uint8)
    layout = PageLayout(number=1, width=595, height=842, kind="ocr")
    layout.words = [w for text, x, y in lines for w in _line(text, x, y)]
    ctx = Context(Settings.load())
    (region,) = signature.searched_region(layout)
    assert region[1] > 355  # under the last article
    assert signature.reread_signatures(ctx, np.stack([gray] * 3, axis=2), gray, layout) == 0
    assert ctx.stats.tesseract_calls == 0
    d.text((330 * k, 500 * k), "H. HENDRA WIJAYA", fill=20, font=_font(40))
    d.text((330 * k, 514 * k), "NIP. 19700405 199703 2 006", fill=20, font=_font(40))
    inked = np.asarray(img)
    inside = [w for w in layout.words if signature._inside(w, region)]
    assert signature._unread_ink(inked, region, inside, 10.0, k) >= signature.SEARCH_INK


def test_a_word_box_stretched_back_over_the_word_before_keeps_the_names_order():
    """Tesseract now and then gives a word a box that starts before the word in front of it ("WULANDARI." from
    1362 where "LINA" stands at 1394): the page orders a line's words by their left edges, so the name would
    read "H. WULANDARI. LINA". The box is cut at the end of the word before."""
    from iku.core.layout import Line

    line = [_w("H.", 1264, 0), {**_w("LINA", 1394, 0), "width": 26}, {**_w("WULANDARI.", 1362, 0), "width": 348},
            _w("M.Si", 1722, 0)]
    words = [signature.ocr._word(w, 1.0, 0, 0, 1) for w in signature._unoverlapped(line)]
    assert Line(sorted(words, key=lambda w: w.x0)).text == "H. LINA WULANDARI. M.Si"
    assert words[2].x0 == 1420 and words[2].x1 == 1710  # its right edge as read
    # stretched on over the next words: its left edge stands
    line = [{**_w("AHMAD:", 1672, 0), "width": 432}, {**_w("FAUZI", 1833, 0), "width": 102},
            {**_w("M.S4", 2008, 0), "width": 94}]
    words = [signature.ocr._word(w, 1.0, 0, 0, 1) for w in signature._unoverlapped(line)]
    assert Line(sorted(words, key=lambda w: w.x0)).text == "AHMAD: FAUZI M.S4" and words[0].x1 == 1833


def _underlined(name: str, width: int = 4000) -> tuple[Image.Image, ImageDraw.ImageDraw, float]:
    img = Image.new("L", (width, 600), 245)
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype("DejaVuSans-Bold.ttf", 64)
    d.text((60, 270), name, fill=10, font=font)
    return img, d, 60 + d.textlength(name, font=font)


def test_a_short_names_underline_is_found_in_a_crop_as_wide_as_the_page():
    """Issue 14: a short name ("WARSITO") in a block crop as wide as the page: its underline, a few letters long,
    is an underline (it was taken for none when a stroke had to be a tenth of the crop long), and one
    underline still when a pen's stroke parted it or ran along just under it."""
    img, d, x1 = _underlined("WARSITO")
    d.line((60, 344, x1, 344), fill=10, width=5)
    gray = np.asarray(img.filter(ImageFilter.GaussianBlur(1.2)))
    bands = signature.underline_bands(gray, 70.0)
    assert len(bands) == 1 and bands[0][2] <= 60 and bands[0][3] >= x1
    img, d, x1 = _underlined("WARSITO")
    d.line((60, 344, 290, 344), fill=10, width=5)  # parted where a coloured pen's stroke was painted over
    d.line((302, 344, x1, 344), fill=10, width=5)
    d.line((160, 366, x1 + 40, 366), fill=10, width=4)  # the pen's tail just under it
    gray = np.asarray(img.filter(ImageFilter.GaussianBlur(1.2)))
    bands = signature.underline_bands(gray, 70.0)
    assert len(bands) == 1 and bands[0][2] <= 60 and bands[0][3] >= x1
    img, d, x1 = _underlined("WARSITO")  # a stroke of two letters is no underline
    d.line((60, 344, 180, 344), fill=10, width=5)
    assert signature.underline_bands(np.asarray(img), 70.0) == []


def test_a_degree_misread_in_its_place_is_taken_from_the_readings_that_read_a_degree_there():
    """Issue 14: the pen's tail over the name's end makes most readings misread the degree ("XSas", "$Sas"); in
    a degree's place (after the name's stop or comma) the degree the other readings read there stands. A word
    in a name's place, or one no reading read as a degree, stays as read."""
    most = [_reading(h, [(60, ["H.", "NURUL", "HIDAYAT.", "XSas"], c)]) for h, c in (("a", 92), ("b", 90))]
    one = _reading("c", [(61, ["H.", "NURUL", "HIDAYAT.", "S.Sas"], 60)])
    marks = _reading("d", [(61, ["H.", "NURUL", "HIDAYAT.", "3.Sas"], 50)])
    assert signature._text(signature.vote([*most, one, marks])[0]) == "H. NURUL HIDAYAT. S.Sos"
    assert signature._text(signature.vote(most)[0]) == "H. NURUL HIDAYAT. XSas"
    titled = [_reading(h, [(60, ["H.", "NURUL", "HIDAYAT"], 90)]) for h in "ab"]
    degree_there = _reading("c", [(61, ["H.", "S.Sos", "HIDAYAT"], 60)])  # after a title: a name's place
    assert signature._text(signature.vote([*titled, degree_there])[0]) == "H. NURUL HIDAYAT"
    # a title's place: the title the most readings read there, none when as many read another
    misread = [_reading(h, [(60, ["Bks.", "DEDI", "KURNIAWAN,", "S.Sos"], c)]) for h, c in (("a", 92), ("b", 90))]
    drs = _reading("c", [(61, ["Drs.", "DEDI", "KURNIAWAN,", "S.Sos"], 45)])
    assert signature._text(signature.vote([*misread, drs])[0]) == "Drs. DEDI KURNIAWAN, S.Sos"
    dra = _reading("d", [(61, ["Dra:", "DEDI", "KURNIAWAN,", "S.Sos"], 45)])
    assert signature._text(signature.vote([*misread, drs, dra])[0]) == "Bks. DEDI KURNIAWAN, S.Sos"
    # two degrees read glued ("LSTP-MMP"): each its own degree's place
    glued = [_reading(h, [(60, ["RINA", "MARLINA,", "LSTP-MMP"], c)]) for h, c in (("a", 92), ("b", 90))]
    parts = _reading("c", [(61, ["RINA", "MARLINA,", "S.STP", "MAP"], 45)])
    assert signature._text(signature.vote([*glued, parts])[0]) == "RINA MARLINA, S.STP, M.AP"


def test_a_ranks_word_too_unsure_to_be_voted_completes_the_rank_most_readings_read():
    """Issue 14: a pen's loop through "Tingkat" leaves every reading unsure of it (conf under the vote's floor),
    so the vote sees "Pembina" alone; most readings, their unsure words counted, read "Pembina Tingkat I"
    ("Tingkatt", "Tigkat"): that reading is the line. When most read nothing more, "Pembina" stays."""
    def rank_line(how: str, second: str | None) -> signature.Reading:
        words = [_w("Pembina", 0, 60, 92)] + ([_w(second, 155, 60, 10)] if second else [])
        return signature.Reading(how, words)
    most = [rank_line("a", "Tingkatt"), rank_line("b", "Tigkat"), rank_line("c", None), rank_line("d", "Tingkath")]
    assert signature.read_rank(signature._text(signature.vote(most)[0])) == "Pembina Tingkat I"
    few = [rank_line("a", "Tingkatt"), rank_line("b", None), rank_line("c", None), rank_line("d", "Kagkane")]
    assert signature._text(signature.vote(few)[0]) == "Pembina"


def test_a_title_and_name_read_only_unsurely_before_the_voted_name_are_kept():
    """Issue 14: the pen's loops over the name's start leave every reading unsure of "Drs. AHMAD" (conf under the
    vote's floor), so the vote keeps "FAUZI, M.Si"; a reading that read a title and a known name there, however
    unsurely, gives them back, its marks aside. Unsure words that are no title or known name are not taken."""
    def name_line(how: str, first: list[tuple[str, float]]) -> signature.Reading:
        words, x = [], 0.0
        for text, conf in [*first, ("FAUZI,", 92), ("M.Si", 90)]:
            words.append(_w(text, x, 60, conf))
            x += 20 * len(text) + 15
        return signature.Reading(how, words)
    unsure = [name_line("a", [("Drs", 5), ("/AHMAD", 0)]), name_line("b", []), name_line("c", [("Sx", 3)])]
    assert signature._text(signature.vote(unsure)[0]) == "Drs AHMAD FAUZI, M.Si"
    junk = [name_line("a", [("Qrx", 5), ("/WQZ", 0)]), name_line("b", []), name_line("c", [("Sx", 3)])]
    assert signature._text(signature.vote(junk)[0]) == "FAUZI, M.Si"


def test_a_dates_line_is_never_completed_as_a_rank():
    """A date's line whose words read like a rank's ("pada tanggal": "Penata Tingkat") is never taken for a rank
    and swapped for the unsure readings that 'read more of it'."""
    date = [_reading(h, [(60, ["7", "pada", "tanggal", "2", "Maret", "2026"], 92)]) for h in "ab"]
    unsure = [_reading(h, [(60, ["pada", "tanggal", "2", "Maret", "2026", "|"], 20)]) for h in "cde"]
    assert signature._text(signature.vote([*date, *unsure])[0]) == "7 pada tanggal 2 Maret 2026"
