"""Canonical indicators across decrees: normalise names, group equivalent ones, give each group a stable id.

Method and threshold live in analysis/data/canonical.toml (read it for the rules). The id is
"ind_" + the first 10 hex digits of the SHA-1 of the group's canonical text, so the same canonical text gets
the same id in every batch; the canonical text of a group is its most frequent member (ties: the shortest,
then alphabetical), which can change only when fuzzy matching joins a new spelling to a group.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

DEFAULT_RULES = Path(__file__).parent / "data" / "canonical.toml"


def load_rules(path: str | Path | None = None) -> dict:
    """Default rules, with every key or section of `path` (None: none, the defaults alone) replacing the
    default. A run's path is its settings' canonical_rules, given by the runtime
    (iku.analysis.outputs.AnalysisRules)."""
    return _load(str(path or ""))


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    rules = tomllib.loads(DEFAULT_RULES.read_text(encoding="utf-8"))
    if path:
        rules.update(tomllib.loads(Path(path).read_text(encoding="utf-8")))
    return rules


def _words(text: str) -> list[str]:
    text = re.sub(r"^\s*(\(?\d{1,2}[.)]|[a-h][.)])\s+", "", text.lower())
    return re.findall(r"[a-z0-9]+", text.replace("-", " "))


def normalise(name: str, drop: tuple[str, ...] = (), rules: dict | None = None) -> str:
    """Canonical text of an indicator name: synonyms applied, stopwords and own region names dropped, sorted."""
    rules = rules or load_rules()
    text = " " + " ".join(_words(name)) + " "
    for d in drop:
        if d:
            text = re.sub(rf"\s(?:kecamatan\s|kec\s|kabupaten\s|kab\s|kota\s)?{re.escape(' '.join(_words(d)))}\s",
                          " ", text)
    # single words first ("indek" -> "indeks"), then phrases, longest first
    # (a synonym or phrase not even a substring of the text cannot match: most are skipped without a regex)
    for src, dst in sorted(rules["synonyms"].items(), key=lambda kv: (" " in kv[0], -len(kv[0]))):
        if src in text:
            text = re.sub(rf"(?<=\s){re.escape(src)}(?=\s)", dst, text)
    for concept, phrases in rules.get("concepts", {}).items():
        if any(p in text and re.search(rf"(?<=\s){re.escape(p)}(?=\s)", text) for p in phrases):
            return concept
    stop = set(rules["stopwords"]["words"])
    return " ".join(sorted({w for w in text.split() if w not in stop}))


def stable_id(canonical_text: str) -> str:
    return "ind_" + hashlib.sha1(canonical_text.encode("utf-8")).hexdigest()[:10]


def same_indicator(a: str, b: str, rules: dict | None = None) -> bool:
    """Two normalised names match: close overall, and every word on one side only has a near-twin."""
    rules = rules or load_rules()
    if a == b:
        return True
    if fuzz.token_sort_ratio(a, b) < rules["threshold"]:
        return False
    wa, wb = set(a.split()), set(b.split())
    for only, other in ((wa - wb, wb - wa), (wb - wa, wa - wb)):
        for w in only:
            if not any(fuzz.ratio(w, o) >= rules["twin_threshold"] for o in other):
                return False
    return True


@dataclass
class Canonical:
    key: str  # normalised text of this name
    canonical_text: str  # normalised text of its group
    canonical_id: str


def group(keys: list[tuple[str, str | None]]) -> dict[tuple[str, str | None], Canonical]:
    """(normalised name, measure) pairs -> their group. Equal names always join; names that are only close
    (fuzzy) join only when their measure types agree ("Jumlah X" never joins "Persentase X")."""
    return group_counts(Counter(keys))


def group_counts(counts: Counter, rules: dict | None = None) -> dict[tuple[str, str | None], Canonical]:
    """group() from how often each (normalised name, measure) pair occurs: the groups depend on nothing else,
    so a folder keeps the counts and regroups without reading its decrees again. `rules`: None, the defaults."""
    rules = rules or load_rules()
    counts = Counter({k: n for k, n in counts.items() if n > 0})
    # most frequent first, so a group is named by its commonest spelling
    order = sorted(counts, key=lambda k: (-counts[k], len(k[0]), k[0], k[1] or ""))
    reps: list[tuple[str, str | None]] = []
    out: dict[tuple[str, str | None], Canonical] = {}
    for k in order:
        rep = next((r for r in reps if r[0] == k[0]), None) or next(
            (r for r in reps if r[1] == k[1] and same_indicator(r[0], k[0], rules)), None)
        if rep is None:
            reps.append(k)
            rep = k
        out[k] = Canonical(k[0], rep[0], stable_id(rep[0]))
    return out
