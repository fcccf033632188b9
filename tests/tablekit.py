"""Small PDFs with one table drawn in a chosen ruling style, for the table and row stages' tests.

Drawn with reportlab's canvas so each test controls exactly what a producer puts on the page:
single rules, Word's triple borders, Excel's border rectangles, column rules only, or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

FONT, SIZE, LEAD = "Helvetica", 8.0, 10.0


@dataclass
class TableSpec:
    widths: Sequence[float]
    header: Sequence[Sequence[str]]  # header rows; "" under a cell spanning from the left: see spans
    body: Sequence[Sequence[str]]  # body rows; "\n" breaks a cell into lines
    # header cells spanning columns: (row, first col, last col)
    spans: Sequence[tuple[int, int, int]] = ()
    ruling: str = "grid"  # grid | triple | rects | columns | none | dots (body rows parted by dotted rules)
    above: Sequence[str] = ()  # lines printed above the table
    landscape: bool = False
    row_gap: float = 4.0  # padding below each row's text
    white_lines: bool = False  # a white filled strip behind every text line (a portal's cell backgrounds)
    strip_colour: tuple[float, float, float] = (1.0, 1.0, 1.0)  # their colour (pale: Word paragraph shading)
    open_bottom: bool = False  # no bottom border: the table runs on to the next page
    open_sides: bool = False  # no left and right borders (Word's "inside borders only" style)
    extra: list[str] = field(default_factory=list)
    above_gap: float = 6.0  # points between the lines above and the table's top (negative: closer)
    font: str = FONT
    size: float = SIZE  # font size; the line pitch grows with it


def _dotted(c: Canvas, x0: float, x1: float, y: float) -> None:
    """Excel's dotted border: 0.8 pt squares every 1.6 pt."""
    x = x0
    while x < x1:
        c.rect(x, y - 0.4, 0.8, 0.8, stroke=0, fill=1)
        x += 1.6


def _wrap(text: str, width: float, canvas: Canvas, font: str = FONT, size: float = SIZE) -> list[str]:
    lines: list[str] = []
    for para in text.split("\n"):
        cur = ""
        for word in para.split():
            trial = f"{cur} {word}".strip()
            if canvas.stringWidth(trial, font, size) > width - 6 and cur:
                lines.append(cur)
                cur = word
            else:
                cur = trial
        lines.append(cur)
    return lines


def build(spec: TableSpec, path: Path) -> Path:
    size = landscape(A4) if spec.landscape else A4
    c = Canvas(str(path), pagesize=size)
    c.setFont(spec.font, spec.size)
    lead = LEAD * spec.size / SIZE
    height = size[1]
    y = height - 60
    for line in spec.above:
        c.drawString(50, y, line)
        y -= 14
    y -= spec.above_gap
    xs = [50.0]
    for w in spec.widths:
        xs.append(xs[-1] + w)
    rows = [(list(r), True) for r in spec.header] + [(list(r), False) for r in spec.body]
    ys = [y]
    span_of = {(r, a): b for r, a, b in spec.spans}
    for ri, (cells, _) in enumerate(rows):
        n_lines = 1
        for k, text in enumerate(cells):
            b = span_of.get((ri, k), k)
            n_lines = max(n_lines, len(_wrap(text, xs[b + 1] - xs[k], c, spec.font, spec.size)))
        top = ys[-1]
        for k, text in enumerate(cells):
            b = span_of.get((ri, k), k)
            for li, line in enumerate(_wrap(text, xs[b + 1] - xs[k], c, spec.font, spec.size)):
                if spec.white_lines:
                    c.setFillColorRGB(*spec.strip_colour)
                    c.rect(xs[k] + 1, top - lead * (li + 1) - 2, xs[b + 1] - xs[k] - 2, lead, stroke=0, fill=1)
                    c.setFillGray(0.0)
                c.drawString(xs[k] + 3, top - lead * (li + 1), line)
        ys.append(top - lead * n_lines - (4 if ri < len(spec.header) else spec.row_gap))
    _rules(c, spec, xs, ys, span_of, len(spec.header))
    c.showPage()
    c.save()
    return path


def _rules(c: Canvas, spec: TableSpec, xs: list[float], ys: list[float], span_of: dict, n_head: int) -> None:
    style = spec.ruling
    if style == "none":
        return
    strokes = (0.0, -5.0, 5.0) if style == "triple" else (0.0,)
    hs = range(len(ys)) if style != "columns" else [0, *range(1, n_head + 1), len(ys) - 1]
    if spec.open_bottom:
        hs = [i for i in hs if i != len(ys) - 1]
    for i in hs:
        if style == "dots" and n_head < i < len(ys) - 1:
            _dotted(c, xs[0], xs[-1], ys[i])
            continue
        for d in strokes:
            if style == "rects":
                c.rect(xs[0], ys[i] - 1.5 + d, xs[-1] - xs[0], 3.0, stroke=0, fill=1)
            else:
                c.line(xs[0] - (d if d < 0 else 0), ys[i] + d, xs[-1], ys[i] + d)
    for k, x in enumerate(xs):
        if spec.open_sides and k in (0, len(xs) - 1):
            continue
        for i in range(len(ys) - 1):
            spanned = any(a < k <= b for (r, a), b in span_of.items() if r == i)
            if spanned:
                continue
            for d in strokes:
                if style == "rects":
                    c.rect(x - 1.5 + d, ys[i + 1], 3.0, ys[i] - ys[i + 1], stroke=0, fill=1)
                else:
                    c.line(x + d, ys[i], x + d, ys[i + 1])


@dataclass
class Text:
    """A string placed at an absolute position (top-left origin, points), printed whole: a report writer's
    field, which is neither wrapped nor clipped to the box it belongs to."""

    x: float
    top: float
    text: str
    size: float = SIZE
    bold: bool = False


def build_boxes(path: Path, boxes: Sequence[tuple[float, float, float, float]], texts: Sequence[Text],
                landscape_page: bool = True) -> Path:
    """A page of stroked boxes (x0, top, x1, bottom; one per cell, as Crystal Reports and Excel draw them) and
    free-standing texts: the layouts where text and boxes do not line up."""
    return build_pages(path, [(boxes, texts)], landscape_page)


def build_pages(path: Path, pages: Sequence[tuple[Sequence[tuple[float, float, float, float]], Sequence[Text]]],
                landscape_page: bool = True) -> Path:
    """build_boxes, one (boxes, texts) per page."""
    size = landscape(A4) if landscape_page else A4
    height = size[1]
    c = Canvas(str(path), pagesize=size)
    for boxes, texts in pages:
        c.setLineWidth(0.5)
        for x0, top, x1, bottom in boxes:
            c.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=1, fill=0)
        for t in texts:
            c.setFont("Helvetica-Bold" if t.bold else FONT, t.size)
            c.drawString(t.x, height - t.top - 0.8 * t.size, t.text)
        c.showPage()
    c.save()
    return path


def white_text_pdf(path: Path) -> Path:
    """One page: black text, white text on white paper (not seen), white text on a blue fill (seen)."""
    c = Canvas(str(path))
    c.setFont("Helvetica", 10)
    c.drawString(50, 800, "Visible black text")
    c.setFillColorRGB(1, 1, 1)
    c.drawString(50, 780, "hidden white words")
    c.setFillColorRGB(0.2, 0.3, 0.7)
    c.rect(45, 755, 200, 18, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    c.drawString(50, 760, "white on blue")
    c.save()
    return path
