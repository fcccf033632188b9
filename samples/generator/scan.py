"""Scanned copies of generated decrees: printed, signed, stamped and scanned, with every variation an axis.

Each document draws its own scan settings (`sample_scan_axes`): resolution (150-300 dpi), colour or greyscale
scan, skew up to 1.5 degrees per page, paper tint and uneven light, show-through of the next page, blur, sensor
noise and dust, JPEG quality; an office stamp (round or oval, blue, purple, red or grey ink, unevenly inked)
overlapping the signature block at one of several positions; a handwritten-like signature (pen strokes with
loops and a flourish) above or across the signatory's name; landscape pages fed into the scanner sideways.
Everything is drawn with Pillow and numpy from the digital PDF's pages and DejaVu fonts (no download), and is
deterministic for a seed. The content stays the digital document's, so the gold is the same: stamp and
signature ink lie over the block but leave every printed line readable to a careful reader.
"""

from __future__ import annotations

import io
import itertools
import math
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/TTF"), Path("/usr/share/fonts")]
SCAN_AXES: dict[str, list[Any]] = {
    "scan_dpi": [150, 200, 240, 300],
    "scan_mode": ["grey", "colour"],
    "scan_noise": ["low", "mid", "high"],
    "scan_blur": ["none", "light", "heavy"],
    "scan_jpeg": ["q85", "q60", "q35"],
    "scan_show_through": ["no", "yes"],
    "stamp_shape": ["round", "oval"],
    "stamp_ink": ["blue", "purple", "red", "grey"],
    "stamp_pos": ["left", "title", "name", "low"],
    "signature": ["above", "over_name", "large"],
}
INK = {"blue": (40, 70, 175), "purple": (105, 45, 150), "red": (185, 40, 55), "grey": (75, 75, 75)}
PEN = {"black": (25, 25, 30), "blue": (20, 35, 120)}
NOISE = {"low": 1.5, "mid": 4.0, "high": 8.0}
BLUR = {"none": 0.0, "light": 0.6, "heavy": 1.1}
JPEG = {"q85": 85, "q60": 60, "q35": 35}


def _font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for d in FONT_DIRS:
        for p in [d / name, *d.rglob(name)] if d.exists() else []:
            try:
                return ImageFont.truetype(str(p), size)
            except OSError:
                continue
    return ImageFont.load_default()


def sample_scan_axes(rng: random.Random, landscape: bool) -> dict[str, Any]:
    """The scan's axes (what eval_report groups by) and the continuous values behind them."""
    ax: dict[str, Any] = {k: rng.choice(v) for k, v in SCAN_AXES.items()}
    skew = round(rng.uniform(0.0, 1.5), 2)
    ax["scan_skew"] = "<0.5" if skew < 0.5 else ("0.5-1.0" if skew < 1.0 else "1.0-1.5")
    ax["scan_sideways"] = rng.choice(["no", "yes"]) if landscape else "n/a"
    ax["_skew_max"] = skew
    ax["_pen"] = rng.choice(list(PEN))
    return ax


# ------------------------------------------------------------------ locating the signature block
def _find(text: pdfium.PdfTextPage, needle: str, scale: float, height: float) -> tuple[int, int, int, int] | None:
    """Pixel box (x0, y0, x1, y1) of the last occurrence of needle on the page (the signature block is last)."""
    s = text.search(needle, match_case=True)
    last = None
    while found := s.get_next():
        last = found
    if not last:
        return None
    first, count = last
    boxes = [text.get_charbox(first + k) for k in range(count)]
    x0, x1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
    y0, y1 = min(b[1] for b in boxes), max(b[3] for b in boxes)
    return int(x0 * scale), int((height - y1) * scale), int(x1 * scale), int((height - y0) * scale)


def signature_block(page: pdfium.PdfPage, sig: dict[str, Any], scale: float) -> dict[str, tuple] | None:
    """Boxes of the title, name and NIP lines of the signature block, when the page holds it."""
    text = page.get_textpage()
    try:
        h = page.get_size()[1]
        nip = _find(text, f"NIP. {sig['nip']}", scale, h)
        name = _find(text, sig["name"], scale, h)
        title = _find(text, f"{sig['title']},", scale, h)
    finally:
        text.close()
    if not (nip and name and title):
        return None
    return {"title": title, "name": name, "nip": nip}


# ------------------------------------------------------------------ stamp and signature
def _arc_text(layer: Image.Image, text: str, cx: float, cy: float, rx: float, ry: float, start: float, span: float,
              size: int, outward: bool) -> None:
    """Letters set along an ellipse arc from angle start over span (radians), each turned to the tangent."""
    font = _font(size)
    n = max(1, len(text))
    for i, ch in enumerate(text):
        a = start + span * (i + 0.5) / n
        x, y = cx + rx * math.cos(a), cy + ry * math.sin(a)
        glyph = Image.new("L", (size * 2, size * 2), 0)
        ImageDraw.Draw(glyph).text((size // 2, size // 4), ch, fill=255, font=font)
        deg = -math.degrees(a) - 90 if outward else -math.degrees(a) + 90
        glyph = glyph.rotate(deg, resample=Image.BICUBIC)
        layer.paste(255, (int(x - size), int(y - size)), glyph)


def stamp_layer(size: tuple[int, int], cx: int, cy: int, dpi: int, shape: str, kab: str, kec: str,
                rng: np.random.Generator) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """The stamp's ink as a mask (0-255) over the page, and its box."""
    k = dpi / 200
    rx = int((165 if shape == "round" else 210) * k)
    ry = int(165 * k) if shape == "round" else int(130 * k)
    pad = int(40 * k)
    w, h = 2 * (rx + pad), 2 * (ry + pad)
    m = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(m)
    c = (w / 2, h / 2)
    d.ellipse((c[0] - rx, c[1] - ry, c[0] + rx, c[1] + ry), outline=255, width=max(2, int(6 * k)))
    inner = int(22 * k)
    d.ellipse((c[0] - rx + inner, c[1] - ry + inner, c[0] + rx - inner, c[1] + ry - inner), outline=255,
              width=max(1, int(3 * k)))
    mid = int(rx * 0.55), int(ry * 0.45)
    d.ellipse((c[0] - mid[0], c[1] - mid[1], c[0] + mid[0], c[1] + mid[1]), outline=255, width=max(1, int(2 * k)))
    fs = max(9, int(19 * k))
    top = f"PEMERINTAH KABUPATEN {kab.upper()}"
    _arc_text(m, top, c[0], c[1], rx - inner - fs * 0.9, ry - inner - fs * 0.9, math.pi * 1.08, math.pi * 0.84, fs,
              outward=True)
    _arc_text(m, f"KECAMATAN {kec.upper()}", c[0], c[1], rx - inner - fs * 0.9, ry - inner - fs * 0.9,
              math.pi * 0.88, -math.pi * 0.76, fs, outward=False)
    cf = _font(max(10, int(30 * k)))
    tw = d.textlength("CAMAT", font=cf)
    d.text((c[0] - tw / 2, c[1] - 18 * k), "CAMAT", fill=255, font=cf)
    star = [(c[0] + math.cos(math.pi / 2 + i * math.pi * 4 / 5) * 14 * k,
             c[1] - 34 * k - math.sin(math.pi / 2 + i * math.pi * 4 / 5) * 14 * k) for i in range(5)]
    d.polygon(star, fill=255)
    m = m.rotate(float(rng.uniform(-30, 30)), resample=Image.BICUBIC, center=c)
    # uneven inking: a smooth random field that fades parts of the rubber, plus speckle
    a = np.asarray(m, dtype=np.float32) / 255
    field = np.asarray(Image.fromarray((rng.random((8, 8)) * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC),
                       dtype=np.float32) / 255
    a *= np.clip(0.45 + 0.6 * field, 0, 1) * (rng.random(a.shape) > 0.08)
    layer = Image.new("L", size, 0)
    box = (int(cx - w / 2), int(cy - h / 2))
    layer.paste(Image.fromarray((a * 255).astype(np.uint8)), box)
    return layer, (box[0] + pad, box[1] + pad, box[0] + w - pad, box[1] + h - pad)


def signature_strokes(x: float, y: float, width: float, height: float, rng: np.random.Generator
                      ) -> list[list[tuple[float, float]]]:
    """A scrawl: a few connected loops written left to right, a second stroke, and a flourish underneath."""
    strokes = []
    t = np.linspace(0, 1, 400)
    loops = rng.uniform(4, 9)
    xs = x + width * (t + 0.06 * np.sin(2 * np.pi * loops * t + rng.uniform(0, 6)))
    env = 0.5 + 0.5 * np.sin(np.pi * t) * rng.uniform(0.6, 1.0)
    ys = y + height * 0.5 * env * np.cos(2 * np.pi * loops * t) - height * 0.25 * t * rng.uniform(-1, 1)
    ys += np.cumsum(rng.normal(0, height * 0.004, t.size))
    strokes.append(list(zip(xs.tolist(), ys.tolist(), strict=True)))
    if rng.random() < 0.7:  # a capital written first, on the left
        u = np.linspace(0, 1, 120)
        cx, cy = x + width * 0.08, y - height * 0.1
        r = height * rng.uniform(0.35, 0.6)
        strokes.append(list(zip((cx + r * 0.6 * np.sin(2 * np.pi * u * 1.3)).tolist(),
                                (cy + r * np.cos(2 * np.pi * u * 1.3) * (1 - 0.3 * u)).tolist(), strict=True)))
    u = np.linspace(0, 1, 100)
    fx = x + width * (0.1 + 1.0 * u)
    fy = y + height * (0.55 + 0.1 * np.sin(np.pi * u * rng.uniform(1, 2))) - height * 0.2 * u
    strokes.append(list(zip(fx.tolist(), fy.tolist(), strict=True)))
    return strokes


def draw_signature(img: Image.Image, strokes: list[list[tuple[float, float]]], pen: tuple[int, int, int], dpi: int,
                   rng: np.random.Generator) -> None:
    # the pen is drawn on its own sheet and multiplied in, as ink lies over toner: print it crosses stays dark
    # (painting the pen's colour over the print made crossed letters pen-coloured, which no real pen does)
    layer = Image.new("RGB", img.size, (255, 255, 255))
    d = ImageDraw.Draw(layer)
    base = max(2, round(3.2 * dpi / 200))
    for s in strokes:
        for (x0, y0), (x1, y1) in itertools.pairwise(s):  # pressure: thinner where the pen moves fast
            v = math.hypot(x1 - x0, y1 - y0)
            w = max(1, round(base * (1.3 - min(0.7, v / (6 * dpi / 200))) + rng.normal(0, 0.2)))
            d.line((x0, y0, x1, y1), fill=pen, width=w)
    img.paste(ImageChops.multiply(img, layer))


# ------------------------------------------------------------------ one page
def _tinted(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Paper tint and uneven illumination (a gradient across the sheet)."""
    h, w = img.shape[:2]
    tint = np.array([rng.uniform(0.9, 0.97), rng.uniform(0.89, 0.96), rng.uniform(0.84, 0.94)], dtype=np.float32)
    gy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
    gx = np.linspace(0, 1, w, dtype=np.float32)[None, :]
    light = 1 - rng.uniform(0.0, 0.08) * (rng.uniform(0.3, 1) * gx + rng.uniform(0.3, 1) * gy) / 2
    return img * (tint[None, None, :] * light[..., None])


def scan_page(page: pdfium.PdfPage, behind: pdfium.PdfPage | None, ax: dict[str, Any], meta: dict[str, Any],
              rng: np.random.Generator, skew: float, lampiran: bool) -> tuple[Image.Image, dict[str, Any]]:
    dpi = int(ax["scan_dpi"])
    scale = dpi / 72
    img = page.render(scale=scale).to_pil().convert("RGB")
    info: dict[str, Any] = {"skew": skew, "size_px": list(img.size)}
    block = signature_block(page, meta["signatory"], scale)
    if block:
        tx0, ty0, _, ty1 = block["title"]
        nx0, ny0, _, ny1 = block["name"]
        px0, py0, _, py1 = block["nip"]
        inch = dpi
        lh = ny1 - ny0
        sig_box = {"above": (nx0 + 0.1 * inch, ty1 + 0.05 * inch, 1.5 * inch, ny0 - ty1 - 0.1 * inch),
                   "over_name": (nx0, ny0 - 0.35 * inch, 1.6 * inch, 0.6 * inch),
                   "large": (nx0 - 0.2 * inch, ty0, 2.2 * inch, ny1 - ty0)}[ax["signature"]]
        sx, sy, sw, sh = sig_box
        strokes = signature_strokes(sx, sy + sh / 2, sw, sh, rng)
        draw_signature(img, strokes, PEN[ax["_pen"]], dpi, rng)
        cx, cy = {"left": (nx0 - 0.25 * inch, (ty1 + ny0) / 2), "title": (tx0 + 0.6 * inch, ty0),
                  "name": (nx0 + 0.7 * inch, ny0 + lh / 2), "low": (nx0 + 0.3 * inch, (ny1 + py0) / 2)}[ax["stamp_pos"]]
        cx += rng.uniform(-0.15, 0.15) * inch
        cy += rng.uniform(-0.1, 0.1) * inch
        mask, sbox = stamp_layer(img.size, int(cx), int(cy), dpi, ax["stamp_shape"], meta["kabupaten"],
                                 meta["kecamatan"], rng)
        a = np.asarray(mask, dtype=np.float32)[..., None] / 255 * rng.uniform(0.55, 0.8)
        ink = np.array(INK[ax["stamp_ink"]], dtype=np.float32)
        page_px = np.asarray(img, dtype=np.float32)
        # ink absorbs: darker of paper-with-ink and what is printed underneath
        stamped = np.minimum(page_px, page_px * (1 - a) + ink * a)
        img = Image.fromarray(stamped.astype(np.uint8))
        info.update(stamp_box=list(sbox), stamp_centre=[int(cx), int(cy)],
                    signature_box=[int(sx), int(sy), int(sx + sw), int(sy + sh)],
                    name_box=list(block["name"]), nip_box=[px0, py0, block["nip"][2], py1])
    a = np.asarray(img, dtype=np.float32)
    if behind is not None and ax["scan_show_through"] == "yes":
        back = behind.render(scale=scale, grayscale=True).to_pil().convert("L").transpose(Image.FLIP_LEFT_RIGHT)
        back = np.asarray(back.resize(img.size), dtype=np.float32)
        a = a - (255 - back)[..., None] * rng.uniform(0.04, 0.09)
    a = _tinted(a, rng)
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    blur = BLUR[ax["scan_blur"]] * dpi / 200
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    a = np.asarray(img, dtype=np.float32)
    a += rng.normal(0, NOISE[ax["scan_noise"]], a.shape[:2]).astype(np.float32)[..., None]
    dust = rng.random(a.shape[:2]) < {"low": 0.0001, "mid": 0.0003, "high": 0.0008}[ax["scan_noise"]]
    a[dust] = 50
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if ax["scan_mode"] == "grey":
        img = img.convert("L")
    if lampiran and img.width > img.height and ax["scan_sideways"] == "yes":  # a landscape table fed in on its side
        turn = Image.ROTATE_90 if rng.random() < 0.5 else Image.ROTATE_270
        img = img.transpose(turn)
        # degrees the content was turned counter-clockwise; standing it up again takes as many clockwise
        info["turned"] = 90 if turn == Image.ROTATE_90 else 270
    fill = 232 if img.mode == "L" else (232, 228, 218)
    img = img.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=fill)
    return img, info


def image_pdf(images: list[Image.Image], dpi: int, quality: int) -> bytes:
    jpegs = []
    for im in images:  # JPEG, as scanners produce; PIL embeds the JPEG bytes as they are
        b = io.BytesIO()
        im.save(b, "JPEG", quality=quality)
        jpegs.append(Image.open(io.BytesIO(b.getvalue())))
    when = time.strptime("2024-01-01", "%Y-%m-%d")  # fixed dates: the same bytes on every run
    buf = io.BytesIO()
    jpegs[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=jpegs[1:], creationDate=when,
                  modDate=when)
    return buf.getvalue()


def scan(src: Path, dst: Path, ax: dict[str, Any], meta: dict[str, Any], seed: int) -> dict[str, Any]:
    """Scan every page of src into dst with the axes ax; returns the per-page record (stamp, signature, skew)."""
    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(str(src))
    n = len(doc)
    pages, infos = [], []
    for i in range(n):
        skew = round(float(ax["_skew_max"] * rng.uniform(0.6, 1.0) * rng.choice([-1, 1])), 2)
        img, info = scan_page(doc[i], doc[i + 1] if i + 1 < n else None, ax, meta, rng, skew, lampiran=i > 0)
        pages.append(img)
        infos.append(info)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(image_pdf(pages, int(ax["scan_dpi"]), JPEG[ax["scan_jpeg"]]))
    doc.close()
    return {"pages": infos, "dpi": int(ax["scan_dpi"])}
