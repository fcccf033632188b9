"""Stage 6, normalise: raw rows -> Indicator models (formula read, unit fixed, targets per year, provenance).

The formula reader is this stage's larger half (below, "The formula reader"): a formula cell's words and
strokes -> one linear string plus numerator, denominator and multiplier, typed (ratio, count, index ...).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from rapidfuzz import fuzz, process

from iku.core.errors import W_RATIO_UNREAD
from iku.core.layout import Line, Rule, Word, group_lines
from iku.core.numbers import parse_target
from iku.core.stage import StageLog
from iku.resources.vocab import SATUAN, load_data
from iku.schemas import Formula, FormulaConstant, Indicator, Provenance
from iku.stages.rows import RawRow, row_bbox
from iku.stages.tables import Cell, join_lines

# how Tesseract reads a lone "%": the misreadings the grammar lists with a letter or a slash, and "96"
_OCR_PERCENT_SIGN = {p.lower() for p in load_data("formulas")["ocr_percent"]
                     if p == "96" or re.search(r"[^\W\d]|/", p)}
SATUAN_MIN_SIMILARITY = 75  # rapidfuzz ratio; "Pursan", "perseni" -> Persen, but not "Orang" -> "Rupiah"


def _is_unit(text: str) -> bool:
    return any(text.lower() == u.lower() for u in SATUAN)


def fix_satuan(text: str | None, conf: float) -> str | None:
    """An OCR-read unit that is close to exactly one known unit becomes that unit. Text-layer values,
    known units and anything longer than two words are left as printed."""
    if not text or conf >= 1.0 or len(text.split()) > 2 or _is_unit(text):
        return None
    if text.lower().replace(" ", "") in _OCR_PERCENT_SIGN:
        return "%"
    best = process.extract(text, SATUAN, scorer=fuzz.ratio, processor=str.lower, limit=2)
    if best and best[0][1] >= SATUAN_MIN_SIMILARITY and (len(best) < 2 or best[1][1] < best[0][1]):
        return best[0][0]
    return None


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(r"\s+", " ", text).strip()


def _targets(row: RawRow) -> str | dict[str, str] | None:
    if not row.targets:
        return None
    if len(row.targets) == 1:
        return clean(next(iter(row.targets.values())))
    out: dict[str, str] = {}
    for label, value in row.targets.items():
        year = year_in_label(label) or label
        if out.get(year) and " ".join(label.split()) == year:
            continue  # a column named by the year alone (a gutter under "2016" beside its TARGET): not the target
        out[year] = clean(value) or ""
    return out


_LABEL_UNIT = re.compile(r"(?<=\w)\s*\(?\s*(%)\s*\)?\s*$")  # a target column's label ending in its unit


def year_in_label(label: str) -> str | None:
    """The year a target column's label names; its digits may be parted where a narrow column wrapped the
    year ("TARGET 202 / 4" reads "TARGET 202 4")."""
    for text in (label, re.sub(r"(?<=\d)\s+(?=\d)", "", label)):
        if m := re.search(r"(?<!\d)(19|20)\d\d(?!\d)", text):
            return m.group(0)
    return None


def _percent_misread(satuan: str, conf: float, formula: Formula | None) -> bool:
    """An OCR-read Satuan cell holding no unit but a glyph or two ("4", "oe", "x %"), in a row whose formula
    gives a percentage (x 100%): the cell's lone "%" misread. Its confidence is halved, so it is reviewed."""
    glyphs = sum(ch.isalnum() for ch in satuan)
    return (conf < 1.0 and formula is not None and formula.unit == "%" and (glyphs <= 2 or "%" in satuan)
            and len(satuan) <= 5 and not _is_unit(satuan))


def to_indicator(row: RawRow, number: int) -> Indicator:
    v = row.values
    page, bbox = row_bbox(row)
    cells = {f: Provenance(page=cs[0].page, bbox=cs[0].bbox, confidence=min(c.conf for c in cs))
             for f, cs in row.cells.items() if cs and f != "no"}
    formula = parse_cells(row.cells["formula"]) if "formula" in row.cells else None
    satuan = clean(v.get("satuan"))
    fixed = fix_satuan(satuan, cells["satuan"].confidence) if "satuan" in cells else None
    if fixed:
        satuan = fixed
        cells["satuan"] = cells["satuan"].model_copy(update={"confidence": cells["satuan"].confidence * 0.85})
    elif satuan and "satuan" in cells and _percent_misread(satuan, cells["satuan"].confidence, formula):
        satuan = "%"  # a lone "%" OCR read as "4", "9", "oe": the row's own formula gives a percentage
        cells["satuan"] = cells["satuan"].model_copy(update={"confidence": cells["satuan"].confidence * 0.5})
    conf = min((p.confidence for p in cells.values()), default=1.0)
    target = _targets(row)
    target_value, target_unit = parse_target(target) if isinstance(target, str) else (None, None)
    if satuan is None and "satuan" not in row.cells and target_unit and "target" in cells:
        # no Satuan column (many PK and RKT tables): the unit printed with the target ("10%", "73 orang")
        satuan, cells["satuan"] = target_unit, cells["target"]
    elif satuan is None and "satuan" not in row.cells and len(row.targets) == 1 and "target" in cells:
        # ... or with the target's label ("Target %", "Target (%)") over bare values ("55,56")
        if m := _LABEL_UNIT.search(next(iter(row.targets))):
            satuan, cells["satuan"] = m.group(1), cells["target"]
    if row.notes:  # joined across a page break, or resolved "sda": worth a look
        conf *= 0.95
    return Indicator(
        row=number, level=row.level, jabatan=clean(row.jabatan), sasaran=clean(v.get("sasaran")),
        indikator=clean(v["indikator"]) or "", definisi=clean(v.get("definisi")), formula=formula,
        satuan=satuan, target=target, target_value=target_value, target_unit=target_unit,
        sumber_data=clean(v.get("sumber_data")),
        sumber_data_raw=clean(row.raw.get("sumber_data", v.get("sumber_data"))),
        penanggung_jawab=clean(v.get("penanggung_jawab")), page=page, bbox=bbox, confidence=round(conf, 3),
        cells=cells, columns=row.labels,
    )


def normalise_rows(rows: list[RawRow], log: StageLog) -> list[Indicator]:
    out = []
    for i, row in enumerate(rows, start=1):
        ind = to_indicator(row, i)
        if ind.formula and ind.formula.kind == "text" and len(re.findall(r"\b100\s*%", ind.formula.text)) == 1:
            log.warn(W_RATIO_UNREAD, f"row {i} (page {ind.page}): formula mentions 100% but no ratio was read",
                     ind.page)
        out.append(ind)
    return out


# --- The formula reader ------------------------------------------------------------------------------------
# A formula cell -> one linear string plus numerator/denominator/multiplier.
#
# Printed fractions come in several notations; all are read as
# "numerator / denominator x multiplier":
#   stacked   numerator over a rule over the denominator, "x 100%" beside it
#   underline numerator underlined, "X 100%" after it, denominator on the next lines
#   dashes    a text line of "-----" (or "....", "____") with "x 100%" at its end
#   inline    "A / B x 100%", "(A : B) x 100%", "A dibagi B dikali 100%"
# Word formulas without a clear ratio keep their printed words.
#
# Every reading is then typed (`classify`): ratio, count, index, difference, score or text, with the unit of
# the result ("%" for x 100%) and the numbers printed inside it (a fixed denominator such as "14 desa", the IKM
# factor 25) as constants.


def _grammar() -> dict[str, list[str]]:
    return load_data("formulas")


def _alt(phrases: list[str]) -> str:
    """A regex alternation of phrases, longest first, words bounded as words."""
    out = []
    for ph in sorted(phrases, key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in ph.split())
        if len(ph) == 1 and ph.isalpha():  # "x": a letter on its own, digits may touch it ("x100%")
            out.append(rf"(?<![^\W\d_]){body}(?![^\W\d_])")
        else:
            out.append(rf"\b{body}\b" if ph[0].isalpha() else body)
    return "(?:" + "|".join(out) + ")"


_G = _grammar()
_DIV, _WEAK, _TIMES_RE = _alt(_G["divide"]), _alt(_G["divide_weak"]), _alt(_G["times"])
_PCT = _alt(_G["percent"])
_MULT = rf"(?:\d+(?:[.,]\d+)?|{_alt(_G['number_words'])})\s*{_PCT}?"
_WORDY = re.compile(_alt([p for k in ("divide", "divide_weak", "times", "compare_open") for p in _G[k]
                          if len(p) > 1 and p[0].isalpha()] + ["dikurangi", "sama dengan"]), re.I)
_TIMES = {"x", "X", "×", "*", "dikali", "kali"}
_MULT_NUM = re.compile(r"^\d+([.,]\d+)?\s*%?$")
_RULE_TEXT = re.compile(r"^[\s\-–—_.…]{5,}$")
# an operand named by a symbol its legend defines ("(A / B) x 100%", "X1 / X2 x 100%")
_SYMBOL = re.compile(r"^[A-Z][0-9]?$")
_MARKER = re.compile(r"^\(?(\d{1,2}|[a-h])[.)]\s")


def _inline(div: str) -> re.Pattern[str]:
    return re.compile(rf"^\(?\s*(?P<num>.+?)\s*\)?\s*{div}\s*\(?\s*(?P<den>.+?)\s*\)?\s*"
                      rf"{_TIMES_RE}\s*(?P<mult>{_MULT})\s*\.?$", re.I)


# "A / B x 100%", "A dibagi dengan B dikali 100 persen"; weak dividers only when nothing stronger is there
_INLINE, _INLINE_WEAK = _inline(_DIV), _inline(_WEAK)
# "perbandingan antara A dengan B (x 100%)"
_COMPARE = re.compile(rf"^{_alt(_G['compare_open'])}\s+(?P<num>.+?)\s+{_alt(_G['compare_join'])}\s+(?P<den>.+?)"
                      rf"(?:\s*{_TIMES_RE}\s*(?P<mult>{_MULT}))?\s*\.?$", re.I)
_MULT_MIDDLE = re.compile(r"^(?P<num>.+?)\s+(?:[x×X*]|dikali)\s*(?P<mult>\d+(?:[.,]\d+)?\s*%)\s+(?P<den>\S.+)$")
# the same with the "X" glued to the last numerator word ("... di fasilitasiX 100% Jumlah ...")
_MULT_MIDDLE_GLUED = re.compile(r"^(?P<num>.+?[a-z])X\s*(?P<mult>100\s*%)\s+(?P<den>[A-Z]\S*\s.+)$")
# words that open a quantity: the operands of a ratio or difference written without a multiplier
_QUANTITY = _alt(_G["quantity"])
_EQUALS = re.compile(r"^(?P<lhs>[^=]{1,60}?)\s*(?:=|\bsama\s+dengan\b|\badalah\b)\s*(?P<rhs>.+)$", re.I)
# "(A : B) x nilai tertimbang": a ratio scaled by a word, not a number
_WORD_MULT = re.compile(
    rf"^\(?\s*(?P<num>.+?)\s*{_DIV}\s*(?P<den>.+?)\s*\)?\s*"
    rf"{_TIMES_RE}\s*(?P<mult>(?:nilai\s+|bobot\s+)?[a-z][a-z -]*?)\s*\.?$", re.I)
_DIFFERENCE = re.compile(
    rf"^\(?\s*(?P<a>{_QUANTITY}.+?)\s+(?:[-–—]|\bdikurangi(?:\s+dengan)?\b)\s+(?P<b>{_QUANTITY}.+?)\s*\)?\s*\.?$", re.I)
# ("per" and "terhadap" too: between two quantities they are a ratio, "Jumlah A per jumlah B")
_PLAIN_RATIO = re.compile(
    rf"^\(?\s*(?P<num>{_QUANTITY}.+?)\s*(?:\s/\s|\s:\s|"
    rf"{_alt([p for k in ('divide', 'divide_weak') for p in _G[k] if p[0].isalpha()])})"
    rf"\s*(?P<den>{_QUANTITY}.+?)\s*\)?\s*\.?$",
    re.I)
_QUANTITY_START = re.compile(_QUANTITY, re.I)
_SCALED = re.compile(r"^(?P<a>.+?)\s*(?:[x×X*]|\bdikali(?:\s+dengan)?\b)\s*(?P<mult>\d+(?:[.,]\d+)?)\s*\.?$", re.I)
_COUNT = re.compile(r"^(?:jumlah|banyaknya|total)\b", re.I)
_INDEX = re.compile(r"\b(?:indeks|indek|ikm|ikp|ipm|skm)\b", re.I)
_SCORE = re.compile(r"^(?:hasil\s+)?(?:nilai|skor|score|predikat)\b|\b(?:tertimbang|rata-rata|rerata)\b", re.I)
# a number with a unit standing alone in an operand: "14 desa", "(12 bulan)"
_CONSTANT = re.compile(r"^\(?\s*(?P<value>\d+(?:[.,]\d+)?)\s*(?P<unit>%|[A-Za-z][A-Za-z-]*)?\s*\)?$")


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
        if j < len(words) and not parts[0].endswith("%") and (
                words[j].text == "%" or (words[j].conf < 1.0 and re.fullmatch(r"[Yy][o0]|96|9|o/o", words[j].text))):
            parts.append("%")  # OCR reads a lone "%" as "Yo", "96" ...
            j += 1
        mult = " ".join(parts)
        if w.conf < 1.0:  # OCR: "%" is often read as "96", "9" or "y" ("x 10096")
            mult = _ocr_percent(mult)
        return words[:i] + words[j:], mult
    return words, None


def _side_multiplier(words: list[Word], rules: list[Rule]) -> tuple[list[Word], str | None]:
    """A stacked fraction's "x 100%" printed to the right of its bar, on one line or over two, at any height
    beside the fraction: read as one phrase in reading order, whatever lines its words fall into."""
    if not rules:
        return words, None
    bar = max(rules, key=lambda r: r.x1 - r.x0)
    # in reading order: line by line, left to right ("x" sits lower than the "100" beside it)
    side = [w for ln in group_lines([w for w in words if w.x0 >= bar.x1 - 1]) for w in ln.words]
    if not side or not (bar.y - 30 <= min(w.top for w in side) and max(w.bottom for w in side) <= bar.y + 30):
        return words, None
    rest, mult = _take_multiplier(side)
    if rest and all(w.conf < 1.0 and _MULT_JUNK.match(w.text) for w in rest):
        rest = []  # OCR's pieces of the same "x 100%" read twice or split ("X", "009", "%")
    if not mult or rest:
        return words, None  # something else beside the bar: leave it to the line-by-line reading
    return [w for w in words if w not in side], mult


_MULT_JUNK = re.compile(r"^([xX×*]|[Yy][o0]|%|9|96|0?0?9|00%|10?0?9?6?%?)$")
_MISREAD = "|".join(re.escape(p) for p in sorted(_G["ocr_percent"], key=len, reverse=True) if p != "%")
_OCR_PERCENT = re.compile(rf"^[1lI]?00\s*(?:%|{_MISREAD})$")
# "x 10096", "dikali 1004" in an OCR-read formula: a times word, then 100 with its "%" misread
_OCR_PERCENT_AFTER_TIMES = re.compile(rf"({_TIMES_RE})\s*[1lI]?00\s*(?:{_MISREAD})(?![^\W_])", re.I)


def _ocr_percent_in_text(text: str) -> str:
    """An OCR-read formula with each multiplier's misread "100%" written back ("x 10096" -> "x 100%")."""
    return _OCR_PERCENT_AFTER_TIMES.sub(lambda m: f"{m[1]} 100%", text)


def _ocr_percent(text: str) -> str:
    """ "100%" for the ways OCR misreads it; anything else as read."""
    return "100%" if _OCR_PERCENT.match(text.strip()) else text


def _bar_split(words: list[Word], rules: list[Rule]) -> tuple[list[Line], list[Line], str | None] | None:
    """A stacked fraction told by its geometry alone, for scans where "x 100%" was misread or lost:
    an inner rule with words above and below; words level with the rule and right of it are the multiplier."""
    lines = group_lines(words)
    if len(lines) < 2:
        return None
    height = sorted(ln.bottom - ln.top for ln in lines)[len(lines) // 2]
    for r in sorted(rules, key=lambda r: r.y, reverse=True):
        side = [w for w in words if w.x0 >= r.x1 - 2 and abs(w.cy - r.y) <= 1.2 * height]
        # pieces of a misread "x 100%" ("Yo", "96", "009") past the end of the bar are not operand words
        junk = [w for w in words if w.x0 >= r.x1 - 2 and _MULT_JUNK.match(w.text)]
        body = [w for w in words if w not in side and w not in junk]
        above = [w for w in body if w.cy < r.y]
        below = [w for w in body if w.cy > r.y]
        if len(above) < 2 or len(below) < 2 or not any(w.x0 < r.x1 and w.x1 > r.x0 for w in above):
            continue
        if not _spans_a_line(r, group_lines(above)[-1], group_lines(below)[0]):
            continue
        digits = re.sub(r"[^0-9%]", "", "".join(w.text for w in side))
        mult = _ocr_percent(digits) if digits else None
        if mult and not mult.startswith("100"):
            mult = None  # a lone "9" or "13" is what is left of a misread "x 100%", not a multiplier of its own
        return group_lines(above), group_lines(below), mult
    return None


def _line_text(line: Line) -> str:
    return line.text.strip()


BAR_SPAN = 0.6  # of the narrower of the lines either side: the least a fraction bar or an underline spans


def _spans_a_line(rule: Rule, above: Line, below: Line) -> bool:
    """A fraction bar spans the wider of its numerator and denominator, an underline its line: a short stroke
    between two lines of words (a scan's speck line, a pen's tick under one word) is neither."""
    return rule.x1 - rule.x0 >= BAR_SPAN * min(above.x1 - above.x0, below.x1 - below.x0)


def _split_by_rule(lines: list[Line], rules: list[Rule]) -> tuple[list[Line], list[Line], str] | None:
    """Numerator = lines above the lowest rule that has text below it; the rest is the denominator.

    Works for a stacked bar (one rule) and for underlined numerators (one rule per numerator line).
    """
    best: tuple[float, str] | None = None
    for r in rules:
        above = [ln for ln in lines if (ln.top + ln.bottom) / 2 < r.y]
        below = [ln for ln in lines if (ln.top + ln.bottom) / 2 > r.y]
        if not above or not below or not _spans_a_line(r, above[-1], below[0]):
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
    # a fraction is read linearly; a formula printed in words keeps its words (the contract)
    text = re.sub(r"\s+", " ", raw).strip() if style == "words" else f"{num} / {den}" + (f" x {mult}" if mult else "")
    return classify(Formula(text=text, raw=raw, kind="ratio", style=style, numerator=num, denominator=den,
                            multiplier=mult))


def _constant(text: str | None, role: str) -> FormulaConstant | None:
    m = _CONSTANT.match(text or "")
    if not m:
        return None
    unit = m.group("unit")
    return FormulaConstant(text=text.strip(), value=float(m.group("value").replace(",", ".")), unit=unit, role=role)


def classify(f: Formula) -> Formula:
    """Type a reading: kind (count / index / score for word formulas), result unit and printed constants."""
    if f.kind == "empty":
        return f
    if f.kind == "text" and not f.parts:
        if _COUNT.match(f.text) and not re.search(r"\s[/:÷]\s|\bdibagi\b|\bdikali\b|\s[x×]\s", f.text, re.I):
            f.kind = "count"
        elif _INDEX.search(f.text):
            f.kind = "index"
        elif _SCORE.search(f.text):
            f.kind = "score"
    mult = re.sub(r"\s+", "", f.multiplier or "")
    if mult in ("100%", "100"):
        f.unit = "%"
    consts = [_constant(f.numerator, "numerator"), _constant(f.denominator, "denominator"),
              _constant(f.multiplier, "multiplier"), *(_constant(t, "term") for t in f.terms)]
    f.constants = [c for c in consts if c is not None]
    return f


def _operand(text: str, shortest: int) -> bool:
    """Long enough to be a quantity's name, or a symbol its legend defines."""
    return len(text) >= shortest or bool(_SYMBOL.match(text))


def parse_text(raw: str) -> Formula:
    """Parse a formula from its text alone (inline and word forms)."""
    text = re.sub(r"\s+", " ", raw).strip()
    if not text:
        return Formula(text="", raw=raw, kind="empty")
    style = "words" if _WORDY.search(text) else "inline"
    m = _EQUALS.match(text)
    if m and len(m.group("rhs")) > 3:  # "IKM sama dengan A dibagi B dikali 25": an index scaled by a factor
        inner = parse_text(m.group("rhs"))
        sc = _SCALED.match(m.group("rhs"))
        if inner.kind != "ratio" and sc:
            inner = Formula(text=text, raw=raw, kind="score", terms=[sc.group("a").strip()],
                            multiplier=sc.group("mult"))
        mult = re.sub(r"\s+", "", inner.multiplier or "")
        if _INDEX.search(m.group("lhs")) or (inner.kind == "ratio" and mult not in ("100%", "100")):
            inner.kind = "index" if _INDEX.search(m.group("lhs")) else "score"
        inner.text, inner.raw, inner.style = text, raw, style
        return classify(inner)
    for pattern in (_INLINE, _INLINE_WEAK, _COMPARE):
        m = pattern.match(text)
        if m and _operand(m.group("num"), 3) and _operand(m.group("den"), 2):
            mult = m.group("mult")
            return _ratio(m.group("num").strip(), m.group("den").strip(), mult.strip() if mult else None, style, raw)
    m = _WORD_MULT.match(text)
    if m and len(m.group("num")) > 2 and len(m.group("den")) > 2:
        return classify(Formula(text=text, raw=raw, kind="score", style=style, numerator=m.group("num").strip(),
                                denominator=m.group("den").strip(), multiplier=m.group("mult").strip()))
    m = _DIFFERENCE.match(text)
    if m:
        return classify(Formula(text=text, raw=raw, kind="difference", style=style,
                                terms=[m.group("a").strip(), m.group("b").strip()]))
    m = _PLAIN_RATIO.match(text)
    if m:
        return _ratio(m.group("num").strip(), m.group("den").strip(), None, style, raw)
    m = _MULT_MIDDLE.match(text) or _MULT_MIDDLE_GLUED.match(text)
    if m and _QUANTITY_START.match(m.group("den")):  # "A X 100% B": a fraction whose bar was lost
        return _ratio(m.group("num").strip(), m.group("den").strip(), m.group("mult").strip(), "inline", raw)
    return classify(Formula(text=text, raw=raw, kind="text", style="inline"))


def parse_cells(cells: list[Cell]) -> Formula:
    """Parse the formula of one indicator row from its cell fragment(s) with their geometry."""
    raw = join_lines([c.text for c in cells])
    if len(cells) > 1 and len({c.page for c in cells}) == 1:
        # separate cells that each hold a whole formula (two indicators under one merged Indikator cell)
        each = [parse_segment(*_stacked([c])) for c in cells]
        if all(f.kind == "ratio" for f in each):
            return Formula(text=" ".join(f.text for f in each), raw=raw, kind="text", style=each[0].style,
                           parts=each)
    segments = _segments(cells)
    if len(segments) > 1:  # several numbered formulas in one cell: keep each reading, no single ratio
        parts = [parse_segment(words, rules) for words, rules in segments]
        return Formula(text=" ".join(p.text for p in parts), raw=raw, kind="text", style=parts[0].style,
                       parts=parts)
    if not segments:
        return Formula(text="", raw=raw, kind="empty")
    return parse_segment(*segments[0])


_PAGE_OFFSET = 10_000.0  # a cell continued on the next page is read as if the pages were stacked


def _stacked(cells: list[Cell]) -> tuple[list[Word], list[Rule]]:
    if not cells:  # a formula column with nothing in this row's band
        return [], []
    first = min(c.page for c in cells)
    words, rules = [], []
    for c in cells:
        off = (c.page - first) * _PAGE_OFFSET
        words += [replace(w, top=w.top + off, bottom=w.bottom + off, page=first) for w in c.words]
        rules += [replace(r, y=r.y + off, page=first) for r in c.rules]
    # one row's formula in two cells one above the other on a page: the grid was parted there by a stroke
    # only this column has (a fraction bar drawn out to the cell's borders), which is the fraction's bar;
    # not when the upper cell divides already (a whole formula, something else below it)
    for a, b in itertools.pairwise(sorted(cells, key=lambda c: (c.page, c.bbox[1]))):
        if a.page == b.page and abs(a.bbox[3] - b.bbox[1]) < 1.0 and a.words and b.words \
                and not re.search(_DIV, a.text, re.I):
            x0, x1 = max(a.bbox[0], b.bbox[0]), min(a.bbox[2], b.bbox[2])
            if x1 > x0:
                rules.append(Rule(x0=x0, x1=x1, y=a.bbox[3] + (a.page - first) * _PAGE_OFFSET, page=first))
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
    rest, mult = _side_multiplier(words, rules)
    if not mult:
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
    read_by_ocr = any(w.conf < 1.0 for w in words)
    f = parse_text(_ocr_percent_in_text(raw) if read_by_ocr else raw)
    f.raw = raw  # as read
    if f.kind != "ratio" and not mult and rules and read_by_ocr:
        bar = _bar_split(words, rules)
        if bar:
            num_l, den_l, bar_mult = bar
            return _ratio(join_lines([ln.text for ln in num_l]), join_lines([ln.text for ln in den_l]), bar_mult,
                          "stacked", raw)
    if f.kind == "ratio" or not mult:
        return f
    m = _MULT_MIDDLE.match(re.sub(r"\s+", " ", raw))  # "A X 100% B": numerator line, multiplier, denominator
    if m:
        return _ratio(m.group("num").strip(), m.group("den").strip(), m.group("mult").strip(), "inline", raw)
    return f
