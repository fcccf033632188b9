"""Text pages read by pdfium (iku.stages.text.page_objects) against the same pages read by pdfminer/pdfplumber.

The stages must get the same words, rules and cells whichever reader parsed the page. Word boxes may differ by
pdfium's rounding: it keeps a font's glyph widths in whole 1/1000 em, so along a line set in a font with
fractional widths (the DejaVu samples) the origins drift by a fraction of a point."""

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from badpdfs import _stream, raw_pdf
from conftest import SAMPLES
from pdfplumber.utils import extract_words
from reportlab.pdfgen.canvas import Canvas
from tablekit import white_text_pdf

from iku.stages.text import _draws_a_rule, _objects, _PdfiumPage, font_table, page_objects, read_page, upright_words

PDFS = [SAMPLES / "camplong_2021.pdf", SAMPLES / "merakurak_2021.pdf", SAMPLES / "ciruas_2022.pdf"]
DRIFT = 0.7  # pt: pdfium's whole-unit glyph widths accumulated along one line (see above)
WORDS = {"keep_blank_chars": False, "use_text_flow": False, "extra_attrs": ["size", "fontname"],
         "x_tolerance": 1.5, "y_tolerance": 2.5}


def _pages(path: Path):
    """(pdfplumber's page, the same page read by pdfium) for every page of `path`; pdfminer has parsed the
    first already, so it can be used once the file is closed."""
    doc, fonts = pdfium.PdfDocument(str(path)), font_table(path)
    with pdfplumber.open(path) as pdf:
        for i, theirs in enumerate(pdf.pages):
            _objects(theirs)
            read = page_objects(doc[i], fonts)
            yield theirs, (_PdfiumPage(read[0], float(theirs.width), float(theirs.height), i + 1, read[3])
                          if read else None)
    doc.close()


def _by_place(words: list) -> list:
    return sorted(words, key=lambda w: (round(w.top), round(w.x0), w.text))


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_words_rules_and_cells_are_pdfminers(pdf):
    cells = 0
    for theirs, ours in _pages(pdf):
        assert ours is not None, (pdf.name, theirs.page_number)  # nothing on the samples needs pdfminer
        a, b = read_page(theirs, theirs.page_number, "text"), read_page(ours, ours.page_number, "text")
        wa, wb = _by_place(a.words), _by_place(b.words)
        assert [w.text for w in wa] == [w.text for w in wb]
        assert all(abs(x - y) <= DRIFT for u, v in zip(wa, wb, strict=True)
                   for x, y in zip(u.bbox, v.bbox, strict=True))
        assert [(w.size, w.bold) for w in wa] == [(w.size, w.bold) for w in wb]
        assert len(a.rules) == len(b.rules)
        assert all(abs(r.x0 - s.x0) < 0.01 and abs(r.x1 - s.x1) < 0.01 and abs(r.y - s.y) < 0.01
                   for r, s in zip(a.rules, b.rules, strict=True))
        assert [len(g) for g in a.cell_groups] == [len(g) for g in b.cell_groups]
        assert all(abs(x - y) < 0.01 for g, h in zip(a.cell_groups, b.cell_groups, strict=True)
                   for c, d in zip(g, h, strict=True) for x, y in zip(c, d, strict=True))
        for kind in ("line", "rect", "curve", "image"):
            assert len(theirs.objects.get(kind, [])) == len(ours.objects.get(kind, [])), kind
        cells += sum(len(g) for g in b.cell_groups)
    assert cells > 50  # the samples' ruled tables were compared


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_word_grouping_is_pdfplumbers_to_the_bit(pdf):
    keys = ("text", "x0", "x1", "top", "bottom", "size", "fontname")
    for _, ours in _pages(pdf):
        theirs = extract_words([{**c, "doctop": c["top"]} for c in ours.chars], **WORDS)  # the only key it adds
        mine = upright_words(ours.chars, x_tolerance=1.5, y_tolerance=2.5)
        assert [tuple(w[k] for k in keys) for w in mine] == [tuple(w[k] for k in keys) for w in theirs]


def _one_page(path: Path, draw) -> Path:
    c = Canvas(str(path))
    c.setFont("Helvetica", 10)
    draw(c)
    c.save()
    return path


def _read(path: Path) -> tuple[list[str], list[str]]:
    """The page's words as pdfplumber reads it, and as the stage reads it from pdfium."""
    [(theirs, ours)] = list(_pages(path))
    assert ours is not None
    return ([w.text for w in _by_place(read_page(theirs, 1, "text").words)],
            [w.text for w in _by_place(read_page(ours, 1, "text").words)])


def test_spaces_and_gaps_split_words_as_pdfminer(tmp_path):
    """A space character and a gap wider than the tolerance part words; pdfium's own inserted spaces
    (between words and lines) are not characters of the page."""
    def draw(c):
        c.drawString(50, 800, "two words")
        c.drawString(50, 780, "glued")
        c.drawString(50 + c.stringWidth("glued", "Helvetica", 10) + 0.5, 780, "on")  # 0.5 pt: one word
        c.drawString(50, 760, "apart")
        c.drawString(50 + c.stringWidth("apart", "Helvetica", 10) + 4, 760, "here")  # 4 pt: two words
    theirs, ours = _read(_one_page(tmp_path / "spaces.pdf", draw))
    assert ours == theirs == ["two", "words", "gluedon", "apart", "here"]


def test_white_text_on_white_paper_is_not_read_from_pdfium(tmp_path):
    theirs, ours = _read(white_text_pdf(tmp_path / "white.pdf"))
    assert ours == theirs == ["Visible", "black", "text", "white", "on", "blue"]


def test_a_ligature_is_one_character_as_in_pdfminer(tmp_path):
    """One glyph whose ToUnicode gives two letters ("fi"): pdfium lists a character per letter at one origin;
    the stage makes it one character again, so the word is not cut after it."""
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /L def "
            b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <01> <00660069> endbfchar "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    font = (b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R /Encoding << /Type /Encoding "
            b"/BaseEncoding /WinAnsiEncoding /Differences [1 /fi] >> >>")
    content = b"BT /F1 12 Tf 72 700 Td (de\\001nisi dan pro\\001l) Tj ET"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>", font, _stream(content), _stream(cmap)]
    path = tmp_path / "ligature.pdf"
    path.write_bytes(raw_pdf(objs))
    theirs, ours = _read(path)
    assert ours == theirs == ["definisi", "dan", "profil"]


def test_rotated_text_and_rotated_pages_are_left_to_pdfminer(tmp_path):
    """What pdfium would read otherwise than pdfminer (rotated text, a page turned by /Rotate: pdfium keeps
    the page's own coordinates, pdfminer turns them) is left to pdfplumber, so the words stay pdfminer's."""
    def draw(c):
        c.drawString(50, 800, "upright")
        c.saveState()
        c.translate(300, 400)
        c.rotate(90)
        c.drawString(0, 0, "sideways")
        c.restoreState()
    [(_, ours)] = list(_pages(_one_page(tmp_path / "rotated.pdf", draw)))
    assert ours is None

    def turned(c):
        c.drawString(50, 800, "turned page")
        c.setPageRotation(90)
    [(_, ours)] = list(_pages(_one_page(tmp_path / "turned.pdf", turned)))
    assert ours is None


def test_a_pale_background_is_no_rule_from_pdfium_either(tmp_path):
    """Path objects carry their fill and colour: a pale highlight behind a line of text draws no rule,
    a black stroke does."""
    def draw(c):
        c.setFillColorRGB(0.95, 0.95, 0.85)
        c.rect(45, 795, 200, 14, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.drawString(50, 800, "highlighted")
        c.line(50, 780, 250, 780)
    [(theirs, ours)] = list(_pages(_one_page(tmp_path / "pale.pdf", draw)))
    assert [len(theirs.filter(_draws_a_rule).edges), len(ours.filter(_draws_a_rule).edges)] == [1, 1]
    assert [(r.x0, r.x1) for r in read_page(ours, 1, "text").rules] == [(50.0, 250.0)]
