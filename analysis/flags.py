"""Quality flags and scores, per indicator and per document.

The flags are an ordered registry in a data file (analysis/data/flags.toml): code, scope, weight, message and
what fires each one, either a small named check function below (CHECKS) or a generic pattern on a field, so a
new flag of that kind is a data edit. IKU_FLAG_RULES=my.toml (`iku analyse --flag-rules`) updates or adds flags.
Every flag carries the evidence (the cell text and its page) and its weight.
Scores (documented in README "Quality flags and scores"):
  indicator score = max(0, 100 - sum of the weights of its flags)
  document score  = 0.6 x mean indicator score + 0.4 x max(0, 100 - sum of the document-level flag weights)
                    (the document part alone when no indicator was read)
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from dataclasses import field as _field  # `field` is also a flag's attribute
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

from rapidfuzz.fuzz import ratio

from iku.analysis import canonical
from iku.analysis.identity import foreign_regions, parse_nip
from iku.analysis.indicator_types import IndicatorType
from iku.analysis.legal import LegalItem
from iku.resources.vocab import SDA
from iku.schemas import Decree, Formula, Indicator, LegalReference

DEFAULT_RULES = Path(__file__).parent / "data" / "flags.toml"
SCOPES = ("indicator", "document")
_SPEC_KEYS = {"code", "scope", "weight", "message", "check", "kind", "field", "pattern", "phrases", "where",
              "enabled"}


@dataclass
class Flag:
    doc_id: str
    code: str
    message: str
    evidence: str | None = None
    field: str | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    row: int | None = None
    jabatan: str | None = None
    weight: int = 0
    scope: str = "indicator"


class Hit(NamedTuple):
    """What a check found: the flag's evidence, an optional detail for its message and where it points."""
    evidence: str | None
    detail: str | None = None
    field: str | None = None
    page: int | None = None
    bbox: Any = None
    weight: int | None = None  # instead of the flag's weight


@dataclass(frozen=True)
class FlagSpec:
    """One [[flag]] of flags.toml: a code and the check that raises it."""
    code: str
    scope: str
    weight: int
    message: str
    check: str | None = None  # a name in CHECKS
    field: str | None = None  # kind = "pattern": the field matched ...
    pattern: re.Pattern | None = None  # ... by this
    where: str | None = None  # the provenance a document pattern flag points at
    params: dict[str, Any] = _field(default_factory=dict)  # the check's own keys (count_weight, count_units)


@dataclass
class Rules:
    flags: tuple[FlagSpec, ...]
    generic_words: frozenset[str]

    def scope(self, scope: str) -> list[FlagSpec]:
        return [s for s in self.flags if s.scope == scope]

    def table(self) -> dict[str, tuple[str, int, str]]:
        """code -> (scope, weight, explanation), the first entry of each code."""
        out: dict[str, tuple[str, int, str]] = {}
        for s in self.flags:
            out.setdefault(s.code, (s.scope, s.weight, s.message))
        return out


# ---- loading ---------------------------------------------------------------------------------------------------

def _merge(default: list[dict], user: list[dict]) -> list[dict]:
    """A user entry with a known code updates every default entry of that code; a new code is appended."""
    entries = [dict(e) for e in default]
    for u in user:
        code = u.get("code")
        known = [e for e in entries if e["code"] == code]
        if not known:
            entries.append(dict(u))
        for e in known:
            e.update(u)
    return [e for e in entries if e.get("enabled", True)]


def _pattern(e: dict) -> re.Pattern:
    parts = [e["pattern"]] if e.get("pattern") else []
    parts += [rf"\b{re.escape(p)}\b" for p in e.get("phrases", [])]
    if not parts or not e.get("field"):
        raise ValueError(f"flag {e['code']}: a pattern flag needs a field and a pattern or phrases")
    try:
        return re.compile("|".join(f"(?:{p})" for p in parts), re.I)
    except re.error as exc:
        raise ValueError(f"flag {e['code']}: bad pattern: {exc}") from None


def _spec(e: dict, first: dict) -> FlagSpec:
    """An entry checked; scope, weight and message default to the code's first entry."""
    code = e.get("code")
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z][A-Z0-9_]*", code):
        raise ValueError(f"flag code {code!r}: expected UPPER_SNAKE")
    e = {**{k: first[k] for k in ("scope", "weight", "message") if k in first}, **e}
    if e.get("scope") not in SCOPES or not isinstance(e.get("weight"), int) or not isinstance(e.get("message"), str):
        raise ValueError(f"flag {code}: needs scope (indicator or document), an integer weight and a message")
    params = {k: v for k, v in e.items() if k not in _SPEC_KEYS}
    if e.get("kind") == "pattern":
        if params:  # a typo ("wieght") would otherwise pass unnoticed
            raise ValueError(f"flag {code}: unknown key(s) {', '.join(sorted(params))}")
        return FlagSpec(code, e["scope"], e["weight"], e["message"], field=e["field"] if "field" in e else None,
                        pattern=_pattern(e), where=e.get("where"), params=params)
    check = CHECKS.get(e.get("check", ""))
    if check is None:
        raise ValueError(f"flag {code}: unknown check {e.get('check')!r} (known: {', '.join(sorted(CHECKS))}; "
                         "or kind = \"pattern\")")
    if check.scope != e["scope"]:
        raise ValueError(f"flag {code}: check {e['check']} is a {check.scope} check, not {e['scope']}")
    return FlagSpec(code, e["scope"], e["weight"], e["message"], check=e["check"], params=params)


def load_rules(path: str | Path | None = None) -> Rules:
    """The default flags, updated and extended by `path` (None: the defaults alone). A run's path is its
    settings' flag_rules, given by the runtime (iku.analysis.outputs.AnalysisRules)."""
    return _load(str(path or ""))


@lru_cache(maxsize=4)
def _load(path: str) -> Rules:
    data = tomllib.loads(DEFAULT_RULES.read_text(encoding="utf-8"))
    entries = data["flag"]
    if path:
        user = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        entries = _merge(entries, user.get("flag", []))
        data["generic_words"] = user.get("generic_words", data["generic_words"])
    firsts: dict[str, dict] = {}
    specs = []
    for e in entries:
        specs.append(_spec(e, firsts.setdefault(e.get("code"), e)))
    return Rules(tuple(specs), frozenset(data["generic_words"]))


# ---- the checks ------------------------------------------------------------------------------------------------

@dataclass
class DecreeContext:
    """What the checks of one decree share: the decree, its typing and canonical keys, the canonical-matching
    rules, and per-batch state."""
    d: Decree
    rules: Rules
    canonical: dict = _field(default_factory=canonical.load_rules)
    types: dict[int, IndicatorType] = _field(default_factory=dict)
    keys: dict[int, str] = _field(default_factory=dict)
    legal: list[LegalItem] = _field(default_factory=list)
    formulas: dict[str, list[Indicator]] = _field(default_factory=dict)  # formula text -> rows giving it
    seen: dict[tuple, Indicator] = _field(default_factory=dict)  # DUPLICATE_IN_POSITION's rows so far
    _same: dict[int, bool] = _field(default_factory=dict)
    _plain: dict[str, str] = _field(default_factory=dict)  # the checks normalise the same texts many times

    @property
    def drop(self) -> tuple[str, str]:
        return (self.d.kecamatan or "", self.d.kabupaten or "")

    def plain(self, text: str | None) -> str:
        text = text or ""
        if text not in self._plain:
            self._plain[text] = canonical.normalise(text, self.drop, {**self.canonical, "concepts": {}})
        return self._plain[text]

    def content(self, text: str | None) -> set[str]:
        return {w for w in self.plain(text).split()
                if w not in self.rules.generic_words and not w.isdigit() and len(w) > 1}

    def same(self, ind: Indicator) -> bool:
        """The formula says the indicator's name, word for word (no concept collapse: "Nilai hasil evaluasi
        SAKIP oleh Inspektorat" is a formula for "Nilai SAKIP", not a restatement)."""
        if ind.row not in self._same:
            self._same[ind.row] = canonical.same_indicator(self.plain(ind.indikator), self.plain(ind.formula.text),
                                                           self.canonical)
        return self._same[ind.row]


@dataclass(frozen=True)
class Check:
    fn: Callable[..., Iterator[Hit]]
    scope: str
    unit: str  # what it runs on: "indicator", "decree" or "legal_item" (an item's flags stay together)
    formula: bool = False  # runs only on a row with a formula, which it is given


CHECKS: dict[str, Check] = {}


def _check(scope: str, unit: str | None = None, formula: bool = False) -> Callable:
    def register(fn: Callable[..., Iterator[Hit]]) -> Callable[..., Iterator[Hit]]:
        CHECKS[fn.__name__] = Check(fn, scope, unit or ("indicator" if scope == "indicator" else "decree"), formula)
        return fn
    return register


def _formula(ind: Indicator) -> Formula | None:
    f = ind.formula
    return None if f is None or f.kind == "empty" else f


def _has_denominator(f) -> bool:
    return bool(f.denominator) or any(p.denominator for p in f.parts)


def _shares_subject(ind_words: set[str], formula_words: set[str], related: dict[str, list[str]]) -> bool:
    """Some word in common: equal, a typo away, or one inside the other ("tanah" / "pertanahan"), or a word
    `related` (the canonical rules') to one of them."""
    words = ind_words | {r for w in ind_words for r in related.get(w, [])}
    return any(w == o or ratio(w, o) >= 80 or (min(len(w), len(o)) >= 4 and (w in o or o in w))
               for w in words for o in formula_words)


def _formula_key(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


@_check("indicator")
def formula_missing(x: DecreeContext, ind: Indicator, spec: FlagSpec) -> Iterator[Hit]:
    if _formula(ind) is None:
        yield Hit(ind.indikator, field="indikator")


@_check("indicator", formula=True)
def formula_is_indicator(x: DecreeContext, ind: Indicator, f: Formula, spec: FlagSpec) -> Iterator[Hit]:
    if f.kind not in ("count", "index", "score", "text") or _has_denominator(f) or f.terms:
        return
    inside = x.content(f.text) <= x.content(ind.indikator) | {"ikm"}
    if x.same(ind) or inside:
        count = x.types[ind.row].measure == "jumlah"
        yield Hit(f.text, f"indikator '{ind.indikator}'", "formula",
                  weight=spec.params.get("count_weight") if count else None)


@_check("indicator", formula=True)
def percent_no_denominator(x: DecreeContext, ind: Indicator, f: Formula, spec: FlagSpec) -> Iterator[Hit]:
    if x.types[ind.row].measure == "persentase" and not _has_denominator(f):
        yield Hit(f.text, field="formula")


@_check("indicator", formula=True)
def hardcoded_denominator(x: DecreeContext, ind: Indicator, f: Formula, spec: FlagSpec) -> Iterator[Hit]:
    for c in f.constants + [c for p in f.parts for c in p.constants]:
        if c.role == "denominator":
            yield Hit(f.text, f"denominator '{c.text}'", "formula")


@_check("indicator", formula=True)
def unit_mismatch_formula(x: DecreeContext, ind: Indicator, f: Formula, spec: FlagSpec) -> Iterator[Hit]:
    measure = x.types[ind.row].measure
    if measure in ("jumlah", "nilai", "indeks") and (f.unit == "%" or any(p.unit == "%" for p in f.parts)):
        yield Hit(f.text, f"a {measure} indicator computed as a percentage", "formula")


@_check("indicator", formula=True)
def formula_other_subject(x: DecreeContext, ind: Indicator, f: Formula, spec: FlagSpec) -> Iterator[Hit]:
    numer = " ".join([f.numerator or ""] + [p.numerator or "" for p in f.parts]) or f.text
    ind_words, f_words = x.content(ind.indikator), x.content(numer)
    if len(ind_words) >= 2 and len(f_words) >= 2 and not x.same(ind) and not _shares_subject(
            ind_words, f_words, x.canonical.get("related", {})):
        yield Hit(f.text, f"indikator '{ind.indikator}'", "formula")


@_check("indicator", formula=True)
def formula_copied(x: DecreeContext, ind: Indicator, f: Formula, spec: FlagSpec) -> Iterator[Hit]:
    twins = [o for o in x.formulas.get(_formula_key(f.text), [])
             if o.row != ind.row and x.keys[o.row] != x.keys[ind.row]]
    if twins:
        yield Hit(f.text, f"same formula as row {twins[0].row} ('{twins[0].indikator}')", "formula")


@_check("indicator")
def unit_mismatch_satuan(x: DecreeContext, ind: Indicator, spec: FlagSpec) -> Iterator[Hit]:
    sat, measure = (ind.satuan or "").lower().strip(), x.types[ind.row].measure
    if measure == "persentase" and sat in spec.params.get("count_units", ()):
        yield Hit(ind.satuan, f"a percentage with satuan '{ind.satuan}'", "satuan")
    elif sat.startswith(("persen", "%")) and measure in ("jumlah", "nilai", "indeks"):
        yield Hit(ind.satuan, f"a {measure} indicator with satuan '{ind.satuan}'", "satuan")


def _no_sumber_data(ind: Indicator) -> bool:
    """The Sumber Data column exists and this row's cell is empty (None and None: no such column)."""
    return ind.sumber_data == "" or (ind.sumber_data is None and ind.sumber_data_raw == "")


@_check("indicator")
def sumber_data_missing(x: DecreeContext, ind: Indicator, spec: FlagSpec) -> Iterator[Hit]:
    if _no_sumber_data(ind):
        yield Hit("", field="sumber_data")


@_check("indicator")
def sumber_data_unresolved(x: DecreeContext, ind: Indicator, spec: FlagSpec) -> Iterator[Hit]:
    if not _no_sumber_data(ind) and ind.sumber_data_raw and SDA.match(ind.sumber_data_raw) and (
            not ind.sumber_data or SDA.match(ind.sumber_data)):
        yield Hit(ind.sumber_data_raw, field="sumber_data")


@_check("indicator")
def low_level_iku(x: DecreeContext, ind: Indicator, spec: FlagSpec) -> Iterator[Hit]:
    t = x.types[ind.row]
    if ind.level == "IKU" and t.level in ("input", "activity"):
        yield Hit(ind.indikator, f"read as {t.level} ({', '.join(t.evidence)})", "indikator")


@_check("indicator")
def duplicate_in_position(x: DecreeContext, ind: Indicator, spec: FlagSpec) -> Iterator[Hit]:
    # within one table of one position (a cascade table may legitimately repeat the IKU table)
    pos = (ind.level, (ind.jabatan or "").lower(), tuple(ind.columns), x.keys[ind.row])
    if pos in x.seen:
        yield Hit(ind.indikator, f"also row {x.seen[pos].row}", "indikator")
    else:
        x.seen[pos] = ind


def _year_of_number(number: str | None) -> int | None:
    ys = re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", number or "")
    return int(ys[-1]) if ys else None


def _signatory_place(d: Decree) -> dict[str, Any]:
    sp = d.signatory.provenance
    return {"page": sp.page if sp else None, "bbox": sp.bbox if sp else None}


@_check("document")
def metadata_missing(x: DecreeContext, spec: FlagSpec) -> Iterator[Hit]:
    d = x.d
    missing = [name for name, v in (("kecamatan", d.kecamatan), ("kabupaten", d.kabupaten),
                                    ("decree_number", d.decree_number), ("decree_date", d.decree_date_text),
                                    ("signatory_name", d.signatory.name), ("signatory_nip", d.signatory.nip_printed),
                                    ("legal_basis", d.legal_basis), ("period", d.period_start)) if not v]
    if missing and d.status != "failed":
        yield Hit(None, ", ".join(missing))


@_check("document")
def region_unresolved(x: DecreeContext, spec: FlagSpec) -> Iterator[Hit]:
    d = x.d
    if (d.kecamatan or d.kabupaten) and not d.provinsi:
        yield Hit(f"{d.kecamatan or ''} / {d.kabupaten or ''}", field="header")


@_check("document")
def years_disagree(x: DecreeContext, spec: FlagSpec) -> Iterator[Hit]:
    d = x.d
    date_year = int(d.decree_date_iso[:4]) if d.decree_date_iso else None
    num_year = _year_of_number(d.decree_number)
    problems = []
    if num_year and date_year and num_year != date_year:
        problems.append(f"number says {num_year}, date says {date_year}")
    if date_year and d.period_end and not (d.period_start or d.period_end) - 1 <= date_year <= d.period_end:
        problems.append(f"dated {date_year} for the period {d.period_start}-{d.period_end}")
    if problems:
        yield Hit(f"Nomor {d.decree_number}; {d.decree_date_text}", "; ".join(problems), "number")


@_check("document")
def date_incomplete(x: DecreeContext, spec: FlagSpec) -> Iterator[Hit]:
    if x.d.decree_date_partial:
        yield Hit(x.d.decree_date_text, field="date")


@_check("document")
def name_inconsistent(x: DecreeContext, spec: FlagSpec) -> Iterator[Hit]:
    d = x.d
    title = d.signatory.title or ""
    m = re.match(r"^CAMAT\s+(.+)$", title.strip(), re.I)
    if m and d.kecamatan and canonical._words(m.group(1)) != canonical._words(d.kecamatan):
        yield Hit(title, f"decree of Kecamatan {d.kecamatan}", **_signatory_place(d))


@_check("document")
def nip_invalid(x: DecreeContext, spec: FlagSpec) -> Iterator[Hit]:
    d = x.d
    nip = parse_nip(d.signatory.nip_printed, d.decree_date_iso)
    if nip and nip.problems:
        yield Hit(d.signatory.nip_printed, "; ".join(nip.problems), **_signatory_place(d))


def _decree_texts(d: Decree) -> list[tuple[str, str | None, int | None, Any]]:
    """(field, text, page, bbox) of every text of the decree a region name may hide in."""
    first_page = d.metadata_provenance["header"].page if "header" in d.metadata_provenance else None
    texts: list[tuple[str, str | None, int | None, Any]] = [("title", d.title, first_page, None)]
    texts += [("menimbang", x, first_page, None) for x in d.menimbang]
    texts += [("diktum", x, first_page, None) for x in d.diktum]
    texts += [("legal_basis", x.text, x.provenance.page if x.provenance else None,
               x.provenance.bbox if x.provenance else None)
              for x in d.legal_basis if not re.search(r"pembentukan\s+(daerah|kabupaten|kota|provinsi)", x.text, re.I)]
    for ind in d.indicators:
        for fname in ("sasaran", "indikator", "sumber_data", "penanggung_jawab"):
            cell = ind.cells.get(fname)
            texts.append((fname, getattr(ind, fname), cell.page if cell else ind.page, cell.bbox if cell else None))
        if ind.formula:
            cell = ind.cells.get("formula")
            texts.append(("formula", ind.formula.text, cell.page if cell else ind.page, cell.bbox if cell else None))
    return texts


@_check("document")
def template_leftover(x: DecreeContext, spec: FlagSpec) -> Iterator[Hit]:
    """Other regions named in the decree's own text: each region once per field."""
    d = x.d
    reported = set()
    for fname, text, page, bbox in _decree_texts(d):
        for mnt in foreign_regions(text or "", d.kecamatan, d.kabupaten):
            if (mnt.region, fname) in reported:
                continue
            reported.add((mnt.region, fname))
            yield Hit(text, f"'{mnt.marker} {mnt.printed}' ({mnt.region}) in {fname}", fname, page, bbox)


def _legal_place(ref: LegalReference) -> dict[str, Any]:
    return {"field": "legal_basis", "page": ref.provenance.page if ref.provenance else None,
            "bbox": ref.provenance.bbox if ref.provenance else None}


@_check("document", unit="legal_item")
def legal_repealed(x: DecreeContext, ref: LegalReference, item: LegalItem, spec: FlagSpec) -> Iterator[Hit]:
    if item.repealed:
        yield Hit(ref.text, f"{item.type} {item.number_key}/{item.year} -> {item.replaced_by} "
                  f"({item.repeal_source})", **_legal_place(ref))


@_check("document", unit="legal_item")
def legal_placeholder(x: DecreeContext, ref: LegalReference, item: LegalItem, spec: FlagSpec) -> Iterator[Hit]:
    if item.placeholder:
        yield Hit(ref.text, **_legal_place(ref))


# ---- the generic, data-defined kind ----------------------------------------------------------------------------

def _texts(value: Any) -> list[str]:
    """A field's texts: a string, a formula's or reference's text, each item of a list."""
    if value is None:
        return []
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    if isinstance(value, str):
        return [value]
    text = getattr(value, "text", None)
    return [text] if isinstance(text, str) else [str(value)]


def _get(obj: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        obj = getattr(obj, part, None)
    return obj


def _pattern_hit(spec: FlagSpec, obj: Any) -> Hit | None:
    """The first text of the spec's field that its pattern finds in; the flag points at `where` or the field."""
    for text in _texts(_get(obj, spec.field or "")):
        if spec.pattern.search(text):
            return Hit(text, field=spec.where or spec.field)
    return None


# ---- running the registry --------------------------------------------------------------------------------------

def _run(spec: FlagSpec, x: DecreeContext, *unit: Any) -> Iterator[Hit]:
    if spec.pattern is not None:
        hit = _pattern_hit(spec, unit[0] if unit else x.d)
        return iter([hit] if hit else [])
    check = CHECKS[spec.check]
    if check.formula:
        f = _formula(unit[0])
        return check.fn(x, unit[0], f, spec) if f is not None else iter(())
    return check.fn(x, *unit, spec)


def _unit(spec: FlagSpec) -> str:
    if spec.pattern is not None:
        return "indicator" if spec.scope == "indicator" else "decree"
    return CHECKS[spec.check].unit


def _indicator_flag(x: DecreeContext, spec: FlagSpec, ind: Indicator, h: Hit) -> Flag:
    page, bbox = (ind.cells[h.field].page, ind.cells[h.field].bbox) if h.field in ind.cells else (ind.page, ind.bbox)
    return Flag(x.d.doc_id, spec.code, _message(spec, h), h.evidence, h.field, page, tuple(bbox) if bbox else None,
                ind.row, ind.jabatan, spec.weight if h.weight is None else h.weight, spec.scope)


def _document_flag(x: DecreeContext, spec: FlagSpec, h: Hit) -> Flag:
    prov, page, bbox = x.d.metadata_provenance, h.page, h.bbox
    if page is None and h.field and h.field in prov:
        page, bbox = prov[h.field].page, prov[h.field].bbox
    if page is None:  # somewhere in the decree block at least
        page = next((p.page for k, p in prov.items() if k in ("header", "number", "date")), None)
    return Flag(x.d.doc_id, spec.code, _message(spec, h), h.evidence, h.field, page, tuple(bbox) if bbox else None,
                None, None, spec.weight if h.weight is None else h.weight, spec.scope)


def _message(spec: FlagSpec, h: Hit) -> str:
    return spec.message + (f": {h.detail}" if h.detail else "")


def _flags(x: DecreeContext, specs: list[FlagSpec]) -> list[Flag]:
    """The checks in their order; a run of checks on the items of a list (indicators, legal basis) goes item by
    item, so an item's flags stay together."""
    out: list[Flag] = []
    for unit, group in groupby(specs, key=_unit):
        run = list(group)
        if unit == "indicator":
            out += [_indicator_flag(x, s, ind, h) for ind in x.d.indicators for s in run for h in _run(s, x, ind)]
        elif unit == "legal_item":
            out += [_document_flag(x, s, h) for ref, item in zip(x.d.legal_basis, x.legal, strict=True)
                    for s in run for h in _run(s, x, ref, item)]
        else:
            out += [_document_flag(x, s, h) for s in run for h in _run(s, x)]
    return out


def indicator_flags(d: Decree, types: dict[int, IndicatorType], keys: dict[int, str],
                    rules: Rules | None = None, canonical_rules: dict | None = None) -> list[Flag]:
    """Flags of every indicator row; `types` and `keys` (canonical text) are keyed by row number. None rules:
    the defaults."""
    rules, canonical_rules = rules or load_rules(), canonical_rules or canonical.load_rules()
    formulas: dict[str, list[Indicator]] = defaultdict(list)
    for ind in d.indicators:
        if ind.formula and ind.formula.kind != "empty" and len(ind.formula.text) >= 15:
            formulas[_formula_key(ind.formula.text)].append(ind)
    x = DecreeContext(d, rules, canonical_rules, types=types, keys=keys, formulas=formulas)
    return _flags(x, rules.scope("indicator"))


def document_flags(d: Decree, legal: list[LegalItem], rules: Rules | None = None,
                   canonical_rules: dict | None = None) -> list[Flag]:
    rules, canonical_rules = rules or load_rules(), canonical_rules or canonical.load_rules()
    return _flags(DecreeContext(d, rules, canonical_rules, legal=legal), rules.scope("document"))


def indicator_score(flags: list[Flag]) -> int:
    return max(0, 100 - sum(f.weight for f in flags))


def document_score(ind_scores: list[int], doc_flags: list[Flag]) -> float:
    doc_part = max(0, 100 - sum(f.weight for f in doc_flags))
    if not ind_scores:
        return float(doc_part)
    return round(0.6 * sum(ind_scores) / len(ind_scores) + 0.4 * doc_part, 1)


# code -> (scope, weight, explanation) of the default flags
FLAGS: dict[str, tuple[str, int, str]] = _load("").table()
