"""The folder tables are updated per document (iku.analysis.store): adding, re-extracting, correcting or removing a
few decrees rewrites only their parts, and the result equals a full rebuild of the same folder, in Parquet and
in iku.duckdb. A folder of 50 records (copies of the samples' records with distinct ids and names) and parts of
8 decrees, so that a change has parts to leave alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from iku.analysis import store
from iku.export import corrections
from iku.runtime.outputs import output_lock, update_tables

TABLES = [*store.TABLES, "corrections"]


@pytest.fixture(scope="module")
def records(batch_outputs: Path) -> list[dict]:
    return [json.loads(p.read_bytes()) for p in sorted((batch_outputs / "json").glob("*.json"))]


def _write(out: Path, records: list[dict], numbers: range, tag: str = "") -> None:
    (out / "json").mkdir(parents=True, exist_ok=True)
    for i in numbers:
        d = json.loads(json.dumps(records[i % len(records)]))
        d.update(doc_id=f"sim_{i:04d}", source_file=f"/nowhere/sim_{i:04d}.pdf", sha256=f"{i:064x}", corrections=[])
        # distinct content: the first indicator's name differs between copies (a new canonical key now and then)
        if d["indicators"]:
            d["indicators"][0]["indikator"] += f" {tag}{i % 5}"
        (out / "json" / f"sim_{i:04d}.json").write_text(json.dumps(d), encoding="utf-8")


def _update(out: Path, full: bool = False) -> store.Update:
    with output_lock(out):
        return update_tables(out, full=full)


def _rows(out: Path, table: str) -> list[str]:
    table = pq.read_table(out / f"{table}.parquet")
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in table.to_pylist())


def _db_rows(out: Path, table: str) -> list[str]:
    con = duckdb.connect(str(out / "iku.duckdb"), read_only=True)
    try:
        return sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
    finally:
        con.close()


def _assert_equals_full_rebuild(out: Path, tmp_path: Path) -> None:
    ref = tmp_path / "full"
    shutil.rmtree(ref, ignore_errors=True)
    shutil.copytree(out, ref)
    assert _update(ref, full=True).full
    for t in TABLES:
        assert _rows(out, t) == _rows(ref, t), t
        assert _db_rows(out, t) == _db_rows(ref, t), t


def _part_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for t in store.TABLES for p in store.part_files(out, t)}


@pytest.fixture
def folder(records: list[dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(store, "PART_DOCS", 8)
    out = tmp_path / "out"
    _write(out, records, range(50))
    res = _update(out)
    assert res.full and len(res.analysed) == 50
    return out


def test_adding_documents_rewrites_only_the_smallest_part(folder: Path, records: list[dict], tmp_path: Path):
    parts = json.loads((folder / ".tables.json").read_bytes())["parts"]
    assert len(parts) == 7 and sorted(parts.values()) == [2, 8, 8, 8, 8, 8, 8]  # 50 decrees in parts of 8
    smallest = min(parts, key=parts.get)
    before = _part_bytes(folder)
    _write(folder, records, range(50, 53))
    res = _update(folder)
    assert not res.full and res.analysed == ["sim_0050", "sim_0051", "sim_0052"]
    after = _part_bytes(folder)
    untouched = {k for k in before if not k.endswith(f"{smallest}.parquet")}
    # every other part is left as it was, unless a canonical text it carries changed
    changed = {k for k in untouched if after.get(k) != before[k]}
    assert changed <= {f"indicators.parquet/{p}.parquet" for p in res.recanonicalised}
    assert all(not k.endswith(f"{smallest}.parquet") for k in after)  # the smallest part was replaced
    assert len(res.written) == 1
    _assert_equals_full_rebuild(folder, tmp_path)


def test_successive_updates_follow_the_decrees_that_moved(folder: Path, records: list[dict], tmp_path: Path):
    """The decrees of a rewritten part move to a new part: a later update finds them there (re-extracting one of
    them, removing another)."""
    _write(folder, records, range(50, 53))
    _update(folder)
    _write(folder, records, range(53, 55))
    _update(folder)
    moved = json.loads((folder / ".tables.json").read_bytes())["docs"]
    assert moved["sim_0048"][0] == moved["sim_0054"][0]  # the first smallest part's decrees went along
    _write(folder, records, range(48, 49), tag="re")
    (folder / "json" / "sim_0049.json").unlink()
    res = _update(folder)
    assert res.analysed == ["sim_0048"] and res.removed == ["sim_0049"]
    docs = pq.read_table(folder / "documents.parquet").column("doc_id").to_pylist()
    assert len(docs) == len(set(docs)) == 54
    _assert_equals_full_rebuild(folder, tmp_path)


def test_nothing_changed_writes_nothing(folder: Path):
    before = _part_bytes(folder)
    res = _update(folder)
    assert not res.wrote and not res.analysed
    assert _part_bytes(folder) == before


def test_re_extracting_and_removing_documents(folder: Path, records: list[dict], tmp_path: Path):
    _write(folder, records, range(10, 12), tag="re")  # two records extracted again, with other content
    (folder / "json" / "sim_0030.json").unlink()  # one removed (`iku forget`)
    res = _update(folder)
    assert res.analysed == ["sim_0010", "sim_0011"] and res.removed == ["sim_0030"]
    docs = pq.read_table(folder / "documents.parquet").column("doc_id").to_pylist()
    assert len(docs) == 49 and "sim_0030" not in docs and len(set(docs)) == 49
    names = pq.read_table(folder / "indicators.parquet", filters=[("doc_id", "=", "sim_0010"), ("row", "=", 1)])
    assert names.column("indikator").to_pylist()[0].endswith(" re0")
    con = duckdb.connect(str(folder / "iku.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM documents WHERE doc_id = 'sim_0030'").fetchone() == (0,)
    con.close()
    _assert_equals_full_rebuild(folder, tmp_path)


def test_a_correction_reaches_the_tables_of_that_document_only(folder: Path, tmp_path: Path):
    corrections.correct(folder, "sim_0020", row=2, field="satuan", value="Orang", who="t")
    res = _update(folder)
    assert res.analysed == ["sim_0020"]
    row = pq.read_table(folder / "indicators.parquet", filters=[("doc_id", "=", "sim_0020"), ("row", "=", 2)])
    assert row.column("satuan").to_pylist() == ["Orang"] and row.column("corrected_fields").to_pylist() == [["satuan"]]
    assert len(pq.read_table(folder / "corrections.parquet")) == 1
    _assert_equals_full_rebuild(folder, tmp_path)


def test_a_log_entry_without_its_json_rewritten_is_applied(folder: Path, tmp_path: Path):
    """The corrections log is part of what a decree's rows depend on (a hand-appended line, a crash between the
    log and the JSON): its entries per document are hashed into the manifest."""
    target = corrections.current(folder, "sim_0007").targets[0]
    old = corrections.current(folder, "sim_0007").decree.indicators[0].satuan
    corrections.append_log(folder, {"id": "x1", "who": "t", "when": "2024-01-01T00:00:00+00:00",
                                    "doc_id": "sim_0007", "sha256": f"{7:064x}", "action": "set",
                                    "target": target, "field": "satuan", "old": old, "new": "Desa"})
    res = _update(folder)
    assert res.analysed == ["sim_0007"]
    row = pq.read_table(folder / "indicators.parquet", filters=[("doc_id", "=", "sim_0007"), ("row", "=", 1)])
    assert row.column("satuan").to_pylist() == ["Desa"]
    _assert_equals_full_rebuild(folder, tmp_path)


def _variant(records: list[dict]) -> tuple[dict, dict, str, str]:
    """A record, one of its rows (not the first, which the copies rename) and a misspelling of that row's name
    that canonical matching joins to it (one letter doubled in its longest word, same measure)."""
    from iku.analysis import canonical
    from iku.analysis.indicator_types import type_indicator

    for d in records:
        drop = (d.get("kecamatan") or "", d.get("kabupaten") or "")
        for row in d["indicators"][1:]:
            name = row["indikator"]
            word = max(name.split(), key=len)
            other = name.replace(word, word + word[-1], 1)
            a, b = canonical.normalise(name, drop), canonical.normalise(other, drop)
            if a != b and canonical.same_indicator(a, b) and \
                    type_indicator(name).measure == type_indicator(other).measure:
                return d, row, other, b
    raise AssertionError("no row of the samples has a joinable misspelling")


def test_a_new_spelling_that_renames_a_group_updates_the_parts_holding_it(folder: Path, records: list[dict],
                                                                           tmp_path: Path):
    """Canonical groups span the folder: when new decrees make another spelling of a group the most frequent, the
    rows of that group in parts the update does not otherwise touch get the new canonical text (DuckDB too)."""
    d, row, other, other_key = _variant(records)
    ind = pq.read_table(folder / "indicators.parquet").to_pylist()
    old = [r for r in ind if r["indikator"] == row["indikator"]]
    assert old and all(r["canonical_text"] != other_key for r in old)
    for i in range(len(old) + 5):  # the misspelling, now more frequent than the name
        new = dict(d, doc_id=f"new_{i:02d}", source_file=f"/nowhere/new_{i:02d}.pdf", sha256=f"{1000 + i:064x}",
                   indicators=[dict(row, indikator=other, row=1)], corrections=[])
        (folder / "json" / f"new_{i:02d}.json").write_text(json.dumps(new), encoding="utf-8")
    res = _update(folder)
    assert not res.full and len(res.analysed) == len(old) + 5
    assert set(res.recanonicalised) - set(res.written)  # parts the update did not otherwise rewrite
    ind = pq.read_table(folder / "indicators.parquet").to_pylist()
    assert {r["canonical_text"] for r in ind if r["indikator"] == row["indikator"]} == {other_key}
    _assert_equals_full_rebuild(folder, tmp_path)


def test_a_killed_update_is_redone_by_the_next(folder: Path, records: list[dict], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch):
    """Killed after writing its parts and iku.duckdb but before the manifest (the commit): the next update deletes
    the parts the manifest does not list and redoes the same decrees, DuckDB's rows included, without duplicates."""
    _write(folder, records, range(50, 54))

    def killed(*a, **k):
        raise KeyboardInterrupt

    real = store.atomic_write_bytes
    monkeypatch.setattr(store, "atomic_write_bytes", killed)
    with pytest.raises(KeyboardInterrupt):
        _update(folder)
    monkeypatch.setattr(store, "atomic_write_bytes", real)
    res = _update(folder)
    assert sorted(res.analysed) == ["sim_0050", "sim_0051", "sim_0052", "sim_0053"]
    docs = pq.read_table(folder / "documents.parquet").column("doc_id").to_pylist()
    assert len(docs) == len(set(docs)) == 54
    _assert_equals_full_rebuild(folder, tmp_path)


def test_an_older_folder_with_single_table_files_is_converted(folder: Path, tmp_path: Path):
    for t in store.TABLES:
        shutil.rmtree(folder / f"{t}.parquet")
        (folder / f"{t}.parquet").write_bytes(b"PAR1 from an older version")
    (folder / ".tables.json").unlink()
    res = _update(folder)
    assert res.full and len(pq.read_table(folder / "documents.parquet")) == 50
    _assert_equals_full_rebuild(folder, tmp_path)


def test_an_empty_folder_has_empty_tables(tmp_path: Path):
    out = tmp_path / "out"
    (out / "json").mkdir(parents=True)
    _update(out)
    for t in store.TABLES:
        assert pq.read_table(out / f"{t}.parquet").num_rows == 0
    assert _db_rows(out, "documents") == []
