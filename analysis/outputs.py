"""The analysis of a batch, written beside the extraction's outputs.

indicators.parquet gains typed, canonical and quality columns; flags.parquet, legal_basis.parquet,
positions.parquet and quality.parquet are added; iku.duckdb holds them all as tables plus ready views.
Every file is written to a temporary name and renamed into place.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from iku.analysis import canonical
from iku.analysis.flags import FLAGS, Flag, document_flags, document_score, indicator_flags, indicator_score
from iku.analysis.identity import parse_nip
from iku.analysis.indicator_types import IndicatorType, type_indicator
from iku.analysis.legal import parse_item
from iku.core.files import arrow_table as _table
from iku.core.files import atomic_write_bytes
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


def analyse(decrees: list[Decree]) -> Analysis:
    out = Analysis()
    decrees = sorted(decrees, key=lambda d: (d.doc_id, d.source_file))
    types: dict[str, dict[int, IndicatorType]] = {}
    keys: dict[str, dict[int, str]] = {}
    for d in decrees:
        drop = (d.kecamatan or "", d.kabupaten or "")
        types[d.source_file] = {i.row: type_indicator(i.indikator, i.satuan, i.formula) for i in d.indicators}
        keys[d.source_file] = {i.row: canonical.normalise(i.indikator, drop) for i in d.indicators}
    groups = canonical.group([(keys[d.source_file][i.row], types[d.source_file][i.row].measure)
                              for d in decrees for i in d.indicators])
    for d in decrees:
        t, k = types[d.source_file], keys[d.source_file]
        legal = [parse_item(x.text) for x in d.legal_basis]
        iflags = indicator_flags(d, t, k)
        dflags = document_flags(d, legal)
        by_row: dict[int, list[Flag]] = defaultdict(list)
        for f in iflags:
            by_row[f.row].append(f)
        scores = []
        for ind in d.indicators:
            f, ty = ind.formula, t[ind.row]
            g = groups[(k[ind.row], ty.measure)]
            score = indicator_score(by_row[ind.row])
            scores.append(score)
            out.indicators[(d.doc_id, d.source_file, ind.row)] = {
                "formula_unit": f.unit if f else None,
                "formula_constants": [f"{c.text} ({c.role})" for c in f.constants] if f else [],
                "formula_terms": list(f.terms) if f else [], "formula_parts": [p.text for p in f.parts] if f else [],
                "measure": ty.measure, "unit": ty.unit, "polarity": ty.polarity, "result_level": ty.level,
                "typing_evidence": list(ty.evidence), "canonical_key": g.key, "canonical_text": g.canonical_text,
                "canonical_id": g.canonical_id, "flag_codes": [x.code for x in by_row[ind.row]],
                "quality_score": score,
            }
        out.flags += [_flag_record(d, f) for f in iflags + dflags]
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
        out.quality.append({
            "doc_id": d.doc_id, "source_file": d.source_file, "kecamatan": d.kecamatan, "kabupaten": d.kabupaten,
            "provinsi": d.provinsi, "region_code": d.region_code, "n_indicators": len(d.indicators),
            "n_indicator_flags": len(iflags), "n_document_flags": len(dflags),
            "indicator_score_mean": round(sum(scores) / len(scores), 1) if scores else None,
            "document_score": document_score(scores, dflags) if d.status != "failed" else None,
            "nip_valid": nip.valid if nip else None, "nip_birth_date": nip.birth_date if nip else None,
            "nip_appointment": nip.appointment if nip else None, "nip_sex": nip.sex if nip else None,
            "n_legal_basis": len(legal), "n_repealed": sum(1 for x in legal if x.repealed)})
    return out


def _parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def _extend_indicators(path: Path, a: Analysis) -> None:
    """Add the analysis columns to indicators.parquet, row for row (same order as written by the export)."""
    base = pq.read_table(path)
    base = base.drop_columns([n for n, _ in ANALYSIS_INDICATOR_COLUMNS if n in base.column_names])
    ids = zip(base.column("doc_id").to_pylist(), base.column("source_file").to_pylist(),
              base.column("row").to_pylist(), strict=True)
    extra = _table([a.indicators.get(k, {}) for k in ids], ANALYSIS_INDICATOR_COLUMNS)
    for name in extra.column_names:
        base = base.append_column(extra.schema.field(name), extra.column(name))
    atomic_write_bytes(path, _parquet_bytes(base))


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


def write_duckdb(out_dir: Path) -> Path:
    """iku.duckdb: every Parquet table copied in (the file stands alone) and the VIEWS; built under a
    temporary name and renamed into place."""
    path = out_dir / "iku.duckdb"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".iku.", suffix=".duckdb.tmp")
    os.close(fd)
    os.unlink(tmp)  # duckdb creates the file itself
    try:
        # the newest DuckDB writes a storage format 1.x clients (CLI, DBeaver, R) refuse; v1.0.0 is read by all
        con = duckdb.connect(tmp, config={"storage_compatibility_version": DUCKDB_STORAGE_VERSION})
        try:
            for name in TABLES:
                src = out_dir / f"{name}.parquet"
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet(?)", [str(src)])
            for name, sql in VIEWS.items():
                con.execute(f"CREATE VIEW {name} AS {sql}")
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for p in (Path(tmp), Path(tmp + ".wal")):
            p.unlink(missing_ok=True)
    return path


def write_analysis(decrees: list[Decree], out_dir: Path) -> list[Path]:
    """Run the analysis of a batch whose documents/indicators Parquet files are already written."""
    a = analyse(decrees)
    _extend_indicators(out_dir / "indicators.parquet", a)
    paths = []
    for name, records, cols in (("flags", a.flags, FLAG_COLUMNS), ("legal_basis", a.legal, LEGAL_COLUMNS),
                                ("positions", a.positions, POSITION_COLUMNS),
                                ("quality", a.quality, QUALITY_COLUMNS)):
        p = out_dir / f"{name}.parquet"
        atomic_write_bytes(p, _parquet_bytes(_table(records, cols)))
        paths.append(p)
    paths.append(write_duckdb(out_dir))
    return paths


__all__ = ["FLAGS", "Analysis", "analyse", "write_analysis", "write_duckdb"]
