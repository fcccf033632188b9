"""Drawing with reportlab: paragraph styles, the letterhead, label tables, signature blocks, and ruled
indicator tables that break across pages like Word's. Layout only; what is drawn comes from samples/content."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
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
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)
from reportlab.platypus.flowables import HRFlowable

from samples.kit.model import Cell, Formula, Section, _Same

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
PAPERS = {"A4": A4, "F4": (215 * mm, 330 * mm)}  # F4/Folio = 609.4 x 935.4 pt
BLACK = colors.black


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
        self.chapter = ps("chapter", alignment=TA_CENTER, fontName=self.bold, fontSize=size + 2,
                          leading=(size + 2) * 1.4)
        self.para = ps("para", alignment=TA_JUSTIFY, firstLineIndent=1.2 * cm, spaceAfter=6)
        self.cell_l = ps("cell_l", fontSize=cell, leading=cell * 1.22)
        self.cell_c = ps("cell_c", fontSize=cell, leading=cell * 1.22, alignment=TA_CENTER)
        self.cell_r = ps("cell_r", fontSize=cell, leading=cell * 1.22, alignment=TA_RIGHT)
        self.head = ps("head", fontSize=cell, leading=cell * 1.22, alignment=TA_CENTER, fontName=self.bold)
        self.catch = ps("catch", alignment=TA_RIGHT, spaceBefore=6)  # Word's catchword before a page break

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
        middle = [*NOPAD, ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        out = [Table([[Emblem(), text, ""]], colWidths=[62, fw - 124, 62], style=middle)]
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


# --------------------------------------------------------------------------
# Jabatan / Tugas / Fungsi above each table, and narrative chapters
# --------------------------------------------------------------------------


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
    return Table(rows, colWidths=[58, 12, text_w], style=[*NOPAD, ("BOTTOMPADDING", (0, 0), (-1, -1), 4)],
                 hAlign="LEFT")


def narrative(st: St, parts: Sequence[dict[str, Any]], chapter_breaks: bool = True) -> list[Flowable]:
    """Chapters ('BAB ...' -> new page) with headed paragraphs, each part's numbered list after them."""
    out: list[Flowable] = []
    for part in parts:
        if "chapter" in part:
            if chapter_breaks and out:
                out.append(PageBreak())
            out += [P(part["chapter"], st.chapter), Spacer(1, 12)]
            continue
        if part.get("head"):
            out += [P(part["head"], st.left_b), Spacer(1, 4)]
        out += [P(text, st.para) for text in part.get("paras", [])]
        if part.get("items"):
            out += [*bullets(st, part["items"], num, 1.2 * cm), Spacer(1, 6)]
        out.append(Spacer(1, 6))
    return out


def block_numbered(st: St, sec: Section) -> list[Flowable]:
    """'1. JABATAN : X', '2. tugas', '3. fungsi intro', a./b. items."""
    b1 = st.bullet(0, 18)
    out: list[Flowable] = [Paragraph(f"JABATAN : {escape(sec.jabatan or '')}", b1, bulletText="1.")]
    out.append(Paragraph(escape(sec.tugas), b1, bulletText="2."))
    if sec.fungsi_intro:
        out.append(Paragraph(escape(sec.fungsi_intro), b1, bulletText="3."))
    out += bullets(st, sec.fungsi, alpha, 18)
    return out


def block_bold(st: St, sec: Section) -> list[Flowable]:
    """bold 'Jabatan : X' paragraphs and a numbered Fungsi list."""
    return [
        M(f"<b>Jabatan : {escape(sec.jabatan or '')}</b>", st.left), Spacer(1, 3),
        M(f"<b>Tugas :</b> {escape(sec.tugas)}", st.body), Spacer(1, 3),
        M("<b>Fungsi :</b>", st.left),
        *bullets(st, sec.fungsi, num, 0.6 * cm),
    ]
