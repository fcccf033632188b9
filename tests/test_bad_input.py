"""Bad input gets a clear error on its own record; the batch goes on; nothing is half-written."""

from pathlib import Path

import pandas as pd
import pytest
from badpdfs import write_suite
from typer.testing import CliRunner

from pipeline import extract
from pipeline.cli import app

EXPECTED = {
    "empty": "E102", "html": "E101", "jpeg": "E101", "zip": "E101", "truncated": "E103",
    "garbage_body": "E103", "user_password": "E104",
}


@pytest.fixture(scope="module")
def suite(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_suite(tmp_path_factory.mktemp("bad"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gets_failed_record_with_category(suite: dict[str, Path], name: str):
    d = extract(suite[name])
    assert d.status == "failed"
    assert d.error_code == EXPECTED[name]
    assert name in d.error and len(d.error) > 30  # names the file and says what to do
    assert d.indicators == []


def test_owner_password_only_is_still_read(suite: dict[str, Path]):
    d = extract(suite["owner_password_only"])
    assert d.status != "failed"
    assert d.kecamatan == "Ciruas" and d.decree_number == "900/001/Kec-Ciruas/2022"


def test_batch_goes_on_and_writes_every_record(suite: dict[str, Path], tmp_path: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(next(iter(suite.values())).parent), "-o", str(out), "-q"])
    assert result.exit_code == 1  # some documents failed
    docs = pd.read_parquet(out / "documents.parquet")
    assert sorted(docs.doc_id) == sorted(suite)
    failed = set(docs[docs.status == "failed"].doc_id)
    assert failed == set(EXPECTED)
    assert docs.set_index("doc_id").loc["good", "kecamatan"] == "Ciruas"
    assert sorted(p.stem for p in (out / "json").glob("*.json")) == sorted(suite)
    assert not list(out.rglob("*.tmp")), "no temporary files may be left behind"
