"""Outputs an analyst can use as they are: real dates, numeric targets, plain integer widths, rounded boxes,
a complete JSON Schema and a DuckDB file that 1.x clients open."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from iku.analysis.store import write_analysis
from iku.core.numbers import parse_number, parse_target
from iku.export.parquet import write_parquet
from iku.schemas import Decree, Indicator
from iku.schemas.export import render


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("82,5", 82.5, None), ("1.250", 1250.0, None), ("10.400", 10400.0, None), ("82,5 %", 82.5, "%"),
    ("100%", 100.0, "%"), ("12 Dokumen", 12.0, "Dokumen"), (">= 80 persen", 80.0, "%"), ("0,75", 0.75, None),
    ("Rp 1.250.000", 1250000.0, "Rp"), ("3.5", 3.5, None),
    ("80 - 90", None, None), ("Baik", None, None), ("", None, None), (None, None, None),
])
def test_targets_read_with_indonesian_number_rules(text: str | None, value: float | None, unit: str | None) -> None:
    assert parse_target(text) == (value, unit)


def test_parse_number_rejects_what_is_not_a_number() -> None:
    assert parse_number("1,2,3.4") is None


def _decree(doc_id: str, date: str, **kw) -> Decree:
    rows = [Indicator(row=1, level="IKU", indikator="Nilai IKM", target="82,5 %", target_value=82.5, target_unit="%",
                      page=3, bbox=(40.123456, 90.987654, 560.0049, 110.5), confidence=1.0),
            Indicator(row=2, level="IKU", indikator="Persentase desa", target={"2023": "85", "2024": "1.250"},
                      page=3, confidence=1.0)]
    return Decree(pipeline_version="t", doc_id=doc_id, source_file=f"{doc_id}.pdf", decree_date=date,
                  decree_date_text=date, indicators=rows, **kw)


def test_a_day_less_date_is_null_with_its_partial_kept() -> None:
    d = _decree("a", "2022-01")
    assert d.decree_date is None and d.decree_date_partial == "2022-01" and d.decree_date_iso == "2022-01"
    full = _decree("b", "2023-01-16")
    assert full.decree_date == dt.date(2023, 1, 16) and full.decree_date_partial is None
    again = Decree.model_validate_json(full.model_dump_json())
    assert again.decree_date == dt.date(2023, 1, 16)
    assert json.loads(full.model_dump_json())["decree_date"] == "2023-01-16"


def test_bbox_rounded_to_hundredths() -> None:
    assert _decree("a", "2023-01-16").indicators[0].bbox == (40.12, 90.99, 560.0, 110.5)


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ready")
    decrees = [_decree("a", "2022-01"), _decree("b", "2023-01-16")]
    write_parquet(decrees, out)
    write_analysis(decrees, out)
    return out


def test_parquet_types(tables: Path) -> None:
    docs = pq.read_table(tables / "documents.parquet")
    assert docs.schema.field("decree_date").type == pa.date32()
    assert docs.column("decree_date").to_pylist() == [None, dt.date(2023, 1, 16)]
    assert docs.column("decree_date_partial").to_pylist() == ["2022-01", None]
    assert docs.schema.field("n_indicators").type == pa.int64()
    inds = pq.read_table(tables / "indicators.parquet")
    assert inds.schema.field("target").type == pa.string() and inds.schema.field("target_value").type == pa.float64()
    assert inds.column("target_value").to_pylist()[:2] == [82.5, None]
    targets = pq.read_table(tables / "targets.parquet").to_pylist()
    assert [(t["doc_id"], t["row"], t["year"], t["value"], t["unit"]) for t in targets if t["doc_id"] == "b"] == [
        ("b", 1, None, 82.5, "%"), ("b", 2, 2023, 85.0, None), ("b", 2, 2024, 1250.0, None)]


def test_dates_cast_in_duckdb_and_polars(tables: Path) -> None:
    con = duckdb.connect()
    got = con.execute("SELECT CAST(decree_date AS DATE) FROM read_parquet(?) ORDER BY doc_id",
                      [str(tables / "documents.parquet")]).fetchall()
    assert got == [(None,), (dt.date(2023, 1, 16),)]
    import polars as pl  # a dev dependency: the check must run, not skip

    frame = pl.read_parquet(tables / "documents.parquet").sort("doc_id")
    assert frame.schema["decree_date"] == pl.Date
    assert frame["decree_date"].to_list() == [None, dt.date(2023, 1, 16)]
    assert frame["decree_date_partial"].to_list()[0] is not None  # the day-less date keeps its month


def test_duckdb_file_opens_in_duckdb_1x(tables: Path) -> None:
    # the storage version number sits after the "DUCK" magic; DuckDB 1.0 .. 1.5 read 64 .. 68
    head = (tables / "iku.duckdb").read_bytes()[:24]
    assert head[8:12] == b"DUCK"
    assert 64 <= int.from_bytes(head[12:20], "little") <= 68
    con = duckdb.connect(str(tables / "iku.duckdb"), read_only=True)
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                             "WHERE table_name = 'quality_by_kabupaten'").fetchall())
    assert types["n_indicators"] == "BIGINT"
    assert con.execute("SELECT count(*) FROM targets").fetchone() == (6,)


def test_json_schema_is_complete() -> None:
    schema = json.loads(render("decree"))
    assert schema["$schema"].startswith("https://json-schema.org/") and schema["$id"]
    props = schema["properties"]
    assert [n for n, p in props.items() if not p.get("description")] == []
    date_field = props["decree_date"]
    assert {"type": "string", "format": "date"} in date_field["anyOf"]
    assert "target_value" in schema["$defs"]["Indicator"]["properties"]


def test_excel_numbers_follow_the_same_rules() -> None:
    from iku.export.xlsx import _number

    assert [_number(x) for x in ("1.250", "12,5", "85", "3.5", "Baik")] == [1250, 12.5, 85, 3.5, None]
