"""Compare a Decree with a gold JSON (samples/gold/*.json), normalising as the project's scorer does:
case, whitespace, punctuation, x/X/× and "100 %". Rows are paired by indikator similarity."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

from iku.schemas import Decree
from iku.stages.metadata import parse_date

_PUNCT = re.compile(r"[\.,;:!?\"'`“”‘’()\[\]{}<>/\\|_*–—\-=+~^]+")
ROW_FIELDS = ("level", "jabatan", "sasaran", "indikator", "definisi", "formula", "formula_numerator",
              "formula_denominator", "satuan", "target", "sumber_data", "sumber_data_raw", "penanggung_jawab")


def norm(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, dict):
        v = " ".join(f"{k} {v[k]}" for k in sorted(v))
    s = unicodedata.normalize("NFKC", str(v)).lower().replace("×", " x ")
    s = _PUNCT.sub(" ", s)
    s = re.sub(r"(\d)\s+%", r"\1%", s)
    return re.sub(r"\s+", " ", s).strip()


def gold_rows(gold: dict) -> list[dict]:
    rows = []
    for s in gold["sections"]:
        for r in s["rows"]:
            f = r.get("formula")
            rows.append({
                "level": s.get("level"), "jabatan": s.get("jabatan"), "sasaran": r.get("sasaran"),
                "indikator": r.get("indikator"), "definisi": r.get("definisi"),
                "formula": None if f is None else f.get("text"),
                "formula_numerator": None if f is None else f.get("numerator"),
                "formula_denominator": None if f is None else f.get("denominator"),
                "satuan": r.get("satuan"), "target": r.get("target"), "sumber_data": r.get("sumber_data"),
                "sumber_data_raw": r.get("sumber_data_display"), "penanggung_jawab": r.get("penanggung_jawab"),
            })
    return rows


def pred_rows(d: Decree) -> list[dict]:
    out = []
    for ind in d.indicators:
        f = ind.formula
        out.append({
            "level": ind.level, "jabatan": ind.jabatan, "sasaran": ind.sasaran, "indikator": ind.indikator,
            "definisi": ind.definisi, "formula": f.text if f else None,
            "formula_numerator": f.numerator if f else None, "formula_denominator": f.denominator if f else None,
            "satuan": ind.satuan, "target": ind.target, "sumber_data": ind.sumber_data,
            "sumber_data_raw": ind.sumber_data_raw, "penanggung_jawab": ind.penanggung_jawab,
        })
    return out


@dataclass
class Comparison:
    gold: int
    pred: int
    matched: int
    exact: dict[str, float] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def compare_rows(gold: dict, decree: Decree, threshold: float = 0.6) -> Comparison:
    g, p = gold_rows(gold), pred_rows(decree)
    cmp = Comparison(gold=len(g), pred=len(p), matched=0)
    if not g or not p:
        return cmp
    sim = np.array([[fuzz.ratio(norm(a["indikator"]), norm(b["indikator"])) / 100 for b in p] for a in g])
    ri, ci = linear_sum_assignment(np.where(sim >= threshold, 1 - sim, 10.0))
    pairs = [(i, j) for i, j in zip(ri, ci, strict=True) if sim[i, j] >= threshold]
    cmp.matched = len(pairs)
    for fname in ROW_FIELDS:
        ok = n = 0
        for i, j in pairs:
            if g[i][fname] is None:
                continue
            n += 1
            if norm(g[i][fname]) == norm(p[j][fname]):
                ok += 1
            else:
                cmp.mismatches.append(f"{fname}: gold {g[i][fname]!r} != {p[j][fname]!r}")
        if n:
            cmp.exact[fname] = ok / n
    return cmp


def compare_meta(gold: dict, d: Decree) -> dict[str, bool]:
    m = gold["meta"]
    sig = m["signatory"]
    return {
        "kecamatan": norm(m["kecamatan"]) == norm(d.kecamatan),
        "kabupaten": norm(m["kabupaten"]) == norm(d.kabupaten),
        "provinsi": m.get("provinsi") is None or norm(m["provinsi"]) == norm(d.provinsi),
        "document_type": m["document_type"] == d.document_type,
        "period": (m["period_start"], m["period_end"]) == (d.period_start, d.period_end),
        "decree_number": re.sub(r"\s+", "", m["decree_number"] or "").lower()
        == re.sub(r"\s+", "", d.decree_number or "").lower(),
        "decree_date": (m["decree_date"] or None) == (d.decree_date_iso or None)
        or parse_date(m.get("decree_date_text")) == d.decree_date_iso,
        "place": norm(m["place"]) == norm(d.place),
        "signatory_name": norm(sig["name"]) == norm(d.signatory.name),
        "signatory_nip": re.sub(r"\D", "", sig["nip"] or "") == (d.signatory.nip or ""),
        "signatory_rank": norm(sig.get("rank")) == norm(d.signatory.rank),
    }
