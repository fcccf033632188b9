"""The resume key moves with the pipeline: content hash + version + a fingerprint of code and resource data.
`iku status` says what is done, stale and failed; outputs are readable by others."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

import iku.runtime.outputs as outputs
import iku.runtime.plan as plan_module
from iku import build_id, source_fingerprint
from iku.core.files import atomic_write_bytes, write_json
from iku.runtime.batch import plan_batch, rebuild_parquet, reconcile_index
from iku.runtime.cli import app
from iku.schemas import Decree
from iku.stages.ingest import sha256_of


def _record(pdf: Path, out: Path, version: str, **kw) -> None:
    write_json(Decree(pipeline_version=version, doc_id=pdf.stem, source_file=str(pdf), sha256=sha256_of(pdf),
                      **kw), out)


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    out = []
    for name in ("a", "b", "c"):
        p = folder / f"{name}.pdf"
        p.write_bytes(b"%PDF-1.4\n% " + name.encode() * 40)
        out.append(p)
    return out


def test_fingerprint_moves_with_code_and_resource_data(tmp_path: Path):
    root = tmp_path / "src"
    for package in ("pipeline", "schemas"):
        shutil.copytree(ROOT / package, root / package, ignore=shutil.ignore_patterns("__pycache__"))
    before = source_fingerprint("pipeline", "schemas", root=root)
    assert source_fingerprint("pipeline", "schemas", root=root) == before  # unchanged install: same key
    vocab = root / "pipeline" / "resources" / "data" / "domain_words.txt"
    vocab.write_text(vocab.read_text() + "\nkinerjaku\n")
    after_vocab = source_fingerprint("pipeline", "schemas", root=root)
    assert after_vocab != before
    rows = root / "pipeline" / "stages" / "rows.py"
    rows.write_text(rows.read_text() + "\n# changed\n")
    assert source_fingerprint("pipeline", "schemas", root=root) != after_vocab
    assert build_id().startswith("0.2.0+")


def test_records_of_another_build_are_extracted_again(inputs: list[Path], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "out"
    a, b, _ = inputs
    _record(a, out, build_id())
    _record(b, out, "0.1.0")  # what every record said before the key moved
    plan = plan_batch([a.parent], out)
    assert [o.doc_id for o in plan.skipped] == ["a"]
    assert sorted(j.doc_id for j in plan.jobs) == ["b", "c"]
    # a new build (a rules file edited, an upgrade): everything is redone
    monkeypatch.setattr(plan_module, "build_id", lambda: "0.2.0+0123456789ab")
    assert sorted(j.doc_id for j in plan_batch([a.parent], out).jobs) == ["a", "b", "c"]


def test_analysis_rules_redo_the_analysis_layer_without_re_extracting(inputs: list[Path], tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "out"
    _record(inputs[0], out, build_id())
    index = reconcile_index(out)
    assert rebuild_parquet(out, index)
    assert not rebuild_parquet(out, index)  # nothing changed
    monkeypatch.setattr(outputs, "source_fingerprint", lambda *p, **k: "another-rule")
    assert rebuild_parquet(out, index)


def test_status_reports_done_stale_and_failed(inputs: list[Path], tmp_path: Path):
    out = tmp_path / "out"
    a, b, c = inputs
    _record(a, out, build_id(), status="partial")
    _record(b, out, "0.1.0")
    _record(c, out, build_id(), status="failed", error_code="E103", error="corrupt_pdf: c.pdf: damaged")
    result = CliRunner().invoke(app, ["status", str(out)])
    assert result.exit_code == 0, result.output
    assert "3 documents" in result.output and "1 done (1 partial), 1 stale, 1 failed" in result.output
    assert "stale   b  made by 0.1.0" in result.output
    assert "failed  c  E103  corrupt_pdf: c.pdf: damaged" in result.output


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_outputs_get_the_mode_the_umask_gives(tmp_path: Path, umask: int, mode: int):
    old = os.umask(umask)
    try:
        atomic_write_bytes(tmp_path / "x.json", b"{}")
        normal = tmp_path / "normal.txt"
        normal.write_text("")  # what any other program writing a file would get
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "x.json").stat().st_mode) == mode == stat.S_IMODE(normal.stat().st_mode)
