"""The table and row stages on single tables drawn the ways real producers draw them (tests/tablekit.py)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from tablekit import TableSpec, build

from iku import extract

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


def test_a_blank_label_over_the_indicators_is_read_from_what_the_column_holds(tmp_path: Path):
    """The indikator's label left blank (lost to OCR on a scan, or printed empty) under a header naming the other
    fields: the blank-labelled column whose cells open as indicators do ("Persentase ...") holds them; the
    other blank one (a number column) does not."""
    head = [["", "Sasaran Strategis", "", "Formula", "Sumber Data"]]
    rows = _rows(tmp_path, TableSpec(WIDTHS, head, BODY))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]
    assert [r.sasaran for r in rows] == [BODY[0][1], BODY[0][1], BODY[2][1]]


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




@pytest.mark.parametrize("colour", [(1.0, 1.0, 1.0), (1.0, 0.95, 0.8)], ids=["white", "pale"])
def test_line_backgrounds_do_not_split_rows(tmp_path: Path, colour: tuple[float, float, float]):
    """A white or pale filled strip behind each text line (a portal's cell backgrounds, Word's paragraph
    shading) is a background: it must not make each line a row."""
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, BODY, white_lines=True, strip_colour=colour))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]
    assert rows[0].formula is not None and rows[0].formula.denominator == "jumlah permohonan"


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


def test_continuation_page_with_one_gutter_less_keeps_the_columns():
    """Page 2 draws an 8 pt empty column that page 3 lacks: page 3's cells are re-cut on page 2's columns."""
    from iku.core.layout import PageLayout, Word
    from iku.stages.tables import _align_columns, build_grid

    ref_x = [69.0, 93.0, 164.0, 281.0, 289.0, 426.0, 558.0]
    ref = build_grid(PageLayout(2, 612, 936, "text"),
                     [(a, 100.0, b, 120.0) for a, b in pairwise(ref_x)])
    xs = [66.0, 93.0, 164.0, 284.0, 426.0, 561.0]
    words = [Word("1.1", 70, 102, 85, 110, page=3), Word("Jumlah", 300, 102, 330, 110, page=3)]
    page = PageLayout(3, 612, 936, "text", words=words)
    grid = build_grid(page, [(a, 100.0, b, 120.0) for a, b in pairwise(xs)])
    assert grid.n_cols == 5
    aligned = _align_columns(page, grid, ref)
    assert aligned is not None and aligned.n_cols == ref.n_cols
    assert aligned.row_texts(0)[0] == "1.1" and aligned.row_texts(0)[4] == "Jumlah"
    far = build_grid(page, [(a, 100.0, b, 120.0) for a, b in pairwise([66.0, 200.0, 561.0])])
    assert _align_columns(page, far, ref) is None  # another table's columns


def test_budget_table_after_the_indicators_is_not_their_continuation():
    from iku.core.layout import PageLayout, Word
    from iku.resources.vocab import headers
    from iku.stages.tables import _other_header, build_grid

    def grid(cells: list[str]):
        xs = [70.0, 100.0, 300.0, 420.0, 500.0]
        words = [Word(t, a + 2, 102, a + 2 + 5 * len(t), 110, page=3) for t, a in zip(cells, xs, strict=False)]
        return build_grid(PageLayout(3, 612, 936, "text", words=words), [(a, 100.0, b, 120.0) for a, b in pairwise(xs)])

    assert _other_header(grid(["No", "Program", "Anggaran", "Ket"]), headers())
    assert not _other_header(grid(["2", "Meningkatnya", "Persentase", "80%"]), headers())


def test_penjelasan_beside_a_formula_column_is_the_definisi(tmp_path: Path):
    """"Penjelasan" alone is the formula column (test above); beside "Cara Perhitungan" it is the Definisi."""
    head = [["No", "Sasaran Strategis", "Indikator Kinerja", "Penjelasan", "Cara Perhitungan", "Sumber Data"]]
    body = [[b[0], b[1], b[2], f"Ukuran {b[2].lower()}", b[3], b[4]] for b in BODY]
    rows = _rows(tmp_path, TableSpec([30, 100, 110, 100, 120, 70], head, body))
    assert [r.definisi for r in rows] == [b[3] for b in body]
    assert rows[0].formula is not None and rows[0].formula.denominator == "jumlah permohonan"


def test_a_word_wrapped_inside_itself_is_joined(tmp_path: Path):
    """A column too narrow for a word wraps it letter by letter; the pieces are one word again. Two words of
    the vocabulary that happen to meet at a line end stay two."""
    head = [["No", "Indikator Kinerja", "Satuan", "Penanggung Jawab"]]
    body = [["1.", "Persentase permohonan yang selesai tepat waktu", "Doku\nmen", "Kasi Tata Pemerinta\nhan"],
            ["2.", "Jumlah desa yang dibina", "Oran\ng", "Kasi Pe\nmberday\naan"],
            ["3.", "Indeks kepuasan masyarakat", "Nilai", "Penanggung\njawab kegiatan"]]
    rows = _rows(tmp_path, TableSpec([30, 150, 40, 70], head, body))
    assert [r.satuan for r in rows] == ["Dokumen", "Orang", "Nilai"]
    assert [r.penanggung_jawab for r in rows] == ["Kasi Tata Pemerintahan", "Kasi Pemberdayaan",
                                                  "Penanggung jawab kegiatan"]


def test_unruled_header_wrapped_over_lines_and_broken_inside_words(tmp_path: Path):
    """No rules at all, labels wrapped over two lines and broken inside words ("SATUA" / "N", "SUM" / "BER
    DATA"): the label lines gathered per column still name every field."""
    head = [["NO", "SASARAN", "INDIKATOR", "FORMULA", "SATUA", "SUM"],
            ["", "STRATEGIS", "KINERJA", "", "N", "BER DATA"]]
    body = [["1.", BODY[0][1], BODY[0][2], BODY[0][3], "%", BODY[0][4]],
            ["", "", BODY[1][2], BODY[1][3], "Nilai", BODY[1][4]],
            ["2.", BODY[2][1], BODY[2][2], BODY[2][3], "Desa", BODY[2][4]]]
    rows = _rows(tmp_path, TableSpec([30, 120, 130, 150, 40, 80], head, body, ruling="none", row_gap=8))
    # the second indicator has no number of its own: the blank band above it parts it from the first
    assert [r.indikator for r in rows] == [b[2] for b in BODY]
    assert [r.satuan for r in rows] == ["%", "Nilai", "Desa"]
    assert [r.sumber_data for r in rows] == [b[4] for b in BODY]
    assert rows[1].sasaran == BODY[0][1]


@pytest.mark.parametrize("font", ["Helvetica", "Times-Roman"])
def test_unruled_labels_set_at_the_top_and_the_bottom_of_a_tall_header(tmp_path: Path, font: str):
    """No rules, and each label in two parts at the top and the bottom of a tall header cell ("SASARAN" ...
    "STRATEGIS"): the gap between the parts is wider than any between a table's rows, yet a line of label
    words, each under a label of the line above, goes on the header."""
    head = [["NO", "SASARAN\n\n\n\nSTRATEGIS", "INDIKATOR\n\n\n\nKINERJA", "FORMULA", "SUMBER\n\n\n\nDATA"]]
    rows = _rows(tmp_path, TableSpec([30, 120, 130, 170, 80], head, BODY, ruling="none", row_gap=8, font=font, size=8))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]
    assert [r.sumber_data for r in rows] == [b[4] for b in BODY]
    assert [r.sasaran for r in rows] == [BODY[0][1], BODY[0][1], BODY[2][1]]


def test_column_numbers_in_the_header_cells_some_lost_to_ocr():
    """The column-number row read into the header's cells, OCR losing some numbers or misreading them ("5"
    as "s"): the numbers it read, counting the columns from the first, are dropped; labels whose trailing
    numbers do not count the columns from the first ("Triwulan 1" ... "Triwulan 4" in later columns, a year
    wrapped in a narrow column) keep them."""
    from iku.stages.tables import _without_column_numbers

    read = ["NO. 1", "SASARAN STRATEGIS 2", "ANDIKATOR KINERJA UTAMA", "PENJELASAN", "FORMULASI s",
            "SATUAN", "TARGET 7", "PIC 8"]
    assert _without_column_numbers(read) == ["NO.", "SASARAN STRATEGIS", "ANDIKATOR KINERJA UTAMA", "PENJELASAN",
                                             "FORMULASI s", "SATUAN", "TARGET", "PIC"]
    quarters = ["INDIKATOR", "SATUAN", "Triwulan 1", "Triwulan 2", "Triwulan 3", "Triwulan 4"]
    assert _without_column_numbers(quarters) == quarters
    few = ["NO. 1", "SASARAN", "INDIKATOR", "FORMULA", "SATUAN", "TARGET 6"]  # two numbers: not enough
    assert _without_column_numbers(few) == few
    years = ["No", "Indikator Kinerja", "Formula", "Target 202 4", "Target 202 5", "Target 202 6"]  # wrapped years
    assert _without_column_numbers(years) == years


def test_column_numbers_with_one_misread():
    """A row of column numbers OCR read with one of them as a letter ("5" as "s") is still that row, in a
    ruled table's cells as in an unruled table's words; a row of body words is not."""
    from iku.stages.unruled import is_column_number_row

    assert is_column_number_row(["2.", "3", "s", "6", "7"])
    assert is_column_number_row(["(1)", "(2)", "(3)", "(4)"])
    assert is_column_number_row(["1", "2", "_", "4", "5"])
    assert not is_column_number_row(["1", "Laporan", "Dokumen", "Kasi"])
    assert not is_column_number_row(["2", "s", "x"])


def test_column_numbers_printed_in_the_header_cells(tmp_path: Path):
    """No rule between the labels and the column-number row: "IKU 3" is still the indikator column."""
    head = [["NO\n1", "SASARAN\n2", "IKU\n3", "FORMULA\n4", "SUMBER DATA\n5"]]
    rows = _rows(tmp_path, TableSpec(WIDTHS, head, BODY))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]
    assert rows[0].sumber_data == "Register layanan"


def test_unruled_value_left_of_its_centred_label_stays_in_its_column():
    """A target printed at the left of its column, its label centred: the white strip between them is not
    a column boundary; the value belongs to the nearer label."""
    from iku.core.layout import Word
    from iku.stages.unruled import _join_unlabelled

    header = [Word("CARA", 450, 100, 470, 108, page=1), Word("PERHITUNGAN", 440, 110, 490, 118, page=1),
              Word("TARGET", 705, 100, 735, 108, page=1)]
    cuts = [400.0, 560.0, 697.0, 750.0]  # the strip at 697 lies between the value "95" (686-695) and "TARGET"
    assert _join_unlabelled(cuts, header) == [400.0, 560.0, 750.0]


def test_unruled_header_labels_at_staggered_heights_are_parted_into_their_lines():
    """Issue 14 (a web print scanned): labels centred in tall header cells stand at staggered heights ("No."
    over "Urut", "Program" level with the gap between them), and the words between chain them into one tall
    "line" read left to right ("Urut No. Program Sasaran ..."), which names no field. Parted into the lines
    of words level with each other, the header is found and the table read."""
    from iku.core.layout import Line, PageLayout, Word, group_lines
    from iku.resources.vocab import header_vocabulary
    from iku.stages.unruled import _chained_apart, text_grid

    def w(text: str, x0: float, top: float, height: float = 8) -> Word:
        return Word(text, x0, top, x0 + 6 * len(text), top + height, page=1)

    # OCR's boxes: "Program" and "Target" taller than the others (a descender, a speck), reaching over the gaps
    header = [w("No.", 62, 50), w("Urut", 60, 62), w("Program", 120, 53, 10), w("Sasaran", 220, 56),
              w("Indikator", 330, 50), w("Kinerja", 390, 50), w("Individu", 350, 62), w("Target", 470, 55, 11)]
    body = [w(t, x, top) for top in (84, 114) for t, x in (("1", 62), ("Program", 120), ("Meningkatnya", 220),
                                                           ("Persentase", 330), ("layanan", 400), ("90%", 470))]
    tall, *_ = group_lines(header)
    assert tall.text.startswith("Urut No.")  # chained: one line, its words out of their reading order
    parts = _chained_apart(tall)
    assert len(parts) == 3 and parts[0].text.startswith("No.") and parts[-1].text == "Urut Individu"
    assert all(max(x.cy for x in p.words) - min(x.cy for x in p.words) <= 8 for p in parts)
    page = PageLayout(number=1, width=595, height=842, kind="ocr")
    page.words = header + body
    (grid,) = text_grid(page, [], header_vocabulary())
    assert len(grid) >= 6
    assert [ln.text for ln in _chained_apart(Line(body[:6]))] == ["1 Program Meningkatnya Persentase layanan 90%"]


def test_column_rules_running_past_the_last_row_rule_close_the_table(tmp_path: Path):
    """A table that goes on to the next page often has no bottom border on this one: its column rules
    still bound the body, which is read."""
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, BODY, ruling="columns", row_gap=8, open_bottom=True))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]


def test_table_without_left_and_right_borders(tmp_path: Path):
    """Row rules that run past the outer column rules close the table: its first and last columns are read."""
    head = [["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]]
    body = [["1", "Meningkatnya tertib administrasi", "Persentase arsip tertata", "85%"],
            ["2", "Meningkatnya kualitas layanan", "Jumlah layanan terpadu", "12 layanan"]]
    rows = _rows(tmp_path, TableSpec([30, 150, 180, 70], head, body, open_sides=True))
    assert [(r.indikator, r.target) for r in rows] == [("Persentase arsip tertata", "85%"),
                                                       ("Jumlah layanan terpadu", "12 layanan")]
    # no Satuan column: the unit printed with the target
    assert [r.satuan for r in rows] == ["%", "layanan"]


def test_a_totals_row_is_no_indicator(tmp_path: Path):
    head = [["No", "Program / Kegiatan", "Tolok Ukur", "Target", "Pagu (Rp)"]]
    body = [["1", "Program pelayanan administrasi", "Persentase surat terproses", "100%", "315.000"],
            ["2", "Program peningkatan aparatur", "Jumlah aparatur terlatih", "20 orang", "45.000"],
            ["", "TOTAL", "TOTAL", "", "360.000"]]
    rows = _rows(tmp_path, TableSpec([30, 130, 150, 60, 70], head, body))
    assert [r.indikator for r in rows] == ["Persentase surat terproses", "Jumlah aparatur terlatih"]


PK_HEAD = [["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]]


def test_indicators_numbered_inside_one_cell_are_rows(tmp_path: Path):
    """'3.1. ...' and '3.2. ...' in one cell under one No: two indicators, each with the target beside it."""
    body = [["3.", "Meningkatnya akses pasar",
             "3.1. Jumlah pelaku usaha yang\nmengakses pasar regional\n3.2. Jumlah sarana pemasaran\nyang memenuhi "
             "standar", "\n5\n\n7"]]
    rows = _rows(tmp_path, TableSpec([30, 130, 220, 60], PK_HEAD, body))
    assert [(r.indikator, r.target) for r in rows] == [
        ("Jumlah pelaku usaha yang mengakses pasar regional", "5"),
        ("Jumlah sarana pemasaran yang memenuhi standar", "7")]
    assert [r.sasaran for r in rows] == ["Meningkatnya akses pasar"] * 2


def test_listed_items_with_their_own_targets_are_rows(tmp_path: Path):
    body = [["1.", "Meningkatnya produksi ternak", "Jumlah produksi (ton) :\n- Daging\n- Telur\n- Susu",
             "\n768.495\n217.235\n268.797"],
            ["2.", "Meningkatnya sinergi wilayah", "Jumlah kesepakatan bidang :\n- Pemerintahan\n- Perekonomian",
             "2"]]
    rows = _rows(tmp_path, TableSpec([30, 130, 220, 60], PK_HEAD, body))
    assert [(r.indikator, r.target) for r in rows] == [
        ("Jumlah produksi (ton): Daging", "768.495"), ("Jumlah produksi (ton): Telur", "217.235"),
        ("Jumlah produksi (ton): Susu", "268.797"),
        # items sharing one target stay one indicator
        ("Jumlah kesepakatan bidang : - Pemerintahan - Perekonomian", "2")]


def test_listed_items_going_on_in_the_next_ruled_row_keep_their_lead(tmp_path: Path):
    """A rule parts a list: the items in the next row (no number, the sasaran cell empty) are named by the
    lead the first ones had; the next numbered indicator is not."""
    body = [["1.", "Meningkatnya populasi ternak", "Jumlah populasi ternak (ekor) :\n- Sapi potong\n- Kerbau",
             "\n466.272\n143.594"],
            ["", "", "- Domba\n- Ayam buras", "12.285\n28.939"],
            ["2.", "Meningkatnya mutu produk", "Jumlah unit usaha bersertifikat", "52"]]
    rows = _rows(tmp_path, TableSpec([30, 130, 220, 60], PK_HEAD, body))
    assert [r.indikator for r in rows] == [
        "Jumlah populasi ternak (ekor): Sapi potong", "Jumlah populasi ternak (ekor): Kerbau",
        "Jumlah populasi ternak (ekor): Domba", "Jumlah populasi ternak (ekor): Ayam buras",
        "Jumlah unit usaha bersertifikat"]


def test_a_lead_row_names_the_items_below_it(tmp_path: Path):
    body = [["7.", "Terkendalinya penyakit hewan", "Jumlah kasus penyakit hewan menular :", ""],
            ["", "", "- Anthrax (kasus/tahun)", "0"], ["", "", "- Rabies (kasus/tahun)", "2"]]
    rows = _rows(tmp_path, TableSpec([30, 130, 220, 60], PK_HEAD, body))
    assert [(r.indikator, r.target) for r in rows] == [
        ("Jumlah kasus penyakit hewan menular: Anthrax (kasus/tahun)", "0"),
        ("Jumlah kasus penyakit hewan menular: Rabies (kasus/tahun)", "2")]
    assert {r.sasaran for r in rows} == {"Terkendalinya penyakit hewan"}


def test_a_cell_rejoins_broken_words_with_the_lexicon_its_page_was_read_with():
    """The run's lexicon decides what a word wrapped inside itself is: the page carries it (the text stage
    puts it there) and each cell built on the page re-joins its words with it; a page without one joins none."""
    from iku.core.layout import PageLayout, Word
    from iku.resources.lexicon import Lexicon
    from iku.stages.tables import build_grid

    words = [Word("Kasi", 72, 102, 90, 110, page=1), Word("Tata", 92, 102, 110, 110, page=1),
             Word("Pemerinta", 112, 102, 158, 110, page=1), Word("han", 72, 112, 88, 120, page=1)]

    def cell_text(lexicon: Lexicon | None) -> str:
        page = PageLayout(1, 612, 936, "text", words=words, lexicon=lexicon)
        return build_grid(page, [(70.0, 100.0, 160.0, 124.0), (160.0, 100.0, 200.0, 124.0)]).cells[0].text

    assert cell_text(Lexicon(frozenset({"kasi", "tata", "pemerintahan"}))) == "Kasi Tata Pemerintahan"
    assert cell_text(Lexicon(frozenset({"kasi", "tata"}))) == "Kasi Tata Pemerinta han"
    assert cell_text(None) == "Kasi Tata Pemerinta han"


def test_a_letter_spaced_running_footer_is_page_furniture(lexicon):
    """'INSPEKTORAT P R O V I N S I J A W A B A R A T' under a table is as short as it reads: furniture, so
    the table still ends its page and may run on to the next."""
    from iku.core.layout import PageLayout, Word, group_lines
    from iku.stages.tables import _is_furniture

    page = PageLayout(number=1, width=936.0, height=612.0, kind="text", lexicon=lexicon)
    text = "INSPEKTORAT P R O V I N S I J A W A B A R A T"
    words, x = [], 70.0
    for t in text.split():
        words.append(Word(text=t, x0=x, top=570.0, x1=x + 6 * len(t), bottom=580.0, page=1))
        x += 6 * len(t) + 4
    assert _is_furniture(group_lines(words)[0], page)
    body = [Word(text=t, x0=70.0 + 60 * i, top=300.0, x1=110.0 + 60 * i, bottom=310.0, page=1)
            for i, t in enumerate("Persentase OPD yang nilai evaluasi LKIP".split())]
    assert not _is_furniture(group_lines(body)[0], page)


def test_a_code_header_over_sub_columns_gives_no_sasaran(tmp_path: Path):
    """'Kode' over 'Program | Kegiatan' (a budget form): account codes, not a Sasaran (data: [parents])."""
    head = [["No", "Kode", "", "Uraian", "Target Kinerja"], ["", "Program", "Kegiatan", "", ""]]
    body = [["1", "01.", "001.", "Penyediaan alat tulis kantor", "12 bulan"],
            ["2", "01.", "002.", "Penyediaan jasa kebersihan kantor", "1 paket"]]
    rows = _rows(tmp_path, TableSpec([30, 50, 60, 200, 70], head, body, spans=[(0, 1, 2)]))
    assert [(r.indikator, r.target) for r in rows] == [("Penyediaan alat tulis kantor", "12 bulan"),
                                                       ("Penyediaan jasa kebersihan kantor", "1 paket")]
    assert [r.sasaran for r in rows] == [None, None]


def test_a_label_broken_over_two_header_rows_keeps_its_field(tmp_path: Path):
    """'Indikator' over 'Kinerja' in one column is one label, not a parent over a sub-column 'Kinerja'."""
    head = [["No", "Sasaran", "Indikator", "Target"], ["", "", "Kinerja", ""]]
    body = [["1", "Meningkatnya layanan", "Persentase layanan tepat waktu", "90%"]]
    rows = _rows(tmp_path, TableSpec([30, 150, 200, 60], head, body))
    assert [(r.sasaran, r.indikator, r.target) for r in rows] == [
        ("Meningkatnya layanan", "Persentase layanan tepat waktu", "90%")]


def test_a_first_body_row_naming_header_words_is_no_header_row(tmp_path: Path):
    """Body cells that hold a header word ("Realisasi" in a formula, "Capaian" in a data source) do not make
    the first body row a second header row: a cell holding a sentence is the body's."""
    head = [["Sasaran", "Indikator Kinerja", "Formula", "Target", "Sumber Data"]]
    body = [["Meningkatnya akuntabilitas keuangan", "Persentase serapan anggaran belanja",
             "Realisasi belanja kecamatan dibandingkan dengan pagu belanja kecamatan x 100 persen", "96",
             "Laporan Realisasi Anggaran"],
            ["", "Jumlah dokumen laporan aset yang disusun", "Jumlah dokumen laporan aset", "2", "Capaian Umum"]]
    rows = _rows(tmp_path, TableSpec([120, 130, 200, 50, 90], head, body))
    assert [(r.indikator, r.sumber_data) for r in rows] == [(b[1], b[4]) for b in body]


def test_a_ruled_row_whose_indikator_was_not_read_stays_a_row(tmp_path: Path):
    # the indikator struck through by hand: OCR reads only its dash, the Penjelasan beside it is whole
    head = [["Indikator Kinerja", "Target", "Penjelasan"]]
    body = [["- Jumlah dokumen anggaran", "2 Dokumen", "Dokumen disusun bersama seluruh bidang setiap tahun"],
            ["-", "", "Belanja rutin dihitung dari realisasi bulanan dan dilaporkan tiap semester"],
            ["- Jumlah laporan keuangan", "4 Laporan", "Laporan disusun tiap triwulan oleh bendahara"]]
    d = extract(build(TableSpec([150, 60, 220], head, body), tmp_path / "struck.pdf"))
    assert [r.indikator for r in d.indicators] == ["- Jumlah dokumen anggaran", "-", "- Jumlah laporan keuangan"]
    assert d.indicators[0].target == "2 Dokumen"  # the dash is not glued to the row above


def test_a_lone_dash_with_nothing_beside_it_is_no_row(tmp_path: Path):
    head = [["Indikator Kinerja", "Target", "Penjelasan"]]
    body = [["Jumlah dokumen anggaran", "2 Dokumen", "Dokumen disusun bersama seluruh bidang setiap tahun"],
            ["-", "", ""],
            ["Jumlah laporan keuangan", "4 Laporan", "Laporan disusun tiap triwulan oleh bendahara"]]
    d = extract(build(TableSpec([150, 60, 220], head, body), tmp_path / "dash.pdf"))
    assert len(d.indicators) == 2  # the dash joins the row above, as text spilled below it
    assert d.indicators[1].indikator == "Jumlah laporan keuangan"


def test_a_budget_forms_code_levels_follow_the_runs_own_header_vocabulary(tmp_path: Path):
    # the code columns per level come from the vocabulary the document is read with, a user's file included
    from iku.resources.vocab import headers
    from iku.stages.tables import code_levels

    labels = ["Rek Program", "Rek Kegiatan", "Uraian", "Target"]
    assert code_levels(labels, headers()) == []
    user = tmp_path / "headers.toml"
    user.write_text('[[field]]\nname = "kode"\nphrases = ["rekprogram", "rekkegiatan"]\n', encoding="utf-8")
    assert code_levels(labels, headers(user)) == [[0], [1]]
    assert code_levels(["Kode Program", "Kode Kegiatan", "Uraian"], headers()) == [[0], [1]]


def test_a_two_word_region_name_wrapped_over_lines_stays_two_words(tmp_path: Path):
    """A region's name wrapped at the cell's edge ("Provinsi Jawa" / "Barat") is two words, not a word broken
    inside itself, though its letters glued are a known name."""
    body = [[*BODY[0][:4], "Dinas Pangan\nProvinsi Jawa\nBarat"], BODY[1], BODY[2]]
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, body))
    assert rows[0].sumber_data == "Dinas Pangan Provinsi Jawa Barat"


def test_a_title_case_level_heading_on_its_own_line_sets_the_level(tmp_path: Path):
    """"Lampiran 1" / "Indikator Kinerja Utama" in title case above the table: the rows are IKU, as under the
    upper-case heading; the phrase inside a sentence sets nothing."""
    spec = TableSpec(WIDTHS, HEAD, BODY, above=["Lampiran 1", "Indikator Kinerja Utama"])
    d = extract(build(spec, tmp_path / "iku.pdf"))
    assert {r.level for r in d.indicators} == {"IKU"} and d.document_type == "IKU"
    spec = TableSpec(WIDTHS, HEAD, BODY, above=["Lampiran 1", "Daftar ini memuat Indikator Kinerja Utama dinas"])
    d = extract(build(spec, tmp_path / "prose.pdf"))
    assert {r.level for r in d.indicators} == {"IKI"}


def test_indicator_cells_numbered_in_turn_lose_their_numbers(tmp_path: Path):
    """Each indicator cell opens with its number, 1, 2, 3 in turn ("1 Persentase ..."): the numbers are the
    rows'. One number opening a single indicator ("100 Desa ...") is the indicator's own."""
    body = [[b[0], b[1], f"{k} {b[2][0].upper()}{b[2][1:]}", b[3], b[4]] for k, b in enumerate(BODY, 1)]
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, body))
    assert [r.indikator for r in rows] == [b[2] for b in BODY]
    body = [BODY[0], [BODY[1][0], BODY[1][1], "100 Desa yang dibina", *BODY[1][3:]], BODY[2]]
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, body))
    assert rows[1].indikator == "100 Desa yang dibina"


def test_a_sasaran_cell_opening_with_its_outline_number_loses_it(tmp_path: Path):
    """"1. Meningkatnya ..." and "2 Meningkatnya ..." (Excel sheets number the sasaran inside their cell): the
    number is the outline's, not the sasaran's words."""
    numbered = zip((1, 0, 2), BODY, strict=True)
    body = [[b[0], f"{k}{'.' if k == 1 else ''} {b[1]}" if b[1] else "", *b[2:]] for k, b in numbered]
    rows = _rows(tmp_path, TableSpec(WIDTHS, HEAD, body))
    assert [r.sasaran for r in rows] == [BODY[0][1], BODY[0][1], BODY[2][1]]


def test_a_labels_last_letter_wrapped_below_it_completes_the_label(tmp_path: Path):
    """A narrow column wraps "TARGET" as "TARGE" over "T": the lone letter completes the label, though the
    label above already holds that letter."""
    head = [["No", "Sasaran Strategis", "Indikator Kinerja", "TARGE", "Sumber Data"], ["", "", "", "T", ""]]
    body = [[b[0], b[1], b[2], t, b[4]] for b, t in zip(BODY, ("80%", "85", "12 desa"), strict=True)]
    rows = _rows(tmp_path, TableSpec([30, 120, 130, 34, 80], head, body))
    assert [r.target for r in rows] == ["80%", "85", "12 desa"]


@pytest.mark.parametrize("label", ["Target %", "Target (%)"])
def test_the_unit_printed_in_the_target_label_is_the_satuan(tmp_path: Path, label: str):
    """No Satuan column, bare values under "Target %": the label's unit is each row's satuan."""
    head = [["No", "Sasaran Strategis", "Indikator Kinerja", label]]
    body = [[b[0], b[1], b[2], v] for b, v in zip(BODY, ("55,56", "94,00", "21"), strict=True)]
    rows = _rows(tmp_path, TableSpec([30, 150, 200, 60], head, body))
    assert [(r.target, r.satuan) for r in rows] == [("55,56", "%"), ("94,00", "%"), ("21", "%")]


def test_row_rules_without_column_rules_part_the_indicators_beside_a_merged_sasaran(tmp_path: Path):
    """A table ruled with horizontal strokes only (no column rules), each drawn one piece per cell: the
    stroke between two indicators of one sasaran leaves the sasaran column open, and the sasaran's text runs
    on below it. The stroke still parts the two indicators."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    xs = [50.0, 160.0, 330.0, 390.0, 520.0]
    path = tmp_path / "hlines.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8)

    def text(col: int, top: float, lines: list[str]) -> None:
        for i, ln in enumerate(lines):
            c.drawString(xs[col] + 3, top - 10 * (i + 1), ln)

    def rule(y: float, first: int = 0) -> None:
        for a, b in pairwise(xs[first:]):  # one piece per cell, as Word and Excel draw them
            c.line(a, y, b, y)

    y = 760.0
    rule(y)
    for k, label in enumerate(["Sasaran", "Indikator Kinerja", "Target", "Sumber Data"]):
        text(k, y, [label])
    y -= 16
    rule(y)
    text(0, y, ["Meningkatnya akuntabilitas", "kinerja dan keuangan", "perangkat daerah", "kecamatan"])
    text(1, y, ["Nilai evaluasi SAKIP", "Kecamatan"])
    text(2, y, ["BB"])
    text(3, y, ["Laporan hasil evaluasi"])
    rule(y - 25, first=1)  # under the first indicator: the sasaran's text goes on below it
    text(1, y - 25, ["Persentase realisasi", "anggaran belanja"])
    text(2, y - 25, ["95"])
    text(3, y - 25, ["Laporan realisasi"])
    rule(y - 50)
    text(0, y - 50, ["Terciptanya ketertiban umum"])
    text(1, y - 50, ["Persentase konflik sosial", "yang diselesaikan"])
    text(2, y - 50, ["100"])
    text(3, y - 50, ["Notulen rapat"])
    rule(y - 75)
    c.showPage()
    c.save()
    d = extract(path)
    assert [r.indikator for r in d.indicators] == [
        "Nilai evaluasi SAKIP Kecamatan", "Persentase realisasi anggaran belanja",
        "Persentase konflik sosial yang diselesaikan"]
    assert [r.target for r in d.indicators] == ["BB", "95", "100"]
    assert d.indicators[1].sasaran == "Meningkatnya akuntabilitas kinerja dan keuangan perangkat daerah kecamatan"


def test_a_label_centred_over_year_columns_of_an_unruled_table_does_not_hide_their_boundary(tmp_path: Path):
    """No rules at all; "TARGET KINERJA" centred over three year columns, whose labels are centred and whose
    values are printed at their columns' left: only the boundary under the merged label parts two of them.
    Each year keeps its own value."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    xs = [50.0, 180.0, 330.0, 390.0, 450.0, 510.0]  # sasaran, indikator, 3 years, sumber data
    path = tmp_path / "years.pdf"
    c = Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8)

    def centred(a: float, b: float, y: float, s: str) -> None:
        c.drawCentredString((a + b) / 2, y, s)

    centred(xs[0], xs[1], 752, "SASARAN")
    centred(xs[1], xs[2], 752, "INDIKATOR KINERJA")
    centred(xs[2], xs[5], 760, "TARGET KINERJA")
    for k, year in enumerate(["2026", "2027", "2028"]):
        centred(xs[2 + k], xs[3 + k], 745, year)
    centred(xs[5], xs[5] + 80, 752, "SUMBER DATA")
    rows = [("Meningkatnya layanan", "Indeks kepuasan warga", ["80", "82", "84"], "Laporan survei"),
            ("Meningkatnya tertib arsip", "Persentase arsip tertata", ["BB", "A", "AA"], "Laporan arsip")]
    y = 720
    for sasaran, indikator, targets, sumber in rows:
        c.drawString(xs[0] + 3, y, sasaran)
        c.drawString(xs[1] + 3, y, indikator)
        for k, t in enumerate(targets):
            c.drawString(xs[2 + k] + 3, y, t)  # values at the column's left, labels centred
        c.drawString(xs[5] + 3, y, sumber)
        y -= 24
    c.showPage()
    c.save()
    d = extract(path)
    assert [r.indikator for r in d.indicators] == [r[1] for r in rows]
    assert [r.target for r in d.indicators] == [dict(zip(["2026", "2027", "2028"], r[2], strict=True)) for r in rows]


def test_kondisi_target_column_is_the_target_unless_another_column_is(tmp_path: Path):
    """"Kondisi/Target pada Awal Periode" is a sheet's target when no column names one; beside the period's
    target column it is the baseline."""
    head = [["No", "Indikator Kinerja", "Kondisi/Target pada Awal Periode", "Sumber Data"]]
    body = [["1.", "Persentase permohonan yang selesai tepat waktu", "85%", "Register layanan"],
            ["2.", "Jumlah desa yang dibina", "12 Desa", "Laporan pembinaan"]]
    rows = _rows(tmp_path, TableSpec([30, 160, 90, 80], head, body))
    assert [r.target for r in rows] == ["85%", "12 Desa"]
    head = [["No", "Indikator Kinerja", "Kondisi/Target pada Awal Periode", "Target 2025", "Sumber Data"]]
    body = [[b[0], b[1], b[2], t, b[3]] for b, t in zip(body, ["90%", "15 Desa"], strict=True)]
    (tmp_path / "b").mkdir()
    rows = _rows(tmp_path / "b", TableSpec([30, 160, 90, 60, 80], head, body))
    assert [r.target for r in rows] == ["90%", "15 Desa"]


def _placed(top: float, items: list[tuple[float, str]]) -> list:
    """Words of one OCR'd line: each (x, text) laid out from x, 5.5 points a character."""
    from iku.core.layout import Word

    out = []
    for x, text in items:
        for t in text.split():
            out.append(Word(t, x, top, x + 5.5 * len(t), top + 9, page=1, conf=0.9))
            x += 5.5 * len(t) + 4
    return out


@pytest.mark.parametrize("title", [["INDIKATOR KINERJA", "UTAMA"], ["Jabatan (Eselon III) :", "Sekretaris Kecamatan"]])
def test_unruled_table_title_right_above_the_header_is_no_label(title: list[str]):
    """A scan of a table without rules, its title ("INDIKATOR KINERJA UTAMA", or a position's label) set right
    above the header with its words over the first columns: the title is no piece of their labels (the first
    column would read "INDIKATOR KINERJA Sasaran", an indikator); the table starts at its header."""
    from iku.core.layout import PageLayout
    from iku.resources.vocab import header_vocabulary
    from iku.stages.unruled import text_grid

    page = PageLayout(number=1, width=842, height=595, kind="ocr")
    page.words = (
        _placed(96, [(60, title[0]), (178, title[1])])
        + _placed(108, [(70, "Sasaran"), (190, "Indikator"), (290, "Definisi"), (430, "Rumus"), (525, "Target"),
                        (605, "Sumber"), (685, "Penanggung")])
        + _placed(120, [(195, "Sasaran"), (287, "Operasional"), (610, "Data"), (695, "Jawab")])
        + _placed(134, [(85, "1"), (205, "2"), (310, "3"), (435, "4"), (535, "5"), (615, "6"), (700, "7")])
        + _placed(150, [(62, "Meningkatnya peran"), (180, "Persentase kelompok"), (290, "Kelompok usaha yang"),
                        (425, "Jumlah kelompok usaha"), (530, "75"), (605, "Data Seksi"), (685, "Kasi")])
        + _placed(162, [(62, "serta masyarakat"), (180, "usaha warga yang"), (290, "mendapat pembinaan"),
                        (425, "dibagi jumlah kelompok"), (605, "Pemberdayaan"), (685, "Pemberdayaan")])
        + _placed(174, [(62, "dalam pembangunan"), (180, "dibina"), (290, "kecamatan"), (425, "dikali 100%")]))
    (grid,) = text_grid(page, [], header_vocabulary())
    assert min(b[1] for b in grid) > 105  # below the title's words (96-105)


def test_ocr_debris_at_a_body_cells_ends_goes_and_its_words_stay(lexicon):
    """A stamp's edge or a speck read after a cell's text, or before it, as a short unsure token no word of the
    lexicon ("kecamatan foe:", "zk Patroli") is no part of it; a short known word, a number, an acronym, a sure
    token or one inside the text stays, and so does a lone letter (a label's "N o")."""
    from iku.core.layout import Word
    from iku.stages.tables import edge_debris_free

    def line(text: str, top: float, confs: dict[str, float]) -> list[Word]:
        return [Word(t, 10 + 40 * i, top, 10 + 40 * i + 6 * len(t), top + 9, page=1, conf=confs.get(t, 0.9))
                for i, t in enumerate(text.split())]

    words = line("Rancangan peraturan desa yang", 0, {}) + line("dikaji oleh kecamatan foe:", 12, {"foe:": 0.42})
    assert " ".join(w.text for w in edge_debris_free(words, lexicon)) == \
        "Rancangan peraturan desa yang dikaji oleh kecamatan"
    assert [w.text for w in edge_debris_free(line("zk Patroli bersama xq", 0, {"zk": 0.5, "xq": 0.47}), lexicon)] \
        == ["Patroli", "bersama"]
    for kept in ("Laporan desa 100", "Laporan desa PKK", "Laporan zk desa", "Laporan desa di", "Laporan desa a"):
        words = line(kept, 0, {w: 0.4 for w in kept.split()[1:]})
        assert [w.text for w in edge_debris_free(words, lexicon)] == kept.split(), kept
    sure = line("Laporan desa zk", 0, {"zk": 0.9})
    assert len(edge_debris_free(sure, lexicon)) == 3


def test_a_first_body_row_without_its_number_is_no_header_row(tmp_path: Path):
    """The first row under the header with its number left out (or lost by OCR), its cells naming fields in
    passing ("Realisasi belanja ...", "Laporan Realisasi Anggaran"): body phrases in small letters, so a row of
    its own, not a second header row; a header's lower row of labels ("Prakiraan Maju Rencana Tahun 2020",
    capitalised, or spanning down) still is one."""
    head = [["No", "Sasaran", "Indikator Kinerja", "Cara Perhitungan", "Target", "Sumber Data"]]
    body = [["", "Meningkatnya akuntabilitas keuangan dan aset kecamatan",
             "Persentase serapan anggaran belanja kecamatan",
             "Realisasi belanja kecamatan dibagi pagu belanja kecamatan", "96", "Laporan Realisasi Anggaran"],
            ["2", "Terwujudnya ketenteraman dan ketertiban", "Persentase laporan gangguan yang ditindaklanjuti",
             "Jumlah laporan yang ditindaklanjuti dibagi jumlah laporan masuk", "90", "Buku Laporan Trantib"]]
    rows = _rows(tmp_path, TableSpec([25, 110, 110, 130, 35, 80], head, body))
    assert [r.indikator for r in rows] == [b[2] for b in body]
