"""Stage 4, tables: cell boxes -> grids with spans -> indicator tables joined across pages.

Input: the cell boxes the layout stage found on each page (vector rules on digital
pages, image rules on scanned ones) plus the page words. Output: TableRuns, each one
logical indicator table (possibly spanning pages) with its header mapped to fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import pairwise

from iku.core.errors import W_TABLE_SKIPPED
from iku.core.layout import BBox, KnownWords, Line, PageLayout, Rule, Word, gap_groups, group_lines, inside
from iku.core.stage import StageLog
from iku.resources.gazetteer import region_words
from iku.resources.lexicon import domain_words, function_words
from iku.resources.spacing import despace
from iku.resources.vocab import (
    CASCADE,
    LEVEL_HEADING,
    HeaderVocabulary,
    label_key,
    norm_label,
    positions_vocabulary,
)
from iku.stages.unruled import continued_grid, is_column_number_row, text_grid


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
    lexicon: KnownWords | None = field(default=None, repr=False)  # its page's: broken words re-joined with it

    @property
    def lines(self) -> list[Line]:
        return group_lines(self.words)

    @property
    def text(self) -> str:
        return join_lines(rejoin_broken_words(self.lines, self.lexicon))

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
    unruled: bool = False  # cut from the text's white space (a table printed without column rules)
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
    second: tuple[int, int] | None = None  # (indikator, target) columns of the rows the first pair leaves empty
    codes: list[list[int]] = field(default_factory=list)  # a budget form's code columns per level (code_levels)

    @property
    def page(self) -> int:
        return self.grids[0].page

    @property
    def top(self) -> float:
        return self.grids[0].bbox[1]


_LETTERS = re.compile(r"^[^\W\d_]+")


def _at_edge(w: Word, right: float) -> bool:
    return w.x1 >= right - 2.5 * (w.x1 - w.x0) / max(1, len(w.text))


def _broken_word_end(lines: list[Line], i: int, right: float, lexicon: KnownWords) -> int | None:
    """A word the cell was too narrow for, wrapped letter by letter ("Pemerinta" / "han", "Pe" / "mberday" /
    "aan"): line i ends at the cell's text edge, and the pieces starting the next lines make a known word.
    The index of the line holding its last piece, or None."""
    a = lines[i].words[-1]
    if not a.text.isalpha() or not _at_edge(a, right):
        return None
    word = a.text
    for j in range(i + 1, min(len(lines), i + 4)):
        first = lines[j].words[0]
        piece = _LETTERS.match(first.text)
        if not piece:
            return None
        # two words of the domain list stay two ("tanggung" / "jawab"); Tesseract's dictionary is too wide
        # for this test: it knows "doku" and "men"
        two = j == i + 1 and piece.group(0).lower() in domain_words() and word.lower() in domain_words()
        # a preposition or conjunction ending the line is a word of its own before a known word ("di" / "wilayah")
        two = two or (j == i + 1 and word.lower() in function_words() and lexicon.is_known(piece.group(0)))
        word += piece.group(0)
        # a region's name printed in two words ("Jawa" / "Barat") stays two, though the lexicon knows it glued
        two = two or (j == i + 1 and " " in region_words().get(word.lower(), ""))
        if lexicon.is_known(word) and not two:
            return j
        if len(lines[j].words) > 1 or not first.text.isalpha() or not _at_edge(first, right):
            return None
    return None


def rejoin_broken_words(lines: list[Line], lexicon: KnownWords | None) -> list[str]:
    """Line texts, a word wrapped inside itself joined back onto the line it started on (a word of `lexicon`;
    None: no word is known, none joined)."""
    texts = [ln.text for ln in lines]
    if len(lines) < 2 or lexicon is None:
        return texts
    right = max(ln.x1 for ln in lines)
    out, i = [texts[0]], 0
    while i + 1 < len(lines):
        j = _broken_word_end(lines, i, right, lexicon)
        if j is None:
            out.append(texts[i + 1])
            i += 1
            continue
        out[-1] += "".join(texts[k] for k in range(i + 1, j))
        first, _, rest = texts[j].partition(" ")
        out[-1] += first
        if rest:
            out.append(rest)
        i = j
    return out


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


# A column or row band narrower than this that holds no text is the gap between the strokes of a
# double or triple border (Word's thick borders, Excel cell borders drawn as rectangles), not a cell.
GUTTER = 7.0


def _text_boundaries(boxes: list[BBox], words: list[Word], axis: int) -> list[float]:
    """Boundaries along one axis (0: x, 1: y): the boxes' edges, with narrow bands that hold no text
    collapsed to one boundary. Wide empty columns stay (a Sumber Data column left empty on a continuation
    page is still a column)."""
    edges = _cluster([b[axis] for b in boxes] + [b[axis + 2] for b in boxes])
    centres = [w.cx if axis == 0 else w.cy for w in words]
    bands: list[list[float]] = []  # runs of edges with only narrow empty gaps between them
    for e in edges:
        if bands and e - bands[-1][-1] < GUTTER and not any(bands[-1][-1] < c < e for c in centres):
            bands[-1].append(e)
        else:
            bands.append([e])
    return [(b[0] + b[-1]) / 2 for b in bands]  # a border of several strokes: one boundary in its middle


def _unboxed_cells(page: PageLayout, cells: list[Cell], words: list[Word], xs: list[float], ys: list[float],
                   taken: set[tuple[int, int]]) -> list[Cell]:
    """Slots of the grid no box covers that hold text: a row the page break cut, whose first columns'
    borders Excel left undrawn while the others' stand (the row's band is the grid's). Each is a cell of
    its own, so its text is read with its row; text going on lower-case under a cell of the column (a web
    print's box drawn round a sasaran's first line only) grows that cell instead."""
    out: list[Cell] = []
    for r, (y0, y1) in enumerate(pairwise(ys)):
        for k, (x0, x1) in enumerate(pairwise(xs)):
            held = [w for w in words if inside(w, (x0, y0, x1, y1), pad=0.5)]
            if (r, k) in taken or not held:
                continue
            first = min(held, key=lambda w: (round(w.top), w.x0)).text
            above = next((c for c in [*cells, *out] if c.col == k and c.colspan == 1 and c.row + c.rowspan == r), None)
            if above is not None and first[:1].islower():
                above.rowspan += 1
                above.bbox = (above.bbox[0], above.bbox[1], above.bbox[2], y1)
            else:
                out.append(Cell(row=r, col=k, rowspan=1, colspan=1, bbox=(x0, y0, x1, y1), page=page.number,
                                lexicon=page.lexicon))
            taken.add((r, k))
    return out


def build_grid(page: PageLayout, boxes: list[BBox]) -> Grid:
    outer = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
    words = [w for w in page.words if inside(w, outer)]
    held = {b: sum(1 for w in words if inside(w, b, pad=0.5)) for b in boxes}
    xs = _text_boundaries(boxes, words, 0)
    ys = _text_boundaries(boxes, words, 1)
    cells: list[Cell] = []
    taken: set[tuple[int, int]] = set()
    for b in sorted(boxes, key=lambda b: -held[b]):  # text-holding boxes claim their slots first
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        slots = {(r, k) for r in range(r0, r1) for k in range(c0, c1)}
        if not slots or slots & taken:
            continue  # a border's own rectangle, or a box inside a cell already placed
        taken |= slots
        cells.append(Cell(row=r0, col=c0, rowspan=r1 - r0, colspan=c1 - c0, bbox=b, page=page.number,
                          lexicon=page.lexicon))
    cells += _unboxed_cells(page, cells, words, xs, ys, taken)
    cells.sort(key=lambda c: (c.row, c.col))
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    _place_words(cells, [w for w in page.words if inside(w, bbox)], xs)
    for r in page.rules:
        for c in cells:
            # a stroke strictly inside the cell (not one of its borders)
            if c.bbox[1] + 2 < r.y < c.bbox[3] - 2 and r.x0 >= c.bbox[0] - 1 and r.x1 <= c.bbox[2] + 1:
                c.rules.append(r)
    grid = Grid(page=page.number, bbox=bbox, n_rows=len(ys) - 1, n_cols=len(xs) - 1, cells=cells, col_x=xs)
    _claim_overflow(grid)
    return grid


def _place_words(cells: list[Cell], words: list[Word], xs: list[float]) -> None:
    """Each word into the cell holding it; a line a report printed past its cell's right edge (clipped on
    screen, whole in the text layer: the last word reaching the rule, the next one a word space beyond it)
    stays with the cell it starts in."""
    home: dict[int, Cell] = {}
    for w in words:
        for c in cells:
            if inside(w, c.bbox, pad=0.5):
                home[id(w)] = c
                break
    for ln in group_lines(words):
        carried = False  # the line already runs on past its cell's edge
        for a, b in pairwise(ln.words):
            space = 0.35 * (a.bottom - a.top)
            # a ends within 1 pt of a column rule (or crosses it by as much), b starts past it
            edge = any(a.x1 - 1.0 <= x <= min(a.x1 + 1.0, b.x0 + 0.5) for x in xs[1:-1])
            carried = (edge or carried) and b.x0 - a.x1 <= space and id(a) in home
            if carried:
                home[id(b)] = home[id(a)]
    for w in words:
        if (c := home.get(id(w))) is not None:
            c.words.append(w)


EDGE_DEBRIS_CONF = 0.6  # OCR confidence below which a short unknown token at a cell's end is a mark read as one


def without_edge_debris(cell: Cell) -> Cell:
    """`cell` with its words minus the debris at their ends (edge_debris_free); the cell itself when none."""
    kept = edge_debris_free(cell.words, cell.lexicon)
    return cell if len(kept) == len(cell.words) else replace(cell, words=kept)


def edge_debris_free(words: list[Word], lexicon: KnownWords | None) -> list[Word]:
    """A body cell's OCR words without the marks read as short tokens after its text or before it (a stamp's edge,
    a speck: "kecamatan ne", "wilayah VS", "daerah #4"): unsure (EDGE_DEBRIS_CONF), two to four characters, no
    word the lexicon knows, no number and no acronym of three capitals or more. Words inside the text stay, and
    so do a header's labels (a lone letter of "N o" is a label's)."""
    if lexicon is None or all(w.conf >= EDGE_DEBRIS_CONF for w in words):  # a text layer's cell: nothing to look at
        return words
    lines = group_lines(words)
    order = [w for ln in lines for w in ln.words]

    def debris(w: Word) -> bool:
        core = re.sub(r"[^\w%]", "", w.text)
        return (w.conf < EDGE_DEBRIS_CONF and 2 <= len(w.text) <= 4 and not re.fullmatch(r"[\d.,%]+", core or "x")
                and not re.fullmatch(r"[A-Z]{3,4}", core) and not (core and lexicon.is_known(core.lower())))

    lo, hi = 0, len(order)
    while hi > lo and debris(order[hi - 1]):
        hi -= 1
    while lo < hi and debris(order[lo]):
        lo += 1
    if hi - lo == len(order) or hi == lo:  # nothing to take, or nothing but such tokens (left as read)
        return words
    kept = {id(w) for w in order[lo:hi]}
    return [w for w in words if id(w) in kept]


def _claim_overflow(grid: Grid) -> None:
    """Text a report printed past the bottom of its cell (a Crystal Reports title growing over the rule into
    the row below): the cell above ends with a line crossing its bottom rule, and the lines this cell opens
    with lie above the first line of every other cell of its row. Those lines go back to the cell above."""
    for r in range(1, grid.n_rows):
        for k in range(grid.n_cols):
            c, up = grid.at(r, k), grid.at(r - 1, k)
            if c is None or up is None or c is up or c.row != r or (up.col, up.colspan) != (c.col, c.colspan):
                continue
            up_lines, lines = up.lines, c.lines
            if not up_lines or not lines or up_lines[-1].bottom <= up.bbox[3] + 0.5:
                continue
            row_cells = {id(o): o for o in (grid.at(r, j) for j in range(grid.n_cols)) if o is not None}
            others = [o.lines[0].top for o in row_cells.values() if o is not c and o.row == r and o.words]
            if not others:
                continue
            height = up_lines[-1].bottom - up_lines[-1].top
            spill: list[Line] = []
            for ln in lines:
                prev = spill[-1].bottom if spill else up_lines[-1].bottom
                if ln.bottom < min(others) and ln.top - prev < height:
                    spill.append(ln)
                else:
                    break
            if spill and len(spill) < len(lines):
                moved = {id(w) for ln in spill for w in ln.words}
                up.words += [w for w in c.words if id(w) in moved]
                c.words = [w for w in c.words if id(w) not in moved]


HEADER_ROWS = 5  # a header printed over up to this many grid rows (labels wrapped in narrow columns)
LABEL_WORDS = 10  # a header label is a few words; body cells (a formula, a sasaran) run longer
PHRASE_WORDS = 5  # under the main header row, two cells this long are body text: a label's lower part is short


def _two_labels(cell: Cell, vocab: HeaderVocabulary) -> tuple[Line, float, float] | None:
    """A header cell printing two field labels side by side on one line, far apart ("Tolok Ukur      Target"):
    the line and the x span between the end of the first label and the end of the second."""
    lines = cell.lines
    if len(lines) != 1:
        return None
    ln = lines[0]
    height = ln.bottom - ln.top
    groups = gap_groups(ln.words, 2.0 * height)
    if len(groups) != 2:
        return None
    fields = [vocab.field_for(" ".join(w.text for w in g)) for g in groups]
    if None in fields or fields[0] == fields[1]:
        return None
    return ln, groups[0][0].x0, groups[1][-1].x1


def _body_split(words: list[Word], lo: float, hi: float) -> float | None:
    """The middle of the widest white band between lo and hi that no body word crosses, with words on both sides."""
    spans = sorted((w.x0, w.x1) for w in words)
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    gaps = [(a[1], b[0]) for a, b in pairwise(merged) if a[1] >= lo and b[0] <= hi and b[0] - a[1] >= 2.0]
    if not gaps:
        return None
    a, b = max(gaps, key=lambda g: g[1] - g[0])
    return (a + b) / 2


def split_shared_columns(page: PageLayout, grid: Grid, vocab: HeaderVocabulary) -> Grid:
    """A ruled column whose header cell holds two labels side by side ("Tolok Ukur   Target" under "Keluaran",
    a report printing two fields in one box) and whose body text parts at a white band between them: two
    columns, cut at that band (the cells above the header cell span both)."""
    for r in range(min(HEADER_ROWS, grid.n_rows)):
        for k in range(grid.n_cols):
            c = grid.at(r, k)
            if c is None or c.row != r or c.col != k or c.colspan != 1 or (found := _two_labels(c, vocab)) is None:
                continue
            body = [w for c2 in grid.cells if c2.col == k and c2.colspan == 1 and c2.row > r for w in c2.words]
            x = _body_split(body, found[1], found[2])
            if x is None or not grid.bbox[0] < x < grid.bbox[2]:
                continue
            boxes = []
            for c2 in grid.cells:
                b = c2.bbox
                if c2.col == k and c2.colspan == 1 and c2.row >= r:
                    boxes += [(b[0], b[1], x, b[3]), (x, b[1], b[2], b[3])]
                else:
                    boxes.append(b)
            split = build_grid(page, boxes)
            return split_shared_columns(page, split, vocab) if split.n_cols > grid.n_cols else grid
    return grid


@dataclass
class Header:
    fields: list[str | None]
    labels: list[str]
    first_data_row: int
    cascade: bool
    second: tuple[int, int] | None = None  # a lower level's Tolok Ukur | Target pair (kegiatan under program)
    first_row: int = 0  # the header's top row: rows above it are a title inside the table's frame
    codes: list[list[int]] = field(default_factory=list)  # a budget form's code columns per level (code_levels)


def detect_header(grid: Grid, vocab: HeaderVocabulary) -> Header | None:
    """Find the header rows at the top of a grid and map each column to a field.

    The main header row names at least two fields; short rows above it ("Indikator Kinerja" over
    its sub-columns) and below it (a label's second line, a year row) join it; blank bands are skipped;
    a column-number row ends it. None at the top: a framed form's header, found by its column-number row."""
    if (header := _header_from(grid, 0, vocab)) is not None:
        return header
    start = _header_window(grid)
    return _header_from(grid, start, vocab) if start else None


def _header_from(grid: Grid, start: int, vocab: HeaderVocabulary) -> Header | None:
    labels = [""] * grid.n_cols
    leaves = [""] * grid.n_cols  # the lowest label part of each column, under a multi-level header
    main = False
    top: int | None = None
    end = min(start + HEADER_ROWS, grid.n_rows)
    for r in range(start, end):
        texts = grid.row_texts(r)
        if not any(t.strip() for t in texts):
            continue  # a blank band above or inside a header
        if not main and _across(grid, r):
            continue  # a title or a caption band across the whole frame, above the column labels
        if main and is_column_number_row(texts):
            end = r + 1
            break
        if not _looks_like_header(texts) or (main and (any(len(t.split()) > LABEL_WORDS for t in texts)
                                                       or _phrases(grid, r) >= 2)):
            # under the main row, a cell holding a sentence is the body's ("Laporan Realisasi ..."), and so is a row
            # of phrases (a first row whose number OCR lost, its cells naming fields in passing: "Realisasi ...")
            end = r
            break
        known = sum(1 for t in texts if vocab.field_for(t))
        year_row = all(not t or re.fullmatch(r"(19|20)\d\d", t.strip()) for t in texts)
        if main and known < 2 and not year_row and not _continues_header(texts, labels):
            end = r
            break
        main = main or known >= 2
        top = r if top is None else top
        for k, t in enumerate(texts):
            # a cell spanning header rows repeats its words: not appended twice; a label's last letter
            # wrapped below it ("TARGE" / "T") is appended though the label holds that letter
            if t and not re.search(rf"(?:^|\s){re.escape(t)}(?:\s|$)", labels[k]):
                labels[k] = f"{labels[k]} {t}".strip()
                leaves[k] = t
    if not main:
        return None
    header = (_finish(labels, end, vocab, leaves)
              or _finish(labels, end, vocab, leaves, _by_content(grid, labels, end, vocab)))
    if header is not None:
        header.fields = _text_columns(grid, header)
        header.first_row = top or 0
    return header


CONTENT_SHARE = 0.5  # of a blank-labelled column's body cells opening with an indicator's words: the indikator


def _by_content(grid: Grid, labels: list[str], first_data_row: int, vocab: HeaderVocabulary) -> dict[int, str]:
    """The indikator column of a header that names other fields but not it, found by what it holds: the column
    with a blank label whose body cells mostly open with the words indicators open with ("Persentase ...",
    "Jumlah ..."; data/headers.toml [content]). A label OCR lost, or one the producer left empty."""
    words = vocab.opening_words("indikator")
    body = [grid.row_texts(r) for r in range(first_data_row, grid.n_rows)]
    best, share = None, CONTENT_SHARE
    for k, label in enumerate(labels):
        if label.strip():
            continue
        texts = [t for row in body if (t := row[k].strip())]
        opens = sum(1 for t in texts if re.sub(r"^[\W\d_]+", "", t).split(" ", 1)[0].lower() in words)
        if texts and opens / len(texts) >= share:
            best, share = k, opens / len(texts)
    return {best: "indikator"} if best is not None else {}


def _below_title(page: PageLayout, grid: Grid, header: Header | None,
                 vocab: HeaderVocabulary) -> tuple[Grid, Header | None]:
    """A grid whose frame also holds the document's title and caption bands above its header: the table
    starts at the header, the title is the document's text (its issuing unit, its year)."""
    if header is None or header.first_row == 0:
        return grid, header
    top = grid.at(header.first_row, 0)
    cut = top.bbox[1] if top is not None else grid.bbox[1]
    table = build_grid(page, [c.bbox for c in grid.cells if c.bbox[1] >= cut - 0.5])
    return table, detect_header(table, vocab)


def _header_window(grid: Grid) -> int:
    """The first row the header may start at: 0, or, for a form whose frame also holds its title and a few
    caption bands above the column labels (a DPA, a Crystal Reports page), the row that puts the column-number
    row within HEADER_ROWS rows of it."""
    for r in range(HEADER_ROWS, min(grid.n_rows, 3 * HEADER_ROWS)):
        if is_column_number_row(grid.row_texts(r)):
            return r - HEADER_ROWS + 1
    return 0


def _across(grid: Grid, r: int) -> bool:
    """A row printed as one cell over every column."""
    c = grid.at(r, 0)
    return c is not None and c.colspan == grid.n_cols and bool(c.words)


def _text_columns(grid: Grid, header: Header) -> list[str | None]:
    """A header cell spanning several columns ("Indikator Kinerja" over a number column and a text
    column, or over a '-' bullet column): the field goes to the spanned column whose body holds most words."""
    fields = list(header.fields)
    body: list[list[str]] | None = None  # the body's cell texts, read once when a spanned label needs them
    k = 0
    while k < len(fields):
        j = k
        while j + 1 < len(fields) and header.labels[j + 1] == header.labels[k] and fields[j + 1] is None:
            j += 1
        if fields[k] and j > k:
            if body is None:
                body = [grid.row_texts(r) for r in range(header.first_data_row, grid.n_rows)]
            letters = [sum(ch.isalpha() for row in body for ch in row[c]) for c in range(k, j + 1)]
            best = k + max(range(len(letters)), key=lambda i: (letters[i], -i))
            fields[k], fields[best] = None, fields[k]
            if fields[best] != "target" and "target" in norm_label(header.labels[k]):
                # "Target" over "Volume | Satuan": the other sub-column holds the numbers
                digits = {c: sum(ch.isdigit() for row in body for ch in row[c]) for c in range(k, j + 1)}
                digits.pop(best)
                fields[max(digits, key=lambda c: digits[c])] = "target"
        k = j + 1
    return fields


def _other_header(grid: Grid, vocab: HeaderVocabulary) -> bool:
    """A first row of three or more header labels that names no indikator: the header of a table of
    another kind (a budget table after the indicators), not a continued row."""
    texts = [t for t in grid.row_texts(0) if t.strip()]
    fields = [vocab.field_for(t) for t in dict.fromkeys(texts)]
    return _looks_like_header(texts) and sum(1 for f in fields if f) >= 3 and "indikator" not in fields


def _continues_header(texts: list[str], labels: list[str]) -> bool:
    """A label's second line in a row of its own ("Sasaran" / "Strategis", "Sumber" / "Data"):
    few short words, each under a column already labelled, no row number."""
    filled = [k for k, t in enumerate(texts) if t.strip()]
    labelled = [k for k, lab in enumerate(labels) if lab]
    return (bool(filled) and all(labels[k] for k in filled) and len(filled) * 2 <= len(labelled)
            and all(len(texts[k].split()) <= 3 and not re.search(r"\d", texts[k]) for k in filled))


def _phrases(grid: Grid, r: int) -> int:
    """Cells opening in row r that read as body phrases, not labels: PHRASE_WORDS words or more, most of them in
    small letters ("Belanja yang terealisasi dibanding pagu"; a label is short or capitalised word by word:
    "Prakiraan Maju Rencana Tahun 2020"). Cells spanning down from the rows above are the header's own."""
    n = 0
    for k in range(grid.n_cols):
        c = grid.at(r, k)
        if c is None or c.row != r or c.col != k:
            continue
        words = [w for w in c.text.split() if w[:1].isalpha()]
        if len(words) >= PHRASE_WORDS and sum(w[0].islower() for w in words[1:]) > len(words[1:]) / 2:
            n += 1
    return n


def _looks_like_header(texts: list[str]) -> bool:
    """Header labels are short; a data row has long cells or starts with a row number."""
    # one label spanning ten columns ("Realisasi Kinerja Pada Triwulan") counts once
    filled = list(dict.fromkeys(t.strip() for t in texts if t.strip()))
    if not filled or re.fullmatch(r"\d{1,3}\.?", texts[0].strip()):
        return False
    # most labels short; one long one ("Indikator Kinerja Program (Outcome)/Indikator Kinerja Kegiatan (Output)")
    short = sum(len(t) <= 60 and len(t.split()) <= 10 for t in filled)
    return all(len(t) <= 120 for t in filled) and short >= max(1, len(filled) - max(1, len(filled) // 4))


_TRAILING_NUMBER = re.compile(r"^(?P<label>.*\S)\s+\(?(?P<n>\d{1,2})\)?$")


def _without_column_numbers(labels: list[str]) -> list[str]:
    """Labels whose cell also holds the column-number row ("NO 1", "SASARAN 2", ..., "TARGET 2022 6": no rule
    between the two rows): the numbers, counting up from the left, are dropped."""
    found = [_TRAILING_NUMBER.match(lab.strip()) if lab.strip() else None for lab in labels]
    nums = [int(m["n"]) for m in found if m]
    filled = sum(1 for lab in labels if lab.strip())
    every = len(nums) == filled and nums == sorted(nums) and nums[0] <= 2 and len(set(nums)) == len(nums)
    # OCR lost some of the numbers ("ANDIKATOR KINERJA UTAMA", "FORMULASI s"): those it read number their
    # columns from the first (1, 2, ... or 0, 1, ...), the first columns among them, and they are at least
    # half of the labels (a year wrapped in a narrow column, "TARGET 202" / "4", numbers no column)
    placed = [(k, int(m["n"])) for k, m in enumerate(found) if m and not re.search(r"(19|20)\d$", m["label"])]
    offsets = {n - k for k, n in placed}
    by_place = (len(placed) >= max(3, (filled + 1) // 2) and len(offsets) == 1 and offsets <= {0, 1}
                and placed[0][0] <= 1)
    if filled < 3 or not (every or by_place):
        return labels
    return [m["label"] if m else lab for m, lab in zip(found, labels, strict=True)]


def _finish(labels: list[str], first_data_row: int, vocab: HeaderVocabulary,
            leaves: list[str] | None = None, found: dict[int, str] | None = None) -> Header | None:
    labels = _without_column_numbers(labels)
    leaves = _without_column_numbers(leaves) if leaves else leaves
    # under "Indikator Kinerja" / "Hasil Program" / "Tolok Ukur | Target", the leaf names the field; a label
    # whose upper part no other column shares is one label broken over header rows ("Kode" / "Kegiatan")
    leaves = leaves or labels
    parents = [lab[: len(lab) - len(leaf)].strip() if leaf and lab.endswith(leaf) else "" for lab, leaf
               in zip(labels, leaves, strict=True)]
    # ... unless the upper part names what every column under it holds ("Kode" over "Program | Kegiatan")
    fields = [(vocab.field_for(leaf) if leaf and leaf != lab and parents.count(parent) > 1
               and vocab.field_for(parent) not in vocab.imposed else None)
              or vocab.field_for(lab) for lab, leaf, parent in zip(labels, leaves, parents, strict=True)]
    for k, f in (found or {}).items():  # fields found from what the columns hold
        fields[k] = fields[k] or f
    if "indikator" not in fields:
        # no column says "Indikator": one whose label the vocabulary lists as holding indicators ("URAIAN")
        keys = vocab.fallback.get("indikator", ())
        k = next((k for k, lab in enumerate(labels) if label_key(lab) in keys and fields[k] is None), None)
        if k is None or not any(fields):
            return None
        fields[k] = "indikator"
    cascade = any(CASCADE.search(norm_label(lab)) for lab in labels)
    fields = _second_readings(fields, labels, vocab)
    second = _second_pair(fields)
    fields = _one_column_per_field(fields, fields.index("indikator"))
    return Header(fields=fields, labels=labels, first_data_row=first_data_row, cascade=cascade, second=second,
                  codes=code_levels(labels, vocab))


def code_levels(labels: list[str], vocab: HeaderVocabulary) -> list[list[int]]:
    """The account-code columns of a budget form per level (\"Kode Program | Kode Kegiatan\"), upper level first;
    empty unless two levels are printed."""
    levels: dict[str, list[int]] = {}
    for k, lab in enumerate(labels):
        if vocab.field_for(lab) == "kode":
            levels.setdefault(label_key(lab), []).append(k)
    return list(levels.values()) if len(levels) >= 2 else []


def _second_pair(fields: list[str | None]) -> tuple[int, int] | None:
    """Two "indikator | target" column pairs side by side under one header (a Renja's Hasil Program: Tolok Ukur,
    Target and its Kegiatan's Keluaran: Tolok Ukur, Target): the second pair, which holds the indicator of the
    rows that leave the first one empty."""
    pairs = [(k, k + 1) for k in range(len(fields) - 1) if fields[k] == "indikator" and fields[k + 1] == "target"]
    return pairs[1] if len(pairs) >= 2 and pairs[0][0] == fields.index("indikator") else None


def _second_readings(fields: list[str | None], labels: list[str], vocab: HeaderVocabulary) -> list[str | None]:
    """An ambiguous label yields its field to a column that names it plainly and takes its second reading,
    when no column holds that one ("Penjelasan" beside "Cara Perhitungan" is the Definisi)."""
    out = list(fields)
    for k, (f, lab) in enumerate(zip(fields, labels, strict=True)):
        alt = vocab.otherwise_for(lab) if f else None
        if alt and alt not in out and any(g == f and vocab.otherwise_for(labels[j]) is None
                                          for j, g in enumerate(out) if j != k):
            out[k] = alt
    return out


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


def _lines_outside(page: PageLayout, grids: list[Grid]) -> list[Line]:
    words = [w for w in page.words if not any(inside(w, g.bbox) for g in grids)]
    return group_lines(words)


def _is_furniture(line: Line, page: PageLayout) -> bool:
    """Page numbers and running headers/footers: short lines near the page edges."""
    t = despace(line.text.strip(), page.lexicon)  # a letter-spaced running footer is as short as it reads
    near_edge = line.top < 0.08 * page.height or line.bottom > 0.92 * page.height
    if re.fullmatch(r"[-–\s]*\d{1,3}[-–\s]*|[ivxl]+", t, re.I):
        return True
    if LEVEL_HEADING.search(t) or positions_vocabulary().label_jabatan(t):
        return False  # a table's heading or position label printed near the top: it starts a new table
    return near_edge and (len(t) < 40 or bool(re.search(r"\b(halaman|hal\.?|page)\s*\d+\s*$|\d+\s*$", t, re.I)))


def _alone_at_top(grid: Grid, lines: list[Line], page: PageLayout) -> bool:
    return not any(ln.bottom <= grid.bbox[1] + 1 and not _is_furniture(ln, page) for ln in lines)


def _alone_at_bottom(grid: Grid, lines: list[Line], page: PageLayout) -> bool:
    # a line touching the bottom rule (its top less than 1 pt below it, or above it) is the last row's text
    # cut by the page break (Excel prints it clipped at the border), not text below the table
    return not any(ln.top >= grid.bbox[3] + 1.0 and not _is_furniture(ln, page) for ln in lines)


def _claim_row_above(page: PageLayout, grid: Grid, lines: list[Line]) -> Grid | None:
    """A table continued from the previous page whose first row lost its top rule at the page break:
    the text between the page top and the grid, laid out in the grid's columns, becomes its first row.
    Only for a grid without a header of its own (the caller checks): a new table keeps the lines above
    it (a Jabatan block) outside."""
    above = [ln for ln in lines if ln.bottom <= grid.bbox[1] + 1 and not _is_furniture(ln, page)]
    if not above or grid.bbox[1] - max(ln.bottom for ln in above) > 40:
        return None  # not touching the grid: a paragraph above the table
    words = [w for ln in above for w in ln.words]
    x0, x1 = grid.col_x[0], grid.col_x[-1]
    if any(w.x0 < x0 - 2 or w.x1 > x1 + 2 for w in words):
        return None  # a heading or a paragraph above the table, not a row of it
    cols = {sum(1 for x in grid.col_x[1:-1] if x < w.cx) for w in words}  # the column each word falls in
    if len(cols) < 2:
        return None
    top = min(w.top for w in words) - 1
    boxes = [c.bbox for c in grid.cells] + [(a, top, b, grid.bbox[1]) for a, b in pairwise(grid.col_x)]
    return build_grid(page, boxes)


ALIGN_TOL = 8.0  # points: a column boundary this close to the previous page's is the same boundary


def _align_columns(page: PageLayout, grid: Grid, ref: Grid) -> Grid | None:
    """A continuation grid whose columns are the previous page's, drawn with one gutter more or less:
    its cells re-cut on the previous page's column boundaries. None when a boundary has no partner."""
    def snap(x: float) -> float | None:
        k = _index(ref.col_x, x)
        return ref.col_x[k] if abs(ref.col_x[k] - x) <= ALIGN_TOL else None

    boxes = []
    for c in grid.cells:
        x0, x1 = snap(c.bbox[0]), snap(c.bbox[2])
        if x0 is None or x1 is None:
            return None
        boxes.append((x0, c.bbox[1], x1, c.bbox[3]))
    # every boundary present (zero-height boxes give edges, no cells)
    boxes += [(a, grid.bbox[1], b, grid.bbox[1]) for a, b in pairwise(ref.col_x)]
    aligned = build_grid(page, boxes)
    return aligned if aligned.n_cols == ref.n_cols else None


def _unruled(grid: Grid) -> Grid:
    grid.unruled = True
    return grid


def _page_grids(page: PageLayout, open_run: TableRun | None,
                vocab: HeaderVocabulary) -> tuple[list[Grid], list[Header | None], list[Line]]:
    """The page's grids top to bottom with their headers (each detected once), and the lines outside them:
    ruled grids, else a table printed without rules; a continued table's first row claimed from above."""
    grids = sorted((split_shared_columns(page, build_grid(page, boxes), vocab) for boxes in page.cell_groups),
                   key=lambda g: g.bbox[1])
    grids = [g for g in grids if g.n_cols >= 2 and g.n_rows >= 1]
    pairs = [_below_title(page, g, detect_header(g, vocab), vocab) for g in grids]
    grids, found = [g for g, _ in pairs], [h for _, h in pairs]
    if not any(found) and (tables := text_grid(page, [g.bbox for g in grids], vocab)):
        grids = sorted([*grids, *(_unruled(build_grid(page, boxes)) for boxes in tables)], key=lambda g: g.bbox[1])
        found = [detect_header(g, vocab) for g in grids]
    last = open_run.grids[-1] if open_run is not None else None
    if last is not None and last.unruled and last.page == page.number - 1 and (not grids or found[0]) and (
            boxes := continued_grid(page, last.col_x, [g.bbox for g in grids],
                                    grids[0].bbox[1] if grids else page.height, vocab)):
        # an unruled table going on without its header, above the page's next table (if any)
        grids, found = [_unruled(build_grid(page, boxes)), *grids], [None, *found]
    lines = _lines_outside(page, grids)
    if open_run is not None and grids and found[0] is None and open_run.grids[-1].page == page.number - 1:
        grown = _claim_row_above(page, grids[0], lines)
        if grown is not None:
            grown.unruled = grids[0].unruled  # an unruled table stays one: the next page may continue it
            grids[0], found[0] = grown, detect_header(grown, vocab)
            lines = _lines_outside(page, grids)
    return grids, found, lines


def find_tables(pages: list[PageLayout], log: StageLog, vocab: HeaderVocabulary) -> list[TableRun]:
    """The indicator tables of the document, their header labels read by `vocab` (the run's header vocabulary)."""
    runs: list[TableRun] = []
    unread: list[Grid] = []  # grids whose first row holds header labels but no indikator
    open_run: TableRun | None = None  # a run whose last grid ends its page: it may continue
    for page in pages:
        grids, headers_, lines = _page_grids(page, open_run, vocab)
        for i, (grid, header) in enumerate(zip(grids, headers_, strict=True)):
            if (open_run is not None and i == 0 and header is None and grid.n_cols != len(open_run.fields)
                    and (aligned := _align_columns(page, grid, open_run.grids[-1])) is not None):
                grid = aligned  # the same columns, drawn a little differently on this page
            continues = (
                open_run is not None and i == 0 and open_run.grids[-1].page == page.number - 1
                and grid.n_cols == len(open_run.fields) and _alone_at_top(grid, lines, page)
            )
            if continues and header is not None and header.fields != open_run.fields:
                continues = False  # a new table with another header
            if continues and header is None and _other_header(grid, vocab):
                continues = False  # a table of another kind (No | Program | Anggaran | Ket) right after
            if continues:
                first = header.first_data_row if header else 0
                if not header and grid.n_rows and is_column_number_row(grid.row_texts(0)):
                    first = 1
                open_run.grids.append(grid)
                open_run.header_rows.append(first)
                run = open_run
            elif header is not None:
                run = TableRun(grids=[grid], fields=header.fields, labels=header.labels,
                               header_rows=[header.first_data_row], cascade=header.cascade, second=header.second,
                               codes=header.codes)
                runs.append(run)
            else:
                if grid.n_rows > 1 and any(vocab.field_for(t) for t in grid.row_texts(0)):
                    unread.append(grid)
                open_run = None
                continue
            last_on_page = i == len(grids) - 1 and _alone_at_bottom(grid, lines, page)
            open_run = run if last_on_page else None
    return _with_borrowed_headers(runs, unread, log, vocab)


def _with_borrowed_headers(runs: list[TableRun], unread: list[Grid], log: StageLog,
                           vocab: HeaderVocabulary) -> list[TableRun]:
    """The runs, with the tables whose header OCR read only in part given the header they share with another
    table of the document (borrowed_header); the others are skipped, with a warning."""
    borrowed = []
    for grid in unread:
        if (run := borrowed_header(grid, runs, vocab)) is not None:
            borrowed.append(run)
        else:
            log.warn(W_TABLE_SKIPPED, f"page {grid.page}: a ruled table without an indicator header was skipped",
                     grid.page)
    return sorted(runs + borrowed, key=lambda r: (r.page, r.top)) if borrowed else runs


def _same_columns(grid: Grid, ref: Grid) -> bool:
    """The two grids have the same column widths (where the table sits on its page may differ)."""
    if grid.n_cols != ref.n_cols:
        return False
    return all(abs((x - grid.col_x[0]) - (rx - ref.col_x[0])) <= ALIGN_TOL
               for x, rx in zip(grid.col_x, ref.col_x, strict=True))


def _part_of(text: str, label: str) -> bool:
    """Every word of `text` (letters, three or more) is a word of `label`, and there is one."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}
    return bool(words) and words <= {w.lower() for w in re.findall(r"[^\W\d_]{3,}", label)}


def borrowed_header(grid: Grid, runs: list[TableRun], vocab: HeaderVocabulary) -> TableRun | None:
    """A table whose header row OCR read only in part (a label lost to blur, or read with the other side of the
    sheet showing through it as "HAN IKU"): when the labels it did read name, column by column, the fields of
    another table's header with the same columns in the document (a lampiran repeats one table per position),
    and none names another field, at least two of them, it is read with that header."""
    texts = grid.row_texts(0)
    if grid.n_rows < 2 or not _looks_like_header(texts):
        return None
    read = [vocab.field_for(m["label"] if (m := _TRAILING_NUMBER.match(t.strip())) else t) for t in texts]
    for run in runs:
        if not _same_columns(grid, run.grids[0]) or run.header_rows[0] >= grid.n_rows:
            continue
        # a label read in part agrees with the whole one ("Kinerja" of "Indikator Kinerja"), whatever field
        # the part alone would name
        agree = [f is None or f == g or _part_of(t, label)
                 for f, g, t, label in zip(read, run.fields, texts, run.labels, strict=True)]
        if all(agree) and sum(map(bool, read)) >= 2:
            return TableRun(grids=[grid], fields=run.fields, labels=run.labels, header_rows=[run.header_rows[0]],
                            cascade=run.cascade, second=run.second, codes=run.codes)
    return None
