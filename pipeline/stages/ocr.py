"""OCR for pages without a usable text layer: Tesseract words + ruled lines from the page image.

The page is rendered at 300 dpi, deskewed from its long horizontal rules, read by Tesseract
(Indonesian + English, word boxes and confidences from its TSV output: through its C API with tesserocr
when that is installed and wraps the same Tesseract as the `tesseract` command, one engine per thread
reused for every page and cell, the image passed in memory; otherwise one `tesseract` process per
call, with the same results to the byte) and scanned for table
rules with OpenCV morphology. The rules become pdfplumber-style edges, so the same cell
finder and the same table stage serve scanned and digital pages. Results are cached by
page-image hash (with the engine's version, languages and settings): a re-run does not OCR again.
A Tesseract that cannot load its language data exits 0 with nothing read; that is an error here,
never a cached empty page.
"""

from __future__ import annotations

import csv
import ctypes
import ctypes.util
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

import cv2
import numpy as np
import pdfplumber.table as ptable
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from iku.core.layout import BBox, PageLayout, Rule, Word
from iku.core.ruling import open_ends
from iku.core.settings import Settings, process_env
from iku.core.stage import Context

DPI = Settings().dpi  # the default; a run's own is its settings' (ctx.dpi)
LANGS = "ind+eng"
CACHE_VERSION = "ocr-13"
MIN_CONF = Settings().ocr_min_conf  # the default; a run's own is ctx.settings.ocr_min_conf


class OcrEngineError(RuntimeError):
    """Tesseract ran but could not read: its language data is missing (it still exits 0)."""


def _tesseract(ctx: Context, args: list[str], data: bytes, timeout: int) -> bytes:
    # several processes must not fight over cores
    env = process_env(ctx.settings.tessdata_prefix, OMP_THREAD_LIMIT="1")
    start = time.perf_counter()
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", *args], input=data, capture_output=True, env=env,
                              check=True, timeout=timeout)
    finally:
        ctx.stats.count(time.perf_counter() - start)
    if b"Failed loading language" in done.stderr:
        raise OcrEngineError(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1])
    return done.stdout


def one_core_per_thread() -> None:
    """OpenCV works on its caller's thread alone: a batch's worker process, or each of a document's page
    threads, is one core's work already; OpenCV's own pool on top of them oversubscribed the cores (one 20-page
    scan on 2 page threads: 7% faster without it). Results do not change."""
    cv2.setNumThreads(1)


def available() -> bool:
    return shutil.which("tesseract") is not None


def engine_problem(settings: Settings) -> str | None:
    """Why OCR cannot run here (no Tesseract, or no Indonesian/English data for it), or None."""
    return _engine_problem(shutil.which("tesseract"), settings.tessdata_prefix)


@cache
def _engine_problem(exe: str | None, tessdata: str | None) -> str | None:
    if exe is None:
        return "tesseract is not installed (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-ind)"
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=60,
                             env=process_env(tessdata)).stdout.decode("utf-8", "replace")
    except (subprocess.SubprocessError, OSError) as exc:
        return f"tesseract does not run ({exc})"
    where = re.search(r'"([^"]*)"', out)
    missing = sorted(set(LANGS.split("+")) - set(out.split()[1:]))
    if missing:
        return (f"tesseract has no language data for {', '.join(missing)} in {where[1] if where else 'its tessdata'}"
                " (install tesseract-ocr-ind, or point TESSDATA_PREFIX at a tessdata folder that has it)")
    return None


@cache
def engine_version() -> str:
    try:
        out = subprocess.run(["tesseract", "--version"], capture_output=True, timeout=60).stdout
    except (subprocess.SubprocessError, OSError):
        return "none"
    return out.decode("utf-8", "replace").partition("\n")[0].strip()


def cache_dir(settings: Settings) -> Path:
    return settings.cache_dir / "ocr"


def render(page: pdfium.PdfPage, crop: tuple[float, float, float, float] = (0, 0, 0, 0), dpi: int = DPI) -> np.ndarray:
    """The page (or a crop of it) at `dpi` as one grey channel: the lightest of R, G and B.

    Taking the lightest channel drops coloured ink, the blue or purple stamp over a signature block and a
    blue-pen signature, while black print stays black; on a greyscale scan it is simply the grey."""
    return lightest(page.render(scale=dpi / 72, crop=crop).to_numpy())


def lightest(bitmap: np.ndarray) -> np.ndarray:
    """A rendered bitmap's lightest channel (see render); a grey one as it is."""
    if bitmap.ndim != 3:
        return bitmap
    # channel by channel: a reduction across the interleaved channels of a 300 dpi page is several times slower
    r, g, b = (bitmap[..., i] for i in range(3))
    return np.ascontiguousarray(np.maximum(np.maximum(r, g), b))


def skew_angle(gray: np.ndarray) -> float:
    """Skew in degrees by the projection-profile method: the rotation that makes rows of ink sharpest.

    Works on text-only pages as well as ruled tables (a Hough search for long lines does not: on a
    page of prose it locks onto spurious diagonals). Searched on a quarter-size image, coarse then fine.
    """
    small = cv2.resize(gray, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    bw = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10)
    h, w = bw.shape

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        rows = cv2.warpAffine(bw, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0).sum(axis=1, dtype=np.float64)
        return float((np.diff(rows) ** 2).sum())

    best = max(np.arange(-6.0, 6.01, 0.5), key=sharpness)
    return round(float(max(np.arange(best - 0.4, best + 0.41, 0.1), key=sharpness)), 2)


def components(bw: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """cv2.connectedComponentsWithStats (8-connected): the same labels and stats, with 16-bit labels while
    they fit (about three times faster on a page, the labels' memory halved), else 32-bit."""
    try:
        return cv2.connectedComponentsWithStatsWithAlgorithm(bw, 8, cv2.CV_16U, cv2.CCL_SPAGHETTI)
    except cv2.error:  # more than 65534 marks (a page of speckle)
        return cv2.connectedComponentsWithStats(bw, connectivity=8)


def text_is_vertical(gray: np.ndarray) -> bool:
    """True when the page's words run up or down the page (a landscape table scanned onto a portrait page).

    Rules are removed, letters are merged into word blobs, and the blobs' shapes vote: words
    are wider than tall when the text is upright. Cheap enough to run on every page. A noisy page is also
    looked at through a 3x3 median: its speckle merges into blobs of every shape that outvote the words.
    """
    if _words_run_vertically(gray):
        return True
    clean, denoised = denoise(gray)
    return denoised and _words_run_vertically(clean)


WORD_SIDE = 1 / 150  # of the page's shorter side: the least a word's blob measures across (5 pt at 300 dpi)


def _words_run_vertically(gray: np.ndarray) -> bool:
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    h, w = bw.shape
    for size in ((max(40, w // 30), 1), (1, max(40, h // 30))):
        bw = cv2.subtract(bw, cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size)))
    blobs = components(cv2.dilate(bw, np.ones((5, 5), np.uint8)))[2][1:]
    blobs = blobs[(blobs[:, 4] > 200) & (blobs[:, 2] < w // 3) & (blobs[:, 3] < h // 3)]
    # a word is at least a small letter's height across: the scan's specks and dust, long or tall at random,
    # would outvote the words of a sparse page (a short table and its signature block on a turned page)
    blobs = blobs[np.minimum(blobs[:, 2], blobs[:, 3]) >= min(h, w) * WORD_SIDE]
    wide = int((blobs[:, 2] > 1.5 * blobs[:, 3]).sum())
    tall = int((blobs[:, 3] > 1.5 * blobs[:, 2]).sum())
    return tall >= 20 and tall > 3 * wide


def osd_rotation(ctx: Context, gray: np.ndarray) -> tuple[int, float]:
    """Clockwise degrees that make the page upright, from Tesseract's orientation detection (OSD), and how sure
    OSD is of them (its orientation confidence; 0 when it said nothing)."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    api = _osd_engine(ctx)
    if api is not None:
        start = time.perf_counter()
        try:
            h, w = small.shape
            api.SetImageBytes(np.ascontiguousarray(small).tobytes(), w, h, 1, w)
            api.SetSourceResolution(ctx.dpi // 2)
            found = api.DetectOrientationScript()
        finally:
            ctx.stats.count(time.perf_counter() - start)
        if not found:
            return 0, 0.0
        # as the command prints them: the turn that makes the page upright, the confidence to two decimals
        return (360 - int(found["orient_deg"])) % 360, round(float(found["orient_conf"]), 2)
    _, png = cv2.imencode(".png", small)
    try:
        out = _tesseract(ctx, ["--psm", "0", "--dpi", str(ctx.dpi // 2)], png.tobytes(), timeout=120).decode(
            "utf-8", "replace")
    except (subprocess.SubprocessError, OSError):
        return 0, 0.0
    m = re.search(r"Rotate:\s*(\d+)", out)
    sure = re.search(r"Orientation confidence:\s*([\d.]+)", out)
    return (int(m.group(1)) % 360 if m else 0), (float(sure.group(1)) if m and sure else 0.0)


_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}
# OSD's orientation confidence from which its turn is taken unchecked: on the project's scans it was wrong at
# 0.1-2.3 (blurred, sparse or noisy pages) and right from 2.2 up; 4 keeps a margin
OSD_SURE = 4.0
READABLE_SHARE = 0.5  # of the words read on a turned page, at least this share sure and wordlike: it is upright


def readable_words(ctx: Context, gray: np.ndarray) -> tuple[int, int]:
    """(words Tesseract is sure of that have three letters or more, all words) on the page at half size: text
    upside down reads as a few confident letters among low-confidence junk, upright text as sure words."""
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    words = tesseract_words(ctx, small, dpi=ctx.dpi // 2)
    sure = sum(1 for w in words if w["conf"] >= 80 and sum(c.isalpha() for c in w["text"]) >= 3)
    return sure, len(words)


def upright(ctx: Context, gray: np.ndarray) -> tuple[np.ndarray, int]:
    """Turn a sideways page upright. Only pages whose text looks vertical pay for it: OSD (a tenth of a second
    through the C API) proposes a turn, kept when the page then reads as words; otherwise the opposite turn is
    read too and the one giving more sure words wins (OSD misjudges the direction on blurred scans)."""
    if not text_is_vertical(gray):
        return gray, 0
    rotation, confidence = osd_rotation(ctx, gray)
    if rotation not in (90, 270):
        rotation = 90  # vertical text for sure; OSD unsure of the direction: the more common scan
    turned = cv2.rotate(gray, _ROTATE[rotation])
    if confidence >= OSD_SURE:  # OSD this sure has not been seen wrong: the read to check it is saved
        return turned, rotation
    sure, n = readable_words(ctx, turned)
    if sure >= READABLE_SHARE * n and sure > 0:
        return turned, rotation
    other = 360 - rotation
    flipped = cv2.rotate(gray, _ROTATE[other])
    if readable_words(ctx, flipped)[0] > sure:
        return flipped, other
    return turned, rotation


NOISY = 4.5  # grey levels: speckle above this on the paper makes Tesseract lose small bold words


def noise_level(gray: np.ndarray) -> float:
    """Sensor noise and dust on the paper: the spread of what a 3x3 median takes away, away from the ink."""
    small = gray[::2, ::2]  # every other pixel is enough to measure it, and four times cheaper
    speckle = small.astype(np.int16) - cv2.medianBlur(small, 3)
    paper = cv2.erode(small, np.ones((5, 5), np.uint8)) > median_u8(small) - 30
    return float(speckle[paper].std()) if paper.any() else 0.0


def denoise(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """A noisy scan through a 3x3 median: the speckle goes, strokes stay (headers in small bold capitals,
    unreadable under the speckle, come out whole). A clean page is left as it is."""
    if noise_level(gray) <= NOISY:
        return gray, False
    return cv2.medianBlur(gray, 3), True


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    angle = skew_angle(gray)
    if abs(angle) < 0.1:
        return gray, 0.0
    return _rotated(gray, angle), angle


def _rotated(gray: np.ndarray, angle: float) -> np.ndarray:
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


TSV_COLUMNS = ["level", "page_num", "block_num", "par_num", "line_num", "word_num", "left", "top", "width", "height",
               "conf", "text"]


@cache
def _api(enabled: bool = True):
    """tesserocr, when it is installed and wraps the Tesseract the `tesseract` command runs (so the two read
    alike and the cache key, which holds the command's version, stays true); None otherwise or when the
    settings turn it off (IKU_TESSEROCR=0)."""
    if not enabled:
        return None
    try:
        import tesserocr
    except ImportError:
        return None
    if tesserocr.tesseract_version().partition("\n")[0].strip() != engine_version():
        return None
    return tesserocr


_ENGINES = threading.local()


@cache
def _command_tessdata() -> str | None:
    """Where the `tesseract` command finds its language data without TESSDATA_PREFIX (tesserocr's own default
    is fixed when it is first imported, with whatever TESSDATA_PREFIX said then)."""
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, timeout=60,
                             env=process_env(None)).stdout
    except (subprocess.SubprocessError, OSError):
        return None
    where = re.search(r'"([^"]*)"', out.decode("utf-8", "replace"))
    return where[1] if where else None


def _one_thread() -> None:
    """Tesseract's OpenMP regions in this thread run on the thread alone, as OMP_THREAD_LIMIT=1 makes them
    for the processes: workers and page threads must not fight over cores. No active parallel level left
    is OpenMP's own way to say it (a per-thread setting); a Tesseract built without OpenMP has nothing to set."""
    name = _openmp_library()
    if name:
        try:
            ctypes.CDLL(name).omp_set_max_active_levels(0)
        except (OSError, AttributeError):
            pass


@cache
def _openmp_library() -> str | None:
    return ctypes.util.find_library("gomp") or ctypes.util.find_library("omp")  # (ldconfig runs: looked up once)


def _engine(ctx: Context):
    """This thread's Tesseract engine (languages loaded once, then reused for every image); made again when
    the tessdata folder changes. Missing language data is an OcrEngineError, as for the command."""
    prefix = ctx.settings.tessdata_prefix or _command_tessdata()
    api = getattr(_ENGINES, "api", None)
    if api is None or _ENGINES.prefix != prefix:
        _one_thread()
        try:
            api = _api(ctx.settings.tesserocr).PyTessBaseAPI(lang=LANGS, **({"path": prefix} if prefix else {}))
        except RuntimeError as exc:  # no language could be loaded
            raise OcrEngineError(f"Failed loading language '{LANGS}' ({exc})") from exc
        missing = sorted(set(LANGS.split("+")) - set(api.GetLoadedLanguages()))
        if missing:  # Tesseract goes on with the languages it found; a partial engine is not kept
            api.End()
            raise OcrEngineError(f"Failed loading language '{'+'.join(missing)}'")
        _ENGINES.api, _ENGINES.prefix = api, prefix
    return api


def _osd_engine(ctx: Context):
    """This thread's orientation-detection engine (Tesseract's osd data, through the C API), or None to run the
    command (no tesserocr, or no osd data where the engine looks)."""
    api_module = _api(ctx.settings.tesserocr)
    if api_module is None:
        return None
    prefix = ctx.settings.tessdata_prefix or _command_tessdata()
    if getattr(_ENGINES, "osd_prefix", object()) != prefix:
        _one_thread()
        try:
            _ENGINES.osd = api_module.PyTessBaseAPI(psm=api_module.PSM.OSD_ONLY, lang="osd",
                                                    **({"path": prefix} if prefix else {}))
        except RuntimeError:
            _ENGINES.osd = None
        _ENGINES.osd_prefix = prefix
    return _ENGINES.osd


def _tsv(ctx: Context, gray: np.ndarray, psm: int, dpi: int) -> str:
    """Tesseract's TSV of the image (word boxes and confidences), from the C API or the command."""
    if _api(ctx.settings.tesserocr) is None:
        _, png = cv2.imencode(".png", gray)
        out = _tesseract(ctx, ["-l", LANGS, "--psm", str(psm), "--dpi", str(dpi), "tsv"], png.tobytes(), timeout=300)
        return out.decode("utf-8", "replace")
    api = _engine(ctx)
    start = time.perf_counter()
    try:
        h, w = gray.shape
        api.SetPageSegMode(psm)
        api.SetImageBytes(np.ascontiguousarray(gray).tobytes(), w, h, 1, w)
        api.SetSourceResolution(dpi)  # as --dpi
        return "\t".join(TSV_COLUMNS) + "\n" + (api.GetTSVText(0) or "")
    finally:
        ctx.stats.count(time.perf_counter() - start)


def tesseract_words(ctx: Context, gray: np.ndarray, psm: int = 3, dpi: int | None = None) -> list[dict]:
    rows = csv.DictReader(io.StringIO(_tsv(ctx, gray, psm, dpi or ctx.dpi)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{"text": r["text"].strip(), "left": int(r["left"]), "top": int(r["top"]), "width": int(r["width"]),
             "height": int(r["height"]), "conf": float(r["conf"])}
            for r in rows if r.get("level") == "5" and (r.get("text") or "").strip()]


def _faint(gray: np.ndarray, bw: np.ndarray) -> float:
    """The grey level a mark's darkest part must reach to be this side's ink: fainter marks are the other
    side of the sheet showing through."""
    ink = percentile_u8(gray, 10, bw) if bw.any() else 0.0
    return ink + 0.6 * (median_u8(gray) - ink)


def _histogram(gray: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Cumulative counts of a uint8 image's grey levels (of its pixels where `mask` is non-zero)."""
    m = None if mask is None else np.ascontiguousarray(mask, dtype=np.uint8)
    return np.cumsum(cv2.calcHist([np.ascontiguousarray(gray)], [0], m, [256], [0, 256]).ravel().astype(np.int64))


def _order_statistic(counts: np.ndarray, k: int) -> int:
    """The k-th smallest value (from 0) of the image whose cumulative histogram is `counts`."""
    return int(np.searchsorted(counts, k, side="right"))


def percentile_u8(gray: np.ndarray, q: float, mask: np.ndarray | None = None) -> float:
    """np.percentile(gray[mask != 0], q) of a uint8 image from its histogram: the same value (numpy's linear
    method, its rounding too), several times faster on a page. np.percentile for any other array."""
    if gray.dtype != np.uint8 or not gray.size:
        return float(np.percentile(gray if mask is None else gray[mask != 0], q))
    counts = _histogram(gray, mask)
    n = int(counts[-1])
    if n == 0:
        raise IndexError("percentile of no pixels")
    at = (q / 100) * (n - 1)
    lo = int(np.floor(at))
    a, b = float(_order_statistic(counts, lo)), float(_order_statistic(counts, min(lo + 1, n - 1)))
    t = at - lo
    return b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t  # numpy's _lerp


def median_u8(gray: np.ndarray) -> float:
    """np.median of a uint8 image from its histogram: the same value, several times faster on a page."""
    if gray.dtype != np.uint8 or not gray.size:
        return float(np.median(gray))
    counts = _histogram(gray)
    n = gray.size
    lo, hi = (_order_statistic(counts, k) for k in ((n - 1) // 2, n // 2))
    return (lo + hi) / 2


def rule_segments(gray: np.ndarray) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]]:
    """Horizontal and vertical strokes as pixel boxes (x0, y0, x1, y1), from morphological opening.

    Strokes much fainter than the page's ink are dropped: they are the other side of the sheet showing
    through, and taking them for rules would split cells and cut letters when rules are erased.
    """
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    h, w = bw.shape
    faint = _faint(gray, bw)  # a stroke whose darkest part is lighter than this is show-through
    out = []
    for kernel in (cv2.getStructuringElement(cv2.MORPH_RECT, (max(40, w // 60), 1)),
                   cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(60, h // 40)))):  # taller than "J", "("
        mask = cv2.morphologyEx(bw, cv2.MORPH_OPEN, kernel)
        mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))  # bridge faint or broken rules
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        boxes = []
        for x, y, cw, ch in (cv2.boundingRect(c) for c in contours):
            if float(np.percentile(gray[y:y + ch, x:x + cw], 5)) <= faint:
                boxes.append((x, y, x + cw, y + ch))
        out.append(boxes)
    return out[0], out[1]


def _edges(hs: list, vs: list, k: float) -> list[dict]:
    edges = []
    for x0, y0, x1, y1 in hs:
        y = (y0 + y1) / 2 * k
        edges.append({"x0": x0 * k, "x1": x1 * k, "top": y, "bottom": y, "width": (x1 - x0) * k, "height": 0,
                      "orientation": "h", "object_type": "line"})
    for x0, y0, x1, y1 in vs:
        x = (x0 + x1) / 2 * k
        edges.append({"x0": x, "x1": x, "top": y0 * k, "bottom": y1 * k, "width": 0, "height": (y1 - y0) * k,
                      "orientation": "v", "object_type": "line"})
    return edges


def cell_groups(edges: list[dict], tol: float = 4.0) -> list[list[BBox]]:
    """pdfplumber's own edge -> intersection -> cell -> table functions, on image rules."""
    merged = ptable.merge_edges(edges, snap_x_tolerance=tol, snap_y_tolerance=tol, join_x_tolerance=tol,
                                join_y_tolerance=tol)
    cells = ptable.intersections_to_cells(ptable.edges_to_intersections(merged, tol, tol))
    return [[tuple(map(float, c)) for c in group] for group in ptable.cells_to_tables(cells) if len(group) >= 2]


def _keep(w: dict, min_conf: float = MIN_CONF) -> bool:
    """Drop what stamps, signatures and rules leave behind: low-confidence tokens, and punctuation
    unless Tesseract is sure of it (a "/" in a decree number or a ":" after a label is content). A lone "%"
    (the unit of most indicators) is kept like a word: Tesseract is rarely sure of it (50-80), and debris,
    dots and strokes, does not read as its two rings and a bar."""
    if w["conf"] < min_conf:
        return False
    return (any(ch.isalnum() for ch in w["text"]) or w["text"] == "%"
            or (w["conf"] >= 80 and set(w["text"]) <= set("/:-().,%=")))


def _cached(ctx: Context, key: str, compute: Callable[[], dict], keep_empty: bool = True) -> dict:
    """`compute()`, stored by key. A failure is never stored (it raises first); with keep_empty False neither is
    a result without words, so a page read before the language data was installed is read again."""
    path = cache_dir(ctx.settings) / f"{key}.json"
    if path.is_file():
        try:
            data = json.loads(path.read_text())
            if keep_empty or data.get("words"):
                return data
        except ValueError:
            pass  # a damaged cache entry is simply redone
    data = compute()
    if not keep_empty and not data.get("words"):
        return data
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")  # pages are read in threads too
    tmp.write_text(json.dumps(data))
    tmp.replace(path)
    return data


def _image_key(gray: np.ndarray, what: str) -> str:
    settings = f"{CACHE_VERSION}{LANGS}{what}{gray.shape}{engine_version()}"
    return hashlib.sha256(gray.tobytes() + settings.encode()).hexdigest()


def _read_page_image(ctx: Context, gray: np.ndarray) -> dict:
    timed = ctx.stats.timed
    with timed("orientation"):
        gray, rotation = upright(ctx, gray)
    with timed("deskew"):
        gray, angle = deskew(gray)
    with timed("rules"):
        hs, vs = rule_segments(gray)  # on the page as scanned: a median would break thin rules
    with timed("denoise"):
        denoised = noise_level(gray) > NOISY
        clean = _clean(gray, hs, vs, denoised)
    with timed("page OCR"):
        words = tesseract_words(ctx, clean)
    with timed("cell re-reads"):
        words += reread_cells(ctx, clean, hs, vs, words)
    return {"rotation": rotation, "angle": angle, "denoised": denoised, "words": words, "h": hs, "v": vs}


def _clean(gray: np.ndarray, hs: list, vs: list, denoised: bool) -> np.ndarray:
    """The image Tesseract reads: through the median when the page is noisy (see denoise), table rules
    painted over. Short strokes inside a cell are fraction bars and underlines: letters' descenders touch
    them, and painting them over would turn "yang" into "vang"; table borders and column rules are long."""
    text = cv2.medianBlur(gray, 3) if denoised else gray
    return erase_rules(text, [h for h in hs if h[2] - h[0] >= 0.3 * gray.shape[1]] + vs)


def _prepared(gray: np.ndarray, data: dict) -> np.ndarray:
    """The image the page pass read, made again from what it recorded (turn, skew, median, rules)."""
    if data.get("rotation") in _ROTATE:
        gray = cv2.rotate(gray, _ROTATE[data["rotation"]])
    if data.get("angle"):
        gray = _rotated(gray, data["angle"])
    return _clean(gray, data["h"], data["v"], data.get("denoised", False))


GAPS_VERSION = "gaps-11"  # the unread-ink pass is cached apart from the page pass: a change to it re-reads no page
MAX_GAP_READS = 30  # blocks of unread ink read again, per page
WORD_WIDTH = 12  # line heights: the widest mark of letters run together that unread_blocks takes for print
TWO_TONE_CONTRAST = 40  # grey levels between a crop's ink and its paper below which it holds no print to part
GAP_CONF = 60  # a word read from unread ink is kept from this confidence (0-100): it had no page-pass reading


def _text_height(words: list[dict]) -> float:
    """The page's usual word height in pixels, from the words Tesseract is sure of."""
    hs = sorted(w["height"] for w in words if w["conf"] >= 80 and len(w["text"]) >= 3)
    return float(hs[len(hs) // 2]) if hs else 0.0


def _box(w: dict) -> tuple[int, int, int, int]:
    return w["left"], w["top"], w["left"] + w["width"], w["top"] + w["height"]


def unread_blocks(gray: np.ndarray, words: list[dict]) -> list[tuple[int, int, int, int]]:
    """Blocks of text-sized ink that no word of the page pass covers, as pixel boxes (x0, y0, x1, y1), the
    largest first.

    Tesseract's layout analysis skips whole regions of some pages: a narrow No column, the left half of a
    sparse table, most of a cell of which it read the last line. Ink marks the size of letters (specks and
    strokes aside) lying outside every word box are merged into blocks; a block beside a picture (a mark
    taller than two lines: a logo, a signature, a stamp's ring) is left alone, its reading would be debris."""
    h = _text_height(words)
    if not h:
        return []
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    stats = components(bw)[2]
    pictures = np.zeros(bw.shape, np.uint8)  # the boxes of marks taller than two lines, and a line around
    for x, y, cw_, ch_, _ in stats[1:][stats[1:, cv2.CC_STAT_HEIGHT] > 2 * h]:
        pictures[max(0, int(y - h)):int(y + ch_ + h), max(0, int(x - h)):int(x + cw_ + h)] = 1
    pad = int(h / 4)
    for w in words:  # every word Tesseract gave, sure or not: that ink was read
        x0, y0, x1, y1 = _box(w)
        bw[max(0, y0 - pad):y1 + pad, max(0, x0 - pad):x1 + pad] = 0
    n, labels, stats, _ = components(bw)
    area, ch, cw = stats[:, cv2.CC_STAT_AREA], stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    darkest = np.full(n, 255, np.uint8)
    inked = labels > 0  # the background's darkest is never asked for: only ink pixels, ~5% of the page
    np.minimum.at(darkest, labels[inked], gray[inked])
    letters = np.zeros(n, bool)
    # a letter's height; as wide as a word, since blurred bold print runs a word's letters into one mark
    # (rules are erased before, and a stroke taller than two lines is a picture)
    letters[1:] = ((area[1:] >= max(12.0, (h / 8) ** 2)) & (ch[1:] >= 0.3 * h) & (ch[1:] <= 1.6 * h)
                   & (cw[1:] <= WORD_WIDTH * h) & (darkest[1:] <= _faint(gray, bw)))
    mask = letters[labels].astype(np.uint8) * 255
    # letters into words and lines, lines of one paragraph into a block; column gaps stay open
    blocks = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(0.9 * h)), max(3, int(0.7 * h)))))
    n, _, stats, _ = components(blocks)
    out = []
    for x, y, bw_, bh, _ in stats[1:]:
        ink = int((mask[y:y + bh, x:x + bw_] > 0).sum())
        box = (int(x), int(y), int(x + bw_), int(y + bh))
        if ink >= h * h / 16 and bh >= 0.5 * h and not pictures[y:y + bh, x:x + bw_].any() \
                and not _continues_a_word(box, words, h):
            out.append((ink, box))
    return [b for _, b in sorted(out, key=lambda ib: -ib[0])[:MAX_GAP_READS]]


def _continues_a_word(box: tuple[int, int, int, int], words: list[dict], h: float) -> bool:
    """The block touches a word of the page pass on its own line (within a quarter of a line's height): the
    rest of a word or line read in part ("1" read, "00%" left), not a region the page pass skipped; read
    alone, such pieces come out as debris."""
    x0, y0, x1, y1 = box
    for w in words:
        a0, b0, a1, b1 = _box(w)
        same_line = min(y1, b1) - max(y0, b0) >= 0.5 * min(y1 - y0, b1 - b0)
        if same_line and a0 - 0.25 * h <= x1 and x0 <= a1 + 0.25 * h:
            return True
    return False


def read_unread(ctx: Context, gray: np.ndarray, words: list[dict]) -> list[dict]:
    """Words from the blocks of ink the page pass left unread (unread_blocks), each block read alone
    (Tesseract psm 6) with the page pass's words painted over, so none is read twice or in part."""
    blank = gray.copy()
    paper = int(median_u8(gray))
    for w in words:
        x0, y0, x1, y1 = _box(w)
        blank[max(0, y0 - 2):y1 + 2, max(0, x0 - 2):x1 + 2] = paper
    h = _text_height(words)
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    dark = _faint(gray, bw)  # about where Tesseract's own binarisation parts ink from paper
    out: list[dict] = []
    for x0, y0, x1, y1 in unread_blocks(gray, words):
        crop = two_tone(blank[y0:y1, x0:x1])
        for w in tesseract_words(ctx, cv2.copyMakeBorder(crop, 10, 10, 10, 10, cv2.BORDER_CONSTANT, value=255), psm=6):
            w = _inked({**w, "left": w["left"] - 10 + x0, "top": w["top"] - 10 + y0}, blank, dark)
            # a mark much shorter than the page's letters is a speck read as one, a much taller one a fragment
            # of a picture ("1", "4")
            if (w["conf"] >= GAP_CONF and 0.55 * h <= w["height"] <= 1.6 * h
                    and not any(_in(_box(v), w) for v in out)):  # blocks' boxes may overlap
                out.append(w)
    return out


def two_tone(crop: np.ndarray) -> np.ndarray:
    """A small crop of print in black and white, parted halfway between its darkest ink and its paper.
    Tesseract's own threshold, on a crop holding one or two words of blurred bold print, takes the blur round
    the letters for ink and reads nothing at all ("SASARAN" on a 150 dpi scan); parted at the middle, the same
    letters read surely. A crop with no contrast (no ink) stays as it is."""
    ink, paper = percentile_u8(crop, 1), median_u8(crop)
    if paper - ink < TWO_TONE_CONTRAST:
        return crop
    return np.where(crop < (ink + paper) / 2, 0, 255).astype(np.uint8)


def _inked(w: dict, gray: np.ndarray, dark: float) -> dict:
    """The word's box shrunk in height to its ink: Tesseract gives a block's words their line's height,
    taller than the page pass gives them, and boxes that tall close the blank bands between rows."""
    x0, y0, x1, y1 = _box(w)
    rows = np.flatnonzero((gray[max(0, y0):y1, max(0, x0):x1] <= dark).any(axis=1))
    if not rows.size:
        return w
    return {**w, "top": max(0, y0) + int(rows[0]), "height": int(rows[-1] - rows[0] + 1)}


DOUBTFUL_CONF = 50  # a word below this (0-100) makes its cell worth reading again on its own
MAX_CELL_RETRIES = 60  # per page; bounds the cost of a page whose layout analysis failed badly


def _in(box: tuple[float, float, float, float], w: dict) -> bool:
    cx, cy = w["left"] + w["width"] / 2, w["top"] + w["height"] / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _cell_crop(gray: np.ndarray, box: tuple[float, float, float, float]) -> tuple[np.ndarray, tuple[int, int]]:
    """The inside of a cell (its rules left out) and where it starts in the page image."""
    x0, y0, x1, y1 = (int(v) for v in box)
    return gray[y0 + 5:y1 - 4, x0 + 5:x1 - 4], (x0 + 5, y0 + 5)


def _read_crop(ctx: Context, crop: np.ndarray, origin: tuple[int, int], border: int = cv2.BORDER_REPLICATE
               ) -> list[dict]:
    """A cell's crop read alone (psm 6), with a margin Tesseract needs; words in page pixels."""
    words = tesseract_words(ctx, cv2.copyMakeBorder(crop, 10, 10, 10, 10, border, value=255), psm=6)
    return [{**w, "left": w["left"] - 10 + origin[0], "top": w["top"] - 10 + origin[1]} for w in words]


def _read_cell(ctx: Context, gray: np.ndarray, box: tuple[float, float, float, float]) -> list[dict]:
    crop, origin = _cell_crop(gray, box)
    if crop.size == 0 or (crop < np.median(crop) - 60).mean() < 0.004:
        return []  # an empty cell
    return _read_crop(ctx, crop, origin)


STIPPLE_SHARE = 0.02  # of a cell's area inked by specks a few pixels big: a halftone shading behind it
SPECK = 12  # pixels (at 300 dpi) of ink a speck of halftone holds at most
DOT_LETTER = 60  # pixels (at 300 dpi) of ink the smallest piece of a letter holds, after the specks are gone
DOT_DARK = 60  # grey levels a printed dot stands below the paper


def stippled(crop: np.ndarray, dpi: int) -> bool:
    """A cell shaded by halftone dots (a grey fill printed and scanned): specks cover a share of it that
    print on white paper, dust and scanner noise never do. Tesseract reads the dots as letters and the
    cell's words drown in them."""
    if crop.size == 0:
        return False
    bw = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    n, labels, stats, _ = components(bw)
    speck = np.zeros(n, bool)
    speck[1:] = stats[1:, cv2.CC_STAT_AREA] <= SPECK * (dpi / 300) ** 2
    dots = speck[labels]
    # printed dots are dark; the paper's own grain, split in two by the threshold of an empty cell, is not
    return bool(dots.sum() >= STIPPLE_SHARE * crop.size and np.median(crop[dots]) < np.median(crop) - DOT_DARK)


def destippled(crop: np.ndarray, dpi: int) -> np.ndarray:
    """The cell's print without its halftone: the dots opened away (a letter's strokes are thicker than a
    dot), then what is left smaller than a piece of a letter (dots that touched) made paper."""
    k = dpi / 300
    bw = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)[1]
    size = max(2, round(3 * k))
    bw = cv2.morphologyEx(bw, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    n, labels, stats, _ = components(bw)
    keep = np.zeros(n, bool)
    keep[1:] = stats[1:, cv2.CC_STAT_AREA] >= DOT_LETTER * k * k
    return np.where(keep[labels], 0, 255).astype(np.uint8)


def _reread_stippled(ctx: Context, gray: np.ndarray, cells: list, words: list[dict]) -> list[dict]:
    """The shaded cells of a table read again without their halftone, where that reads surer than the page
    pass did: a shaded header's labels, a shaded group row. Changes `words` in place; returns the words added."""
    out: list[dict] = []
    for c in cells:
        crop, origin = _cell_crop(gray, c)
        if not stippled(crop, ctx.dpi):
            continue
        again = [w for w in _read_crop(ctx, destippled(crop, ctx.dpi), origin, cv2.BORDER_CONSTANT)
                 if _keep(w, ctx.settings.ocr_min_conf)]
        inside = [w for w in words if _in(c, w)]
        # a cell the page pass read surely stays as read (the opening takes a "%" or a comma with the dots)
        if again and (not inside or (_mean_conf(again) > _mean_conf(inside) and
                      _mean_conf(inside) < ctx.settings.ocr_doubtful_conf)):
            words[:] = [w for w in words if not _in(c, w)]
            out += again
    return out


def reread_cells(ctx: Context, gray: np.ndarray, hs: list, vs: list, words: list[dict]) -> list[dict]:
    """Cells read again on their own (Tesseract psm 6) where the page pass failed them.

    Tesseract's layout analysis skips some regions (shaded header cells, short lone numbers): cells that
    hold ink but got no word are read alone. A table whose header row has no "Indikator" is worth the cost
    too, as the header decides the columns: its top-row cells are read again and replace the page pass's
    words in them; in a header that has it, so are the top-row cells left without a label word. So is a cell
    holding a word Tesseract doubts, when the cell read alone comes out surer.
    Changes `words` in place; returns the words added."""
    out: list[dict] = []
    tries = 0
    keep = ctx.settings.ocr_min_conf
    for group in cell_groups(_edges(hs, vs, 1.0), tol=12):
        cells = [c for c in group if c[2] - c[0] >= 20 and c[3] - c[1] >= 20]
        if not cells:
            continue
        shaded = _reread_stippled(ctx, gray, cells, words)
        out += shaded
        cells = [c for c in cells if not any(_in(c, w) for w in shaded)]
        top = min(c[1] for c in cells)
        header = [c for c in cells if c[1] - top < 10]
        if any(re.search(r"indikator", w["text"], re.I) and _keep(w, keep) for c in header for w in words
               if _in(c, w)):
            header = [c for c in header if not _labelled(c, words, keep)]  # a label the page pass lost
        for c in header:
            if tries >= MAX_CELL_RETRIES:
                break
            tries += 1
            again = _read_cell(ctx, gray, c)
            if again:
                words[:] = [w for w in words if not _in(c, w)]
                out += again
        for c in cells:
            if tries >= MAX_CELL_RETRIES:
                break
            inside = [w for w in words if _in(c, w)]
            if any(_in(c, w) for w in out):
                continue
            if not inside:
                tries += 1
                out += _read_cell(ctx, gray, c)
            elif min(w["conf"] for w in inside) < ctx.settings.ocr_doubtful_conf:
                # a cell with a word Tesseract doubts: read alone, it often comes out whole; the better reading wins
                tries += 1
                again = _read_cell(ctx, gray, c)
                if (again and _mean_conf(again) > _mean_conf(inside)
                        and len(again) >= sum(1 for w in inside if _keep(w, keep))):
                    words[:] = [w for w in words if not _in(c, w)]
                    out += again
    return out


def _labelled(cell: tuple[float, float, float, float], words: list[dict], min_conf: float) -> bool:
    """The header cell holds a word of three letters or more (a column number alone, "(3)", is no label)."""
    return any(_in(cell, w) and _keep(w, min_conf) and sum(ch.isalpha() for ch in w["text"]) >= 3 for w in words)


def _mean_conf(words: list[dict]) -> float:
    return sum(w["conf"] for w in words) / len(words)


def erase_rules(gray: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    """Paint table rules over with the local paper colour before OCR: Tesseract's layout analysis otherwise
    runs text across cell borders and reads rules as letters (on a ruled page this recovers rows it dropped).
    The paper colour comes from a max filter, so shaded header cells stay shaded."""
    if not boxes:
        return gray
    mask = np.zeros(gray.shape, np.uint8)
    for x0, y0, x1, y1 in boxes:
        mask[y0:y1 + 1, x0:x1 + 1] = 255
    paper = cv2.dilate(gray, np.ones((15, 15), np.uint8))
    clean = gray.copy()
    clean[mask > 0] = paper[mask > 0]
    return clean


SPECK_HEIGHT = 0.3  # of the page's typical word height: a "word" of letters or digits much shorter is a speck


def without_specks(words: list[dict]) -> list[dict]:
    """The words, without the specks of dust or halftone Tesseract read as a letter or a digit (a "3" two
    pixels high beside a header label, which then no longer names its column). A word's height runs from its
    tallest to its lowest letter, and even a lone "o" or "x" stands half the height of a word with capitals or
    descenders; a mark under a third of the page's typical word is no print."""
    heights = [w["height"] for w in words if sum(ch.isalnum() for ch in w["text"]) >= 3]
    if len(heights) < 5:
        return words
    floor = SPECK_HEIGHT * float(np.median(heights))
    return [w for w in words if w["height"] >= floor or not any(ch.isalnum() for ch in w["text"])]


def _word(w: dict, k: float, dx: float, dy: float, number: int) -> Word:
    return Word(text=w["text"], x0=dx + w["left"] * k, top=dy + w["top"] * k, x1=dx + (w["left"] + w["width"]) * k,
                bottom=dy + (w["top"] + w["height"]) * k, page=number, size=w["height"] * k,
                conf=max(0.0, min(1.0, w["conf"] / 100)))


def render_page(ctx: Context, page: pdfium.PdfPage) -> tuple[float, float, np.ndarray]:
    """The page's size in points and its bitmap at the settings' dpi, colour kept (pdfium: one thread at a time)."""
    width, height = page.get_size()
    with ctx.stats.timed("render"):
        return width, height, page.render(scale=ctx.dpi / 72).to_numpy()


def ocr_image(ctx: Context, width: float, height: float, gray: np.ndarray, number: int) -> PageLayout:
    """ocr_page on the page's rendered image; safe to run in several threads at once."""
    data = _cached(ctx, _image_key(gray, "page"), lambda: _read_page_image(ctx, gray), keep_empty=False)
    if data["words"]:
        def unread() -> dict:
            with ctx.stats.timed("unread blocks"):
                return {"words": read_unread(ctx, _prepared(gray, data), data["words"])}

        more = _cached(ctx, _image_key(gray, GAPS_VERSION), unread)
        data = {**data, "words": data["words"] + more["words"]}
    k = 72 / ctx.dpi
    rotation = data.get("rotation", 0)
    if rotation in (90, 270):
        width, height = height, width
    layout = PageLayout(number=number, width=width, height=height, kind="ocr", rotation=rotation,
                        skew=data.get("angle", 0.0))
    kept = [w for w in data["words"] if _keep(w, ctx.settings.ocr_min_conf)]
    layout.words = [_word(w, k, 0, 0, number) for w in without_specks(kept)]
    layout.ocr_words = len(layout.words)
    layout.rules = [Rule(x0=x0 * k, x1=x1 * k, y=(y0 + y1) / 2 * k, page=number) for x0, y0, x1, y1 in data["h"]]
    edges = _edges(data["h"], data["v"], k)
    layout.cell_groups = cell_groups(edges + closing_edges(edges, width, height))
    return layout


SCAN_SNAP = 8.0  # points: the ends of one table's column rules on a scan (residual skew, blur, broken strokes)


def closing_edges(edges: list[dict], width: float, height: float) -> list[dict]:
    """Closing rules for a table the image leaves open on one side, as the text layer's tables get them
    (iku.core.ruling): the part of a table running on to the next page, printed without its bottom border."""
    out = []
    for along, extent in (("v", height), ("h", width)):
        out += [{**e, "orientation": "h" if along == "v" else "v"}
                for e in open_ends(edges, along, extent, snap=SCAN_SNAP)]
    return out


# An image this size or larger on a digital page may hold text (a signature block, a pasted kop or table);
# smaller ones are logos and bullets. Images covering nearly the whole page are backgrounds.
MIN_REGION_W, MIN_REGION_H, MAX_REGION_SHARE = 90.0, 25.0, 0.9
# an image the text layer prints this many words over is a backdrop (a photo behind a table), not text
# pasted as a picture: its OCR would only add specks of the photo read as letters
BACKDROP_WORDS = 30


def ocr_image_regions(ctx: Context, page: pdfium.PdfPage, number: int, words: list[Word]) -> list[Word]:
    """OCR words from images pasted into a digital page, minus those the text layer already has."""
    if page.get_rotation():
        return []
    width, height = page.get_size()
    out: list[Word] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = (max(0.0, v) for v in obj.get_bounds())
        right, top = min(right, width), min(top, height)
        w, h = right - left, top - bottom
        if w < MIN_REGION_W or h < MIN_REGION_H or w * h > MAX_REGION_SHARE * width * height:
            continue
        over = sum(1 for x in words if left <= x.x0 and x.x1 <= right and height - top <= x.top
                   and x.bottom <= height - bottom)
        if over >= BACKDROP_WORDS:
            continue
        gray = render(page, crop=(left, bottom, width - right, height - top), dpi=ctx.dpi)
        # sparse-text mode: a signature block under a stamp is not a page of prose, and psm 3 often finds no text
        data = _cached(ctx, _image_key(gray, "region-psm11"),
                       lambda g=gray: {"words": tesseract_words(ctx, g, psm=11)})
        for raw in data["words"]:
            if not _keep(raw, ctx.settings.ocr_min_conf):
                continue
            word = _word(raw, 72 / ctx.dpi, left, height - top, number)
            if not any(_overlaps(word, x) for x in words):
                out.append(word)
    return out


def _overlaps(a: Word, b: Word) -> bool:
    cx, cy = (a.x0 + a.x1) / 2, (a.top + a.bottom) / 2
    return b.x0 - 1 <= cx <= b.x1 + 1 and b.top - 1 <= cy <= b.bottom + 1
