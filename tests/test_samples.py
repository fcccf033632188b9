"""Extraction of the bundled sample decrees against their gold JSON (samples/gold)."""

import json
from pathlib import Path

import pytest
from conftest import SAMPLES
from goldcompare import compare_meta, compare_rows

from iku import extract
from iku.schemas import Decree

PDFS = sorted(SAMPLES.glob("*.pdf"))


@pytest.fixture(scope="module")
def extracted() -> dict[str, Decree]:
    return {p.stem: extract(p) for p in PDFS}


def _gold(stem: str) -> dict:
    return json.loads((SAMPLES / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


def test_every_sample_has_gold():
    assert len(PDFS) >= 3
    for p in PDFS:
        assert (SAMPLES / "gold" / f"{p.stem}.json").is_file(), p


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_indicator_rows_match_gold(extracted: dict[str, Decree], pdf: Path):
    cmp = compare_rows(_gold(pdf.stem), extracted[pdf.stem])
    assert cmp.f1 >= 0.95, (cmp.gold, cmp.pred, cmp.matched)
    for field in ("level", "jabatan", "sasaran", "indikator", "sumber_data", "satuan", "target"):
        if field in cmp.exact:
            assert cmp.exact[field] >= 0.95, (field, cmp.mismatches[:5])
    for field in ("formula", "formula_numerator", "formula_denominator", "penanggung_jawab"):
        if field in cmp.exact:
            assert cmp.exact[field] >= 0.9, (field, cmp.mismatches[:5])


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_metadata_matches_gold(extracted: dict[str, Decree], pdf: Path):
    ok = compare_meta(_gold(pdf.stem), extracted[pdf.stem])
    wrong = [k for k, v in ok.items() if not v]
    assert wrong == [], wrong


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_every_row_points_back_to_its_page(extracted: dict[str, Decree], pdf: Path):
    d = extracted[pdf.stem]
    assert d.status == "ok" and d.input_kind == "digital"
    for row in d.indicators:
        assert 1 <= row.page <= d.pages and row.bbox is not None and 0 < row.confidence <= 1
        assert row.cells["indikator"].page >= row.page
        x0, top, x1, bottom = row.bbox
        assert x0 < x1 and top < bottom


def test_cli_run_writes_the_output_contract(tmp_path: Path):
    import pandas as pd
    from typer.testing import CliRunner

    from iku.runtime.cli import app

    res = CliRunner().invoke(app, ["extract", str(PDFS[0]), "-o", str(tmp_path), "-q"])
    assert res.exit_code == 0, res.output
    docs = pd.read_parquet(tmp_path / "documents.parquet")
    inds = pd.read_parquet(tmp_path / "indicators.parquet")
    for col in ("doc_id", "source_file", "sha256", "pages", "input_kind", "document_type", "kecamatan", "kabupaten",
                "provinsi", "period_start", "period_end", "decree_number", "decree_date", "place", "signatory_name",
                "signatory_rank", "signatory_nip", "legal_basis", "status", "error"):
        assert col in docs.columns, col
    for col in ("doc_id", "source_file", "row", "level", "jabatan", "sasaran", "indikator", "definisi", "formula",
                "formula_raw", "formula_numerator", "formula_denominator", "formula_multiplier", "satuan", "target",
                "sumber_data", "sumber_data_raw", "penanggung_jawab", "page", "bbox", "confidence"):
        assert col in inds.columns, col
    assert len(inds) == len(json.loads((tmp_path / "json" / f"{PDFS[0].stem}.json").read_text())["indicators"])
