"""Layouts the second generator family (samples/generator/variants.py) showed the pipeline missing, each drawn
small with tests/tablekit.py: other header wordings, group headings printed as merged rows inside the grid,
indicators stacked inside one ruled row."""

from __future__ import annotations

from pathlib import Path

from tablekit import TableSpec, build

from iku import extract

SAS = "Meningkatnya kualitas pelayanan publik"
SAS2 = "Meningkatnya tertib administrasi desa"


def _rows(tmp_path: Path, spec: TableSpec, above: tuple[str, ...] = ()) -> list:
    if above:
        spec.above = above
    d = extract(build(spec, tmp_path / "t.pdf"))
    assert d.status == "ok", d.error
    return d.indicators


def test_other_header_wordings_name_their_fields(tmp_path: Path):
    """'Ukuran Keberhasilan' holds the indicators, 'Deskripsi Indikator' the definition (not a second
    indicator column), 'Alat Ukur' the formula, 'Data Pendukung' the data source; a 'Bobot' column is a
    weight, neither target nor anything else."""
    head = [["No", "Sasaran", "Ukuran Keberhasilan", "Deskripsi Indikator", "Alat Ukur", "Bobot",
             "Data Pendukung"]]
    body = [["1", SAS, "Persentase pengaduan yang selesai", "Pengaduan yang ditangani tuntas",
             "Jumlah pengaduan selesai / jumlah pengaduan x 100%", "15", "Register pengaduan"],
            ["2", SAS2, "Jumlah desa yang dibina", "Desa yang menerima pembinaan", "Jumlah desa yang dibina",
             "10", "Laporan pembinaan"]]
    rows = _rows(tmp_path, TableSpec([25, 90, 100, 90, 120, 35, 70], head, body))
    assert [r.indikator for r in rows] == [b[2] for b in body]
    assert [r.definisi for r in rows] == [b[3] for b in body]
    assert rows[0].formula is not None and rows[0].formula.numerator == "Jumlah pengaduan selesai"
    assert [r.sumber_data for r in rows] == ["Register pengaduan", "Laporan pembinaan"]
    assert all(r.target is None for r in rows)


HEAD = [["No", "Indikator Kinerja", "Formula", "Target"]]
WIDTHS = [30, 170, 200, 50]


def test_sasaran_printed_as_merged_rows_inside_the_grid(tmp_path: Path):
    """A table with no Sasaran column whose sasaran groups are rows merged across the table ("A. Meningkatnya
    ..." beside the No cell, or across it): the heading is each row's sasaran, and no indicator itself."""
    body = [["A", SAS, "", ""],
            ["1", "Persentase pengaduan yang selesai", "Jumlah pengaduan selesai / jumlah pengaduan x 100%", "90"],
            ["2", "Indeks kepuasan masyarakat", "Nilai survei kepuasan", "82"],
            [f"B. {SAS2}", "", "", ""],
            ["1", "Jumlah desa yang dibina", "Jumlah desa yang dibina", "12"]]
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, body, spans=[(1, 1, 3), (4, 0, 3)]))
    assert [r.indikator for r in rows] == [body[1][1], body[2][1], body[4][1]]
    assert [r.sasaran for r in rows] == [SAS, SAS, SAS2]
    assert [r.target for r in rows] == ["90", "82", "12"]


def test_positions_printed_as_merged_rows_inside_the_grid(tmp_path: Path):
    """Several positions in one table, each introduced by a row merged across it ("JABATAN : ..."): the rows
    below belong to that position, at the IKI level; the label rows are no indicators."""
    head = [["No", "Sasaran", "Indikator Kinerja", "Formula", "Target"]]
    body = [["JABATAN : KEPALA SEKSI PEMERINTAHAN", "", "", "", ""],
            ["1", SAS2, "Jumlah desa yang dibina", "Jumlah desa yang dibina", "12"],
            ["JABATAN : SEKRETARIS KECAMATAN", "", "", "", ""],
            ["1", SAS, "Persentase pengaduan yang selesai", "Jumlah pengaduan selesai / jumlah pengaduan", "90"]]
    rows = _rows(tmp_path, TableSpec([30, 110, 130, 170, 50], head, body, spans=[(1, 0, 4), (3, 0, 4)]),
                 above=("INDIKATOR KINERJA INDIVIDU",))
    assert [r.indikator for r in rows] == [body[1][2], body[3][2]]
    assert [r.jabatan for r in rows] == ["KEPALA SEKSI PEMERINTAHAN", "SEKRETARIS KECAMATAN"]
    assert [r.level for r in rows] == ["IKI", "IKI"]
    assert [r.sasaran for r in rows] == [SAS2, SAS]


def test_indicators_stacked_inside_one_ruled_row(tmp_path: Path):
    """Rules only between sasaran groups: two indicators share one ruled row under one merged Sasaran cell and
    one row number, a blank band between them across the value columns. Each is a row of its own."""
    head = [["No", "Sasaran", "Indikator Kinerja", "Formula", "Target"]]
    body = [["1", SAS, "Persentase pengaduan yang selesai\n\nIndeks kepuasan masyarakat",
             "Jumlah pengaduan selesai / jumlah pengaduan\n\nNilai survei kepuasan", "90\n\n82"],
            ["2", SAS2, "Jumlah desa yang dibina", "Jumlah desa yang dibina", "12"]]
    rows = _rows(tmp_path, TableSpec([30, 110, 150, 190, 40], head, body))
    assert [r.indikator for r in rows] == ["Persentase pengaduan yang selesai", "Indeks kepuasan masyarakat",
                                           "Jumlah desa yang dibina"]
    assert [r.target for r in rows] == ["90", "82", "12"]
    assert [r.sasaran for r in rows] == [SAS, SAS, SAS2]
