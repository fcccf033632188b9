"""Scanned table pages (issue 14): tables the tests draw (tests/tablekit.py), then scan (tests/scankit.py)
at a low resolution, blurred, noisy, or fed in sideways, read by OCR into the same rows as the digital page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from scankit import Scan, scanned
from tablekit import TableSpec, build

from iku import extract

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")

HEAD = [["SASARAN", "INDIKATOR KINERJA", "CARA PERHITUNGAN", "SATUAN"]]
BODY = [
    ["Meningkatnya tertib administrasi pemerintahan desa", "Persentase desa yang menyampaikan laporan tepat waktu",
     "Jumlah desa yang menyampaikan laporan tepat waktu dibandingkan dengan jumlah desa x 100 persen", "%"],
    ["Meningkatnya akuntabilitas keuangan kecamatan", "Jumlah dokumen laporan aset yang disusun",
     "Jumlah dokumen laporan aset yang disusun", "Dokumen"],
    ["", "Persentase serapan anggaran belanja kecamatan",
     "Realisasi belanja kecamatan dibandingkan dengan pagu belanja x 100 persen", "%"],
]
TITLE = ["LAMPIRAN KEPUTUSAN CAMAT CONTOH", "NOMOR : 800/75/Kec.CTH/2022", "INDIKATOR KINERJA UTAMA"]


def _read(tmp_path: Path, spec: TableSpec, scan: Scan) -> list:
    pdf = scanned(build(spec, tmp_path / "digital.pdf"), tmp_path / "scan.pdf", scan)
    d = extract(pdf)
    assert d.input_kind == "scanned", d.page_info
    return d.indicators


def test_unruled_courier_table_under_title_lines(tmp_path: Path):
    """Courier read by OCR leaves a whole character's width between the boxes of two words, so every title line
    over an unruled table ("NOMOR : 800/75/...", "INDIKATOR KINERJA UTAMA") looked like a line of short labels
    and was taken into the header, its first column's label read with them as one: Sasaran was lost and its
    text ran into the indicators. The header is the line naming the most fields."""
    spec = TableSpec([150, 160, 250, 60], HEAD, BODY, ruling="none", row_gap=10, above=TITLE, above_gap=-5,
                     font="Courier", size=10, landscape=True)
    rows = _read(tmp_path, spec, Scan(dpi=300, noise=2))
    assert [r.indikator for r in rows] == [b[1] for b in BODY]
    assert [r.sasaran for r in rows] == [BODY[0][0], BODY[1][0], BODY[1][0]]
    assert [r.formula.text for r in rows if r.formula] == [b[2] for b in BODY]


def test_next_tables_title_is_not_part_of_the_body():
    """On a blurred scan word boxes swell (here 10 pt boxes): the band between a
    table's last row and the next table's title looks narrower than a table break, and the title line, which
    crosses every column, joined the body and hid its column gaps. A band wider than any between the rows,
    just above the next header, parts it off."""
    from iku.core.layout import PageLayout, Word
    from iku.stages.unruled import text_grid

    cols = [(60, "Tujuan", "Terwujudnya ketertiban"), (220, "Indikator Kinerja", "Jumlah patroli"),
            (380, "Definisi Operasional", "Patroli bersama"), (560, "Rumus", "Jumlah kegiatan patroli")]
    words: list[Word] = []

    def line(y: float, texts: list[tuple[float, str]]) -> None:
        for x, text in texts:
            for w in text.split():
                words.append(Word(w, x, y, x + 6 * len(w), y + 10, page=1))
                x += 6 * len(w) + 3

    def table(y: float) -> float:
        line(y, [(x, label) for x, label, _ in cols])
        for r in range(3):  # rows 20 pt apart: a 10 pt band between them
            line(y + 20 + 20 * r, [(x, value) for x, _, value in cols])
        return y + 70

    end = table(100)  # the last row's bottom
    line(end + 20, [(60, "INDIKATOR KINERJA INDIVIDU KEPALA SUB BAGIAN UMUM DAN KEPEGAWAIAN")])  # a 20 pt band
    table(end + 38)
    grids = text_grid(PageLayout(1, 842, 595, "ocr", words=words), [])
    assert len(grids) == 2
    assert len({b[0] for b in grids[0]}) == 4  # four columns, not one under the title
    assert max(b[3] for b in grids[0]) < end + 20
