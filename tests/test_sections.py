"""The sections stage on lines built in code: signature blocks and position labels."""

from __future__ import annotations

from iku.core.layout import Line, Word
from iku.stages.sections import find_signature


def _line(parts: list[tuple[float, str]], top: float) -> Line:
    words = []
    for x, text in parts:
        for t in text.split():
            words.append(Word(t, x, top, x + 6 * len(t), top + 10, page=1))
            x += 6 * len(t) + 4
    return Line(words)


def test_two_parties_side_by_side():
    """A Perjanjian Kinerja: the superior on the left, the signatory (with the NIP) on the right."""
    lines = [
        _line([(80, "PIHAK KEDUA"), (360, "PIHAK KESATU")], 100),
        _line([(80, "AHMAD HERYAWAN"), (330, "Prof. Dr. H. YUDHA SAPUTRA, M. Ed.")], 160),
        _line([(350, "Pembina Utama Madya")], 172),
        _line([(345, "NIP. 19630312 198901 1 002")], 184),
    ]
    sig = find_signature(lines, 0)
    assert sig.name == "Prof. Dr. H. YUDHA SAPUTRA, M. Ed."
    assert sig.co_name == "AHMAD HERYAWAN"
    assert sig.rank == "Pembina Utama Madya"


def test_both_parties_signing_with_their_nips_are_both_read():
    """A Perjanjian Kinerja signed by both parties, each with name, rank and NIP: the other column is read the
    same way, as the co-signatory."""
    lines = [
        _line([(80, "KEPALA DINAS PEMUDA DAN OLAHRAGA"), (360, "KEPALA BIDANG PEMBUDAYAAN")], 100),
        _line([(60, "PROF. Dr. H. YUDHA MUNAJAT, M. Ed."), (350, "Drs. H. DADANG RAHMAN, M.Si")], 160),
        _line([(80, "Pembina Utama Madya"), (370, "Pembina Tingkat I")], 172),
        _line([(70, "NIP. 19630312 198901 1 002"), (355, "NIP. 19631106 198503 1 006")], 184),
    ]
    sig = find_signature(lines, 0, column=1)
    assert (sig.name, sig.rank, sig.nip) == ("Drs. H. DADANG RAHMAN, M.Si", "Pembina Tingkat I",
                                             "19631106 198503 1 006")
    co = sig.co
    assert co is not None and (co.name, co.rank, co.nip) == ("PROF. Dr. H. YUDHA MUNAJAT, M. Ed.",
                                                            "Pembina Utama Madya", "19630312 198901 1 002")
    assert co.title == "KEPALA DINAS PEMUDA DAN OLAHRAGA" and co.co is None


def test_one_party_block_has_no_co_signatory():
    lines = [_line([(330, "CAMAT CIRUAS")], 100), _line([(330, "Drs. ERI SUHAERI, M.Si")], 160),
             _line([(330, "NIP. 19670101 199103 1 006")], 172)]
    sig = find_signature(lines, 0)
    assert sig.name == "Drs. ERI SUHAERI, M.Si" and sig.co_name is None and sig.title == "CAMAT CIRUAS"
    assert sig.co is None


def test_a_rank_misread_past_reading_is_still_the_ranks_line_not_the_name():
    """Under a pen stroke OCR reads the rank above the NIP as "Pefhbiha Tingkat" or only its end, "Tlndeat To":
    no rank, but a line whose words are like a rank's and no known name. The block's layout says the name is
    the line above it; the rank stays unread. A name in capitals right above the NIP stays the name."""
    for misread in ("Pefhbiha Tingkat", "Tlndeat To"):
        lines = [_line([(330, "CAMAT LIKUPANG SELATAN,")], 100), _line([(330, "H. DEDI KURNIAWAN")], 160),
                 _line([(330, misread)], 172), _line([(330, "NIP. 19810804 200607 1 005")], 184)]
        sig = find_signature(lines, 0)
        assert (sig.name, sig.rank) == ("H. DEDI KURNIAWAN", None), misread
    lines = [_line([(330, "CAMAT CIRUAS")], 100), _line([(330, "Drs. ERI SUHAERI, M.Si")], 150),
             _line([(330, "BUDI UTAMA")], 160), _line([(330, "NIP. 19670101 199103 1 006")], 172)]
    assert find_signature(lines, 0).name == "BUDI UTAMA"  # known names, however like a rank's words
    # too far from any rank to be read as one: still the rank's line, in small letters and no name's, under the
    # line of known names
    lines = [_line([(330, "CAMAT JAWILAN,")], 100), _line([(330, "H. HENDRA WIJAYA, M.Si")], 160),
             _line([(330, "Pefnbibg Ac Tragkat")], 172), _line([(330, "NIP. 19701017 199611 1 017")], 184)]
    assert (find_signature(lines, 0).name, find_signature(lines, 0).rank) == ("H. HENDRA WIJAYA, M.Si", None)


def test_position_label_forms():
    """Each form is a data line in pipeline/data/positions.toml."""
    from iku.stages.sections import _JABATAN

    for text, want in [("Jabatan : Sekretaris Kecamatan", "Sekretaris Kecamatan"),
                       ("Nama Jabatan : Kepala Seksi Pemerintahan", "Kepala Seksi Pemerintahan"),
                       ("NAMA UNIT : Sub Bagian Umum", "Sub Bagian Umum"),
                       ("Jabatan (Eselon IV) : Kepala Seksi Trantib", "Kepala Seksi Trantib"),
                       ("Nama Bidang : Bidang Ketersediaan Pangan", "Bidang Ketersediaan Pangan"),
                       ("2. Nama Sub. : Sub. Bidang Harga Pangan", "Sub. Bidang Harga Pangan"),
                       # the label wrapped in its narrow column ("Nama Sub" over "Bagian")
                       ("Nama Sub : Sub. Bagian Kelembagaan Pangan", "Sub. Bagian Kelembagaan Pangan")]:
        m = _JABATAN.match(text)
        assert m and m.group("rest").strip() == want, text
    assert _JABATAN.match("jabatan fungsional tertentu yang diduduki") is None


def test_iki_heading_names_its_position():
    from iku.resources.vocab import positions_vocabulary

    v = positions_vocabulary()
    assert v.heading_jabatan(" SEKRETARIS KECAMATAN") == "SEKRETARIS KECAMATAN"
    assert v.heading_jabatan(" (IKI) TAHUN 2023") is None
    assert v.heading_jabatan(" KECAMATAN CIRUAS TAHUN 2022") is None


def test_numbered_heading_right_above_a_table_names_its_position(tmp_path):
    from tablekit import TableSpec, build

    from iku import extract

    spec = TableSpec([30, 150, 200, 60], [["No", "Sasaran", "Indikator Kinerja", "Target"]],
                     [["1", "Meningkatnya layanan", "Persentase layanan tepat waktu", "90%"]],
                     above=["INDIKATOR KINERJA INDIVIDU", "II. KEPALA SEKSI PEMERINTAHAN"])
    rows = extract(build(spec, tmp_path / "n.pdf")).indicators
    assert [r.jabatan for r in rows] == ["KEPALA SEKSI PEMERINTAHAN"]
    # a scan's numeral with its dot lost or a stroke misread ("IL", "Il.", "11."): the same heading
    from iku.resources.vocab import positions_vocabulary

    numbered = positions_vocabulary().numbered
    for text in ("IL SEKRETARIS KECAMATAN", "Il. KEPALA SEKSI", "11. CAMAT"):
        assert any(p.match(text) for p in numbered), text
    for text in ("I KETUT SURYA", "1 Meningkatnya layanan", "10. SEKRETARIS", "JUMLAH ANGGARAN"):
        assert not any(p.match(text) for p in numbered), text


def test_a_position_label_whose_colon_a_scan_lost_names_the_table_below(tmp_path):
    """"Jabatan (Eselon IV) Kepala Seksi ..." right above a table: OCR lost the colon, yet the label names
    the position of the rows below; the same words opening prose with no table below name none."""
    from tablekit import TableSpec, build

    from iku import extract

    head, body = [["No", "Sasaran", "Indikator Kinerja", "Target"]], [
        ["1", "Meningkatnya layanan", "Persentase layanan tepat waktu", "90%"]]
    spec = TableSpec([30, 150, 200, 60], head, body,
                     above=["INDIKATOR KINERJA INDIVIDU", "Jabatan (Eselon IV) Kepala Seksi Tata Pemerintahan"])
    rows = extract(build(spec, tmp_path / "n.pdf")).indicators
    assert [r.jabatan for r in rows] == ["Kepala Seksi Tata Pemerintahan"]
    spec = TableSpec([30, 150, 200, 60], head, body,
                     above=["Jabatan Fungsional Umum diatur dalam peraturan tersendiri.", "INDIKATOR KINERJA INDIVIDU"])
    rows = extract(build(spec, tmp_path / "p.pdf")).indicators
    assert [r.jabatan for r in rows] == [None]


def test_letter_spaced_runs_are_parted_into_known_words(lexicon):
    from iku.stages.sections import despace
    assert despace("P R O V I N S I J A W A B A R A T", lexicon) == "PROVINSI JAWA BARAT"
    assert despace("T A H U N 2 0 1 6", lexicon) == "TAHUN 2016"
    assert despace("K E C A M A T A N S A M P A N G", lexicon) == "KECAMATAN SAMPANG"
    assert despace("S A M P A N G", lexicon) == "SAMPANG"  # short: one word, whatever its pieces
    assert despace("L A M P I R A N", lexicon) == "LAMPIRAN"


def test_place_line_whose_label_a_stamp_garbled_is_found_above_the_date_line(lexicon):
    """The block read by its layout: '... di Place' right above the date line is the place line, however the
    stamp garbled 'Ditetapkan'; the title, name, rank and NIP follow as usual. Prose with 'di' is no place line."""
    from iku.core.stage import StageLog
    from iku.stages.sections import parse_decree

    lines = [_line([(80, "KEPUTUSAN CAMAT PANGKALAN BARU")], 60), _line([(80, "NOMOR : 050/73/Kec.PAN/2026")], 72),
             _line([(80, "TENTANG INDIKATOR KINERJA UTAMA")], 84), _line([(80, "MEMUTUSKAN :")], 100),
             _line([(80, "KESATU : Menetapkan indikator sebagaimana tercantum di dalam Lampiran.")], 112),
             _line([(280, "7 7 Pa Ni etapkan di Pangkalan Baru 5.")], 150),
             _line([(300, "26 Januari 2026")], 162), _line([(300, "CAMAT PANGKALAN BARU,")], 174),
             _line([(300, "AGUS SETIAWAN, M.Si")], 230), _line([(300, "Pembina Tingkat I")], 242),
             _line([(300, "NIP. 19850418 200701 1 011")], 254)]
    block = parse_decree(lines, 0, StageLog("sections"), lexicon)
    assert (block.place, block.date_text) == ("Pangkalan Baru", "26 Januari 2026")
    assert (block.signature.name, block.signature.rank) == ("AGUS SETIAWAN, M.Si", "Pembina Tingkat I")
    assert block.signature.nip == "19850418 200701 1 011"


def test_two_parties_each_above_a_nip_read_in_the_first_partys_column():
    """Both parties of a PK sign above their NIPs on one line: the block is read in the column the first
    party's designation ("PIHAK KESATU") heads, here on the right."""
    lines = [
        _line([(80, "PIHAK KEDUA"), (360, "PIHAK KESATU")], 100),
        _line([(60, "Dr. H. ANDI WIJAYA, M.Si"), (340, "Drs. BUDI SANTOSO")], 160),
        _line([(80, "Pembina Utama Madya"), (350, "Pembina Tingkat I")], 172),
        _line([(70, "NIP. 19630312 198901 1 002"), (345, "NIP. 19650101 199003 1 004")], 184),
    ]
    sig = find_signature(lines, 0)
    assert (sig.name, sig.rank, sig.nip) == ("Drs. BUDI SANTOSO", "Pembina Tingkat I", "19650101 199003 1 004")
    assert (sig.column, sig.columns) == (1, 2)
    left = find_signature(lines, 0, column=0)  # the other column, when asked for
    assert (left.name, left.nip) == ("Dr. H. ANDI WIJAYA, M.Si", "19630312 198901 1 002")


def test_a_legal_basis_whose_memutuskan_ocr_lost_ends_at_the_first_article(lexicon):
    """A scan's page pass lost the MEMUTUSKAN line under the Mengingat list: the list still ends at the first
    diktum, so the signing line, the date and the signature below are read (they were swallowed as a legal
    basis item)."""
    from iku.core.stage import StageLog
    from iku.stages.sections import parse_decree

    lines = [_line([(80, "KEPUTUSAN CAMAT GALUR")], 60), _line([(80, "NOMOR : 800/43/Kec.GAL/2024")], 72),
             _line([(80, "TENTANG INDIKATOR KINERJA INDIVIDU")], 84), _line([(80, "Mengingat")], 100),
             _line([(80, "1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;")], 112),
             _line([(80, "KESATU : Menetapkan indikator kinerja sebagaimana tercantum dalam Lampiran.")], 136),
             _line([(300, "Ditetapkan di Galur")], 160), _line([(300, "pada tanggal 3 Februari 2024")], 172),
             _line([(300, "CAMAT GALUR,")], 184), _line([(300, "AGUS SETIAWAN, S.STP, M.AP")], 240),
             _line([(300, "Pembina")], 252), _line([(300, "NIP. 19680419 199810 2 015")], 264)]
    block = parse_decree(lines, 0, StageLog("sections"), lexicon)
    (item,) = block.mengingat
    assert item[1] == "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;"
    assert block.diktum and block.diktum[0].startswith("KESATU")
    assert (block.place, block.date_text, block.signature.nip) == ("Galur", "3 Februari 2024", "19680419 199810 2 015")


def test_a_decree_header_under_debris_or_without_its_first_word_still_opens_the_decree(lexicon):
    """A scan's header read as "'KEPUTUSAN CAMAT ..." (a mark before it) or as "CAMAT SIABU" (KEPUTUSAN lost
    under a stamp) over its NOMOR and TENTANG lines still opens the decree: its number (without the dot OCR read
    after the colon), date and signature are read. A camat's title in a signature block is no header."""
    from iku.core.stage import StageLog
    from iku.stages.sections import read_sections

    def page(header: str) -> list:
        return [_line([(80, header)], 60), _line([(80, "NOMOR :. 188.4/42/Kec.SIA/2023")], 72),
                _line([(80, "TENTANG")], 84), _line([(80, "INDIKATOR KINERJA INDIVIDU")], 96),
                _line([(80, "KESATU : Menetapkan indikator kinerja sebagaimana tercantum dalam Lampiran.")], 136),
                _line([(300, "Ditetapkan di Siabu")], 160), _line([(300, "pada tanggal 25 Januari 2023")], 172),
                _line([(300, "CAMAT SIABU,")], 184), _line([(300, "AGUS SETIAWAN, S.STP")], 240),
                _line([(300, "NIP. 19680419 199810 2 015")], 264)]

    from iku.core.layout import PageLayout

    for header in ("'KEPUTUSAN CAMAT SIABU", "CAMAT SIABU"):
        layout = PageLayout(number=1, width=595, height=842, kind="ocr")
        layout.words = [w for ln in page(header) for w in ln.words]
        (block,) = read_sections([layout], [], StageLog("sections"), lexicon).decrees
        assert block.header == "KEPUTUSAN CAMAT SIABU", header
        assert (block.number, block.date_text) == ("188.4/42/Kec.SIA/2023", "25 Januari 2023")
        assert block.signature.nip == "19680419 199810 2 015"
    from iku.stages.sections import _number

    assert _number(" 800/96/Kec. KOB/2023 .") == "800/96/Kec. KOB/2023"
    assert _number(": 050/92/Kec. IV 12026") == "050/92/Kec. IV /2026"  # the slash read as a 1
    assert _number("050/12026") == "050/12026" and _number("800/1.2") == "800/1.2"  # no space before: as read


def test_a_nip_whose_label_ocr_split_and_a_speck_dotted_is_still_the_blocks_nip():
    from iku.stages.sections import _nip_in

    assert _nip_in("N IP:: 19801209 200704 2.003") == "198012092007042003"
    assert _nip_in("NIP. 19801209 200704 2 003") == "19801209 200704 2 003"
    assert _nip_in("N IP: 19801209 200704 3.003") is None  # no sex digit where it must be
    assert _nip_in("Nomor 188.4/50/Kec/2025") is None
    # no label, a NIP's grouping (8 6 1 3), a year's first digit misread: the NIP, written in its grouping
    assert _nip_in("49800725 200706 1 001") == "19800725 200706 1 001"
    assert _nip_in("x NIP/49770110 200011 2 001") == "19770110 200011 2 001"
    assert _nip_in("Jumlah 12345678 123456 1 123") is None


def test_an_unruled_body_ends_above_the_next_tables_title_lines():
    """An unruled table's body running into the next table's header: its title lines ("INDIKATOR KINERJA
    INDIVIDU", the position's label) are no rows of it, however wide the blank bands between its own rows
    (cells with a stacked fraction leave wide ones): they name a table."""
    from iku.stages.unruled import _without_title

    rows = [_line([(60, "1"), (90, "Meningkatnya layanan"), (250, "Persentase layanan")], 100 + 30 * k)
            for k in range(4)]
    title = [_line([(60, "INDIKATOR KINERJA INDIVIDU")], 235), _line([(60, "Jabatan : Kepala Seksi Umum")], 247)]
    assert _without_title(rows + title) == rows
    assert _without_title(rows) == rows


def test_a_speck_read_as_a_colon_leaves_a_header_line_of_labels():
    """The second line of an unruled header ("Kinerja Utama", "Data", "Jawab") with a speck read as ":"
    between two columns is still a line of labels, not the table's first row."""
    from iku.stages.unruled import _continues_header

    prev = _line([(60, "No"), (150, "Indikator"), (400, "Sumber"), (520, "Penanggung")], 100)
    line = _line([(150, "Kinerja Utama"), (400, "Data"), (500, ":"), (520, "Jawab")], 112)
    cuts, labels = [50, 140, 390, 510, 620], ["No", "Indikator", "Sumber", "Penanggung"]
    assert _continues_header(line, cuts, labels, prev, 10.0)
    body = _line([(150, "Jumlah dokumen"), (400, "laporan"), (520, "Kasubbag")], 112)
    assert not _continues_header(body, cuts, labels, prev, 10.0)


def test_a_decree_whose_place_line_a_stamp_garbled_still_has_its_signature():
    """"Ditetapkan di Limun" read as "—prcvetapKan Ol Liman" under a stamp: no place line is found, yet the
    decree's first NIP anchors its signature block, and the dated line above it is the decree's date."""
    from iku.core.stage import StageLog
    from iku.stages.sections import parse_decree

    texts = ["KEPUTUSAN CAMAT LIMUN", "NOMOR 050/12/Kec.LMN/2024", "MEMUTUSKAN :",
             "KESATU : Menetapkan indikator kinerja dalam Lampiran.", "—prcvetapKan Ol Liman",
             "pie pada tanggal 2 Februari 2024", "CAMAT LIMUN,", "Drs. DEDI KURNIAWAN, S.Sos", "Penata Tingkat I",
             "NIP. 19740426 199703 2 014"]
    lines = [_line([(60 if k < 4 else 330, t)], 100 + 14 * k) for k, t in enumerate(texts)]
    block = parse_decree(lines, 0, StageLog("sections"), None)
    assert block.place is None
    assert block.date_text == "2 Februari 2024"
    assert (block.signature.name, block.signature.rank) == ("Drs. DEDI KURNIAWAN, S.Sos", "Penata Tingkat I")
    assert block.signature.nip == "19740426 199703 2 014"


def test_a_lone_letter_before_the_signatorys_title_is_debris():
    """A stamp's or pen's mark read as a letter before the title ("S Drs. DEDI KURNIAWAN"): no name is a letter
    followed by its bearer's title (the titles are data: signature.toml name_titles); an initial is kept."""
    from iku.stages.sections import _without_debris

    assert _without_debris("S Drs. DEDI KURNIAWAN") == "Drs. DEDI KURNIAWAN"
    assert _without_debris("S Hj. SITI AMINAH") == "Hj. SITI AMINAH"
    assert _without_debris("A. RAHMAN") == "A. RAHMAN"
    assert _without_debris("M RAHMAN") == "M RAHMAN"
