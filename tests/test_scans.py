"""Scanned and mixed input (issue 3): page routing, orientation, OCR clean-up, and the scanned samples
(samples/scanned, made by samples/kit/scan.py in `make samples`) against the gold of the digital sample they came
from."""

import io
import json
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import snapshots
from conftest import SAMPLES
from goldcompare import compare_meta, compare_rows
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from iku import extract
from iku.resources.lexicon import correct
from iku.schemas import Decree
from iku.stages.ingest import text_layer_is_garbage
from iku.stages.metadata import fix_title
from iku.stages.normalise import fix_satuan

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
SCANS = SAMPLES / "scanned"


def _gold(pdf: Path) -> dict:
    base = pdf.stem.rsplit("_", 1)[0]  # booklet_2023_scan -> booklet_2023
    return json.loads((SAMPLES / "gold" / f"{base}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scans() -> dict[str, Decree]:
    if shutil.which("tesseract") is None:
        pytest.skip("tesseract is not installed")
    return {p.stem: extract(p) for p in sorted(SCANS.glob("*.pdf"))}


@needs_tesseract
def test_scanned_sample_matches_gold(scans: dict[str, Decree]):
    d = scans["booklet_2023_scan"]
    assert d.status == "ok" and d.input_kind == "scanned"
    cmp = compare_rows(_gold(SCANS / "booklet_2023_scan.pdf"), d)
    assert cmp.f1 >= 0.9, (cmp.gold, cmp.pred, cmp.matched)
    for field in ("level", "jabatan", "sasaran", "indikator", "sumber_data"):
        assert cmp.exact[field] >= 0.8, (field, cmp.mismatches[:8])
    wrong = [k for k, ok in compare_meta(_gold(SCANS / "booklet_2023_scan.pdf"), d).items() if not ok]
    assert wrong == [], wrong
    assert all(r.confidence < 1.0 for r in d.indicators)  # every value came through OCR and says so


@needs_tesseract
@pytest.mark.parametrize("sample", snapshots.samples("scanned"))
def test_scanned_rows_and_metadata_match_the_snapshot(scans: dict[str, Decree], sample: str):
    """Exactly as tests/golden/<sample>.json has it, but the known failures (OCR specks and misreads, listed)."""
    snapshots.skip_unless_same_engine(sample)
    snapshots.check(sample, snapshots.snapshot(scans[sample]))


@needs_tesseract
@pytest.mark.parametrize(("sample", "path"), snapshots.known_params("scanned"))
def test_scanned_known_failure(scans: dict[str, Decree], sample: str, path: str):
    snapshots.skip_unless_same_engine(sample)
    assert snapshots.get(snapshots.snapshot(scans[sample]), path) == snapshots.get(snapshots.load(sample), path)


def test_a_scanned_snapshot_is_its_digital_one():
    """The reviewed truth of a scan is its digital sample's: the same content, the same pages."""
    for sample in snapshots.samples("scanned"):
        snap = snapshots.load(sample)
        snap.pop("engine")
        assert snap == snapshots.load(sample.rsplit("_", 1)[0]), sample


@needs_tesseract
def test_sideways_pages_are_turned_upright(scans: dict[str, Decree]):
    d = scans["booklet_2023_scan"]
    src = pdfium.PdfDocument(str(SAMPLES / "booklet_2023.pdf"))
    landscape = {i + 1 for i in range(len(src)) if src[i].get_size()[0] > src[i].get_size()[1]}
    assert landscape, "the digital booklet has landscape lampiran pages"
    for info in d.page_info:
        assert info.source == "ocr"
        assert (info.rotation in (90, 270)) == (info.page in landscape), info
        assert abs(info.skew) <= 2.0
    # rows on turned pages carry boxes in the upright page's coordinates
    for row in d.indicators:
        if row.page in landscape:
            assert row.bbox[2] <= 936 and row.bbox[3] <= 612


@needs_tesseract
def test_mixed_sample_ocrs_only_its_scanned_pages(scans: dict[str, Decree]):
    d = scans["ciruas_2022_mixed"]
    assert d.input_kind == "mixed"
    sources = [p.source for p in d.page_info]
    assert sources[0] == "ocr" and sources[-1] == "text"
    assert all(p.ocr_words == 0 for p in d.page_info if p.source == "text")
    cmp = compare_rows(_gold(SCANS / "ciruas_2022_mixed.pdf"), d)
    assert cmp.f1 >= 0.95 and cmp.exact["indikator"] >= 0.95, cmp.mismatches[:5]
    wrong = [k for k, ok in compare_meta(_gold(SCANS / "ciruas_2022_mixed.pdf"), d).items() if not ok]
    assert wrong == [], wrong  # decree number, date, place and signatory read from the scanned decree pages


def _text_image(lines: list[str], size: int = 34) -> Image.Image:
    font = ImageFont.truetype("DejaVuSans.ttf", size) if _has_dejavu() else ImageFont.load_default()
    img = Image.new("L", (1400, 70 * len(lines) + 40), 255)
    draw = ImageDraw.Draw(img)
    for i, text in enumerate(lines):
        draw.text((30, 20 + 70 * i), text, fill=0, font=font)
    return img


def _has_dejavu() -> bool:
    try:
        ImageFont.truetype("DejaVuSans.ttf", 10)
        return True
    except OSError:
        return False


@needs_tesseract
def test_signature_pasted_as_an_image_is_read(tmp_path: Path):
    """A Word decree whose signature block (name, rank, NIP) is a pasted scan: the words join the page."""
    out = tmp_path / "pasted.pdf"
    c = Canvas(str(out), pagesize=A4, invariant=1)
    y = 780
    for text in ("KEPUTUSAN CAMAT CONTOH KABUPATEN SERANG", "NOMOR : 800/12/Kec/2022", "TENTANG",
                 "INDIKATOR KINERJA UTAMA KECAMATAN CONTOH", "Ditetapkan di Contoh", "Pada tanggal 3 Januari 2022"):
        c.drawString(72, y, text)
        y -= 22
    sig = _text_image(["CAMAT CONTOH,", "", "ANDRI SETYAWAN, S.STP.", "Pembina", "NIP. 19820417 200112 1 003"])
    c.drawImage(ImageReader(sig), 300, y - 170, width=260, height=260 * sig.height / sig.width)
    c.showPage()
    c.save()
    d = extract(out)
    assert d.input_kind == "digital"
    assert d.page_info[0].source == "text" and d.page_info[0].ocr_words >= 5
    assert d.signatory.nip == "198204172001121003"
    assert d.signatory.name and "SETYAWAN" in d.signatory.name
    assert d.signatory.provenance.confidence < 1.0  # it came from OCR


@needs_tesseract
def test_letter_spaced_text_layer_is_replaced_by_ocr(tmp_path: Path):
    """Old scanning software leaves an invisible, letter-spaced text layer over the page image."""
    src = pdfium.PdfDocument(str(SAMPLES / "ciruas_2022.pdf"))
    img = src[1].render(scale=200 / 72, grayscale=True).to_pil()
    buf = io.BytesIO()
    img.save(buf, "PNG")
    out = tmp_path / "abbyy.pdf"
    w, h = src[1].get_size()
    c = Canvas(str(out), pagesize=(w, h), invariant=1)
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 0, 0, width=w, height=h)
    t = c.beginText(72, h - 100)
    t.setTextRenderMode(3)  # invisible
    t.textLine(" ".join("bahwa dalam rangka meningkatkan kinerja pelayanan kecamatan perlu ditetapkan"))
    c.drawText(t)
    c.showPage()
    c.save()
    d = extract(out)
    assert d.input_kind == "scanned"
    assert d.page_info[0].source == "ocr"
    assert any(w.code == "W202" and "letter-spaced" in w.message for w in d.warnings)


def test_garbage_text_layers_are_recognised():
    assert text_layer_is_garbage(" ".join("bahwa dalam rangka melaksanakan ketentuan pasal")) == "letter-spaced text"
    assert text_layer_is_garbage("\ue001\ue002\ue003 \ue004\ue005 " * 10) == "private-use or undecodable glyphs"
    assert text_layer_is_garbage("#$%& *()+ 12/34 ;;;; ~~~ " * 5) == "mostly non-letters"
    ok = "Menimbang bahwa untuk melaksanakan ketentuan Pasal 3 Peraturan Menteri Nomor 9 Tahun 2007 " * 3
    assert text_layer_is_garbage(ok) is None


def test_lexicon_fixes_words_but_never_numbers(lexicon):
    assert correct("Jum1ah", lexicon) == "Jumlah"
    assert correct("Kecarnatan,", lexicon) == "Kecamatan,"
    assert correct("PERSENTASC", lexicon) == "PERSENTASE"
    assert correct("Persentase", lexicon) == "Persentase"  # known words stay
    for number in ("1OO%", "l9800101", "2021", "10096", "03/KEP/2021"):
        assert correct(number, lexicon) == number
    assert correct("Ciruas", lexicon) == "Ciruas"  # a place name nobody listed is not "corrected" into a word


def test_a_word_one_letter_misread_wins_over_a_fragment_one_letter_shorter(lexicon):
    """"ANDIKATOR" is one substitution from "indikator" and one deletion from "ndikator" (a fragment of a
    broken word the domain list holds): OCR misreads letters far more often than it adds one, so the word of
    the same length is taken."""
    from iku.resources.lexicon import _one_edit

    assert {"indikator", "ndikator"} <= _one_edit("ANDIKATOR")
    assert correct("ANDIKATOR", lexicon) == "INDIKATOR"


def test_satuan_misreadings_map_to_known_units_only_from_ocr():
    assert fix_satuan("perseni", 0.8) == "Persen"
    assert fix_satuan("Dokurnen", 0.7) == "Dokumen"
    assert fix_satuan("perseni", 1.0) is None  # a text layer is never changed
    assert fix_satuan("Orang", 0.8) is None  # already a unit
    assert fix_satuan("Dokumen Laporan Kinerja", 0.8) is None  # longer than a unit


def test_clipped_title_in_front_of_a_name():
    assert fix_title("rs. BAMBANG SUTRISNO, M.M.") == "Drs. BAMBANG SUTRISNO, M.M."
    assert fix_title("H. ERI SUHAERI") == "H. ERI SUHAERI"  # a title already
    assert fix_title("r. ERI") == "r. ERI"  # Dr. or Ir.: not guessed
    assert fix_title("BREDDY ARIANTO M, AP") == "BREDDY ARIANTO M, AP"
    # the title's dot read as another mark
    assert fix_title("Drs: DEWI LESTARI") == "Drs. DEWI LESTARI" and fix_title("H! HENDRA") == "H. HENDRA"
    assert fix_title("AB: CD") == "AB: CD"  # no title that near
