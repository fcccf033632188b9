"""Forms printed by report writers (Crystal Reports, Excel): boxes per field, text not clipped to them, several
levels of indicators in one table (tests/tablekit.py draws them)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth
from tablekit import TableSpec, Text, build, build_boxes, build_pages

from iku import extract

# a Renja: No | Program / Kegiatan | Lokasi | Indikator Kinerja (Hasil Program: Tolok Ukur, Target; Kegiatan:
# Keluaran with "Tolok Ukur  Target" printed in one box) | Pagu
RENJA_X = [40, 100, 230, 300, 420, 470, 640, 700]
RENJA_BODY = [(125, 155), (155, 185), (185, 215)]


def _renja(path: Path, lokasi_runs_on: bool) -> Path:
    xs, body = RENJA_X, RENJA_BODY
    boxes = [(40, 80, 100, 125), (100, 80, 230, 125), (230, 80, 300, 125), (300, 80, 640, 95), (640, 80, 700, 125),
             (300, 95, 470, 110), (470, 95, 640, 110), (300, 110, 420, 125), (420, 110, 470, 125), (470, 110, 640, 125)]
    boxes += [(a, top, b, bottom) for top, bottom in body for a, b in pairwise(xs)]
    texts = [Text(42, 100, "No"), Text(102, 100, "Program / Kegiatan"), Text(232, 100, "Lokasi"),
             Text(430, 84, "Indikator Kinerja"), Text(650, 100, "Pagu"), Text(340, 99, "Hasil Program"),
             Text(530, 99, "Kegiatan"), Text(330, 114, "Tolok Ukur"), Text(425, 114, "Target"),
             Text(480, 114, "Tolok Ukur"), Text(590, 114, "Target")]
    rows = [
        ("1.01.", ["PROGRAM PELAYANAN", "KANTOR"], "", ["Terlaksananya administrasi", "perkantoran"], "100 %",
         [], "", "500.000"),
        ("1.01.001.", ["Penyediaan alat tulis"], "Kelurahan Sukamaju Kulon" if lokasi_runs_on else "Kecamatan",
         [], "", ["Tersedianya alat tulis", "kantor"], "12 bulan", "200.000"),
        ("1.01.002.", ["Penyediaan jasa kebersihan"], "Kecamatan", [], "", ["Terbayarnya jasa", "kebersihan"],
         "1 paket", "300.000"),
    ]
    for (top, _), (no, prog, lokasi, tolok, target, keluaran, k_target, pagu) in zip(body, rows, strict=True):
        texts.append(Text(42, top + 3, no))
        texts += [Text(102, top + 3 + 10 * i, s, bold=not keluaran) for i, s in enumerate(prog)]
        if lokasi:
            # a field wider than its box: printed whole, its first words ending right at the box's edge
            first = " ".join(lokasi.split()[:2])
            x = 299.6 - stringWidth(first, "Helvetica", 8.0) if lokasi_runs_on else 232
            texts.append(Text(x, top + 3, lokasi))
        texts += [Text(302, top + 3 + 10 * i, s) for i, s in enumerate(tolok)]
        if target:
            texts.append(Text(422, top + 3, target))
        texts += [Text(480, top + 3 + 10 * i, s) for i, s in enumerate(keluaran)]
        if k_target:
            texts.append(Text(590, top + 3, k_target))
        texts.append(Text(650, top + 3, pagu))
    return build_boxes(path, boxes, texts)


EXPECTED = [("Terlaksananya administrasi perkantoran", "100 %"), ("Tersedianya alat tulis kantor", "12 bulan"),
            ("Terbayarnya jasa kebersihan", "1 paket")]


def test_renja_kegiatan_rows_read_from_the_second_tolok_ukur(tmp_path: Path):
    """A programme's indicator sits under Hasil Program, each kegiatan's under Keluaran, whose Tolok Ukur and
    Target the report printed in one box: every row is read from the pair it fills, its target beside it."""
    d = extract(_renja(tmp_path / "renja.pdf", lokasi_runs_on=False))
    assert [(r.indikator, r.target) for r in d.indicators] == EXPECTED


def test_text_run_past_its_box_stays_in_its_cell(tmp_path: Path):
    """A Lokasi longer than its box, printed on past the rule into the (empty) Tolok Ukur column of a kegiatan
    row: its last word is the Lokasi's, not an indicator of the programme level."""
    d = extract(_renja(tmp_path / "renja.pdf", lokasi_runs_on=True))
    assert [(r.indikator, r.target) for r in d.indicators] == EXPECTED


def _dpa(path: Path, signed: bool = False) -> Path:
    xs = [40, 80, 120, 300, 380, 460, 560]
    cols = list(pairwise(xs))
    # the frame's first band: a logo box, the title, the form's name; then caption bands across the frame
    boxes = [(40, 40, 120, 60), (120, 40, 480, 60), (480, 40, 560, 60), (40, 60, 560, 75), (40, 75, 560, 90),
             (40, 90, 120, 105), (40, 105, 80, 120), (80, 105, 120, 120)] + [(a, 90, b, 120) for a, b in cols[2:]]
    boxes += [(a, 120, b, 130) for a, b in cols]
    body = [(130, 158), (158, 200), (200, 230)]
    boxes += [(a, top, b, bottom) for top, bottom in body for a, b in cols]
    texts = [Text(200, 44, "DOKUMEN PELAKSANAAN ANGGARAN", bold=True), Text(490, 44, "Formulir DPA 2.2"),
             Text(42, 63, "ORGANISASI : 1.01.05. - KECAMATAN SUKAMAJU"),
             Text(200, 78, "Rekapitulasi Belanja Langsung berdasarkan Program dan Kegiatan", bold=True),
             Text(70, 93, "Kode"), Text(42, 109, "Program"), Text(82, 109, "Kegiatan"), Text(180, 100, "Uraian"),
             Text(302, 100, "Lokasi Kegiatan"), Text(382, 100, "Target Kinerja"), Text(480, 100, "Jumlah")]
    texts += [Text((a + b) / 2, 121, str(i + 1)) for i, (a, b) in enumerate(cols)]
    # the programme's title, in a larger font, grows past its row into the next one
    texts += [Text(42, 132, "01.", size=10, bold=True)] + [
        Text(122, top, s, size=10, bold=True) for top, s in ((132, "Program Pelayanan"), (143, "Administrasi"),
                                                             (152, "Perkantoran"), (163, "Umum"))]
    for top, code, name, target, amount in ((176, "001.", "Penyediaan Jasa Surat Menyurat", "1 paket",
                                             "1.000.000,00"),
                                            (203, "002.", "Penyediaan Jasa Kebersihan Kantor", "12 bulan",
                                             "2.000.000,00")):
        texts += [Text(82, top, code), Text(122, top, name), Text(302, top, "Kecamatan"), Text(382, top, target),
                  Text(480, top, amount)]
    if signed:  # the approval signed in the frame's last box, across all its columns
        boxes.append((40, 230, 560, 330))
        texts += [Text(420, 234, "Sukoharjo,"), Text(420, 246, "Mengesahkan,"),
                  Text(400, 256, "Pejabat Pengelola Keuangan Daerah"), Text(410, 306, "Drs. BUDI SANTOSO, M.M"),
                  Text(410, 316, "NIP : 19650101 199003 1 004")]
    return build_boxes(path, boxes, texts)


def test_budget_form_with_its_title_in_the_frame_and_programme_headings(tmp_path: Path):
    """A DPA: title and caption bands inside the table's frame above the column labels, a programme's title
    (Kode Program, no Kode Kegiatan, no target) over its kegiatan and growing into the first one's box: the
    kegiatan with their targets are the rows, named without the programme's words."""
    d = extract(_dpa(tmp_path / "dpa.pdf"))
    assert [(r.indikator, r.target) for r in d.indicators] == [
        ("Penyediaan Jasa Surat Menyurat", "1 paket"), ("Penyediaan Jasa Kebersihan Kantor", "12 bulan")]
    # the title bands are the document's text, not the table's: they name the issuing unit
    assert (d.issuer_kind, d.issuer_name) == ("kecamatan", "KECAMATAN SUKAMAJU")


def test_budget_form_signed_inside_its_frame(tmp_path: Path):
    """The approval block printed in the frame's last box, across the table: its lines are the document's
    signature (name, NIP), and no row."""
    d = extract(_dpa(tmp_path / "dpa.pdf", signed=True))
    assert len(d.indicators) == 2
    assert (d.signatory.name, d.signatory.nip) == ("Drs. BUDI SANTOSO, M.M", "196501011990031004")
    # "Sukoharjo," with no date: a region's name alone is where it is signed ("Mengesahkan," is no place)
    assert d.place == "Sukoharjo"


def test_row_cut_by_the_page_break_does_not_end_the_table(tmp_path: Path):
    """Excel prints a row broken by the page break cut at the bottom border: its next line stands right on the
    rule, below the grid. That is the row going on, not a paragraph after the table: the next page's grid,
    without a header of its own, continues it."""
    xs = [40, 70, 250, 450, 560]
    cols = list(pairwise(xs))
    head = [Text(42, 93, "No"), Text(72, 93, "Sasaran Strategis"), Text(252, 93, "Indikator Kinerja"),
            Text(452, 93, "Sumber Data")]
    rows1 = [(105, 140, "1.", "Meningkatnya layanan publik", "Persentase layanan tepat waktu", "Register"),
             (140, 300, "2.", "Meningkatnya mutu hasil perikanan yang", "Persentase produk yang memenuhi standar",
              "Laporan uji")]
    texts1 = list(head)
    for top, _, no, sas, ind, src in rows1:
        texts1 += [Text(42, top + 3, no), Text(72, top + 3, sas), Text(252, top + 3, ind), Text(452, top + 3, src)]
    texts1.append(Text(72, 299.7, "memenuhi sistem jaminan mutu"))  # cut by the border at y = 300
    boxes1 = [(a, 90, b, 105) for a, b in cols] + [(a, t, b, u) for t, u, *_ in rows1 for a, b in cols]
    rows2 = [(40, 60), (60, 95)]
    boxes2 = [(a, t, b, u) for t, u in rows2 for a, b in cols]
    texts2 = [Text(72, 43, "ikan dan keamanan pangan"), Text(42, 63, "3."), Text(72, 63, "Meningkatnya ketersediaan"),
              Text(252, 63, "Ketersediaan ikan per kapita"), Text(452, 63, "BPS")]
    d = extract(build_pages(tmp_path / "cut.pdf", [(boxes1, texts1), (boxes2, texts2)]))
    assert [r.indikator for r in d.indicators] == [
        "Persentase layanan tepat waktu", "Persentase produk yang memenuhi standar", "Ketersediaan ikan per kapita"]


def test_indicator_heading_merged_across_the_programme_columns(tmp_path: Path):
    """An LKIP's programme table: an indicator printed in a cell merged across Indikator and Program, nothing
    beside it, heads the indicators listed under it with their programmes and budgets: it names them, it is no
    row of its own."""
    head = [["No", "Sasaran Strategis", "Indikator Kinerja", "Program", "Anggaran (Rp)"]]
    body = [["1.", "Meningkatnya produksi perikanan", "Persentase peningkatan produksi perikanan", "", ""],
            ["", "", "Produksi perikanan budidaya", "Program Pengembangan Budidaya", "1.000.000"],
            ["", "", "Produksi perikanan tangkap", "Program Pengembangan Perikanan Tangkap", "2.000.000"]]
    d = extract(build(TableSpec([30, 130, 160, 160, 70], head, body, spans=[(1, 2, 3)]), tmp_path / "lead.pdf"))
    assert [r.indikator for r in d.indicators] == [
        "Persentase peningkatan produksi perikanan: Produksi perikanan budidaya",
        "Persentase peningkatan produksi perikanan: Produksi perikanan tangkap"]
    assert {r.sasaran for r in d.indicators} == {"Meningkatnya produksi perikanan"}


def test_dotted_rules_part_rows(tmp_path: Path):
    """Excel draws a dotted border dot by dot (0.8 pt squares): those rows of dots are rules, so each
    sub-indicator with its own values is a row."""
    head = [["No", "Indikator Kinerja", "Satuan", "Target"]]
    body = [["1.", "Produksi perikanan budidaya", "%", "5.00"], ["", "Produksi perikanan tangkap", "%", "1.58"],
            ["", "Produksi olahan", "%", "10.00"]]
    d = extract(build(TableSpec([30, 200, 60, 60], head, body, ruling="dots"), tmp_path / "dots.pdf"))
    assert [(r.indikator, r.target) for r in d.indicators] == [(b[1], b[3]) for b in body]


def _bold_lead(path: Path, all_bold: bool) -> Path:
    xs = [40, 70, 300, 360, 420]
    cols = list(pairwise(xs))
    rows = [(105, 118), (118, 131), (131, 144)]
    boxes = [(a, 90, b, 105) for a, b in cols] + [(a, t, b, u) for t, u in rows for a, b in cols]
    texts = [Text(42, 93, "No"), Text(72, 93, "Indikator Kinerja"), Text(302, 93, "Satuan"), Text(362, 93, "Target"),
             Text(42, 108, "1."), Text(72, 108, "Persentase peningkatan produksi", bold=True)]
    for (top, _), (name, target) in zip(rows[1:], (("Produksi budidaya", "5.00"), ("Produksi tangkap", "1.58")),
                                        strict=True):
        texts += [Text(72, top + 3, name, bold=all_bold), Text(302, top + 3, "%"), Text(362, top + 3, target)]
    return build_boxes(path, boxes, texts)


def test_bold_indicator_without_values_heads_the_rows_below(tmp_path: Path):
    """A bold indicator whose Satuan and Target cells are blank, over sub-indicators in regular weight with their
    own values: it names them and is no row of its own. In a table set in bold throughout it stays a row."""
    d = extract(_bold_lead(tmp_path / "bold.pdf", all_bold=False))
    assert [(r.indikator, r.target) for r in d.indicators] == [
        ("Persentase peningkatan produksi: Produksi budidaya", "5.00"),
        ("Persentase peningkatan produksi: Produksi tangkap", "1.58")]
    d = extract(_bold_lead(tmp_path / "all_bold.pdf", all_bold=True))
    assert [r.indikator for r in d.indicators] == [
        "Persentase peningkatan produksi", "Produksi budidaya", "Produksi tangkap"]


def test_merged_indicator_cell_over_rows_of_values(tmp_path: Path):
    """One indikator cell merged over three ruled rows, each row with its own Satuan and Target: the cell's
    lines are parted where each row's first line starts, one indicator per row of values."""
    xs = [40, 70, 300, 360, 420]
    cols = list(pairwise(xs))
    rows = [(105, 136), (136, 146), (146, 175)]  # Excel's row heights: the text runs on evenly spaced across them
    boxes = [(a, 90, b, 105) for a, b in cols] + [(40, 105, 70, 175), (70, 105, 300, 175)]
    boxes += [(a, t, b, u) for t, u in rows for a, b in cols[2:]]
    texts = [Text(42, 93, "No"), Text(72, 93, "Indikator Kinerja"), Text(302, 93, "Satuan"), Text(362, 93, "Target"),
             Text(42, 108, "3."), Text(72, 108, "Persentase penurunan kasus"), Text(72, 118, "pelanggaran perikanan"),
             Text(72, 128, "dan kelautan"), Text(72, 138, "a. Jumlah kawasan konservasi"),
             Text(72, 148, "b. Jumlah benih ditebar"), Text(72, 158, "di perairan umum")]
    for (top, _), (unit, target) in zip(rows, (("%", "20.00"), ("Kawasan", "1.00"), ("ekor", "6.000")), strict=True):
        texts += [Text(302, top + 1, unit), Text(362, top + 1, target)]
    d = extract(build_boxes(tmp_path / "merged.pdf", boxes, texts))
    assert [(r.indikator, r.target) for r in d.indicators] == [
        ("Persentase penurunan kasus pelanggaran perikanan dan kelautan", "20.00"),
        ("a. Jumlah kawasan konservasi", "1.00"), ("b. Jumlah benih ditebar di perairan umum", "6.000")]


def _lettered_under_paragraph(path: Path, heading: str) -> Path:
    """One indikator cell merged over three ruled rows of values: an indicator that wraps over three lines,
    then `heading` on lines of its own, then lettered items, one per row of values."""
    xs = [40, 70, 225, 285, 345]
    cols = list(pairwise(xs))
    rows = [(105, 160), (160, 170), (170, 180)]
    boxes = [(a, 90, b, 105) for a, b in cols] + [(40, 105, 70, 180), (70, 105, 225, 180)]
    boxes += [(a, t, b, u) for t, u in rows for a, b in cols[2:]]
    lines = ["Persentase penurunan kasus pelanggaran", "sektor perikanan dan kelautan yang",
             "ditangani (illegal fishing)", *heading.split("\n")]
    texts = [Text(42, 93, "No"), Text(72, 93, "Indikator Kinerja"), Text(227, 93, "Satuan"), Text(287, 93, "Target"),
             Text(42, 108, "3.")] + [Text(72, 108 + 10 * i, t) for i, t in enumerate(lines)]
    texts += [Text(72, 161, "a. Jumlah kawasan konservasi"), Text(72, 171, "b. Jumlah benih ikan ditebar")]
    for (top, _), (unit, target) in zip(rows, (("%", "20.00"), ("Kawasan", "1.00"), ("ekor", "6.000")), strict=True):
        texts += [Text(227, top + 1, unit), Text(287, top + 1, target)]
    return build_boxes(path, boxes, texts)


def test_a_paragraph_over_lettered_items_leads_them_not_the_indicator_above(tmp_path: Path):
    # the writer broke the line after "(illegal fishing)" (the next word would have fitted): a new paragraph,
    # a heading over a. and b.
    d = extract(_lettered_under_paragraph(tmp_path / "lead.pdf",
                                          "Kawasan rehabilitasi dan revitalisasi\nekosistem pesisir dan perairan umum"))
    head = "Kawasan rehabilitasi dan revitalisasi ekosistem pesisir dan perairan umum"
    assert [(r.indikator, r.target) for r in d.indicators] == [
        ("Persentase penurunan kasus pelanggaran sektor perikanan dan kelautan yang ditangani (illegal fishing)",
         "20.00"),
        (f"{head}: Jumlah kawasan konservasi", "1.00"), (f"{head}: Jumlah benih ikan ditebar", "6.000")]


def test_wrapped_lines_over_lettered_items_stay_the_indicator(tmp_path: Path):
    # the last line continues a wrapped sentence (lower case): no paragraph of its own, nothing leads a. and b.
    d = extract(_lettered_under_paragraph(tmp_path / "wrap.pdf", "di perairan umum"))
    ind = [r.indikator for r in d.indicators]
    assert ind[0] == ("Persentase penurunan kasus pelanggaran sektor perikanan dan kelautan yang ditangani "
                      "(illegal fishing) di perairan umum")
    assert len(ind) == 3 and not any(":" in i for i in ind[1:])


def test_text_in_a_slot_no_box_covers_is_read_with_its_row(tmp_path: Path):
    """Excel cut the last row at the page break and left its first columns' borders undrawn, while the other
    columns' boxes stand: the No and Sasaran printed there still belong to that row."""
    xs = [40, 70, 250, 450, 560]
    cols = list(pairwise(xs))
    boxes = [(a, 90, b, 105) for a, b in cols] + [(a, 105, b, 135) for a, b in cols]
    boxes += [(a, 135, b, 170) for a, b in cols[2:]]  # the cut row: boxes in the last two columns only
    texts = [Text(42, 93, "No"), Text(72, 93, "Sasaran Strategis"), Text(252, 93, "Indikator Kinerja"),
             Text(452, 93, "Sumber Data"),
             Text(42, 108, "1."), Text(72, 108, "Meningkatnya layanan publik"),
             Text(252, 108, "Persentase layanan tepat waktu"), Text(452, 108, "Register"),
             Text(42, 138, "2."), Text(72, 138, "Meningkatnya ketersediaan pangan"),
             Text(252, 138, "Jumlah cadangan pangan"), Text(452, 138, "Laporan")]
    d = extract(build_boxes(tmp_path / "cut.pdf", boxes, texts))
    assert [(r.sasaran, r.indikator) for r in d.indicators] == [
        ("Meningkatnya layanan publik", "Persentase layanan tepat waktu"),
        ("Meningkatnya ketersediaan pangan", "Jumlah cadangan pangan")]


def test_a_gutter_named_by_its_year_alone_does_not_override_the_years_target(tmp_path: Path):
    """Target and realisasi per year under the year's box ("2016" over TARGET | REALISASI), a narrow column
    between them that the realisasi values start in: that column inherits only the year; the year's target
    is its TARGET column's."""
    xs = [40, 70, 250, 300, 350, 400, 405, 455]
    boxes = [(40, 90, 70, 120), (70, 90, 250, 120), (250, 90, 350, 105), (350, 90, 455, 105)]
    boxes += [(a, 105, b, 120) for a, b in pairwise(xs[2:])]
    boxes += [(a, top, b, top + 20) for top in (120, 140) for a, b in pairwise(xs)]
    texts = [Text(42, 100, "No"), Text(72, 100, "Indikator Kinerja"), Text(290, 93, "2015"), Text(390, 93, "2016"),
             Text(252, 108, "TARGET"), Text(302, 108, "REALISASI"), Text(352, 108, "TARGET"),
             Text(407, 108, "REALISASI")]
    for top, no, ind, vals in ((123, "1", "Persentase layanan tepat waktu", ("80%", "82%", "85%", "NA")),
                               (143, "2", "Jumlah desa yang dibina", ("10 desa", "12 desa", "15 desa", "9 desa"))):
        texts += [Text(42, top, no), Text(72, top, ind), Text(252, top, vals[0]), Text(302, top, vals[1]),
                  Text(352, top, vals[2]), Text(401.5, top, vals[3])]
    d = extract(build_boxes(tmp_path / "years.pdf", boxes, texts))
    assert [r.target for r in d.indicators] == [{"2015": "80%", "2016": "85%"}, {"2015": "10 desa", "2016": "15 desa"}]


def test_text_going_on_lower_case_below_its_box_continues_that_cell(tmp_path: Path):
    """A web print drew the Sasaran's box round its first line only; its second line, lower case in the band
    below that no box covers, goes on with it, over both indicators beside it."""
    xs = [40, 70, 250, 450, 560]
    cols = list(pairwise(xs))
    boxes = [(a, 90, b, 105) for a, b in cols] + [(40, 105, 70, 140), (70, 105, 250, 120)]
    boxes += [(a, top, b, bottom) for top, bottom in ((105, 120), (120, 140)) for a, b in cols[2:]]
    texts = [Text(42, 93, "No"), Text(72, 93, "Sasaran Strategis"), Text(252, 93, "Indikator Kinerja"),
             Text(452, 93, "Sumber Data"), Text(42, 108, "1."), Text(72, 108, "Meningkatnya ketersediaan"),
             Text(72, 123, "pangan daerah"), Text(252, 108, "Jumlah cadangan pangan"), Text(452, 108, "Laporan"),
             Text(252, 123, "Jumlah lumbung pangan"), Text(452, 123, "Register")]
    d = extract(build_boxes(tmp_path / "web.pdf", boxes, texts))
    assert [(r.sasaran, r.indikator) for r in d.indicators] == [
        ("Meningkatnya ketersediaan pangan daerah", "Jumlah cadangan pangan"),
        ("Meningkatnya ketersediaan pangan daerah", "Jumlah lumbung pangan")]
