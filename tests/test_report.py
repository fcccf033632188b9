"""`iku report`: a self-contained HTML file that headless Chromium renders without console errors."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_report_is_self_contained(batch_outputs: Path):
    html = (batch_outputs / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)  # no CDN, nothing fetched
    assert html.count("data:image/png;base64,") >= 4  # page thumbnails inline
    assert html.count("<svg") >= 8  # four charts and the cell outlines
    for code in ("HARDCODED_DENOMINATOR", "LEGAL_REPEALED"):
        assert code in html


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_report_renders_in_headless_chromium(batch_outputs: Path, tmp_path: Path):
    url = (batch_outputs / "report.html").as_uri()
    shot = tmp_path / "report.png"
    res = _chromium(tmp_path, "--enable-logging=stderr", "--v=0", "--window-size=1400,2400",
                    f"--screenshot={shot}", url)
    assert shot.is_file(), res.stderr[-2000:]
    img = Image.open(shot).convert("L")
    assert img.size == (1400, 2400)
    stat = ImageStat.Stat(img)
    assert stat.stddev[0] > 20  # not a blank page
    assert len(img.getcolors(256 * 256) or range(300)) > 50  # text, charts and thumbnails, not a flat fill
    console_errors = [ln for ln in res.stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    assert not console_errors, console_errors
    # the page's own script ran and caught no error
    dom = _chromium(tmp_path, "--dump-dom", url).stdout
    assert 'data-js="ran"' in dom and 'data-errors="0"' in dom


def test_report_size_grows_with_rows_not_pages(batch_outputs: Path, tmp_path: Path):
    from iku.analysis.report import build_report

    small = build_report(batch_outputs, max_inline_pages=0)
    full = (batch_outputs / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," not in small  # past the page limit: no image inline
    assert "http://localhost:8765/doc/" in small  # ... but a link to the page in the review app
    assert len(small) < len(full) / 5
    some = build_report(batch_outputs, max_inline_pages=8)
    assert 0 < some.count("data:image/png;base64,") <= 8
