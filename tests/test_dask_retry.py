"""On Dask, a document whose process died is tried once more before its failure stands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import SAMPLES
from distributed import Client, LocalCluster
from faults import extract_with_faults

from iku.runtime.batch import Limits, run_batch


def test_a_document_whose_worker_died_once_is_retried_and_read(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "ciruas_2022.pdf", folder / "crash_once.pdf")
    shutil.copy(SAMPLES / "ciruas_2022.pdf", folder / "crash_always.pdf")
    (folder / "crash_always.pdf").write_bytes((folder / "crash_always.pdf").read_bytes() + b"\n%")  # own content
    out = tmp_path / "out"
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        r = run_batch([folder], out, client=client, limits=Limits(timeout=60), extract_fn=extract_with_faults)
    by_id = {o.doc_id: o for o in r.outcomes}
    assert (folder / "crash_once.crashed").exists()  # it did die the first time
    assert by_id["crash_once"].status != "failed" and by_id["crash_once"].n_indicators > 0
    assert by_id["crash_always"].error_code == "E202"  # a second death is the file's: recorded failed
    assert json.loads((out / "json" / "crash_once.json").read_text())["status"] != "failed"
    assert len(r.outcomes) == 2
