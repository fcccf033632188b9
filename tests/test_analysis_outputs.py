"""The analysis outputs of `make run` on the samples: Parquet tables, iku.duckdb, and README's SQL as written."""

import re
from pathlib import Path

import duckdb
import pandas as pd
from conftest import ROOT

from iku.analysis.outputs import TABLES, VIEWS


def test_analysis_tables_are_written(batch_outputs: Path):
    names = {p.name for p in batch_outputs.iterdir()}
    for name in ("flags", "legal_basis", "positions", "quality", "documents", "indicators"):
        assert f"{name}.parquet" in names
    assert "iku.duckdb" in names and "report.html" in names
    assert not [n for n in names if n.endswith(".tmp") or n.endswith(".wal")]  # nothing half-written left


def test_indicators_carry_canonical_ids_and_formula_parts(batch_outputs: Path):
    ind = pd.read_parquet(batch_outputs / "indicators.parquet")
    assert ind["canonical_id"].str.match(r"^ind_[0-9a-f]{10}$").all()
    # Camplong's "/ 14 desa": a constant with the denominator role, and a flag on the same row
    fixed = ind[ind["formula_constants"].apply(lambda c: any("(denominator)" in x for x in c))]
    assert len(fixed) and fixed["formula_denominator"].str.contains(r"^14 desa$", case=False).all()
    assert fixed["flag_codes"].apply(lambda c: "HARDCODED_DENOMINATOR" in c).all()
    # the same IKM indicator in several decrees shares one canonical id
    ikm = ind[ind["canonical_text"] == "ikm"]
    assert ikm["doc_id"].nunique() >= 2 and ikm["canonical_id"].nunique() == 1
    assert set(ind["formula_kind"].dropna()) >= {"ratio", "count", "score", "difference"}
    assert ind["quality_score"].between(0, 100).all()


def test_flags_legal_basis_positions(batch_outputs: Path):
    flags = pd.read_parquet(batch_outputs / "flags.parquet")
    assert flags["page"].notna().all() and flags["message"].str.len().gt(10).all()
    legal = pd.read_parquet(batch_outputs / "legal_basis.parquet")
    uu32 = legal[(legal["type"] == "UU") & (legal["number_key"] == 32) & (legal["year"] == 2004)]
    assert len(uu32) and uu32["repealed"].all()
    assert set(flags[flags["code"] == "LEGAL_REPEALED"]["doc_id"]) >= set(uu32["doc_id"])
    positions = pd.read_parquet(batch_outputs / "positions.parquet")
    assert len(positions) and positions["jabatan"].notna().all()


def test_duckdb_has_every_table_and_view(batch_outputs: Path):
    con = duckdb.connect(str(batch_outputs / "iku.duckdb"), read_only=True)
    for name in (*TABLES, *VIEWS):
        con.execute(f"SELECT count(*) FROM {name}").fetchone()
    n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert con.execute("SELECT sum(n_documents) FROM quality_by_kabupaten").fetchone()[0] == n_docs


def _readme_sql() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### DuckDB"):]
    section = section[:section.index("\n## ")] if "\n## " in section else section  # that section's queries only
    return re.findall(r"```sql\n(.*?)```", section, re.S)


def test_readme_queries_run_as_written(batch_outputs: Path):
    blocks = _readme_sql()
    assert len(blocks) >= 5
    con = duckdb.connect(str(batch_outputs / "iku.duckdb"), read_only=True)
    for block in blocks:
        for stmt in block.split(";"):
            if not "\n".join(ln for ln in stmt.splitlines() if not ln.strip().startswith("--")).strip():
                continue
            rows = con.execute(stmt).fetchall()
            assert rows, stmt  # every README query has an answer on the samples
