"""Tables printed without any rules (web-portal prints, plain Word tables with borders off).

Part of the tables stage. Columns are the vertical white strips ("rivers") that no word of the header or
the body crosses; the header is the one to four lines above the body whose words, gathered per column,
name the most fields (so a label wrapped over lines or broken inside a word, "SATUA / N", still reads);
the body runs down to a wide blank band or the next table's header. Each table becomes cell boxes (a
header row, a column-number row when printed, one body row), so the table and row stages read it like any
other: rows then come from the No column or the blank bands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from iku.core.layout import BBox, Line, PageLayout, Rule, Word, gap_groups, group_lines, inside
from iku.core.ruling import joined
from iku.resources.vocab import LEVEL_HEADING, HeaderVocabulary, positions_vocabulary

MIN_FIELDS = 3  # labels naming at least this many fields, the indikator among them, make a header
HEADER_LINES = 4  # a header wraps over at most this many lines
RIVER = 3.0  # points of white, crossed by no word over the whole table, between two columns
BODY_BREAK = 2.2  # a vertical gap of this many line heights ends the table
HEADER_GAP = 5.0  # line heights between the upper and the lower part of labels split over a tall header cell
CHAINED = 2.2  # word heights: a line this tall holds words of several printed lines chained together
LABEL_GAP = 6.0  # points between label groups when one line alone is tested as a header
SPACE_CHARS = 1.5  # and at least this many of the line's character widths: a space in a monospaced font
RULE_COVER = 0.8  # a stroke over this share of a column's width crosses it (a fraction bar or underline does not)
# read by OCR (tight word boxes) leaves a full character width between words, more than LABEL_GAP at 10 pt
_LABEL_WORD = re.compile(r"^([^\W\d_][^\W\d]*\.?|\(?(19|20)\d\d\)?)$")  # a word, or a year
# a column-number cell: "1", "(2)", "3.", "-1" (Excel's negative-number look), "11=7+8+9+10", or a gap "_"
_COLNUM = re.compile(r"^[(\-]?\s*\d{1,2}(\s*[=+]\s*\d{1,2})*\s*\)?\.?$|^[_–-]$")


@dataclass
class _Table:
    header: list[Line]
    colnums: list[Line]
    body: list[Line]
    cuts: list[float]
    n_fields: int
    headings: frozenset[int] = frozenset()  # body lines merged across the table (ids of the Line objects)


def _line_height(lines: list[Line]) -> float:
    heights = sorted(ln.bottom - ln.top for ln in lines)
    return heights[len(heights) // 2] if heights else 10.0


def _chained_apart(line: Line) -> list[Line]:
    """A "line" of words from several printed lines, chained by the words between them (a header's labels
    centred at staggered heights in its tall cells: "No." over "Urut", "Program" level with the gap), parted
    again into lines of words level with each other; any other line as it is."""
    heights = sorted(w.bottom - w.top for w in line.words)
    word = heights[len(heights) // 2]
    if line.bottom - line.top <= CHAINED * word:
        return [line]
    parts: list[list[Word]] = []
    for w in sorted(line.words, key=lambda w: w.cy):
        if parts and abs(w.cy - sum(x.cy for x in parts[-1]) / len(parts[-1])) <= 0.5 * word:
            parts[-1].append(w)
        else:
            parts.append([w])
    return [Line(sorted(p, key=lambda w: w.x0)) for p in parts]


def _fields(labels: list[str], vocab: HeaderVocabulary) -> list[str | None]:
    return [vocab.field_for(lab) if lab else None for lab in labels]


def _n_fields(fields: list[str | None]) -> int:
    return len({f for f in fields if f}) if "indikator" in fields else 0


def _label_groups(line: Line) -> list[list[Word]]:
    """The line's words in runs split at gaps wider than a space of its font: labels of separate columns."""
    chars = sorted((w.x1 - w.x0) / len(w.text) for w in line.words if len(w.text) >= 3)
    char = chars[len(chars) // 2] if chars else 0.0
    return gap_groups(line.words, max(LABEL_GAP, SPACE_CHARS * char))


def _starts_header(line: Line, vocab: HeaderVocabulary) -> bool:
    """One line alone naming enough fields: the next table's header (its first line)."""
    groups = _label_groups(line)
    labels = [" ".join(w.text for w in g) for g in groups]
    return all(len(g) <= 4 for g in groups) and _n_fields(_fields(labels, vocab)) >= MIN_FIELDS


def _label_like(line: Line, first: bool) -> bool:
    """Header lines hold short labels; a header's first line holds several of them."""
    groups = _label_groups(line)
    return all(len(g) <= 4 for g in groups) and (len(groups) >= 2 or (not first and len(groups[0]) <= 3))


def _body(lines: list[Line], start: int, height: float, heads: list[bool]) -> list[Line]:
    body: list[Line] = []
    prev = lines[start - 1]
    for j, ln in enumerate(lines[start:], start):
        if ln.top - prev.bottom > BODY_BREAK * height:
            break
        if body and heads[j]:
            return _without_title(body)
        body.append(ln)
        prev = ln
    return body


TITLE_LINES = 3  # a table's title (over the next table's header) runs over at most this many lines
TITLE_GAP = 1.8  # times the widest gap between the body's lines above it


def _without_title(body: list[Line]) -> list[Line]:
    """A body that ran into the next table's header, minus that table's title lines ("INDIKATOR KINERJA
    INDIVIDU ...") when a blank band wider than any between the rows parts them from the body: on a blurred
    scan word boxes swell, the band looks narrower than BODY_BREAK, and the title, crossing every column,
    would hide the body's column gaps."""
    # a title line names the next table's level or position ("INDIKATOR KINERJA INDIVIDU", "Jabatan : ...")
    for k in range(max(1, len(body) - TITLE_LINES), len(body)):
        if _names_a_table(body[k]):
            return body[:k]
    gaps = [b.top - a.bottom for a, b in pairwise(body)]  # gaps[k] lies above body[k + 1]
    for k in range(max(0, len(gaps) - TITLE_LINES), len(gaps)):
        if k >= 2 and gaps[k] > TITLE_GAP * max(gaps[:k]) and gaps[k] > 0:
            return body[:k + 1]
    return body


def _names_a_table(line: Line) -> bool:
    """A table's title line: its level ("INDIKATOR KINERJA INDIVIDU") or a position's label."""
    return bool(LEVEL_HEADING.search(line.text) or positions_vocabulary().label_jabatan(line.text))


def _rivers(lines: list[Line], x0: float, x1: float) -> list[tuple[float, float]]:
    """Vertical white strips (x from, x to) crossed by no word of these lines."""
    spans = sorted((w.x0, w.x1) for ln in lines for w in ln.words)
    out, reach = [], x0
    for a, b in spans:
        if a - reach >= RIVER:
            out.append((reach, a))
        reach = max(reach, b)
    if x1 - reach >= RIVER:
        out.append((reach, x1))
    return out


def _label_centres(header: list[Line]) -> list[float]:
    """The middle of each header label: the header's words merged along x wherever they are close."""
    spans = sorted((w.x0, w.x1) for ln in header for w in ln.words)
    runs: list[list[float]] = []
    for a, b in spans:
        if runs and a - runs[-1][1] <= LABEL_GAP:
            runs[-1][1] = max(runs[-1][1], b)
        else:
            runs.append([a, b])
    return [(a + b) / 2 for a, b in runs]


def _one_run(line: Line) -> list[Word] | None:
    """The words of a line that is one run of text (a group number before it aside), else None."""
    groups = gap_groups(line.words, LABEL_GAP)
    if len(groups) > 2 or (len(groups) == 2 and len("".join(w.text for w in groups[0])) > 4):
        return None
    return groups[-1]


def _headings(header: list[Line], body: list[Line]) -> set[int]:
    """Body lines merged across the table ("A. Meningkatnya ...", "JABATAN : KASI PEMERINTAHAN"): one run of
    text (a group number before it aside) that crosses a column boundary the other lines show, or runs over
    two header labels or more. Ids of the Line objects."""
    centres = _label_centres(header)
    words = [w for ln in header for w in ln.words]
    runs = {id(ln): r for ln in body if (r := _one_run(ln))}
    rest = [ln for ln in body if id(ln) not in runs]
    left = min(w.x0 for ln in [*header, *body] for w in ln.words) - 2
    right = max(w.x1 for ln in [*header, *body] for w in ln.words) + 2
    rivers = [(a, b) for a, b in _rivers([*_without(header, _group_labels(header)), *rest], left, right)
              if any(w.x1 <= a + 0.5 for w in words) and any(w.x0 >= b - 0.5 for w in words)] if rest else []
    cuts = _join_unlabelled([left, *((a + b) / 2 for a, b in rivers), right], words)[1:-1]  # the columns shown
    # a run crosses a boundary when it reaches over the whole white between the columns, into the next one's
    # text (a centred sasaran standing alone on its line may run into the white past its column's middle)
    spans = [next(((a, b) for a, b in rivers if a <= c <= b), (c, c)) for c in cuts]
    return {k for k, r in runs.items()
            if any(r[0].x0 < a and b < r[-1].x1 for a, b in spans) or sum(r[0].x0 < c < r[-1].x1 for c in centres) >= 2}


def _without(lines: list[Line], drop: set[int]) -> list[Line]:
    return [Line(kept) for ln in lines if (kept := [w for w in ln.words if id(w) not in drop])]


def _group_labels(header: list[Line], body: list[Line] | None = None) -> set[int]:
    """Header words printed over the labels of several columns (a TARGET merged over "2024 2025 2026"): ids of
    the words under which the lower header lines hold two label groups or more, or (given the `body`) one label
    group and a river of the lines below (the lower header lines and the body) that runs under the word: a
    "TARGET KINERJA" centred over three year columns whose values are printed at their columns' left. They
    cross the rivers between those columns and are left out when the rivers are found."""
    out: set[int] = set()
    for k, ln in enumerate(header):
        lower = header[k + 1:]
        below = [g for low in lower for g in gap_groups(low.words, RIVER)]
        parted = _river_middles([*lower, *body]) if body and lower else []
        for w in ln.words:
            under = [g for g in below if g[0].x0 < w.x1 + LABEL_GAP and g[-1].x1 > w.x0 - LABEL_GAP]
            if len(under) >= 2 and not any(g[0].x0 <= w.cx <= g[-1].x1 and len(under) == 1 for g in under):
                out.add(id(w))
            # the river well inside the word (a "Satuan" label wider than its column's "%" values only
            # touches the white beside them)
            elif under and any(min(m - w.x0, w.x1 - m) >= 0.25 * (w.x1 - w.x0) for m in parted):
                out.add(id(w))
    return out


def _river_middles(lines: list[Line]) -> list[float]:
    """The middles of the inner rivers of these lines."""
    xs = [x for ln in lines for w in ln.words for x in (w.x0, w.x1)]
    return [(a + b) / 2 for a, b in _rivers(lines, min(xs), max(xs))] if xs else []


def _cuts(header: list[Line], body: list[Line]) -> list[float]:
    """Column boundaries: the rivers with header words on both sides, and the table's outer edges. Heading
    lines merged across the table cross the rivers and are left out."""
    merged = _headings(header, body)
    kept = [ln for ln in body if id(ln) not in merged]
    groups = _group_labels(header, kept)
    words = [w for ln in header for w in ln.words if id(w) not in groups]  # the labels of single columns
    everything = [*_without(header, groups), *kept]
    left = min(w.x0 for ln in everything for w in ln.words) - 2
    right = max(w.x1 for ln in everything for w in ln.words) + 2
    inner = [(a + b) / 2 for a, b in _rivers(everything, left, right)
             if any(w.x1 <= a + 0.5 for w in words) and any(w.x0 >= b - 0.5 for w in words)]
    return _join_unlabelled([left, *inner, right], words)


def _join_unlabelled(cuts: list[float], words: list[Word]) -> list[float]:
    """A column with no header word above it (a value printed left in its column, the label centred) belongs
    to the neighbour whose label is nearer: the cut on that side goes."""
    while True:
        empty = next((k for k, (a, b) in enumerate(pairwise(cuts)) if not any(a <= w.cx < b for w in words)), None)
        if empty is None or len(cuts) <= 3:
            return cuts
        a, b = cuts[empty], cuts[empty + 1]
        left = min((a - w.x1 for w in words if w.cx < a), default=float("inf"))
        right = min((w.x0 - b for w in words if w.cx >= b), default=float("inf"))
        del cuts[empty if left <= right else empty + 1]


def _columns_under(phrase: list[Word], cuts: list[float]) -> list[int]:
    """The columns a run of words reaches over."""
    return [k for k, (a, b) in enumerate(pairwise(cuts)) if min(b, phrase[-1].x1) - max(a, phrase[0].x0) > 0]


def _labels(header: list[Line], cuts: list[float]) -> list[str]:
    """Each column's label: the header words over it, and a label printed over several columns ("TARGET
    KINERJA" over its years) heads each of them ("TARGET KINERJA 2025")."""
    grouped = _group_labels(header)
    out: list[list[str]] = [[] for _ in pairwise(cuts)]
    for ln in header:
        for phrase in gap_groups([w for w in ln.words if id(w) in grouped], LABEL_GAP):
            for k in _columns_under(phrase, cuts):
                out[k].append(" ".join(w.text for w in phrase))
        for w in ln.words:
            k = next((k for k, (a, b) in enumerate(pairwise(cuts)) if a <= w.cx < b), None)
            if id(w) not in grouped and k is not None:
                out[k].append(w.text)
    return [" ".join(parts) for parts in out]


def is_column_number_row(texts: list[str]) -> bool:
    """The cells (or words) of a row of column numbers under a header ("1 2 3 4", "(1) (2)", "-1 -2 -3")."""
    filled = [t for t in texts if t.strip()]
    # all but one cell a column number (OCR reads "2" as "ys", "5" as "s"), at least two of them digits
    numbered = sum(bool(_COLNUM.match(t.strip())) for t in filled)
    return (len(filled) >= 3 and numbered >= len(filled) - (1 if len(filled) >= 4 else 0)
            and sum(any(ch.isdigit() for ch in t) for t in filled) >= max(2, len(filled) - 1))


def _is_colnum_line(line: Line) -> bool:
    return is_column_number_row([w.text for w in line.words])


def _label_words(line: Line) -> list[Word]:
    """The line's words when all of them are label words (capitalised words, years), a speck read as a lone
    ":" or "." aside; else none."""
    words = [w for w in line.words if any(ch.isalnum() for ch in w.text)]
    return words if all(_LABEL_WORD.match(w.text) and not w.text[0].islower() for w in words) else []


def _continues_header(line: Line, cuts: list[float], labels: list[str], prev: Line, height: float) -> bool:
    """A line of label words right under the header, a few in each labelled column ("2024" under "TARGET",
    "KINERJA UTAMA" under "INDIKATOR", "DATA" under "SUMBER"); label words are capitalised, body text is not."""
    words = [] if _names_a_table(line) else _label_words(line)  # "JABATAN : KASI ..." opens the body
    cols = [next((k for k, (a, b) in enumerate(pairwise(cuts)) if a <= w.cx < b), None) for w in words]
    return (bool(words) and line.top - prev.bottom <= 1.6 * height and max(cols.count(k) for k in cols) <= 3
            and all(k is not None and labels[k] for k in cols))


def _label_above(line: Line, t: _Table, height: float) -> bool:
    """The first piece of a label broken over more lines than the others ("TARG" / "ET KI" / "NERJ" / "A" in a
    narrow column), set just above the header: a few word pieces, each over a labelled column."""
    if _names_a_table(line):  # the table's title right above its header ("INDIKATOR KINERJA UTAMA")
        return False
    labels, words = _labels(t.header, t.cuts), _label_words(line)
    cols = [next((k for k, (a, b) in enumerate(pairwise(t.cuts)) if a <= w.cx < b), None) for w in words]
    return (bool(words) and 0 <= t.header[0].top - line.bottom <= 0.6 * height
            and max(cols.count(k) for k in cols) <= 2 and all(k is not None and labels[k] for k in cols))


def _label_below(line: Line, above: Line, height: float) -> bool:
    """The lower part of labels set at the top and the bottom of a tall header cell ("SASARAN" ... "STRATEGIS"):
    a line of label words farther below the header's line than a body ever stands, each group of them under a
    label of that line."""
    spans = [(g[0].x0, g[-1].x1) for g in _label_groups(above)]
    return (line.top - above.bottom <= HEADER_GAP * height and bool(_label_words(line))
            and all(any(a <= (g[0].x0 + g[-1].x1) / 2 <= b for a, b in spans) for g in _label_groups(line)
                    if any(ch.isalnum() for w in g for ch in w.text)))


def _table_at(lines: list[Line], i: int, height: float, heads: list[bool], vocab: HeaderVocabulary) -> _Table | None:
    best: _Table | None = None
    # the top line of a label of more lines than the others, each centred, may stand alone above them: it
    # opens the header (one line more than HEADER_LINES then)
    tall = not _label_like(lines[i], first=True) and _label_like(lines[i], first=False) and i + 1 < len(lines) \
        and _label_like(lines[i + 1], first=True) and -height <= lines[i + 1].top - lines[i].bottom <= 0.6 * height
    for k in range(1, HEADER_LINES + 1 + tall):
        if i + k >= len(lines) or (k > 1 and lines[i + k - 1].top - lines[i + k - 2].bottom > BODY_BREAK * height
                                   and not _label_below(lines[i + k - 1], lines[i + k - 2], height)):
            break
        header = lines[i:i + k]
        if k == 1 and tall:
            continue
        if not _label_like(header[-1], first=k == 1 or (k == 2 and tall)):
            break
        body = _body(lines, i + k, height, heads)
        if len(body) < 2:
            continue
        cuts = _cuts(header, body)
        n = _n_fields(_fields(_labels(header, cuts), vocab))
        # ties: the shorter header; under a tall label's top line the longer (the others' lower lines are
        # then the header's last: "202" / "4" in a narrow year column), never the column-number row
        longer = tall and best is not None and n == best.n_fields and not (
            _is_colnum_line(header[-1]) and 2 * len(header[-1].words) >= len(cuts) - 1)
        if n >= MIN_FIELDS and (best is None or n > best.n_fields or longer):
            best = _Table(header=header, colnums=[], body=body, cuts=cuts, n_fields=n)
    if best is None:
        return None
    k_best = len(best.header)
    while len(best.body) > 2 and _continues_header(best.body[0], best.cuts, _labels(best.header, best.cuts),
                                                   best.header[-1], height):
        best.header.append(best.body.pop(0))
    while i > 0 and _label_above(lines[i - 1], best, height):
        i -= 1
        best.header.insert(0, lines[i])
    if len(best.header) > k_best:  # the lines added name columns of their own (years under a TARGET)
        best.cuts = _cuts(best.header, best.body)
    if len(best.body) > 2 and _is_colnum_line(best.body[0]):
        best.colnums.append(best.body.pop(0))
    best.headings = frozenset(_headings(best.header, best.body))
    return best


def _boxes(t: _Table, rules: list[Rule]) -> list[BBox]:
    """A header row, the column-number row, then the body (see _body_boxes), its boxes cut at the row strokes
    printed without column rules."""
    bands = [t.header[0].top - 2]
    if t.colnums:
        bands.append((t.header[-1].bottom + t.colnums[0].top) / 2)
    top = ((t.colnums or t.header)[-1].bottom + t.body[0].top) / 2
    head = _header_boxes(t, bands[0], bands[1] if t.colnums else top)
    head += [(a, bands[1], b, top) for a, b in pairwise(t.cuts)] if t.colnums else []
    return head + _cut_at_rules(_body_boxes(t.body, t.headings, t.cuts, top), _row_rules(rules, t.cuts), t.cuts)


def _header_boxes(t: _Table, y0: float, y1: float) -> list[BBox]:
    """The header's boxes: one per column; with a label printed over several columns ("TARGET KINERJA" over
    its years), a box across those columns for it and one per column under it, as a ruled header draws them
    (the header reader then heads each year column with it)."""
    grouped = _group_labels(t.header, t.body)
    cols = list(pairwise(t.cuts))
    phrases = []  # (first column, last column, bottom of the phrase's line)
    for k, ln in enumerate(t.header[:-1]):
        for phrase in gap_groups([w for w in ln.words if id(w) in grouped], LABEL_GAP):
            if len(over := _columns_under(phrase, t.cuts)) >= 2:
                phrases.append((over[0], over[-1], (ln.bottom + t.header[k + 1].top) / 2))
    if not phrases:
        return [(a, y0, b, y1) for a, b in cols]
    under = {j: mid for j0, j1, mid in phrases for j in range(j0, j1 + 1)}
    if len(under) < sum(j1 - j0 + 1 for j0, j1, _ in phrases):
        return [(a, y0, b, y1) for a, b in cols]  # phrases over the same column: no clear two-level header
    boxes = [(t.cuts[j0], y0, t.cuts[j1 + 1], mid) for j0, j1, mid in phrases]
    return boxes + [(a, under[j], b, y1) if j in under else (a, y0, b, y1) for j, (a, b) in enumerate(cols)]


def _body_boxes(body: list[Line], headings: frozenset[int], cuts: list[float], top: float) -> list[BBox]:
    """The body from `top`: one row of boxes, or, around heading lines merged across the table, one row per
    run of lines and one box across the table (beside the first column when the heading leaves it to a group
    number) per heading."""
    out: list[BBox] = []
    run: list[Line] = []
    for k, ln in enumerate(body):
        if id(ln) not in headings:
            run.append(ln)
            continue
        bottom = (ln.bottom + body[k + 1].top) / 2 if k + 1 < len(body) else ln.bottom + 2
        head_top = (run[-1].bottom + ln.top) / 2 if run else top
        if run:
            out += [(a, top, b, head_top) for a, b in pairwise(cuts)]
        marker = ln.words[0].x1 < cuts[1] < ln.words[1].x0 if len(ln.words) > 1 else False
        if marker:  # "A" in the No column, the heading across the rest
            out.append((cuts[0], head_top, cuts[1], bottom))
        out.append((cuts[1] if marker else cuts[0], head_top, cuts[-1], bottom))
        top, run = bottom, []
    if run:
        out += [(a, top, b, body[-1].bottom + 2) for a, b in pairwise(cuts)]
    return out


def _row_rules(rules: list[Rule], cuts: list[float]) -> list[tuple[float, set[int]]]:
    """The horizontal strokes that part rows of a table drawn without column rules ("booktabs" prints, web
    tables): (y, the columns each crosses), for strokes over two columns or more. A stroke that leaves the
    first columns open is the bottom of the indicator rows beside a merged sasaran cell."""
    out = []
    # producers draw a row rule as one piece per cell: collinear pieces joined first
    for r in joined([{"orientation": "h", "top": r.y, "x0": r.x0, "x1": r.x1} for r in rules], "h"):
        crossed = {k for k, (a, b) in enumerate(pairwise(cuts))
                   if min(r["hi"], b) - max(r["lo"], a) >= RULE_COVER * (b - a)}
        if len(crossed) >= 2:
            out.append((r["at"], crossed))
    return out


def _cut_at_rules(boxes: list[BBox], rules: list[tuple[float, set[int]]], cuts: list[float]) -> list[BBox]:
    """Each one-column body box cut at the row strokes that cross its column; boxes across the table
    (heading rows) stay whole."""
    out: list[BBox] = []
    for x0, y0, x1, y1 in boxes:
        cols = {k for k, (a, b) in enumerate(pairwise(cuts)) if a >= x0 - 0.5 and b <= x1 + 0.5}
        ys = sorted({y for y, crossed in rules if y0 + 2 < y < y1 - 2 and len(cols) == 1 and cols <= crossed})
        out += [(x0, a, x1, b) for a, b in pairwise([y0, *ys, y1])]
    return out


def _best_start(lines: list[Line], i: int, t: _Table, height: float, heads: list[bool],
                vocab: HeaderVocabulary) -> _Table:
    """The table found from line i, or one starting on a later line of its header that names more fields:
    title lines over the table ("NOMOR : 800/75", "INDIKATOR KINERJA UTAMA") can pass for header lines,
    and then they and the first column's label read as one label."""
    for j in range(i + 1, i + len(t.header)):
        later = _table_at(lines, j, height, heads, vocab)
        # as many fields named without the title line the header starts with: the title is no label (and a
        # position's label there names the rows' jabatan)
        if later is not None and (later.n_fields > t.n_fields
                                  or (later.n_fields == t.n_fields and _names_a_table(t.header[0]))):
            t = later
    return t


def _crossed(line: Line, cuts: list[float]) -> int:
    """How many inner column boundaries the line's words run over."""
    return sum(any(w.x0 < c - 1 < c + 1 < w.x1 for w in line.words) for c in cuts[1:-1])


def _own_cuts(lines: list[Line], cuts: list[float], height: float) -> list[float]:
    """The previous page's column boundaries moved onto this page's own white rivers. A header alone at the foot
    of the previous page places them only from its centred labels (a left-aligned cell text starts left of
    that); the rows here show where the columns part. Each inner boundary goes to the nearest river of the
    page's lines of several cells down to the first wide blank; the old boundaries stay unless every one finds
    a river of its own and no fewer lines stay inside their columns."""
    body: list[Line] = []
    for ln in lines:
        if body and ln.top - body[-1].bottom > BODY_BREAK * height:
            break
        if _one_run(ln) is None or _crossed(ln, cuts) < 2:  # a heading across the table tells no boundary
            body.append(ln)
    if len(body) < 2:
        return cuts
    left, right = min(ln.x0 for ln in body), max(ln.x1 for ln in body)
    rivers = [r for r in _rivers(body, left, right) if left < r[0] and r[1] < right]
    picked = [min(range(len(rivers)), key=lambda k: max(rivers[k][0] - c, c - rivers[k][1], 0.0))
              for c in cuts[1:-1]] if rivers else []
    if not picked or any(b <= a for a, b in pairwise(picked)):
        return cuts
    moved = [min(cuts[0], left - 2), *((rivers[k][0] + rivers[k][1]) / 2 for k in picked), max(cuts[-1], right + 2)]
    kept = sum(_crossed(ln, moved) == 0 for ln in body) >= sum(_crossed(ln, cuts) == 0 for ln in body)
    return moved if kept else cuts


def continued_grid(page: PageLayout, cuts: list[float], claimed: list[BBox], bottom: float,
                   vocab: HeaderVocabulary) -> list[BBox]:
    """Cell boxes of an unruled table continued at the top of this page without its header (not repeated):
    the lines from the first one laid out in the previous page's columns (a running header or page number
    above it aside) down to a wide blank band, a line that crosses the columns (a signature, a paragraph) or
    the next table's header, above `bottom`. Heading lines merged across the table are kept as such. [] when
    none fits."""
    words = [w for w in page.words if w.bottom < bottom and not any(inside(w, b) for b in claimed)]
    # the outer columns' text may reach past their centred labels: half a column's width of slack
    lo, hi = cuts[0] - max(4.0, (cuts[1] - cuts[0]) / 2), cuts[-1] + max(4.0, (cuts[-1] - cuts[-2]) / 2)
    lines = [ln for ln in group_lines(words) if lo <= ln.x0 and ln.x1 <= hi]
    if not lines:
        return []
    height = _line_height(lines)
    cuts = _own_cuts(lines, cuts, height)
    names = [_names_a_table(ln) for ln in lines]
    row_like = [_crossed(ln, cuts) == 0 and _one_run(ln) is None and len(
        {k for w in ln.words for k, (a, b) in enumerate(pairwise(cuts)) if a <= w.cx < b}) >= 2 for ln in lines]
    if any(_starts_header(ln, vocab) for ln in lines[:4]):
        return []  # the header repeated on this page: a table of its own, not a body going on without one
    m = next((k for k in range(min(4, len(lines))) if row_like[k] and not names[k]), None)
    if m is None:
        return []
    s0 = m  # the tail of a row split by the page break may stand above the first full line
    while s0 > 0 and _crossed(lines[s0 - 1], cuts) == 0 and not names[s0 - 1] \
            and lines[s0].top - lines[s0 - 1].bottom <= 1.6 * height:
        s0 -= 1
    # the position's label merged across the table may open the page ("JABATAN : KASI TRANTIBUM")
    while s0 > 0 and names[s0 - 1] and _one_run(lines[s0 - 1]) is not None \
            and lines[s0].top - lines[s0 - 1].bottom <= BODY_BREAK * height:
        s0 -= 1
    body: list[Line] = []
    headings: set[int] = set()
    for k in range(s0, len(lines)):
        ln = lines[k]
        if body and (ln.top - body[-1].bottom > BODY_BREAK * height or _starts_header(ln, vocab)):
            break  # a wide blank, the next table's header
        if (body or k < m) and (names[k] or _crossed(ln, cuts)) and _one_run(ln) is not None:
            body.append(ln)  # a position or sasaran heading merged across the grid
            headings.add(id(ln))
        elif _crossed(ln, cuts) == 0:
            body.append(ln)
        else:
            break
    if len(body) < 2 or len(headings) == len(body):
        return []
    return _cut_at_rules(_body_boxes(body, frozenset(headings), cuts, body[0].top - 2),
                         _row_rules(page.rules, cuts), cuts)


def text_grid(page: PageLayout, claimed: list[BBox], vocab: HeaderVocabulary) -> list[list[BBox]]:
    """Cell boxes of each unruled indicator table on the page, top to bottom (labels read by `vocab`)."""
    words: list[Word] = [w for w in page.words if not any(inside(w, b) for b in claimed)]
    lines = [part for ln in group_lines(words) for part in _chained_apart(ln)]
    height = _line_height(lines)
    heads = [_starts_header(ln, vocab) for ln in lines]  # each line tested once: the next table's header ends a body
    out, i = [], 0
    while i < len(lines) - 1:
        t = _table_at(lines, i, height, heads, vocab)
        if t is None:
            i += 1
            continue
        t = _best_start(lines, i, t, height, heads, vocab)
        out.append(_boxes(t, page.rules))
        i = lines.index(t.body[-1]) + 1
    return out
