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

from iku import __version__
from iku.runtime.batch import run_batch
from iku.runtime.cli import _partial_reason, app

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
    assert _partial_reason(tmp_path, "x") == "W301 page 3 not read: ocr failed"  # a record of an older build
    (tmp_path / "json" / "y.json").write_text(json.dumps({"warnings": [
        {"code": "W302", "message": "tesseract is not installed", "page": None, "stage": "text"}]}))
    assert _partial_reason(tmp_path, "y") == "W302 tesseract is not installed"


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
    before = {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.parquet") if p.is_file()}
    bad = tmp_path / "bad.toml"
    bad.write_text("[measure\nphrases = ")
    for rules in (tmp_path / "missing.toml", bad):
        for option in ("--rules", "--canonical-rules", "--flag-rules"):
            assert "rules" in one_line_error(iku("analyse", out, option, rules))
    assert {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.parquet") if p.is_file()} == before


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
    code = ("import sys, iku.runtime.cli, iku.runtime.document, iku.runtime.batch, iku.analysis.outputs, "
            "iku.analysis.report; "
            "print(sorted({'dask', 'distributed', 'camelot', 'pandas', 'starlette', 'uvicorn'} & set(sys.modules)))")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert res.stdout.strip() == "[]"


def test_scheduler_without_dask_installed_says_which_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    from iku.runtime.batch import BatchError
    from iku.runtime.distributed import connect

    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(BatchError, match=r"iku-extract\[dask\]"):
        connect("tcp://127.0.0.1:9")


def test_files_named_like_the_folders_do_not_shadow_the_api(tmp_path: Path) -> None:
    """The import name is `iku`: a notebook folder's pipeline.py, schemas.py or analysis.py changes nothing."""
    for name in ("pipeline", "schemas", "analysis"):
        (tmp_path / f"{name}.py").write_text("raise ImportError('the wrong module was imported')\n")
    res = subprocess.run([sys.executable, "-c", "import iku; print(iku.extract('x.pdf').error_code)"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().startswith("E1"), res.stdout  # a missing file is that document's error


def test_a_failed_line_gives_the_error_code(tmp_path: Path) -> None:
    (tmp_path / "fake.pdf").write_text("<html>not a pdf</html>")
    res = iku("extract", tmp_path / "fake.pdf", "-o", tmp_path / "out", "-q")
    assert res.exit_code == 1
    assert [ln for ln in res.stdout.splitlines() if ln.startswith("failed ") and "E101" in ln and "fake" in ln]


def test_progress_bar_fits_80_columns() -> None:
    from rich.console import Console

    from iku.runtime.cli import progress_bar

    progress = progress_bar(Console(width=80))
    task = progress.add_task("extracting", total=1000, pages=12345, failed=12, rate="12.3 doc/s")
    progress.update(task, completed=999)
    con = Console(width=80, record=True, color_system=None)
    con.print(progress.make_tasks_table(progress.tasks))  # one frame, as the terminal shows it
    text = con.export_text()
    assert "999/1000" in text and "12345 pages 12 failed" in text and "12.3 doc/s" in text and "ETA" in text, text
    assert "…" not in text and len(text.strip().splitlines()) == 1, text


def test_cli_starts_where_linux_only_modules_are_missing(tmp_path: Path) -> None:
    """fcntl, resource and sched_getaffinity are Linux's: no module imports them at import time except behind
    iku.core.portable, and without them (as on Windows) the output lock, the worker count and `iku version`
    work."""
    import ast

    linux_only = {"fcntl", "resource"}
    for f in (ROOT / "pipeline").rglob("*.py"):
        if f.name == "portable.py":
            continue
        for node in ast.parse(f.read_text()).body:  # module level only: a lazy import inside a function is fine
            names = {a.name for a in node.names} if isinstance(node, ast.Import) else (
                {node.module} if isinstance(node, ast.ImportFrom) else set())
            assert not names & linux_only, f"{f} imports {names & linux_only} at import time"
    code = ("import os, sys, types\n"
            "import iku.core.portable as portable, iku.runtime.cli\n"  # the standard library itself needs resource
            "portable.fcntl = None; sys.modules['resource'] = None; os.__dict__.pop('sched_getaffinity', None)\n"
            "calls = []\n"  # Windows' msvcrt, as far as the lock uses it
            "sys.modules['msvcrt'] = types.SimpleNamespace(LK_LOCK=1, LK_NBLCK=2, locking=lambda *a: calls.append(a))\n"
            "from pathlib import Path\n"
            "from iku.runtime.outputs import output_lock\n"
            "from iku.runtime.workers import default_workers, init_worker\n"
            f"with output_lock(Path({str(tmp_path / 'out')!r})): pass\n"
            "assert calls and calls[0][1] == 2\n"  # the batch lock does not wait
            "assert default_workers() >= 1\n"
            "init_worker(1024, None)\n"  # no RLIMIT_AS there: no limit, no crash
            "from iku.runtime.cli import app\n"
            "app(['version'])\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0 and res.stdout.strip(), res.stderr
