"""Indicator typing: measure type, unit, polarity and result level, read from the name by rules in a data file.

The rules (analysis/data/indicator_rules.toml) are phrases and spaCy token patterns run by a SpanRuler on a
blank Indonesian pipeline: no model is downloaded, and a researcher can read and override every rule
(the settings' indicator_rules, `iku analyse --rules` or IKU_INDICATOR_RULES=/path/to/rules.toml, replaces the
sections that file defines).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language

from iku.schemas import Formula

DEFAULT_RULES = Path(__file__).parent / "data" / "indicator_rules.toml"
ATTRIBUTES = ("measure", "polarity", "level")


@dataclass(frozen=True)
class IndicatorType:
    measure: str | None  # persentase, jumlah, indeks, nilai, rasio, angka
    unit: str | None
    polarity: str  # "higher" or "lower" is better
    level: str | None  # input, activity, output, outcome
    evidence: tuple[str, ...] = ()  # the rule phrases that decided, "attribute=value:phrase"


def load_rules(path: str | Path | None = None) -> dict:
    """Default rules, with every section of `path` (None: none, the defaults alone) replacing the default one.
    A run's path is its settings' indicator_rules, given by the runtime (iku.analysis.outputs.AnalysisRules)."""
    rules = tomllib.loads(DEFAULT_RULES.read_text(encoding="utf-8"))
    if path:
        rules.update(tomllib.loads(Path(path).read_text(encoding="utf-8")))
    return rules


def _rules_key(path: str | Path | None) -> str:
    return str(path or "")


@lru_cache(maxsize=4)
def _pipeline(key: str) -> tuple[Language, dict]:
    rules = load_rules(key or None)
    nlp = spacy.blank("id")
    ruler = nlp.add_pipe("span_ruler", config={"phrase_matcher_attr": "LOWER", "spans_key": "iku",
                                               "overwrite": False})
    patterns = []
    for attr in ATTRIBUTES:
        for i, rule in enumerate(rules.get(attr, [])):
            label = f"{attr}|{i}"
            patterns += [{"label": label, "pattern": p} for p in rule.get("phrases", [])]
            patterns += [{"label": label, "pattern": p} for p in rule.get("patterns", [])]
    ruler.add_patterns(patterns)
    return nlp, rules


def _best(matches: list[tuple[int, dict, str]]) -> tuple[dict, str] | None:
    """Highest priority, then nearest the start of the name."""
    if not matches:
        return None
    _, rule, text = max(matches, key=lambda m: (m[1].get("priority", 0), -m[0]))
    return rule, text


def type_indicator(name: str, satuan: str | None = None, formula: Formula | None = None,
                   rules_path: str | Path | None = None) -> IndicatorType:
    nlp, rules = _pipeline(_rules_key(rules_path))
    doc = nlp(name or "")
    found: dict[str, list[tuple[int, dict, str]]] = {a: [] for a in ATTRIBUTES}
    for span in doc.spans["iku"]:
        attr, idx = span.label_.split("|")
        found[attr].append((span.start, rules[attr][int(idx)], span.text))
    evidence = []
    picked = {}
    for attr in ATTRIBUTES:
        best = _best(found[attr])
        if best:
            picked[attr] = best[0]
            evidence.append(f"{attr}={best[0]['value']}:{best[1]}")
    measure = picked["measure"]["value"] if "measure" in picked else None
    unit = picked["measure"].get("unit") if "measure" in picked else None
    if measure is None and satuan:  # the name says nothing: the Satuan column may
        s = satuan.lower().strip()
        for value, words in rules.get("satuan", {}).items():
            if any(s == w or s.startswith(w) for w in words):
                measure, unit = value, ("%" if value == "persentase" else None)
                evidence.append(f"measure={value}:satuan {satuan}")
                break
    if measure is None and formula is not None and formula.unit == "%":
        measure, unit = "persentase", "%"
        evidence.append("measure=persentase:formula x 100%")
    if unit is None and satuan:
        unit = satuan.lower()
    if unit is None and measure == "jumlah":  # the counted noun: "Jumlah dokumen BKU ..." -> dokumen
        words = [t.lower_ for t in doc if t.is_alpha]
        if len(words) > 1 and words[0] in ("jumlah", "banyaknya", "total"):
            unit = words[1]
    polarity = picked["polarity"]["value"] if "polarity" in picked else "higher"
    level = picked["level"]["value"] if "level" in picked else None
    return IndicatorType(measure, unit, polarity, level, tuple(evidence))
