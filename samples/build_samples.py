#!/usr/bin/env python3
# ruff: noqa: E501
"""Build synthetic born-digital *Keputusan Camat* PDFs on IKU/IKI plus gold JSON.

ciruas_2022, camplong_2021 and merakurak_2021 transcribe real decrees (typos and
odd spacing are kept on purpose: the extractor has to live with them);
booklet_2023 is invented (names, numbers and address are fictitious) from the
same vocabulary. Layout choices mimic what Word exports vary: paper, fonts,
orientation, header repetition, merged cells and four ways of drawing formulas.

Usage: python samples/build_samples.py   (writes <id>.pdf and gold/<id>.json next
to this file; output is byte-identical between runs).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import HRFlowable

HERE = Path(__file__).resolve().parent
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
PAPERS = {"A4": A4, "F4": (215 * mm, 330 * mm)}  # F4/Folio = 609.4 x 935.4 pt
BLACK = colors.black


# --------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------


class _Same:
    """Marks a cell merged with the one above (vertical SPAN)."""

    def __repr__(self) -> str:
        return "SAME"


S = _Same()


@dataclass(frozen=True)
class Formula:
    # style: stack | under | dashes | inline | words | plain
    style: str
    num: str  # numerator, or the whole text for "plain"
    den: str = ""
    mult: str = ""  # multiplier as printed, e.g. "x 100 %"
    fill: str = "-"  # character of the "-----" rule for style "dashes"
    align: str = "left"  # alignment of the dashes line


def stack(num: str, den: str, mult: str = "x 100%") -> Formula:
    return Formula("stack", num, den, mult)


def under(num: str, den: str, mult: str = "X 100%") -> Formula:
    return Formula("under", num, den, mult)


def dashes(num: str, den: str, mult: str = "x 100%", fill: str = "-", align: str = "left") -> Formula:
    return Formula("dashes", num, den, mult, fill, align)


def inline(num: str, den: str) -> Formula:
    return Formula("inline", num, den, "x 100%")


def words(num: str, den: str) -> Formula:
    return Formula("words", num, den, "dikali 100%")


def plain(text: str) -> Formula:
    return Formula("plain", text)


Cell = str | Formula | _Same


@dataclass
class Section:
    level: str  # IKU | IKI
    jabatan: str | None
    columns: list[str]
    fields: list[str]
    rows: list[tuple[Cell, ...]]
    tugas: str = ""
    fungsi: list[str] = field(default_factory=list)
    fungsi_intro: str = ""  # camplong: "3. Untuk melaksanakan tugas ... fungsi :"
    heading: str = "INDIKATOR KINERJA INDIVIDU"
    numbering: list[str] | None = None  # "(1) (2) ..." row under the header


@dataclass
class Decree:
    id: str
    provinsi: str | None
    kabupaten: str
    kecamatan: str
    document_type: str
    period: tuple[int, int]
    number: str
    date_iso: str | None  # ISO date; "YYYY-MM" when the day is left blank for the wet signature
    place: str
    signer: str
    nip: str
    rank: str | None
    title: str
    mengingat: list[str]
    sections: list[Section]
    paper: str
    font: str
    orientation: str
    repeat_header: bool


def items(block: str) -> list[str]:
    """One list item per non-empty line; lets long lists be pasted verbatim."""
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


# --------------------------------------------------------------------------
# Styles and small flowables
# --------------------------------------------------------------------------


def register_fonts() -> None:
    if "DejaVuSerif" in pdfmetrics.getRegisteredFontNames():
        return
    for fam, ital in (("DejaVuSerif", "Italic"), ("DejaVuSans", "Oblique")):
        faces = {"": fam, "-Bold": f"{fam}-Bold", f"-{ital}": f"{fam}-{ital}", f"-Bold{ital}": f"{fam}-Bold{ital}"}
        for suffix, name in faces.items():
            pdfmetrics.registerFont(TTFont(name, str(DEJAVU / f"{fam}{suffix}.ttf")))
        pdfmetrics.registerFontFamily(
            fam, normal=fam, bold=f"{fam}-Bold", italic=f"{fam}-{ital}", boldItalic=f"{fam}-Bold{ital}"
        )


BOLD = {"Times-Roman": "Times-Bold", "Helvetica": "Helvetica-Bold"}


class St:
    """Paragraph styles for one document (font family + sizes)."""

    def __init__(self, font: str, size: float, cell: float) -> None:
        self.font, self.size, self.cell = font, size, cell
        self.bold = BOLD.get(font, f"{font}-Bold")

        def ps(name: str, **kw: object) -> ParagraphStyle:
            base = {"fontName": font, "fontSize": size, "leading": size * 1.3, "alignment": TA_LEFT}
            base.update(kw)
            return ParagraphStyle(name, **base)

        self.body = ps("body", alignment=TA_JUSTIFY)
        self.left = ps("left")
        self.center = ps("center", alignment=TA_CENTER)
        self.center_b = ps("center_b", alignment=TA_CENTER, fontName=self.bold)
        self.left_b = ps("left_b", fontName=self.bold)
        self.right = ps("right", alignment=TA_RIGHT)
        self.title = ps("title", alignment=TA_CENTER, fontName=self.bold, fontSize=size + 1, leading=(size + 1) * 1.3)
        self.chapter = ps("chapter", alignment=TA_CENTER, fontName=self.bold, fontSize=size + 2, leading=(size + 2) * 1.4)
        self.para = ps("para", alignment=TA_JUSTIFY, firstLineIndent=1.2 * cm, spaceAfter=6)
        self.cell_l = ps("cell_l", fontSize=cell, leading=cell * 1.22)
        self.cell_c = ps("cell_c", fontSize=cell, leading=cell * 1.22, alignment=TA_CENTER)
        self.cell_r = ps("cell_r", fontSize=cell, leading=cell * 1.22, alignment=TA_RIGHT)
        self.head = ps("head", fontSize=cell, leading=cell * 1.22, alignment=TA_CENTER, fontName=self.bold)

    def bullet(self, indent: float, marker_w: float = 16) -> ParagraphStyle:
        """Hanging-indent list item: marker at `indent`, text at indent + marker_w."""
        return ParagraphStyle(
            f"bullet{indent}", parent=self.body, leftIndent=indent + marker_w, bulletIndent=indent,
            bulletFontName=self.font, bulletFontSize=self.size, spaceAfter=1,
        )


def P(text: str, style: ParagraphStyle) -> Paragraph:
    """Paragraph from plain text; newlines become forced line breaks."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def M(markup: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup, style)


def bullets(st: St, texts: Sequence[str], marker: Callable[[int], str], indent: float = 0) -> list[Flowable]:
    style = st.bullet(indent, 18)
    return [Paragraph(escape(t), style, bulletText=marker(i)) for i, t in enumerate(texts)]


def alpha(i: int) -> str:
    return f"{chr(97 + i)}."


def num(i: int) -> str:
    return f"{i + 1}."


NOPAD = [
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
]


class Emblem(Flowable):
    """Vector stand-in for the regency crest in the kop surat."""

    def __init__(self, size: float = 50) -> None:
        super().__init__()
        self.width = self.height = size
        self.hAlign = "CENTER"

    def draw(self) -> None:
        c, s = self.canv, self.width
        p = c.beginPath()
        p.moveTo(0.1 * s, 0.95 * s)
        p.lineTo(0.9 * s, 0.95 * s)
        p.lineTo(0.9 * s, 0.45 * s)
        p.curveTo(0.9 * s, 0.15 * s, 0.6 * s, 0.05 * s, 0.5 * s, 0)
        p.curveTo(0.4 * s, 0.05 * s, 0.1 * s, 0.15 * s, 0.1 * s, 0.45 * s)
        p.close()
        c.setFillColor(colors.HexColor("#1F5C99"))
        c.setStrokeColor(BLACK)
        c.drawPath(p, fill=1, stroke=1)
        c.setFillColor(colors.HexColor("#F2C12E"))
        star = c.beginPath()
        for k in range(10):
            r = 0.2 * s if k % 2 == 0 else 0.08 * s
            a = math.pi / 2 + k * math.pi / 5
            x, y = 0.5 * s + r * math.cos(a), 0.55 * s + r * math.sin(a)
            star.moveTo(x, y) if k == 0 else star.lineTo(x, y)
        star.close()
        c.drawPath(star, fill=1, stroke=0)


class Scribble(Flowable):
    """A fixed pen stroke standing in for the handwritten signature."""

    def __init__(self, width: float, height: float = 46) -> None:
        super().__init__()
        self.width, self.height = width, height

    def draw(self) -> None:
        c, w, h = self.canv, self.width, self.height
        c.setStrokeColor(colors.HexColor("#1A2A6C"))
        c.setLineWidth(0.9)
        p = c.beginPath()
        x0 = w * 0.32
        p.moveTo(x0, h * 0.35)
        p.curveTo(x0 + 10, h * 0.95, x0 + 22, h * 0.9, x0 + 18, h * 0.3)
        p.curveTo(x0 + 16, h * 0.05, x0 + 34, h * 0.7, x0 + 46, h * 0.55)
        p.curveTo(x0 + 58, h * 0.4, x0 + 62, h * 0.8, x0 + 80, h * 0.45)
        p.lineTo(x0 + 95, h * 0.5)
        c.drawPath(p, stroke=1, fill=0)


# --------------------------------------------------------------------------
# Decree building blocks
# --------------------------------------------------------------------------


def kop(st: St, lines: Sequence[str], address: Sequence[str], fw: float, emblem: bool) -> list[Flowable]:
    """Letterhead: government lines, address, and the thick+thin rule below."""
    big = [
        ParagraphStyle("k1", parent=st.center_b, fontSize=st.size + 3, leading=(st.size + 3) * 1.25),
        ParagraphStyle("k2", parent=st.center_b, fontSize=st.size + 6, leading=(st.size + 6) * 1.2),
    ]
    small = ParagraphStyle("k3", parent=st.center, fontSize=st.size - 1.5, leading=(st.size - 1.5) * 1.3)
    text: list[Flowable] = [P(t, big[min(i, 1)]) for i, t in enumerate(lines)]
    text += [P(a, small) for a in address]
    out: list[Flowable]
    if emblem:
        out = [Table([[Emblem(), text, ""]], colWidths=[62, fw - 124, 62], style=[*NOPAD, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])]
    else:
        out = text
    out += [
        Spacer(1, 3),
        HRFlowable(width="100%", thickness=2.2, color=BLACK, spaceBefore=0, spaceAfter=1.2),
        HRFlowable(width="100%", thickness=0.6, color=BLACK, spaceBefore=0, spaceAfter=10),
    ]
    return out


def label_table(st: St, label: str, texts: Sequence[str], fw: float, marker: Callable[[int], str],
                label_w: float = 78) -> Table:
    """Word-style hanging indent: 'Menimbang' ':' 'a.' text."""
    rows = [
        [P(label if i == 0 else "", st.left), P(":" if i == 0 and label else "", st.left), P(marker(i), st.left),
         P(t, st.body)]
        for i, t in enumerate(texts)
    ]
    widths = [label_w, 10, 20, fw - label_w - 30]
    return Table(rows, colWidths=widths, style=[*NOPAD, ("BOTTOMPADDING", (0, 0), (-1, -1), 4)], hAlign="LEFT")


def diktum_table(st: St, rows: Sequence[tuple[str, str | list[Flowable]]], fw: float, label_w: float = 78) -> Table:
    data = []
    for label, content in rows:
        body = P(content, st.body) if isinstance(content, str) else content
        data.append([P(label, st.left), P(":", st.left), body])
    return Table(data, colWidths=[label_w, 12, fw - label_w - 12],
                 style=[*NOPAD, ("BOTTOMPADDING", (0, 0), (-1, -1), 6)], hAlign="LEFT")


def signature(st: St, fw: float, name: str, nip: str, rank: str | None = None,
              date_rows: Sequence[tuple[str, str]] = (), lines: Sequence[str] = (),
              bold_title: bool = True, frac: float = 0.5, scribble: bool = True) -> Table:
    """Right-hand signature block; date_rows are the 'Ditetapkan di' lines."""
    bw = fw * frac
    inner: list[Flowable] = []
    if date_rows:
        dt = Table([[P(a, st.left), P(":", st.left), P(b, st.left)] for a, b in date_rows],
                   colWidths=[82, 10, bw - 92],
                   style=[*NOPAD, ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                          ("LINEBELOW", (0, -1), (-1, -1), 0.8, BLACK)])
        inner += [dt, Spacer(1, 8)]
    for line in lines:
        inner.append(P(line, st.center_b if bold_title else st.center))
    inner.append(Scribble(bw) if scribble else Spacer(1, 46))
    inner.append(M(f"<u><b>{escape(name)}</b></u>", st.center))
    if rank:
        inner.append(P(rank, st.center))
    inner.append(P(nip, st.center))
    return Table([["", inner]], colWidths=[fw - bw, bw], style=NOPAD)


def lampiran_header(st: St, rows: Sequence[tuple[str, str]], fw: float, w: float = 250) -> Table:
    t = Table([[P(a, st.left), P(":", st.left), P(b, st.left)] for a, b in rows],
              colWidths=[58, 10, w - 68], style=[*NOPAD, ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    return Table([["", t]], colWidths=[fw - w, w], style=NOPAD)


def centered(st: St, lines: Sequence[str], style: ParagraphStyle | None = None) -> list[Flowable]:
    return [P(line, style or st.center_b) for line in lines]


# --------------------------------------------------------------------------
# Indicator tables
# --------------------------------------------------------------------------

CELL_PAD = 5  # >3 pt so fraction rules/underlines never come near the cell borders


def nobreak(text: str) -> str:
    """Keep 'X 100%' on one line: a wrapped multiplier would blur num/den."""
    return escape(text).replace(" ", "\u00a0")


def check_fits(text: str, font: str, size: float, width: float, where: str) -> None:
    """Refuse words wider than their cell: reportlab would split them mid-word
    and the printed text would no longer equal the gold text."""
    for word in text.split():
        if pdfmetrics.stringWidth(word, font, size) > width:
            raise ValueError(f"{where}: {word!r} does not fit in {width:.0f} pt")


def check_cell(st: St, kind: str, value: Cell, width: float, where: str) -> None:
    avail = width - 2 * CELL_PAD
    if isinstance(value, Formula):
        if value.style == "stack":
            avail -= pdfmetrics.stringWidth(value.mult, st.font, st.cell) + 15
        for part in (value.num, value.den, value.mult):
            check_fits(part, st.font, st.cell, avail, where)
    elif isinstance(value, str):
        check_fits(value, st.bold if kind == "head" else st.font, st.cell, avail, where)


def formula_flowable(st: St, f: Formula | str, width: float) -> Flowable | str:
    """Draw a formula cell in one of the four notations."""
    if isinstance(f, str):
        return P(f, st.cell_l) if f else ""
    avail = width - 2 * CELL_PAD
    n, d = escape(f.num), escape(f.den)
    if f.style == "stack":
        # Nested tables: the LINEBELOW rule spans only the fraction column,
        # inset from the outer cell, so it never creates a table row.
        mult_w = pdfmetrics.stringWidth(f.mult, st.font, st.cell) + 8
        frac_w = avail - mult_w - 3
        frac = Table([[M(n, st.cell_c)], [M(d, st.cell_c)]], colWidths=[frac_w],
                     style=[("LINEBELOW", (0, 0), (0, 0), 0.6, BLACK),
                            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)])
        return Table([["", frac, M(escape(f.mult), st.cell_r)]], colWidths=[3, frac_w, mult_w],
                     style=[*NOPAD, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    if f.style == "under":
        # Underline drawn by reportlab as a line under the numerator text only.
        return M(f"<u>{n}</u> {nobreak(f.mult)}<br/>{d}", st.cell_l)
    if f.style == "dashes":
        tail = " " + f.mult
        count = int((avail * 0.9 - pdfmetrics.stringWidth(tail, st.font, st.cell))
                    / pdfmetrics.stringWidth(f.fill, st.font, st.cell))
        rule_style = st.cell_r if f.align == "right" else st.cell_l
        return [M(n, st.cell_l), P(f.fill * count + tail, rule_style), M(d, st.cell_l)]
    if f.style == "inline":
        return M(f"{n} / {d} {nobreak(f.mult)}", st.cell_l)
    if f.style == "words":
        return M(f"{n} dibagi {d} {nobreak(f.mult)}", st.cell_l)
    return M(n, st.cell_l)


class GridTable(Flowable):
    """Ruled table that breaks across pages like Word does.

    reportlab refuses to split inside a SPAN, so splitting is done here: a merged
    cell cut by a page break keeps its text in the first part and continues as an
    empty merged cell on the next page. The header rows are repeated only when
    `repeat` is set (Word's "repeat as header row").
    """

    def __init__(self, head: list[list[Any]], head_spans: list[tuple[int, int, int, int]],
                 body: list[list[Any]], spans: list[tuple[int, int, int]], widths: list[float],
                 repeat: bool, head_bg: colors.Color | None = None, head_rows_bold: int = 1,
                 show_head: bool = True) -> None:
        super().__init__()
        self.head, self.head_spans, self.body, self.spans = head, head_spans, body, spans
        self.widths, self.repeat, self.head_bg, self.head_rows_bold = widths, repeat, head_bg, head_rows_bold
        self.show_head = show_head
        self._t: Table | None = None

    def _make(self, body: list[list[Any]], spans: list[tuple[int, int, int]], show_head: bool) -> Table:
        head = self.head if show_head else []
        off = len(head)
        cmds: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.6, BLACK),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        if head:
            cmds.append(("VALIGN", (0, 0), (-1, off - 1), "MIDDLE"))
            if self.head_bg is not None:
                cmds.append(("BACKGROUND", (0, 0), (-1, self.head_rows_bold - 1), self.head_bg))
            cmds += [("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in self.head_spans]
        cmds += [("SPAN", (c, r0 + off), (c, r1 + off)) for c, r0, r1 in spans if r1 > r0]
        return Table(head + body, colWidths=self.widths, style=cmds)

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        self._t = self._make(self.body, self.spans, self.show_head)
        self.width, self.height = self._t.wrap(aW, aH)
        return self.width, self.height

    def _part(self, lo: int, hi: int, show_head: bool) -> GridTable:
        body = [list(r) for r in self.body[lo:hi]]
        spans = []
        for c, r0, r1 in self.spans:
            a, b = max(r0, lo), min(r1, hi - 1)
            if a <= b:
                if a > r0:
                    body[a - lo][c] = ""  # continuation of a merged cell stays empty
                spans.append((c, a - lo, b - lo))
        return GridTable(self.head, self.head_spans, body, spans, self.widths, self.repeat,
                         self.head_bg, self.head_rows_bold, show_head)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        t = self._make(self.body, self.spans, self.show_head)
        t.wrap(aW, aH)
        nh = len(self.head) if self.show_head else 0
        used, n = sum(t._rowHeights[:nh]), 0
        for rh in t._rowHeights[nh:]:
            if rh is None or used + rh > aH:  # None: reportlab stopped measuring (long table)
                break
            used, n = used + rh, n + 1
        while n > 0:
            first = self._part(0, n, self.show_head)
            if first.wrap(aW, aH)[1] <= aH:  # a cut span may re-grow its rows
                return [first, self._part(n, len(self.body), self.repeat)]
            n -= 1
        return []

    def draw(self) -> None:
        assert self._t is not None
        self._t.drawOn(self.canv, 0, 0)

    def first_row_height(self, aW: float) -> float:
        return self._part(0, 1, self.show_head).wrap(aW, 10_000)[1]


def with_table(block: list[Flowable], table: GridTable, fw: float) -> list[Flowable]:
    """Heading/Jabatan block + table, moved to a new page unless the block,
    the header and the first row fit (a Word user would do the same)."""
    need = sum(f.wrap(fw, 10_000)[1] for f in block) + table.first_row_height(fw) + 6
    return [CondPageBreak(need), *block, table]


def indicator_table(st: St, sec: Section, fw: float, fracs: Sequence[float], repeat: bool,
                    head_bg: colors.Color | None = None) -> GridTable:
    widths = [fw * f for f in fracs]
    head_spans: list[tuple[int, int, int, int]] = []
    if "target" in sec.fields and sec.fields.count("target") > 1:
        # Two-row header: "Target" over the year columns, other labels merged down.
        t0 = sec.fields.index("target")
        row0 = [P(c, st.head) for c in sec.columns]
        row1: list[Any] = ["" for _ in sec.columns]
        for i, col in enumerate(sec.columns):
            if sec.fields[i] == "target":
                row0[i] = P("Target", st.head) if i == t0 else ""
                row1[i] = P(col.split()[-1], st.head)
            else:
                head_spans.append((i, 0, i, 1))
        head_spans.append((t0, 0, t0 + sec.fields.count("target") - 1, 0))
        head = [row0, row1]
        bold_rows = 2
    else:
        head = [[P(c, st.head) for c in sec.columns]]
        bold_rows = 1
    if sec.numbering:
        head.append([P(c, st.cell_c) for c in sec.numbering])
    for c, label in enumerate(sec.columns):
        check_cell(st, "head", label, widths[c], f"{sec.jabatan} header")
    body: list[list[Any]] = []
    spans: list[tuple[int, int, int]] = []
    open_span: dict[int, int] = {}
    for r, row in enumerate(sec.rows):
        cells: list[Any] = []
        for c, v in enumerate(row):
            if isinstance(v, _Same):
                cells.append("")
                continue
            if c in open_span and open_span[c] < r - 1:
                spans.append((c, open_span[c], r - 1))
            open_span[c] = r
            kind = sec.fields[c]
            check_cell(st, kind, v, widths[c], f"{sec.jabatan} row {r + 1}")
            if kind == "formula":
                cells.append(formula_flowable(st, v, widths[c]))
            else:
                assert isinstance(v, str)
                style = st.cell_c if kind in ("no", "satuan", "target") else st.cell_l
                cells.append(P(v, style) if v else "")
        body.append(cells)
    spans += [(c, r0, len(sec.rows) - 1) for c, r0 in open_span.items() if r0 < len(sec.rows) - 1]
    return GridTable(head, head_spans, body, sorted(spans), widths, repeat, head_bg, bold_rows)


# --------------------------------------------------------------------------
# Gold
# --------------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def formula_gold(f: Formula | str) -> dict[str, str | None]:
    if isinstance(f, str):  # empty cell
        return {"text": flat(f), "numerator": None, "denominator": None, "multiplier": None}
    if f.style == "plain":
        return {"text": flat(f.num), "numerator": None, "denominator": None, "multiplier": None}
    n, d = flat(f.num), flat(f.den)
    # a formula printed in words keeps its words; a fraction is read "numerator / denominator x multiplier"
    text = f"{n} dibagi {d} {flat(f.mult)}" if f.style == "words" else f"{n} / {d} x 100%"
    return {"text": text, "numerator": n, "denominator": d, "multiplier": "100%"}


def section_gold(sec: Section) -> dict[str, Any]:
    rows = []
    carried: list[Cell] = [""] * len(sec.fields)
    sumber_prev = ""
    for row in sec.rows:
        rec: dict[str, Any] = dict.fromkeys(
            ["sasaran", "indikator", "definisi", "formula", "satuan", "target",
             "sumber_data", "sumber_data_display", "penanggung_jawab"])
        targets: dict[str, str] = {}
        for c, v in enumerate(row):
            if isinstance(v, _Same):
                v = carried[c]  # merged cell: the value applies to every row it covers
            carried[c] = v
            kind = sec.fields[c]
            if kind == "no":
                continue
            if kind == "formula":
                rec["formula"] = formula_gold(v)  # type: ignore[arg-type]
                continue
            assert isinstance(v, str)
            text = flat(v)
            if kind == "target":
                targets[sec.columns[c].split()[-1]] = text
            elif kind == "sumber_data":
                rec["sumber_data_display"] = text
                rec["sumber_data"] = sumber_prev if text.lower() == "sda" else text
                sumber_prev = rec["sumber_data"]
            else:
                rec[kind] = text
        if targets:
            rec["target"] = targets if len(targets) > 1 else next(iter(targets.values()))
        rows.append(rec)
    return {"level": sec.level, "jabatan": sec.jabatan, "columns": sec.columns,
            "fields": sec.fields, "rows": rows}


def gold(d: Decree) -> dict[str, Any]:
    return {
        "id": d.id,
        "meta": {
            "provinsi": d.provinsi, "kabupaten": d.kabupaten, "kecamatan": d.kecamatan,
            "document_type": d.document_type, "period_start": d.period[0], "period_end": d.period[1],
            "decree_number": d.number, "decree_date": d.date_iso, "place": d.place,
            "signatory": {"name": d.signer, "nip": d.nip, "rank": d.rank, "title": d.title},
        },
        "legal_basis": d.mengingat,
        "render": {"paper": d.paper, "font": d.font, "lampiran_orientation": d.orientation,
                   "repeat_header": d.repeat_header},
        "sections": [section_gold(s) for s in d.sections],
    }


# --------------------------------------------------------------------------
# Page templates
# --------------------------------------------------------------------------

Furniture = Callable[[Canvas, BaseDocTemplate], None]


def make_doc(path: Path, paper: str, margins: tuple[float, float, float, float], title: str,
             furniture: Furniture | None = None) -> tuple[BaseDocTemplate, float, float]:
    """Doc with 'portrait' and 'landscape' templates; returns frame widths too."""
    w, h = PAPERS[paper]
    left, right, top, bottom = margins

    def frame(pw: float, ph: float, fid: str) -> Frame:
        return Frame(left, bottom, pw - left - right, ph - top - bottom, id=fid,
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    doc = BaseDocTemplate(str(path), pagesize=(w, h), invariant=1, title=title,
                          author="build_samples.py", subject="synthetic sample", creator="build_samples.py")
    on_page = furniture or (lambda canv, doc: None)
    doc.addPageTemplates([
        PageTemplate("portrait", [frame(w, h, "p")], onPage=on_page, pagesize=(w, h)),
        PageTemplate("landscape", [frame(h, w, "l")], onPage=on_page, pagesize=(h, w)),
    ])
    return doc, w - left - right, h - left - right


# ==========================================================================
# ciruas_2022 — Kabupaten Serang (Banten). F4, Times, portrait lampiran,
# "(1)..(5)" numbering row, sda cells, stacked and underlined fractions,
# tables flow on without repeated header, Word "catchwords" at page ends.
# ==========================================================================

CIR_COLS = ["No", "Sasaran Kinerja", "Indikator Kinerja", "Formula", "Sumber Data"]
CIR_COLS_X = ["No", "Sasaran Kinerja", "Indikator Kinerja", "Formulasi", "Sumber Data"]
CIR_FIELDS = ["no", "sasaran", "indikator", "formula", "sumber_data"]
CIR_NUM = ["(1)", "(2)", "(3)", "(4)", "(5)"]
CIR_NUM_X = ["(1)", "(2)", "(3)", "(3)", "(5)"]  # sic, on the "Formulasi" tables

CIRUAS_SECTIONS = [
    Section(
        "IKI", "Sekretaris Kecamatan", CIR_COLS, CIR_FIELDS, numbering=CIR_NUM,
        tugas="Merencanakan operasional, mengelola, mengkoordinasikan, mengendalikan, mengevaluasi dan melaporkan urusan umum, kepegawaian, keuangan perencanaan, evaluasi dan pelaporan.",
        fungsi=items("""
            Perencanaan operasional urusan umum, kepegawaian keuangan serta pengelolaan perencanaan, evaluasi dan pelaporan;
            Pengelolaan urusan umum, kepegawaian, keuangan, perencanaan, evaluasi dan pelaporan;
            Pengendalian, evaluasi dan pelaporan urusan umum, kepegawaian, keuangan serta pengelolaan perencanaan, evaluasi dan pelaporan;
            Pengoordinasian urusan umum, kepegawaian, keuangan, perencanaan, evaluasi dan pelaporan Kecamatan;
            Pengelolaan informasi publik terkait kebijakan Kecamatan;
            Pembinaan dan pengawasan terhadap pelaksanaan administrasi keuangan oleh kelurahan;
            Pelaksanaan tugas lain yang diberikan oleh atasan, sesuai dengan tugas dan fungsinya
        """),
        rows=[
            ("1", "Meningkatnya kualitas pelayanan internal Kecamatan", "Nilai IKM Pelayanan Internal Kecamatan",
             plain("IKM Kecamatan"), "Hasil pengolahan kuesioner Survey Kepuasan Masyarakat"),
            ("2", "Meningkatnya kualitas Perencanaan Kecamatan",
             "Persentase sasaran, program dan kegiatan RENJA Kecamatan yang selaras dengan Renstra Kecamatan",
             under("Jumlah Sasaran, Program dan Kegiatan Renja Kec. Ciruas yang selaras dengan Renstra",
                   "Jumlah Seluruh Sasaran, Program dan Kegiatan Renja Kec. Ciruas"),
             "Dokumen Renja dan Renstra Kec Ciruas"),
            (S, S, "Persentase capaian realisasi keuangan Kecamatan",
             under("Realisasi Keuangan Program/Kegiatan Kec. Ciruas", "Jumlah total anggaran belanja langsung Kec. Ciruas"),
             "LRA Kec. Ciruas"),
        ],
    ),
    Section(
        "IKI", "Kepala Sub Bagian Program dan Keuangan", CIR_COLS, CIR_FIELDS, numbering=CIR_NUM,
        tugas="Merencanakan, melaksanakan, mengevaluasi dan melaporkan pelaksanaan tugas keuangan dan program lingkup Kecamatan",
        fungsi=items("""
            Pengoordinasian, penyusunan dan penyiapan bahan dandata dalam rangka perencanaan, pelaksanaan, pengendalian, evaluasi dan pelaporan program dan kegiatan lingkup Kecamatan;
            Penyiapan bahan kebijakan dan petunjuk teknis yang berkaitan dengan urusan perencanaan program dan kegiatan, penatausahaan administrasi keuangan dan pertanggungjawaban keuangan lingkup Kecamatan;
            Pengelolaan administrasi keuangan yang meliputi perencanaan, penata usahaan, pertanggungjawaban dan pelaporan lingkup Kecamatan;
            Pembinaan secara teknis dan pengawasan terhadap pelaksanaan administrasi keuangan oleh kelurahan;
            Pelaksanaan tugas lain yang diberikan oleh atasan sesuai dengan tugas dan fungsinya;
        """),
        rows=[
            ("1", "Meningkatnya Realisasi Keuangan Kecamatan Ciruas", "Persentase realisasi Keuangan terhadap alirankas",
             stack("Jumlah realisasi Keuangan", "Jumlah Anggaran"), "LRA Kec. Ciruas"),
            ("2", "Meningkatnya Kualitas Pelaksanaan Program Kegiatan Kecamatan Ciruas",
             "Persentase Capaian Kinerja Program atau Kegiatan",
             stack("Realisasi capaian kinerja program / kegiatan", "Target capaian kinerja program / kegiatan Kec. Ciruas"),
             "Laporan Pelaksanaan program/ kegiatan"),
            ("3", "Meningkatnya Kualitas Dokumen pelayanan Publik Kecamatan Ciruas",
             "Persentase Ketersediaan Dokumen Pelayanan Publik",
             stack("Jumlah dokumen pelayanan publik yang tersedia",
                   "Jumlah seluruh dokumen pelayanan publik yang seharusnya ada"), "Kec. Ciruas"),
        ],
    ),
    Section(
        "IKI", "Bendahara", CIR_COLS_X, CIR_FIELDS, numbering=CIR_NUM_X,
        tugas="Melakukan penerimaan, Pengeluaran dan pembukuan terkait transaksi keuangan",
        fungsi=items("""
            Mengadministrasikan bukti penyetoran, penerimaan dan pengeluaran uang di dalam buku Kas Umum (BKU) penerimaan dan pengeluaran yang telah ditetapkan sesuai prosedur yang berlaku untuk bahanlampiran laporan;
            Mengelola uang surat berharga barang sesuai dengan ketentuan yang berlaku untuk bahan pertanggungjawaban;
            Membuat laporan keadaan Kas dan Kredit Anggaran Rutin (LKKAR) dan Realisasi Anggaran Rutin yang memuat seluruh penerimaan dan pengeluaran LaporanPertanggungjawaban Bendahara sesuai prosedur yang berlaku sebagai akuntabilitas kinerja;
            Menyetorkan uang penerimaan sisa uang dan sisa TUP ke Kas Negara sesuai dengan prosedur dan ketentuan yang berlaku untuk ketertiban pemasukan kas negara;
            Melaksanakan pencatatan dan penggolongan semua kejadian penerimaan dan pengeluaran ke dalam Buku Kas dan Buku Pembantu agar tertib administrasi;
            Melayani permintaan uang muka (GU) berdasarkan surat perintah untuk kelancaran pelaksanaan tugas;
            Melakukan pembayaran atas tagihan-tagihan sesuai dengan mata anggaran berdasarkanketentuan yang berlaku atas persetujuanPejabat Pembuat Komitmen (PPK) untuk kelancaran pelaksanaantugas;
            Melaksanakan tugas kedinasan lain yang diperintahkan oleh pimpinan baik secara tertulis maupun lisan
        """),
        rows=[
            ("1", "Terlaksananya pengelolaan keuangan Kecamatan", "Jumlah dokumen SPP UP, GU, TU dan LS yang dibuat",
             plain("Jumlah Surat Permintaan Pembayaran (SPP) kepada Pengguna Anggaran berdasarkan DPA, Anggaran Kas, dan SPD beserta lampirannya yang diajukan"),
             "Kec. Ciruas"),
            (S, S, "Jumlah dokumen BKU yang dibuat", plain("Jumlah dokumen BKU yang dibuat"), "sda"),
            (S, S, "Jumlah dokumen buku bantu Pajak yang dibuat", plain("Jumlah dokumen buku bantu Pajak yang dibuat"), "sda"),
            (S, S, "Jumlah Kelengkapan Dokumen Pencairan UP Dan GU yang dibuat",
             plain("Jumlah Kelengkapan Dokumen Pencairan UP Dan GU yang dibuat"), "Sda"),
            (S, S, "Jumlah Penatausahaan Keuangan yang dilakukan", plain("Jumlah Penatausahaan Keuangan yang dilakukan"), "Sda"),
            (S, S, "Jumlah rekapitulasi realisasi penyetoran pajak yang dibuat",
             plain("Jumlah rekapitulasi realisasi penyetoran pajak yang dibuat"), "Sda"),
            (S, S, "Jumlah kegiatan pembayaran atas belanja OPD yang dilakukan",
             plain("Jumlah kegiatan pembayaran atas belanja OPD yang dilakukan"), "Sda"),
            (S, S, "Jumlah rekonsiliasi keuangan ke BKD yang dilakukan",
             plain("Jumlah kegiatan pembayaran atas belanja OPD yang dilakukan"), "Sda"),
        ],
    ),
    Section(
        "IKI", "Kepala Subag Umum dan Kepegawaian Kecamatan Ciruas", CIR_COLS, CIR_FIELDS, numbering=CIR_NUM,
        tugas="Merencanakan, melaksanakan, mengevaluasi dan melaporkan pelaksanaan tugas administrasi umum dan kepegawaian",
        fungsi=items("""
            Pengelolaan urusan administrasi umum yang meliputi kehumasan dan dokumentasi, perlengkapan, rumahtangga, sarana prasarana, aset;
            Penyiapan bahan koordinasi dan petunjuk teknis kebutuhan, pengadaan, inventarisasi, pendistribusian, penyimpanan, perawatan dan penghapusan perlengkapan/sarana kerja;
            Penyiapan bahan kebijakan dan petunjuk teknis yang berkaitan dengan urusan kepegawaian;
            Pelaksanaan tugas lain yang diberikan oleh atasan, sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("1", "Meningkatnya Kualitas Layanan umum Kecamatan Ciruas", "Persentase Layanan Umum Kecamatan Ciruas sesuai standar",
             under("Jumlah layanan umum Kec. Ciruas sesuai standar", "Jumlah seluruh layanan umum Kecamatan Ciruas"), "Kec. Ciruas"),
            (S, S, "Persentase Kondisi Sarana dan Prasarana Kantor dalam Kondisi Baik",
             under("Jumlah sarana & prasarana kantor Kecamatan Ciruas dalam kondisi baik",
                   "Jumlah seluruh kondisi sarana dan prasarana kantor Kecamatan Ciruas"), "Sda"),
            ("2", "Meningkatnya Kualitas SDM Kecamatan Ciruas",
             "Persentase Pemenuhan ASN Kecamatan sesuai Dengan analisis Jabatan dan Analisis Beban Kerja",
             under("Jumlah ASN Kecamatan Ciruas yang sesuai dengan Anjab&Analisis Beban Kerja", "Jumlah seluruh ASN Kecamatan Ciruas"),
             "Bezetting"),
            (S, S, "Persentase ASN yang Hadir Tepat Waktu",
             under("Jumlah ASN Kecamatan Ciruas yang hadir tepat waktu", "Jumlah seluruh ASN Kecamatan Ciruas"), "Kec. Ciruas"),
            (S, S, "Persentase ASN yang Dokumen Kepegawaiannya Lengkap",
             under("Jumlah ASN Kecamatan Ciruas yang dokumen kepegawaiannya Lengkap", "Jumlah seluruh ASN Kecamatan Ciruas"), "Sda"),
            (S, S, "Persentase Pengurusan KGB ASN Tepat Waktu",
             under("Jumlah pengurusan KGB PNS tepat waktu", "Jumlah seluruh pengurusan KGB PNS"), "Sda"),
        ],
    ),
    Section(
        "IKI", "Pengadministrasi Umum", CIR_COLS_X, CIR_FIELDS, numbering=CIR_NUM_X,
        tugas="Melakukan kegiatan yang meliputi penerimaan, pencatatan dan pendokumentasian dokumen administrasi umum",
        fungsi=items("""
            Mengelompokkan surat atau dokumen menurut jenis dan sifatnya, sesuai dengan prosedur dan ketentuan yang berlaku, agar memudahkan pendistribusian;
            Memberi lembar pengantar pada surat, sesuai dengan prosedur dan ketentuan yang berlaku, agar memudahkan pengendalian;
            Melaporkan hasil pelaksanaan tugas sesuai dengan prosedur yang berlaku sebagai bahan evaluasi dan pertanggungjawaban;
            Mendokumentasikan surat sesuai dengan prosedur dan ketentuan yang berlaku, agar tertib administrasi;
            Menerima, mencatat, dan menyortir surat masuk, sesuai dengan prosedur dan ketentuan yang berlaku, agar memudahkan pencarian;
            Melaksanakan tugas kedinasan lain yang diperintahkan oleh pimpinan baik tertulis maupun lisan.
        """),
        rows=[
            ("1", "Terlaksananya Layanan Umum Kecamatan Ciruas", "Jumlah dokumen layanan umum Kecamatan Ciruas yang dibuat",
             plain("Jumlah dokumen layanan umum Kecamatan Ciruas yang dibuat"), "Kecamatan Ciruas"),
            (S, S, "Mengagendakan Surat Keluar", plain("Mengagendakan Surat Keluar"), "sda"),
            (S, S, "Melaksanakan Agenda Surat Masuk Ke Kantor Camat", plain("Melaksanakan Agenda Surat Masuk Ke Kantor Camat"), "sda"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Pemerintahan", CIR_COLS, CIR_FIELDS, numbering=CIR_NUM,
        heading="NDIKATOR KINERJA INDIVIDU",  # sic
        tugas="Merencanakan, melaksanakan, mengevaluasi dan melaporkan pelaksanaan tugas Pemerintahan.",
        fungsi=items("""
            Perencanaan program kegiatan urusan Pemerintahan;
            Pelaksanaan urusan Pemerintahan;
            Pembagian pelaksanaan tugas Pemerintahan;
            Pembuatan laporan dan evaluasi program kegiatan urusan Pemerintahan;
            Pelaksanaan tugas lain yang diberikan oleh atasan sesuai dengan tugas dan fungsinya.
            Melaksanakan tugas kedinasan lain yang diperintahkan oleh pimpinan baik secara tertulis maupun lisan
        """),
        rows=[
            ("1", "Meningkatnya fasilitasi dan koordinasi lingkup Pemerintahan", "Persentase kegiatan lingkup Pemerintahan yang difasilitasi",
             stack("Jumlah kegiatan lingkup Pemerintahan yang difasilitasi", "Jumlah seluruh kegiatan lingkup Pemerintahan yang ada"),
             "Daftar usulan masyarakat"),
            ("2", "Meningkatnya penanganan pengaduan masyarakat", "Persentase pengaduan masyarakat yang ditindaklanjuti",
             stack("Jumlah pengaduan masyarakat yang ditindaklanjuti", "Jumlah pengaduan masyarakat yang masuk"), "Kec Ciruas"),
            ("3", "Meningkatnya pelaksanaan pelayanan administrasi terpadu kecamatan sesuai standar pelayanan",
             "Persentase dokumen pelayanan yang diproses",
             stack("Jumlah dokumen pelayanan yang diproses", "Jumlah dokumen pelayanan yang masuk"), "Kec Ciruas"),
            ("4", "Meningkatnya basis data terpadu Kecamatan", "Persentase pemenuhan ketersediaan database Kecamatan",
             stack("Jumlah database yang ada", "Jumlah database yang seharusnya ada"), "Kec Ciruas"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Pemberdayaan Masyarakat", CIR_COLS, CIR_FIELDS, numbering=CIR_NUM,
        tugas="Merencanakan, melaksanakan, mengevaluasi dan melaporkan pelaksanaan tugas Pemberdayaan Masyarakat.",
        fungsi=items("""
            Perencanaan program kegiatan urusan Pemberdayaan Masyarakat;
            Pelaksanaan urusan Pemberdayaan Masyarakat;
            Pembagian pelaksanaan tugas Pemberdayaan Masyarakat;
            Pembuatan laporan dan evaluasi program kegiatan urusan Pemberdayaan Masyarakat;
            Pelaksanaan tugas lain yang diberikan oleh atasan sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("1", "Meningkatnya fasilitasi dan koordinasi lingkup Pemberdayaan Masyarakat",
             "Persentase kegiatan lingkup Pemberdayaan Masyarakat yang difasilitasi",
             stack("Jumlah kegiatan lingkup Pemberdayaan Masyarakat yang difasilitasi",
                   "Jumlah seluruh kegiatan lingkup Pemberdayaan Masyarakat yang ada"), "Kec. Ciruas"),
            ("2", "Meningkatnya fungsi lembaga dan organisasi kemasyarakatan", "Jumlah kegiatan LPM yang dilaksanakan",
             stack("Jumlah kegiatan LPM yang dilaksanakan", "Jumlah kegiatan LPM yang ditargetkan"), "Kec. Ciruas"),
            (S, S, "Jumlah kegiatan PKK yang dilaksanakan",
             stack("Jumlah kegiatan PKK yang dilaksanakan", "Jumlah kegiatan PKK yang ditargetkan"), "Kec. Ciruas"),
            (S, S, "Jumlah kegiatan RT/RW yang dilaksanakan",
             stack("Jumlah kegiatan RT/RW yang dilaksanakan", "Jumlah kegiatan RT/RW yang ditargetkan"), "Kec. Ciruas"),
            ("3", "Meningkatnya partisipasi masyarakat dalam perencanaan pembangunan", "Persentase kehadiran peserta musrenbang",
             stack("Jumlah kehadiran peserta musrenbang", "Jumlah undangan peserta musrenbang"), "Kec. Ciruas"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Ketentraman dan Ketertiban Umum", CIR_COLS, CIR_FIELDS, numbering=CIR_NUM,
        tugas="Merencanakan, melaksanakan, mengevaluasi dan melaporkan pelaksanaan tugas Pemerintahan, keamanan dan ketertiban umum",
        fungsi=items("""
            Perencanaan program kegiatan urusan Ketentraman dan Ketertiban Umum;
            Pelaksanaan urusan Ketentraman dan Ketertiban Umum;
            Pembagian pelaksanaan tugas Ketentraman dan Ketertiban Umum;
            Pembuatan laporan dan evaluasi program kegiatan urusan Ketentraman dan Ketertiban Umum;
            Pelaksanaan tugas lain yang diberikan oleh atasan sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("1", "Meningkatnya fasilitasi dan koordinasi lingkup Trantib", "Persentase kegiatan lingkup trantib yang di fasilitasi",
             under("Jumlah kegiatan lingkup trantib yang di fasilitasi", "Jumlah kegiatan lingkup trantib yang ada"), "Kec Ciruas"),
            ("", "Meningkatnya kualitas pelayanan keamanan dan ketertiban",
             "Persentase penanganan pengaduan masyarakat dilingkup trantib yang ditindak lanjuti",
             under("Jumlah penanganan pengaduan masyarakat dilingkup trantib yang ditindak lanjuti",
                   "Jumlah penanganan pengaduan masyarakat dilingkup trantib yang masuk"), "Kec Ciruas"),
        ],
    ),
]

CIRUAS = Decree(
    id="ciruas_2022", provinsi="Banten", kabupaten="Serang", kecamatan="Ciruas", document_type="IKI",
    period=(2022, 2022), number="900/Kep. 004 /Kec-Ciruas/2022", date_iso="2022-01", place="Ciruas",
    signer="Drs. ERI SUHAERI, M.Si", nip="19670101 199103 1 006", rank=None, title="CAMAT CIRUAS",
    mengingat=items("""
        Undang-Undang Nomor 23 Tahun 2000 tentang Pembentukan Provinsi Banten;
        Undang-Undang Nomor 28 Tahun 1999 tentang Penyelenggaraan Negara yang Bersih dan Bebas dari Korupsi, Kolusi dan Nepotisme;
        Undang-Undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional;
        Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;
        Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah;
        Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia Nomor 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja, dan Tata Cara Review atas Laporan Kinerja Instansi Pemerintah;
        Peraturan Presiden Nomor 18 Tahun 2020 tentang Rencana Pembangunan Jangka Menengah Nasional Tahun 2020-2024 (Lembaran Negara Republik Indonesia Tahun 2020 Nomor10);
        Peraturan Daerah Kabupaten Serang Nomor 5 Tahun 2016 tentang Pembentukan Produk Hukum Daerah (Lembaran Daerah Kabupaten Serang Tahun 2016 Nomor 05);
        Peraturan Daerah Kabupaten Serang Nomor 7 Tahun 2016 tentang Rencana Pembangunan Jangka Menengah Daerah (RPJMD) Kabupaten Serang Tahun 2016-2022 (Lembaran Daerah Kabupaten Serang Tahun 2016 Nomor07);
        Peraturan Daerah Kabupaten Serang Nomor 10 Tahun 2016 tentang Pelaksanaan Urusan Pemerintahan yang menjadi kewenangan daerah;
        Peraturan Daerah Kabupaten Serang Nomor 11 Tahun 2016 tentang Pembentukan dan Susunan Perangkat Kabupaten Serang;
        Peraturan Bupati Serang Nomor 100 Tahun 2016 tentang Tugas Pokok, Fungsi dan Uraian Tugas Pada Kecamatan di Kabupaten Serang.
    """),
    sections=CIRUAS_SECTIONS, paper="F4", font="Times-Roman", orientation="portrait", repeat_header=False,
)


def block_labels(st: St, sec: Section, fw: float, bold: bool = False) -> Table:
    """'Jabatan : X' / 'Tugas : Y' / 'Fungsi : a. b. ...' in a borderless grid."""
    lab = st.left_b if bold else st.left
    text_w = fw - 70
    fungsi = Table([[P(alpha(i), st.left), P(t, st.body)] for i, t in enumerate(sec.fungsi)],
                   colWidths=[18, text_w - 18], style=[*NOPAD, ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    rows = [
        [P("Jabatan", lab), P(":", st.left), P(sec.jabatan or "", st.left)],
        [P("Tugas", lab), P(":", st.left), P(sec.tugas, st.body)],
        [P("Fungsi", lab), P(":", st.left), fungsi],
    ]
    return Table(rows, colWidths=[58, 12, text_w], style=[*NOPAD, ("BOTTOMPADDING", (0, 0), (-1, -1), 4)], hAlign="LEFT")


def build_ciruas(path: Path) -> Decree:
    d = CIRUAS
    st = St("Times-Roman", 12, 10)
    doc, fw, _ = make_doc(path, d.paper, (3 * cm, 2 * cm, 2 * cm, 2 * cm), "Keputusan Camat Ciruas")
    catch = ParagraphStyle("catch", parent=st.right, spaceBefore=6)
    menimbang = [
        "Bahwa untuk melaksanakan ketentuan pasal 3 dan pasal 4 Peraturan Menteri Negara Pendayagunaan Aparatur Negara Nomor : PER/9/M.PAN/5/2007 tentang Pedoman Umum Penetapan Indikator Kinerja Utama (IKU) di Lingkungan Instansi Pemerintah, setiap perangkat daerah di lingkungan Pemerintah Daerah harus membuat dan menetapkan Indikator Kinerja Individu (IKI);",
        "Bahwa penetapan Indikator Kinerja Individu sebagaimana dimaksud pada pertimbangan huruf a, perlu di atur dan ditetapkan dengan Surat Keputusan Camat Ciruas",
    ]
    m = d.mengingat
    story: list[Flowable] = kop(st, ["PEMERINTAH KABUPATEN SERANG", "KECAMATAN CIRUAS"],
                                ["Jl. Raya Serang Jakarta KM 28. Telp. (0254) 401053 Kode Pos. 42186 Serang"], fw, True)
    story += [
        P("KEPUTUSAN CAMAT CIRUAS KABUPATEN SERANG", st.title),
        P(f"Nomor : {d.number}", st.center), Spacer(1, 8),
        P("TENTANG", st.center_b), Spacer(1, 4),
        *centered(st, ["PENETAPAN INDIKATOR KINERJA INDIVIDU (IKI)", "DILINGKUNGAN KECAMATAN CIRUAS KABUPATEN SERANG", "TAHUN 2022"]),
        Spacer(1, 10), P("CAMAT CIRUAS,", st.center_b), Spacer(1, 10),
        label_table(st, "Menimbang", menimbang, fw, alpha), Spacer(1, 4),
        label_table(st, "Mengingat", m[:6], fw, num),
        P("7. Peraturan.....", catch),  # Word catchword before the manual page break
        PageBreak(),
        label_table(st, "", m[6:], fw, lambda i: f"{i + 7}."),
        Spacer(1, 10), P("MEMUTUSKAN:", st.center_b), Spacer(1, 8),
        diktum_table(st, [
            ("Menetapkan", ""),
            ("KESATU", "Keputusan Camat Ciruas tentang Penetapan Indikator Kinerja Individu di Lingkungan Kecamatan Ciruas Kabupaten Serang;"),
            ("KEDUA", "Indikator Kinerja Individu Pejabat Administrator, Pengawas dan Jabatan Fungsional Tertentu dan Umum pada Kecamatan Ciruas Kabupaten Serang Tahun 2022 sebagaimana tercantum dalam lampiran surat keputusan ini, merupakan acuan kinerja yang digunakan oleh seluruh pejabat dan pelaksana Kecamatan Ciruas Kabupaten Serang, dalam menetapkan rencana kinerja tahunan, menyampaikan rencana kinerja dan anggaran, menyusun dokumen penetapan kinerja, menyusun laporan akuntabilitas kinerja serta melakukan evaluasi pencapaian kinerja sesuai dengan dokumen Rencana Strategis Kecamatan Ciruas Kabupaten Serang;"),
        ], fw),
        P("KETIGA.....", catch),
        PageBreak(),
        diktum_table(st, [
            ("KETIGA", "Capaian Indikator Kinerja Individu (IKI) sebagaimana diktum kedua wajib dilaporkan kepada Bupati Serang;"),
            ("KEEMPAT", "Keputusan ini berlaku sejak tanggal ditetapkan."),
        ], fw),
        Spacer(1, 14),
        signature(st, fw, d.signer, f"NIP. {d.nip}",
                  date_rows=[("Ditetapkan di", "Ciruas"), ("Pada tanggal", "\u00a0" * 12 + "Januari 2022")],
                  lines=["CAMAT CIRUAS"]),
        Spacer(1, 18), P("Tembusan:", st.left),
        *bullets(st, ["Yth. Bupati Serang Sebagai Laporan;", "Yth. Sekretaris Daerah Kabupaten Serang;",
                      "Yth. Inspektur Kabupaten Serang."], num),
        PageBreak(),
        lampiran_header(st, [("Lampiran", "Keputusan camat Ciruas"), ("Nomor", "900/Kep.004/Kec-Ciruas/2022"),
                             ("Tanggal", "Januari2022")], fw, 240),
        Spacer(1, 14),
    ]
    fracs = [0.06, 0.2, 0.22, 0.35, 0.17]
    for sec in d.sections:
        block = [P(sec.heading, st.title), Spacer(1, 8), block_labels(st, sec, fw), Spacer(1, 8)]
        story += [*with_table(block, indicator_table(st, sec, fw, fracs, repeat=False), fw), Spacer(1, 22)]
    story += [Spacer(1, 10), signature(st, fw, d.signer, f"NIP. {d.nip}", lines=["CAMAT CIRUAS"], frac=0.45)]
    doc.build(story)
    return d


# ==========================================================================
# camplong_2021 — Kabupaten Sampang (Jawa Timur). A4, DejaVuSerif, cover +
# narrative with its own signature first, landscape lampiran, header row
# repeated, No and Sasaran merged over different row ranges.
# ==========================================================================

CAM_COLS = ["No", "Sasaran/ Kinerja Utama", "Indikator Kinerja Utama", "Penjelasan / Formulasi Penghitungan", "Sumber Data"]
CAM_FIELDS = ["no", "sasaran", "indikator", "formula", "sumber_data"]
IKM_FORMULA = "(Total Nilai dari nilai persepsi per Unsur : Total Unsur yang terisi) x nilai tertimbang"

CAMPLONG_SECTIONS = [
    Section(
        "IKI", "Sekretaris Kecamatan Camplong", CAM_COLS, CAM_FIELDS,
        tugas="Sekretariat Kecamatan mempunyai tugas membantu camat dalam kegiatan administrasi umum, kepegawaian, keuangan, perlengkapan, penyusunan program, hubungan kerja dibidang administrasi dengan satuan kerja perangkat daerah terkait dan pengkoordinasian kegiatan dilingkungan kecamatan.",
        fungsi_intro="Untuk melaksanakan tugas sebagaimana dimaksud pada ayat (1), Sekretariat mempunyai fungsi :",
        fungsi=items("""
            Penyusunan perencanaan, pengendalian dan penyiapan bahan evaluasi pelaksanaan kegiatan kecamatan;
            Pengelolaan urusan keuangan kecamatan;
            Pelaksanaan tata usaha umum, tata usaha kepegawaian dan tata usaha perlengkapan kecamatan;
            Pelaksanaan urusan Rumah Tangga kecamatan;
            Penyelenggaraan hubungan kerja di bidang administrasi dengan satuan kerja perangkat kerja terkait;
            Pelaksanaan fungsi lain yang diberikan oleh Camat yang berkaitan dengan tugas dan fungsinya;
        """),
        rows=[
            ("1", "Meningkatkan kinerja pelayanan Peijinan dan administrasi Kependudukan", "IKM", plain(IKM_FORMULA),
             "Survei Kepuasan Masyarakat"),
            (S, S, "Prosentase penyelesaian pelayanan bidang administrasi kependudukan tepat waktu",
             stack("Jumlah KTP, KK dan Akta yang diproses tepat waktu", "Jumlah usulan pembuatann KTP, KK dan Akta", "x 100 %"),
             "Laporan kependudukan"),
            (S, S, "Prosentase penyelesaian pelayanan pertanahan tepat waktu",
             stack("Jumlah Akta tanah yang diproses tepat waktu", "Jumlah usulan pembuatann Akta Tanah", "x 100 %"),
             "Seksi Pemerintahan dan Yan Um"),
            (S, S, "Prosentase penyelesaian pelayanan perijinan teat waktu",
             stack("Jumlah IMB, HO, SIUP yang diproses tepat waktu", "Jumlah usulan pembuatann IMB, HO, SIUP", "x 100 %"),
             "Seksi Pemerintahan dan Yan Um"),
            ("2", "Meningkatkan partisipasi dalam keamanan dalam keamanan dan keteritban memadai", "Angka Kriminalitas",
             plain("(Jumlah kejadian kriminalitas \u2013 target jumlah kriminalitas)"), "Polsek"),
            (S, S, "Prosentase penyelesaian pengajuan SKCK dan ijin keramaian tepat waktu",
             stack("Jumlah SKCK Ijin keramaian yang diproses tepat waktu", "Jumlah usulan pembuatann SKCK Ijin keramaian", "x 100 %"),
             "Seksi Trantib"),
            ("3", "Meningkatkan Pengelolaan Administrasi Desa", "Prosentase desa yang tertib administrasi",
             stack("Jumlah desa yang tertib administrasi", "14 desa", "x 100 %"), "Administrasi desa"),
            (S, S, "Prosentase penyelesaian laporan pertanggungjawaban kecamatan tepat waktu",
             stack("Jumlah Dok pertanggungjawaban yg seklesai tepat waktu", "Jumlah Dokumen pertanggungjawaban yg haus ada", "x 100 %"),
             "Bagian keuangan"),
            (S, S, "Prosentase penyelesaian usulan anggaran desa tepat waktu",
             stack("Jumlah Dok APBDes yang tepat waktu", "14 Desa", "x 100 %"), "Seksi PMD dan Pemerintahan"),
            (S, S, "Prosentase penyelesaian laporan pertanggungjawaban desa tepat waktu",
             stack("Jumlah Dok SPJ Desa yang tepat waktu", "14 Desa", "x 100 %"), "Seksi PMD dan Pemerintahan"),
        ],
    ),
    Section(
        "IKI", "Sub Bagian Umum dan Kepegawaian", CAM_COLS, CAM_FIELDS,
        tugas="Sub Bagian Umum dan Kepegawaian, mempunyai tugas :",
        fungsi=items("""
            Menyusun rencana kerja Sub Bagian Umum dan Kepegawaian;
            Melaksanakan pelayanan administrasi umum, urusan surat menyurat dan ketatalaksanaan;
            Melakukan pengelolaan administrasi kepegawaian;
            Menyusun rencana kebutuhan dan mendistribusikan barang perlengkapan;
            Menyiapkan bahan untuk penghapusan dan inventarisasi barang;
            Melakukan pengelolaan administrasi naskah dinas;
            Melakukan keprotokolan dan mengurus perjalanan dinas sertahubungan masyarakat;
            Menyelenggarakan urusan pemeliharaan kebersihan, keindahan kantor dan keamanan;
            Menyiapkan sarana dan prasarana rapat dinas, sarasehan, seminar, acara pembinaan, upacara dan kunjungan kerja;
            melakukan upaya peningkatan dan pengawasan disiplin pegawai; dan
            Melaksanakan tugas lain yang diberikan oleh Sekretaris;
        """),
        rows=[
            ("1", "Meningkatnya Kinerja Pelayanan Perijinan Dan Administrasi Kependudukan",
             "Prosentase Penyelesaian Perencanaan Pembangunan tepat waktu",
             stack("Jumlah Dok perencanaan yg seklesai tepat waktu", "Jumlah Dokumen perencanaan yg harus ada", "x 100 %"), "RKA"),
            (S, S, "Tersedianya arsip surat masuk dan keluar",
             stack("Jumlah surat masuk dan keluar yang diarsip", "Jumlah Dokumen surat masuk dan keluar dalam register", "x 100 %"),
             "Register Surat masuk dan Keluar"),
            (S, S, "Prosentase sarana dan prasarana dalam kondisi baik",
             stack("Jumlah Sarana dan prasarana dalam kondisi baik", "Jumlah Sarana dan prasaran yang dimiliki", "x 100 %"),
             "Dokumen Inventaris Barang"),
        ],
    ),
    Section(
        "IKI", "Sub Bagian Keuangan", CAM_COLS, CAM_FIELDS,
        tugas="Sub Bagian Keuangan dan Program, Mempunyai tugas :",
        fungsi=items("""
            Menyusun rencana kerja Sub Bagian Keuangan dan Program ;
            Menghimpun bahan perencanaan program dan anggaran;
            Melaksanakan pengelolaan, pengadministrasian dan pembukuan keuangan;
            Melaksanakan verifikasi dan menyusun laporan pertanggungjawaban atas pelaksanaan pengelolaan keuangan;
            Melaksanakan pengelolaan pembayaran gaji pegawai;
            Menyetujui usulan pembayaran keuangan yang di ajukan pelaksana kegiatan; dan
            Melaksanakan tugas lain yang diberikan oleh Sekretaris;
        """),
        rows=[
            ("1", "Meningkatnya Kinerja Pelayanan Perijinan Dan Administrasi Kependudukan",
             "Prosentase Penyelesaian Perencanaan Pembangunan tepat waktu",
             stack("Jumlah Dok perencanaan yg seklseai tepat waktu", "Jumlah Dokumen perencanaan yg harus ada", "x 100 %"), "RKA"),
            (S, S, "Prosentase Penyelesaian laporan pertanggungjawaban kecamatan tepat waktu",
             stack("Jumlah Dok. Pertanggungjawaban yang selesai tepat waktu", "Jumlah Dokumen Pertanggungjawaban yang harus ada", "x 100 %"),
             "SPM"),
            (S, S, "Prosentase penyelesaian gaji pegawai tepat waktu",
             stack("SP2D gaji yang dicairkan", "Jumlah dokumen SPP-SPM gaji yang telah dibuat", "x 100 %"), "SPP-SPM"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Pemerintahan dan Pelayanan Umum Kecamatan Camplong", CAM_COLS, CAM_FIELDS,
        tugas="Seksi Pemerintahan, Mempunyai tugas :",
        fungsi=items("""
            Menyusun rencana kerja Seksi Pemerintahan;
            Melaksanakan penyelenggaraan pemerintahan dan koordinasi dengan instansi di lingkungan pemerintahan kecamatan;
            Melakukan pembinaan dan pengawasan pemerintahan Desa/Kelurahan;
            Melaksanakan administrasi kependudukan dan pencatatan sipil;
            Melaksanakan pelayanan administrasi kependudukan;
            Melakukan pembinaan teknis administrasi pertahanan/keagrariaan;
            Menyusun program pembinaan Sosial Politik dan ideologi negara dan kesatuan bangsa;
            Menyusun program dan penyelenggaraan pelayanan umum dan administrasi kepada masyarakat;
            Menyusun program dan penyelenggaraan pembinaan pelayanan kebersihan, keindahan, pertamanan dan sanitasi lingkungan;
            Menyusun program dan penyelenggaraan pembinaan pelayanan kekayaan dan inventarisasi wilayah;
            Mengumpulkan, mengolah data dan informasi, menginvestarisasi permasalahan serta melaksanakan pemecahan permasalahan yang berkaitan dengan pelayanan, informasi, dan pengaduan;
            Menyiapkan bahan kebijakan, bimbingan dan pembinaan serta petunjuk teknis yang berkaitan dengan informasi;
            Melaksanakan tugas lain yang diberikan oleh Camat.
        """),
        rows=[
            # "1" is merged over two Sasaran groups (the second one unnumbered), as printed.
            ("1", "Meningkatnya Kinerja Pelayanan Perijinan Dan Administrasi Kependudukan",
             "Prosentase Penyelesaian Pelayanan bidang Administrasi kependudukan tepat waktu",
             stack("Jumlah KTP, KK dan Akta yang diproses tepat waktu", "Jumlah Usulan pembuatan KTP, KK dan Akta"), "Laporan Kependudukan"),
            (S, S, "Prosentase Penyelesaian Pelayanan bidang Pertanahan tepat waktu",
             stack("Jumlah Akta Tanah yang diproses tepat waktu", "Jumlah Usulan pembuatan Akta Tanah"), "Register Pertanahan"),
            (S, S, "Prosentase Penyelesaian Pelayanan bidang Administrasi kependudukan tepat waktu",
             stack("Jumlah KTP, KK dan Akta yang diproses tepat waktu", "Jumlah Usulan pembuatan KTP, KK dan Akta"), "Laporan Kependudukan"),
            (S, "Meningkatnya Pengolahan dministrasi Desa", "Prosentase Penyelesaian Usulan Anggaran Desa tepat waktu",
             stack("Jumlah dokumen APBDes yang selesai tepat wakt", "14 Desa"), "APBDes"),
            (S, S, "Prosentase Penyelesaian Laporan Pertanggungjawaban desa tepat waktu",
             stack("Jumlah dokumen SPJ desa yang selesai tepat waktu", "14 desa"), "SPJ Desa"),
            ("2", "Meningkatnya Kinerja Pelayanan Perijinan dan Administrasi Kependudukan", "IKM", plain(IKM_FORMULA),
             "Survei Kepuasan Masyarakat"),
            (S, S, "Prosentase Penyelesaian pelayanan perijinan tepat waktu",
             stack("Jumlah IMB, HO, SIUP yang diproses tepat waktu", "Jumlah usulan pembuatann IMB, HO, SIUP"), "Register"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Ketentraman dan Ketertiban Kecamatan Camplong", CAM_COLS, CAM_FIELDS,
        tugas="Seksi Ketentraman dan Ketertiban, Mempunyai tugas :",
        fungsi=items("""
            Menyusun rencana kerja Seksi Ketentraman dan Ketertiban;
            Melaksanakan koordinasi upaya penyelenggaraan ketentraman dan ketertiban;
            Melaksanakan pembinaan ketentraman dan ketertiban;
            Melaksanakan koordinasi penerapan dan penegakan peraturan perundang- undangan;
            Menyelenggarakan pemberdayaan masyarakat di bidang ketentraman dan ketertiban umum;
            Melaksanakan penanggulangan dini gangguan ketentraman dan ketertiban;
            Melaksakan pembinaan dan pengendalian ketentraman dan ketertiban umum;
            Melaksanakan fasilitasi dan pembinaan kesiagaan dan penanggulangan bencana serta peningkatan sumber daya manusia satuan perlindungan masyarakat; dan
            Melaksanakan tugas lain yang diberikan oleh Camat.
        """),
        rows=[
            ("1", "Meningkatnya Partisipasi masyarakat dalam keamanan dan Ketertiban memadai", "Angka Kriminalitas",
             plain("Jumlah kejadian kriminalitas \u2013 Target Jumlah kriminalitas"), "Polsek Kec. Banyuates"),
            (S, S, "Prosentase Penyelesaian Pengajuan SKCK dan Ijin Keramaian tepat waktu",
             stack("Jumlah SKCK dan Ijin Keramaian yang diproses tepat waktu", "Jumlah Usulan pembuatan SKCK dan Ijin Keramaian"),
             "Register SKCK dan Register Ijin Keramaian"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Pemberdayaan Masyarakat Desa dan Kesejahteraan Sosial Kecamatan Camplong", CAM_COLS, CAM_FIELDS,
        tugas="Seksi Pemberdayaan Masyarakat Desa, Mempunyai tugas :",
        fungsi=items("""
            Melaksanakan program dan pembinaan pembangunan perekonomian masyarakat desa/kelurahan;
            Menyusun program dan pembinaan pengembangan kemampuan sumber daya masyarakat, akses modal dan pemasaran;
            Menyusun program dan pembinaan dibidang produksi dan distribusi hasil produksi;
            Menyusun program dan pembinaan peningkatan swadaya dan partisipasi untuk meningkatkan kehidupan pembangunan perekonomian masyarakat;
            Menyusun program dan pembinaan lingkungan hidup;
            Menyusun program dan pembinaan dalam meningkatkan peran serta masyarakat dalam penghijauan dan pengendalian pencemaran lingkungan;
            Menyusun program dan pembinaan pembangunan fisik wilayah desa/kelurahan;
            Menyusun program dan pembinaan pembangunan perekonomian masyarakat desa/kelurahan;
            Menyusun rencana kerja Seksi Kesejahteraan Rakyat;
            Menyusun program dan pembinaan dibidang kepemudaan, peranan wanita dan kegiatan olah raga;
            Menyusun program dan pembinaan dibidang kehidupan keagamaan, pendidikan dan kebudayaan;
            Menyusun program dan pembinaan dibidang kesehatan masyarakat dan Keluarga Berencana;
            Melaksanakan penanggulangan dini penyakit masyarakat dan bencana alam;
            Melaksanakan dan mengkoordinasikan upaya peningkatan kesejahteraan masyarakat;
            Melaksanakan investarisasi dan fasilitas penanggulangan masalah kesejahteraan masyarakat;
            Menyusun program dan pembinaan bantuan dan pelayanan sosial;
            Melaksanakan tugas lain yang diberikan oleh Camat.
        """),
        rows=[
            ("1", "Meningkatnya Partisipasi masyarakat dalam Perencanaan dan pelaksanaan Pembangunan",
             "Prosentase Penyelesaian Perencanaan Pembangunan tepat waktu",
             stack("Jumlah dokumen perencanaan yang selesai tepat waktu", "Jumlah Dokumen perencanaan yang harus ada"), "Musrenbangdes"),
            (S, S, "Prosentase Penyelesaian usulan anggaran desa tepat waktu",
             stack("Jumlah Dokumen APBDes yang selesai tepat waktu", "14 desa"), "APBDes"),
            (S, S, "Prosentase penyelesaian laporan pertanggungjawaban desa tepat waktu",
             stack("Jumlah Dokumen SPJ desa yang selesai tepat waktu", "14 desa"), "SPJ Desa"),
            ("2", "Meningkatnya Kinerja Pelayanan Perijinan dan Administrasi Kependudukan",
             "Prosentase Penyelesaian Buku Keejahteraan Sosial",
             stack("Jumlah buku register yang selesai dg baik tepat waktu", "Jumlah buku register kesos yang harus ada"),
             "Buku register kesos"),
            (S, S, "Prosentase Penyelesaian pelaksanaan distribusi raskin",
             stack("Jumlah raskin yang distribusi tepat waktu", "Jumlah total raskin yang diterima"), "Laporan distribusi"),
            (S, S, "Prosentase fasilitasi pelaksanaan perpustakaan keliling",
             stack("Jumlah kegiatan perpustakaan keliling yang tepat waktu", "Jumlah kegiatan perpustakaan keliling sesuai jadwal"),
             "Jadwal perpustakaan keliling"),
        ],
    ),
]

CAMPLONG = Decree(
    id="camplong_2021", provinsi="Jawa Timur", kabupaten="Sampang", kecamatan="Camplong", document_type="IKI",
    period=(2019, 2024), number="188/ /KEP/434.507/2019", date_iso="2022-01-28", place="Sampang",
    signer="SAFFAK, SE. MM", nip="19780714 200501 1 012", rank="Pembina", title="CAMAT CAMPLONG",
    mengingat=items("""
        Undang-Undang Nomor 32 Tahun 2004 tentang Pemerintahan Daerah (Lembaran Negara Tahun 2004 Nomor 125, Tambahan Lembaran Negara Nomor 4437) sebagaimana telah diubah beberapa kali terakhir dengan Undang-Undang nomor 12 Tahun 2008 tentang Pemerintahan Daerah (Lembaran Negara Republik Indonesia Tahun 2008 Nomor 59, Tambahan Lembaran Negara Republik Indonesia Nomor 4844) ;
        Peraturan Menteri Negara Pendayagunaan Aparatur Negara Nomor: PER/09/M.PAN/5/2007 tentang Pedoman Umum Penetapan Indikator Kinerja Utama di Lingkungan Instansi Pemerintah;
        Peraturan Daerah Kabupaten Sampang Nomor 7 Tahun 2016 tentang Pembentukan dan Susunan Perangkat Daerah (Lembaran Daerah Kabupaten Sampang Tahun 2016 Nomor 7);
        Peraturan Bupati Sampang Nomor 65 Tahun 2017 tentang Kedudukan, Susunan Organisasi, Tugas dan Fungsi Serta Tata Kerja Badan Kepegawaian Dan Pengembangan Sumber Daya Manusia Kabupaten Sampang;
    """),
    sections=CAMPLONG_SECTIONS, paper="A4", font="DejaVuSerif", orientation="landscape", repeat_header=True,
)

CAMPLONG_NARRATIVE = [
    ("BAB I PENDAHULUAN", None),
    ("1.1 Latar Belakang", [
        "Salah satu untuk memperkuat akuntabilitas dalam kerangka penerapan Pemerintahan yang baik (Good Government) merupakan prasyarat untuk mewujudkan aspirasi masyarakat dan mencapai tujuan serta cita-cita bangsa bernegara serta mewujudkan tata pemerintahan yang baik dan akuntabel. Pemerintahan yang akuntabel merupakan kewajiban yang perlu dilaksanakan dalam usaha mewujudkan visi misi pembangunan daerah dan aspirasi serta cita-cita masyarakat dalam mencapai masa depan yang lebih baik.",
        "Dalam rangka memenuhi maksud tersebut diatas maka Kantor Kecamatan Camplong Kabupaten Sampang menyusun Dokumen Indikator Kinerja Individu (IKI) dari instansi pemerintah yang bersangkutan.",
        "Dokumen Indikator Kinerja Individu (IKI) sebagai bentuk komitmen Kantor Kecamatan Camplong Kabupaten Sampang Tahun 2019 disusun berdasarkan Keputusan Camat Camplong Nomor 188/ /KEP/434.507/2019 tentang Penetapan Indikator Kinerja Individu (IKI) Kantor Kecamatan Camplong Kabupaten Sampang.",
    ]),
    ("Maksud Dan Tujuan", [
        "Maksud dan tujuan ditetapkan Indikator Kinerja Individu bagi instansi pemerintah adalah",
        ["Untuk memperoleh informasi kinerja yang penting dan diperlukan dalam menyelenggarakan manajemen Kinerja secara baik",
         "Untuk memperoleh ukuran keberhasilan dari pencapaian suatu tujuan dan sasaran strategis organisasi yang digunakan untuk perbaikan kinerja dan peningkatan akuntabilitas kinerja"],
    ]),
    ("BAB II INDIKATOR KINERJA INDIVIDU (IKI) KANTOR KECAMATAN CAMPLONG KABUPATEN SAMPANG", None),
    ("Dasar Penetapan Indikator Kinerja Individu (IKI)", [
        "Adapun hal \u2013 hal yang menjadi bahan pertimbangan dalam penetapan indikator kinerja individu (IKI) Kantor Kecamatan Camplong Kabupaten Sampang adalah sebagai berikut :",
        ["Program dan kegiatan yang dilaksanakan suatu instansi pemerintah akan terkait langsung dengan ukuran keberhasilan instansi tersebut yang merupakan penjabaran dari tugas dan fungsi instansi",
         "Dokumen Rencana Strategis Kantor Kecamatan Camplong Kabupaten Sampang Tahun 2019-2024",
         "Ketentuan pelaksanaan akuntabilitas kinerja instansi pemerintah"],
    ]),
    ("BAB III PENUTUP", None),
    ("", [
        "Dokumen Indikator Kinerja Individu (IKI) Kantor Kecamatan Camplong Kabupaten Sampang Tahun 2021 merupakan komitmen Kantor Kecamatan Camplong Kabupaten Sampang dalam penyelenggaraan pemerintahan yang baik (Good Governance) serta sebagai upaya untuk penyelenggaraan pemerintahan yang bersih (clean goverment).",
        "Dengan tersusunnya dokumen ini diharapkan bermanfaat dan dapat digunakan sebagaimana mestinya",
    ]),
]


def narrative(st: St, parts: Sequence[tuple[str, Any]], chapter_breaks: bool = True) -> list[Flowable]:
    """Chapters ('BAB ...' -> new page) with headed paragraphs and numbered lists."""
    out: list[Flowable] = []
    for head, body in parts:
        if body is None:
            if chapter_breaks and out:
                out.append(PageBreak())
            out += [P(head, st.chapter), Spacer(1, 12)]
            continue
        if head:
            out += [P(head, st.left_b), Spacer(1, 4)]
        for chunk in body:
            if isinstance(chunk, list):
                out += bullets(st, chunk, num, 1.2 * cm)
                out.append(Spacer(1, 6))
            else:
                out.append(P(chunk, st.para))
        out.append(Spacer(1, 6))
    return out


def block_numbered(st: St, sec: Section) -> list[Flowable]:
    """Camplong style: '1. JABATAN : X', '2. tugas', '3. fungsi intro', a./b. items."""
    b1 = st.bullet(0, 18)
    out: list[Flowable] = [Paragraph(f"JABATAN : {escape(sec.jabatan or '')}", b1, bulletText="1.")]
    out.append(Paragraph(escape(sec.tugas), b1, bulletText="2."))
    if sec.fungsi_intro:
        out.append(Paragraph(escape(sec.fungsi_intro), b1, bulletText="3."))
    out += bullets(st, sec.fungsi, alpha, 18)
    return out


def build_camplong(path: Path) -> Decree:
    d = CAMPLONG
    st = St("DejaVuSerif", 10.5, 8.5)

    def furniture(canv: Canvas, doc: BaseDocTemplate) -> None:
        if doc.page > 1:  # page number at the top, as the Word original does
            canv.setFont("DejaVuSerif", 9)
            canv.drawCentredString(canv._pagesize[0] / 2, canv._pagesize[1] - 1.2 * cm, f"- {doc.page} -")

    doc, fw, fw_land = make_doc(path, d.paper, (2.5 * cm, 2 * cm, 2 * cm, 2 * cm), "Keputusan Camat Camplong", furniture)
    cover = ParagraphStyle("cover", parent=st.chapter, fontSize=20, leading=28)
    story: list[Flowable] = [
        Spacer(1, 4 * cm), P("INDIKATOR KINERJA INDIVIDU (IKI)", cover), Spacer(1, 1 * cm),
        *centered(st, ["KECAMATAN CAMPLONG", "KABUPATEN SAMPANG", "TAHUN 2021"], cover),
        Spacer(1, 7 * cm), *centered(st, ["PEMERINTAH KABUPATEN SAMPANG", "2021"], st.title),
        PageBreak(),
        *narrative(st, CAMPLONG_NARRATIVE),
        Spacer(1, 10),
        signature(st, fw, d.signer, f"NIP. {d.nip}", d.rank, lines=["Sampang, 31 Januari 2022", "CAMAT CAMPLONG"],
                  bold_title=False, scribble=False),
        PageBreak(),
    ]
    story += kop(st, ["PEMERINTAH KABUPATEN SAMPANG", "KECAMATAN CAMPLONG"],
                 ["Jl. Raya Camplong No. 37", "CAMPLONG - 69281"], fw, False)
    story += [
        P("KEPUTUSAN CAMAT CAMPLONG KABUPATEN SAMPANG", st.title),
        P(f"Nomor : {d.number}", st.center), Spacer(1, 6), P("TENTANG", st.center_b), Spacer(1, 4),
        *centered(st, ["PENETAPAN INDIKATOR KINERJA INDIVIDU KANTOR KECAMATAN CAMPLONG", "KABUPATEN SAMPANG TAHUN 2019-2024"]),
        Spacer(1, 8), P("CAMAT CAMPLONG", st.center_b), Spacer(1, 8),
        label_table(st, "Menimbang", [
            "Bahwa untuk dapat mengukur kinerja individu di lingkungan Kantor Kecamatan Camplong Kabupaten Sampang, diperlukan alat ukur berupa Indikator Kinerja Individu ;",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud pada huruf a dan b di atas, Camat Camplong Kabupaten Sampang perlu menetapkan keputusan tentang Penetapan Indikator Kinerja Individu Kantor Kecamatan Camplong Kabupaten Sampang Tahun 2019-2024.",
        ], fw, alpha),
        Spacer(1, 4), label_table(st, "Mengingat", d.mengingat, fw, num),
        Spacer(1, 8), P("MEMUTUSKAN", st.center_b), Spacer(1, 6),
        diktum_table(st, [
            ("Menetapkan", "Keputusan Camat Camplong Kabupaten Sampang Tentang Penetapan Indikator Kinerja Individu Kantor Kecamatan Camplong Kabupaten Sampang."),
            ("Pertama", "Indikator Kinerja Individu Kantor Kecamatan Camplong Kabupaten Sampang sebagaimana tersebut dalam lampiran Keputusan ini ;"),
            ("Kedua", [P("Indikator Kinerja Individu Kantor Kecamatan Camplong Kabupaten Sampang merupakan acuan ukuran kinerja yang dimanfaatkan untuk :", st.body),
                       *bullets(st, ["Perencanaan Strategis Perangkat Daerah", "Perencanaan Tahunan Perangkat Daerah",
                                     "Perjanjian Kinerja", "Laporan Kinerja"], alpha)]),
            ("Ketiga", bullets(st, ["Keputusan ini berlaku sejak tanggal ditetapkan ;",
                                    "Apabila dikemudian hari terdapat kesalahan dalam Keputusan ini akan dilakukan perubahan sebagaimana mestinya."], alpha)),
        ], fw),
        Spacer(1, 12),
        signature(st, fw, d.signer, f"NIP. {d.nip}", d.rank,
                  date_rows=[("Ditetapkan di", "S A M P A N G"), ("Pada Tanggal", "28 Januari 2022")],
                  lines=["CAMAT CAMPLONG", "KABUPATEN SAMPANG"]),
        NextPageTemplate("landscape"), PageBreak(),
        lampiran_header(st, [("Lampiran", "Keputusan Camat Camplong Kabupaten Sampang"), ("Nomor", d.number),
                             ("Tanggal", "28 Januari 2022")], fw_land, 300),
        Spacer(1, 8),
    ]
    fracs = [0.045, 0.2, 0.22, 0.375, 0.16]
    for i, sec in enumerate(d.sections):
        if i:
            story.append(PageBreak())
        story += [P(sec.heading, st.title), Spacer(1, 8), *block_numbered(st, sec), Spacer(1, 8),
                  indicator_table(st, sec, fw_land, fracs, repeat=True)]
    doc.build(story)
    return d


# ==========================================================================
# merakurak_2021 — Kabupaten Tuban (Jawa Timur). A4 portrait throughout,
# Helvetica, IKU table then IKI tables without a No column but with
# Penanggung jawab, "-----" / "....." rule formulas next to stacked ones,
# Sumber Data / Penanggung jawab merged down (one merge cut by a page break).
# ==========================================================================

MER_FIELDS = ["sasaran", "indikator", "formula", "sumber_data", "penanggung_jawab"]
MER_COLS = ["Sasaran Kegiatan", "Indikator Kinerja", "Penjelasan / Formulasi Perhitungan", "Sumber Data", "Penanggung jawab"]
LHK = "Laporan Hasil Kegiatan"

MERAKURAK_SECTIONS = [
    Section(
        "IKU", None,
        ["KinerjaUtama/ SasaranStrategis", "IndikatorKinerjaUtama (Satuan)", "Penjelasan / Formulasi Perhitungan", "Sumber Data", "Penanggungjawab"],
        MER_FIELDS, heading="INDIKATOR KINERJA UTAMA (IKU)",
        rows=[
            ("Meningkatnya kualitas pelayanan administrasi terpadu kecamatan", "Nilai Indek Kepuasan Masyarakat (IKM)",
             plain("Hasil survei independen atas penyelenggaraan pelayanan publik di Kecamatan"), "Seksi Pelayanan Umum", "Camat"),
            ("Meningkatnya penyelenggaraan pemerintahan kecamatan dan pembinaan pemerintahan desa",
             "Persentase rekomendasi hasil koordinasi yang ditindaklanjuti dalam satu tahun bidang pemerintahan, pembangunan, Perekonomian, ketentraman dan ketertiban umum dan kesejahteraan sosial",
             dashes("Jumlah rekomendasi hasil koordinasi yang ditindaklanjuti dalam satu tahun bidang pemerintahan, pembangunan, perekonomian, ketentraman dan ketertiban umum dan kesejahteraan sosial",
                    "Jumlah rekomendasi hasil koordinasi bidang pemerintahan, pembangunan, perekonomian, ketentraman dan ketertiban umum dan kesejahteraan sosial 1 tahun",
                    "X 100%", align="right"),
             "Seksi Pemerintahan\nSeksi PMD\nSeksi Trantib\nSeksi Kesra", S),
            ("Peningkatan jumlah BUMDes pada tingkat kecamatan", "Jumlah BUMDes yang terbentuk pada tingkat kecamatan", "",
             "Seksi PMD", S),
        ],
    ),
    Section(
        "IKI", "Sekretaris Camat Merakurak",
        ["Sasaran", "Indikator Kinerja", "Penjelasan / Formulasi Perhitungan", "Sumber Data", "Penanggung Jawab"], MER_FIELDS,
        heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Menyelenggarakan administrasi umum dan kepegawaian, keuangan, penyusunan program dan pelaporan serta membantutugas Camat dalam melaksanakan tugas penyelenggaraan pemerintahan.",
        fungsi=items("""
            Penyelenggaraan administrasi umum dan urusan rumah tangga;
            Penyelenggaraan pengelolaan barang milik daerah yang menjadi tanggung jawab Kecamatan ;
            Penyelenggaraan urusan pembangunan, pemeliharaan dan pengamanan bangunan serta fasilitas kantor ;
            Pelaksanaan tugas-tugas ketatalaksanaan dan keprotokolanan ;
            Pelaksanaan tugas-tugas yang menyangkut hukum dan kehumasan ;
            Pengelolaan administrasi kepegawaian ;
            Penyelenggaraan administrasi keuangan ;
            Pelaksanaan penyusunan program dan laporan;
            Pelaksanaan penyusunan dokumen perencanaan dan pelaporan akuntabilitas kinerja;
            Perumusan kebijakan pengelolaan dan pengamanan barang milik daerah yang menjadi tanggung jawab Kecamatan;
            Pelaksanaan penilaian kinerja bawahan sebagai bahan pertimbangan pengembangan karier;
            Pelaksanaan laporan/pertanggungjawaban kepada Camat; dan
            Pelaksanaan fungsi lain yang diberikan oleh Camat sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("Meningkatnya Kinerja Administrasi Perkantoran",
             "Persentase angka indek kepuasan aparatur terhadap pelayanan administrasi perkantoran .",
             stack("Jumlah Aparatur OPD yang puasterhadap pelayanan administrasi perkantoran", "Jumlah Aparatur OPD"),
             "Sekretariat", "Sekcam"),
            ("Meningkatnya Kapasitas Sumber Daya Aparatur", "Persentase aparatur SKPD mematuhi peraturan kedinasan .",
             stack("Jumlah Aparatur yang mematuhi Peraturan Kedinasan", "Jumlah Aparatur OPD"), S, S),
            ("Meningkatnya Akuntabilitas Kinerja Perangkat Daerah", "Nilai AKIP OPD",
             plain("Hasil Nilai AKIP Kecamatan Merakurak"), S, S),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Ketentraman dan Ketertiban",
        ["Sasaran / Kinerja", "Indikator Kinerja", "Penjelasan / Formulasi Perhitungan", "Sumber Data", "Penanggung Jawab"], MER_FIELDS,
        heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Menyiapkan bahan koordinasi dan pembinaan kegiatan ketentraman dan ketertiban, serta penerapan dan penegakan peraturan perundang-undangan.",
        fungsi=items("""
            Penyediaan bahan koordinasi dengan kepolisian Negara Republik Indonesia dan/atau Tentara Nasional Indonesia mengenai program dankegiatanpenyelenggaraanketentramandanketertibanumum di wilayahkecamatan;
            Penyediaan bahan koordinasi dengan pemuka agama yang berada di wilayah kerja kecamatan untuk mewujudkan ketentraman dan ketertiban umum masyarakat di wilayah kecamatan;
            Penyediaan bahan koordinasi dengan satuan kerja perangkat daerah yang tugas dan fungsinya di bidang penerapan peraturanperundang-undangan;
            Penyediaan bahan koordinasi dengan satuan kerja perangkat daerah yang tugas dan fungsinya di bidang penegakan peraturan perundang-undangandan / atau Kepolisian Negara Republik Indonesia;
            Penyediaan bahan laporan pelaksanaan pembinaan ketentraman dan ketertiban kepada Bupati;
            Penyediaan bahan laporan pelaksanaan penerapan dan penegakan peraturan perundang- undangan di wilayah kecamatan Kepada Bupati;
            Pelaksanaanlaporan / petanggungjawaban kepada Camat; dan
            Pelaksanaan tugas lain yang diberikan oleh Camatsesuai dengantugasdanfungsinya.
        """),
        rows=[
            ("Terlaksananya Pemantauan Keamanan dan Ketertiban Wilayah",
             "Persentase Pemantauan Keamanan dan Ketertiban Wilayah yang dilaksanakan",
             dashes("Jumlah Pemantauan Keamanan dan Ketertiban Wilayah yang dilaksanakan", "JumlahPemantauan Keamanan dan Ketertiban Wilayah"),
             LHK, "Camat"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Pemerintahan", MER_COLS, MER_FIELDS, heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Menyiapkan bahan koordinasi dan pembinaan penyelenggaraan kegiatan pemerintahan",
        fungsi=items("""
            Penyiapan dan penyediaan bahan koordinasi dan sinkronisasi dengan perangkat daerah dan instansi vertikal di bidang pemerintahan;
            Penyiapan dan penyediaan bahan evaluasi di bidang pemerintahan;
            Penyediaan bahan laporan penyelenggaraan pemerintahan;
            Penyediaan bahan pembinaan dan pengawasan tertib administrasi pemerintahan desa;
            Penyediaanbahanbimbingan, supervisi, fasilitasi, dan konsultasi pelaksanaan administrasi desa;
            Penyediaan bahan pembinaan dan pengawasanterhadap aparatur pemerintahan desa;
            Pelaksanaan tugas lain yang diberikan oleh Camat sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("Terlaksananya Asistensi Pengelolaan Keuangan Desa",
             "Persentase Desa yang mendapatkan asistensi pengelolaan Keuangan desa sesuai dengan peraturan",
             stack("Jumlah Desa yang mendapatkan asistensi pengelolaan Keuangan desa sesuai dengan peraturan",
                   "Jumlah Desa yang mendapatkan asistensi pengelolaan Keuangan desa"), LHK, "Kepala Seksi Pemerintahan"),
            ("Terlaksananya Fasilitasi Bantuan Keuangan Alokasi Dana Desa",
             "Persentase desa yang mendapatkan fasilitas bantuan keuangan alokasi dana desa tepat waktu",
             stack("Jumlah desa yang mendapatkan fasilitas bantuan keuangan alokasi dana desa tepat waktu",
                   "Jumlah Desa yang mendapatkan fasilitas bantuan keuangan alokasi dana desa"), S, S),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Pelayanan Umum",
        ["SasaranKegiatan", "IndikatorKinerja", "Penjelasan / FormulasiPerhitungan", "Sumber Data", "Penanggung jawab"], MER_FIELDS,
        heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Menyiapkan bahan koordinasi dan pembinaan kegiatan pelayanan umum.",
        fungsi=items("""
            Penyediaan bahan koordinasi dengan perangkat daerah dan/atau instansi vertikal di bidang pelayanan umum dan perizinan;
            Penyediaan bahan perencanaan kegiatan pelayanan kepada masyarakat;
            Penyediaan bahan sosialisasi perizinan;
            Pelaksanaan evaluasi pelayanan umum kepada masyarakat;
            Penyediaan bahan laporan pelaksanaan pelayanan umum;
            Pelaksanaan penilaian kinerja bawahan sebagai bahan pertimbangan pengembangan karier;
            Pelaksanaan laporan/pertanggungjawaban kepada Camat; dan
            Pelaksanaan fungsi lain yang diberikan oleh Camat sesuai dengan tugas dan fungsinya
        """),
        rows=[
            ("Terlaksanananya Operasional pelaksanaan perijinan di tingkat kecamatan.",
             "Persentase perijinan di tingkat kecamatan yang diterbitkan.",
             dashes("Jumlah perijinan yang diterbitkan sesuai ketentuan", "Jumlah perijinan"), LHK, "Kepala Seksi Pelayanan Umum"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Pemberdayaan Masyarakat", MER_COLS, MER_FIELDS, heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Menyiapkan bahan koordinasi dan pembinaan kegiatan pemberdayaan masyarakat.",
        fungsi=items("""
            Penyediaan bahan pembinaan partisipasi masyarakat untuk ikut serta dalam perencanaan pembangunan lingkup kecamatan dalam forum musyawarah perencanaan pembangunan di desa dan kecamatan;
            Penyediaan bahan pembinaan dan pengawasan terhadap keseluruhan unit kerja baik pemerintah maupun swasta yang mempunyai program kerja dan kegiatan pemberdayaan masyarakat di wilayah kerja kecamatan;
            Penyediaan bahan evaluasi terhadap berbagai kegiatan pemberdayaan masyarakat di wilayah kecamatan baik yang dilakukan oleh unit kerja pemerintah maupun swasta;
            Pelaksanaan tugas-tugas lain di bidang pemberdayaan masyarakat sesuai dengan peraturan perundang-undangan; dan
            Penyediaan bahan laporan pelaksanaan tugas pemberdayaan masyarakat di wilayah kerja kecamatan kepada Bupati;
            Pelaksanaan laporan / pertanggung jawaban kepada Camat; dan
            Pelaksanaan tugas lain yang diberikan oleh Camat sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            # The seed prints two fractions for one indicator; here the second one gets its own
            # indicator row (one Indikator cell = one row) under the merged Sasaran.
            ("Terlaksananya Fasilitasi Penataan Kelembagaan Masyarakat Desa",
             "Persentase desa yang mendapatkan Fasilitasi Penataan Kelembagaan Masyarakat Desa",
             dashes("Jumlah desa yang mendapatkan Fasilitasi Penataan Kelembagaan Masyarakat Desa sesuai peraturan", "Jumlah desa", fill="."),
             LHK, "Kepala Seksi Pemberdayaan Masyarakat"),
            (S, "Persentase desa yang memiliki BUMDes", dashes("Jumlah BUMDes yang terbentuk", "Jumlah desa", fill="."), S, S),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Kesejahteraan Masyarakat", MER_COLS, MER_FIELDS, heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Menyiapkan bahan koordinasi dan pembinaan kegiatan kesejahteraan masyarakat.",
        fungsi=items("""
            Penyediaan bahan koordinasi, fasilitas bantuan social/keagamaan, kesehatan, kebudayaan, pemuda dan olah raga serta peranan wanita;
            Penyediaan bahan koordinasi pembinaan bidang keagamaan, pendidikan, kebudayaan dan kesehatan masyarakat;
            Penyediaan bahan laporan bidang kesejahteraan masyarakat;
            Pelaksanaan penilaian kinerja bawahan sebagai bahan pertimbangan pengembangan karier;
            Pelaksanaan laporan/pertanggungjawaban kepada Camat; dan
            Pelaksanaan fungsi lain yang diberikan oleh Camat sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("Terlaksananya Koordinasi Penyelenggaraan Kemasyarakatan", "Persentase Koordinasi Penyelenggaraan Kemasyarakatan",
             dashes("Jumlah desa yang mendapatkan Koordinasi Penyelenggaraan Kemasyarakatan tepat waktu", "Jumlah desa"),
             LHK, "Kepala Seksi Kesra"),
        ],
    ),
    Section(
        "IKI", "Kepala Sub Bagian Program dan Pelaporan", MER_COLS, MER_FIELDS, heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Menyiapkan bahan penyusunan program dan pelaporan.",
        fungsi=items("""
            Penyiapan dan penyediaan bahan pengumpulan, pengolahan dan penyajian bahan penyusunan program;
            Penyiapan dan penyediaan bahan koordinasi rencana kegiatan jangka pendek, menengah dan panjang;
            Penyiapan dan penyediaan bahan pelaksanaan koordinasi, sinkronasi program kegiatan dan pelaporan ;
            Penyiapan dan penyediaan bahan penyusunan rencana anggaran pendapatan belanja;
            Penyiapan dan penyediaan bahan pelaksanaan tatausaha keuangan dan anggaran belanja;
            Penyiapan dan penyediaan bahan pelaksanaan tugas-tugas ketatalaksanaan;
            Penyiapan dan penyediaan bahan penyusunan bahan evaluasi dan laporan kegiatan;
            Penyiapan dan penyediaan bahan penyusunan dokumen perencanaan dan pelaporan akuntabilitas kinerja;
            Pelaksanaan penilaian kinerja bawahan sebagai bahan pertimbangan pengembangan karier;
            Pelaksanaan lapaoran/pertanggung jawaban kepada Sekretaris Kecamatan; dan
            Pelaksanaan tugas lain yang diberikan oleh Sekretaris Kecamatan sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("Terlaksananya Koordinasi dan Penyusunan Perencanaan, Pengendalian dan Evaluasi, Pelaporan dan Publikasi Kinerja Perangkat Daerah.",
             "Persentase dokumen Perencanaan, Pengendalian dan Evaluasi, Pelaporan dan Publikasi Kinerja Perangkat Daerah.",
             dashes("Jumlah dokumen Perencanaan, Pengendalian dan Evaluasi, Pelaporan dan Publikasi Kinerja Perangkat Daerah tepat waktu",
                    "Jumlah dokumen Perencanaan, Pengendalian dan Evaluasi, Pelaporan dan Publikasi Kinerja Perangkat Daerah"),
             LHK, "Kasubbag Program dan Pelaporan"),
        ],
    ),
    Section(
        "IKI", "Kepala Sub Bagian Umum dan Kepegawaian", MER_COLS, MER_FIELDS, heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Menyiapkan bahan penyusunan petunjuk teknis, pembinaan dibidang administrasi umum, sarana / prasarana, rumah tangga, kepegawaian dan keuangan.",
        fungsi=items("""
            Penyiapan dan penyediaan bahan pengelolaan tata usaha dan kearsipan;
            Penyiapan dan penyediaan bahan pelaksanaan urusan rumah tangga;
            Penyiapan dan penyediaan bahan pelaksanaan penatausahaan kepegawaian;
            Penyiapan dan penyediaan bahan pelaksanaan tugas-tugas kehumasan dan keprotokolan;
            Penyiapan dan penyediaan bahan pelaksanaan tata usaha keuangan dan anggaran belanja;
            Penyiapan dan penyediaan bahan pelaksanaan penatausahaan, pemeliharaan dan pengamanan barang milik daerah yang menjadi tanggung jawab kecamatan;
            Pelaksanaan penilaian kinerja bawahan sebagai bahan pertimbangan pengembangan karier;
            Pelaksanaan laporan / pertanggungjawaban kepada Sekretaris Kecamatan; dan
            Pelaksanaan tugas lain yang diberikan oleh Sekretaris Kecamatan sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("Terlaksananya Penyediaan Jasa Perkantoran", "Persentase jenis jasa administrasi perkantoran",
             stack("Jumlah jasa administrasi perkantoran yang terpenuhi tepat waktu", "Jumlah jasa administrasi perkantoran"),
             LHK, "Kasubbag Umum dan Kepegawaian"),
            ("Terlaksananya Penyediaan Peralatan Perkantoran", "Persentase jenis peralatan perkantoran yang tersedia",
             stack("Jumlah peralatan perkantoran yang terpenuhi tepat waktu", "Jumlah peralatan perkantoran"), S, S),
            ("Terlaksananya Pemeliharaan Rutin Sarana dan Prasarana Perkantoran",
             "Persentase jenis sarana dan prasarana perkantoran yang terpelihara",
             stack("Jumlah sarana dan prasarana perkantoran yang terpelihara tepat waktu", "Jumlah sarana dan prasarana perkantoran"), S, S),
            ("Terlaksananya Pengadaan Sarana dan Prasarana Perkantoran", "Persentase jenis sarana dan prasarana perkantoran yang diadakan",
             stack("Jumlah sarana dan prasarana perkantoran yang diadakan tepat waktu", "Jumlah sarana dan prasarana perkantoran"), S, S),
            ("Terlaksananya Rapat-rapat Koordinasi dan Konsultasi ke luar Daerah",
             "Persentase rapat koordinasi dan konsultasi ke luar daerah yang diikuti",
             stack("Jumlah rapat koordinasi dan konsultasi ke luar daerah yang diikuti", "Jumlah rapat koordinasi dan konsultasi ke luar daerah"),
             S, S),
            ("Terlaksananya Pengadaan Pakaian Dinas Beserta Perlengkapannya.",
             "Persentase pakaian dinas beserta kelengkapannya yang diadakan.",
             stack("Jumlah pakaian dinas beserta kelengkapannya yang diadakan tepat waktu", "Jumlah pakaian dinas beserta kelengkapannya"),
             S, S),
            ("Terlaksananya Peningkatan Kompetensi Sumber Daya Aparatur", "Persentase aparatur yang mengikuti kompetensi sumber daya aparatur.",
             stack("Jumlah aparatur yang mengikuti kompetensi sumber daya aparatur", "Jumlah aparatur"), S, S),
            ("Terlaksananya Fasilitasi kinerja pengelolaan keuangan perangkat daerah",
             "Persentase dokumen pengelolaan keuangan perangkat daerah yang tersusun.",
             stack("Jumlah dokumen pengelolaan keuangan perangkat daerah yang tersusun tepat waktu",
                   "Jumlah dokumen pengelolaan keuangan perangkat daerah"), S, S),
        ],
    ),
]

MERAKURAK = Decree(
    id="merakurak_2021", provinsi="Jawa Timur", kabupaten="Tuban", kecamatan="Merakurak", document_type="IKU+IKI",
    period=(2021, 2021), number="188.45/ 03 / KEP /414.413/ 2021", date_iso="2021-01-21", place="Merakurak",
    signer="BREDDY ARIANTO M, AP", nip="19740226 199311 1 001", rank="Pembina Tingkat I", title="CAMAT MERAKURAK",
    mengingat=items("""
        Peraturan Pemerintah Nomor 8 tahun 2006 tentang Pelaporan Keuangan dan Kinerja Instansi Pemerintah (Lembaran Negara Republik Indonesia tahun 2006 Nomor 25, Tambahan Lembaran Negara Republik Indonesia Nomor 4614);
        Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah (Lembaran Negara Republik Indonesia Tahun 2016 Nomor 83, Tambahan Lembaran Negara Republik Indonesia Nomor 5887) ;
        Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah;
        Peraturan Menteri Negara Pendayaaan Aparatur Negara Nomor PER/09/M.PAN/5/2007 tentang Pedoman Umum Penetapan Indikator Kinerja Utama di Lingkungan Instansi Pemerintah;
        Peraturan Menteri Negara Pendayaaan Aparatur Negara Nomor PER/20/M.PAN/11/2008 tentang Pedoman Penyusunan Indikator Kinerja Utama;
        Peraturan Menteri Negara Pendayaaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014 tentang Petunjuk Tehnis Perjanjian Kinerja dan Tata Cara Reviu Atas Laporan Kinerja;
        Peraturan Daerah Kabupaten Tuban Nomor 14 Tahun 2016 tentang Pembentukan dan Susunan Perangkat Daerah (Lembaran Daerah Kabupaten Tuban Tahun 2016 Seri D Nomor 1);
        Peraturan Daerah Kabupaten Tuban Nomor 24 Tahun 2016 tentang Rencana Pembangunan Jangka Menengah daerah Kabupaten Tuban tahun 2016-2021 (Lembaran Daerah Kabupaten Tuban Tahun 2016 Seri E Nomor 63);
        Peraturan Bupati Tuban Nomor 69 Tahun 2016 tentang Kedudukan, Susunan Organisasi, Tugas dan Fungsi serta Tata Kerja Kecamatan Kabupaten Tuban;
        Peraturan Bupati Tuban Nomor 25 Tahun 2017 tentang Indikator Kinerja Utama di Lingkungan Pemerintah Kabupaten Tuban Tahun 2016-2021.
    """),
    sections=MERAKURAK_SECTIONS, paper="A4", font="Helvetica", orientation="portrait", repeat_header=False,
)


def block_bold(st: St, sec: Section) -> list[Flowable]:
    """Merakurak style: bold 'Jabatan : X' paragraphs and a numbered Fungsi list."""
    return [
        M(f"<b>Jabatan : {escape(sec.jabatan or '')}</b>", st.left), Spacer(1, 3),
        M(f"<b>Tugas :</b> {escape(sec.tugas)}", st.body), Spacer(1, 3),
        M("<b>Fungsi :</b>", st.left),
        *bullets(st, sec.fungsi, num, 0.6 * cm),
    ]


def build_merakurak(path: Path) -> Decree:
    d = MERAKURAK
    st = St("Helvetica", 11, 8.5)
    doc, fw, _ = make_doc(path, d.paper, (2.5 * cm, 2 * cm, 1.8 * cm, 2 * cm), "Keputusan Camat Merakurak")
    story: list[Flowable] = kop(st, ["PEMERINTAH KABUPATEN TUBAN", "KECAMATAN MERAKURAK"],
                                ["Jalan. Raya Merakurak No. 88 Telp. (0356) 711679", "MERAKURAK - 62355"], fw, True)
    story += [
        *centered(st, ["KEPUTUSAN CAMAT MERAKURAK", "KABUPATEN TUBAN"], st.title), Spacer(1, 4),
        P(f"NOMOR : {d.number}", st.center), Spacer(1, 6), P("TENTANG", st.center), Spacer(1, 4),
        *centered(st, ["PENETAPAN INDIKATOR KINERJA UTAMA (IKU)", "KECAMATAN MERAKURAK", "KABUPATEN TUBAN"]),
        Spacer(1, 8), P("CAMAT MERAKURAK,", st.center_b), Spacer(1, 8),
        label_table(st, "Menimbang", [
            "bahwa untuk melaksanakan ketentuan Pasal 3 dan 4 Peraturan Menteri Negara Pendayagunaan Aparatur Negara Nomor PER/9/ M.PAN/5/2007 tentang Pedoman Umum Penetapan Indikator Kinerja Utama (IKU) di lingkungan instansi pemerintah;",
            "bahwa Indikator Kinerja Utama (IKU) Kecamatan Merakurak Kabupaten Tuban Tahun 2021, perlu ditetapkan dengan surat Keputusan Camat Merakurak Kabupaten Tuban;",
        ], fw, alpha),
        Spacer(1, 4), label_table(st, "Mengingat", d.mengingat, fw, num),
        Spacer(1, 8), P("MEMUTUSKAN", st.center_b), Spacer(1, 6),
        diktum_table(st, [
            ("MENETAPKAN", ""),
            ("PERTAMA", "Indikator Kinerja Utama (IKU) sebagaimana tercantum dalam lampiran Keputusan ini, merupakan acuan ukuran kinerja yang digunakan oleh Satuan Kerja Perangkat Daerah (SKPD) dilingkungan Pemerintah Kabupaten Tuban untuk menetapkan Rencana Kinerja Tahunan, menyampaikan Rencana Kerja dan Anggaran menyusun dokumen Penetapan Kinerja, menyusun Laporan Akuntabilitas Kinerja serta melakukan evaluasi pencapaian kinerja sesuai dengan Dokumen Rencana Strategis."),
            ("KEDUA", "Penyusunan Laporan Indikator Kinerja Utama (IKU) dilakukan oleh setiap pimpinan unit kerja pada setiap awal tahun dan disampaikan kepada Bupati Tuban."),
            ("KETIGA", "Keputusan ini berlaku sejak tanggal ditetapkan."),
        ], fw, 84),
        Spacer(1, 12),
        # sic: "Ditetapkan : di Merakurak", as printed in the original
        signature(st, fw, d.signer, f"NIP. {d.nip}", d.rank,
                  date_rows=[("Ditetapkan", "di Merakurak"), ("Pada Tanggal", "21 Januari 2021")], lines=["CAMAT MERAKURAK"]),
        PageBreak(),
        lampiran_header(st, [("Lampiran", "Keputusan Camat Merakurak"), ("Nomor", d.number), ("Tanggal", "21 Januari 2021")], fw, 250),
        Spacer(1, 12),
    ]
    fracs = [0.17, 0.22, 0.285, 0.14, 0.185]
    grey = colors.HexColor("#D9D9D9")
    iku, *iki = d.sections
    story += [P(iku.heading, st.title), Spacer(1, 4),
              M("<b>Visi : Kabupaten Tuban yang lebih Religius, Bersih, Maju dan Sejahtera</b>", st.center), Spacer(1, 8),
              indicator_table(st, iku, fw, fracs, repeat=False, head_bg=grey)]
    for sec in iki:
        story += [PageBreak(), P(sec.heading, st.title), Spacer(1, 8), *block_bold(st, sec), Spacer(1, 10),
                  indicator_table(st, sec, fw, fracs, repeat=False, head_bg=grey)]
    doc.build(story)
    return d


# ==========================================================================
# booklet_2023 — invented. F4, DejaVuSans, cover + narrative chapters that
# end with their own signature/date, then the decree, then a landscape
# lampiran: IKU table for the office and IKI tables per position, nine
# columns with a two-row header (Target over 2023/2024) repeated on each page,
# Indonesian number formats, inline / word / plain formulas.
# ==========================================================================

BK_COLS = ["No", "Sasaran Strategis", "Indikator Kinerja", "Definisi Operasional", "Formula", "Satuan",
           "Target 2023", "Target 2024", "Sumber Data"]
BK_FIELDS = ["no", "sasaran", "indikator", "definisi", "formula", "satuan", "target", "target", "sumber_data"]
IKM_WORDS = "(Total Nilai dari nilai persepsi per Unsur : Total Unsur yang terisi) x nilai penimbang"

BOOKLET_SECTIONS = [
    Section(
        "IKU", None, BK_COLS, BK_FIELDS, heading="INDIKATOR KINERJA UTAMA (IKU) KECAMATAN MERTOYUDAN",
        rows=[
            ("1", "Meningkatnya kualitas pelayanan publik kecamatan", "Indeks Kepuasan Masyarakat (IKM)",
             "Nilai hasil survei kepuasan masyarakat terhadap pelayanan administrasi terpadu kecamatan",
             plain(IKM_WORDS), "Indeks", "85,5", "86,25", "Survei Kepuasan Masyarakat"),
            ("2", "Meningkatnya kualitas penyelenggaraan pemerintahan kecamatan",
             "Persentase rekomendasi hasil koordinasi yang ditindaklanjuti",
             "Rekomendasi hasil rapat koordinasi bidang pemerintahan, pembangunan dan kesejahteraan sosial yang ditindaklanjuti dalam satu tahun",
             words("Jumlah rekomendasi hasil koordinasi yang ditindaklanjuti", "jumlah rekomendasi hasil koordinasi"),
             "%", "80", "82,5", "Seksi Pemerintahan"),
            (S, S, "Persentase desa yang tertib administrasi",
             "Desa yang administrasi pemerintahannya dinilai tertib berdasarkan hasil pembinaan dan pengawasan kecamatan",
             inline("Jumlah desa yang tertib administrasi", "Jumlah seluruh desa"), "%", "86,5", "90", "Seksi Pemerintahan"),
            ("3", "Meningkatnya partisipasi masyarakat dalam perencanaan pembangunan", "Persentase kehadiran peserta musrenbang kecamatan",
             "Unsur masyarakat yang hadir dalam musyawarah perencanaan pembangunan tingkat kecamatan",
             inline("Jumlah kehadiran peserta musrenbang", "Jumlah undangan peserta musrenbang"), "%", "90", "92,5",
             "Seksi Pemberdayaan Masyarakat Desa"),
            ("4", "Meningkatnya pelayanan administrasi terpadu kecamatan", "Jumlah dokumen pelayanan administrasi yang diterbitkan",
             "Dokumen Pelayanan Administrasi Terpadu Kecamatan (PATEN) yang diterbitkan dalam satu tahun",
             plain("Jumlah dokumen PATEN yang diterbitkan dalam satu tahun"), "Dokumen", "1.250", "1.300", "Register PATEN"),
            ("5", "Meningkatnya ketentraman dan ketertiban umum", "Persentase gangguan ketentraman dan ketertiban umum yang ditangani",
             "Kejadian gangguan trantibum yang dilaporkan masyarakat dan ditangani bersama unsur Forkopimcam",
             inline("Jumlah gangguan trantibum yang ditangani", "Jumlah gangguan trantibum yang dilaporkan"), "%", "95", "95",
             "Seksi Ketentraman dan Ketertiban Umum"),
            ("6", "Meningkatnya akuntabilitas pengelolaan keuangan dan aset", "Persentase temuan pemeriksaan yang ditindaklanjuti",
             "Rekomendasi hasil pemeriksaan Inspektorat dan BPK atas kecamatan yang selesai ditindaklanjuti",
             words("Jumlah temuan pemeriksaan yang ditindaklanjuti", "jumlah seluruh temuan pemeriksaan"), "%", "100", "100",
             "LHP Inspektorat"),
            ("7", "Meningkatnya kualitas pelayanan kesejahteraan sosial",
             "Persentase penyandang masalah kesejahteraan sosial (PMKS) yang difasilitasi",
             "PMKS yang mendapatkan fasilitasi bantuan sosial melalui kecamatan",
             inline("Jumlah PMKS yang difasilitasi", "Jumlah PMKS yang terdata"), "%", "70", "75", "Seksi Kesejahteraan Sosial"),
            (S, S, "Jumlah desa yang melaksanakan verifikasi dan validasi DTKS",
             "Desa yang melaksanakan musyawarah desa untuk pemutakhiran Data Terpadu Kesejahteraan Sosial",
             plain("Jumlah desa yang melaksanakan musdes verifikasi dan validasi DTKS"), "Desa", "13", "13",
             "Seksi Kesejahteraan Sosial"),
        ],
    ),
    Section(
        "IKI", "Sekretaris Kecamatan", BK_COLS, BK_FIELDS, heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Merencanakan operasional, mengelola, mengkoordinasikan, mengendalikan, mengevaluasi dan melaporkan urusan umum, kepegawaian, keuangan, perencanaan, evaluasi dan pelaporan.",
        fungsi=items("""
            Perencanaan operasional urusan umum, kepegawaian, keuangan serta pengelolaan perencanaan, evaluasi dan pelaporan;
            Pengoordinasian urusan umum, kepegawaian, keuangan, perencanaan, evaluasi dan pelaporan Kecamatan;
            Pengelolaan informasi publik terkait kebijakan Kecamatan;
            Pelaksanaan tugas lain yang diberikan oleh atasan, sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("1", "Meningkatnya akuntabilitas kinerja kecamatan", "Nilai AKIP Kecamatan",
             "Nilai hasil evaluasi akuntabilitas kinerja instansi pemerintah oleh Inspektorat Daerah",
             plain("Hasil Nilai AKIP Kecamatan Mertoyudan"), "Nilai", "70,5", "72", "LHE AKIP Inspektorat"),
            ("2", "Meningkatnya kualitas perencanaan dan penganggaran", "Persentase capaian realisasi keuangan kecamatan",
             "Perbandingan realisasi belanja terhadap anggaran belanja kecamatan pada tahun berjalan",
             inline("Realisasi anggaran belanja Kecamatan", "Jumlah anggaran belanja Kecamatan"), "%", "95", "96,5", "LRA Kecamatan"),
            (S, S, "Persentase sasaran, program dan kegiatan Renja yang selaras dengan Renstra",
             "Keselarasan dokumen Renja Kecamatan terhadap Renstra Kecamatan",
             words("Jumlah sasaran, program dan kegiatan Renja yang selaras dengan Renstra", "jumlah seluruh sasaran, program dan kegiatan Renja"),
             "%", "100", "100", "Dokumen Renja dan Renstra"),
            ("3", "Meningkatnya kualitas pelayanan internal", "Nilai IKM pelayanan internal kecamatan",
             "Hasil survei kepuasan pegawai terhadap layanan kesekretariatan", plain("IKM Kecamatan"), "Indeks", "82", "83,5",
             "Survei Kepuasan Pegawai"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Pemerintahan", BK_COLS, BK_FIELDS, heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Merencanakan, melaksanakan, mengevaluasi dan melaporkan pelaksanaan tugas Pemerintahan.",
        fungsi=items("""
            Perencanaan program kegiatan urusan Pemerintahan;
            Pelaksanaan urusan Pemerintahan;
            Pembuatan laporan dan evaluasi program kegiatan urusan Pemerintahan;
            Pelaksanaan tugas lain yang diberikan oleh atasan sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("1", "Meningkatnya fasilitasi dan koordinasi lingkup Pemerintahan", "Persentase kegiatan lingkup Pemerintahan yang difasilitasi",
             "Kegiatan pemerintahan desa yang mendapat fasilitasi kecamatan",
             inline("Jumlah kegiatan lingkup Pemerintahan yang difasilitasi", "Jumlah seluruh kegiatan lingkup Pemerintahan yang ada"),
             "%", "85", "87,5", "Seksi Pemerintahan"),
            ("2", "Meningkatnya pelaksanaan pelayanan administrasi terpadu kecamatan sesuai standar pelayanan",
             "Persentase dokumen pelayanan yang diproses", "Dokumen permohonan pelayanan yang selesai diproses sesuai standar pelayanan",
             words("Jumlah dokumen pelayanan yang diproses", "jumlah dokumen pelayanan yang masuk"), "%", "97,5", "98", "Register PATEN"),
            ("3", "Meningkatnya basis data terpadu Kecamatan", "Persentase pemenuhan ketersediaan database Kecamatan",
             "Database kecamatan yang tersedia dan mutakhir", inline("Jumlah database yang ada", "Jumlah database yang seharusnya ada"),
             "%", "75", "80", "Seksi Pemerintahan"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Ketentraman dan Ketertiban Umum", BK_COLS, BK_FIELDS, heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Merencanakan, melaksanakan, mengevaluasi dan melaporkan pelaksanaan tugas ketentraman dan ketertiban umum.",
        fungsi=items("""
            Perencanaan program kegiatan urusan Ketentraman dan Ketertiban Umum;
            Pelaksanaan urusan Ketentraman dan Ketertiban Umum;
            Pembuatan laporan dan evaluasi program kegiatan urusan Ketentraman dan Ketertiban Umum;
            Pelaksanaan tugas lain yang diberikan oleh atasan sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("1", "Meningkatnya kualitas pelayanan keamanan dan ketertiban",
             "Persentase penanganan pengaduan masyarakat dilingkup trantib yang ditindak lanjuti",
             "Pengaduan gangguan ketentraman dan ketertiban yang ditindaklanjuti dalam satu tahun",
             inline("Jumlah pengaduan trantib yang ditindaklanjuti", "Jumlah pengaduan trantib yang masuk"), "%", "90", "92",
             "Seksi Trantibum"),
            (S, S, "Jumlah kegiatan pemantauan keamanan dan ketertiban wilayah", "Patroli dan pemantauan wilayah bersama unsur Forkopimcam",
             plain("Jumlah kegiatan pemantauan yang dilaksanakan dalam satu tahun"), "Kegiatan", "24", "24", "Laporan Hasil Kegiatan"),
            ("2", "Meningkatnya kesiapsiagaan masyarakat terhadap bencana", "Persentase desa yang memiliki satlinmas terlatih",
             "Desa dengan anggota satuan perlindungan masyarakat yang telah mengikuti pelatihan",
             words("Jumlah desa yang memiliki satlinmas terlatih", "jumlah seluruh desa"), "%", "60", "70", "Seksi Trantibum"),
        ],
    ),
    Section(
        "IKI", "Kepala Seksi Pemberdayaan Masyarakat Desa", BK_COLS, BK_FIELDS, heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Merencanakan, melaksanakan, mengevaluasi dan melaporkan pelaksanaan tugas Pemberdayaan Masyarakat Desa.",
        fungsi=items("""
            Perencanaan program kegiatan urusan Pemberdayaan Masyarakat;
            Pelaksanaan urusan Pemberdayaan Masyarakat;
            Pembuatan laporan dan evaluasi program kegiatan urusan Pemberdayaan Masyarakat;
            Pelaksanaan tugas lain yang diberikan oleh atasan sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("1", "Meningkatnya fungsi lembaga dan organisasi kemasyarakatan", "Jumlah kegiatan LPM yang dilaksanakan",
             "Kegiatan Lembaga Pemberdayaan Masyarakat yang difasilitasi kecamatan",
             inline("Jumlah kegiatan LPM yang dilaksanakan", "Jumlah kegiatan LPM yang ditargetkan"), "%", "80", "85", "Seksi PMD"),
            (S, S, "Persentase desa dengan BUMDes aktif", "BUMDes yang menjalankan usaha dan melaporkan kegiatannya",
             words("Jumlah desa dengan BUMDes aktif", "jumlah seluruh desa"), "%", "46,15", "53,85", "Seksi PMD"),
            ("2", "Meningkatnya partisipasi masyarakat dalam perencanaan pembangunan", "Persentase kehadiran peserta musrenbang desa",
             "Kehadiran unsur masyarakat pada musrenbang desa yang didampingi kecamatan",
             inline("Jumlah kehadiran peserta musrenbang desa", "Jumlah undangan peserta musrenbang desa"), "%", "85", "87,5",
             "Daftar hadir musrenbang"),
        ],
    ),
    Section(
        "IKI", "Kepala Sub Bagian Umum dan Kepegawaian", BK_COLS, BK_FIELDS, heading="INDIKATOR KINERJA INDIVIDU (IKI)",
        tugas="Merencanakan, melaksanakan, mengevaluasi dan melaporkan pelaksanaan tugas administrasi umum dan kepegawaian.",
        fungsi=items("""
            Pengelolaan urusan administrasi umum yang meliputi kehumasan dan dokumentasi, perlengkapan, rumah tangga, sarana prasarana, aset;
            Penyiapan bahan kebijakan dan petunjuk teknis yang berkaitan dengan urusan kepegawaian;
            Pelaksanaan tugas lain yang diberikan oleh atasan, sesuai dengan tugas dan fungsinya.
        """),
        rows=[
            ("1", "Meningkatnya kualitas layanan umum kecamatan", "Persentase sarana dan prasarana kantor dalam kondisi baik",
             "Barang milik daerah pada kecamatan yang tercatat dalam kondisi baik",
             inline("Jumlah sarana dan prasarana kantor dalam kondisi baik", "Jumlah seluruh sarana dan prasarana kantor"),
             "%", "92,5", "93", "KIB Kecamatan"),
            ("2", "Meningkatnya kualitas SDM kecamatan", "Persentase ASN yang hadir tepat waktu",
             "Kehadiran ASN tepat waktu berdasarkan rekap presensi elektronik",
             words("Jumlah ASN yang hadir tepat waktu", "jumlah seluruh ASN Kecamatan"), "%", "95", "96", "Rekap presensi"),
            (S, S, "Jumlah ASN yang mengikuti peningkatan kompetensi", "ASN yang mengikuti diklat, bimtek atau pelatihan minimal 20 JP",
             plain("Jumlah ASN yang mengikuti pelatihan minimal 20 JP dalam satu tahun"), "Orang", "18", "20", "Sub Bagian Umum dan Kepegawaian"),
        ],
    ),
]

BOOKLET = Decree(
    id="booklet_2023", provinsi="Jawa Tengah", kabupaten="Magelang", kecamatan="Mertoyudan", document_type="IKU+IKI",
    period=(2023, 2026), number="050/ 017 /KEP/Kec.Mtd/2023", date_iso="2023-01-16", place="Mertoyudan",
    signer="ANDRI SETYAWAN, S.STP., M.Si.", nip="19820417 200112 1 003", rank="Pembina", title="CAMAT MERTOYUDAN",
    mengingat=items("""
        Undang-Undang Nomor 13 Tahun 1950 tentang Pembentukan Daerah-daerah Kabupaten dalam Lingkungan Propinsi Djawa Tengah;
        Undang-Undang Nomor 28 Tahun 1999 tentang Penyelenggaraan Negara yang Bersih dan Bebas dari Korupsi, Kolusi dan Nepotisme;
        Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah (Lembaran Negara Republik Indonesia Tahun 2014 Nomor 244, Tambahan Lembaran Negara Republik Indonesia Nomor 5587) sebagaimana telah beberapa kali diubah terakhir dengan Undang-Undang Nomor 9 Tahun 2015 tentang Perubahan Kedua atas Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;
        Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan;
        Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah;
        Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014 tentang Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi Pemerintah;
        Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 6 Tahun 2022 tentang Pengelolaan Kinerja Pegawai Aparatur Sipil Negara;
        Peraturan Bupati Magelang Nomor ... Tahun 2021 tentang Kedudukan, Susunan Organisasi, Tugas dan Fungsi serta Tata Kerja Kecamatan.
    """),
    sections=BOOKLET_SECTIONS, paper="F4", font="DejaVuSans", orientation="landscape", repeat_header=True,
)

BOOKLET_NARRATIVE = [
    ("KATA PENGANTAR", None),
    ("", [
        "Puji syukur kita panjatkan kehadirat Allah SWT, atas limpahan rahmat dan karunia-Nya, kami telah dapat menyelesaikan dokumen Indikator Kinerja Utama (IKU) dan Indikator Kinerja Individu (IKI) Kecamatan Mertoyudan Kabupaten Magelang Tahun 2023-2026. Dokumen ini digunakan untuk menentukan tingkat keberhasilan yang akan dicapai serta tingkat kinerja Kecamatan Mertoyudan.",
        "Indikator Kinerja Utama ini disusun sejalan dengan tujuan dan sasaran pembangunan Pemerintah Kabupaten Magelang dan berpedoman pada Rencana Pembangunan Daerah Kabupaten Magelang Tahun 2023-2026 serta tugas pokok dan fungsi Kecamatan Mertoyudan.",
    ]),
    ("BAB I PENDAHULUAN", None),
    ("1.1 Latar Belakang", [
        "Dalam rangka reformasi birokrasi yang sedang dilaksanakan di Indonesia, penerapan Indikator Kinerja Utama ini akan sangat mewarnai berbagai kebijakan yang akan diterapkan. Penyusunan Indikator Kinerja Utama (IKU) sebagai bagian yang tak terpisahkan dari Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) merupakan upaya membangun sistem manajemen pemerintahan yang transparan, partisipatif, akuntabel dan berorientasi pada hasil.",
        "Pemerintahan yang akuntabel merupakan sebuah keharusan yang perlu dilaksanakan dalam usaha mewujudkan aspirasi serta cita-cita masyarakat dalam mencapai masa depan yang lebih baik. Berkenaan dengan hal tersebut diperlukan pengembangan dan penerapan sistem pengukuran kinerja yang tepat, jelas dan terukur, sehingga penyelenggaraan pemerintahan dan pembangunan dapat berlangsung secara berdaya guna, berhasil guna, serta bebas dari korupsi, kolusi dan nepotisme.",
        "Dengan demikian Pemerintah Kecamatan Mertoyudan menetapkan Indikator Kinerja Utama (IKU) dan Indikator Kinerja Individu (IKI) dengan harapan dapat memberikan informasi kinerja yang penting dan diperlukan dalam penyelenggaraan manajemen kinerja secara baik.",
    ]),
    ("1.2 Maksud dan Tujuan", [
        "Tujuan ditetapkannya Indikator Kinerja Utama (IKU) dan Indikator Kinerja Individu (IKI) ini adalah :",
        ["Untuk memperoleh informasi kinerja yang penting dan diperlukan dalam penyelenggaraan manajemen kinerja secara baik.",
         "Untuk memperoleh ukuran keberhasilan dan pencapaian suatu tujuan dan sasaran strategis organisasi yang digunakan untuk perbaikan kinerja dan peningkatan akuntabilitas kinerja."],
    ]),
    ("1.3 Landasan Penyusunan", [
        "Adapun Indikator Kinerja Kecamatan Mertoyudan ini dibuat merujuk pada sejumlah peraturan antara lain :",
        ["Undang-undang Nomor 17 Tahun 2003 tentang Keuangan Negara;",
         "Undang-undang Nomor 25 Tahun 2004 tentang Sistem Perencanaan Pembangunan Nasional;",
         "Undang-undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;",
         "Peraturan Pemerintah Nomor 8 Tahun 2008 tentang Tahapan, Tata Cara Penyusunan, Pengendalian dan Evaluasi Pelaksanaan Rencana Pembangunan Daerah;",
         "Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah."],
    ]),
    ("BAB II PENGERTIAN INDIKATOR KINERJA", None),
    ("2.1 Definisi Indikator Kinerja Utama", [
        "Indikator Kinerja Utama adalah ukuran keberhasilan dari suatu tujuan dan sasaran strategis organisasi. Setiap instansi pemerintah wajib merumuskan Indikator Kinerja Utama sebagai suatu prioritas program dan kegiatan yang mengacu pada sasaran strategis dalam dokumen perencanaan daerah dan Renstra Perangkat Daerah.",
        "Indikator Kinerja Individu adalah ukuran keberhasilan yang menggambarkan tingkat pencapaian sasaran kinerja setiap pejabat dan pelaksana, yang diturunkan secara berjenjang dari Indikator Kinerja Utama organisasi.",
    ]),
    ("2.2 Syarat Kriteria Indikator Kinerja", [
        "Penetapan Indikator Kinerja harus memenuhi karakteristik dan kriteria yang memadai, yaitu :",
        ["Spesifik; Indikator Kinerja harus spesifik mengacu pada apa yang akan diukur, sehingga mempunyai persepsi yang sama.",
         "Measurable; Indikator Kinerja harus dapat diukur secara obyektif baik yang bersifat kuantitatif maupun kualitatif.",
         "Achievable; Indikator Kinerja yang ditetapkan harus dapat dikumpulkan datanya oleh organisasi.",
         "Relevant; Indikator Kinerja harus merupakan alat ukur yang menggambarkan sedekat mungkin keberhasilan yang akan diukur.",
         "Timelines; Indikator kinerja yang ditetapkan menggambarkan suatu kinerja yang dapat dicapai untuk kurun waktu tertentu."],
    ]),
    ("BAB III PENUTUP", None),
    ("", [
        "Dengan ditetapkannya Indikator Kinerja Utama dan Indikator Kinerja Individu di lingkungan Kecamatan Mertoyudan diharapkan dapat dijadikan pedoman dan ukuran kinerja pelaksanaan pembangunan sehingga dapat dijadikan dasar dalam pembuatan perjanjian kinerja yang harus diwujudkan oleh para pejabat sebagai pelaksana tugas dan tanggung jawab.",
        "Mudah-mudahan dokumen ini dapat dijadikan parameter terhadap pencapaian kinerja aparatur pemerintah dalam pelaksanaan pembangunan.",
    ]),
]


def build_booklet(path: Path) -> Decree:
    d = BOOKLET
    st = St("DejaVuSans", 10, 7.6)
    foot = "IKU dan IKI Kecamatan Mertoyudan Tahun 2023-2026"

    def furniture(canv: Canvas, doc: BaseDocTemplate) -> None:
        if doc.page == 1:
            return
        w = canv._pagesize[0]
        canv.setLineWidth(0.4)
        canv.line(2 * cm, 1.5 * cm, w - 2 * cm, 1.5 * cm)
        canv.setFont("DejaVuSans-Oblique", 8)
        canv.drawString(2 * cm, 1.1 * cm, foot)
        canv.drawRightString(w - 2 * cm, 1.1 * cm, f"Halaman {doc.page}")

    doc, fw, fw_land = make_doc(path, d.paper, (2.5 * cm, 2 * cm, 2 * cm, 2.2 * cm), "Keputusan Camat Mertoyudan", furniture)
    cover = ParagraphStyle("cover", parent=st.chapter, fontSize=19, leading=27)
    story: list[Flowable] = [
        Spacer(1, 4 * cm),
        *centered(st, ["INDIKATOR KINERJA UTAMA (IKU)", "DAN", "INDIKATOR KINERJA INDIVIDU (IKI)"], cover),
        Spacer(1, 1 * cm), *centered(st, ["KECAMATAN MERTOYUDAN", "TAHUN 2023-2026"], cover),
        Spacer(1, 3 * cm), Emblem(90), Spacer(1, 5 * cm),
        *centered(st, ["PEMERINTAH KABUPATEN MAGELANG", "KECAMATAN MERTOYUDAN", "2023"], st.title),
        PageBreak(),
        *narrative(st, BOOKLET_NARRATIVE),
        Spacer(1, 14),
        signature(st, fw, d.signer, f"NIP. {d.nip}", d.rank, lines=["Mertoyudan, 2 Januari 2023", "CAMAT MERTOYUDAN"],
                  bold_title=False),
        PageBreak(),
    ]
    story += kop(st, ["PEMERINTAH KABUPATEN MAGELANG", "KECAMATAN MERTOYUDAN"],
                 ["Jalan Magelang - Yogyakarta Km. 5, Mertoyudan, Kabupaten Magelang, Kode Pos 56172"], fw, True)
    story += [
        P("KEPUTUSAN CAMAT MERTOYUDAN", st.title), P(f"NOMOR : {d.number}", st.center), Spacer(1, 6),
        P("TENTANG", st.center_b), Spacer(1, 4),
        *centered(st, ["PENETAPAN INDIKATOR KINERJA UTAMA DAN INDIKATOR KINERJA INDIVIDU",
                       "KECAMATAN MERTOYUDAN KABUPATEN MAGELANG", "TAHUN 2023-2026"]),
        Spacer(1, 8), P("CAMAT MERTOYUDAN,", st.center_b), Spacer(1, 8),
        label_table(st, "Menimbang", [
            "bahwa dalam rangka mewujudkan tata kelola pemerintahan yang baik dan akuntabel, perlu ditetapkan ukuran keberhasilan dari tujuan dan sasaran strategis Kecamatan Mertoyudan Kabupaten Magelang;",
            "bahwa untuk melaksanakan ketentuan Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 6 Tahun 2022 tentang Pengelolaan Kinerja Pegawai Aparatur Sipil Negara, setiap pejabat dan pelaksana wajib memiliki Indikator Kinerja Individu;",
            "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan Keputusan Camat Mertoyudan tentang Penetapan Indikator Kinerja Utama dan Indikator Kinerja Individu Kecamatan Mertoyudan Kabupaten Magelang Tahun 2023-2026;",
        ], fw, alpha),
        Spacer(1, 4), label_table(st, "Mengingat", d.mengingat, fw, num),
        Spacer(1, 8), P("MEMUTUSKAN :", st.center_b), Spacer(1, 6),
        diktum_table(st, [
            ("Menetapkan", "KEPUTUSAN CAMAT MERTOYUDAN TENTANG PENETAPAN INDIKATOR KINERJA UTAMA DAN INDIKATOR KINERJA INDIVIDU KECAMATAN MERTOYUDAN KABUPATEN MAGELANG TAHUN 2023-2026."),
            ("KESATU", "Menetapkan Indikator Kinerja Utama (IKU) Kecamatan Mertoyudan dan Indikator Kinerja Individu (IKI) Pejabat Administrator dan Pengawas pada Kecamatan Mertoyudan Kabupaten Magelang Tahun 2023-2026 sebagaimana tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari Keputusan ini."),
            ("KEDUA", "Indikator Kinerja sebagaimana dimaksud dalam Diktum KESATU merupakan acuan ukuran kinerja yang digunakan untuk menyusun Rencana Kerja, Perjanjian Kinerja, Laporan Kinerja serta melakukan evaluasi pencapaian kinerja."),
            ("KETIGA", "Capaian Indikator Kinerja sebagaimana dimaksud dalam Diktum KESATU dilaporkan kepada Bupati Magelang melalui Sekretaris Daerah setiap akhir tahun anggaran."),
            ("KEEMPAT", "Keputusan ini mulai berlaku pada tanggal ditetapkan."),
        ], fw),
        Spacer(1, 12),
        signature(st, fw, d.signer, f"NIP. {d.nip}", d.rank,
                  date_rows=[("Ditetapkan di", "Mertoyudan"), ("Pada tanggal", "16 Januari 2023")], lines=["CAMAT MERTOYUDAN,"]),
        Spacer(1, 14), P("Tembusan :", st.left),
        *bullets(st, ["Bupati Magelang (sebagai laporan);", "Sekretaris Daerah Kabupaten Magelang;",
                      "Inspektur Daerah Kabupaten Magelang;", "Kepala Bappeda Kabupaten Magelang."], num),
        NextPageTemplate("landscape"), PageBreak(),
        lampiran_header(st, [("Lampiran", "Keputusan Camat Mertoyudan"), ("Nomor", d.number),
                             ("Tanggal", "16 Januari 2023")], fw_land, 280),
        Spacer(1, 8),
    ]
    fracs = [0.035, 0.13, 0.14, 0.16, 0.2, 0.065, 0.06, 0.06, 0.15]
    shade = colors.HexColor("#D9E2F3")
    for sec in d.sections:
        block: list[Flowable] = [P(sec.heading, st.title), Spacer(1, 6)]
        if sec.jabatan:
            block += [block_labels(st, sec, fw_land * 0.8, bold=True), Spacer(1, 6)]
        table = indicator_table(st, sec, fw_land, fracs, repeat=True, head_bg=shade)
        story += [*with_table(block, table, fw_land), Spacer(1, 16)]
    story.append(signature(st, fw_land, d.signer, f"NIP. {d.nip}", d.rank, lines=["CAMAT MERTOYUDAN,"], frac=0.35))
    doc.build(story)
    return d


# --------------------------------------------------------------------------

BUILDERS: list[tuple[str, Callable[[Path], Decree]]] = [
    ("ciruas_2022", build_ciruas),
    ("camplong_2021", build_camplong),
    ("merakurak_2021", build_merakurak),
    ("booklet_2023", build_booklet),
]


def main() -> None:
    register_fonts()
    (HERE / "gold").mkdir(exist_ok=True)
    for sample_id, build in BUILDERS:
        decree = build(HERE / f"{sample_id}.pdf")
        assert decree.id == sample_id
        text = json.dumps(gold(decree), ensure_ascii=False, indent=2)
        (HERE / "gold" / f"{sample_id}.json").write_text(text + "\n", encoding="utf-8")
        rows = sum(len(s.rows) for s in decree.sections)
        print(f"{sample_id}: {len(decree.sections)} sections, {rows} rows")


if __name__ == "__main__":
    main()
