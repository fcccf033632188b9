"""Stage 4, tables: cell boxes -> grids with spans -> indicator tables joined across pages.

Input: the cell boxes the layout stage found on each page (vector rules on digital
pages, image rules on scanned ones) plus the page words. Output: TableRuns, each one
logical indicator table (possibly spanning pages) with its header mapped to fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.layout import BBox, Line, PageLayout, Rule, Word, group_lines, inside
from pipeline.stage import StageLog
from pipeline.vocab import CASCADE, field_for_label, norm_label

_COLNUM = re.compile(r"^\(?\s*\d{1,2}\s*\)?\.?$")


@dataclass
class Cell:
    row: int
    col: int
    rowspan: int
    colspan: int
    bbox: BBox
    page: int
    words: list[Word] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)  # strokes inside the cell: fraction bars, underlines

    @property
    def lines(self) -> list[Line]:
        return group_lines(self.words)

    @property
    def text(self) -> str:
        return join_lines([ln.text for ln in self.lines])

    @property
    def conf(self) -> float:
        return min((w.conf for w in self.words), default=1.0)


@dataclass
class Grid:
    page: int
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: list[Cell]
    col_x: list[float]  # column boundaries, n_cols + 1
    _at: dict[tuple[int, int], Cell] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    self._at[(r, k)] = c

    def at(self, row: int, col: int) -> Cell | None:
        return self._at.get((row, col))

    def row_texts(self, row: int) -> list[str]:
        return [(c.text if (c := self.at(row, k)) else "") for k in range(self.n_cols)]


@dataclass
class TableRun:
    """One logical indicator table: grids on consecutive pages sharing one header."""

    grids: list[Grid]
    fields: list[str | None]  # canonical field per column
    labels: list[str]  # printed header label per column
    header_rows: list[int]  # per grid: first data row index
    cascade: bool = False

    @property
    def page(self) -> int:
        return self.grids[0].page

    @property
    def top(self) -> float:
        return self.grids[0].bbox[1]


def join_lines(lines: list[str]) -> str:
    """Join wrapped lines: a trailing hyphen joins without a space (Undang-/Undang)."""
    out = ""
    for ln in (x.strip() for x in lines):
        if not ln:
            continue
        if not out:
            out = ln
        elif out.endswith("-") and not out.endswith(" -"):
            out += ln
        else:
            out += " " + ln
    return out


def _cluster(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def build_grid(page: PageLayout, boxes: list[BBox]) -> Grid:
    xs = _cluster([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _cluster([b[1] for b in boxes] + [b[3] for b in boxes])
    cells = []
    for b in boxes:
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        if c1 <= c0 or r1 <= r0:
            continue
        cells.append(Cell(row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0, bbox=b, page=page.number))
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    grid_words = [w for w in page.words if inside(w, bbox)]
    for w in grid_words:
        for c in cells:
            if inside(w, c.bbox, pad=0.5):
                c.words.append(w)
                break
    for r in page.rules:
        for c in cells:
            # a stroke strictly inside the cell (not one of its borders)
            if c.bbox[1] + 2 < r.y < c.bbox[3] - 2 and r.x0 >= c.bbox[0] - 1 and r.x1 <= c.bbox[2] + 1:
                c.rules.append(r)
    return Grid(page=page.number, bbox=bbox, n_rows=len(ys) - 1, n_cols=len(xs) - 1, cells=cells, col_x=xs)


@dataclass
class Header:
    fields: list[str | None]
    labels: list[str]
    first_data_row: int
    cascade: bool


def detect_header(grid: Grid) -> Header | None:
    """Find the header rows at the top of a grid and map each column to a field."""
    labels = [""] * grid.n_cols
    for r in range(min(3, grid.n_rows)):
        texts = grid.row_texts(r)
        if not _looks_like_header(texts):
            return _finish(labels, r) if r > 0 else None
        mapped = [field_for_label(t) for t in texts]
        known = sum(1 for m in mapped if m)
        if r > 0 and is_column_number_row(texts):
            return _finish(labels, r + 1)
        year_row = r > 0 and all(not t or re.fullmatch(r"(19|20)\d\d", t.strip()) for t in texts) and any(texts)
        if known < 2 and not year_row:
            return _finish(labels, r) if r > 0 else None
        for k, t in enumerate(texts):
            if t and t not in labels[k]:
                labels[k] = f"{labels[k]} {t}".strip()
    return _finish(labels, min(3, grid.n_rows))


def _looks_like_header(texts: list[str]) -> bool:
    """Header labels are short; a data row has long cells or starts with a row number."""
    filled = [t.strip() for t in texts if t.strip()]
    if not filled or re.fullmatch(r"\d{1,3}\.?", texts[0].strip()):
        return False
    return all(len(t) <= 60 and len(t.split()) <= 8 for t in filled)


def _finish(labels: list[str], first_data_row: int) -> Header | None:
    fields = [field_for_label(lab) for lab in labels]
    if "indikator" not in fields:
        return None
    cascade = any(CASCADE.search(norm_label(lab)) for lab in labels)
    fields = _one_column_per_field(fields, fields.index("indikator"))
    return Header(fields=fields, labels=labels, first_data_row=first_data_row, cascade=cascade)


def _one_column_per_field(fields: list[str | None], ind: int) -> list[str | None]:
    """Several columns can claim one field (cascading tables: Tujuan, Sasaran RPJMD, Sasaran SKPD):
    keep the sasaran nearest left of the indikator and the first of anything else; targets may repeat."""
    out = list(fields)
    claims: dict[str, list[int]] = {}
    for k, f in enumerate(fields):
        if f and f != "target":
            claims.setdefault(f, []).append(k)
    for f, cols in claims.items():
        keep = max((k for k in cols if k < ind), default=cols[0]) if f == "sasaran" else cols[0]
        for k in cols:
            if k != keep:
                out[k] = None
    return out


def is_column_number_row(texts: list[str]) -> bool:
    filled = [t for t in texts if t.strip()]
    return len(filled) >= 3 and all(_COLNUM.match(t.strip()) for t in filled)


def _lines_outside(page: PageLayout, grids: list[Grid]) -> list[Line]:
    words = [w for w in page.words if not any(inside(w, g.bbox) for g in grids)]
    return group_lines(words)


def _is_furniture(line: Line, page: PageLayout) -> bool:
    """Page numbers and running headers/footers: short lines near the page edges."""
    t = line.text.strip()
    near_edge = line.top < 0.08 * page.height or line.bottom > 0.92 * page.height
    if re.fullmatch(r"[-–\s]*\d{1,3}[-–\s]*|[ivxl]+", t, re.I):
        return True
    return near_edge and (len(t) < 40 or bool(re.search(r"\b(halaman|hal\.?|page)\s*\d+\s*$|\d+\s*$", t, re.I)))


def _alone_at_top(grid: Grid, lines: list[Line], page: PageLayout) -> bool:
    return not any(ln.bottom <= grid.bbox[1] + 1 and not _is_furniture(ln, page) for ln in lines)


def _alone_at_bottom(grid: Grid, lines: list[Line], page: PageLayout) -> bool:
    return not any(ln.top >= grid.bbox[3] - 1 and not _is_furniture(ln, page) for ln in lines)


def find_tables(pages: list[PageLayout], log: StageLog) -> list[TableRun]:
    runs: list[TableRun] = []
    open_run: TableRun | None = None  # a run whose last grid ends its page: it may continue
    for page in pages:
        grids = sorted((build_grid(page, boxes) for boxes in page.cell_groups), key=lambda g: g.bbox[1])
        grids = [g for g in grids if g.n_cols >= 2 and g.n_rows >= 1]
        lines = _lines_outside(page, grids)
        for i, grid in enumerate(grids):
            header = detect_header(grid)
            continues = (
                open_run is not None and i == 0 and open_run.grids[-1].page == page.number - 1
                and grid.n_cols == len(open_run.fields) and _alone_at_top(grid, lines, page)
            )
            if continues and header is not None and header.fields != open_run.fields:
                continues = False  # a new table with another header
            if continues:
                first = header.first_data_row if header else 0
                if not header and grid.n_rows and is_column_number_row(grid.row_texts(0)):
                    first = 1
                open_run.grids.append(grid)
                open_run.header_rows.append(first)
                run = open_run
            elif header is not None:
                run = TableRun(grids=[grid], fields=header.fields, labels=header.labels,
                               header_rows=[header.first_data_row], cascade=header.cascade)
                runs.append(run)
            else:
                if grid.n_rows > 1 and any(field_for_label(t) for t in grid.row_texts(0)):
                    log.warn(f"page {page.number}: a ruled table without an indicator header was skipped")
                open_run = None
                continue
            last_on_page = i == len(grids) - 1 and _alone_at_bottom(grid, lines, page)
            open_run = run if last_on_page else None
    return runs
