"""Who issued a document, and what kind of document it is (pipeline/issuer.py, data/issuers.toml)."""

from __future__ import annotations

from pathlib import Path

from tablekit import TableSpec, build

from iku import extract
from iku.stages import issuer

HEAD = [["No", "Sasaran Strategis", "Indikator Kinerja", "Target"]]
BODY = [["1", "Meningkatnya layanan", "Persentase layanan tepat waktu", "90%"]]


def test_decree_of_a_provincial_office_is_no_kecamatan():
    found = issuer.from_decree_header("KEPUTUSAN KEPALA DINAS KOMUNIKASI DAN INFORMATIKA PROVINSI JAWA BARAT")
    assert found is not None and found.kind == "dinas" and found.provinsi == "Jawa Barat"
    assert issuer.from_decree_header("KEPUTUSAN CAMAT CIRUAS").kind == "kecamatan"


def test_unit_from_a_label_line_or_the_kop():
    assert issuer.from_lines(["Nama Organisasi : Dinas Peternakan Provinsi Jawa Barat"]).kind == "dinas"
    assert issuer.from_lines(["ORGANISASI : 4.10.03. Kecamatan Ngadirojo"]).name == "Kecamatan Ngadirojo"
    assert issuer.from_lines(["SKPD : Kecamatan NGADIROJO Halaman 1 dari 6"]).name == "Kecamatan NGADIROJO"
    assert issuer.from_lines(["BIRO KEUANGAN SEKRETARIAT DAERAH"]).kind == "biro"
    assert issuer.from_lines(["ORANISASI : 4.10.03. - KECAMATAN NGADIROJO"]).name == "KECAMATAN NGADIROJO"  # sic
    assert issuer.from_lines(["Perlengkapan Kantor Ngadirojo", "Kantor Ngadirojo"]) is None  # table cells
    assert issuer.from_lines(["Meningkatnya kualitas layanan"]) is None


def test_kecamatan_named_inside_a_title():
    names = issuer.kecamatan_named(["Rencana Strategis KECAMATAN BATUWARNO Halaman 1"])
    assert names == ["BATUWARNO Halaman", "BATUWARNO"]  # the caller keeps the one the gazetteer knows


def test_perjanjian_kinerja_of_a_dinas(tmp_path: Path):
    spec = TableSpec([30, 150, 200, 60], HEAD, BODY,
                     above=["PERJANJIAN KINERJA TAHUN 2016", "DINAS PETERNAKAN PROVINSI JAWA BARAT"])
    d = extract(build(spec, tmp_path / "pk.pdf"))
    assert d.document_type == "PK"
    assert d.issuer_kind == "dinas" and d.provinsi == "Jawa Barat"
    assert d.kecamatan is None
    assert [r.indikator for r in d.indicators] == ["Persentase layanan tepat waktu"]


def test_rkt_of_a_kecamatan_named_in_its_title(tmp_path: Path):
    spec = TableSpec([30, 150, 200, 60], HEAD, BODY,
                     above=["RENCANA KINERJA TAHUNAN KECAMATAN GIRIMARTO Halaman 1", "KABUPATEN WONOGIRI TAHUN 2020"])
    d = extract(build(spec, tmp_path / "rkt.pdf"))
    assert d.document_type == "RKT"
    assert d.issuer_kind == "kecamatan" and d.kecamatan == "Girimarto" and d.provinsi == "Jawa Tengah"
