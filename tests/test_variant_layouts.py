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


def test_unit_label_under_a_position_label_is_its_unit(tmp_path: Path):
    """"NAMA JABATAN : X" then "UNIT KERJA : Kecamatan Y" (and "ATASAN LANGSUNG"): the position is X."""
    above = ("NAMA JABATAN : Kepala Seksi Pemerintahan", "UNIT KERJA : Kecamatan Sukamaju",
             "ATASAN LANGSUNG : Camat Sukamaju")
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, [["1", "Jumlah desa yang dibina", "Jumlah desa yang dibina",
                                                     "12"]]), above=above)
    assert [r.jabatan for r in rows] == ["Kepala Seksi Pemerintahan"]


def test_a_position_heading_wrapped_onto_a_second_line(tmp_path: Path):
    above = ("B. INDIKATOR KINERJA INDIVIDU KEPALA SEKSI KETENTERAMAN DAN KETERTIBAN", "UMUM")
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, [["1", "Jumlah patroli yang dilaksanakan",
                                                     "Jumlah patroli dalam satu tahun", "24"]]), above=above)
    assert [r.jabatan for r in rows] == ["KEPALA SEKSI KETENTERAMAN DAN KETERTIBAN UMUM"]
    assert rows[0].level == "IKI"


def test_year_labels_wrapped_inside_narrow_columns(tmp_path: Path):
    """A TARGET over year columns too narrow for "2024": the year wraps ("202" / "4") and still keys its value."""
    head = [["No", "Indikator Kinerja", "Formula", "Target", "", ""], ["", "", "", "202\n4", "202\n5", "202\n6"]]
    body = [["1", "Persentase pengaduan yang selesai", "Jumlah pengaduan selesai / jumlah pengaduan x 100%", "80",
             "85", "90"]]
    rows = _rows(tmp_path, TableSpec([30, 170, 200, 22, 22, 22], head, body, spans=[(0, 3, 5)]))
    assert rows[0].target == {"2024": "80", "2025": "85", "2026": "90"}


def test_a_ratio_written_with_per(tmp_path: Path):
    """"Jumlah A per Jumlah B" is a ratio when both sides are quantities; "Jumlah kegiatan per tahun" is not."""
    body = [["1", "Persentase lembaga yang aktif", "Jumlah lembaga yang aktif per Jumlah lembaga yang terbentuk",
             "70"], ["2", "Jumlah kegiatan", "Jumlah kegiatan per tahun", "12"]]
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, body))
    assert rows[0].formula is not None and (rows[0].formula.numerator, rows[0].formula.denominator) == (
        "Jumlah lembaga yang aktif", "Jumlah lembaga yang terbentuk")
    assert rows[1].formula is not None and rows[1].formula.numerator is None


UNRULED_HEAD = [["No", "Indikator Kinerja", "Formula", "Target", "", ""], ["", "", "", "2024", "2025", "2026"]]
UNRULED_WIDTHS = [30, 170, 210, 40, 40, 40]


def test_unruled_table_with_merged_headings_and_years_under_one_target(tmp_path: Path):
    """Borders off: sasaran headings printed across the table ("A" in the No column, the text over the
    others) neither hide the columns nor become rows, and the years under one TARGET keep their columns."""
    body = [["A", "Meningkatnya kualitas pelayanan publik di kecamatan", "", "", "", ""],
            ["1", "Persentase pengaduan yang selesai", "Jumlah pengaduan selesai / jumlah pengaduan x 100%", "80",
             "85", "90"],
            ["2", "Indeks kepuasan masyarakat", "Nilai survei kepuasan", "82", "83", "84"],
            ["B", "Meningkatnya tertib administrasi desa", "", "", "", ""],
            ["1", "Jumlah desa yang dibina", "Jumlah desa yang dibina", "10", "12", "14"]]
    rows = _rows(tmp_path, TableSpec(UNRULED_WIDTHS, UNRULED_HEAD, body, ruling="none", row_gap=8,
                                     spans=[(0, 3, 5), (2, 1, 5), (5, 1, 5)]))
    assert [r.indikator for r in rows] == [body[1][1], body[2][1], body[4][1]]
    assert [r.sasaran for r in rows] == [body[0][1], body[0][1], body[3][1]]
    assert [r.target for r in rows] == [{"2024": "80", "2025": "85", "2026": "90"},
                                        {"2024": "82", "2025": "83", "2026": "84"},
                                        {"2024": "10", "2025": "12", "2026": "14"}]
