"""User errors are one line and an exit status, never a traceback or a record; the summary says what happened."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline import __version__
from pipeline.batch import run_batch
from pipeline.cli import _partial_reason, app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "ciruas_2022.pdf"


def iku(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def one_line_error(res, code: int = 2) -> str:
    assert res.exit_code == code, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "Traceback" not in res.output, res.output
    return lines[0]


def _no_rows_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, "KEPUTUSAN CAMAT CIRUAS tentang sesuatu yang lain, tanpa tabel indikator")
    c.save()
    return path


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    src = tmp_path_factory.mktemp("src")
    shutil.copy(SAMPLE, src / SAMPLE.name)
    _no_rows_pdf(src / "surat_lain.pdf")
    out = tmp_path_factory.mktemp("out")
    res = iku("extract", src, "-o", out, "-q", "-j", "1")
    return out, res


def test_summary_counts_rows_partial_and_empty_documents_on_stdout(extracted) -> None:
    _, res = extracted
    assert res.exit_code == 0, res.output
    summary = res.stdout.strip().splitlines()[-1]
    assert summary.startswith("2 documents (2 extracted now), 34 rows, 0 failed, 0 partial, 1 with no rows"), summary
    per_doc = [ln for ln in res.stdout.splitlines() if ln.startswith("ok ")]
    assert len(per_doc) == 2  # -q: one line per document, on stdout for logs
    assert "documents:" in res.stderr and "documents:" not in res.stdout  # the plan is a diagnostic


def test_partial_line_gives_its_reason(tmp_path: Path) -> None:
    (tmp_path / "json").mkdir()
    (tmp_path / "json" / "x.json").write_text(json.dumps({"warnings": ["W301 page 3 not read: ocr failed"]}))
    assert _partial_reason(tmp_path, "x") == "W301 page 3 not read: ocr failed"


def test_missing_input_is_a_usage_error_not_a_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert "nope.pdf" in one_line_error(iku("extract", tmp_path / "nope.pdf", "-o", out))
    assert not (out / "json").exists()
    # --force is a flag: "true" is read as a path, and refused as one
    assert "true" in one_line_error(iku("extract", SAMPLE, "true", "--force", "-o", out))


def test_output_path_that_is_a_file(tmp_path: Path) -> None:
    f = tmp_path / "out.txt"
    f.write_text("x")
    assert "is a file" in one_line_error(iku("extract", SAMPLE, "-o", f))


def test_unreachable_scheduler_fails_fast(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    t0 = time.monotonic()
    assert "scheduler" in one_line_error(iku("extract", SAMPLE, "-o", tmp_path, "--scheduler", "tcp://127.0.0.1:9"))
    assert time.monotonic() - t0 < 30


@pytest.mark.parametrize("command", ["report", "analyse", "forget"])
def test_commands_refuse_a_folder_without_an_extraction(tmp_path: Path, command: str) -> None:
    typo = tmp_path / "outptus"
    args = [command, typo] + (["some_doc"] if command == "forget" else [])
    assert "no extraction" in one_line_error(iku(*args))
    assert not typo.exists()


def test_bad_rules_leave_outputs_untouched(extracted, tmp_path: Path) -> None:
    out, _ = extracted
    before = {p.name: p.read_bytes() for p in out.glob("*.parquet")}
    bad = tmp_path / "bad.toml"
    bad.write_text("[measure\nphrases = ")
    for rules in (tmp_path / "missing.toml", bad):
        for option in ("--rules", "--canonical-rules"):
            assert "rules" in one_line_error(iku("analyse", out, option, rules))
    assert {p.name: p.read_bytes() for p in out.glob("*.parquet")} == before


def test_forget_removes_a_record_and_its_rows(extracted, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    src, _ = extracted
    out = tmp_path / "copy"
    shutil.copytree(src, out)
    assert "nope" in one_line_error(iku("forget", out, "nope"))
    res = iku("forget", out, "surat_lain")
    assert res.exit_code == 0, res.output
    assert not (out / "json" / "surat_lain.json").exists()
    assert pq.read_table(out / "documents.parquet").column("doc_id").to_pylist() == ["ciruas_2022"]
    assert "surat_lain" not in json.loads((out / "index.json").read_text())["documents"]


def test_version_and_short_help() -> None:
    res = iku("--version")
    assert res.exit_code == 0 and res.stdout.strip() == __version__
    res = iku("extract", "-h")
    assert res.exit_code == 0
    assert "<bool>" not in res.stdout and "<list" not in res.stdout and "all cores" in res.stdout
    assert "targets.parquet" in res.stdout and "iku.duckdb" in res.stdout


def test_run_batch_takes_str_paths(extracted, tmp_path: Path) -> None:
    """The README's Python example, as written: str paths for the inputs and the output folder."""
    out = tmp_path / "out"
    result = run_batch([str(SAMPLE)], str(out), workers=1)
    assert [o.doc_id for o in result.documents] == ["ciruas_2022"]
    assert (out / "documents.parquet").exists()


def test_extraction_imports_neither_dask_nor_camelot_nor_pandas() -> None:
    """They are extras (dask, bench, review) or dev-only: the default install has none of them."""
    code = ("import sys, pipeline.cli, pipeline.run, pipeline.batch, analysis.outputs, analysis.report; "
            "print(sorted({'dask', 'distributed', 'camelot', 'pandas', 'starlette', 'uvicorn'} & set(sys.modules)))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert res.stdout.strip() == "[]"


def test_scheduler_without_dask_installed_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.batch import BatchError
    from pipeline.distributed import connect

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(BatchError, match=r"iku-extract\[dask\]"):
        connect("tcp://127.0.0.1:9")


def test_a_shadowing_module_is_named(tmp_path: Path) -> None:
    (tmp_path / "schemas.py").write_text("x = 1\n")
    res = subprocess.run([sys.executable, "-c", "import pipeline; pipeline.extract('x.pdf')"], capture_output=True,
                         text=True, cwd=tmp_path)
    assert res.returncode != 0 and f"imported from {tmp_path / 'schemas.py'}" in res.stderr, res.stderr


def test_a_failed_line_gives_the_error_code(tmp_path: Path) -> None:
    (tmp_path / "fake.pdf").write_text("<html>not a pdf</html>")
    res = iku("extract", tmp_path / "fake.pdf", "-o", tmp_path / "out", "-q")
    assert res.exit_code == 1
    assert [ln for ln in res.stdout.splitlines() if ln.startswith("failed ") and "E101" in ln and "fake" in ln]


def test_progress_bar_fits_80_columns() -> None:
    from rich.console import Console

    from pipeline.cli import progress_bar

    progress = progress_bar(Console(width=80))
    task = progress.add_task("extracting", total=1000, pages=12345, failed=12, rate="12.3 doc/s")
    progress.update(task, completed=999)
    con = Console(width=80, record=True, color_system=None)
    con.print(progress.make_tasks_table(progress.tasks))  # one frame, as the terminal shows it
    text = con.export_text()
    assert "999/1000" in text and "12345 pages 12 failed" in text and "12.3 doc/s" in text and "ETA" in text, text
    assert "…" not in text and len(text.strip().splitlines()) == 1, text
