"""Corrections are data: logged, applied to every output, re-applied after a re-extraction, never dropped."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from iku.export import corrections
from iku.export.corrections import CorrectionError, apply, correct, read_log, status
from iku.runtime.batch import run_batch
from iku.runtime.cli import app
from iku.schemas import Decree

DOC = "camplong_2021"
FIXED = "Prosentase penyelesaian pelayanan perijinan tepat waktu"


@pytest.fixture()
def out(camplong_outputs: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "outputs"
    shutil.copytree(camplong_outputs, dst)
    return dst


def _decree(out: Path) -> Decree:
    return Decree.model_validate_json((out / "json" / f"{DOC}.json").read_text(encoding="utf-8"))


def _row(out: Path, text: str) -> int:
    return next(i.row for i in _decree(out).indicators if i.indikator == text)


def test_correct_force_export_keep_corrections(out: Path):
    runner = CliRunner()
    typo = "Prosentase penyelesaian pelayanan perijinan teat waktu"
    row = _row(out, typo)
    n_rows = len(_decree(out).indicators)
    res = runner.invoke(app, ["correct", str(out), "--doc", DOC, "--row", str(row), "--field", "indikator",
                              "--value", FIXED, "--who", "tester"])
    assert res.exit_code == 0, res.output
    assert runner.invoke(app, ["correct", str(out), "--doc", DOC, "--row", "1", "--delete"]).exit_code == 0
    assert runner.invoke(app, ["correct", str(out), "--doc", DOC, "--field", "place", "--value", "Camplong"]
                         ).exit_code == 0
    assert runner.invoke(app, ["export", str(out), "--xlsx"]).exit_code == 0
    log = read_log(out)
    assert [e["action"] for e in log] == ["set", "delete", "set"]
    assert log[0]["who"] == "tester" and log[0]["old"] == typo and log[0]["sha256"] == _decree(out).sha256
    assert log[0]["target"]["indikator"] == typo  # named by what it was extracted as, not by its row alone

    # re-extraction: the worker writes the raw extraction again; the rebuild re-applies the log
    run_batch([SAMPLES / f"{DOC}.pdf"], out, workers=1, force=True)
    d = _decree(out)
    assert len(d.indicators) == n_rows - 1 and d.place == "Camplong"
    assert [c.field for c in d.corrections if c.action == "set"] == ["indikator", "place"]
    assert next(c for c in d.corrections if c.field == "indikator").original == typo
    ind = pd.read_parquet(out / "indicators.parquet")
    hit = ind[ind.indikator == FIXED]
    assert len(hit) == 1 and list(hit.iloc[0].corrected_fields) == ["indikator"]
    assert typo not in set(ind.indikator) and len(ind) == n_rows - 1
    docs = pd.read_parquet(out / "documents.parquet")
    assert docs.iloc[0].place == "Camplong" and list(docs.iloc[0].corrected_fields) == ["place"]
    con = duckdb.connect(str(out / "iku.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM indicators WHERE indikator = ?", [FIXED]).fetchone()[0] == 1
    # the extracted value stays queryable
    assert con.execute("SELECT old FROM corrections WHERE field = 'indikator' AND applied").fetchone()[0] == typo
    import openpyxl

    ws = openpyxl.load_workbook(out / "iku.xlsx")["indicators"]
    col = [c.value for c in ws[1]].index("indikator")
    cells = [r[col] for r in ws.iter_rows(min_row=2) if r[col].value == FIXED]
    assert len(cells) == 1 and "teat waktu" in cells[0].comment.text
    assert ws.max_row - 1 == n_rows - 1
    listing = runner.invoke(app, ["corrections", str(out)]).output
    assert listing.count("[applied]") == 3


def test_corrections_that_no_longer_match_are_listed_not_dropped(out: Path):
    d = _decree(out)
    good = correct(out, DOC, row=2, field="satuan", value="Persen")
    # entries a future extraction no longer matches: a row it no longer reads, a value it now reads otherwise
    gone = {**good, "id": "gone00000001", "target": {**good["target"], "indikator": "Indikator yang hilang"}}
    moved = {**good, "id": "moved0000001", "field": "indikator", "old": "bukan ini", "new": "X"}
    for e in (gone, moved):
        corrections.append_log(out, e)
    res = CliRunner().invoke(app, ["extract", str(SAMPLES / f"{DOC}.pdf"), "-o", str(out), "--force", "-q",
                                   "-j", "1"])
    assert res.exit_code == 0, res.output
    assert "gone00000001 not applied" in res.output and "moved0000001 not applied" in res.output
    st = {s["id"]: s for s in status(out)}
    assert st[good["id"]]["applied"] and not st["gone00000001"]["applied"] and not st["moved0000001"]["applied"]
    assert "no longer extracted" in st["gone00000001"]["reason"]
    assert "'bukan ini'" in st["moved0000001"]["reason"]
    assert _decree(out).indicators[1].indikator == d.indicators[1].indikator  # the stale one changed nothing
    listing = CliRunner().invoke(app, ["corrections", str(out)]).output
    assert listing.count("NOT APPLIED") == 2
    table = pd.read_parquet(out / "corrections.parquet")
    assert len(table) == 3 and table.applied.sum() == 1


def test_row_identity_survives_rows_added_above(camplong_outputs: Path):
    raw = _decree(camplong_outputs)
    target = corrections.row_targets([i.model_dump() for i in raw.indicators])[4]
    entry = {"id": "a", "doc_id": DOC, "sha256": raw.sha256, "action": "set", "target": target,
             "field": "satuan", "old": corrections.fmt(raw.indicators[4].satuan), "new": "Persen"}
    # a better extractor finds one more row at the top: the correction follows its row, now row 6
    extra = raw.indicators[0].model_copy(update={"indikator": "Baris baru"})
    again = raw.model_copy(update={"indicators": [extra, *raw.indicators]})
    res = apply(again, [entry])
    assert not res.rejected
    fixed = [i for i in res.decree.indicators if i.satuan == "Persen"]
    assert [i.row for i in fixed] == [6] and fixed[0].indikator == raw.indicators[4].indikator
    # another document content (sha256) rejects it
    res = apply(again.model_copy(update={"sha256": "0" * 64}), [entry])
    assert res.rejected and "content changed" in res.rejected[0][1]


def test_add_row_and_bad_requests(out: Path):
    n = len(_decree(out).indicators)
    add = correct(out, DOC, row=3, action="add", values={"indikator": "Indikator yang terlewat", "satuan": "%"})
    d = _decree(out)
    assert len(d.indicators) == n + 1 and d.indicators[3].indikator == "Indikator yang terlewat"
    assert d.indicators[3].jabatan == d.indicators[2].jabatan  # inherits its neighbour's position
    # the added row can itself be corrected, and that survives a rebuild
    correct(out, DOC, row=4, field="target", value="100")
    assert read_log(out)[-1]["target"] == {"added": add["id"]}
    d = corrections.apply_to_outputs(out, [_decree(out)])[0]
    assert d.indicators[3].target == "100"
    with pytest.raises(CorrectionError):
        correct(out, DOC, row=999, field="indikator", value="x")
    with pytest.raises(CorrectionError):
        correct(out, DOC, row=1, field="bbox", value="x")
    with pytest.raises(CorrectionError):
        correct(out, "nope", row=1, field="indikator", value="x")
    assert json.loads((out / ".extracted" / f"{DOC}.json").read_text())["corrections"] == []


def test_merge_and_split_rows(out: Path):
    from iku.export.corrections import merge, split

    d = _decree(out)
    a, b = d.indicators[0], d.indicators[1]
    entries = merge(out, DOC, 1)
    assert entries[-1]["action"] == "delete" and all(e["action"] == "set" for e in entries[:-1])
    m = _decree(out)
    assert len(m.indicators) == len(d.indicators) - 1
    assert m.indicators[0].indikator == f"{a.indikator} {b.indikator}"
    assert m.indicators[1].indikator == d.indicators[2].indikator
    split(out, DOC, 2)
    s = _decree(out)
    assert len(s.indicators) == len(m.indicators) + 1
    assert s.indicators[2].indikator == s.indicators[1].indikator and s.indicators[2].row == 3
    assert s.indicators[2].formula.text == s.indicators[1].formula.text
    with pytest.raises(CorrectionError):
        merge(out, DOC, len(s.indicators))
