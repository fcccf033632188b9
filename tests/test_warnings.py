"""Warnings are typed items {code, message, page, stage} with numbered codes from one table (pipeline/core/errors.py),
as errors are; records written before that, with warnings as strings, still load."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from conftest import ROOT, SAMPLES

from iku.core.errors import WARNINGS, codes, warning_codes
from iku.core.stage import Trace
from iku.export.parquet import DOCUMENT_COLUMNS
from iku.schemas import Decree, RecordWarning, StageRecord


@pytest.mark.parametrize("text, code, stage, page, message", [
    ("text: W301 page 3: could not be read by OCR (RuntimeError: x)", "W301", "text", 3,
     "page 3: could not be read by OCR (RuntimeError: x)"),
    ("repair: W101 damaged file (x) rebuilt with qpdf: 2 page(s) read", "W101", "repair", None,
     "damaged file (x) rebuilt with qpdf: 2 page(s) read"),
    ("W302 tesseract is not installed", "W302", None, None, "tesseract is not installed"),
    ("tables: page 4: a ruled table without an indicator header was skipped", "W000", "tables", 4,
     "page 4: a ruled table without an indicator header was skipped"),
    ("no 'KEPUTUSAN CAMAT' header found", "W000", None, None, "no 'KEPUTUSAN CAMAT' header found"),
])
def test_a_warning_of_an_older_record_is_read_into_an_item(text, code, stage, page, message):
    w = RecordWarning.model_validate(text)
    assert (w.code, w.stage, w.page, w.message) == (code, stage, page, message)


def test_an_older_record_with_string_warnings_loads(tmp_path: Path):
    old = {"schema_version": "1.1", "pipeline_version": "0.1", "doc_id": "x", "source_file": "x.pdf",
           "warnings": ["text: W302 tesseract is not installed", "sections: no Nomor line found"],
           "stages": [{"name": "text", "seconds": 0.1, "warnings": ["W302 tesseract is not installed"]}]}
    d = Decree.model_validate_json(json.dumps(old))
    assert [w.code for w in d.warnings] == ["W302", "W000"]
    assert d.stages[0].warnings[0] == RecordWarning(code="W302", message="tesseract is not installed")
    assert warning_codes(old["warnings"]) == warning_codes(d.warnings) == {"W302", "W000"}
    again = Decree.model_validate_json(d.model_dump_json())  # written back typed, read back the same
    assert again == d


def test_a_code_must_be_numbered():
    with pytest.raises(ValueError):
        RecordWarning(code="301", message="x")
    with pytest.raises(ValueError):
        StageRecord(name="x", seconds=0, warnings=[{"code": "W301", "message": "x", "colour": "red"}])


def test_a_stage_warning_reaches_the_record_with_its_stage_and_page():
    trace = Trace()
    with trace.stage("tables") as st:
        st.warn("W403", "page 2: a ruled table without an indicator header was skipped", 2)
    assert trace.records[0].warnings == trace.warnings
    assert trace.warnings == [RecordWarning(code="W403", message="page 2: a ruled table without an indicator "
                                            "header was skipped", page=2, stage="tables")]


def _warned_codes() -> set[str]:
    """The W_* names every `.warn(...)` call under pipeline/ and analysis/ gives as its code."""
    names = set()
    for path in [*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "analysis").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "warn"
                    and node.args):
                first = node.args[0]
                names.add(first.id if isinstance(first, ast.Name) else ast.unparse(first))
    return names


def test_every_warning_the_pipeline_gives_has_a_code_in_the_one_table():
    import iku.core.errors as errors

    names = _warned_codes() - {"code"}  # validate passes its table's codes on by name
    assert len(names) >= 12
    assert all(n.startswith("W_") for n in names), names  # a constant, never a bare string
    assert {getattr(errors, n) for n in names} <= set(WARNINGS)
    table = codes()
    assert set(WARNINGS) <= set(table) and {"E000", "E101", "E203"} <= set(table)
    assert all(c.startswith("W") for c in WARNINGS) and len(table) == len(WARNINGS) + 10  # ten error codes


def test_the_documents_table_holds_warnings_as_the_models_items(tmp_path: Path):
    from iku.runtime.document import extract_batch

    column = dict(DOCUMENT_COLUMNS)["warnings"]
    assert [f.name for f in column.value_type] == list(RecordWarning.model_fields)
    extract_batch([SAMPLES / "scanned" / "ciruas_2022_mixed.pdf"], tmp_path)
    record = json.loads((tmp_path / "json" / "ciruas_2022_mixed.json").read_text())
    table = pq.read_table(tmp_path / "documents.parquet").to_pylist()
    assert record["warnings"] and table[0]["warnings"] == record["warnings"]
    assert all(w["code"] in WARNINGS for w in record["warnings"])
