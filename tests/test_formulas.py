"""Formula readings, from formulas printed in the seed decrees (Ciruas, Camplong, Merakurak)."""

from pipeline.formulas import parse_segment, parse_text
from pipeline.layout import Rule, Word


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
    assert f.style == "words" and f.text.endswith("x 100%")


def test_colon_ratio_with_numeric_multiplier():
    f = parse_text("(Jumlah desa tertib administrasi : Jumlah desa) x 100%")
    assert f.numerator == "Jumlah desa tertib administrasi" and f.denominator == "Jumlah desa"


def test_weighted_score_is_not_a_plain_ratio():
    # Camplong: the IKM formula multiplies by a weight, not a number
    raw = "(Total Nilai dari nilai persepsi per Unsur : Total Unsur yang terisi) x nilai tertimbang"
    f = parse_text(raw)
    assert f.kind == "text" and f.numerator is None and f.text == raw


def test_difference_and_count_keep_their_words():
    assert parse_text("Jumlah kejadian kriminalitas – Target Jumlah kriminalitas").kind == "text"
    assert parse_text("Jumlah dokumen BKU yang dibuat").text == "Jumlah dokumen BKU yang dibuat"
    assert parse_text("").kind == "empty"


def test_stacked_fraction_with_multiplier_beside_the_bar():
    words = _w("Jumlah Akta tanah yang diproses tepat waktu", 10, 0) + _w("x 100 %", 260, 7) + \
        _w("Jumlah usulan pembuatann Akta Tanah", 20, 14)
    f = parse_segment(words, [Rule(5, 250, 12)])
    assert f.style == "stacked"
    assert f.numerator == "Jumlah Akta tanah yang diproses tepat waktu"
    assert f.denominator == "Jumlah usulan pembuatann Akta Tanah"
    assert f.multiplier == "100 %"


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
