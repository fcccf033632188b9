from iku.resources.vocab import RANK, SDA, field_for_label
from iku.stages.metadata import normalise_nip, parse_date
from iku.stages.sections import despace


def test_indonesian_dates():
    assert parse_date("28 Januari 2022") == "2022-01-28"
    assert parse_date("9 Nopember 2021") == "2021-11-09"
    assert parse_date("Januari 2022") == "2022-01"  # day left blank for the wet signature
    assert parse_date("21-01-2021") == "2021-01-21"
    assert parse_date("tanggal ditetapkan") is None
    # a stamp took the month's start and one more letter: the end left is one month's alone
    assert parse_date("2 nari 2022") == "2022-01-02" and parse_date("5 sember 2021") == "2021-12-05"
    assert parse_date("3 uari 2022") is None  # Januari's and Februari's end alike


def test_nip_is_18_digits_without_spaces():
    assert normalise_nip("19780714 200501 1 012") == "197807142005011012"
    assert normalise_nip("19780714 200501 1") is None


def test_letter_spaced_place(lexicon):
    assert despace("S A M P A N G", lexicon) == "SAMPANG"
    assert despace("Kec. Ciruas", lexicon) == "Kec. Ciruas"


def test_ranks_and_sda():
    for rank in ("Pembina", "Pembina Tingkat I", "Pembina Tk. I", "Penata Tk.I (III/d)", "Pembina Utama Muda"):
        assert RANK.match(rank), rank
    assert not RANK.match("Drs. ERI SUHAERI, M.Si")
    for v in ("sda", "Sda", "s.d.a", "idem", "- sda -"):
        assert SDA.match(v), v
    assert not SDA.match("Sekretariat")


def test_header_synonyms():
    expect = {
        "Sasaran/ Kinerja Utama": "sasaran", "Kinerja Utama/ Sasaran Strategis": "sasaran",
        "Sasaran Kegiatan": "sasaran", "Indikator Kinerja Utama (Satuan)": "indikator",
        "Penjelasan / Formulasi Penghitungan": "formula", "Formula": "formula", "Definisi Operasional": "definisi",
        "Sumber Data": "sumber_data", "Penanggungjawab": "penanggung_jawab", "Satuan": "satuan",
        "Target 2023": "target", "No": "no", "Kondisi/Target pada Awal Periode": "target",
        "Target Kinerja pada Awal Periode RPJMD": "target", "Kondisi Kinerja pada Awal Periode": "kondisi_awal",
    }
    for label, field in expect.items():
        assert field_for_label(label) == field, label


def test_a_signature_with_name_only(tmp_path):
    """A block printed without NIP or rank: the name is the name-like line under the signatory's title."""
    from tablekit import TableSpec, build

    from iku import extract
    above = ["KEPUTUSAN CAMAT JATIPURNO", "NOMOR 24 TAHUN 2020", "TENTANG", "INDIKATOR KINERJA UTAMA",
             "CAMAT JATIPURNO,", "Menimbang : a. bahwa perlu ditetapkan indikator kinerja;", "MEMUTUSKAN :",
             "Ditetapkan di : Jatipurno", "pada tanggal : 19 Maret 2020", "CAMAT JATIPURNO,", "", "BAHARI",
             "", "LAMPIRAN KEPUTUSAN CAMAT JATIPURNO"]
    spec = TableSpec([30, 150, 200, 60], [["No", "Sasaran", "Indikator Kinerja", "Target"]],
                     [["1", "Meningkatnya layanan", "Persentase layanan tepat waktu", "90%"]], above=above)
    d = extract(build(spec, tmp_path / "kep.pdf"))
    assert (d.signatory.name, d.signatory.title, d.signatory.nip) == ("BAHARI", "CAMAT JATIPURNO", None)
    assert str(d.decree_date) == "2020-03-19" and d.place == "Jatipurno"


def _renja_signed(tmp_path, number: str):
    """A kecamatan work plan signed by its camat, the NIP printed under the name without its label."""
    from tablekit import TableSpec, build

    from iku import extract
    above = ["RENCANA KERJA KECAMATAN SELOGIRI TAHUN 2019", "SELOGIRI, 25 Maret 2018", "Camat Selogiri", "",
             "Drs. BUDI SANTOSA, MM", number]
    spec = TableSpec([30, 150, 200, 60], [["No", "Sasaran", "Indikator Kinerja", "Target"]],
                     [["1", "Meningkatnya layanan", "Persentase layanan tepat waktu", "90%"]], above=above)
    return extract(build(spec, tmp_path / "renja.pdf"))


def test_a_nip_printed_without_its_label_under_the_name(tmp_path):
    d = _renja_signed(tmp_path, "19650312 199003 1 004")
    assert (d.signatory.name, d.signatory.nip) == ("Drs. BUDI SANTOSA, MM", "196503121990031004")


def test_a_bare_number_without_a_nip_structure_is_no_nip(tmp_path):
    d = _renja_signed(tmp_path, "19651332 199003 1 004")  # no 32nd day of a 13th month
    assert d.signatory.nip is None


def test_a_decree_heading_run_into_its_number_line_still_names_the_kecamatan():
    """OCR joined the heading and the Nomor line below it: the kecamatan ends where the decree's labels begin."""
    from iku.stages.metadata import _header_parts
    from iku.stages.sections import DecreeBlock

    def parts(header: str):
        return _header_parts(DecreeBlock(start=0, header=header), None)

    assert parts("KEPUTUSAN CAMAT SANGIR 'NOMOR : 188.4/39/Kec.SAN/2022") == ("SANGIR", None)
    assert parts("KEPUTUSAN CAMAT CIRUAS KABUPATEN SERANG") == ("CIRUAS", ("Kabupaten", "SERANG"))
    assert parts("KEPUTUSAN CAMAT TANJUNG NOMOR 5 TAHUN 2024") == ("TANJUNG", None)


def test_an_ocr_misread_kecamatan_is_spelt_as_its_kabupatens_nearest_in_the_gazetteer():
    """A scan's "Sebagai Lingga" (a common word OCR preferred) or "AIR PERlUKAN" is a letter from one kecamatan of
    its kabupaten: it is written as the gazetteer spells that one, with a warning; a text layer's spelling is the
    document's own and stays, and a name two kecamatan are equally near to, or none is, stays as read."""
    from iku.core.stage import StageLog
    from iku.resources import gazetteer
    from iku.schemas import Decree
    from iku.stages.metadata import _set_region

    assert gazetteer.nearest_kecamatan("Sebagai Lingga", "Lampung Tengah") == "Selagai Lingga"
    assert gazetteer.nearest_kecamatan("AIR PERlUKAN", "Seluma") == "Air Periukan"
    assert gazetteer.nearest_kecamatan("Pasar Baru", "Lampung Tengah") is None  # nothing that near
    for ocr, expected in ((True, "Selagai Lingga"), (False, "Sebagai Lingga")):
        md, log = Decree(pipeline_version="t", doc_id="d", source_file="d.pdf"), StageLog("metadata")
        _set_region(md, "SEBAGAI LINGGA", ("Kabupaten", "LAMPUNG TENGAH"), None, log, None, ocr)
        assert md.kecamatan == expected and (md.region_code == "18.02.20") == ocr
        assert [w.code for w in log.warnings] == (["W504"] if ocr else [])
