"""Indicator typing, canonical ids, legal basis and identity checks, on names and texts from the seed decrees."""

from pathlib import Path

import pytest

from iku.analysis import canonical
from iku.analysis.identity import find_regions, foreign_regions, parse_nip
from iku.analysis.indicator_types import type_indicator
from iku.analysis.legal import parse_item
from iku.core.settings import Settings
from iku.stages.normalise import parse_text


@pytest.mark.parametrize(("name", "satuan", "measure", "unit", "polarity", "level"), [
    ("Prosentase desa yang tertib administrasi", None, "persentase", "%", "higher", "outcome"),
    ("Jumlah dokumen BKU yang dibuat", None, "jumlah", "dokumen", "higher", "output"),
    ("Nilai Indek Kepuasan Masyarakat (IKM)", None, "indeks", "indeks", "higher", "outcome"),
    ("Nilai AKIP OPD", None, "nilai", "nilai", "higher", "outcome"),
    ("Angka Kriminalitas", None, "angka", None, "lower", "outcome"),
    ("Persentase pelanggaran Perda dan Perkada yang ditindaklanjuti", "Persen", "persentase", "%", "higher", None),
    ("Persentase realisasi anggaran kecamatan", "Persen", "persentase", "%", "higher", "input"),
    ("Mengagendakan Surat Keluar", None, None, None, "higher", "activity"),
    ("Persentase kegiatan lingkup Pemerintahan yang difasilitasi", None, "persentase", "%", "higher", "activity"),
])
def test_indicator_typing(name, satuan, measure, unit, polarity, level):
    t = type_indicator(name, satuan)
    assert (t.measure, t.unit, t.polarity, t.level) == (measure, unit, polarity, level), t.evidence


def test_measure_from_satuan_or_formula_when_the_name_is_silent():
    # Camplong: "Tersedianya arsip surat masuk dan keluar" with a x 100% formula
    f = parse_text("Jumlah surat masuk dan keluar yang diarsip / Jumlah Dokumen surat masuk dan keluar x 100 %")
    assert type_indicator("Tersedianya arsip surat masuk dan keluar", None, f).measure == "persentase"
    assert type_indicator("Laporan keuangan yang disusun", "Dokumen").measure == "jumlah"
    assert type_indicator("Laporan keuangan yang disusun").measure is None


def test_rules_file_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    rules = tmp_path / "rules.toml"
    rules.write_text('[[polarity]]\nvalue = "lower"\npriority = 1\nphrases = ["sisa anggaran"]\n', encoding="utf-8")
    name = "Jumlah sisa anggaran"
    assert type_indicator(name).polarity == "higher"
    assert type_indicator(name, rules_path=rules).polarity == "lower"
    monkeypatch.setenv("IKU_INDICATOR_RULES", str(rules))  # read by the settings loader, and only there
    assert type_indicator(name).polarity == "higher"  # no path given: the defaults, whatever the environment
    t = type_indicator("Angka Kriminalitas", rules_path=Settings.load().indicator_rules)
    assert t.polarity == "higher"  # the file replaced the whole [[polarity]] section
    assert t.measure == "angka"  # sections it does not define keep the defaults


MUST_MATCH = [
    ("IKM", "Nilai Indek Kepuasan Masyarakat (IKM)"),
    ("Nilai IKM Pelayanan Internal Kecamatan", "Indeks Kepuasan Masyarakat"),
    ("Prosentase desa yang tertib administrasi", "Persentase desa yang tertib administrasi"),
    ("Persentase sarana dan prasarana kantor dalam kondisi baik",
     "Persentase Kondisi Sarana dan Prasarana Kantor dalam Kondisi Baik"),
    ("Prosentase penyelesaian pelayanan perijinan teat waktu",
     "Prosentase Penyelesaian pelayanan perijinan tepat waktu"),
    ("Prosentase penyelesaian pelayanan bidang administrasi kependudukan tepat waktu",
     "Prosentase Penyelesaian Pelayanan Administrasi kependudukan tepat waktu"),
    ("Prosentase Penyelesaian Perencanaan Pembangunan tepat waktu",
     "Prosentase Penyelesaian Perencanaan Pembangunan tepat wakt"),
]
MUST_NOT_MATCH = [
    ("Prosentase penyelesaian laporan pertanggungjawaban desa tepat waktu",
     "Prosentase penyelesaian laporan pertanggungjawaban kecamatan tepat waktu"),
    ("Jumlah dokumen SPM UP-GU-TU dan LS yang dientry melalui aplikasi SIPKD",
     "Jumlah dokumen SPP UP-GU-TU dan LS yang dientry melalui aplikasi SIPKD"),
    ("Persentase jenis sarana dan prasarana perkantoran yang terpelihara",
     "Persentase jenis sarana dan prasarana perkantoran yang diadakan"),
    ("Persentase angka indek kepuasan aparatur terhadap pelayanan administrasi perkantoran", "IKM"),
    ("Jumlah laporan fungsional yang dibuat melalui aplikasi SIPKD", "Jumlah laporan Fungsioanl manual yang dibuat"),
]


@pytest.mark.parametrize(("a", "b"), MUST_MATCH)
def test_equivalent_indicators_match(a, b):
    assert canonical.same_indicator(canonical.normalise(a), canonical.normalise(b))


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MATCH)
def test_different_indicators_do_not_match(a, b):
    assert not canonical.same_indicator(canonical.normalise(a), canonical.normalise(b))


def test_own_region_dropped_and_ids_stable():
    a = canonical.normalise("Persentase ASN Kecamatan Kartasura yang hadir tepat waktu", ("Kartasura", "Sukoharjo"))
    b = canonical.normalise("Persentase ASN yang Hadir Tepat Waktu")
    assert a == b == "asn hadir persentase tepat waktu"
    groups = canonical.group([(a, "persentase"), (b, "persentase"), ("ikm", "indeks"), ("ikm", "nilai"),
                              ("asn hadir persentase tepat wakt", "jumlah"),
                              ("asn hadir persentase tepat waktu", None)])
    assert groups[(a, "persentase")].canonical_id == canonical.stable_id("asn hadir persentase tepat waktu")
    # equal names join whatever their measure type; close ones of another type do not
    assert groups[("ikm", "indeks")].canonical_id == groups[("ikm", "nilai")].canonical_id
    assert groups[("asn hadir persentase tepat waktu", None)].canonical_id == groups[(a, "persentase")].canonical_id
    typo = "asn hadir persentase tepat wakt"
    assert canonical.same_indicator(typo, a)  # close enough, but typed as another measure: kept apart
    assert groups[(typo, "jumlah")].canonical_text == typo


def test_typo_joins_the_commoner_spelling():
    common = canonical.normalise("Prosentase Penyelesaian Perencanaan Pembangunan tepat waktu")
    typo = canonical.normalise("Prosentase Penyelesaian Perencanaan Pembangunan tepat wakt")
    g = canonical.group([(common, "persentase")] * 2 + [(typo, "persentase")])
    assert g[(typo, "persentase")].canonical_text == common


def test_legal_items_from_the_seeds():
    i = parse_item("Undang-Undang Nomor 32 Tahun 2004 tentang Pemerintah Daerah (Lembaran Negara Republik Indonesia "
                   "Tahun 2004 Nomor 125) sebagaimana telah diubah beberapa kali, terakhir dengan Undang- Undang "
                   "Nomor 12 tahun 2008 tentang Perubahan Kedua Atas Undang-Undang Nomor 32 Tahun 2004")
    assert (i.type, i.number, i.year, i.title, i.amended) == ("UU", "32", 2004, "Pemerintah Daerah", True)
    assert i.repealed and i.replaced_by.startswith("UU 23/2014")
    p = parse_item("Peraturan Menteri Negara Pendayagunaan Aparatur Negara Nomor PER/09/M.PAN/5/2007 tentang "
                   "Pedoman Umum Penetapan Indikator Kinerja Utama di Lingkungan Instansi Pemerintah;")
    assert (p.type, p.issuer, p.number, p.number_key, p.year) == (
        "PermenPANRB", "Pendayagunaan Aparatur Negara", "PER/09/M.PAN/5/2007", 9, 2007)
    assert not p.repealed
    d = parse_item("Peraturan Daerah Kabupaten Serang Nomor 11 Tahun 2016 tentang Pembentukan dan Susunan Perangkat "
                   "Kabupaten Serang;")
    assert (d.type, d.issuer, d.number_key, d.year) == ("Perda", "Kabupaten Serang", 11, 2016)
    b = parse_item("Peraturan Bupati Serang Nomor ... Tahun ... tentang Indikator Kinerja Utama (IKU)")
    assert (b.type, b.issuer, b.placeholder, b.number_key) == ("Perbup", "Bupati Serang", True, None)
    assert parse_item("Intruksi Presiden Nomor 7 Tahun 1999 tentang Akuntabilitas Kinerja Instansi Pemerintah").repealed
    # in force: UU 23/2014, PP 17/2018
    assert not parse_item("Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah").repealed
    assert not parse_item("Peraturan Pemerintah Nomor 17 Tahun 2018 tentang Kecamatan").repealed
    assert parse_item("Peraturan Pemerintah Nomor 19 Tahun 2008 tentang Kecamatan").repealed


def test_nip_parsed_and_checked():
    n = parse_nip("19780714 200501 1 012", "2022-01-28")  # Camplong
    assert (n.birth_date, n.appointment, n.sex, n.sequence, n.valid) == ("1978-07-14", "2005-01", "L", "012", True)
    assert parse_nip("19780714 200501 2 012").sex == "P"
    assert "birth date 19781314 is not a date" in parse_nip("19781314 200501 1 012").problems
    assert any("month 13" in p for p in parse_nip("19780714 200513 1 012").problems)
    assert any("sex digit" in p for p in parse_nip("19780714 200501 3 012").problems)
    assert any("age 12" in p for p in parse_nip("19780714 199001 1 012").problems)
    assert any("after the decree date" in p for p in parse_nip("19780714 200501 1 012", "2004-06-01").problems)
    assert parse_nip("19780714 200501 1 01").problems == ["17 digits instead of 18"]


def test_other_regions_named_in_a_decree():
    # Ciruas (Kab. Serang) decree: "Keputusan Camat Ciruas Kota Paraiaman" (sic) - Kota Pariaman is in Sumatera Barat
    text = "perlu menetapkan Keputusan Camat Ciruas Kota Paraiaman tentang Indikator Kinerja Utama;"
    assert [m.region for m in foreign_regions(text, "Ciruas", "Serang")] == ["Kota Pariaman"]
    # Camplong (Kab. Sampang): "Polsek Kec. Banyuates" - another kecamatan of Sampang
    assert [m.region for m in foreign_regions("Polsek Kec. Banyuates", "Camplong", "Sampang")] == [
        "Kecamatan Banyuates"]
    # near misses: the decree's own names, and common words after no marker
    assert foreign_regions("KEPUTUSAN CAMAT CIRUAS KABUPATEN SERANG; Jumlah ASN Kecamatan Ciruas", "Ciruas",
                           "Serang") == []
    assert foreign_regions("Kecamatan Sampang selaku ibukota", "Camplong", "Sampang") == []
    assert find_regions("sarana kantor dalam kondisi baik di kota dan desa") == []
