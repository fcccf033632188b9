"""A digital test PDF "printed and scanned": each page rasterised at a chosen resolution, degraded as a scanner
degrades it (blur, sensor noise and dust, a small skew, a landscape page fed in sideways), and stored as an
image-only PDF of the original page size. Deterministic for a seed, small enough to OCR inside `make test`."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageFilter


@dataclass
class Scan:
    dpi: int = 200
    blur: float = 0.0  # Gaussian blur radius in pixels at 200 dpi (scaled with dpi)
    noise: float = 0.0  # sensor noise: standard deviation in grey levels
    dust: float = 0.0  # share of pixels hit by a dark speck
    skew: float = 0.0  # degrees, counter-clockwise
    turn: int = 0  # a landscape page fed in sideways: 90 turns its content counter-clockwise, 270 clockwise
    seed: int = 1


_TURN = {90: Image.ROTATE_90, 270: Image.ROTATE_270}


def scan_page(page: pdfium.PdfPage, s: Scan) -> Image.Image:
    rng = np.random.default_rng(s.seed)
    img = page.render(scale=s.dpi / 72, grayscale=True).to_pil().convert("L")
    if s.blur:
        img = img.filter(ImageFilter.GaussianBlur(s.blur * s.dpi / 200))
    a = np.asarray(img, dtype=np.float32) * 0.94 + rng.normal(0, s.noise, (img.height, img.width))
    a[rng.random(a.shape) < s.dust] = 50
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if s.turn:
        img = img.transpose(_TURN[s.turn])
    return img.rotate(s.skew, resample=Image.BICUBIC, fillcolor=235) if s.skew else img


def scanned(src: Path, dst: Path, s: Scan) -> Path:
    """dst: every page of src scanned with the settings s (JPEG, as scanners store pages)."""
    doc = pdfium.PdfDocument(str(src))
    images = []
    for i in range(len(doc)):
        buf = io.BytesIO()
        scan_page(doc[i], s).save(buf, "JPEG", quality=75)
        images.append(Image.open(io.BytesIO(buf.getvalue())))
    doc.close()
    images[0].save(dst, "PDF", resolution=s.dpi, save_all=True, append_images=images[1:])
    return dst
