"""The text stage's own conversion of pdfminer's objects (iku.stages.text._objects) against pdfplumber's.

The stage hands pdfplumber's word grouping and table finder object dicts it built itself (pdfplumber's own
conversion cost as much as pdfminer's parsing). Every value it gives must be pdfplumber's to the bit, and
the words, rules and cells read from them the same."""

import pdfplumber
import pytest
from conftest import SAMPLES
from tablekit import white_text_pdf

from iku.stages.text import _draws_a_rule, _objects, read_page

PDFS = [SAMPLES / "camplong_2021.pdf", SAMPLES / "merakurak_2021.pdf"]


def _pages(path):
    """Each page twice: one left to pdfplumber, one converted by the stage."""
    with pdfplumber.open(path) as theirs, pdfplumber.open(path) as ours:
        yield from zip(theirs.pages, ours.pages, strict=True)


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_every_value_is_pdfplumbers(pdf):
    kinds = set()
    for theirs, ours in _pages(pdf):
        mine = _objects(ours)
        for kind, objs in mine.items():
            if kind not in ("char", "line", "rect", "curve"):
                continue
            kinds.add(kind)
            assert len(objs) == len(theirs.objects[kind]), (pdf.name, theirs.page_number, kind)
            for o, t in zip(objs, theirs.objects[kind], strict=True):
                assert o == {k: t[k] for k in o}, (pdf.name, theirs.page_number, kind)
        assert set(mine) >= set(theirs.objects) - {"anno"}
    assert "char" in kinds and kinds & {"line", "rect", "curve"}  # the samples have text and ruled tables


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_words_rules_and_cells_are_pdfplumbers(pdf):
    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3}
    cells = 0
    for theirs, ours in _pages(pdf):
        layout = read_page(ours, theirs.page_number, "text")
        words = theirs.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size", "fontname"],
                                     x_tolerance=1.5, y_tolerance=2.5)
        assert [(w.text, w.x0, w.top, w.x1, w.bottom) for w in layout.words] == \
            [(w["text"], w["x0"], w["top"], w["x1"], w["bottom"]) for w in words if w["text"].strip()]
        assert [(r.x0, r.x1, r.y) for r in layout.rules] == \
            [(e["x0"], e["x1"], e["top"]) for e in theirs.filter(_draws_a_rule).edges
             if e["orientation"] == "h" and e["x1"] - e["x0"] >= 4]  # strokes, not a background's edges
        tables = theirs.filter(_draws_a_rule).find_tables(settings)
        assert [t.cells for t in ours.filter(_draws_a_rule).find_tables(settings)] == [t.cells for t in tables]
        cells += sum(len(t.cells) for t in tables)
    assert cells > 50


def test_white_text_on_white_paper_is_not_read(tmp_path):
    """Words a reader cannot see are no part of the page; white words on a coloured fill are seen."""
    path = white_text_pdf(tmp_path / "white.pdf")
    with pdfplumber.open(path) as pdf:
        words = [w.text for w in read_page(pdf.pages[0], 1, "text").words]
    assert words == ["Visible", "black", "text", "white", "on", "blue"]


def test_column_rules_cut_by_the_sheet_get_no_closing_rule():
    """Closing rules are drawn where column rules stop inside the page, never beyond the sheet's edge
    (a web print's table continued from the previous sheet starts at its first row rule)."""
    from iku.core.ruling import open_ends as _open_ends

    def v(x, top, bottom):
        return {"orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom}

    def h(y):
        return {"orientation": "h", "x0": 50.0, "x1": 350.0, "top": y, "bottom": y}

    rows = [h(100.0), h(200.0), h(300.0)]
    inside = [v(x, 100.0, 420.0) for x in (50.0, 150.0, 250.0, 350.0)]
    closing = _open_ends(rows + inside, "v", 800.0)
    assert [(c["top"], c["x0"], c["x1"]) for c in closing] == [(420.0, 50.0, 350.0)]
    off_page = [v(x, -60.0, 300.0) for x in (50.0, 150.0, 250.0, 350.0)]
    assert _open_ends(rows + off_page, "v", 800.0) == []
