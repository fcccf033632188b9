"""The folder tables, kept up to date per document: Parquet datasets and iku.duckdb.

Each table is a folder OUT/<table>.parquet/ of part files (part-000012.parquet), which every Parquet reader
opens as one table (pandas.read_parquet, polars, pyarrow, DuckDB's read_parquet). The part files of one name
hold the rows of the same decrees in every table, about PART_DOCS of them, sorted by doc_id within the part.
OUT/.tables.json, the manifest, records which decree each part holds (with its JSON file's size and mtime and
a hash of its corrections), how often each canonical key occurs and the canonical map the parts carry.

An update does only what changed: the decrees whose JSON or corrections changed are analysed again, the parts
that held them (and the smallest part, which takes the new decrees) are rewritten with the rows of their other
decrees copied as they are, the other parts are left alone unless the canonical text of a key they hold
changed (canonical groups depend on every decree: they are regrouped from the kept counts). iku.duckdb gets
the same change (those decrees' rows deleted and inserted, canonical columns updated) on a copy renamed into
place. Adding a few decrees to a folder of thousands costs the few plus one part, with memory bounded by a part.

Kill-safe: new parts get new names, the manifest is replaced (the commit), then the parts it no longer lists
are deleted; a run killed before the commit leaves parts the next run deletes, and the decrees it was adding
are still new to the manifest, so that run redoes them (every step is idempotent, iku.duckdb's included).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from iku.analysis.canonical import stable_id
from iku.analysis.outputs import (
    ANALYSIS_INDICATOR_COLUMNS,
    DUCKDB_STORAGE_VERSION,
    FLAG_COLUMNS,
    LEGAL_COLUMNS,
    POSITION_COLUMNS,
    QUALITY_COLUMNS,
    VIEWS,
    AnalysisRules,
    CanonicalMap,
    analyse_document,
    canonical_map,
)
from iku.core.files import arrow_table, atomic_write_bytes
from iku.export import corrections
from iku.export.parquet import (
    DOCUMENT_COLUMNS,
    INDICATOR_COLUMNS,
    MANIFEST_NAME,
    TARGET_COLUMNS,
    clear_dataset,
    dataset_dir,
    document_record,
    indicator_records,
    load_decree,
    part_files,
    part_path,
    target_records,
    write_part,
)
from iku.schemas import Decree

PART_DOCS = 500  # decrees per part: what one update rewrites at least, and ~20 files per table at 10,000
COLUMNS = {"documents": DOCUMENT_COLUMNS, "indicators": INDICATOR_COLUMNS + ANALYSIS_INDICATOR_COLUMNS,
           "targets": TARGET_COLUMNS, "flags": FLAG_COLUMNS, "legal_basis": LEGAL_COLUMNS,
           "positions": POSITION_COLUMNS, "quality": QUALITY_COLUMNS}
TABLES = tuple(COLUMNS)  # the per-decree tables; corrections.parquet is one file, rewritten each time
SCHEMAS = {t: pa.schema(c) for t, c in COLUMNS.items()}
FORMAT = 1
Key = tuple[str, str | None]  # (canonical_key, measure)


# ---------------------------------------------------------------------------------------------- rows


def decree_tables(d: Decree, rules: AnalysisRules) -> dict[str, pa.Table]:
    """Every table's rows of one decree (canonical_text and canonical_id still unset)."""
    a = analyse_document(d, rules)
    records = {"documents": [document_record(d)],
               "indicators": [{**r, **a.indicators.get(r["row"], {})} for r in indicator_records(d)],
               "targets": target_records(d), "flags": a.flags, "legal_basis": a.legal, "positions": a.positions,
               "quality": [a.quality]}
    return {t: arrow_table(records[t], COLUMNS[t]) for t in TABLES}


def _keys(indicators: pa.Table) -> list[Key]:
    return list(zip(indicators.column("canonical_key").to_pylist(), indicators.column("measure").to_pylist(),
                    strict=True))


def _with_canonical(indicators: pa.Table, cmap: CanonicalMap) -> pa.Table:
    """canonical_text and canonical_id set from the map (a key it lacks stands for itself)."""
    got = [cmap.get(k) or (k[0], stable_id(k[0] or "")) for k in _keys(indicators)]
    for i, name in ((0, "canonical_text"), (1, "canonical_id")):
        pos = indicators.schema.get_field_index(name)
        indicators = indicators.set_column(pos, indicators.schema.field(pos), pa.array([g[i] for g in got],
                                                                                        pa.string()))
    return indicators


def _canonical_ok(indicators: pa.Table, cmap: CanonicalMap) -> bool:
    want = [cmap.get(k) for k in _keys(indicators)]
    have = zip(indicators.column("canonical_text").to_pylist(), indicators.column("canonical_id").to_pylist(),
               strict=True)
    return all(w is not None and tuple(h) == w for w, h in zip(want, have, strict=True))


# ------------------------------------------------------------------------------------------ manifest


@dataclass
class Manifest:
    fingerprint: str
    next: int = 0  # number of the next part
    parts: dict[str, int] = field(default_factory=dict)  # part -> decrees it holds
    docs: dict[str, list] = field(default_factory=dict)  # JSON stem -> [part, size, mtime_ns, log hash, doc_id]
    counts: Counter = field(default_factory=Counter)  # (canonical_key, measure) -> rows
    cmap: CanonicalMap = field(default_factory=dict)  # the canonical map the parts carry
    log: str = ""  # hash of the corrections log: corrections.parquet lists every entry, matched or not

    def dump(self) -> bytes:
        return json.dumps({"format": FORMAT, "fingerprint": self.fingerprint, "next": self.next, "log": self.log,
                           "parts": self.parts, "docs": self.docs,
                           "counts": _in_order([k, m, n] for (k, m), n in self.counts.items() if n > 0),
                           "canonical": _in_order([k, m, *v] for (k, m), v in self.cmap.items())},
                          sort_keys=True).encode("utf-8")


def _in_order(rows: Iterable[list]) -> list[list]:
    """Rows in a stable order although a measure may be None beside a string for the same key (None < str
    raises in Python's sort)."""
    return sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False))


def _load_manifest(out_dir: Path, fingerprint: str) -> Manifest | None:
    """The manifest, if it belongs to this fingerprint and every part it lists is there."""
    try:
        data = json.loads((out_dir / MANIFEST_NAME).read_bytes())
        if data.get("format") != FORMAT or data.get("fingerprint") != fingerprint:
            return None
        m = Manifest(fingerprint, data["next"], data["parts"], data["docs"],
                     Counter({(k, ms): n for k, ms, n in data["counts"]}),
                     {(k, ms): (t, i) for k, ms, t, i in data["canonical"]}, data["log"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not m.parts or not all(part_path(out_dir, t, p).is_file() for t in TABLES for p in m.parts):
        return None
    if any(e[0] is not None and e[0] not in m.parts for e in m.docs.values()):
        return None  # a decree in a part the manifest no longer lists: not a manifest this code wrote
    return m


def _json_files(out_dir: Path) -> dict[str, tuple[int, int]]:
    json_dir = out_dir / "json"
    if not json_dir.is_dir():
        return {}
    out = {}
    with os.scandir(json_dir) as it:
        for e in it:
            if e.name.endswith(".json") and not e.name.startswith(".") and e.is_file():
                st = e.stat()
                out[e.name[:-5]] = (st.st_size, st.st_mtime_ns)
    return out


def _log_hashes(log: list[dict]) -> dict[str, str]:
    return {doc: hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()[:16]
            for doc, entries in corrections.by_doc(log).items()}


# --------------------------------------------------------------------------------------------- parts


class _Parts:
    """Rows gathered per table and written as parts of about PART_DOCS decrees, each sorted by doc_id."""

    def __init__(self, out_dir: Path, m: Manifest) -> None:
        self.out_dir, self.m = out_dir, m
        self.chunks: dict[str, list[pa.Table]] = {t: [] for t in TABLES}
        self.docs: list[str] = []
        self.written: dict[str, list[str]] = {}  # new part -> doc_ids

    def add(self, tables: dict[str, pa.Table], doc_ids: list[str]) -> None:
        for t in TABLES:
            self.chunks[t].append(tables[t].select(SCHEMAS[t].names).cast(SCHEMAS[t]))
        self.docs += doc_ids
        if len(self.docs) >= PART_DOCS:
            self.flush()

    def flush(self, empty: bool = False) -> None:
        if not self.docs and not empty:
            return
        name = f"part-{self.m.next:06d}"
        self.m.next += 1
        for t in TABLES:
            table = pa.concat_tables(self.chunks[t]) if self.chunks[t] else SCHEMAS[t].empty_table()
            table = table.take(pc.sort_indices(table, [("doc_id", "ascending")]))  # stable: rows keep their order
            if t == "indicators":
                table = _with_canonical(table, self.m.cmap)  # provisional: fixed once every decree is counted
            write_part(self.out_dir, t, name, table)
        self.written[name] = sorted(self.docs)
        self.chunks = {t: [] for t in TABLES}
        self.docs = []


def _fix_canonical(out_dir: Path, parts: Iterable[str], cmap: CanonicalMap, changed: set[Key] | None) -> list[str]:
    """Rewrite the indicators of the parts whose canonical columns the map changed; `changed`: only look at
    parts holding one of these keys (None: check every row). The parts rewritten."""
    done = []
    for p in parts:
        path = part_path(out_dir, "indicators", p)
        cols = pq.read_table(path, columns=["canonical_key", "measure", "canonical_text", "canonical_id"])
        if changed is not None and not changed.intersection(_keys(cols)):
            continue
        if changed is None and _canonical_ok(cols, cmap):
            continue
        write_part(out_dir, "indicators", p, _with_canonical(pq.read_table(path).cast(SCHEMAS["indicators"]), cmap))
        done.append(p)
    return done


# -------------------------------------------------------------------------------------------- duckdb


def _connect(path: str) -> duckdb.DuckDBPyConnection:
    # the newest DuckDB writes a storage format 1.x clients (CLI, DBeaver, R) refuse; v1.0.0 is read by all
    return duckdb.connect(path, config={"storage_compatibility_version": DUCKDB_STORAGE_VERSION})


@contextlib.contextmanager
def _duckdb_copy(out_dir: Path, start_from: Path | None):
    """A connection to a temporary copy of iku.duckdb (or an empty file) renamed into place when the block ends
    without an error: readers keep the old file meanwhile."""
    path = out_dir / "iku.duckdb"
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=".iku.", suffix=".duckdb.tmp")
    os.close(fd)
    if start_from is not None:
        shutil.copyfile(start_from, tmp)
    else:
        os.unlink(tmp)  # duckdb creates the file itself
    try:
        con = _connect(tmp)
        try:
            yield con
            con.execute("CHECKPOINT")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        for p in (Path(tmp), Path(tmp + ".wal")):
            p.unlink(missing_ok=True)


def _files(out_dir: Path, table: str, parts: Iterable[str]) -> list[str]:
    return [str(part_path(out_dir, table, p)) for p in sorted(parts)]


def write_duckdb(out_dir: Path, parts: Iterable[str] | None = None) -> Path:
    """iku.duckdb from scratch: every table copied in (the file stands alone) and the VIEWS."""
    parts = sorted(parts) if parts is not None else [p.stem for p in part_files(out_dir, "documents")]
    with _duckdb_copy(out_dir, None) as con:
        for t in TABLES:
            con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_parquet(?)", [_files(out_dir, t, parts)])
        con.execute("CREATE TABLE corrections AS SELECT * FROM read_parquet(?)",
                    [str(out_dir / "corrections.parquet")])
        for name, sql in VIEWS.items():
            con.execute(f"CREATE VIEW {name} AS {sql}")
    return out_dir / "iku.duckdb"


def _update_duckdb(out_dir: Path, gone: set[str], changed: set[str], new_parts: list[str],
                   cmap: CanonicalMap, keys: set[Key]) -> Path:
    """iku.duckdb with the rows of the `gone` decrees deleted, those of `changed` inserted from the new parts,
    the canonical columns of `keys` updated and the corrections table replaced."""
    with _duckdb_copy(out_dir, out_dir / "iku.duckdb") as con:
        con.execute("BEGIN")
        # the new decrees too: a run killed after renaming iku.duckdb but before its commit inserted them
        con.register("gone_ids", pa.table({"doc_id": pa.array(sorted(gone | changed), pa.string())}))
        con.register("new_ids", pa.table({"doc_id": pa.array(sorted(changed), pa.string())}))
        for t in TABLES:
            con.execute(f"DELETE FROM {t} WHERE doc_id IN (SELECT doc_id FROM gone_ids)")
            if changed and new_parts:
                con.execute(f"INSERT INTO {t} BY NAME SELECT * FROM read_parquet(?) "
                            "WHERE doc_id IN (SELECT doc_id FROM new_ids)", [_files(out_dir, t, new_parts)])
        if keys:
            rows = [(k, m, *cmap[(k, m)]) for k, m in sorted(keys, key=str) if (k, m) in cmap]
            con.register("cmap", pa.table({n: pa.array([r[i] for r in rows], pa.string()) for i, n in
                                           enumerate(("key", "measure", "text", "id"))}))
            con.execute("UPDATE indicators SET canonical_text = cmap.text, canonical_id = cmap.id FROM cmap "
                        "WHERE indicators.canonical_key = cmap.key "
                        "AND indicators.measure IS NOT DISTINCT FROM cmap.measure")
        con.execute("CREATE OR REPLACE TABLE corrections AS SELECT * FROM read_parquet(?)",
                    [str(out_dir / "corrections.parquet")])
        con.execute("COMMIT")
    return out_dir / "iku.duckdb"


# -------------------------------------------------------------------------------------------- update


@dataclass
class Update:
    """What an update did (the tests and the bench read it)."""
    full: bool = False
    analysed: list[str] = field(default_factory=list)  # decrees analysed again
    removed: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)  # parts written whole
    recanonicalised: list[str] = field(default_factory=list)  # parts whose indicators got new canonical ids

    wrote: bool = False  # anything at all (corrections.parquet included)


def _read_part(out_dir: Path, part: str, drop: set[str]) -> tuple[dict[str, pa.Table], list[str], list[Key]]:
    """A part's rows without those of the `drop` decrees; the decrees kept and the keys of the rows dropped."""
    tables, kept, dropped = {}, [], []
    for t in TABLES:
        table = pq.read_table(part_path(out_dir, t, part)).cast(SCHEMAS[t])
        gone = pc.is_in(table.column("doc_id"), value_set=pa.array(sorted(drop), pa.string()))
        if t == "indicators":
            dropped = _keys(table.filter(gone))
        tables[t] = table.filter(pc.invert(gone))
        if t == "documents":
            kept = tables[t].column("doc_id").to_pylist()
    return tables, kept, dropped


def _reset(out_dir: Path, fingerprint: str) -> Manifest:
    for t in TABLES:
        clear_dataset(out_dir, t)
    return Manifest(fingerprint)


def _analyse_changed(out_dir: Path, changed: list[str], log: list[dict], hashes: dict[str, str],
                     writer: _Parts, rules: AnalysisRules) -> dict[str, list]:
    """Analyse the changed decrees (their corrections applied) into the writer; their manifest entries."""
    by_doc = corrections.by_doc(log)
    entries: dict[str, list] = {}
    for s in changed:
        d = load_decree(out_dir / "json" / f"{s}.json")
        if d is not None:
            d = corrections.apply_to_outputs(out_dir, [d], log=by_doc.get(d.doc_id, []))[0]
            tables = decree_tables(d, rules)
            writer.m.counts.update(_keys(tables["indicators"]))
            writer.add(tables, [d.doc_id])
        st = (out_dir / "json" / f"{s}.json").stat()  # after the corrections, which may rewrite it
        entries[s] = [None, st.st_size, st.st_mtime_ns, hashes.get(s), d.doc_id if d else None]
    return entries


def _place(m: Manifest, writer: _Parts, rewrite: set[str], removed: list[str], entries: dict[str, list]) -> None:
    """The manifest's parts and decrees after the writer's last part: the rewritten parts replaced by the new."""
    writer.flush()
    for s in removed:
        m.docs.pop(s, None)
    for p in rewrite:
        m.parts.pop(p, None)
    if not m.parts and not writer.written:
        writer.flush(empty=True)  # no decree at all: the tables exist, empty, with their columns
    m.docs.update(entries)
    where = {doc: p for p, docs in writer.written.items() for doc in docs}
    for e in m.docs.values():  # the new decrees, and those of the rewritten parts: they moved
        if e[4] in where:
            e[0] = where[e[4]]
    m.parts.update({p: len(docs) for p, docs in writer.written.items()})


def update(out_dir: Path, fingerprint: str, full: bool = False, rules: AnalysisRules | None = None) -> Update:
    """Bring the tables in line with OUT/json and the corrections log (the caller holds the batch lock), with
    `rules` (the run's; None: the defaults). `fingerprint` names them, so other rules rebuild every table."""
    out_dir, rules = Path(out_dir), rules or AnalysisRules.load()
    m = None if full else _load_manifest(out_dir, fingerprint)
    res = Update(full=m is None)
    m = m or _reset(out_dir, fingerprint)
    files, log = _json_files(out_dir), corrections.read_log(out_dir)
    hashes = _log_hashes(log)
    current = {s: [*st, hashes.get(s)] for s, st in files.items()}
    changed = sorted(s for s, c in current.items() if s not in m.docs or m.docs[s][1:4] != c)
    removed = sorted(set(m.docs) - set(current))
    log_hash = hashlib.sha256(json.dumps(log, sort_keys=True).encode()).hexdigest()[:16]
    if not res.full and not changed and not removed and log_hash == m.log:
        return res
    m.log = log_hash
    gone = {m.docs[s][4] for s in changed + removed if s in m.docs and m.docs[s][4]}
    rewrite = {m.docs[s][0] for s in changed + removed if s in m.docs and m.docs[s][0]}
    small = sorted((n, p) for p, n in m.parts.items() if p not in rewrite and n < PART_DOCS)
    if changed and small:
        rewrite.add(small[0][1])  # the new decrees fill the smallest part rather than start one each batch
    old_map = dict(m.cmap)
    writer = _Parts(out_dir, m)
    for p in sorted(rewrite):
        tables, kept, dropped = _read_part(out_dir, p, gone)
        m.counts.subtract(Counter(dropped))
        if kept:
            writer.add(tables, kept)
    entries = _analyse_changed(out_dir, changed, log, hashes, writer, rules)
    _place(m, writer, rewrite, removed, entries)
    m.counts = Counter({k: n for k, n in m.counts.items() if n > 0})
    m.cmap = canonical_map(m.counts, rules)
    keys = {k for k in set(old_map) | set(m.cmap) if old_map.get(k) != m.cmap.get(k)}
    res.recanonicalised = _fix_canonical(out_dir, sorted(writer.written), m.cmap, None)
    if keys and not res.full:
        others = sorted(p for p in m.parts if p not in writer.written)
        res.recanonicalised += _fix_canonical(out_dir, others, m.cmap, keys)
    corrections.write_table(out_dir)
    if res.full or not (out_dir / "iku.duckdb").is_file():
        write_duckdb(out_dir, m.parts)
    else:
        try:
            _update_duckdb(out_dir, gone, {e[4] for e in entries.values() if e[4]}, sorted(writer.written),
                           m.cmap, keys)
        except duckdb.Error:  # a file another version wrote, or damaged: built again from the parts
            write_duckdb(out_dir, m.parts)
    atomic_write_bytes(out_dir / MANIFEST_NAME, m.dump())  # the commit
    for t in TABLES:
        for f in part_files(out_dir, t):
            if f.stem not in m.parts:
                f.unlink(missing_ok=True)  # parts rewritten under new names, or left by a killed run
    res.analysed, res.removed, res.written, res.wrote = changed, removed, sorted(writer.written), True
    return res


def write_analysis(decrees: list[Decree], out_dir: Path, rules: AnalysisRules | None = None) -> list[Path]:
    """Every table of the given decrees (corrections already applied) analysed with `rules` (None: the
    defaults), replacing any others; no manifest, so the folder's next update builds its tables again."""
    out_dir, rules = Path(out_dir), rules or AnalysisRules.load()
    (out_dir / MANIFEST_NAME).unlink(missing_ok=True)
    m = _reset(out_dir, "")
    writer = _Parts(out_dir, m)
    for d in sorted(decrees, key=lambda d: (d.doc_id, d.source_file)):
        tables = decree_tables(d, rules)
        m.counts.update(_keys(tables["indicators"]))
        writer.add(tables, [d.doc_id])
    writer.flush(empty=not writer.written and not writer.docs)
    m.cmap = canonical_map(m.counts, rules)
    _fix_canonical(out_dir, writer.written, m.cmap, None)
    corrections.write_table(out_dir)
    write_duckdb(out_dir, writer.written)
    return [*(dataset_dir(out_dir, t) for t in TABLES if t not in ("documents", "indicators", "targets")),
            out_dir / "iku.duckdb"]


__all__ = ["PART_DOCS", "TABLES", "Update", "decree_tables", "update", "write_analysis", "write_duckdb"]
