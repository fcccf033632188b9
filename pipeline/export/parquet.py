"""Stage 8, export: one JSON per decree, and the batch tables as Parquet.

Every file is written to a temporary name in the same folder and renamed into place,
so a crash or a kill never leaves a half-written output.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel

from iku.core.files import arrow_table, atomic_write_bytes
from iku.core.numbers import parse_target
from iku.export import corrections
from iku.schemas import Decree, RecordWarning

_ARROW = {str: pa.string(), int: pa.int32(), float: pa.float64(), bool: pa.bool_()}


def model_struct(model: type[BaseModel]) -> pa.StructType:
    """The Arrow struct of a model of plain fields, read off the model itself (`X | None` is a nullable X)."""
    def arrow(annotation: object) -> pa.DataType:
        if typing.get_origin(annotation) in (typing.Union, types.UnionType):
            (inner,) = [a for a in typing.get_args(annotation) if a is not type(None)]
            return arrow(inner)
        return _ARROW[annotation]

    return pa.struct([(name, arrow(f.annotation)) for name, f in model.model_fields.items()])


DOCUMENT_COLUMNS = [
    ("doc_id", pa.string()), ("source_file", pa.string()), ("sha256", pa.string()), ("pages", pa.int32()),
    ("input_kind", pa.string()), ("document_type", pa.string()), ("issuer_name", pa.string()),
    ("issuer_kind", pa.string()), ("kecamatan", pa.string()),
    ("kabupaten", pa.string()), ("provinsi", pa.string()), ("region_code", pa.string()),
    ("period_start", pa.int32()), ("period_end", pa.int32()), ("decree_number", pa.string()),
    ("decree_date", pa.date32()), ("decree_date_partial", pa.string()), ("decree_date_text", pa.string()),
    ("place", pa.string()), ("signatory_name", pa.string()),
    ("signatory_rank", pa.string()), ("signatory_nip", pa.string()), ("legal_basis", pa.list_(pa.string())),
    ("n_indicators", pa.int64()), ("status", pa.string()), ("error", pa.string()), ("error_code", pa.string()),
    ("warnings", pa.list_(model_struct(RecordWarning))), ("pipeline_version", pa.string()),
    ("corrected_fields", pa.list_(pa.string())),  # fields a person corrected (corrections.parquet: the originals)
]
INDICATOR_COLUMNS = [
    ("doc_id", pa.string()), ("source_file", pa.string()), ("row", pa.int32()), ("level", pa.string()),
    ("jabatan", pa.string()), ("sasaran", pa.string()), ("indikator", pa.string()), ("definisi", pa.string()),
    ("formula", pa.string()), ("formula_raw", pa.string()), ("formula_kind", pa.string()),
    ("formula_numerator", pa.string()), ("formula_denominator", pa.string()), ("formula_multiplier", pa.string()),
    # target: the cell text, or a JSON object {"2023": "85"} when the table has one column per year
    ("satuan", pa.string()), ("target", pa.string()), ("target_by_year", pa.map_(pa.string(), pa.string())),
    ("target_value", pa.float64()), ("target_unit", pa.string()),
    ("sumber_data", pa.string()), ("sumber_data_raw", pa.string()), ("penanggung_jawab", pa.string()),
    ("page", pa.int32()), ("bbox", pa.list_(pa.float64())), ("confidence", pa.float64()),
    ("corrected_fields", pa.list_(pa.string())),  # fields a person corrected; "row" for a row they added
]


def document_record(d: Decree) -> dict:
    return {
        "doc_id": d.doc_id, "source_file": d.source_file, "sha256": d.sha256, "pages": d.pages,
        "input_kind": d.input_kind, "document_type": d.document_type, "issuer_name": d.issuer_name,
        "issuer_kind": d.issuer_kind, "kecamatan": d.kecamatan,
        "kabupaten": d.kabupaten, "provinsi": d.provinsi, "region_code": d.region_code,
        "period_start": d.period_start, "period_end": d.period_end, "decree_number": d.decree_number,
        "decree_date": d.decree_date, "decree_date_partial": d.decree_date_partial,
        "decree_date_text": d.decree_date_text, "place": d.place, "signatory_name": d.signatory.name,
        "signatory_rank": d.signatory.rank, "signatory_nip": d.signatory.nip,
        "legal_basis": [x.text for x in d.legal_basis], "n_indicators": len(d.indicators), "status": d.status,
        "error": d.error, "error_code": d.error_code, "warnings": [w.model_dump() for w in d.warnings],
        "pipeline_version": d.pipeline_version,
        "corrected_fields": sorted({c.field for c in d.corrections if c.row is None and c.field}),
    }


def indicator_records(d: Decree) -> list[dict]:
    out = []
    corrected = corrected_fields(d)
    for ind in d.indicators:
        f = ind.formula
        target_map = ind.target if isinstance(ind.target, dict) else None
        out.append({
            "doc_id": d.doc_id, "source_file": d.source_file, "row": ind.row, "level": ind.level,
            "jabatan": ind.jabatan, "sasaran": ind.sasaran, "indikator": ind.indikator, "definisi": ind.definisi,
            "formula": f.text if f else None, "formula_raw": f.raw if f else None,
            "formula_kind": f.kind if f else None, "formula_numerator": f.numerator if f else None,
            "formula_denominator": f.denominator if f else None, "formula_multiplier": f.multiplier if f else None,
            "satuan": ind.satuan,
            "target": json.dumps(target_map, ensure_ascii=False) if target_map else ind.target,
            "target_by_year": list(target_map.items()) if target_map else None,
            "target_value": ind.target_value, "target_unit": ind.target_unit,
            "sumber_data": ind.sumber_data, "sumber_data_raw": ind.sumber_data_raw,
            "penanggung_jawab": ind.penanggung_jawab, "page": ind.page,
            "bbox": list(ind.bbox) if ind.bbox else None, "confidence": ind.confidence,
            "corrected_fields": corrected.get(ind.row, []),
        })
    return out


def corrected_fields(d: Decree) -> dict[int, list[str]]:
    """Per row: the fields a person corrected ("row" for a row they added)."""
    out: dict[int, set[str]] = {}
    for c in d.corrections:
        if c.row is not None:
            out.setdefault(c.row, set()).add(c.field if c.action == "set" else "row")
    return {k: sorted(v) for k, v in out.items()}


# the long form of targets: one row per indicator and year (year null for a one-value target)
TARGET_COLUMNS = [
    ("doc_id", pa.string()), ("source_file", pa.string()), ("row", pa.int32()), ("year", pa.int32()),
    ("value", pa.float64()), ("unit", pa.string()), ("printed", pa.string()),
]


def target_records(d: Decree) -> list[dict]:
    out = []
    for ind in d.indicators:
        cells = ind.target.items() if isinstance(ind.target, dict) else [(None, ind.target)] if ind.target else []
        for label, printed in cells:
            value, unit = parse_target(printed)
            out.append({"doc_id": d.doc_id, "source_file": d.source_file, "row": ind.row,
                        "year": int(label) if label and label.isdigit() else None,
                        "value": value, "unit": unit, "printed": printed})
    return out


# ---- the tables as Parquet datasets: OUT/<table>.parquet/ is a folder of part files, read as one table by
# pandas.read_parquet, polars, pyarrow and DuckDB's read_parquet. iku.analysis.store keeps them up to date.
BASE_TABLES = {"documents": DOCUMENT_COLUMNS, "indicators": INDICATOR_COLUMNS, "targets": TARGET_COLUMNS}
MANIFEST_NAME = ".tables.json"  # which decrees each part holds (iku.analysis.store)


def dataset_dir(out_dir: Path, name: str) -> Path:
    return Path(out_dir) / f"{name}.parquet"


def part_path(out_dir: Path, name: str, part: str) -> Path:
    return dataset_dir(out_dir, name) / f"{part}.parquet"


def part_files(out_dir: Path, name: str) -> list[Path]:
    d = dataset_dir(out_dir, name)
    return sorted(d.glob("part-*.parquet")) if d.is_dir() else []


def parquet_bytes(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def write_part(out_dir: Path, name: str, part: str, table: pa.Table) -> Path:
    path = part_path(out_dir, name, part)
    atomic_write_bytes(path, parquet_bytes(table))
    return path


def clear_dataset(out_dir: Path, name: str) -> None:
    """Remove a table: its part files, or the single file an older version wrote under the same name."""
    d = dataset_dir(out_dir, name)
    if d.is_file():
        d.unlink()
    for p in d.glob("*") if d.is_dir() else []:
        if p.is_file() and (p.name.startswith("part-") or p.name.endswith(".tmp")):
            p.unlink()


def write_parquet(decrees: Iterable[Decree], out_dir: Path) -> tuple[Path, Path]:
    """The base tables of the given decrees, replacing any others (one part each, sorted by doc_id so any run
    order gives the same bytes). The folder's own update is iku.analysis.store.update, which writes these
    tables with the analysis columns."""
    decrees = sorted(decrees, key=lambda d: (d.doc_id, d.source_file))
    records = {"documents": [document_record(d) for d in decrees],
               "indicators": [r for d in decrees for r in indicator_records(d)],
               "targets": [r for d in decrees for r in target_records(d)]}
    (Path(out_dir) / MANIFEST_NAME).unlink(missing_ok=True)  # these tables are no longer the manifest's
    paths = []
    for name, cols in BASE_TABLES.items():
        clear_dataset(out_dir, name)
        write_part(out_dir, name, "part-000000", arrow_table(records[name], cols))
        paths.append(dataset_dir(out_dir, name))
    corrections.write_table(out_dir)
    return paths[0], paths[1]  # targets.parquet beside them


def load_decree(path: Path) -> Decree | None:
    try:
        return Decree.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None  # a file from an incompatible version: it will be redone


def load_json_outputs(out_dir: Path) -> list[Decree]:
    out = [d for p in sorted((out_dir / "json").glob("*.json")) if (d := load_decree(p)) is not None]
    return corrections.apply_to_outputs(out_dir, out)
