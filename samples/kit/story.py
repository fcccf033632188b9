"""A decree's content blocks drawn in order: the front matter and closing from `[[front]]` / `[[closing]]`, the
lampiran from `[[section]]`.

A block is a TOML table whose first key names its kind (a function in BLOCKS) and whose other keys are that
function's options; `after = N` adds N pt of space below it. Lengths are points, or strings such as "4cm".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, NextPageTemplate, PageBreak, Spacer

from samples.kit import draw
from samples.kit.draw import M, P, St
from samples.kit.model import Decree, Section


@dataclass
class Ctx:
    """What a block needs: the decree, its styles and the width of the frame it lands in."""

    decree: Decree
    st: St
    widths: dict[str, float]  # frame width per page template
    template: str = "portrait"
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)

    @property
    def fw(self) -> float:
        return self.widths[self.template]

    def style(self, name: str) -> ParagraphStyle:
        return self.styles.get(name) or getattr(self.st, name)


def length(v: float | str) -> float:
    return float(v.removesuffix("cm")) * cm if isinstance(v, str) else v


MARKERS: dict[str, Callable[[int], str]] = {"alpha": draw.alpha, "num": draw.num}


def _lines(v: str | list[str]) -> list[str]:
    return [v] if isinstance(v, str) else v


# --------------------------------------------------------------------------
# Blocks
# --------------------------------------------------------------------------


def kop(ctx: Ctx, kop: list[str], address: list[str], emblem: bool = False) -> list[Flowable]:
    """The letterhead: government lines, address, the double rule."""
    return draw.kop(ctx.st, kop, address, ctx.fw, emblem)


def text(ctx: Ctx, text: str | list[str], style: str = "center_b") -> list[Flowable]:
    """One paragraph per line, in a named style (St's, or one of [layout.styles])."""
    return [P(line, ctx.style(style)) for line in _lines(text)]


def markup(ctx: Ctx, markup: str, style: str = "center") -> list[Flowable]:
    return [M(markup, ctx.style(style))]


def space(ctx: Ctx, space: float | str) -> list[Flowable]:
    return [Spacer(1, length(space))]


def page_break(ctx: Ctx, page_break: bool | str) -> list[Flowable]:
    """A new page; `page_break = "landscape"` switches the page template from then on."""
    if isinstance(page_break, str):
        ctx.template = page_break
        return [NextPageTemplate(page_break), PageBreak()]
    return [PageBreak()]


def crest(ctx: Ctx, crest: float) -> list[Flowable]:
    return [draw.Emblem(crest)]


def labels(ctx: Ctx, labels: str, items: list[str] | None = None, legal_basis: bool | list[int] = False,
           marker: str = "alpha") -> list[Flowable]:
    """'Menimbang : a. ...'; `legal_basis = true` prints the decree's legal basis (or `[first, last]` of it),
    numbered from the first item's number."""
    if legal_basis:
        first, last = legal_basis if isinstance(legal_basis, list) else (1, len(ctx.decree.legal_basis))
        items = ctx.decree.legal_basis[first - 1:last]
        return [draw.label_table(ctx.st, labels, items, ctx.fw, lambda i: f"{i + first}.")]
    return [draw.label_table(ctx.st, labels, items or [], ctx.fw, MARKERS[marker])]


def diktum(ctx: Ctx, diktum: list[list[Any]], label_width: float = 78) -> list[Flowable]:
    """`[label, text]` rows; `[label, text, [items]]` adds an a./b. list under the text (or alone, text "")."""
    rows: list[tuple[str, str | list[Flowable]]] = []
    for label, body, *items in diktum:
        if items:
            head = [P(body, ctx.st.body)] if body else []
            rows.append((label, head + draw.bullets(ctx.st, items[0], draw.alpha)))
        else:
            rows.append((label, body))
    return [draw.diktum_table(ctx.st, rows, ctx.fw, label_width)]


def signature(ctx: Ctx, signature: list[str], dated: Sequence[Sequence[str]] = (), bold: bool = True,
              width: float = 0.5, scribble: bool = True) -> list[Flowable]:
    """The signatory's block (name, rank and NIP from [meta.signatory]) under its title lines; `dated` holds
    the 'Ditetapkan di' rows above them."""
    sig = ctx.decree.signatory
    rows = [(a, b) for a, b in dated]
    return [draw.signature(ctx.st, ctx.fw, sig["name"], f"NIP. {sig['nip']}", sig.get("rank"), date_rows=rows,
                           lines=signature, bold_title=bold, frac=width, scribble=scribble)]


def bullets(ctx: Ctx, bullets: list[str], marker: str = "num") -> list[Flowable]:
    return draw.bullets(ctx.st, bullets, MARKERS[marker])


def lampiran_header(ctx: Ctx, lampiran_header: list[list[str]], width: float = 250) -> list[Flowable]:
    return [draw.lampiran_header(ctx.st, [(a, b) for a, b in lampiran_header], ctx.fw, width)]


def narrative(ctx: Ctx, narrative: bool, part: list[dict[str, Any]]) -> list[Flowable]:
    """Cover-booklet chapters: `[[front.part]]` with `chapter`, or `head`, `paras` and `items`."""
    return draw.narrative(ctx.st, part)


BLOCKS: dict[str, Callable[..., list[Flowable]]] = {
    f.__name__: f
    for f in (kop, text, markup, space, page_break, crest, labels, diktum, signature, bullets, lampiran_header,
              narrative)
}


def blocks(ctx: Ctx, raw: list[dict[str, Any]]) -> list[Flowable]:
    out: list[Flowable] = []
    for b in raw:
        opts = dict(b)
        after = opts.pop("after", None)
        kind = next(iter(opts))
        if kind not in BLOCKS:
            raise ValueError(f"{ctx.decree.id}: unknown block {kind!r} in {b}")
        out += BLOCKS[kind](ctx, **opts)
        if after is not None:
            out.append(Spacer(1, length(after)))
    return out


# --------------------------------------------------------------------------
# Lampiran
# --------------------------------------------------------------------------

LABELS: dict[str, Callable[[St, Section, float], list[Flowable]]] = {
    "grid": lambda st, sec, w: [draw.block_labels(st, sec, w)],  # Jabatan : / Tugas : / Fungsi : a. b.
    "grid_bold": lambda st, sec, w: [draw.block_labels(st, sec, w, bold=True)],
    "numbered": lambda st, sec, w: draw.block_numbered(st, sec),  # 1. JABATAN : ... 2. tugas 3. ...
    "paragraphs": lambda st, sec, w: draw.block_bold(st, sec),  # bold 'Jabatan :' lines, numbered Fungsi
}


def lampiran(ctx: Ctx) -> list[Flowable]:
    d, lam, st = ctx.decree, ctx.decree.lampiran, ctx.st
    if lam.orientation != ctx.template:
        raise ValueError(f"{d.id}: the lampiran is said to be {lam.orientation} but its pages are {ctx.template}")
    shade = colors.HexColor(lam.shade) if lam.shade else None
    out: list[Flowable] = []
    for i, sec in enumerate(d.sections):
        if i and lam.new_page:
            out.append(PageBreak())
        head_gap = lam.heading_gap if sec.heading_gap is None else sec.heading_gap
        block: list[Flowable] = [P(sec.heading, st.title), Spacer(1, head_gap)]
        if sec.jabatan:
            body = LABELS[lam.labels](st, sec, ctx.fw * lam.labels_width)
        else:
            body = [M(sec.intro, st.center)] if sec.intro else []
        if body:
            block += [*body, Spacer(1, lam.labels_gap if sec.labels_gap is None else sec.labels_gap)]
        table = draw.indicator_table(st, sec, ctx.fw, lam.widths, lam.repeat_header, shade)
        out += draw.with_table(block, table, ctx.fw) if lam.keep_with_table else [*block, table]
        if lam.gap:
            out.append(Spacer(1, lam.gap))
    return out


# --------------------------------------------------------------------------
# Page furniture and the whole document
# --------------------------------------------------------------------------


def furniture(layout: dict[str, Any]) -> draw.Furniture | None:
    """`page_number`: '- n -' at the top of every page but the first; `footer`: a rule, the footer text and
    'Halaman n' at the bottom of every page but the first."""
    kind, font = layout.get("furniture"), layout["font"]

    def page_number(canv: Canvas, doc: BaseDocTemplate) -> None:
        if doc.page > 1:
            canv.setFont(font, 9)
            canv.drawCentredString(canv._pagesize[0] / 2, canv._pagesize[1] - 1.2 * cm, f"- {doc.page} -")

    def footer(canv: Canvas, doc: BaseDocTemplate) -> None:
        if doc.page == 1:
            return
        w = canv._pagesize[0]
        canv.setLineWidth(0.4)
        canv.line(2 * cm, 1.5 * cm, w - 2 * cm, 1.5 * cm)
        canv.setFont(f"{font}-Oblique", 8)
        canv.drawString(2 * cm, 1.1 * cm, layout["footer"])
        canv.drawRightString(w - 2 * cm, 1.1 * cm, f"Halaman {doc.page}")

    return {"page_number": page_number, "footer": footer}.get(kind) if kind else None


def build(d: Decree, path: Path) -> None:
    lay = d.layout
    st = St(lay["font"], lay["size"], lay["cell"])
    margins = tuple(m * cm for m in lay["margins"])  # left, right, top, bottom
    doc, fw, fw_land = draw.make_doc(path, lay["paper"], margins, lay["pdf_title"], furniture(lay))
    styles = {name: ParagraphStyle(name, parent=st.chapter, fontSize=size, leading=leading)
              for name, (size, leading) in lay.get("styles", {}).items()}
    ctx = Ctx(d, st, {"portrait": fw, "landscape": fw_land}, styles=styles)
    story = blocks(ctx, d.front) + lampiran(ctx) + blocks(ctx, d.closing)
    doc.build(story)
