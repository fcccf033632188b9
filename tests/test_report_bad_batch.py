"""Tried as a new user would: a batch holding bad files, then `iku analyse` and `iku report`."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SAMPLES
from mutations import truncate
from typer.testing import CliRunner

from iku.runtime.cli import app


def test_report_and_analyse_survive_failed_documents_and_show_their_errors(tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "ciruas_2022.pdf", folder)
    (folder / "page.pdf").write_bytes(b"<!DOCTYPE html><html><body>404 Not Found</body></html>")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "cut.pdf").write_bytes(truncate((SAMPLES / "merakurak_2021.pdf").read_bytes(), 0.02))
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(folder), "-o", str(out), "-q", "-j", "1"]).exit_code == 1
    for command in ("analyse", "report"):
        result = runner.invoke(app, [command, str(out)])
        assert result.exit_code == 0, (command, result.output, result.exception)
    html = (out / "report.html").read_text(encoding="utf-8")
    for doc_id, code in (("page", "E101"), ("empty", "E102"), ("cut", "E103")):
        section = html[html.index(f'id="doc-{doc_id}"'):]
        section = section[:section.index("</section>")]
        assert code in section and f"{doc_id}.pdf" in section, doc_id
    assert 'id="doc-ciruas_2022"' in html
