"""The output folder of a batch: its index (a cache of OUT/json), the one-batch-at-a-time lock, and
the folder-level tables (Parquet, then the analysis layer and the workbook) rebuilt from the JSON files."""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from iku.core.build import build_id, source_fingerprint
from iku.core.errors import (
    W_OCR_UNAVAILABLE,
    BatchError,
    warning_codes,
)
from iku.core.files import atomic_write_bytes
from iku.core.portable import lock
from iku.export.parquet import load_json_outputs, write_parquet
from iku.schemas import Decree

INDEX_NAME = "index.json"
LOCK_NAME = ".iku.lock"

# ---------------------------------------------------------------------------------------------- index


def _read_index(out_dir: Path) -> dict:
    try:
        data = json.loads((out_dir / INDEX_NAME).read_bytes())
        if data.get("format") == 1:
            return data
    except (OSError, ValueError):
        pass  # missing or damaged: rebuilt from the JSON files
    return {"format": 1, "documents": {}, "hashes": {}}


def _entry_from_json(path: Path, old: dict | None) -> dict | None:
    st = path.stat()
    if old and old.get("json_size") == st.st_size and old.get("json_mtime_ns") == st.st_mtime_ns:
        return old
    try:
        d = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None  # unreadable: the document will be redone
    sources = old.get("sources", []) if old and old.get("sha256") == d.get("sha256") else []
    return {"sha256": d.get("sha256"), "pipeline_version": d.get("pipeline_version"), "status": d.get("status"),
            "error_code": d.get("error_code"), "error": d.get("error"), "pages": d.get("pages", 0),
            "n_indicators": len(d.get("indicators") or []), "source_file": d.get("source_file"),
            # pages left unread because OCR could not run here: redone once it can (see plan_batch)
            "ocr_unavailable": W_OCR_UNAVAILABLE in warning_codes(d.get("warnings") or []),
            "sources": sorted(set(sources) | {d.get("source_file") or ""} - {""}),
            "json_size": st.st_size, "json_mtime_ns": st.st_mtime_ns}


def reconcile_index(out_dir: Path, index: dict | None = None) -> dict:
    """The index brought in line with OUT/json: only changed JSON files are read."""
    index = index if index is not None else _read_index(out_dir)
    old = index.get("documents", {})
    docs = {}
    json_dir = out_dir / "json"
    for p in sorted(json_dir.glob("*.json")) if json_dir.is_dir() else []:
        entry = _entry_from_json(p, old.get(p.stem))
        if entry is not None:
            docs[p.stem] = entry
    index["documents"] = docs
    return index


def save_index(out_dir: Path, index: dict) -> None:
    index = {**index, "pipeline_version": build_id()}
    atomic_write_bytes(out_dir / INDEX_NAME, json.dumps(index, indent=1, sort_keys=True).encode("utf-8"))


def _outputs_fingerprint(index: dict) -> str:
    """What the Parquet tables and the analysis layer are made from: the JSON files, this build and the
    analysis package (code and rules), so a change of analysis rules redoes them without re-extracting."""
    docs = index["documents"]
    items = sorted((k, v["json_size"], v["json_mtime_ns"]) for k, v in docs.items())
    return hashlib.sha256(json.dumps([build_id(), source_fingerprint("analysis"), items]).encode()).hexdigest()


def rebuild_parquet(out_dir: Path, index: dict) -> bool:
    """Rebuild the Parquet tables and the analysis outputs from OUT/json unless they already match it."""
    fingerprint = _outputs_fingerprint(index)
    parquet = [out_dir / "documents.parquet", out_dir / "indicators.parquet"]
    if index.get("parquet_fingerprint") == fingerprint and all(p.exists() for p in parquet):
        return False
    decrees = load_json_outputs(out_dir)
    write_parquet(decrees, out_dir)
    write_analysis(decrees, out_dir)
    index["parquet_fingerprint"] = fingerprint
    return True


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """One batch at a time per output folder. The kernel drops the lock when the holder dies."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_NAME, "w") as f:
        if not lock(f, wait=False):
            raise BatchError(f"another iku batch is writing to {out_dir}")
        # temporary files left by a killed run (atomic writes that never reached their rename)
        for tmp in [*out_dir.glob(".*.tmp"), *(out_dir / "json").glob(".*.tmp")]:
            tmp.unlink(missing_ok=True)
        yield


def write_analysis(decrees: Iterable[Decree], out_dir: Path) -> list[Path]:
    """The analysis layer (package `analysis`), after write_parquet: typed and canonical columns added to
    indicators.parquet, then flags, legal_basis, positions and quality Parquet files and iku.duckdb."""
    from iku.analysis.outputs import write_analysis as _write  # lazy: spaCy and DuckDB load only here

    paths = _write(list(decrees), out_dir)
    if (out_dir / "iku.xlsx").exists():  # a workbook once asked for (`iku export --xlsx`) is kept up to date
        from iku.export.xlsx import write_xlsx

        paths.append(write_xlsx(out_dir))
    return paths


def rebuild_outputs(out_dir: Path) -> list[Path]:
    """Every table rewritten from OUT/json, corrections applied, under the batch lock (not while `iku extract`
    writes the same folder: iku.runtime.batch.BatchError)."""
    with output_lock(out_dir):
        decrees = load_json_outputs(out_dir)
        return [*write_parquet(decrees, out_dir), *write_analysis(decrees, out_dir)]
