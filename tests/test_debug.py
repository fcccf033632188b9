"""`iku debug PDF --page N`: the page drawn with what the pipeline saw, checked against a plain render."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops
from typer.testing import CliRunner

from iku.runtime.cli import app
from iku.runtime.debug import SCALE

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "camplong_2021.pdf"
PAGE = 7  # Camplong's first IKI table (rows 1-5)


def iku(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def _plain(page: int) -> Image.Image:
    pdf = pdfium.PdfDocument(str(SAMPLE))
    try:
        return pdf[page - 1].render(scale=SCALE).to_pil().convert("RGB")
    finally:
        pdf.close()


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("debug") / "p7.png"
    res = iku("debug", SAMPLE, "--page", PAGE, "-o", out)
    assert res.exit_code == 0, res.output
    return out, res.stdout


def test_the_png_has_the_page_size_and_reports_what_was_seen(drawn):
    out, stdout = drawn
    img = Image.open(out)
    pdf = pdfium.PdfDocument(str(SAMPLE))
    w, h = pdf[PAGE - 1].get_size()
    pdf.close()
    assert img.format == "PNG" and abs(img.width / img.height - w / h) < 0.01
    assert "1 table grid(s), 6 row(s)" in stdout  # rows 1-5, and row 6 whose spanned Sasaran cell is here


def test_the_table_is_drawn_over_and_the_margin_left_alone(drawn, camplong_outputs):
    out, _ = drawn
    img, plain = Image.open(out).convert("RGB"), _plain(PAGE)
    assert img.size == plain.size
    rows = [i for i in json.loads((camplong_outputs / "json" / "camplong_2021.json").read_text())["indicators"]
            if i["page"] == PAGE]
    x0, y0 = min(r["bbox"][0] for r in rows), min(r["bbox"][1] for r in rows)
    x1, y1 = max(r["bbox"][2] for r in rows), max(r["bbox"][3] for r in rows)
    table = tuple(round(v * SCALE) for v in (x0, y0, x1, y1))

    def changed(box: tuple[int, int, int, int]) -> float:
        diff = ImageChops.difference(img.crop(box), plain.crop(box)).convert("L").point(lambda v: v > 40 and 255)
        return sum(diff.histogram()[255:]) / max(1, (box[2] - box[0]) * (box[3] - box[1]))

    assert changed(table) > 0.02  # cell, row and word boxes
    bottom = (0, round(y1 * SCALE) + 40, img.width, img.height)  # below the table: blank paper, nothing read
    assert changed(bottom) < 0.001


@pytest.mark.parametrize("page", [0, 16])
def test_a_page_that_is_not_there_is_a_one_line_error(tmp_path: Path, page: int):
    from tests.test_cli_messages import one_line_error

    out = tmp_path / "x.png"
    assert "15 pages: no page" in one_line_error(iku("debug", SAMPLE, "--page", page, "-o", out))
    assert not out.exists()


def test_a_missing_pdf_is_a_one_line_error(tmp_path: Path):
    from tests.test_cli_messages import one_line_error

    assert "no such file" in one_line_error(iku("debug", tmp_path / "nope.pdf", "--page", 1))
