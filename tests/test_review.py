"""`iku review`: the app over HTTP (Starlette's TestClient) and in headless Chromium (Playwright)."""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from PIL import Image
from starlette.testclient import TestClient

from iku.export.corrections import read_log
from iku.export.xlsx import write_xlsx
from iku.review import create_app

DOC = "camplong_2021"
W = {"X-IKU": "1"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture()
def out(camplong_outputs: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "outputs"
    shutil.copytree(camplong_outputs, dst)
    return dst


def test_list_doc_page_image_and_correction(out: Path):
    c = TestClient(create_app(out, export_delay=-1))
    r = c.get("/")
    assert r.status_code == 200 and f'href="/doc/{DOC}"' in r.text and "Sampang" in r.text
    assert f'data-doc="{DOC}"' in c.get("/?kabupaten=Sampang&status=ok").text
    assert f'data-doc="{DOC}"' not in c.get("/?kabupaten=Serang").text
    assert f'data-doc="{DOC}"' not in c.get("/?max_confidence=0.5").text  # a digital page: confidence 1.0
    r = c.get(f"/doc/{DOC}?page=7")
    assert r.status_code == 200 and r.text.count('contenteditable') > 100 and 'data-bbox=\'[' in r.text
    png = c.get(f"/doc/{DOC}/page/7.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    img = Image.open(io.BytesIO(png.content))
    assert img.width > 1000  # 2 px per point: an A4/F4 page is readable
    assert list((out / ".review-cache").glob("*-7-r0.png"))  # cached on disk
    # the second request is served from the cache: it works with the PDF renderer gone (no timing here)
    import iku.review as review

    real = review.pdfium.PdfDocument
    review.pdfium.PdfDocument = None  # type: ignore[assignment]
    try:
        assert c.get(f"/doc/{DOC}/page/7.png").content == png.content
    finally:
        review.pdfium.PdfDocument = real
    assert c.get(f"/doc/{DOC}/page/99.png").status_code == 404

    r = c.post(f"/api/doc/{DOC}/correct", json={"row": 2, "field": "satuan", "value": "Persen"}, headers=W)
    assert r.status_code == 200 and r.json()["ok"], r.text
    assert read_log(out)[-1]["field"] == "satuan" and read_log(out)[-1]["new"] == "Persen"
    r = c.post(f"/api/doc/{DOC}/correct", json={"field": "kecamatan", "value": "Camplong"}, headers=W)
    assert r.status_code == 200
    r = c.post(f"/api/doc/{DOC}/correct", json={"action": "delete", "row": 1}, headers=W)
    assert r.status_code == 200
    n = len(pd.read_parquet(out / "indicators.parquet"))
    assert c.post("/api/export", json={}, headers=W).status_code == 200
    ind = pd.read_parquet(out / "indicators.parquet")
    assert len(ind) == n - 1 and ind.iloc[0].satuan == "Persen" and "satuan" in list(ind.iloc[0].corrected_fields)
    assert 'class="v corrected"' in c.get(f"/doc/{DOC}").text
    assert c.post(f"/api/doc/{DOC}/correct", json={"row": 1, "field": "nope", "value": "x"},
                  headers=W).status_code == 400


def test_signatory_fields_point_to_their_own_lines(out: Path):
    """The Camat, Pangkat and NIP cells each locate their own line (signatory_name/_rank/_nip), in page order."""
    page = TestClient(create_app(out, export_delay=-1)).get(f"/doc/{DOC}").text
    tops = []
    for field in ("signatory.name", "signatory.rank", "signatory.nip"):
        m = re.search(rf'data-field="{re.escape(field)}" data-row="" data-page="\d+" data-bbox=\'\[([^\]]+)\]\'', page)
        assert m, field
        tops.append(float(m.group(1).split(",")[1]))
    assert tops == sorted(tops) and len(set(tops)) == 3 and "confidence 1.00" in page


def test_sideways_scan_shown_upright(out: Path):
    from iku.core.files import write_json
    from iku.schemas import Decree

    d = Decree.model_validate_json((out / "json" / f"{DOC}.json").read_text(encoding="utf-8"))
    before = TestClient(create_app(out)).get(f"/doc/{DOC}").text
    portrait = Image.open(io.BytesIO(TestClient(create_app(out)).get(f"/doc/{DOC}/page/7.png").content))
    # OCR turned page 7 by 90 degrees to read it: its bboxes are in the upright frame, so is the image
    d.page_info[6].rotation = 90
    write_json(d, out)
    c = TestClient(create_app(out, export_delay=-1))
    img = Image.open(io.BytesIO(c.get(f"/doc/{DOC}/page/7.png").content))
    assert (img.width, img.height) == (portrait.height, portrait.width)
    def size7(page: str) -> list[float]:
        return json.loads(html.unescape(re.search(r"data-sizes='([^']*)'", page).group(1)))["7"]

    assert size7(c.get(f"/doc/{DOC}").text) == size7(before)[::-1]


def test_safe_by_default(out: Path):
    c = TestClient(create_app(out, export_delay=-1))
    body = {"row": 2, "field": "satuan", "value": "X"}
    assert c.post(f"/api/doc/{DOC}/correct", json=body).status_code == 403  # no X-IKU header: a plain form
    assert c.post(f"/api/doc/{DOC}/correct", json=body,
                  headers={**W, "Origin": "http://evil.example"}).status_code == 403
    assert c.post(f"/api/doc/{DOC}/correct", data="row=2", headers={**W, "Content-Type": "text/plain"}
                  ).status_code == 403
    assert not read_log(out)
    for path in ("/doc/..%2F..%2Fetc%2Fpasswd", "/doc/nope", "/doc/..%2Findex/page/1.png", "/static/..%2F__init__.py"):
        assert c.get(path).status_code == 404, path
    t = TestClient(create_app(out, token="s3cret", export_delay=-1))
    assert t.get("/").status_code == 401
    assert t.get("/?token=s3cret").status_code == 200
    assert t.get("/").status_code == 200  # the cookie set by the first visit


def test_xlsx_workbook(out: Path):
    path = write_xlsx(out)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["documents", "indicators", "flags", "legal basis", "corrections"]
    ind = wb["indicators"]
    head = [c.value for c in ind[1]]
    assert ind.freeze_panes == "A2" and ind.auto_filter.ref.startswith("A1:")
    assert ind.max_row - 1 == len(pd.read_parquet(out / "indicators.parquet"))
    page = ind.cell(2, head.index("page") + 1)
    assert page.hyperlink.target.startswith(f"http://localhost:8765/doc/{DOC}?page=")
    assert isinstance(ind.cell(2, head.index("row") + 1).value, int)
    assert isinstance(ind.cell(2, head.index("confidence") + 1).value, int | float)
    assert ind.cell(2, head.index("indikator") + 1).alignment.wrap_text
    col = head.index("indikator") + 1  # equal widths side by side share one <col> element
    width = next(d.width for d in ind.column_dimensions.values() if d.min <= col <= d.max)
    assert 20 < width <= 63  # indikator: wide, not endless
    docs = wb["documents"]
    dhead = [c.value for c in docs[1]]
    date = docs.cell(2, dhead.index("decree_date") + 1)
    assert date.is_date and date.value.year == 2022
    assert isinstance(docs.cell(2, dhead.index("period_start") + 1).value, int)
    assert docs.cell(2, dhead.index("signatory_nip") + 1).data_type == "s"  # an identifier, not a number


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_in_headless_chromium(out: Path, tmp_path: Path):
    import uvicorn
    from playwright.sync_api import sync_playwright

    write_xlsx(out)  # asked for once: from then on rewritten with the tables
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(out, export_delay=-1), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    errors: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("dialog", lambda d: d.accept())
            page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.goto(f"http://127.0.0.1:{port}/")
            page.screenshot(path=str(tmp_path / "list.png"))
            page.click(f"a[href='/doc/{DOC}']")
            page.wait_for_selector("body[data-js=ran]")
            page.wait_for_function("document.getElementById('pageimg').naturalWidth > 0")
            # the keyboard reaches a doubtful value, and the page shows where it was read
            if page.locator(".v.doubt").count():
                page.keyboard.press("Alt+n")
                assert page.evaluate("document.activeElement.classList.contains('doubt')")
            page.locator("td.v[data-row='3'][data-field='indikator']").click()
            assert float(page.get_attribute("#hl", "width")) > 0  # the source cell outlined
            page.locator("td.v[data-row='3'][data-field='satuan']").click()  # empty as extracted
            page.keyboard.press("Control+a")
            page.keyboard.type("Persen (diperiksa)")
            page.keyboard.press("Enter")
            page.wait_for_function("document.getElementById('status').textContent.startsWith('saved')")
            with page.expect_navigation():
                page.click("tr[data-row='1'] button.del")
            page.wait_for_selector("body[data-js=ran]")
            page.click("#export")
            page.wait_for_function("document.getElementById('status').textContent === 'outputs written'")
            page.screenshot(path=str(tmp_path / "doc.png"), full_page=False)
            browser.close()
    finally:
        server.should_exit = True
        thread.join(10)
    assert not errors, errors
    log = read_log(out)
    assert [e["action"] for e in log] == ["set", "delete"]
    ind = pd.read_parquet(out / "indicators.parquet")
    assert (ind.satuan == "Persen (diperiksa)").sum() == 1 and ind.iloc[0].row == 1
    assert ind.iloc[1].satuan == "Persen (diperiksa)"  # row 3 before the delete of row 1 is row 2 now
    ws = openpyxl.load_workbook(out / "iku.xlsx")["indicators"]
    assert sum(1 for r in ws.iter_rows(min_row=2, values_only=True) if "Persen (diperiksa)" in r) == 1
    assert ws.max_row - 1 == len(ind)
    assert Image.open(tmp_path / "doc.png").size == (1600, 1000)
    if shots := os.environ.get("IKU_SCREENSHOTS"):  # a folder to keep the screenshots in, for a person to look at
        for name in ("list.png", "doc.png"):
            shutil.copy(tmp_path / name, Path(shots) / name)
