"""The variation generator: deterministic, gold in the eval format and saying what the page shows, scanned copies
with their scan axes recorded, and a few documents extracted."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from samples.generator.core import generate
from samples.generator.scan import SCAN_AXES

N, SEED, SCANNED = 4, 7, 2


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen")
    generate(N, SEED, out, SCANNED)
    return out


def _gold(corpus: Path, doc_id: str) -> dict:
    return json.loads((corpus / "decrees" / f"{doc_id}.json").read_text(encoding="utf-8"))


def _scanned(corpus: Path) -> list[str]:
    return sorted(p.stem for p in (corpus / "pdf" / "scanned").glob("*.pdf"))


def _text(pdf: Path) -> str:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return " ".join(" ".join(doc[i].get_textpage().get_text_range().split()) for i in range(len(doc)))
    finally:
        doc.close()


def test_deterministic(corpus: Path, tmp_path: Path) -> None:
    generate(N, SEED, tmp_path, SCANNED)
    files = [p for p in corpus.rglob("*") if p.is_file()]
    assert len(files) == len([p for p in tmp_path.rglob("*") if p.is_file()])
    for p in files:
        assert p.read_bytes() == (tmp_path / p.relative_to(corpus)).read_bytes(), p.relative_to(corpus)


def test_seed_changes_documents(corpus: Path, tmp_path: Path) -> None:
    generate(1, SEED + 1, tmp_path)
    other = json.loads(next((tmp_path / "decrees").glob("*.json")).read_text(encoding="utf-8"))
    assert other["meta"] != _gold(corpus, f"g{SEED:02d}_0000")["meta"]


def test_scanning_leaves_the_digital_layouts_alone(corpus: Path, tmp_path: Path) -> None:
    generate(N, SEED, tmp_path)  # no scanned copies: the digital PDFs and their layout axes are the same
    for p in (corpus / "pdf" / "digital").glob("*.pdf"):
        assert p.read_bytes() == (tmp_path / "pdf" / "digital" / p.name).read_bytes()
        layout = json.loads((tmp_path / "axes" / f"{p.stem}.json").read_text())
        assert {k: v for k, v in json.loads((corpus / "axes" / f"{p.stem}.json").read_text()).items()
                if k in layout} == layout


def test_gold_shape(corpus: Path) -> None:
    for p in (corpus / "decrees").glob("*.json"):
        d = json.loads(p.read_text(encoding="utf-8"))
        assert d["meta"]["signatory"]["nip"].replace(" ", "").isdigit()
        assert len(d["meta"]["signatory"]["nip"].replace(" ", "")) == 18
        for s in d["sections"]:
            assert s["level"] in ("IKU", "IKI") and len(s["columns"]) == len(s["fields"]) and s["rows"]
            for r in s["rows"]:
                assert r["indikator"] and r["formula"]["text"]


def test_gold_is_what_the_page_shows(corpus: Path) -> None:
    """Every gold value a reader takes from the page is printed on it (modulo line breaks)."""
    for p in sorted((corpus / "pdf" / "digital").glob("*.pdf")):
        g, text = _gold(corpus, p.stem), _text(p)
        flat, words = text.replace(" ", ""), set(text.split())
        m, s = g["meta"], g["meta"]["signatory"]
        for v in (m["decree_number"], s["name"], f"NIP. {s['nip']}", s["rank"], m["kecamatan"].upper()):
            if v:
                assert v in text, (p.stem, v)
        for sec in g["sections"]:
            for r in sec["rows"]:
                for f in ("indikator", "sasaran", "definisi", "satuan", "target", "penanggung_jawab",
                          "sumber_data_display"):
                    if r.get(f):
                        assert r[f].replace(" ", "") in flat, (p.stem, f, r[f])
                        # body words are never broken inside (columns are widened for them)
                        assert all(w in words for w in r[f].split()), (p.stem, f, r[f])
                fm = r["formula"]
                parts = [fm["numerator"], fm["denominator"]] if fm["style"] == "stacked" else [fm["text"]]
                for part in parts:  # a stacked fraction prints its terms apart, the linear text nowhere
                    assert part.replace(" ", "") in flat, (p.stem, part)


def test_scan_axes_recorded(corpus: Path) -> None:
    scanned = _scanned(corpus)
    assert len(scanned) == SCANNED
    manifest = json.loads((corpus / "pdf" / "manifest.json").read_text())
    assert sorted(d for d, vs in manifest.items() if "scanned" in vs) == scanned
    for d in sorted(manifest):
        axes = json.loads((corpus / "axes" / f"{d}.json").read_text())
        assert axes == _gold(corpus, d)["axes"]
        if d not in scanned:
            assert not any(k in axes for k in SCAN_AXES)
            continue
        for k, values in SCAN_AXES.items():
            assert axes[k] in values, (d, k)
        assert axes["scan_skew"] in ("<0.5", "0.5-1.0", "1.0-1.5")
        assert axes["scan_sideways"] == ("n/a" if axes["orientation"] == "portrait" else axes["scan_sideways"])
        rec = json.loads((corpus / "scan" / f"{d}.json").read_text())
        assert all(abs(pg["skew"]) <= 1.5 for pg in rec["pages"])
        turns = {pg.get("turned") for pg in rec["pages"]} - {None}
        assert axes["scan_turn"] == ("none" if not turns else {90: "ccw90", 270: "cw90"}.get(min(turns), "")
                                     if len(turns) == 1 else "both")
        assert not turns or axes["scan_sideways"] == "yes"


def test_scanned_copy_draws_what_its_record_says(corpus: Path) -> None:
    """Image-only pages at the recorded dpi, one per digital page; a stamp of the recorded ink over the
    signature block; turned pages only where the record says so."""
    for d in _scanned(corpus):
        rec = json.loads((corpus / "scan" / f"{d}.json").read_text())
        axes = rec["axes"]
        scan = pdfium.PdfDocument(str(corpus / "pdf" / "scanned" / f"{d}.pdf"))
        digital = pdfium.PdfDocument(str(corpus / "pdf" / "digital" / f"{d}.pdf"))
        assert len(scan) == len(digital) == len(rec["pages"])
        for i, info in enumerate(rec["pages"]):
            assert not scan[i].get_textpage().get_text_range().strip()  # no text layer
            (img,) = [o for o in scan[i].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
            w, h = (round(x * axes["scan_dpi"] / 72) for x in digital[i].get_size())
            want = (h, w) if "turned" in info else (w, h)
            assert all(abs(a - b) <= 1 for a, b in zip(img.get_px_size(), want, strict=True)), (d, i)
        sig = rec["pages"][0]
        x0, y0, x1, y1 = sig["stamp_box"]
        nx0, ny0, nx1, _ = sig["name_box"]
        assert x0 < nx1 and x1 > nx0 - 0.5 * axes["scan_dpi"] and y0 < sig["nip_box"][3] and y1 > ny0 - axes["scan_dpi"]
        page = scan[0].render(scale=axes["scan_dpi"] / 72).to_numpy().astype(int)
        ring = page[y0:y1, x0:x1].reshape(-1, page.shape[-1])
        if axes["scan_mode"] == "colour" and axes["stamp_ink"] in ("blue", "purple"):
            assert (ring[:, 2] - ring[:, 0] > 40).mean() > 0.01  # bluish ink (pdfium renders BGR(A))
        elif axes["scan_mode"] == "colour" and axes["stamp_ink"] == "red":
            assert (ring[:, 2] - ring[:, 0] < -40).mean() > 0.01
        assert (ring[:, :3].mean(axis=1) < 200).mean() > 0.02  # ink there at all


def test_the_lampiran_signed_again_where_its_axis_says(corpus: Path) -> None:
    """A decree whose axis says so signs its Lampiran again at the end (the same signatory's name and NIP on the
    last page); the others do not; a scanned copy signs and stamps that block too."""
    seen = set()
    for p in sorted((corpus / "pdf" / "digital").glob("*.pdf")):
        gold = _gold(corpus, p.stem)
        sig, signs = gold["meta"]["signatory"], gold["axes"]["lampiran_sign"] == "end"
        seen.add(signs)
        doc = pdfium.PdfDocument(str(p))
        last = " ".join(doc[len(doc) - 1].get_textpage().get_text_range().split())
        assert (f"NIP. {sig['nip']}" in last and sig["name"] in last) == signs, p.stem
        if p.stem in _scanned(corpus):
            rec = json.loads((corpus / "scan" / f"{p.stem}.json").read_text())
            assert ("signature_box" in rec["pages"][-1]) == signs, p.stem
    assert seen == {True, False}


def test_the_signatory_names_axis_draws_known_and_unknown_names() -> None:
    """The axis signatory_names: "common" names are words the pipeline's list of personal names knows, "rare"
    ones are not, so a name the list never saw is measured too; the axis changes the name alone."""
    import random
    import tomllib

    from iku.resources.vocab import person_names
    from samples.generator.core import build_spec

    names = tomllib.loads((Path(__file__).parents[1] / "samples" / "generator" / "content.toml").read_text())["names"]
    assert all(w.lower() in person_names() for n in names["common"] for w in n.split())
    assert not any(w.lower() in person_names() for n in names["rare"] for w in n.split())
    specs = [build_spec(f"g_{i:04d}", random.Random(i)) for i in range(40)]
    assert {s["axes"]["signatory_names"] for s in specs} == {"list", "common", "rare"}
    for s in specs:
        bare = re.sub(r"^(Drs\. |H\. )|,.*$", "", s["meta"]["signatory"]["name"])
        assert bare in names.get(s["axes"]["signatory_names"], []) or s["axes"]["signatory_names"] == "list"


@pytest.mark.skipif(not shutil.which("tesseract"), reason="needs tesseract")
def test_scanned_signature_block_stays_legible(corpus: Path) -> None:
    """The gold keeps the printed NIP: Tesseract alone reads its digits from the scanned block (a careful
    person can, under stamp and signature)."""
    for d in _scanned(corpus):
        rec = json.loads((corpus / "scan" / f"{d}.json").read_text())
        dpi = rec["axes"]["scan_dpi"]
        doc = pdfium.PdfDocument(str(corpus / "pdf" / "scanned" / f"{d}.pdf"))
        gray = doc[0].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        x0, y0, x1, y1 = rec["pages"][0]["nip_box"]
        pad = int(0.3 * dpi)
        crop = gray.crop((x0 - pad, y0 - pad // 2, x1 + pad, y1 + pad // 2))
        crop = crop.resize((crop.width * 300 // dpi, crop.height * 300 // dpi))
        out = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "6"], input=_png(crop), capture_output=True,
                             check=True).stdout.decode()
        nip = _gold(corpus, d)["meta"]["signatory"]["nip"].replace(" ", "")
        read = re.sub(r"\D", "", out)
        assert nip in read or _close(nip, read), (d, out)


def _png(img: object) -> bytes:
    import io

    b = io.BytesIO()
    img.save(b, "PNG")  # type: ignore[attr-defined]
    return b.getvalue()


def _close(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= 0.85


def test_extracts_rows(corpus: Path) -> None:
    from iku import extract

    for p in sorted((corpus / "pdf" / "digital").glob("*.pdf")):
        gold = _gold(corpus, p.stem)
        if gold["axes"]["ruling"] in ("none", "box_cols"):
            continue  # covered by test_extracts_rows_unruled
        n = sum(len(s["rows"]) for s in gold["sections"])
        assert len(extract(p).indicators) == n, p.stem


def test_extracts_rows_unruled(corpus: Path) -> None:
    from iku import extract

    for p in sorted((corpus / "pdf" / "digital").glob("*.pdf")):
        gold = _gold(corpus, p.stem)
        if gold["axes"]["ruling"] in ("none", "box_cols"):
            assert len(extract(p).indicators) == sum(len(s["rows"]) for s in gold["sections"]), p.stem



def test_a_pen_stroke_over_print_leaves_the_print_dark():
    """Ink lies over toner: where a signature crosses printed letters they stay black, not the pen's blue (a scan
    generator painting the pen over the print makes the name under a signature unreadable in every colour
    channel, which no real scan is)."""
    import numpy as np
    from PIL import Image, ImageDraw

    from samples.generator.scan import PEN, draw_signature

    img = Image.new("RGB", (200, 60), (245, 240, 230))
    ImageDraw.Draw(img).rectangle((20, 20, 180, 40), fill=(10, 10, 10))  # a printed stroke
    draw_signature(img, [[(0, 30), (200, 30)]], PEN["blue"], 200, np.random.default_rng(0))
    px = np.asarray(img).astype(int)
    assert px[30, 100].max() <= 12  # print under the pen: still black
    assert px[30, 5, 2] > px[30, 5, 0] + 40  # pen on paper: blue
