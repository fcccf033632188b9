"""The table and row stages on single tables drawn the ways real producers draw them (tests/tablekit.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tablekit import TableSpec, build

from pipeline import extract

HEAD = [["No", "Sasaran Strategis", "Indikator Kinerja", "Formula", "Sumber Data"]]
BODY = [
    ["1.", "Meningkatnya kualitas layanan publik", "Persentase permohonan yang selesai tepat waktu",
     "Jumlah permohonan selesai / jumlah permohonan x 100%", "Register layanan"],
    ["", "", "Indeks kepuasan masyarakat", "Hasil survei kepuasan", "Laporan survei"],
    ["2.", "Meningkatnya tertib administrasi desa", "Jumlah desa yang dibina", "Jumlah desa yang dibina",
     "Laporan pembinaan"],
]
WIDTHS = [30, 120, 130, 150, 80]


def _rows(tmp_path: Path, spec: TableSpec) -> list:
    d = extract(build(spec, tmp_path / "t.pdf"))
    assert d.status == "ok", d.error
    return d.indicators


@pytest.mark.parametrize("ruling", ["grid", "triple", "rects"])
def test_border_styles_give_the_same_rows(tmp_path: Path, ruling: str):
    """Word's triple borders and Excel's border rectangles leave narrow empty bands between strokes;
    they are gaps, not columns or rows."""
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, BODY, ruling=ruling))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]
    assert [r.sasaran for r in rows] == [BODY[0][1], BODY[0][1], BODY[2][1]]
    assert rows[0].sumber_data == "Register layanan"
    assert rows[0].formula is not None and rows[0].formula.denominator == "jumlah permohonan"


def test_header_below_a_blank_band_with_a_label_above_its_sub_row(tmp_path: Path):
    head = [["", "", "", "", ""], ["", "", "Indikator Kinerja", "", ""],
            ["No", "Sasaran Strategis", "Utama", "Penjelasan", "Sumber Data"]]
    rows = _rows(tmp_path, TableSpec(WIDTHS, head, BODY))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]
    assert rows[0].formula is not None and "Jumlah permohonan" in rows[0].formula.text


@pytest.mark.parametrize("numbers", [["1", "2", "3", "4", "5"], ["(1)", "(2)", "(3)", "(4)", "(5)"],
                                     ["-1", "-2", "-3", "-4", "-5"], ["1", "2", "_", "4", "5"]])
def test_column_number_rows_are_not_indicators(tmp_path: Path, numbers: list[str]):
    rows = _rows(tmp_path, TableSpec(WIDTHS, [HEAD[0], numbers], BODY))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]


def test_glued_header_words(tmp_path: Path):
    """A text layer without spaces ("SasaranStrategis", "IndikatorKinerja") still names the fields."""
    head = [["No", "SasaranStrategis", "IndikatorKinerja", "Formula", "SumberData"]]
    rows = _rows(tmp_path, TableSpec(WIDTHS, head, BODY))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]
    assert rows[2].sumber_data == "Laporan pembinaan"


def test_indicator_header_spanning_a_number_column(tmp_path: Path):
    """"Indikator Kinerja" printed over a hierarchical-number column and the text column: the text is the indikator."""
    head = [["No", "Sasaran", "Indikator Kinerja", "", "Target"]]
    body = [["1", "Meningkatnya kelancaran pelayanan", "1.1", "Persentase pelayanan administrasi", "100"],
            ["", "", "1.2", "Indeks kepuasan masyarakat", "83"]]
    rows = _rows(tmp_path, TableSpec([30, 150, 40, 200, 60], head, body, spans=[(0, 2, 3)]))
    assert [r.indikator for r in rows] == ["Persentase pelayanan administrasi", "Indeks kepuasan masyarakat"]
    assert [r.target for r in rows] == ["100", "83"]


def test_target_over_volume_and_satuan(tmp_path: Path):
    head = [["Sasaran Strategis", "Indikator Kinerja", "Target", ""], ["", "", "Volume", "Satuan"]]
    body = [["Meningkatnya koperasi sehat", "Jumlah koperasi aktif", "16.478", "Koperasi"],
            ["", "Jumlah UMKM naik kelas", "250", "Unit"]]
    rows = _rows(tmp_path, TableSpec([150, 200, 60, 70], head, body, spans=[(0, 2, 3)]))
    assert [(r.indikator, r.target, r.satuan) for r in rows] == [
        ("Jumlah koperasi aktif", "16.478", "Koperasi"), ("Jumlah UMKM naik kelas", "250", "Unit")]


def test_uraian_holds_the_indicators_when_no_column_says_indikator(tmp_path: Path):
    head = [["NO.", "URAIAN", "DASAR PERTIMBANGAN", "SUMBER DATA"]]
    body = [["1.", "Jumlah SDM yang bersertifikat", "Kumulatif tahunan SDM yang bersertifikat", "Bidang TIK"],
            ["2.", "Persentase cakupan jaringan", "Desa terjangkau dibagi seluruh desa", "Bidang Pos"]]
    rows = _rows(tmp_path, TableSpec([30, 150, 200, 100], head, body))
    assert [r.indikator for r in rows] == ["Jumlah SDM yang bersertifikat", "Persentase cakupan jaringan"]
    assert rows[1].sumber_data == "Bidang Pos"


@pytest.mark.parametrize("numbered", [True, False])
def test_body_rows_without_horizontal_rules(tmp_path: Path, numbered: bool):
    """Outer box, header rule and column rules only: rows come from the No column's numbers, or else from
    the blank bands that cross every column."""
    body = [[str(i + 1) + "." if numbered else "", *b[1:]] for i, b in enumerate(BODY)]
    head = HEAD if numbered else [HEAD[0][1:]]
    body = body if numbered else [b[1:] for b in body]
    widths = WIDTHS if numbered else WIDTHS[1:]
    rows = _rows(tmp_path, TableSpec(widths, head, body, ruling="columns", row_gap=8))
    assert [r.indikator for r in rows] == [b[2 if numbered else 1] for b in body]
    assert rows[1].sumber_data == "Laporan survei"
    assert rows[1].sasaran == rows[0].sasaran == BODY[0][1]




def test_white_cell_backgrounds_do_not_split_rows(tmp_path: Path):
    """A white filled rectangle behind each text line paints nothing: it must not make each line a row."""
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, BODY, white_lines=True))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]


@pytest.mark.parametrize("numbered", [True, False])
def test_tables_printed_without_any_rules(tmp_path: Path, numbered: bool):
    """A web print or a Word table with its borders off: header labels and white gaps give the columns."""
    head = HEAD if numbered else [HEAD[0][1:]]
    body = [[f"{i + 1}.", *b[1:]] for i, b in enumerate(BODY)] if numbered else [b[1:] for b in BODY]
    widths = WIDTHS if numbered else WIDTHS[1:]
    rows = _rows(tmp_path, TableSpec(widths, head, body, ruling="none", row_gap=8,
                                     above=["INDIKATOR KINERJA UTAMA KECAMATAN CONTOH"]))
    assert [r.indikator for r in rows] == [b[-3] for b in body]
    assert [r.sumber_data for r in rows] == [b[-1] for b in body]
    assert rows[1].sasaran == rows[0].sasaran
