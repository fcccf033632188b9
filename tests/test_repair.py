"""Damaged PDFs are rebuilt with qpdf before they are refused; no PDF library's exception is an internal error.

Every damaged file is made here from the project's own samples (tests/mutations.py)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from conftest import SAMPLES
from mutations import break_page_dict, damaged_copies, non_number_box, truncate, zero_tail

from iku import extract
from iku.core.errors import W_REPAIRED, from_pdf_library, warning_codes
from iku.stages.ingest import sha256_of

SOURCES = [SAMPLES / "ciruas_2022.pdf", SAMPLES / "merakurak_2021.pdf"]


@pytest.fixture(scope="module")
def clean_rows() -> dict[str, int]:
    return {p.stem: len(extract(p).indicators) for p in SOURCES}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / f"{name}.pdf"
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_truncated_download_keeps_the_pages_that_survive(src: Path, tmp_path: Path, clean_rows: dict[str, int]):
    damaged = _write(tmp_path, src.stem, truncate(src.read_bytes(), 0.8))
    d = extract(damaged)
    assert d.status == "partial", d.error  # read, and honest that the end of the file is gone
    assert W_REPAIRED in warning_codes(d.warnings)
    assert "lost" in next(w.message for w in d.warnings if w.code == W_REPAIRED)
    assert 0 < len(d.indicators) <= clean_rows[src.stem]  # rows read from the repaired copy
    assert d.sha256 == sha256_of(damaged) and d.doc_id == src.stem  # the file as given, not the copy


@pytest.mark.parametrize("damage", [zero_tail, break_page_dict, non_number_box], ids=lambda f: f.__name__)
def test_damage_qpdf_undoes_loses_nothing(damage, tmp_path: Path, clean_rows: dict[str, int]):
    src = SOURCES[0]
    d = extract(_write(tmp_path, src.stem, damage(src.read_bytes())))
    assert d.status != "failed", d.error
    assert W_REPAIRED in warning_codes(d.warnings)
    assert len(d.indicators) == clean_rows[src.stem]
    assert d.kecamatan == "Ciruas"


def test_what_qpdf_cannot_rebuild_is_e103_and_says_so(tmp_path: Path):
    d = extract(_write(tmp_path, "stub", truncate((SAMPLES / "ciruas_2022.pdf").read_bytes(), 0.02)))
    assert d.status == "failed" and d.error_code == "E103"
    assert "qpdf" in d.error and "stub.pdf" in d.error


def test_exceptions_raised_inside_a_pdf_library_are_told_from_ours():
    from pdfminer.utils import apply_matrix_pt

    with pytest.raises(TypeError) as inside:
        apply_matrix_pt((1, 0, 0, 1, "x", 0), (1, 1))  # pdfminer fails on a malformed matrix with a bare TypeError
    assert from_pdf_library(inside.value)
    with pytest.raises(TypeError) as ours:
        float(None)  # type: ignore[arg-type]
    assert not from_pdf_library(ours.value)


def test_seeded_damage_never_gives_an_internal_error(tmp_path: Path):
    """A small run of the mutation suite: every file recorded, no E000, and every file qpdf can open is read."""
    files = damaged_copies(SOURCES[:1], tmp_path, seed=11)
    for p in files:
        d = extract(p)
        assert d.error_code != "E000", (p.name, d.error)
        try:
            with pikepdf.open(p) as pdf:
                reopens = len(pdf.pages) > 0
        except pikepdf.PdfError:
            reopens = False
        assert d.status != "failed" or not reopens, (p.name, d.error)
