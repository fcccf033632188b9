"""The analysis of a batch, written beside the extraction's outputs (by iku.analysis.store).

indicators.parquet gains typed, canonical and quality columns; flags.parquet, legal_basis.parquet,
positions.parquet and quality.parquet are added; iku.duckdb holds them all as tables plus ready views.
Everything is computed per decree except the canonical text and id (canonical_map: from the counts of every
decree's canonical keys).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from iku.analysis import canonical, flags
from iku.analysis.flags import FLAGS, Flag, document_flags, document_score, indicator_flags, indicator_score
from iku.analysis.identity import parse_nip
from iku.analysis.indicator_types import type_indicator
from iku.analysis.legal import parse_item
from iku.schemas import Decree

ANALYSIS_INDICATOR_COLUMNS = [
    ("formula_unit", pa.string()), ("formula_constants", pa.list_(pa.string())),
    ("formula_terms", pa.list_(pa.string())), ("formula_parts", pa.list_(pa.string())),
    ("measure", pa.string()), ("unit", pa.string()), ("polarity", pa.string()), ("result_level", pa.string()),
    ("typing_evidence", pa.list_(pa.string())), ("canonical_key", pa.string()), ("canonical_text", pa.string()),
    ("canonical_id", pa.string()), ("flag_codes", pa.list_(pa.string())), ("quality_score", pa.int32()),
]
FLAG_COLUMNS = [
    ("doc_id", pa.string()), ("source_file", pa.string()), ("scope", pa.string()), ("row", pa.int32()),
    ("jabatan", pa.string()), ("code", pa.string()), ("weight", pa.int32()), ("message", pa.string()),
    ("evidence", pa.string()), ("field", pa.string()), ("page", pa.int32()), ("bbox", pa.list_(pa.float64())),
]
LEGAL_COLUMNS = [
    ("doc_id", pa.string()), ("source_file", pa.string()), ("item", pa.int32()), ("marker", pa.string()),
    ("text", pa.string()), ("type", pa.string()), ("issuer", pa.string()), ("number", pa.string()),
    ("number_key", pa.int32()), ("year", pa.int32()), ("title", pa.string()), ("amended", pa.bool_()),
    ("placeholder", pa.bool_()), ("repealed", pa.bool_()), ("replaced_by", pa.string()),
    ("repeal_source", pa.string()), ("page", pa.int32()),
]
POSITION_COLUMNS = [
    ("doc_id", pa.string()), ("source_file", pa.string()), ("level", pa.string()), ("jabatan", pa.string()),
    ("tugas", pa.string()), ("fungsi", pa.list_(pa.string())), ("eselon", pa.string()),
    ("n_indicators", pa.int64()), ("page", pa.int32()),
]
QUALITY_COLUMNS = [
    ("doc_id", pa.string()), ("source_file", pa.string()), ("kecamatan", pa.string()), ("kabupaten", pa.string()),
    ("provinsi", pa.string()), ("region_code", pa.string()), ("n_indicators", pa.int64()),
    ("n_indicator_flags", pa.int32()), ("n_document_flags", pa.int32()), ("indicator_score_mean", pa.float64()),
    ("document_score", pa.float64()), ("nip_valid", pa.bool_()), ("nip_birth_date", pa.string()),
    ("nip_appointment", pa.string()), ("nip_sex", pa.string()), ("n_legal_basis", pa.int32()),
    ("n_repealed", pa.int32()),
]


@dataclass
class Analysis:
    indicators: dict[tuple[str, str, int], dict] = field(default_factory=dict)  # (doc_id, source_file, row)
    flags: list[dict] = field(default_factory=list)
    legal: list[dict] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)
    quality: list[dict] = field(default_factory=list)


def _flag_record(d: Decree, f: Flag) -> dict:
    return {"doc_id": d.doc_id, "source_file": d.source_file, "scope": f.scope, "row": f.row, "jabatan": f.jabatan,
            "code": f.code, "weight": f.weight, "message": f.message, "evidence": f.evidence, "field": f.field,
            "page": f.page, "bbox": list(f.bbox) if f.bbox else None}


@dataclass
class DocumentAnalysis:
    """The analysis of one decree: everything but the canonical text and id of its indicators, which depend on
    every decree of the folder (canonical.group over all their names)."""
    indicators: dict[int, dict] = field(default_factory=dict)  # row -> analysis columns
    flags: list[dict] = field(default_factory=list)
    legal: list[dict] = field(default_factory=list)
    positions: list[dict] = field(default_factory=list)
    quality: dict = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class AnalysisRules:
    """The rules an analysis runs with, each loaded from the path the runtime gives (a run's Settings: its
    indicator_rules, canonical_rules, flag_rules; None: the bundled defaults)."""

    indicator_rules: str  # the typing rules' file ("" the defaults): the spaCy pipeline is cached by it
    canonical: dict
    flags: flags.Rules

    @classmethod
    def load(cls, indicator_rules: str | Path | None = None, canonical_rules: str | Path | None = None,
             flag_rules: str | Path | None = None) -> AnalysisRules:
        return cls(str(indicator_rules or ""), canonical.load_rules(canonical_rules), flags.load_rules(flag_rules))


def analyse_document(d: Decree, rules: AnalysisRules | None = None) -> DocumentAnalysis:
    """Types, canonical keys, flags, legal basis, positions and quality of one decree; canonical_text and
    canonical_id are left None (see canonical_columns)."""
    rules = rules or AnalysisRules.load()
    out = DocumentAnalysis()
    drop = (d.kecamatan or "", d.kabupaten or "")
    t = {i.row: type_indicator(i.indikator, i.satuan, i.formula, rules.indicator_rules) for i in d.indicators}
    k = {i.row: canonical.normalise(i.indikator, drop, rules.canonical) for i in d.indicators}
    legal = [parse_item(x.text) for x in d.legal_basis]
    iflags = indicator_flags(d, t, k, rules.flags, rules.canonical)
    dflags = document_flags(d, legal, rules.flags, rules.canonical)
    by_row: dict[int, list[Flag]] = defaultdict(list)
    for f in iflags:
        by_row[f.row].append(f)
    scores = []
    for ind in d.indicators:
        f, ty = ind.formula, t[ind.row]
        score = indicator_score(by_row[ind.row])
        scores.append(score)
        out.indicators[ind.row] = {
            "formula_unit": f.unit if f else None,
            "formula_constants": [f"{c.text} ({c.role})" for c in f.constants] if f else [],
            "formula_terms": list(f.terms) if f else [], "formula_parts": [p.text for p in f.parts] if f else [],
            "measure": ty.measure, "unit": ty.unit, "polarity": ty.polarity, "result_level": ty.level,
            "typing_evidence": list(ty.evidence), "canonical_key": k[ind.row], "canonical_text": None,
            "canonical_id": None, "flag_codes": [x.code for x in by_row[ind.row]], "quality_score": score,
        }
    out.flags = [_flag_record(d, f) for f in iflags + dflags]
    for n, (ref, item) in enumerate(zip(d.legal_basis, legal, strict=True), start=1):
        out.legal.append({"doc_id": d.doc_id, "source_file": d.source_file, "item": n, "marker": ref.marker,
                          "text": ref.text, **item.as_dict(),
                          "page": ref.provenance.page if ref.provenance else None})
    counts = Counter((i.level, (i.jabatan or "").lower()) for i in d.indicators)
    for p in d.positions:
        out.positions.append({
            "doc_id": d.doc_id, "source_file": d.source_file, "level": p.level, "jabatan": p.jabatan,
            "tugas": p.tugas, "fungsi": p.fungsi, "eselon": p.eselon,
            "n_indicators": counts.get((p.level, (p.jabatan or "").lower()), 0),
            "page": p.provenance.page if p.provenance else None})
    nip = parse_nip(d.signatory.nip_printed, d.decree_date_iso)
    out.quality = {
        "doc_id": d.doc_id, "source_file": d.source_file, "kecamatan": d.kecamatan, "kabupaten": d.kabupaten,
        "provinsi": d.provinsi, "region_code": d.region_code, "n_indicators": len(d.indicators),
        "n_indicator_flags": len(iflags), "n_document_flags": len(dflags),
        "indicator_score_mean": round(sum(scores) / len(scores), 1) if scores else None,
        "document_score": document_score(scores, dflags) if d.status != "failed" else None,
        "nip_valid": nip.valid if nip else None, "nip_birth_date": nip.birth_date if nip else None,
        "nip_appointment": nip.appointment if nip else None, "nip_sex": nip.sex if nip else None,
        "n_legal_basis": len(legal), "n_repealed": sum(1 for x in legal if x.repealed)}
    return out


CanonicalMap = dict[tuple[str, str | None], tuple[str, str]]  # (canonical_key, measure) -> (text, id)


def canonical_map(counts: Counter, rules: AnalysisRules | None = None) -> CanonicalMap:
    """The canonical text and id of every (canonical_key, measure) pair, from how often each occurs."""
    groups = canonical.group_counts(counts, (rules or AnalysisRules.load()).canonical)
    return {k: (g.canonical_text, g.canonical_id) for k, g in groups.items()}


def analyse(decrees: list[Decree], rules: AnalysisRules | None = None) -> Analysis:
    out = Analysis()
    decrees = sorted(decrees, key=lambda d: (d.doc_id, d.source_file))
    rules = rules or AnalysisRules.load()
    docs = [(d, analyse_document(d, rules)) for d in decrees]
    cmap = canonical_map(Counter((r["canonical_key"], r["measure"]) for _, a in docs for r in a.indicators.values()),
                         rules)
    for d, a in docs:
        for row, r in a.indicators.items():
            r["canonical_text"], r["canonical_id"] = cmap[(r["canonical_key"], r["measure"])]
            out.indicators[(d.doc_id, d.source_file, row)] = r
        out.flags += a.flags
        out.legal += a.legal
        out.positions += a.positions
        out.quality.append(a.quality)
    return out


# views over the tables; README's "DuckDB" section shows queries on them
VIEWS = {
    "indicators_by_region": """
        SELECT d.provinsi, d.kabupaten, d.kecamatan, d.doc_id, i.row, i.level, i.jabatan, i.indikator,
               i.measure, i.result_level, i.formula_kind, i.canonical_id, i.canonical_text, i.quality_score
        FROM indicators i JOIN documents d USING (doc_id, source_file)""",
    "flag_counts": """
        SELECT code, scope, count(*) AS n_flags, count(DISTINCT doc_id) AS n_documents, any_value(message) AS example
        FROM flags GROUP BY code, scope ORDER BY n_flags DESC, code""",
    "canonical_coverage": """
        SELECT i.canonical_id, i.canonical_text, i.measure, count(*) AS n_rows,
               count(DISTINCT i.doc_id) AS n_documents, count(DISTINCT d.kabupaten) AS n_kabupaten,
               min(i.indikator) AS example
        FROM indicators i JOIN documents d USING (doc_id, source_file)
        GROUP BY i.canonical_id, i.canonical_text, i.measure ORDER BY n_documents DESC, n_rows DESC""",
    "quality_by_kabupaten": """
        SELECT provinsi, kabupaten, count(*) AS n_documents, sum(n_indicators)::BIGINT AS n_indicators,
               round(avg(document_score), 1) AS document_score, round(avg(indicator_score_mean), 1) AS indicator_score
        FROM quality GROUP BY provinsi, kabupaten ORDER BY document_score""",
    "quality_by_provinsi": """
        SELECT provinsi, count(*) AS n_documents, sum(n_indicators)::BIGINT AS n_indicators,
               round(avg(document_score), 1) AS document_score, round(avg(indicator_score_mean), 1) AS indicator_score
        FROM quality GROUP BY provinsi ORDER BY document_score""",
}
DUCKDB_STORAGE_VERSION = "v1.0.0"  # storage format 64: DuckDB 1.0 and every later version open the file
TABLES = ("documents", "indicators", "targets", "flags", "legal_basis", "positions", "quality", "corrections")


__all__ = ["FLAGS", "VIEWS", "Analysis", "AnalysisRules", "CanonicalMap", "DocumentAnalysis", "analyse",
           "analyse_document", "canonical_map"]
