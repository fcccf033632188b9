"""Tables printed without any rules (web-portal prints, plain Word tables with borders off).

Part of the tables stage. A header line is found by its labels (at least three words groups naming fields,
one of them the indikator); the column boundaries are the vertical white gaps that run through the whole
body; the result is a set of cell boxes, as if the table were ruled with one row for the body, so the
table and row stages read it like any other (rows then come from the No column or the blank bands).
"""

from __future__ import annotations

from itertools import pairwise

from iku.core.layout import BBox, Line, PageLayout, Word, gap_groups, group_lines, inside
from iku.resources.vocab import field_for_label

COLUMN_GAP = 10.0  # points of white between the label groups of a header line
MIN_FIELDS = 3
BODY_BREAK = 3.0  # a vertical gap of this many line heights ends the table


def _header_at(lines: list[Line], i: int) -> list[list[Word]] | None:
    groups = gap_groups(lines[i].words, COLUMN_GAP)
    fields = [field_for_label(" ".join(w.text for w in g)) for g in groups]
    if sum(1 for f in fields if f) >= MIN_FIELDS and "indikator" in fields:
        return groups
    return None


def _body(lines: list[Line], start: int) -> list[Line]:
    body: list[Line] = []
    height = sorted(ln.bottom - ln.top for ln in lines)[len(lines) // 2] if lines else 10.0
    prev = lines[start - 1]
    for ln in lines[start:]:
        if ln.top - prev.bottom > BODY_BREAK * height:
            break
        body.append(ln)
        prev = ln
    return body


def _gaps(body: list[Line], x0: float, x1: float) -> list[tuple[float, float]]:
    """Vertical white strips (x from, x to) crossed by no body word."""
    spans = sorted((w.x0, w.x1) for ln in body for w in ln.words)
    out, reach = [], x0
    for a, b in spans:
        if a - reach >= 4.0:
            out.append((reach, a))
        reach = max(reach, b)
    if x1 - reach >= 4.0:
        out.append((reach, x1))
    return out


def text_grid(page: PageLayout, claimed: list[BBox]) -> list[BBox] | None:
    """Cell boxes for one unruled indicator table on the page, or None."""
    words = [w for w in page.words if not any(inside(w, b) for b in claimed)]
    lines = group_lines(words)
    for i in range(len(lines) - 1):
        groups = _header_at(lines, i)
        if groups is None:
            continue
        body = _body(lines, i + 1)
        if len(body) < 2:
            continue
        left = min(min(w.x0 for w in g) for g in groups)
        right = max(max(w.x1 for ln in body for w in ln.words), max(g[-1].x1 for g in groups))
        gaps = _gaps(body, left - 2, right + 2)
        # one boundary between each pair of neighbouring labels: the white strip nearest their midpoint
        cuts = [left - 2]
        for a, b in pairwise(groups):
            mid = (a[-1].x1 + b[0].x0) / 2
            near = [g for g in gaps if g[0] <= b[0].x0 + 2 and g[1] >= a[-1].x1 - 2] or gaps
            if not near:
                return None
            g = min(near, key=lambda g: abs((g[0] + g[1]) / 2 - mid))
            cuts.append((g[0] + g[1]) / 2)
        cuts.append(right + 2)
        if any(b <= a for a, b in pairwise(cuts)):
            return None
        head_top, head_bottom = lines[i].top - 2, (lines[i].bottom + body[0].top) / 2
        bottom = body[-1].bottom + 2
        boxes: list[BBox] = []
        for a, b in pairwise(cuts):
            boxes += [(a, head_top, b, head_bottom), (a, head_bottom, b, bottom)]
        return boxes
    return None
