"""OCR for pages without a usable text layer: Tesseract words + ruled lines from the page image.

The page is rendered at 300 dpi, deskewed from its long horizontal rules, read by Tesseract
(Indonesian + English, word boxes and confidences from its TSV output) and scanned for table
rules with OpenCV morphology. The rules become pdfplumber-style edges, so the same cell
finder and the same table stage serve scanned and digital pages. Results are cached by
page-image hash: a re-run does not OCR again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
from pathlib import Path

import cv2
import numpy as np
import pdfplumber.table as ptable
import pypdfium2 as pdfium

from pipeline.layout import BBox, PageLayout, Rule, Word

DPI = 300
LANGS = "ind+eng"
CACHE_VERSION = "ocr-1"
MIN_CONF = 35  # Tesseract word confidence (0-100) below which a token is treated as noise


def available() -> bool:
    return shutil.which("tesseract") is not None


def cache_dir() -> Path:
    return Path(os.environ.get("IKU_CACHE_DIR", Path.home() / ".cache" / "iku-extract")) / "ocr"


def render(page: pdfium.PdfPage) -> np.ndarray:
    return np.asarray(page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))


def skew_angle(gray: np.ndarray) -> float:
    """Median angle (degrees) of long near-horizontal strokes: table rules and underlines."""
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    lines = cv2.HoughLinesP(bw, 1, np.pi / 1800, threshold=300, minLineLength=gray.shape[1] // 4, maxLineGap=10)
    if lines is None:
        return 0.0
    angles = [np.degrees(np.arctan2(y2 - y1, x2 - x1)) for x1, y1, x2, y2 in lines.reshape(-1, 4)]
    angles = [a for a in angles if abs(a) < 5]
    return float(np.median(angles)) if angles else 0.0


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    angle = skew_angle(gray)
    if abs(angle) < 0.05:
        return gray, 0.0
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255), angle


def tesseract_words(gray: np.ndarray) -> list[dict]:
    _, png = cv2.imencode(".png", gray)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # several processes must not fight over cores
    out = subprocess.run(["tesseract", "stdin", "stdout", "-l", LANGS, "--psm", "3", "--dpi", str(DPI), "tsv"],
                         input=png.tobytes(), capture_output=True, env=env, check=True, timeout=300)
    rows = csv.DictReader(io.StringIO(out.stdout.decode("utf-8", "replace")), delimiter="\t",
                          quoting=csv.QUOTE_NONE)
    return [{"text": r["text"].strip(), "left": int(r["left"]), "top": int(r["top"]), "width": int(r["width"]),
             "height": int(r["height"]), "conf": float(r["conf"])}
            for r in rows if r.get("level") == "5" and (r.get("text") or "").strip()]


def rule_segments(gray: np.ndarray) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]]:
    """Horizontal and vertical strokes as pixel boxes (x0, y0, x1, y1), from morphological opening."""
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    h, w = bw.shape
    out = []
    for kernel in (cv2.getStructuringElement(cv2.MORPH_RECT, (max(40, w // 60), 1)),
                   cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(40, h // 80)))):
        mask = cv2.morphologyEx(bw, cv2.MORPH_OPEN, kernel)
        mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))  # bridge faint or broken rules
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        out.append([(x, y, x + cw, y + ch) for x, y, cw, ch in (cv2.boundingRect(c) for c in contours)])
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


def _keep(w: dict) -> bool:
    """Drop what stamps, signatures and rules leave behind: low-confidence or punctuation-only tokens."""
    return w["conf"] >= MIN_CONF and any(ch.isalnum() for ch in w["text"])


def ocr_page(page: pdfium.PdfPage, number: int) -> PageLayout:
    width, height = page.get_size()
    gray = render(page)
    key = hashlib.sha256(gray.tobytes() + f"{CACHE_VERSION}{LANGS}{gray.shape}".encode()).hexdigest()
    cached = cache_dir() / f"{key}.json"
    k = 72 / DPI
    if cached.is_file():
        data = json.loads(cached.read_text())
    else:
        gray, angle = deskew(gray)
        hs, vs = rule_segments(gray)
        data = {"angle": angle, "words": tesseract_words(gray), "h": hs, "v": vs}
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(".tmp")
        tmp.write_text(json.dumps(data))
        tmp.replace(cached)
    layout = PageLayout(number=number, width=width, height=height, kind="ocr")
    layout.words = [Word(text=w["text"], x0=w["left"] * k, top=w["top"] * k, x1=(w["left"] + w["width"]) * k,
                         bottom=(w["top"] + w["height"]) * k, page=number, size=w["height"] * k,
                         conf=max(0.0, min(1.0, w["conf"] / 100))) for w in data["words"] if _keep(w)]
    layout.rules = [Rule(x0=x0 * k, x1=x1 * k, y=(y0 + y1) / 2 * k, page=number) for x0, y0, x1, y1 in data["h"]]
    layout.cell_groups = cell_groups(_edges(data["h"], data["v"], k))
    return layout
