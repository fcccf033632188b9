"""Bad input gets a clear error on its own record, or a correct result; the batch goes on within its
limits; nothing is half-written."""

import time
from pathlib import Path

import pandas as pd
import pytest
from badpdfs import write_long, write_suite
from typer.testing import CliRunner

from iku import extract
from iku.runtime.batch import Limits, run_batch
from iku.runtime.cli import app

EXPECTED = {
    "empty": "E102", "html": "E101", "jpeg": "E101", "zip": "E101", "truncated": "E103",
    "garbage_body": "E103", "user_password": "E104", "zero_pages": "E105",
}
# odd but readable: the decree's heading must come out as from a clean file. xref_loop (the trailer's /Prev
# points at its own xref) makes pdfminer give up; qpdf rebuilds it and the copy is read.
READABLE = ["good", "owner_password_only", "corrupt_xref", "page_tree_loop", "huge_image", "javascript_attachment",
            "xref_loop"]


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


@pytest.mark.parametrize("name", READABLE)
def test_odd_but_readable_file_is_read(suite: dict[str, Path], name: str):
    d = extract(suite[name])
    assert d.status != "failed", d.error
    assert d.kecamatan == "Ciruas" and d.decree_number == "900/001/Kec-Ciruas/2022"
    assert d.kabupaten == "Serang"


def test_zero_pages_is_not_mistaken_for_encrypted_after_an_encrypted_file(suite: dict[str, Path]):
    # pdfium keeps the last error of the thread: the order of files in a worker must not change the verdict
    assert extract(suite["user_password"]).error_code == "E104"
    assert extract(suite["zero_pages"]).error_code == "E105"


def test_500_pages_read_within_limits(tmp_path: Path):
    pdf = write_long(tmp_path / "in", 500)
    start = time.monotonic()
    r = run_batch([pdf], tmp_path / "out", workers=1, limits=Limits(timeout=120, max_memory_mb=2048))
    [o] = r.outcomes
    assert o.status != "failed", o.error
    assert o.pages == 500 and time.monotonic() - start < 120
    d = pd.read_parquet(tmp_path / "out" / "documents.parquet").iloc[0]
    assert d.kecamatan == "Ciruas" and d.pages == 500


def test_whole_suite_in_a_pool_finishes_within_limits(suite: dict[str, Path], tmp_path: Path):
    r = run_batch([next(iter(suite.values())).parent], tmp_path / "out", workers=2,
                  limits=Limits(timeout=60, max_memory_mb=2048))
    by_id = {o.doc_id: o for o in r.documents}
    assert sorted(by_id) == sorted(suite)
    assert {k: o.error_code for k, o in by_id.items() if o.failed} == EXPECTED  # no timeout, crash or OOM


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


def test_missing_or_unreadable_path_is_the_documents_error_not_a_bug(tmp_path: Path):
    for path in (tmp_path / "moved-away.pdf", tmp_path):
        d = extract(path)
        assert d.status == "failed" and d.error_code == "E106", d.error
        assert "check the path" in d.error
