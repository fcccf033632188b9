"""Extraction of the bundled sample decrees against their gold JSON (samples/gold) and their reviewed golden
snapshots (tests/golden, compared exactly; known failures are strict xfails: tests/snapshots.py)."""

import json
from pathlib import Path

import pytest
import snapshots
from conftest import SAMPLES
from goldcompare import compare_meta, gold_rows, norm

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
def test_rows_and_metadata_match_the_snapshot(extracted: dict[str, Decree], pdf: Path):
    """Every indicator row and metadata field exactly as tests/golden/<sample>.json has it, but the known failures."""
    snapshots.check(pdf.stem, snapshots.snapshot(extracted[pdf.stem]))


@pytest.mark.parametrize(("sample", "path"), snapshots.known_params("digital"))
def test_known_failure(extracted: dict[str, Decree], sample: str, path: str):
    assert snapshots.get(snapshots.snapshot(extracted[sample]), path) == snapshots.get(snapshots.load(sample), path)


@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_the_snapshot_is_the_gold(pdf: Path):
    """The reviewed snapshot says what the content file (hence the PDF) prints: every row field the gold states, under
    the scorer's normalisation (case, punctuation, "100 %"), and the legal basis and signatory to the letter."""
    gold, snap = _gold(pdf.stem), snapshots.load(pdf.stem)
    want = gold_rows(gold)
    assert len(snap["rows"]) == len(want)
    for i, (g, r) in enumerate(zip(want, snap["rows"], strict=True)):
        f = r["formula"] or {}
        got = {**r, "formula": f.get("text"), "formula_numerator": f.get("numerator"),
               "formula_denominator": f.get("denominator")}
        wrong = [k for k, v in g.items() if v is not None and norm(v) != norm(got[k])]
        assert wrong == [], (i, [(k, g[k], got[k]) for k in wrong])
    meta, sig = snap["meta"], gold["meta"]["signatory"]
    assert meta["legal_basis"] == gold["legal_basis"]
    assert (meta["signatory"]["name"], meta["signatory"]["nip_printed"], meta["signatory"]["rank"]) == (
        sig["name"], sig["nip"], sig["rank"])
    assert (meta["decree_date"] or meta["decree_date_partial"]) == gold["meta"]["decree_date"]


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
