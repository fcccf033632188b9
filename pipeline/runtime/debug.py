"""`iku debug PDF --page N`: one page drawn with what the pipeline saw on it, for anyone chasing a wrong row.

The stages run as `iku extract` runs them (iku.runtime.document.read_stages, the whole document: a table may
continue from the page before); on a render of the page (pypdfium2, turned upright as OCR read it) are drawn:
  words            thin grey boxes (OCR words on a scanned page, blue when OCR was unsure)
  rules            the horizontal strokes (red): borders, fraction bars, underlines
  ruled regions    the cell boxes the ruling finder saw (light red)
  table grids      the cells of every detected table (green)
  header mapping   the field each header column was mapped to, over the column (purple; "?" unmapped)
  rows             each row read (orange): its number (as in the JSON) and its bbox
A scan's boxes are where OCR read them after deskewing: on a skewed page they sit slightly off the render.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from iku.core.layout import BBox, PageLayout
from iku.core.settings import Settings
from iku.core.stage import Context, Trace
from iku.runtime.document import Seen, read_stages
from iku.stages.rows import row_bbox
from iku.stages.tables import Grid, TableRun

SCALE = 2.0  # px per PDF point (144 dpi), as the review app shows pages
WORD, WORD_UNSURE, RULE, REGION = (150, 150, 150), (40, 90, 230), (220, 30, 30), (240, 170, 170)
GRID, HEADER, ROW = (20, 150, 60), (140, 40, 170), (240, 130, 0)
UNSURE = 0.6  # OCR confidence below which a word is drawn in blue


class DebugError(ValueError):
    """A user error (no such page): one line from the CLI."""


@dataclass
class PageDebug:
    image: Image.Image
    n_words: int
    n_rules: int
    n_grids: int
    n_rows: int


def page_count(pdf: Path) -> int:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return len(doc)
    finally:
        doc.close()


def _render(pdf: Path, page: PageLayout) -> Image.Image:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return doc[page.number - 1].render(scale=SCALE, rotation=page.rotation).to_pil().convert("RGB")
    finally:
        doc.close()


class _Canvas:
    """Drawing in page points on an image of the page."""

    def __init__(self, image: Image.Image, page: PageLayout) -> None:
        self.draw = ImageDraw.Draw(image)
        self.kx, self.ky = image.width / page.width, image.height / page.height
        self.font = ImageFont.load_default(size=max(10, round(6 * self.ky)))

    def box(self, b: BBox, color: tuple[int, int, int], width: int = 1) -> None:
        x0, y0, x1, y1 = b
        self.draw.rectangle((x0 * self.kx, y0 * self.ky, max(x0, x1) * self.kx, max(y0, y1) * self.ky),
                            outline=color, width=width)

    def line(self, x0: float, y: float, x1: float, color: tuple[int, int, int], width: int = 2) -> None:
        self.draw.line((x0 * self.kx, y * self.ky, x1 * self.kx, y * self.ky), fill=color, width=width)

    def label(self, x: float, y: float, text: str, color: tuple[int, int, int], anchor: str = "ld") -> None:
        """Text on a white patch anchored at (x, y) (Pillow anchors: "ld" bottom-left, "rt" top-right)."""
        px, py = x * self.kx, y * self.ky
        x0, y0, x1, y1 = self.draw.textbbox((px, py), text, font=self.font, anchor=anchor)
        self.draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=(255, 255, 255))
        self.draw.text((px, py), text, fill=color, font=self.font, anchor=anchor)


def _draw_grid(c: _Canvas, grid: Grid, run: TableRun, first_data_row: int) -> None:
    for cell in grid.cells:
        c.box(cell.bbox, GRID, 2 if cell.row < first_data_row else 1)
    c.box(grid.bbox, GRID, 3)
    # the header mapping: each column's field over it (a continued grid repeats its run's mapping)
    for k, name in enumerate(run.fields[:grid.n_cols]):
        c.label(grid.col_x[k] + 1, grid.bbox[1] - 1, name or "?", HEADER)


def _draw_rows(c: _Canvas, seen: Seen, number: int) -> int:
    drawn = 0
    for i, row in enumerate(seen.rows, start=1):  # numbered as normalise_rows numbers them
        cells = [cell for cs in row.cells.values() for cell in cs if cell.page == number]
        if not cells:
            continue
        for cell in cells:
            c.box(cell.bbox, ROW, 1)
        page, bbox = row_bbox(row)
        if page == number:  # rows sharing a spanned Sasaran cell overlap: the number sits at each one's own top
            c.box(bbox, ROW, 2)
            c.label(bbox[0] - 2, row.anchor_cell.bbox[1], f"row {i}", ROW, anchor="rt")
        drawn += 1
    return drawn


def debug_page(pdf: Path, number: int) -> PageDebug:
    """The page `number` (1-based) drawn with the stages' findings; DebugError when there is no such page."""
    n = page_count(pdf)
    if not 1 <= number <= n:
        raise DebugError(f"{pdf} has {n} page{'s' * (n != 1)}: no page {number}")
    seen = read_stages(pdf, Trace(), Context(Settings.load()))
    page = seen.pages[number - 1]
    image = _render(pdf, page)
    c = _Canvas(image, page)
    for w in page.words:
        c.box(w.bbox, WORD_UNSURE if w.conf < UNSURE else WORD, 1)
    for group in page.cell_groups:
        for b in group:
            c.box(b, REGION, 1)
    for r in page.rules:
        c.line(r.x0, r.y, r.x1, RULE)
    grids = 0
    for run in seen.runs:
        for grid, first in zip(run.grids, run.header_rows, strict=True):
            if grid.page == number:
                _draw_grid(c, grid, run, first)
                grids += 1
    rows = _draw_rows(c, seen, number)
    c.label(4, 12, f"page {number}: {page.kind}, {len(page.words)} words, {len(page.rules)} rules, "
            f"{grids} table grid(s), {rows} row(s)", (0, 0, 0))
    return PageDebug(image, len(page.words), len(page.rules), grids, rows)


def write_debug_png(pdf: Path, number: int, out: Path | None = None) -> tuple[Path, PageDebug]:
    """debug_page saved as a PNG: `out`, or <pdf stem>-p<N>.png beside the current folder."""
    result = debug_page(pdf, number)
    out = out or Path(f"{pdf.stem}-p{number}.png")
    result.image.save(out, format="PNG", optimize=True)
    return out, result
