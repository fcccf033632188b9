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
from iku.core.settings import Settings
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


# the fingerprint's names for the settings' rule files (as the environment variables were named)
_RULE_NAMES = {"indicator_rules": "IKU_INDICATOR_RULES", "canonical_rules": "IKU_CANONICAL_RULES",
               "flag_rules": "IKU_FLAG_RULES"}


def _outputs_fingerprint(settings: Settings) -> str:
    """What the analysis of every decree depends on besides its JSON: this build, the analysis package (code
    and rules) and any rules files the settings name, so a change of rules redoes the tables without
    re-extracting."""
    rules = []
    for field, given in settings.rule_paths().items():
        name, path = _RULE_NAMES[field], str(given or "")
        try:
            rules.append([name, path, hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else ""])
        except OSError:
            rules.append([name, path, "unreadable"])
    return hashlib.sha256(json.dumps([build_id(), source_fingerprint("analysis"), rules]).encode()).hexdigest()


def update_tables(out_dir: Path, settings: Settings | None = None, full: bool = False):
    """The folder tables (Parquet datasets, corrections.parquet, iku.duckdb, and iku.xlsx once asked for) in
    line with OUT/json and the corrections: only the decrees that changed are analysed again (see
    iku.analysis.store) with the settings' rules. The caller holds the batch lock. An iku.analysis.store.Update."""
    from iku.analysis import store  # lazy: spaCy and DuckDB load only here
    from iku.analysis.outputs import AnalysisRules

    settings = settings or Settings.load()
    rules = AnalysisRules.load(**settings.rule_paths())
    res = store.update(Path(out_dir), _outputs_fingerprint(settings), full=full, rules=rules)
    if res.wrote and (Path(out_dir) / "iku.xlsx").exists():  # a workbook once asked for is kept up to date
        from iku.export.xlsx import write_xlsx

        write_xlsx(Path(out_dir))
    return res


def rebuild_parquet(out_dir: Path, index: dict | None = None, settings: Settings | None = None) -> bool:
    """Bring the tables in line with OUT/json (`index` is not needed any more; kept for callers); whether
    anything was written."""
    return update_tables(out_dir, settings).wrote


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """One batch at a time per output folder. The kernel drops the lock when the holder dies."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_NAME, "w") as f:
        if not lock(f, wait=False):
            raise BatchError(f"another iku batch is writing to {out_dir}")
        # temporary files left by a killed run (atomic writes that never reached their rename)
        for tmp in [*out_dir.glob(".*.tmp"), *(out_dir / "json").glob(".*.tmp"), *out_dir.glob("*.parquet/.*.tmp")]:
            tmp.unlink(missing_ok=True)
        yield


def table_paths(out_dir: Path) -> list[Path]:
    from iku.analysis.store import TABLES

    paths = [out_dir / f"{t}.parquet" for t in TABLES] + [out_dir / "corrections.parquet", out_dir / "iku.duckdb"]
    return paths + ([out_dir / "iku.xlsx"] if (out_dir / "iku.xlsx").exists() else [])


def write_analysis(decrees: Iterable[Decree], out_dir: Path, settings: Settings | None = None) -> list[Path]:
    """Every table of the given decrees (after write_parquet, as before; it replaces the tables whole), and the
    workbook once asked for. For decrees that are not OUT/json's; a folder's own update is update_tables."""
    from iku.analysis.outputs import AnalysisRules
    from iku.analysis.store import write_analysis as _write  # lazy: spaCy and DuckDB load only here

    rules = AnalysisRules.load(**(settings or Settings.load()).rule_paths())
    paths = _write(list(decrees), out_dir, rules)
    if (out_dir / "iku.xlsx").exists():  # a workbook once asked for (`iku export --xlsx`) is kept up to date
        from iku.export.xlsx import write_xlsx

        paths.append(write_xlsx(out_dir))
    return paths


def rebuild_outputs(out_dir: Path, settings: Settings | None = None, full: bool = False) -> list[Path]:
    """The tables brought in line with OUT/json, corrections applied, under the batch lock (not while `iku
    extract` writes the same folder: iku.runtime.batch.BatchError); `full`: every table rebuilt from scratch."""
    with output_lock(out_dir):
        update_tables(out_dir, settings, full=full)
    return table_paths(out_dir)
