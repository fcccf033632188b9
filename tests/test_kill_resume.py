"""SIGKILL a batch at any moment, run it again: the outputs are those of a run never interrupted."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_batch import json_without_timings, parquet_bytes

IKU = str(Path(sys.executable).parent / "iku")


@pytest.fixture(scope="module")
def corpus(sample_pdfs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for copy in range(2):  # different bytes (a comment after %%EOF), so no copy is a duplicate of another
        for pdf in sample_pdfs:
            (folder / f"{pdf.stem}_{copy}.pdf").write_bytes(pdf.read_bytes() + f"% copy {copy}\n".encode())
    return folder


def iku(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([IKU, "extract", str(corpus), "-o", str(out), "-q", "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def descendants(pid: int) -> set[int]:
    parent = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(stat.parent.name)] = int(fields[1])
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        kids = {c for c, pp in parent.items() if pp == p}
        todo += kids - found
        found |= kids
    return found


def alive(pids: set[int]) -> set[int]:
    return {p for p in pids if _state(p) not in (None, "Z")}


def _state(pid: int) -> str | None:
    """The process's state letter ("Z": a zombie), None once it is gone (it may go between two looks)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


def n_json(out: Path) -> int:
    return len(list((out / "json").glob("*.json"))) if (out / "json").is_dir() else 0


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reference")
    assert iku(corpus, out).wait(timeout=300) == 0
    return out


@pytest.mark.parametrize("moment", ["first_json", "half_json", "all_json"])
def test_sigkill_then_rerun_equals_uninterrupted_run(corpus: Path, reference: Path, tmp_path: Path, moment: str):
    total = len(list(corpus.glob("*.pdf")))
    wanted = {"first_json": 1, "half_json": total // 2, "all_json": total}[moment]
    out = tmp_path / "out"
    proc = iku(corpus, out)
    deadline = time.monotonic() + 300
    while n_json(out) < wanted and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    workers = descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if moment != "all_json":  # the last moment may come after the batch has ended: nothing to kill then
        assert proc.returncode == -signal.SIGKILL and n_json(out) < total
    # no worker outlives the coordinator for long (each watches it)
    deadline = time.monotonic() + 10
    while alive(workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(workers)

    assert iku(corpus, out).wait(timeout=300) == 0
    assert parquet_bytes(out) == parquet_bytes(reference)
    assert json_without_timings(out) == json_without_timings(reference)
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]

