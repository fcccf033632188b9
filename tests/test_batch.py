"""Batch runs: the same outputs whatever the number of workers or a Dask cluster; resume by content hash;
a crash, a hang or a memory blow-up costs one document."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
from distributed import Client, LocalCluster
from faults import extract_with_faults
from typer.testing import CliRunner

from iku.runtime.batch import Limits, run_batch
from iku.runtime.cli import app


@pytest.fixture(scope="module")
def dask_client():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def json_without_timings(out: Path) -> dict[str, dict]:
    docs = {}
    for p in sorted((out / "json").glob("*.json")):
        d = json.loads(p.read_text(encoding="utf-8"))
        d.pop("stages")  # wall times: the only field allowed to differ between runs
        docs[p.name] = d
    return docs


def parquet_bytes(out: Path) -> dict[str, bytes]:
    """The bytes of every part of the documents and indicators tables (each a folder of parts)."""
    return {f"{name}/{p.name}": p.read_bytes() for name in ("documents", "indicators")
            for p in sorted((out / f"{name}.parquet").glob("*.parquet"))}


def test_same_outputs_with_1_or_2_workers_and_on_dask(sample_pdfs: list[Path], tmp_path: Path, dask_client):
    runs = {
        "w1": run_batch(sample_pdfs, tmp_path / "w1", workers=1),
        "w2": run_batch(sample_pdfs, tmp_path / "w2", workers=2),
    }
    for r in runs.values():
        assert len(r.outcomes) == len(sample_pdfs) and not r.failed
    assert len({o.worker_pid for o in runs["w2"].outcomes}) == 2  # really two processes
    cli = CliRunner().invoke(app, ["extract", *map(str, sample_pdfs), "-o", str(tmp_path / "dask"), "-q",
                                   "--scheduler", dask_client.scheduler.address])
    assert cli.exit_code == 0, cli.output
    assert f"{len(sample_pdfs)} documents ({len(sample_pdfs)} extracted now)" in cli.output
    ref = parquet_bytes(tmp_path / "w1")
    assert len(pd.read_parquet(tmp_path / "w1" / "indicators.parquet")) > 50
    for name in ("w2", "dask"):
        assert parquet_bytes(tmp_path / name) == ref, name
        assert json_without_timings(tmp_path / name) == json_without_timings(tmp_path / "w1"), name


def test_rerun_skips_done_work_and_recognises_new_renamed_and_duplicate_files(sample_pdfs: list[Path],
                                                                             tmp_path: Path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    first, second, third = sample_pdfs[:3]
    shutil.copy(first, src / first.name)
    shutil.copy(second, src / second.name)
    r1 = run_batch([src], out, workers=2)
    assert sorted(o.doc_id for o in r1.outcomes) == sorted([first.stem, second.stem])

    r2 = run_batch([src], out, workers=2)
    assert r2.outcomes == [] and len(r2.plan.skipped) == 2  # nothing redone

    shutil.copy(third, src / third.name)  # new
    (src / second.name).rename(src / "renamed.pdf")  # renamed
    (src / "sub").mkdir()
    shutil.copy(first, src / "sub" / "copy.pdf")  # duplicate
    before = (out / "json" / f"{first.stem}.json").stat().st_mtime_ns
    r3 = run_batch([src], out, workers=2)
    assert [o.doc_id for o in r3.outcomes] == [third.stem]  # only the new file is extracted
    assert sorted(o.doc_id for o in r3.plan.skipped) == sorted([first.stem, second.stem])
    assert (out / "json" / f"{first.stem}.json").stat().st_mtime_ns == before
    index = json.loads((out / "index.json").read_text())["documents"]
    assert str(src / "renamed.pdf") in index[second.stem]["sources"]
    assert str(src / "sub" / "copy.pdf") in index[first.stem]["sources"]
    docs = pd.read_parquet(out / "documents.parquet")
    assert sorted(docs.doc_id) == sorted([first.stem, second.stem, third.stem])  # no duplicate rows
    inds = pd.read_parquet(out / "indicators.parquet")
    assert not inds.duplicated(["doc_id", "row"]).any()

    r4 = run_batch([src], out, workers=2, force=True)
    assert sorted(o.doc_id for o in r4.outcomes) == sorted([first.stem, second.stem, third.stem])
    assert (out / "json" / f"{first.stem}.json").stat().st_mtime_ns != before


def test_same_stem_in_two_folders_gets_two_stable_doc_ids(sample_pdfs: list[Path], tmp_path: Path):
    for folder, pdf in (("a", sample_pdfs[0]), ("b", sample_pdfs[1])):
        (tmp_path / folder).mkdir()
        shutil.copy(pdf, tmp_path / folder / "decree.pdf")
    r = run_batch([tmp_path / "a", tmp_path / "b"], tmp_path / "out", workers=2)
    ids = sorted(o.doc_id for o in r.outcomes)
    assert len(ids) == 2 and all(i.startswith("decree-") for i in ids)
    r2 = run_batch([tmp_path / "b", tmp_path / "a"], tmp_path / "out2", workers=1)
    assert sorted(o.doc_id for o in r2.outcomes) == ids  # the suffix comes from the content, not the order
    by_id = {o.doc_id: o.source_file for o in r.outcomes}
    assert sorted(by_id.values()) == [str(tmp_path / "a" / "decree.pdf"), str(tmp_path / "b" / "decree.pdf")]


def test_file_edited_in_place_replaces_its_record(sample_pdfs: list[Path], tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(sample_pdfs[0], src / "decree.pdf")
    run_batch([src], tmp_path / "out", workers=1)
    shutil.copy(sample_pdfs[1], src / "decree.pdf")  # a corrected version of the same file
    r = run_batch([src], tmp_path / "out", workers=1)
    assert [o.doc_id for o in r.outcomes] == ["decree"]
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert list(docs.doc_id) == ["decree"]
    assert docs.sha256[0] == r.outcomes[0].sha256  # the new content's record


def fault_corpus(sample_pdfs: list[Path], folder: Path) -> Path:
    folder.mkdir()
    for i, pdf in enumerate(sample_pdfs[:3]):
        shutil.copy(pdf, folder / f"good{i}.pdf")
    for name in ("crash", "hang", "oom"):  # a comment after %%EOF: same document, different bytes
        (folder / f"{name}.pdf").write_bytes(sample_pdfs[0].read_bytes() + f"% {name}\n".encode())
    return folder


EXPECTED_FAULTS = {"crash": "E202", "hang": "E201", "oom": "E203"}


def check_faults(result, timeout: float, elapsed: float) -> None:
    by_id = {o.doc_id: o for o in result.documents}
    assert sorted(by_id) == ["crash", "good0", "good1", "good2", "hang", "oom"]
    assert {k: by_id[k].error_code for k in EXPECTED_FAULTS} == EXPECTED_FAULTS
    assert all(by_id[f"good{i}"].status == "ok" for i in range(3)), [by_id[f"good{i}"] for i in range(3)]
    assert "SIGSEGV" in by_id["crash"].error and "--retry-failed" in by_id["crash"].error
    assert elapsed < timeout + 30  # the hung document was stopped at its limit


def test_crash_hang_and_memory_blow_up_cost_only_their_document(sample_pdfs: list[Path], tmp_path: Path):
    src = fault_corpus(sample_pdfs, tmp_path / "in")
    start = time.monotonic()
    r = run_batch([src], tmp_path / "out", workers=2, limits=Limits(timeout=6, max_memory_mb=1536),
                  extract_fn=extract_with_faults)
    check_faults(r, 6, time.monotonic() - start)
    failed = json.loads((tmp_path / "out" / "json" / "hang.json").read_text())
    assert failed["status"] == "failed" and failed["error_code"] == "E201" and "6 s" in failed["error"]
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert len(docs) == 6 and set(docs[docs.status == "failed"].doc_id) == set(EXPECTED_FAULTS)
    # a failure is a result: not redone on a re-run unless asked
    assert run_batch([src], tmp_path / "out", workers=2).outcomes == []
    again = run_batch([src], tmp_path / "out", workers=2, retry_failed=True, limits=Limits(timeout=6))
    assert sorted(o.doc_id for o in again.outcomes) == sorted(EXPECTED_FAULTS)


def test_same_isolation_on_dask(sample_pdfs: list[Path], tmp_path: Path, dask_client):
    src = fault_corpus(sample_pdfs, tmp_path / "in")
    start = time.monotonic()
    r = run_batch([src], tmp_path / "out", client=dask_client, limits=Limits(timeout=6, max_memory_mb=1536),
                  extract_fn=extract_with_faults)
    check_faults(r, 6, time.monotonic() - start)


def test_time_limit_grows_with_file_size_for_long_scans():
    from iku.runtime.plan import Job, Limits

    limits = Limits(timeout=300)
    assert limits.for_job(Job("small", "small.pdf", None, size=80_000)) == 300  # a digital decree: the base limit
    assert limits.for_job(Job("scan", "scan.pdf", None, size=25_000_000)) == 300 + 120 * 24  # ~150 scanned pages
    assert Limits(timeout=None).for_job(Job("scan", "scan.pdf", None, size=25_000_000)) is None
