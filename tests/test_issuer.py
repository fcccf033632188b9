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


def test_a_units_name_wrapped_over_two_kop_lines_is_one_name(lexicon):
    """A cover page in capitals breaks the unit's name before "DAN": the line going on with it joins it, the
    region's line below does not."""
    lines = ["PERJANJIAN KINERJA", "BADAN KOORDINASI PEMERINTAHAN", "DAN PEMBANGUNAN WILAYAH II",
             "PROVINSI JAWA BARAT", "TAHUN 2016"]
    found = issuer.from_lines(lines, lexicon)
    assert found.kind == "badan" and found.name == "BADAN KOORDINASI PEMERINTAHAN DAN PEMBANGUNAN WILAYAH II"
    assert issuer.from_lines(["DINAS SOSIAL", "PROVINSI JAWA BARAT"], lexicon).name == "DINAS SOSIAL"


def test_unit_from_a_label_line_or_the_kop(lexicon):
    assert issuer.from_lines(["Nama Organisasi : Dinas Peternakan Provinsi Jawa Barat"], lexicon).kind == "dinas"
    assert issuer.from_lines(["ORGANISASI : 4.10.03. Kecamatan Ngadirojo"], lexicon).name == "Kecamatan Ngadirojo"
    assert issuer.from_lines(["SKPD : Kecamatan NGADIROJO Halaman 1 dari 6"], lexicon).name == "Kecamatan NGADIROJO"
    assert issuer.from_lines(["BIRO KEUANGAN SEKRETARIAT DAERAH"], lexicon).kind == "biro"
    sic = issuer.from_lines(["ORANISASI : 4.10.03. - KECAMATAN NGADIROJO"], lexicon)  # sic
    assert sic.name == "KECAMATAN NGADIROJO"
    assert issuer.from_lines(["Perlengkapan Kantor Ngadirojo", "Kantor Ngadirojo"], lexicon) is None  # table cells
    assert issuer.from_lines(["Meningkatnya kualitas layanan"], lexicon) is None


def test_kecamatan_named_inside_a_title(lexicon):
    names = issuer.kecamatan_named(["Rencana Strategis KECAMATAN BATUWARNO Halaman 1"], lexicon)
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


def test_a_budget_forms_activities_are_typed_as_its_dpa(tmp_path: Path):
    """A DPA (the budget form whose activities carry performance targets) is no IKI sheet."""
    spec = TableSpec([30, 150, 200, 60], HEAD, BODY,
                     above=["DOKUMEN PELAKSANAAN ANGGARAN", "SATUAN KERJA PERANGKAT DAERAH TAHUN ANGGARAN 2018"])
    d = extract(build(spec, tmp_path / "dpa.pdf"))
    assert d.document_type == "DPA"
    assert [r.indikator for r in d.indicators] == ["Persentase layanan tepat waktu"]


def test_unit_from_the_title_its_head_signs_with():
    found = issuer.from_title("KEPALA BADAN KETAHANAN PANGAN DAERAH")
    assert found is not None and (found.name, found.kind) == ("BADAN KETAHANAN PANGAN DAERAH", "badan")
    assert issuer.from_title("Plt. Kepala Dinas Sosial").kind == "dinas"
    assert issuer.from_title("CAMAT GIRIMARTO").name == "Kecamatan GIRIMARTO"
    assert issuer.from_title("GUBERNUR JAWA BARAT") is None  # the superior heads no unit
    assert issuer.superior_region("GUBERNUR JAWA BARAT") == ("provinsi", "Jawa Barat")
    assert issuer.superior_region("BUPATI WONOGIRI") == ("kabupaten", "Wonogiri")


def test_running_header_names_the_unit_before_other_words(lexicon):
    # a letter-spaced running header: the text layer puts one space between words as between letters
    found = issuer.from_lines(["LKIP T A H U N 2 0 1 6", "INSPEKTORAT P R O V I N S I J A W A B A R A T Lamp -2"],
                              lexicon)
    assert found is not None and found.name == "INSPEKTORAT PROVINSI JAWA BARAT" and found.provinsi == "Jawa Barat"


def test_perjanjian_kinerja_parties_complete_the_signatories(tmp_path: Path):
    above = ["PERJANJIAN KINERJA TAHUN 2016", "Nama : Ir. SITI RAHAYU WULANDARI, MM",
             "Jabatan : KEPALA BADAN PENGELOLAAN KEUANGAN DAERAH", "Selanjutnya disebut PIHAK PERTAMA",
             "Nama : BUDI HARTANTO SUSILO", "Jabatan : GUBERNUR KALIMANTAN TIMUR",
             "Selaku atasan PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA"]
    d = extract(build(TableSpec([30, 150, 200, 60], HEAD, BODY, above=above), tmp_path / "pk.pdf"))
    assert (d.issuer_name, d.issuer_kind, d.provinsi) == ("BADAN PENGELOLAAN KEUANGAN DAERAH", "badan",
                                                          "Kalimantan Timur")
    assert d.signatory.name == "Ir. SITI RAHAYU WULANDARI, MM"
    assert d.signatory.title == "KEPALA BADAN PENGELOLAAN KEUANGAN DAERAH"
    assert (d.co_signatory.name, d.co_signatory.title) == ("BUDI HARTANTO SUSILO", "GUBERNUR KALIMANTAN TIMUR")
    assert d.kecamatan is None
    # the rows are the first party's: the second party's "Jabatan :" line (the superior) names no position
    assert {r.jabatan for r in d.indicators} == {"KEPALA BADAN PENGELOLAAN KEUANGAN DAERAH"}


def test_a_perjanjian_kinerja_is_dated_where_it_is_signed(tmp_path: Path):
    above = ["PERJANJIAN KINERJA TAHUN 2016", "DINAS PETERNAKAN PROVINSI JAWA BARAT", "Bandung, Maret 2016"]
    d = extract(build(TableSpec([30, 150, 200, 60], HEAD, BODY, above=above), tmp_path / "pk.pdf"))
    assert (d.place, d.decree_date, d.decree_date_partial) == ("Bandung", None, "2016-03")
    above[-1] = "WONOGIRI, 25 Maret 2018"
    d = extract(build(TableSpec([30, 150, 200, 60], HEAD, BODY, above=above), tmp_path / "pk2.pdf"))
    assert (d.place, str(d.decree_date)) == ("Wonogiri", "2018-03-25")


def test_region_name_ends_where_the_place_words_stop():
    # the gazetteer knows the regency: its name, whatever follows
    assert issuer.region_name("SUKOHARJO RKA-SKPD 2.1") == "SUKOHARJO"
    assert issuer.region_name("TANGERANG SELATAN Halaman") == "TANGERANG SELATAN"
    # unknown to it: cut at a form code, a number or a hyphenated acronym
    assert issuer.region_name("Nusa Antah RKA-SKPD") == "Nusa Antah"
    assert issuer.region_name("Nusa Antah 2.1") == "Nusa Antah"
    assert issuer.region_name("Nusa Antah") == "Nusa Antah"


def test_form_code_beside_the_kop_is_no_part_of_the_regency(tmp_path: Path):
    spec = TableSpec([30, 150, 200, 60], HEAD, BODY, landscape=True,
                     above=["PEMERINTAH KABUPATEN SUKOHARJO                    RKA-SKPD 2.1",
                            "ORGANISASI : 1.01.02. - KECAMATAN KARTASURA"])
    d = extract(build(spec, tmp_path / "rka.pdf"))
    assert d.kabupaten == "Sukoharjo" and d.kecamatan == "Kartasura" and d.provinsi == "Jawa Tengah"


def test_a_sheet_without_a_decree_states_its_year_on_its_title_lines(tmp_path: Path):
    """No decree: the period is the year a title or label line states ("Tahun : 2019"), not a regulation's
    year cited on the way ("Nomor 5 Tahun 2014"), nor the signing date's; a place printed with only the year,
    day and month left blank for the pen ("Bandung,        2018"), is where it is signed."""
    above = ["RENCANA KINERJA TAHUNAN", "Dasar : Peraturan Gubernur Nomor 5 Tahun 2014",
             "Tahun : 2019", "Bandung,               2018"]
    d = extract(build(TableSpec([30, 150, 200, 60], HEAD, BODY, above=above), tmp_path / "rkt.pdf"))
    assert (d.period_start, d.period_end, d.place, d.decree_date) == (2019, 2019, "Bandung", None)
    above = ["RENCANA STRATEGIS KECAMATAN SUKAMAJU", "2021-2026"]
    d = extract(build(TableSpec([30, 150, 200, 60], HEAD, BODY, above=above), tmp_path / "renstra.pdf"))
    assert (d.period_start, d.period_end) == (2021, 2026)


def test_a_pk_signed_by_both_parties_with_nips_has_the_first_party_as_signatory(tmp_path: Path):
    """No designation over the signature columns, the superior's on the left: the party lines say who the
    first party is, and the block is read again in that party's column."""
    gap = " " * 40
    above = ["PERJANJIAN KINERJA TAHUN 2017", "Nama : Drs. BUDI SANTOSO", "Jabatan : KEPALA BIDANG PANGAN",
             "Selanjutnya disebut PIHAK KESATU", "Nama : Dr. H. ANDI WIJAYA, M.Si", "Jabatan : KEPALA DINAS PANGAN",
             "Selanjutnya disebut PIHAK KEDUA",
             f"KEPALA DINAS PANGAN{gap}KEPALA BIDANG PANGAN", f"Dr. H. ANDI WIJAYA, M.Si{gap}Drs. BUDI SANTOSO",
             f"Pembina Utama Madya{gap}Pembina Tingkat I", f"NIP. 19630312 198901 1 002{gap}NIP. 19650101 199003 1 004"]
    d = extract(build(TableSpec([30, 150, 200, 60], HEAD, BODY, above=above), tmp_path / "pk.pdf"))
    assert (d.signatory.name, d.signatory.rank, d.signatory.nip) == ("Drs. BUDI SANTOSO", "Pembina Tingkat I",
                                                                      "196501011990031004")


def test_the_heads_title_wrapped_onto_its_region_names_the_province(tmp_path: Path):
    """An IKU sheet naming its unit without a region ("Nama Organisasi : Dinas Pangan"), signed by "KEPALA DINAS
    PANGAN" over "PROVINSI JAWA TIMUR": the title's second line is the office's, and gives the province."""
    above = ["INDIKATOR KINERJA UTAMA", "Nama Organisasi : Dinas Pangan", "Surabaya,            2016",
             "KEPALA DINAS PANGAN", "PROVINSI JAWA TIMUR", "Ir. SITI AMINAH, M.Si", "Pembina Utama Muda",
             "NIP. 19630122 198603 2 004"]
    d = extract(build(TableSpec([30, 150, 200, 60], HEAD, BODY, above=above), tmp_path / "iku.pdf"))
    assert d.signatory.title == "KEPALA DINAS PANGAN PROVINSI JAWA TIMUR"
    assert (d.provinsi, d.place, d.signatory.name) == ("Jawa Timur", "Surabaya", "Ir. SITI AMINAH, M.Si")
    # no year on its title lines: the year it is signed in ("Surabaya,      2016") is its period
    assert (d.period_start, d.period_end) == (2016, 2016)


def test_a_kecamatan_named_kota_is_no_city(tmp_path: Path):
    """"KEPUTUSAN CAMAT KOTA SIGLI": Kota Sigli is a kecamatan of Kabupaten Pidie and no city is called Sigli, so
    the kecamatan is Kota Sigli and its kabupaten and province come from the gazetteer; "CAMAT X KOTA BANDUNG"
    still names the city."""
    above = ["KEPUTUSAN CAMAT KOTA SIGLI", "NOMOR : 800/09/Kec.KOT/2026", "TENTANG",
             "INDIKATOR KINERJA UTAMA KECAMATAN KOTA SIGLI TAHUN 2026"]
    d = extract(build(TableSpec([30, 150, 150, 60], HEAD, BODY, above=above), tmp_path / "sigli.pdf"))
    assert (d.kecamatan, d.kabupaten, d.provinsi) == ("Kota Sigli", "Pidie", "Aceh")
    above = ["KEPUTUSAN CAMAT SUKAJADI KOTA BANDUNG", "NOMOR : 800/09/2026", "TENTANG", "INDIKATOR KINERJA UTAMA"]
    d = extract(build(TableSpec([30, 150, 150, 60], HEAD, BODY, above=above), tmp_path / "bandung.pdf"))
    assert (d.kecamatan, d.kabupaten) == ("Sukajadi", "Bandung")
