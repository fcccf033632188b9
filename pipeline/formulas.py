"""Stage 6a, formulas: a formula cell -> one linear string plus numerator/denominator/multiplier.

Printed fractions come in several notations; all are read as
"numerator / denominator x multiplier":
  stacked   numerator over a rule over the denominator, "x 100%" beside it
  underline numerator underlined, "X 100%" after it, denominator on the next lines
  dashes    a text line of "-----" (or "....", "____") with "x 100%" at its end
  inline    "A / B x 100%", "(A : B) x 100%", "A dibagi B dikali 100%"
Word formulas without a clear ratio keep their printed words.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from pipeline.layout import Line, Rule, Word, group_lines
from pipeline.tables import Cell, join_lines
from schemas import Formula

_TIMES = {"x", "X", "×", "*", "dikali", "kali"}
_MULT_NUM = re.compile(r"^\d+([.,]\d+)?\s*%?$")
_RULE_TEXT = re.compile(r"^[\s\-–—_.…]{5,}$")
_MARKER = re.compile(r"^\(?(\d{1,2}|[a-h])[.)]\s")
_INLINE = re.compile(
    r"^\(?\s*(?P<num>.+?)\s*\)?\s*(?:/|:|÷|\bdibagi(?:\s+dengan)?\b)\s*\(?\s*(?P<den>.+?)\s*\)?\s*"
    r"(?:[x×X*]|\bdikali(?:\s+dengan)?\b|\bkali\b)\s*(?P<mult>\d+(?:[.,]\d+)?\s*%?)\s*\.?$",
    re.I,
)
# "A x 100% / B" read line by line, or "A X 100% B" from a cell whose bar was lost
_MULT_MIDDLE = re.compile(r"^(?P<num>.+?)\s+(?:[x×X*]|dikali)\s*(?P<mult>\d+(?:[.,]\d+)?\s*%)\s+(?P<den>\S.+)$")


def _take_multiplier(words: list[Word]) -> tuple[list[Word], str | None]:
    """Remove an "x 100 %" phrase (possibly split into words) and return it."""
    for i, w in enumerate(words):
        t = w.text
        m = re.fullmatch(r"[xX×*](\d+(?:[.,]\d+)?%?)", t)  # "x100%"
        if m and _MULT_NUM.match(m.group(1)):
            parts, j = [m.group(1)], i + 1
        elif t in _TIMES and i + 1 < len(words) and _MULT_NUM.match(words[i + 1].text):
            parts, j = [words[i + 1].text], i + 2
        else:
            continue
        if j < len(words) and words[j].text == "%" and not parts[0].endswith("%"):
            parts.append("%")
            j += 1
        return words[:i] + words[j:], " ".join(parts)
    return words, None


def _line_text(line: Line) -> str:
    return line.text.strip()


def _split_by_rule(lines: list[Line], rules: list[Rule]) -> tuple[list[Line], list[Line], str] | None:
    """Numerator = lines above the lowest rule that has text below it; the rest is the denominator.

    Works for a stacked bar (one rule) and for underlined numerators (one rule per numerator line).
    """
    best: tuple[float, str] | None = None
    for r in rules:
        above = [ln for ln in lines if (ln.top + ln.bottom) / 2 < r.y]
        below = [ln for ln in lines if (ln.top + ln.bottom) / 2 > r.y]
        if not above or not below:
            continue
        underline = any(abs(r.y - ln.bottom) <= 3.5 and ln.x0 - 3 <= r.x0 for ln in above[-1:]) and \
            (r.x1 - r.x0) < 0.98 * (max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines))
        if best is None or r.y > best[0]:
            best = (r.y, "underline" if underline else "stacked")
    if best is None:
        return None
    y, style = best
    return ([ln for ln in lines if (ln.top + ln.bottom) / 2 < y],
            [ln for ln in lines if (ln.top + ln.bottom) / 2 > y], style)


def _split_by_text_rule(lines: list[Line]) -> tuple[list[Line], list[Line]] | None:
    for i, ln in enumerate(lines):
        if _RULE_TEXT.match(_line_text(ln)) and 0 < i < len(lines) - 1:
            return lines[:i], lines[i + 1:]
    return None


def _ratio(num: str, den: str, mult: str | None, style: str, raw: str) -> Formula:
    text = f"{num} / {den}" + (f" x {mult}" if mult else "")
    return Formula(text=text, raw=raw, kind="ratio", style=style, numerator=num, denominator=den, multiplier=mult)


def parse_text(raw: str) -> Formula:
    """Parse a formula from its text alone (inline and word forms)."""
    text = re.sub(r"\s+", " ", raw).strip()
    if not text:
        return Formula(text="", raw=raw, kind="empty")
    m = _INLINE.match(text)
    if m and len(m.group("num")) > 2 and len(m.group("den")) > 1:
        style = "words" if re.search(r"dibagi|dikali", text, re.I) else "inline"
        return _ratio(m.group("num").strip(), m.group("den").strip(), m.group("mult").strip(), style, raw)
    return Formula(text=text, raw=raw, kind="text", style="inline")


def parse_cells(cells: list[Cell]) -> Formula:
    """Parse the formula of one indicator row from its cell fragment(s) with their geometry."""
    raw = join_lines([c.text for c in cells])
    if len(cells) > 1 and len({c.page for c in cells}) == 1:
        # separate cells that each hold a whole formula (two indicators under one merged Indikator cell)
        each = [parse_segment(*_stacked([c])) for c in cells]
        if all(f.kind == "ratio" for f in each):
            return Formula(text=" ".join(f.text for f in each), raw=raw, kind="text", style=each[0].style)
    segments = _segments(cells)
    if len(segments) > 1:  # several numbered formulas in one cell: keep each reading, no single ratio
        parts = [parse_segment(words, rules) for words, rules in segments]
        return Formula(text=" ".join(p.text for p in parts), raw=raw, kind="text", style=parts[0].style)
    if not segments:
        return Formula(text="", raw=raw, kind="empty")
    return parse_segment(*segments[0])


_PAGE_OFFSET = 10_000.0  # a cell continued on the next page is read as if the pages were stacked


def _stacked(cells: list[Cell]) -> tuple[list[Word], list[Rule]]:
    first = min(c.page for c in cells)
    words, rules = [], []
    for c in cells:
        off = (c.page - first) * _PAGE_OFFSET
        words += [replace(w, top=w.top + off, bottom=w.bottom + off, page=first) for w in c.words]
        rules += [replace(r, y=r.y + off, page=first) for r in c.rules]
    return words, rules


def _segments(cells: list[Cell]) -> list[tuple[list[Word], list[Rule]]]:
    """Words and rules of the cell(s); split where a line starts with a list marker (1., 2.)."""
    words, rules = _stacked(cells)
    if not words:
        return []
    lines = group_lines(words)
    starts = [i for i, ln in enumerate(lines) if _MARKER.match(ln.text + " ")]
    if len(starts) < 2 or starts[0] != 0:
        return [(words, rules)]
    out = []
    for a, b in itertools.pairwise([*starts, len(lines)]):
        seg_lines = lines[a:b]
        top, bottom = seg_lines[0].top, seg_lines[-1].bottom
        out.append(([w for ln in seg_lines for w in ln.words], [r for r in rules if top - 1 <= r.y <= bottom + 1]))
    return out


def parse_segment(words: list[Word], rules: list[Rule]) -> Formula:
    raw = join_lines([ln.text for ln in group_lines(words)])
    if not words:
        return Formula(text="", raw=raw, kind="empty")
    rest, mult = _take_multiplier([w for ln in group_lines(words) for w in ln.words])
    lines = group_lines(rest)
    if mult:
        split = _split_by_rule(lines, rules) if rules else None
        if split:
            num, den, style = split
            return _ratio(join_lines([ln.text for ln in num]), join_lines([ln.text for ln in den]), mult, style, raw)
        tsplit = _split_by_text_rule(lines)
        if tsplit:
            num_l, den_l = tsplit
            return _ratio(join_lines([ln.text for ln in num_l]), join_lines([ln.text for ln in den_l]), mult,
                          "dashes", raw)
    f = parse_text(raw)
    if f.kind == "ratio" or not mult:
        return f
    m = _MULT_MIDDLE.match(re.sub(r"\s+", " ", raw))  # "A X 100% B": numerator line, multiplier, denominator
    if m:
        return _ratio(m.group("num").strip(), m.group("den").strip(), m.group("mult").strip(), "inline", raw)
    return f
