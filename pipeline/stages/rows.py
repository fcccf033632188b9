"""Stage 5, rows: table runs -> one record per indicator row.

A logical row is one cell of the Indikator column; every other column contributes
the cells that overlap it, so a Sasaran (or Sumber Data) cell spanning several rows
is carried to each of them, and a cell split by an inner rule is read as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from iku.core.errors import W_SASARAN_JOINED
from iku.core.layout import BBox
from iku.core.stage import StageLog
from iku.resources.vocab import LEVEL_HEADING, SDA, is_total, label_key, positions_vocabulary
from iku.stages.tables import (
    Cell,
    Grid,
    TableRun,
    is_column_number_row,
    join_lines,
    rejoin_broken_words,
    without_edge_debris,
)

TEXT_FIELDS = ("no", "sasaran", "indikator", "definisi", "formula", "satuan", "sumber_data", "penanggung_jawab")
# fields whose "sda" / "idem" means "the value above"
RESOLVABLE = ("sumber_data", "penanggung_jawab", "satuan", "definisi")


@dataclass
class Anchor:
    """A heading or a position block in reading order, from the sections stage."""

    page: int
    top: float
    level: str | None = None  # set by "INDIKATOR KINERJA UTAMA/INDIVIDU" headings
    jabatan: str | None = None  # set by "Jabatan : ..." blocks


@dataclass
class RawRow:
    level: str
    jabatan: str | None
    table: int
    labels: list[str]
    values: dict[str, str]
    cells: dict[str, list[Cell]]
    targets: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    lead: bool = False  # printed as a heading over the indicators below it

    @property
    def anchor_cell(self) -> Cell:
        return self.cells["indikator"][0]


def _starts_lower(text: str) -> bool:
    return bool(text) and text[0].islower()


def _logical_rows(grid: Grid, first: int, ind_col: int) -> list[tuple[int, int]]:
    rows, r = [], first
    while r < grid.n_rows:
        cell = grid.at(r, ind_col)
        span = cell.rowspan - (r - cell.row) if cell else 1
        rows.append((r, r + max(1, span)))
        r += max(1, span)
    return rows


_DASH_ONLY = re.compile(r"^\s*[-–•·*]\s*$")
UNREAD_MIN_WORDS = 5  # words beside the dash that make the ruled row a row of its own, not a spill


def _unread_indicator(grid: Grid, r0: int, r1: int, ind_col: int, values: dict[str, str]) -> bool:
    """A ruled row whose indikator cell shows only an item's dash (its words struck through or illegible
    to OCR) while cells of its own beside it, in any column, hold a sentence: an indicator, not text that
    spilled below the row above (a spill fills one column, never a ruled cell of the next row beside it)."""
    if not _DASH_ONLY.match(values.get("indikator", "")):
        return False
    beside = [c for k in range(grid.n_cols) if k != ind_col for c in _cells_in(grid, k, r0, r1) if c.row >= r0]
    return sum(1 for c in beside for w in c.text.split() if re.search(r"[^\W\d_]{2}", w)) >= UNREAD_MIN_WORDS


def _cells_in(grid: Grid, col: int, r0: int, r1: int) -> list[Cell]:
    out: list[Cell] = []
    for r in range(r0, r1):
        c = grid.at(r, col)
        if c is not None and c not in out:
            out.append(c)
    return out


_SUB_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})+\.?\s+\S")  # "1.1. Jumlah ...", "2.3 Persentase ..."
_ITEM = re.compile(r"^\s*(?:[-–•·*]\s*|[a-z][.)]\s+)(?=\w)")  # "- Daging", "• Telur", "a. Susu"
_ROW_NUMBER = re.compile(r"^(\d{1,3}(\.\d{1,3})*\.?|[a-z]\.|[A-H]\.?|[IVX]{1,4}\.?)$")  # A, B: group letters


def unruled_bands(grid: Grid, r0: int, r1: int, fields: list[str | None], whole: bool) -> list[tuple[float, float]]:
    """Vertical bands of one logical row that are rows of their own, printed without rules between them.

    Anchors, strongest first: the row numbers in the No column ("1.", "2.", "1.1"); when the ruled row is
    the whole body (a table with column rules only), the first lines of the Sasaran column and the blank
    bands that cross every column. One band (the whole row) when nothing says otherwise."""
    cells = [_cells_in(grid, k, r0, r1) for k in range(grid.n_cols)]
    top = min((c.bbox[1] for cs in cells for c in cs), default=0.0)
    bottom = max((c.bbox[3] for cs in cells for c in cs), default=0.0)
    ind = [ln for c in cells[fields.index("indikator")] for ln in c.lines]
    starts: list[float] = []
    if "no" in fields:
        starts = [ln.top for c in cells[fields.index("no")] for ln in c.lines if _ROW_NUMBER.match(ln.text.strip())]
    if whole:
        # blank bands also part rows under one number (two indicators of one sasaran): each such band
        # counts where an indikator line begins right at it
        height = min((ln.bottom - ln.top for ln in ind), default=8.0)
        # a Sasaran (Program) paragraph longer than its row's other cells runs over the blank below the row
        # (its cell is merged over the group): the blank bands are looked for in the other columns; not on an
        # OCR-read page, whose small boxes open blanks between the lines of one cell that the paragraph closes
        ocr = _read_by_ocr([c for cs in cells for c in cs])
        unmerged = [cs for k, cs in enumerate(cells) if ocr or fields[k] not in MERGED_FIELDS]
        # the blank ends where the line's ink starts: inside the top half of its box, which OCR may swell upwards
        gap = [g for g in _gap_starts(unmerged, ind)
               if any(ln.top - height / 2 <= g <= ln.top + max(height, ln.bottom - ln.top) / 2 for ln in ind)]
        gap += [a for a in _aligned_starts(cells, fields, ind) if all(abs(a - g) > height for g in gap)]
        gap.sort()
        # numbers centred in cells merged over a group (a group's number) are not rows' first lines: a number
        # level with no blank's end says so; on an OCR page, whose swollen boxes may close the blank before a
        # row, only one level with no indikator line either
        if len(gap) >= 2 and any(all(abs(g - s) > height / 2 for g in gap)
                                 and not (ocr and any(abs(ln.top - s) <= height / 2 for ln in ind)) for s in starts):
            starts = []
        if len(starts) >= 2:
            starts += [g for g in gap if all(abs(g - s) > height for s in starts)]
        elif len(gap) >= 2:
            starts = gap
    # indicators numbered inside the cell ("3.1. ...", "3.2. ..." under one No "3."): each number starts a row
    height = min((ln.bottom - ln.top for ln in ind), default=8.0)
    subs = [ln.top for ln in ind if _SUB_NUMBER.match(ln.text)]
    if len(subs) >= 2:
        starts += [t for t in subs if all(abs(t - s) > height for s in starts)]
    elif len(starts) < 2:
        starts = (_value_rows(grid, r0, r1, fields, ind) or _stacked_starts(cells, fields, ind)
                  or _aligned_starts(cells, fields, ind))
    # a start must have indikator text at or below it before the next start
    starts = sorted(s for s in starts if any(ln.bottom > s for ln in ind))
    if len(starts) < 2:
        return [(top, bottom)]
    cuts = [top] + [s - 1.0 for s in starts[1:]] + [bottom]
    return list(pairwise(cuts))


def _value_rows(grid: Grid, r0: int, r1: int, fields: list[str | None], ind: list) -> list[float]:
    """An indikator cell merged over several ruled rows, each with a target cell of its own holding a value
    (sub-indicators "a. ...", "b. ..." listed in one cell, their values one per row): each row's part starts at
    the first indikator line inside it. Nothing unless every row has such a line and a value."""
    if r1 - r0 < 2 or "target" not in fields:
        return []
    tcol = fields.index("target")
    starts = []
    for r in range(r0, r1):
        c = grid.at(r, tcol)
        if c is None or c.row != r or c.rowspan != 1 or not c.text.strip():
            return []
        inside = [ln.top for ln in ind if c.bbox[1] - 0.5 <= ln.top < c.bbox[3] - 0.5]
        if not inside:
            return []
        starts.append(min(inside))
    return starts


def _stacked_starts(cells: list[list[Cell]], fields: list[str | None], ind: list) -> list[float]:
    """Indicators stacked inside one ruled row (rules only between sasaran groups, a merged Sasaran cell at
    the top): blank bands across the value columns (all but No and Sasaran) part them, when each part holds an
    indikator line at its top and a value in another column beside it."""
    value_cols = [k for k, f in enumerate(fields) if f and f not in ("no", "sasaran")]
    if len(value_cols) < 2 or not ind:
        return []
    starts = _gap_starts([cells[k] for k in value_cols], ind)
    if len(starts) < 2:
        return []
    height = min(ln.bottom - ln.top for ln in ind)
    cuts = [*starts[1:], float("inf")]
    for top, bottom in zip(starts, cuts, strict=True):
        lines = [(k, ln) for k in value_cols for c in cells[k] for ln in c.lines if top - 0.5 <= ln.top < bottom]
        if not any(abs(ln.top - top) <= height / 2 for k, ln in lines if fields[k] == "indikator"):
            return []
        if len({k for k, _ in lines}) < 2:
            return []
    return starts


ALIGNED_COLUMNS = 3  # value columns, the indikator among them, whose text begins anew at one height: a row


BLOCK_GAP = 0.9  # of a line's height: the blank between two blocks of a column's text
BLOCK_GAP_LEAST = 0.45  # ... at least, where the column's own lines stand much closer (PARAGRAPH_SPREAD times)
PARAGRAPH_SPREAD = 3.0


def _block_tops(cells: list[Cell], height: float) -> list[float]:
    """Tops of a column's text blocks: its first line and each line below a blank line's gap. On a blurred scan
    OCR's boxes swell and the blank between paragraphs shrinks below a line's height; it is still a gap when it
    is several times the gaps between the column's own lines."""
    lines = sorted((ln for c in cells for ln in c.lines), key=lambda ln: ln.top)
    gaps = sorted(g for a, b in pairwise(lines) if (g := b.top - a.bottom) > 0)
    limit = BLOCK_GAP * height
    if len(gaps) >= 4:  # the lower quarter of the gaps: lines of one paragraph
        limit = min(limit, max(BLOCK_GAP_LEAST * height, PARAGRAPH_SPREAD * gaps[len(gaps) // 4]))
    return [b.top for a, b in pairwise([None, *lines]) if a is None or b.top - a.bottom > limit]


def _aligned_starts(cells: list[list[Cell]], fields: list[str | None], ind: list) -> list[float]:
    """Indicators stacked in one ruled row where the blank band between them does not cross every column (a
    formula wraps one line further than its indikator): a new indicator begins where the indikator and at
    least two other value columns each begin a new block of text at the same height (within most of a letter's
    height: OCR boxes swell), after a blank line."""
    value_cols = [k for k, f in enumerate(fields) if f and f not in ("no", "sasaran")]
    if len(value_cols) < ALIGNED_COLUMNS or not ind:
        return []
    height = sorted(ln.bottom - ln.top for ln in ind)[len(ind) // 2]
    tops = {k: _block_tops(cells[k], height) for k in value_cols}
    k_ind = fields.index("indikator")
    starts = [t for t in tops[k_ind]
              if sum(any(abs(u - t) <= 0.75 * height for u in tops[k]) for k in value_cols) >= ALIGNED_COLUMNS]
    return starts if len(starts) >= 2 and starts[0] == tops[k_ind][0] else []


def _read_by_ocr(cells: list[Cell]) -> bool:
    return any(w.conf < 1.0 for c in cells for w in c.words)


def _gap_starts(cells: list[list[Cell]], ind: list) -> list[float]:
    """Tops of the text blocks separated by a blank band across every column, taller than the page's
    usual gap between lines."""
    ocr = _read_by_ocr([c for cs in cells for c in cs])
    spans = sorted(_spans(cells) if ocr else ((ln.top, ln.bottom) for cs in cells for c in cs for ln in c.lines))
    if len(spans) < 3:
        return []
    merged = [list(spans[0])]
    for t, b in spans[1:]:
        if t <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([t, b])
    gaps = [b[0] - a[1] for a, b in pairwise(merged)]
    if not gaps:
        return []
    height = sorted(ln.bottom - ln.top for ln in ind)[len(ind) // 2] if ind else 8.0
    if ocr and (pitch := _wrap_pitch(cells, height)) and height > 0.8 * pitch:
        # OCR word boxes swell with blur (a text layer's boxes are about 0.8 of the line pitch): every gap
        # shrinks by as much as the boxes grow, the pitch of wrapped lines does not change
        swell = height - 0.8 * pitch
        gaps, height = [g + swell for g in gaps], height - swell
    # wider than the gap inside wrapped text (the smallest one, when some cell wraps) and than what line
    # spacing up to 1.5 leaves between lines
    cut = max(2.0, 0.75 * height, min(1.8 * min(gaps), height))
    return [merged[0][0]] + [b[0] for a, b, g in zip(merged, merged[1:], gaps, strict=False) if g > cut]


def _spans(cells: list[list[Cell]]) -> list[tuple[float, float]]:
    """(top, bottom) of the OCR words, less the boxes OCR stretched over two lines (taller than 1.5 of the
    usual word): such a box bridges the band between two rows."""
    words = [w for cs in cells for c in cs for w in c.words]
    heights = sorted(w.bottom - w.top for w in words)
    usual = heights[len(heights) // 2] if heights else 0.0
    return [(w.top, w.bottom) for w in words if w.bottom - w.top <= 1.5 * usual]


def _wrap_pitch(cells: list[list[Cell]], height: float) -> float:
    """The distance from one line's top to the next inside wrapped text, or 0: the lower quartile over the cells
    (a line of small letters only, "persen", has its top lower and its step from the line above longer)."""
    tops = [sorted(ln.top for ln in c.lines) for cs in cells for c in cs]
    steps = sorted(b - a for ts in tops for a, b in pairwise(ts) if 0.5 * height < b - a < 1.5 * height)
    return steps[len(steps) // 4] if steps else 0.0


def _slice(cells: list[Cell], band: tuple[float, float]) -> list[Cell]:
    """The part of each cell inside a band (the whole cell when it lies inside)."""
    out = []
    for c in cells:
        if band[0] <= c.bbox[1] + 0.5 and c.bbox[3] - 0.5 <= band[1]:
            out.append(c)
            continue
        words = [w for w in c.words if band[0] <= w.cy < band[1]]
        if words:
            out.append(Cell(row=c.row, col=c.col, rowspan=c.rowspan, colspan=c.colspan, page=c.page,
                            bbox=(c.bbox[0], max(c.bbox[1], band[0]), c.bbox[2], min(c.bbox[3], band[1])),
                            words=words, rules=[r for r in c.rules if band[0] <= r.y < band[1]], lexicon=c.lexicon))
    return out


def _merged_cells(grid: Grid, bands: list[tuple[int, int, tuple[float, float]]], fields: list[str | None],
                  first: int) -> set[tuple[int, int]]:
    """(row, column) of the Sasaran cells merged over several rows of one ruled row (a table ruled between
    sasaran groups only, or with no rules): one paragraph reaching past the first row (centred in the merged
    cell, or longer than the first row). Each of those rows takes the whole text."""
    out: set[tuple[int, int]] = set()
    per_row: dict[int, list[tuple[float, float]]] = {}
    for r0, _, band in bands:
        per_row.setdefault(r0, []).append(band)
    for k, f in enumerate(fields):
        if f != "sasaran":
            continue
        for r0, bs in per_row.items():
            if len(bs) < 2:
                continue
            r1 = next(b for a, b, _ in bands if a == r0)
            lines = sorted((ln for c in _cells_in(grid, k, r0, r1) for ln in c.lines), key=lambda ln: ln.top)
            if not lines:
                continue
            height = min(ln.bottom - ln.top for ln in lines)
            # lines of one paragraph (two cells' texts lie a padding apart), not all in the first row, and not
            # opening a later row as its own sasaran does (unless centred in the merged cell)
            own = any(abs(lines[0].top - (b[0] + 1.0)) <= 1.5 for b in bs[1:])  # level with that row's first line
            # centred in a ruled group (a body with no rules at all holds many groups: no merged cell there)
            centred = (r0, r1) != (first, grid.n_rows) and abs(
                (lines[0].top - bs[0][0]) - (bs[-1][1] - lines[-1].bottom)) <= height
            if all(b.top - a.bottom < 0.5 * height for a, b in pairwise(lines)) and (centred or not own) \
                    and not _inside(lines, bs[0]):
                out.add((r0, k))
    return out


MERGED_FIELDS = ("sasaran", "program")  # columns whose cells span a group of indicator rows


def _blocks(lines: list, height: float) -> list[list]:
    """A column's lines in paragraphs: a new one where the step from the line above is well over the pitch of
    wrapped lines (top to top: OCR's boxes shrink and swell, their pitch stays)."""
    steps = sorted(b.top - a.top for a, b in pairwise(lines) if b.top - a.top > 0.5 * height)
    pitch = min(steps[len(steps) // 4], 1.8 * height) if steps else 1.2 * height  # one-line paragraphs: no pitch
    out: list[list] = []
    for ln in lines:
        if out and (ln.top - out[-1][-1].top <= 1.3 * pitch or ln.top - out[-1][-1].bottom < 0.3 * height):
            out[-1].append(ln)
        else:
            out.append([ln])
    return out


def _block_cell(cells: list[Cell], block: list) -> Cell:
    """One paragraph of a column as a cell of its own (its words only)."""
    words = [w for ln in block for w in ln.words]
    c = cells[0]
    box = (c.bbox[0], min(ln.top for ln in block), c.bbox[2], max(ln.bottom for ln in block))
    return Cell(row=c.row, col=c.col, rowspan=c.rowspan, colspan=c.colspan, page=c.page, bbox=box, words=words,
                lexicon=c.lexicon)


def _unruled_groups(grid: Grid, bands: list[tuple[int, int, tuple[float, float]]], fields: list[str | None],
                    first: int, runs: bool) -> dict[tuple[int, int], list[Cell]]:
    """(band index, column) -> the Sasaran (Program) text of that row, in a body printed without any rules
    (a ruled grid's whole body; each run of rows between headings when `runs`) where the rows were
    told apart by other columns: each paragraph of the column is one cell's whole text, never cut at a row's
    edge. When every paragraph is level with a row's first line it is that row's (the rows below carry it on);
    else the paragraphs are set in the middle of merged cells, each belonging to the rows around it whose
    middle it marks (the fewest when two groups would centre it alike)."""
    if "indikator" not in fields:
        return {}
    out: dict[tuple[int, int], list[Cell]] = {}
    for r0, r1 in dict.fromkeys((a, b) for a, b, _ in bands):
        if (r0, r1) == (first, grid.n_rows) or runs:
            out.update(_run_groups(grid, [(i, band) for i, (a, b, band) in enumerate(bands) if (a, b) == (r0, r1)],
                                   fields, r0, r1))
    return out


def _run_groups(grid: Grid, bands: list[tuple[int, tuple[float, float]]], fields: list[str | None], r0: int,
                r1: int) -> dict[tuple[int, int], list[Cell]]:
    """_unruled_groups for the bands (index, span) of one logical row r0..r1."""
    ind = [ln for c in _cells_in(grid, fields.index("indikator"), r0, r1) for ln in c.lines
           if re.search(r"[^\W\d_]{2}", ln.text)]
    # the rows that hold an indicator (a band of a header's remnants holds none)
    whole = [i for i, (a, b) in bands if any(a <= ln.top < b for ln in ind)]
    if len(whole) < 2:
        return {}
    out: dict[tuple[int, int], list[Cell]] = {}
    spans = [band for i, band in bands if i in whole]
    texts = [ln for k in range(grid.n_cols) for c in _cells_in(grid, k, r0, r1) for ln in c.lines
             if re.search(r"[^\W_]", ln.text)]
    # where each row's print begins (its first line in any column)
    starts = [min((ln.top for ln in texts if a <= ln.top < b), default=a + 1.0) for a, b in spans]
    columns = {}  # column -> (its cells, its paragraphs, (distance in line heights, nearest row) per paragraph)
    for k, f in enumerate(fields):
        if f not in (*MERGED_FIELDS, "no"):
            continue
        cells = _cells_in(grid, k, r0, r1)
        # a line without a letter or digit (")" of a wrapped "(1)", a speck) neither starts nor parts a paragraph
        lines = sorted((ln for c in cells for ln in c.lines if re.search(r"[^\W_]", ln.text)
                        and spans[0][0] <= ln.top < spans[-1][1]), key=lambda ln: ln.top)
        if not lines:
            continue
        height = sorted(ln.bottom - ln.top for ln in lines)[len(lines) // 2]
        blocks = _blocks(lines, height)
        # the row whose first line each paragraph stands nearest, and how far from it (in line heights)
        near = [min((abs(bl[0].top - t) / height, j) for j, t in enumerate(starts)) for bl in blocks]
        columns[k] = (cells, blocks, near)
    # the merged columns share one alignment: one paragraph (or group number) a line or more off every row's
    # first line says they are centred, even where another one stands level with a row by chance
    centred = any(d > 1.0 for _, _, near in columns.values() for d, _ in near)
    for k, (cells, blocks, near) in columns.items():
        if fields[k] == "no":
            continue
        if centred:
            owner = _centred_owners(blocks, spans)
        else:  # set at the top of their groups: each its row's, the carry-down does the rest
            owner = {j: b for b, (_, j) in enumerate(near)}
            if len(owner) < len(blocks):
                owner = {}  # two paragraphs in one row: not one cell's text each
        if not owner:
            continue
        for j, i in enumerate(whole):
            if j >= min(owner):  # rows above the first paragraph's group are read as they stand
                out[(i, k)] = [_block_cell(cells, blocks[owner[j]])] if j in owner else []
    return out


def _centred_owners(blocks: list[list], spans: list[tuple[float, float]]) -> dict[int, int]:
    """Band -> paragraph for a column whose paragraphs are centred in their groups: each group runs from where
    the one above ended to the band that centres the paragraph best (the last takes the rest)."""
    owner: dict[int, int] = {}
    start, n = 0, len(spans)
    for b, bl in enumerate(blocks):
        if start >= n:
            return {}
        centre = (bl[0].top + bl[-1].bottom) / 2
        low_band = next((j for j in range(start, n) if spans[j][1] >= bl[-1].bottom - 1), n - 1)
        lasts = [n - 1] if b == len(blocks) - 1 else range(low_band, n)
        end = min(lasts, key=lambda e: (abs((spans[start][0] + spans[e][1]) / 2 - centre), e))
        for j in range(start, end + 1):
            owner[j] = b
        start = end + 1
    return owner


def _inside(lines: list, band: tuple[float, float]) -> bool:
    return all(band[0] <= ln.top and ln.bottom <= band[1] + 1 for ln in lines)


def _heading_cell(grid: Grid, r0: int, fields: list[str | None], ind_col: int) -> Cell | None:
    """A body row printed as one cell across the table (all of it, or all but the No column): a group
    heading naming a position or a sasaran for the rows below it, not an indicator."""
    c = grid.at(r0, ind_col)
    if c is None or c.colspan < 2 or not re.search(r"[^\W\d_]{3}", c.text):
        return None
    named = [k for k, f in enumerate(fields) if f and f != "no"]
    return c if len(named) >= 2 and all(c.col <= k < c.col + c.colspan for k in named) else None


_GROUP_MARKER = re.compile(r"^\s*(?:[IVX]{1,4}|[A-Z]|\d{1,2}(?:\.\d{1,2})*)[.)]\s+")
_SASARAN_LABEL = re.compile(r"^\s*sasaran(?:\s+(?:strategis|kegiatan|program|kinerja))?(?:\s+\d{1,2})?\s*:\s*", re.I)


def read_heading(text: str) -> tuple[str | None, str | None, str | None]:
    """(level, jabatan, sasaran) a group heading row sets: "JABATAN : KASI PEMERINTAHAN" or "INDIKATOR KINERJA
    INDIVIDU SEKRETARIS KECAMATAN" a position; "A. Meningkatnya ..." or "Sasaran 1 : ..." a sasaran."""
    text = " ".join(text.split())
    pos = positions_vocabulary()
    if jab := pos.label_jabatan(text):
        return "IKI", jab, None
    if m := LEVEL_HEADING.search(text):
        if m["kind"].upper() == "UTAMA":
            return "IKU", None, None
        return "IKI", pos.heading_jabatan(text[m.end():]), None
    return None, None, _SASARAN_LABEL.sub("", _GROUP_MARKER.sub("", text, count=1), count=1).strip()


def _year_of(label: str) -> str | None:
    m = re.search(r"\b(19|20)\d\d\b", label)
    return m.group(0) if m else None


def rows_from_run(run: TableRun, table_no: int, level: str, jabatan: str | None, log: StageLog) -> list[RawRow]:
    fields = run.fields
    ind_col = fields.index("indikator")
    target_cols = [k for k, f in enumerate(fields) if f == "target" and (run.second is None or k != run.second[1])]
    out: list[RawRow] = []
    # merged cells that reach the bottom of a page's grid continue, empty, on the next page
    spanning: dict[str, tuple[str, list[Cell]]] = {}
    group: dict[str, str | None] = {}  # what the last heading row inside the grid set (level, jabatan, sasaran)
    headed = _headings_name_sasaran(run)
    code_cols = run.codes
    for gi, (grid, first) in enumerate(zip(run.grids, run.header_rows, strict=True)):
        # each run of rows between the headings of an unruled grid is parted like a whole body; not on an
        # OCR-read page, whose small boxes open blanks between the lines of one cell
        runs = grid.unruled and not _read_by_ocr(grid.cells)
        bands = [(r0, r1, band) for r0, r1 in _logical_rows(grid, first, ind_col)
                 if not is_column_number_row(grid.row_texts(r0))  # column numbers under the header
                 for band in unruled_bands(grid, r0, r1, fields, whole=(r0 == first and r1 == grid.n_rows) or runs)]
        merged = _merged_cells(grid, bands, fields, first)
        paragraphs = _unruled_groups(grid, bands, fields, first, runs)
        for ri, (r0, r1, band) in enumerate(bands):
            if (head := _heading_cell(grid, r0, fields, ind_col)) is not None:
                group = _group_after(group, read_heading(head.text))
                continue
            cells = {f: paragraphs[(ri, k)] if (ri, k) in paragraphs else _cells_in(grid, k, r0, r1)
                     if (r0, k) in merged else _slice(_cells_in(grid, k, r0, r1), band)
                     for k, f in enumerate(fields) if f and f != "target"}
            cells = {f: [without_edge_debris(c) for c in cs] for f, cs in cells.items()}
            values = {f: join_lines([c.text for c in cs]) for f, cs in cells.items()}
            _continue_spanning(spanning, values, cells, gi > 0 and not (ri == 0 and _is_split_row(values)))
            row_targets = _second_level(grid, r0, r1, band, run, cells, values) or target_cols
            target_cells = {k: _slice(_cells_in(grid, k, r0, r1), band) for k in row_targets}
            targets = {run.labels[k]: join_lines([c.text for c in cs]) for k, cs in target_cells.items()}
            if row_targets:  # where the (first) target was read: its provenance
                cells["target"] = target_cells[row_targets[0]]
            if all(not v for v in values.values()) and not any(targets.values()):
                continue
            if any(c.row < first for cs in cells.values() for c in cs):
                continue  # a header cell reaching down
            if gi > 0 and ri == 0 and out and _is_split_row(values):
                _continue_row(out, cells, values, targets, grid.page)
                continue
            # a sums row under a budget column; a programme's title over its kegiatan (Kode Program filled,
            # Kode Kegiatan empty, no target)
            if is_total(values.get("indikator", "")) or (
                    not any(targets.values()) and _upper_level(grid, r0, r1, code_cols)):
                continue
            unread = _unread_indicator(grid, r0, r1, ind_col, values)
            # no word: ":" of a label grid, "-"
            if not re.search(r"[^\W\d_]{2}", values.get("indikator", "")) and not unread:
                if out and not values.get("no"):
                    _merge_into(out[-1], cells, values, targets)  # text that spilled below the row
                continue
            if headed and _lettered_heading(values, targets):
                group = _group_after(group, read_heading(values["indikator"]))
                continue
            if group.get("sasaran") and headed:  # no column says Sasaran: the heading's
                values["sasaran"] = group["sasaran"] or ""
            out.append(RawRow(level=group.get("level") or level, jabatan=group.get("jabatan", jabatan),
                              table=table_no, labels=run.labels, values=values, cells=cells, targets=targets,
                              lead=_spans_right(grid, r0, ind_col) and not any(targets.values()),
                              notes=["indikator not read (struck through or illegible)"] if unread else []))
        spanning.update(_spanning_at_bottom(grid, fields, first))
    out = _lead_paragraph_to_items(_items_go_on(_join_leads([part for row in out for part in _split_itemised(row)])))
    _carry_sasaran(out, log)
    _resolve_sda(out)
    for row in out:  # a number printed in the indicator's cell is the row's number, not the indicator
        if m := _SUB_NUMBER.match(row.values.get("indikator", "")):
            row.values["indikator"] = row.values["indikator"][m.end() - 1:]
            row.values.setdefault("no", m.group(0)[:-1].strip())
    _strip_running_numbers(out)
    _strip_outline_numbers(out)
    return out


def _strip_outline_numbers(rows: list[RawRow]) -> None:
    """"1. Meningkatkan ...", "2 Meningkatkan ...": a sasaran's number in the outline, no word of it."""
    for row in rows:
        if m := _OUTLINE_NUMBER.match(row.values.get("sasaran") or ""):
            row.values["sasaran"] = row.values["sasaran"][m.end():]


_OUTLINE_NUMBER = re.compile(r"^\s*\d{1,2}(?:\.\d{1,2})*\.?\s+(?=[A-Z])")


_BARE_NUMBER = re.compile(r"^(\d{1,2})\.?\s+(?=[A-Z])")  # "1 Persentase ...", "2. Jumlah ..."


def _strip_running_numbers(rows: list[RawRow]) -> None:
    """Indicator cells of one table opening with the numbers 1, 2, 3 ... in turn ("1 Persentase ...",
    "2 Jumlah ..."): each number is its row's, not the indicator's first word. A number opening one
    indicator alone ("100 Desa ...") is kept: only an unbroken run counts."""
    tables: dict[int, list[RawRow]] = {}
    for row in rows:
        tables.setdefault(row.table, []).append(row)
    for group in tables.values():
        found = [_BARE_NUMBER.match(r.values.get("indikator", "")) for r in group]
        if len(group) < 2 or not all(found):
            continue
        numbers = [int(m[1]) for m in found if m]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            continue
        for row, m in zip(group, found, strict=True):
            if m:
                row.values["indikator"] = row.values["indikator"][m.end():]
                row.values.setdefault("no", m[1])


def _second_level(grid: Grid, r0: int, r1: int, band: tuple[float, float], run: TableRun,
                  cells: dict[str, list[Cell]], values: dict[str, str]) -> list[int]:
    """A row that leaves the first Tolok Ukur column empty and fills the second (a kegiatan under its programme):
    its indicator read from the second pair; the target columns to read it with, or [] for the first pair."""
    if run.second is None or values.get("indikator"):
        return []
    alt = _slice(_cells_in(grid, run.second[0], r0, r1), band)
    text = join_lines([c.text for c in alt])
    if not text:
        return []
    cells["indikator"], values["indikator"] = alt, text
    return [run.second[1]]


def _upper_level(grid: Grid, r0: int, r1: int, code_cols: list[list[int]]) -> bool:
    """A row coded at an upper level only: a code in an upper level's column, none in the lowest level's."""
    def coded(cols: list[int]) -> bool:
        return any(c.text.strip() for k in cols for c in _cells_in(grid, k, r0, r1))

    return bool(code_cols) and not coded(code_cols[-1]) and any(coded(cols) for cols in code_cols[:-1])


def _headings_name_sasaran(run: TableRun) -> bool:
    """Sasaran headings inside the grid give the rows' sasaran when no column is labelled Sasaran: none holds
    it, or the column read as one is a Program's ("Program/Kegiatan" beside "A. Meningkatnya ..." rows)."""
    if "sasaran" not in run.fields:
        return True
    return "sasaran" not in label_key(run.labels[run.fields.index("sasaran")])


_GROUP_LETTER = re.compile(r"^(?:[A-H]|[IVX]{1,4})\.?$")


def _lettered_heading(values: dict[str, str], targets: dict[str, str]) -> bool:
    """A row lettered "A", "B" or "I", "II" in the No column with text in the indikator column alone: a
    sasaran group's heading (printed without rules, it does not reach across the table), not an indicator."""
    return (bool(_GROUP_LETTER.match(values.get("no", "").strip())) and not any(targets.values())
            and all(not v for f, v in values.items() if f not in ("no", "indikator")))


def _group_after(group: dict[str, str | None], heading: tuple[str | None, str | None, str | None]
                 ) -> dict[str, str | None]:
    """A position heading starts a new group (its own level and jabatan, no sasaran yet); a sasaran heading
    keeps the position."""
    level, jab, sas = heading
    if level:
        return {"level": level, "jabatan": jab}
    return {**group, "sasaran": sas}


def _is_lead(row: RawRow) -> bool:
    ind = row.values.get("indikator", "").rstrip()
    return row.lead or (ind.endswith(":") and len(ind) > 8 and not any(row.targets.values()))


def _spans_right(grid: Grid, r0: int, ind_col: int) -> bool:
    """A heading over the indicators listed below it, without values of its own, beside the merged Tujuan /
    Sasaran cells: an indikator cell merged across the columns right of it (Program, Kegiatan ...; any beyond it
    empty), or a bold one with every cell right of it empty (Satuan, Realisasi, Target left blank)."""
    c = grid.at(r0, ind_col)
    if c is None or c.row != r0 or c.col != ind_col or not c.words:
        return False
    if c.colspan < 2:
        # bold over indicators printed in regular weight (a table set in bold throughout has no such heading)
        below = grid.at(c.row + c.rowspan, ind_col)
        if not all(w.bold for w in c.words) or below is None or not below.words or all(w.bold for w in below.words):
            return False
    return all(not (o := grid.at(r0, k)) or not o.text for k in range(c.col + c.colspan, grid.n_cols))


def _join_leads(rows: list[RawRow]) -> list[RawRow]:
    """A row that only introduces the items below it ("jumlah kasus penyakit hewan menular :", no target,
    blank bands between it and its items): its text leads each item's indicator, and it is no row itself."""
    out: list[RawRow] = []
    lead: RawRow | None = None
    for row in rows:
        ind = row.values.get("indikator", "")
        item = (lead is not None and row.table == lead.table and not _SUB_NUMBER.match(ind) and not _is_lead(row)
                and row.values.get("sasaran", "") in ("", lead.values.get("sasaran", "")))
        if item and lead is not None:
            if out and out[-1] is lead:
                out.pop()  # the lead has an item: it is no row of its own
            row.values["indikator"] = f"{lead.values['indikator'].rstrip(' :')}: {_ITEM.sub('', ind)}"
            row.values["sasaran"] = row.values.get("sasaran") or lead.values.get("sasaran", "")
            row.notes.append("item of a listed indicator")
        else:
            lead = row if _is_lead(row) else None
        out.append(row)
    return out


ITEM_WORDS = 4  # an item named without its marker ("Kambing", "Ayam ras petelur") is this short


def _items_go_on(rows: list[RawRow]) -> list[RawRow]:
    """A list's items named by their lead ("Jumlah populasi (ekor): Kerbau") going on in rows of their own (a
    rule or a blank band parted the cell): the next rows of the table under the same sasaran, without a
    number, each an item ("- Domba") or as short as one, are named by the same lead."""
    lead: str | None = None
    for prev, row in pairwise(rows):
        ind = row.values.get("indikator", "")
        if "item of a listed indicator" in prev.notes and ": " in prev.values.get("indikator", ""):
            lead = prev.values["indikator"].split(": ", 1)[0]
        same = row.table == prev.table and row.values.get("sasaran", "") in ("", prev.values.get("sasaran", ""))
        short = _ITEM.match(ind) or len(ind.split()) <= ITEM_WORDS
        if lead and same and short and not row.values.get("no") and not _SUB_NUMBER.match(ind) and ": " not in ind:
            row.values["indikator"] = f"{lead}: {_ITEM.sub('', ind)}"
            row.notes.append("item of a listed indicator")
        elif not (same and "item of a listed indicator" in prev.notes):
            lead = None
    return rows


_LETTER_ITEM = re.compile(r"^([a-z])[.)]\s+\S")  # "a. Jumlah ...", "b) Jumlah ..."


def _hard_breaks(cell: Cell) -> list[int]:
    """Indices of the lines that begin a paragraph of their own: the line above ends short of the cell's
    right edge by more than this line's first word would have taken, so the writer broke it, not the wrap."""
    lines = cell.lines
    if len(lines) < 2:
        return []
    pad = max(0.0, min(ln.x0 for ln in lines) - cell.bbox[0])  # the cell's inner margin, the same on both sides
    gaps = [b.x0 - a.x1 for ln in lines for a, b in pairwise(ln.words)]
    space = sorted(gaps)[len(gaps) // 2] if gaps else 2.5
    right = cell.bbox[2] - pad
    return [i for i in range(1, len(lines))
            if right - lines[i - 1].x1 > space + lines[i].words[0].x1 - lines[i].words[0].x0]


def _lead_paragraph_to_items(rows: list[RawRow]) -> list[RawRow]:
    """An indicator cell whose last paragraph heads the lettered items of the rows below it ("... (illegal
    fishing)" then "Kawasan Rehabilitasi ..." over "a. Jumlah ...", "b. Jumlah ..."): that paragraph is no part
    of the row's indicator; it leads each item's, as a heading row's text does."""
    for i, row in enumerate(rows[:-1]):
        nxt = rows[i + 1]
        first = _LETTER_ITEM.match(nxt.values.get("indikator", ""))
        if (not first or first.group(1) != "a" or nxt.table != row.table or not row.cells.get("indikator")
                or _LETTER_ITEM.match(row.values.get("indikator", ""))):
            continue
        cell = row.cells["indikator"][-1]
        lines = cell.lines
        breaks = _hard_breaks(cell)
        if not breaks or not lines[breaks[-1]].text[:1].isupper():
            continue
        head = join_lines(rejoin_broken_words(lines[breaks[-1]:], cell.lexicon))
        kept = [c.text for c in row.cells["indikator"][:-1]] + [join_lines(rejoin_broken_words(lines[:breaks[-1]],
                                                                                                cell.lexicon))]
        row.values["indikator"] = join_lines(kept)
        letter = "a"
        for item in rows[i + 1:]:
            m = _LETTER_ITEM.match(item.values.get("indikator", ""))
            if item.table != row.table or not m or m.group(1) != letter:
                break
            item.values["indikator"] = f"{head.rstrip(' :')}: {_ITEM.sub('', item.values['indikator'])}"
            item.notes.append("item of a listed indicator")
            letter = chr(ord(letter) + 1)
    return rows


def _beside(a, b) -> bool:
    """Two lines side by side: their vertical extents overlap by half the smaller one."""
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def _split_itemised(row: RawRow) -> list[RawRow]:
    """One indicator cell listing items ("Jumlah produksi (ton) : - Daging - Telur - Susu") whose target
    column gives each item its own value on the item's line: one row per item, named by the lead line and
    the item. Items sharing one target (or a lead line with its own value) stay one row."""
    if len(row.targets) != 1 or not row.cells.get("target"):
        return [row]
    ind = sorted((ln for c in row.cells["indikator"] for ln in c.lines), key=lambda ln: ln.top)
    values = sorted((ln for c in row.cells["target"] for ln in c.lines), key=lambda ln: ln.top)
    items = [i for i, ln in enumerate(ind) if _ITEM.match(ln.text)]
    if len(items) < 2 or len(values) != len(items):
        return [row]
    if not all(_beside(ind[i], v) for i, v in zip(items, values, strict=True)):
        return [row]
    lead = join_lines([ln.text for ln in ind[:items[0]]]).rstrip(" :")
    bottom = max(c.bbox[3] for cs in row.cells.values() for c in cs) + 1.0
    bands = list(pairwise([ind[i].top - 0.5 for i in items] + [bottom]))
    label = next(iter(row.targets))
    out = []
    for band in bands:
        cells = dict(row.cells)
        cells["indikator"] = _slice(row.cells["indikator"], band)
        cells["target"] = _slice(row.cells["target"], band)
        item = _ITEM.sub("", join_lines([c.text for c in cells["indikator"]]))
        vals = dict(row.values, indikator=f"{lead}: {item}" if lead else item)
        out.append(RawRow(level=row.level, jabatan=row.jabatan, table=row.table, labels=row.labels, values=vals,
                          cells=cells, targets={label: join_lines([c.text for c in cells["target"]])},
                          raw=dict(row.raw), notes=[*row.notes, "item of a listed indicator"]))
    return out


def _continue_row(out: list[RawRow], cells: dict[str, list[Cell]], values: dict[str, str],
                  targets: dict[str, str], page: int) -> None:
    """The tail of the last row, split by the page break, joins it; a Sasaran merged over the rows above it
    continues for them too."""
    last = out[-1]
    old = last.values.get("sasaran")
    _merge_into(last, cells, values, targets)
    last.notes.append(f"row continues on page {page}")
    if old and values.get("sasaran"):
        for r in out[:-1]:
            if r.table == last.table and r.values.get("sasaran") == old:
                r.values["sasaran"] = last.values["sasaran"]


def _continue_spanning(spanning: dict[str, tuple[str, list[Cell]]], values: dict[str, str],
                       cells: dict[str, list[Cell]], carry: bool) -> None:
    """A merged cell from the previous page's bottom fills the empty cells of its column until one holds text."""
    for f in list(spanning):
        if values.get(f):
            del spanning[f]
        elif carry:
            values[f], cells[f] = spanning[f][0], spanning[f][1] + cells[f]


def _spanning_at_bottom(grid: Grid, fields: list[str | None], first: int) -> dict[str, tuple[str, list[Cell]]]:
    out = {}
    for k, f in enumerate(fields):
        c = grid.at(grid.n_rows - 1, k)
        if f and f not in ("indikator", "no", "target") and c and c.rowspan > 1 and c.row >= first and c.text:
            out[f] = (c.text, [c])
    return out


def _is_split_row(values: dict[str, str]) -> bool:
    """First row on a continuation page that is the tail of the previous page's last row."""
    if values.get("no"):
        return False
    ind = values.get("indikator", "")
    return not ind or _starts_lower(ind)


def _merge_into(row: RawRow, cells: dict[str, list[Cell]], values: dict[str, str],
                targets: dict[str, str]) -> None:
    for f, v in values.items():
        if v:
            row.values[f] = join_lines([row.values.get(f, ""), v])
            row.cells.setdefault(f, []).extend(cells.get(f, []))
    for k, v in targets.items():
        if v:
            row.targets[k] = join_lines([row.targets.get(k, ""), v])


def _carry_sasaran(rows: list[RawRow], log: StageLog) -> None:
    """A Sasaran cell split by a page break continues lower-case on the next page: join
    it to the group above; a blank Sasaran means the same as the row above."""
    for i, row in enumerate(rows):
        if "sasaran" not in row.values or i == 0:
            continue
        prev = rows[i - 1]
        cur = row.values["sasaran"]
        prev_cells = prev.cells.get("sasaran", [])
        cur_cells = row.cells.get("sasaran", [])
        new_page = bool(cur_cells and prev_cells and cur_cells[0].page != prev_cells[-1].page)
        if not cur:
            row.values["sasaran"] = prev.values["sasaran"]
            row.cells["sasaran"] = prev_cells
        elif new_page and _starts_lower(cur) and not row.values.get("no"):
            joined = join_lines([prev.values["sasaran"], cur])
            old = prev.values["sasaran"]
            for r in rows[:i]:
                if r.values.get("sasaran") == old and r.table == row.table:
                    r.values["sasaran"] = joined
            row.values["sasaran"] = joined
            row.cells["sasaran"] = prev_cells + cur_cells
            log.warn(W_SASARAN_JOINED, f"sasaran split across pages joined: {joined[:60]!r}")


def _resolve_sda(rows: list[RawRow]) -> None:
    for f in RESOLVABLE:
        last = ""
        for row in rows:
            v = row.values.get(f)
            if v is None:
                continue
            row.raw[f] = v
            if SDA.match(v):
                row.values[f] = last
                row.notes.append(f"{f} {v!r} resolved to the value above")
            elif v:
                last = v


def build_rows(runs: list[TableRun], anchors: list[Anchor], default_level: str, log: StageLog) -> list[RawRow]:
    anchors = sorted(anchors, key=lambda a: (a.page, a.top))
    rows: list[RawRow] = []
    starts = [(r.page, r.top) for r in runs]
    for t, run in enumerate(runs):
        level, jabatan, since = None, None, (0, 0.0)
        for a in anchors:
            here = (a.page, a.top)
            if here >= (run.page, run.top):
                break
            if a.level:
                level, jabatan, since = a.level, None, here
            if a.jabatan:
                jabatan = a.jabatan
                if level == "IKU" and any(since < s < here for s in starts):
                    level = "IKI"  # a position block after the IKU heading's own table: an IKI table of its own
        if level is None:
            level = "IKI" if jabatan else default_level
        rows += rows_from_run(run, t, level, jabatan, log)
    return rows


def row_bbox(row: RawRow) -> tuple[int, BBox]:
    """Page and union bbox of the row's cells on its first page."""
    first = row.anchor_cell
    boxes = [c.bbox for cs in row.cells.values() for c in cs if c.page == first.page]
    return first.page, (min(b[0] for b in boxes), min(b[1] for b in boxes),
                        max(b[2] for b in boxes), max(b[3] for b in boxes))
