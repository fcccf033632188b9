"""Formula readings, from formulas printed in the seed decrees (Ciruas, Camplong, Merakurak)."""

from iku.core.layout import Rule, Word
from iku.stages.normalise import parse_cells, parse_segment, parse_text


def _w(text: str, x0: float, top: float, size: float = 10) -> list[Word]:
    """Words of one printed line starting at x0."""
    out, x = [], x0
    for t in text.split():
        out.append(Word(t, x, top, x + 5 * len(t), top + size, page=1))
        x += 5 * len(t) + 3
    return out


def test_inline_slash_ratio():
    f = parse_text("Jumlah realisasi anggaran belanja kecamatan / Jumlah pagu anggaran belanja kecamatan x 100%")
    assert (f.kind, f.numerator, f.denominator, f.multiplier) == (
        "ratio", "Jumlah realisasi anggaran belanja kecamatan", "Jumlah pagu anggaran belanja kecamatan", "100%")


def test_word_ratio_dibagi_dikali():
    f = parse_text("Jumlah surat yang diarsip dibagi jumlah surat masuk dikali 100%")
    assert f.numerator == "Jumlah surat yang diarsip" and f.denominator == "jumlah surat masuk"
    # a word formula keeps its printed words (the contract); only the parts are split
    assert f.style == "words" and f.text == "Jumlah surat yang diarsip dibagi jumlah surat masuk dikali 100%"
    assert f.multiplier == "100%"


def test_ratio_phrases_of_the_grammar():
    cases = {
        "Jumlah desa yang dibina dibagi dengan jumlah seluruh desa dikali 100 persen":
            ("Jumlah desa yang dibina", "jumlah seluruh desa", "100 persen"),
        "Realisasi anggaran dibandingkan dengan pagu anggaran x 100%": ("Realisasi anggaran", "pagu anggaran", "100%"),
        "Jumlah aduan selesai terhadap jumlah aduan masuk dikalikan 100%":
            ("Jumlah aduan selesai", "jumlah aduan masuk", "100%"),
        "Perbandingan antara jumlah ASN hadir dengan jumlah ASN": ("jumlah ASN hadir", "jumlah ASN", None),
        "Jumlah kegiatan terlaksana : jumlah kegiatan direncanakan kali seratus persen":
            ("Jumlah kegiatan terlaksana", "jumlah kegiatan direncanakan", "seratus persen"),
        "Jumlah laporan / jumlah kegiatan x100%": ("Jumlah laporan", "jumlah kegiatan", "100%"),
    }
    for raw, parts in cases.items():
        f = parse_text(raw)
        assert (f.numerator, f.denominator, f.multiplier) == parts, raw
    assert parse_text("Jumlah laporan / jumlah kegiatan x100%").text == "Jumlah laporan / jumlah kegiatan x 100%"
    # prose with "per" / "terhadap" and no multiplier is no ratio
    assert parse_text("Jumlah kunjungan per tahun").kind != "ratio"
    assert parse_text("Nilai kepuasan masyarakat terhadap layanan").kind != "ratio"
    # ... between two quantities it is one, and a word formula keeps its words
    f = parse_text("Jumlah pengaduan selesai per jumlah pengaduan masuk")
    assert (f.kind, f.numerator, f.denominator, f.text) == (
        "ratio", "Jumlah pengaduan selesai", "jumlah pengaduan masuk",
        "Jumlah pengaduan selesai per jumlah pengaduan masuk")


def test_ratio_of_symbols_a_legend_defines():
    for raw, parts in {"(A/B) x 100%": ("A", "B", "100%"), "X1 : X2 x 100 %": ("X1", "X2", "100 %")}.items():
        f = parse_text(raw)
        assert (f.kind, f.numerator, f.denominator, f.multiplier) == ("ratio", *parts), raw
    assert parse_text("a/b x 100%").kind == "text"  # lower-case letters name no symbol


def test_colon_ratio_with_numeric_multiplier():
    f = parse_text("(Jumlah desa tertib administrasi : Jumlah desa) x 100%")
    assert f.numerator == "Jumlah desa tertib administrasi" and f.denominator == "Jumlah desa"


def test_weighted_score_is_not_a_plain_ratio():
    # Camplong: the IKM formula multiplies by a weight, not a number: a score, not a percentage
    raw = "(Total Nilai dari nilai persepsi per Unsur : Total Unsur yang terisi) x nilai tertimbang"
    f = parse_text(raw)
    assert (f.kind, f.numerator, f.denominator, f.multiplier, f.unit) == (
        "score", "Total Nilai dari nilai persepsi per Unsur", "Total Unsur yang terisi", "nilai tertimbang", None)
    assert f.text == raw


def test_difference_keeps_both_terms():
    # Camplong: "Angka Kriminalitas", printed with and without brackets
    for raw in ("Jumlah kejadian kriminalitas – Target Jumlah kriminalitas",
                "(Jumlah kejadian kriminalitas – target jumlah kriminalitas)"):
        f = parse_text(raw)
        assert f.kind == "difference" and f.numerator is None
        assert [t.lower() for t in f.terms] == ["jumlah kejadian kriminalitas", "target jumlah kriminalitas"]


def test_spaced_hyphen_inside_a_name_is_not_a_difference():
    # Ciruas: "SPP UP - GU-TU" is a list of document kinds
    f = parse_text("Jumlah dokumen SPP UP - GU-TU dan LS yang dientry melalui aplikasi SIPKD")
    assert f.kind == "count" and f.terms == []


def test_counts_indices_scores_and_plain_text():
    assert parse_text("Jumlah dokumen BKU yang dibuat").kind == "count"
    assert parse_text("Jumlah dokumen BKU yang dibuat").text == "Jumlah dokumen BKU yang dibuat"
    assert parse_text("IKM Kecamatan").kind == "index"  # Ciruas
    assert parse_text("Nilai hasil evaluasi SAKIP Kecamatan oleh Inspektorat Kabupaten Sukoharjo").kind == "score"
    assert parse_text("Hasil survei independen atas penyelenggaraan pelayanan publik di Kecamatan").kind == "text"
    assert parse_text("").kind == "empty"


def test_fixed_denominator_is_a_constant():
    # Camplong: "Jumlah desa yang tertib administrasi / 14 desa x 100 %"
    f = parse_text("Jumlah Dok APBDes yang tepat waktu / 14 Desa x 100 %")
    assert (f.kind, f.denominator, f.unit) == ("ratio", "14 Desa", "%")
    fixed = [c for c in f.constants if c.role == "denominator"]
    assert [(c.value, c.unit) for c in fixed] == [(14.0, "Desa")]
    # a denominator in words carries no constant
    g = parse_text("Jumlah desa yang tertib administrasi / Jumlah seluruh desa x 100%")
    assert [c.role for c in g.constants] == ["multiplier"]


def test_index_equals_ratio_times_25():
    f = parse_text("IKM sama dengan total nilai persepsi per unsur dibagi total unsur yang terisi dikali 25")
    assert (f.kind, f.numerator, f.denominator, f.multiplier, f.unit) == (
        "index", "total nilai persepsi per unsur", "total unsur yang terisi", "25", None)
    assert [(c.value, c.role) for c in f.constants] == [(25.0, "multiplier")]
    g = parse_text("IKM = Nilai rata-rata tertimbang x 25")
    assert (g.kind, g.terms, g.multiplier) == ("index", ["Nilai rata-rata tertimbang"], "25")


def test_fraction_read_line_by_line_from_text_alone():
    # Ciruas: the bar was lost and the "X" is glued to the numerator's last word
    f = parse_text("Jumlah kegiatan lingkup trantib yang di fasilitasiX 100% Jumlah kegiatan lingkup trantib yang ada")
    assert (f.kind, f.numerator, f.denominator, f.multiplier) == (
        "ratio", "Jumlah kegiatan lingkup trantib yang di fasilitasi", "Jumlah kegiatan lingkup trantib yang ada",
        "100%")
    g = parse_text("Realisasi Keuangan Program/Kegiatan Kec. Ciruas X 100% Jumlah total anggaran belanja langsung")
    assert (g.numerator, g.denominator) == ("Realisasi Keuangan Program/Kegiatan Kec. Ciruas",
                                            "Jumlah total anggaran belanja langsung")


def test_ratio_without_multiplier_needs_quantities_on_both_sides():
    f = parse_text("Jumlah realisasi Keuangan / Jumlah Anggaran")
    assert (f.kind, f.numerator, f.denominator, f.multiplier, f.unit) == (
        "ratio", "Jumlah realisasi Keuangan", "Jumlah Anggaran", None, None)
    # "program / kegiatan" is a pair of words, not a division
    assert parse_text("Realisasi capaian kinerja program / kegiatan").kind == "text"


def test_stacked_fraction_with_multiplier_beside_the_bar():
    words = _w("Jumlah Akta tanah yang diproses tepat waktu", 10, 0) + _w("x 100 %", 260, 7) + \
        _w("Jumlah usulan pembuatann Akta Tanah", 20, 14)
    f = parse_segment(words, [Rule(5, 250, 12)])
    assert f.style == "stacked"
    assert f.numerator == "Jumlah Akta tanah yang diproses tepat waktu"
    assert f.denominator == "Jumlah usulan pembuatann Akta Tanah"
    assert f.multiplier == "100 %"


def test_a_short_stroke_between_a_formulas_lines_is_no_fraction_bar():
    """A scan's stroke under one word of a word formula (a pen's tick, a speck line, a shading's edge) lies between
    two of its lines: no bar, the formula keeps its words ("dibagi", "dikali") and is split by them; a bar as wide
    as the lines still makes a stacked fraction."""
    words = (_w("Jumlah permohonan layanan yang selesai", 10, 0) + _w("tepat waktu dibagi jumlah seluruh", 10, 12)
             + _w("permohonan layanan dikali 100%", 10, 24))
    f = parse_segment(words, [Rule(40, 60, 22.5)])  # a 20-point stroke under "permohonan"
    assert f.text == "Jumlah permohonan layanan yang selesai tepat waktu dibagi jumlah seluruh permohonan layanan " \
        "dikali 100%"
    assert (f.numerator, f.denominator) == ("Jumlah permohonan layanan yang selesai tepat waktu",
                                            "jumlah seluruh permohonan layanan")
    bar = _w("Jumlah Akta tanah yang diproses", 10, 0) + _w("x 100 %", 200, 7) + _w("Jumlah usulan Akta Tanah", 20, 14)
    assert parse_segment(bar, [Rule(5, 180, 12)]).style == "stacked"
    assert parse_segment(bar, [Rule(60, 75, 12)]).style != "stacked"


def test_a_multiplier_beside_the_bar_is_read_in_reading_order_and_its_pieces_go_with_it():
    """On a scan the "x" beside the bar sits lower than the "100" after it, and OCR reads a piece twice ("X"
    after "100"): the multiplier is read left to right, and its pieces are no words of the denominator."""
    def w(text: str, x0: float, top: float) -> Word:
        return Word(text, x0, top, x0 + 6 * len(text), top + 8, page=1, conf=0.9)

    words = (_w("Jumlah Akta tanah yang diproses", 10, 0) + _w("Jumlah usulan pembuatan Akta", 14, 15)
             + [w("x", 210, 10), w("100", 219, 7.6), w("X", 238, 7.8)])
    words = [Word(x.text, x.x0, x.top, x.x1, x.bottom, page=1, conf=0.9) for x in words]
    f = parse_segment(words, [Rule(5, 205, 11.5)])
    assert (f.style, f.numerator, f.denominator) == ("stacked", "Jumlah Akta tanah yang diproses",
                                                     "Jumlah usulan pembuatan Akta")
    assert f.multiplier == "100"


def test_underlined_numerator_then_denominator():
    # Ciruas: numerator underlined line by line, "X 100%" after it, denominator below
    words = _w("Jumlah Sasaran, Program dan", 10, 0) + _w("Kegiatan Renja yang selaras X 100%", 10, 12) + \
        _w("Jumlah Seluruh Sasaran, Program", 10, 24)
    rules = [Rule(10, 140, 10.5), Rule(10, 140, 22.5)]
    f = parse_segment(words, rules)
    assert f.style == "underline"
    assert f.numerator == "Jumlah Sasaran, Program dan Kegiatan Renja yang selaras"
    assert f.denominator == "Jumlah Seluruh Sasaran, Program"
    assert f.multiplier == "100%"


def test_dashed_rule_line():
    # Merakurak: "------ x 100%" drawn with characters
    words = _w("Jumlah Pemantauan yang dilaksanakan", 10, 0) + _w("------------------- x 100%", 10, 12) + \
        _w("Jumlah Pemantauan", 10, 24)
    f = parse_segment(words, [])
    assert (f.style, f.numerator, f.denominator) == ("dashes", "Jumlah Pemantauan yang dilaksanakan",
                                                     "Jumlah Pemantauan")


def test_fraction_read_line_by_line_without_bar():
    f = parse_segment(_w("Jumlah desa yang tertib X 100%", 10, 0) + _w("Jumlah seluruh desa", 10, 12), [])
    assert (f.numerator, f.denominator, f.multiplier) == ("Jumlah desa yang tertib", "Jumlah seluruh desa", "100%")


def _ocr(words: list[Word], conf: float = 0.9) -> list[Word]:
    for w in words:
        w.conf = conf
    return words


def test_scanned_fraction_whose_multiplier_ocr_misread_is_split_on_the_bar():
    # Camplong, scanned: "x 100 %" beside the bar came out as a lone "9"; the bar is still there
    words = _ocr(_w("Jumlah SKCK Ijin keramaian yang diproses", 10, 0) + _w("tepat waktu", 60, 12)
                 + _w("9", 260, 20) + _w("Jumlah usulan pembuatann SKCK Ijin keramaian", 20, 30))
    f = parse_segment(words, [Rule(5, 240, 25)])
    assert (f.kind, f.style) == ("ratio", "stacked")
    assert f.numerator == "Jumlah SKCK Ijin keramaian yang diproses tepat waktu"
    assert f.denominator == "Jumlah usulan pembuatann SKCK Ijin keramaian"
    assert f.multiplier is None  # not guessed from a "9"


def test_ocr_forms_of_100_percent():
    words = _ocr(_w("Jumlah ASN yang hadir tepat waktu x 10096", 10, 0) + _w("Jumlah seluruh ASN", 30, 14))
    f = parse_segment(words, [Rule(5, 200, 12)])
    assert (f.numerator, f.denominator, f.multiplier) == ("Jumlah ASN yang hadir tepat waktu", "Jumlah seluruh ASN",
                                                          "100%")
    # the same digits in a text layer are printed content and stay as they are
    digital = parse_segment(_w("Jumlah ASN yang hadir tepat waktu x 10096", 10, 0) + _w("Jumlah seluruh ASN", 30, 14),
                            [Rule(5, 200, 12)])
    assert digital.multiplier == "10096"


def test_an_inline_or_word_formula_read_by_ocr_gets_its_misread_percent_back():
    """"A / B x 10096", "A dibagi B dikali 1004" on a scan: the "%" after the times word's 100 was misread
    (the grammar's data lists how); the formula reads "x 100%" with multiplier 100%, its raw as OCR read it.
    A text layer's digits are printed content and stay."""
    read = "Jumlah desa yang tertib / jumlah seluruh desa x 10096"
    f = parse_segment(_ocr(_w(read, 10, 0)), [])
    assert (f.numerator, f.denominator, f.multiplier) == ("Jumlah desa yang tertib", "jumlah seluruh desa", "100%")
    assert f.text == "Jumlah desa yang tertib / jumlah seluruh desa x 100%" and f.raw == read
    words = parse_segment(_ocr(_w("Jumlah desa yang tertib dibagi jumlah seluruh desa dikali 1004", 10, 0)), [])
    assert words.multiplier == "100%" and words.text.endswith("dikali 100%")
    assert parse_segment(_w(read, 10, 0), []).multiplier == "10096"
    assert parse_segment(_ocr(_w("Jumlah desa yang tertib / jumlah seluruh desa x 1000", 10, 0)), []).multiplier \
        == "1000"


def test_a_formula_column_empty_in_this_row_is_an_empty_formula():
    """A row band with nothing in the formula column gives an empty formula, not an internal error."""
    f = parse_cells([])
    assert f.kind == "empty" and f.text == ""


def test_stacked_fraction_with_the_multiplier_beside_the_bar_over_two_lines():
    """ "x" above the bar's height and "100%" across it, right of a fraction whose lines wrap: one
    multiplier, and the fraction read as numerator over denominator."""
    words = (_w("Jumlah kelompok", 10, 100) + _w("usaha yang", 10, 110) + _w("dibina", 10, 120)
             + _w("jumlah kelompok", 10, 133) + _w("usaha terdata", 10, 143)
             + _w("x", 95, 121) + _w("100%", 95, 131))
    f = parse_segment(words, [Rule(9, 90, 130.5, page=1)])
    assert (f.numerator, f.denominator, f.multiplier) == ("Jumlah kelompok usaha yang dibina",
                                                          "jumlah kelompok usaha terdata", "100%")


def test_a_satuan_cells_lone_percent_misread_is_known_from_the_rows_formula():
    """An OCR-read Satuan cell holding a glyph or two that are no unit ("4", "oe": a lone "%" misread), in a
    row whose formula gives a percentage: "%", with its confidence halved for review. A unit, a text layer's
    value, or a row whose formula is no percentage keeps what was read."""
    from iku.stages.normalise import _percent_misread

    pct = parse_text("Jumlah desa yang tertib / jumlah seluruh desa x 100%")
    count = parse_text("Jumlah dokumen laporan aset yang disusun")
    assert pct.unit == "%"
    assert _percent_misread("4", 0.6, pct) and _percent_misread("oe", 0.4, pct)
    assert not _percent_misread("4", 1.0, pct)  # a text layer prints what it prints
    assert not _percent_misread("Desa", 0.6, pct)  # a unit
    assert not _percent_misread("4", 0.6, count)  # no percentage in the formula
    assert not _percent_misread("Dokumen", 0.6, None)
