"""The project's own scorer on the development set (../shared/eval), when this machine has it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import shared_path

from iku.runtime.document import extract_batch


@pytest.fixture(scope="module")
def digital_report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    eval_dir = shared_path("eval")
    out = tmp_path_factory.mktemp("dev-digital")
    extract_batch([eval_dir / "pdf" / "digital"], out)
    res = subprocess.run([sys.executable, str(eval_dir / "score.py"), "--gold", str(eval_dir / "decrees"),
                          "--pred", f"digital={out}", "--json"], capture_output=True, text=True, check=True)
    return json.loads(res.stdout)["variants"]["digital"]


def test_digital_rows(digital_report: dict):
    assert digital_report["rows"]["f1"] >= 0.98


def test_digital_fields(digital_report: dict):
    f = digital_report["fields"]
    for name in ("sasaran", "indikator", "sumber_data"):
        assert f[name]["exact"] >= 0.97, name
    for name in ("formula", "formula_numerator", "formula_denominator"):
        assert f[name]["exact"] >= 0.95, name


def test_digital_metadata(digital_report: dict):
    assert digital_report["meta_mean_exact"] >= 0.95


def test_real_decrees_do_not_break_the_pipeline(tmp_path: Path):
    real = shared_path("real")
    from iku import extract

    kode_etik = next(real.rglob("keputusan_camat_makale_01*.pdf"))
    d = extract(kode_etik)
    # a Keputusan Camat on another subject: its metadata, and no indicators
    assert d.status == "ok" and d.indicators == []
    assert (d.kecamatan, d.kabupaten, d.provinsi) == ("Makale", "Tana Toraja", "Sulawesi Selatan")
    assert d.decree_number == "01/KODE-ETIK/I/2026" and d.decree_date_iso == "2026-01-12"
    booklet = next(real.rglob("standar_pelayanan_2026_*.pdf"))
    d = extract(booklet)
    # the decree sits on pp. 8-10 of a 34-page booklet
    assert d.decree_number == "03/SK-KM/I/2026" and d.signatory.nip == "197208312007011011"
    assert len(d.legal_basis) == 7
