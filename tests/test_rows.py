"""The rows stage on its own (iku.stages.rows.build_rows): table runs built in code from cell boxes and words,
position anchors from the sections stage, and the raw rows they give."""

from __future__ import annotations

from itertools import pairwise

import pytest

from iku.core.layout import PageLayout, Word
from iku.core.stage import StageLog
from iku.stages.rows import Anchor, build_rows
from iku.stages.tables import TableRun, build_grid

FIELDS = ["no", "sasaran", "indikator", "sumber_data"]
XS = [60.0, 90.0, 250.0, 420.0, 540.0]
ROW_H = 24.0


def _run(body: list[list[str]], page: int = 1, top: float = 100.0, merged_sasaran: bool = False) -> TableRun:
    """A ruled table: a header row and `body`, one box per cell; `merged_sasaran` draws the sasaran column's
    body as one box spanning every row (a merged cell printed once)."""
    rows = [["No", "Sasaran", "Indikator Kinerja", "Sumber Data"], *body]
    words, boxes = [], []
    for r, cells in enumerate(rows):
        y0 = top + r * ROW_H
        for c, ((x0, x1), text) in enumerate(zip(pairwise(XS), cells, strict=True)):
            x = x0 + 3
            for t in text.split():
                words.append(Word(t, x, y0 + 6, x + 4.5 * len(t), y0 + 15, page=page))
                x += 4.5 * len(t) + 3
            if not (merged_sasaran and c == 1 and r > 0):
                boxes.append((x0, y0, x1, y0 + ROW_H))
    if merged_sasaran:
        boxes.append((XS[1], top + ROW_H, XS[2], top + len(rows) * ROW_H))
    grid = build_grid(PageLayout(page, 612, 936, "text", words=words), boxes)
    return TableRun(grids=[grid], fields=FIELDS, labels=rows[0], header_rows=[1])


def _rows(runs: list[TableRun], anchors: list[Anchor] | None = None, default_level: str = "IKU"):
    log = StageLog("rows")
    return build_rows(runs, anchors or [], default_level, log), log


def test_sda_takes_the_value_above_and_keeps_what_was_printed():
    run = _run([["1", "Meningkatnya layanan", "Persentase surat selesai", "Register surat"],
                ["2", "Meningkatnya layanan", "Indeks kepuasan warga", "sda"],
                ["3", "Meningkatnya layanan", "Jumlah aduan selesai", "Idem"]])
    rows, _ = _rows([run])
    assert [r.values["sumber_data"] for r in rows] == ["Register surat"] * 3
    assert [r.raw["sumber_data"] for r in rows] == ["Register surat", "sda", "Idem"]
    assert any("resolved to the value above" in n for n in rows[1].notes)


@pytest.mark.parametrize("merged", [True, False], ids=["merged-cell", "blank-cell"])
def test_a_sasaran_printed_once_belongs_to_every_row_below_it(merged: bool):
    """Printed once in a merged cell, or in the first row with the cells below left blank."""
    run = _run([["1", "Meningkatnya tertib administrasi", "Persentase arsip tertata", "Laporan arsip"],
                ["2", "", "Jumlah desa dibina", "Laporan pembinaan"]], merged_sasaran=merged)
    rows, _ = _rows([run])
    assert [r.values["indikator"] for r in rows] == ["Persentase arsip tertata", "Jumlah desa dibina"]
    assert [r.values["sasaran"] for r in rows] == ["Meningkatnya tertib administrasi"] * 2


def test_a_position_block_above_a_table_gives_its_rows_the_jabatan_and_level_iki():
    iku = _run([["1", "Meningkatnya layanan", "Indeks kepuasan warga", "Survei"]], top=100)
    iki = _run([["1", "Tertibnya surat", "Persentase surat diagendakan", "Agenda surat"]], top=400)
    anchors = [Anchor(page=1, top=80, level="IKU"), Anchor(page=1, top=380, jabatan="Sekretaris Kecamatan")]
    rows, _ = _rows([iku, iki], anchors)
    assert [(r.level, r.jabatan, r.table) for r in rows] == [("IKU", None, 0), ("IKI", "Sekretaris Kecamatan", 1)]


def test_without_any_heading_the_documents_default_level_is_kept():
    run = _run([["1", "Meningkatnya layanan", "Indeks kepuasan warga", "Survei"]])
    rows, _ = _rows([run], default_level="PK")
    assert [(r.level, r.jabatan) for r in rows] == [("PK", None)]


def test_a_position_block_without_a_heading_makes_its_table_an_iki():
    run = _run([["1", "Tertibnya surat", "Persentase surat diagendakan", "Agenda surat"]], top=200)
    rows, _ = _rows([run], [Anchor(page=1, top=150, jabatan="Kepala Seksi Pemerintahan")])
    assert [(r.level, r.jabatan) for r in rows] == [("IKI", "Kepala Seksi Pemerintahan")]


@pytest.mark.parametrize("numbered", [False, True], ids=["no-numbers", "numbered-groups"])
def test_indicators_stacked_in_one_ruled_row_part_where_the_columns_begin_anew_together(numbered: bool):
    """Indicators in one ruled row (the scan lost the rules between the groups, or none were drawn); the second
    indicator of a sasaran has no number and the first one's formula wraps a line further than its indikator,
    so no blank band crosses every column. The indikator, the formula and the sumber data each begin a new
    block of text at one height: a new indicator begins there."""
    columns = {  # field -> (top, text) of each printed line; blank lines between blocks
        "sasaran": [(130, "Meningkatnya tertib"), (164, "Meningkatnya peran"), (174, "serta masyarakat")],
        "indikator": [(130, "Persentase desa tertib"), (164, "Persentase kelompok usaha"),
                      (174, "warga yang dibina"), (198, "Persentase usulan desa"), (208, "yang diakomodasi")],
        "formula": [(130, "Jumlah desa tertib"), (164, "Jumlah kelompok dibina"), (174, "dibagi dengan jumlah"),
                    (184, "kelompok dikali 100 persen"), (201, "Jumlah usulan masuk"),
                    (211, "dibagi dengan jumlah usulan")],
        "sumber_data": [(130, "Laporan Seksi"), (164, "Data Seksi"), (201, "Berita Acara")],
    }
    if numbered:
        columns = {"no": [(130, "1."), (164, "2.")], **columns}
    fields = list(columns)
    xs = [60.0, 90.0, 200.0, 330.0, 470.0, 560.0][-len(fields) - 1:]
    words = [Word(t, xs[k] + 3 + 30 * i, top, xs[k] + 3 + 30 * i + 27, top + 8, page=1)
             for k, f in enumerate(fields) for top, text in columns[f] for i, t in enumerate(text.split())]
    words += [Word(f, xs[k] + 3, 106, xs[k] + 40, 114, page=1) for k, f in enumerate(fields)]
    boxes = [(a, 100.0, b, 120.0) for a, b in pairwise(xs)] + [(a, 120.0, b, 225.0) for a, b in pairwise(xs)]
    grid = build_grid(PageLayout(1, 612, 936, "text", words=words), boxes)
    rows, _ = _rows([TableRun(grids=[grid], fields=fields, labels=fields, header_rows=[1])])
    assert [r.values["indikator"] for r in rows] == [
        "Persentase desa tertib", "Persentase kelompok usaha warga yang dibina",
        "Persentase usulan desa yang diakomodasi"]
    assert [r.values["sumber_data"] for r in rows] == ["Laporan Seksi", "Data Seksi", "Berita Acara"]
    assert rows[1].values["formula"] == "Jumlah kelompok dibina dibagi dengan jumlah kelompok dikali 100 persen"


def test_paragraphs_of_a_blurred_scan_column_are_blocks_though_their_blank_is_under_a_line():
    """OCR's boxes swell on a blurred scan: the blank between two indicators' paragraphs (7 pt) is less than a
    line's height (10 pt), but three times the gaps between a paragraph's own lines (2 pt), so the column's text
    blocks (where indicators stacked under one centred sasaran part) are still found; lines evenly spaced are
    one block."""
    from iku.core.layout import Word
    from iku.stages.rows import _block_tops
    from iku.stages.tables import Cell

    def cell(tops: list[float]) -> Cell:
        words = [Word("Persentase", 10, t, 60, t + 10, page=1, conf=0.8) for t in tops]
        return Cell(row=1, col=1, rowspan=1, colspan=1, bbox=(0, 0, 100, 200), page=1, words=words)

    assert _block_tops([cell([0, 12, 29, 41, 58, 70])], 10.0) == [0, 29, 58]
    assert _block_tops([cell([0, 12, 24, 36, 48])], 10.0) == [0]
    assert _block_tops([cell([0, 12, 32])], 10.0) == [0, 32]  # a full line's blank, as before


def test_a_blank_ends_at_an_indikator_line_whose_ocr_box_swelled_upwards():
    """Issue 14: two indicators of one sasaran in a table without row rules, on a blurred 150 dpi scan; the
    blank between them crosses every column and ends at the second's first line, but OCR swelled that line's
    box upwards (its top 5 pt above the ink where the other columns' lines start), so the blank was taken for
    no row's start and the two came out as one row."""
    columns = {  # field -> (top, bottom, text) of each printed line
        "no": [(130, 138, "1")],
        "sasaran": [(130, 138, "Meningkatnya akuntabilitas"), (140, 148, "keuangan kecamatan")],
        "indikator": [(130, 138, "Jumlah dokumen laporan"), (140, 146, "disusun"),
                      (152, 166, "Persentase serapan anggaran"), (168, 176, "kecamatan")],
        "satuan": [(131, 139, "Dokumen"), (157, 165, "%")],
        "sumber_data": [(131, 139, "Subbag Umum"), (157, 165, "Laporan Realisasi")],
    }
    fields = list(columns)
    xs = [60.0, 90.0, 200.0, 330.0, 400.0, 450.0]
    words = [Word(t, xs[k] + 3 + 30 * i, top, xs[k] + 3 + 30 * i + 27, bottom, page=1, conf=0.8)
             for k, f in enumerate(fields) for top, bottom, text in columns[f] for i, t in enumerate(text.split())]
    words += [Word(f, xs[k] + 3, 106, xs[k] + 40, 114, page=1, conf=0.8) for k, f in enumerate(fields)]
    boxes = [(a, 100.0, b, 120.0) for a, b in pairwise(xs)] + [(a, 120.0, b, 185.0) for a, b in pairwise(xs)]
    grid = build_grid(PageLayout(1, 612, 936, "ocr", words=words), boxes)
    rows, _ = _rows([TableRun(grids=[grid], fields=fields, labels=fields, header_rows=[1])])
    assert [r.values["indikator"] for r in rows] == ["Jumlah dokumen laporan disusun",
                                                     "Persentase serapan anggaran kecamatan"]
    assert [r.values["satuan"] for r in rows] == ["Dokumen", "%"]
