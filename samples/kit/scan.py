"""Scanned and mixed copies of a digital sample, the way decrees reach analysts.

Each page is rasterised at 200 dpi in greyscale, then "printed and scanned": a small random skew, paper tint,
blur, noise, a faint show-through of the next page, a round stamp and a signature scrawl over the signature
block, JPEG compression, and landscape pages stored sideways on a portrait sheet. The result is re-wrapped as an
image-only PDF (`scanned`), or its decree pages are followed by the digital lampiran (`mixed`). A content file's
`[scans]` table says which copies a sample has; their gold is the digital sample's.

Deterministic: a fixed seed per page and pinned PDF dates and IDs, so re-running gives the same bytes.
"""

from __future__ import annotations

import io
import math
import re
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 200


def _font(size: int) -> ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default()


def stamp(img: Image.Image, cx: int, cy: int, rng: np.random.Generator) -> None:
    """A round office stamp in light grey ink, drawn over whatever is there."""
    r = int(DPI * 0.55)
    layer = Image.new("L", img.size, 0)
    d = ImageDraw.Draw(layer)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=6)
    d.ellipse((cx - r + 16, cy - r + 16, cx + r - 16, cy + r - 16), outline=255, width=3)
    font = _font(22)
    for i, ch in enumerate("PEMERINTAH KABUPATEN * KECAMATAN *"):
        a = math.pi * (1.1 + 1.6 * i / 34)
        d.text((cx + (r - 40) * math.cos(a) - 8, cy + (r - 40) * math.sin(a) - 10), ch, fill=255, font=font)
    d.text((cx - 45, cy - 14), "CAMAT", fill=255, font=_font(28))
    layer = layer.rotate(float(rng.uniform(-25, 25)), center=(cx, cy))
    ink = np.asarray(img, dtype=np.float32)
    alpha = np.asarray(layer, dtype=np.float32) / 255 * 0.55
    img.paste(Image.fromarray((ink * (1 - alpha) + 90 * alpha).astype(np.uint8)))


def scrawl(img: Image.Image, x: int, y: int, rng: np.random.Generator) -> None:
    """A signature: a few loops of a dark pen across the name's line."""
    d = ImageDraw.Draw(img)
    t = np.linspace(0, 1, 200)
    xs = x + t * DPI * 1.6
    ys = y + 25 * np.sin(t * rng.uniform(12, 20)) + 18 * np.sin(t * 5 + rng.uniform(0, 3))
    d.line(list(zip(xs.tolist(), ys.tolist(), strict=True)), fill=30, width=4)


def signature_anchor(page: pdfium.PdfPage, scale: float) -> tuple[int, int] | None:
    """Pixel position of the signatory's NIP line, if the page has one."""
    text = page.get_textpage()
    try:
        found = text.search("NIP", match_case=True).get_next()
        if not found:
            return None
        box = text.get_charbox(found[0])
    finally:
        text.close()
    _, height = page.get_size()
    return int(box[0] * scale), int((height - box[3]) * scale)


def scan_page(page: pdfium.PdfPage, behind: pdfium.PdfPage | None, seed: int) -> Image.Image:
    rng = np.random.default_rng(seed)
    scale = DPI / 72
    img = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    anchor = signature_anchor(page, scale)
    if anchor:
        x, y = anchor
        scrawl(img, x + 40, y - int(DPI * 0.55), rng)
        stamp(img, x - int(DPI * 0.2), y - int(DPI * 0.5), rng)
    a = np.asarray(img, dtype=np.float32)
    if behind is not None:  # show-through of the other side of the sheet
        back = behind.render(scale=scale, grayscale=True).to_pil().convert("L").transpose(Image.FLIP_LEFT_RIGHT)
        back = np.asarray(back.resize(img.size), dtype=np.float32)
        a = a - (255 - back) * 0.06
    a = np.asarray(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6)),
                   dtype=np.float32)
    a = a * rng.uniform(0.9, 0.96) + rng.normal(0, 2.5, a.shape)  # paper tint, sensor noise
    a[rng.random(a.shape) < 0.0004] = 40  # dust
    img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    if img.width > img.height:  # landscape lampiran fed into the scanner on its side
        img = img.transpose(Image.ROTATE_90 if seed % 2 else Image.ROTATE_270)
    return img.rotate(float(rng.uniform(-1.5, 1.5)), resample=Image.BICUBIC, expand=False, fillcolor=235)


def image_pdf(images: list[Image.Image]) -> bytes:
    buf = io.BytesIO()
    jpegs = []
    for im in images:  # JPEG, as scanners produce; PIL embeds the JPEG bytes as they are
        b = io.BytesIO()
        im.save(b, "JPEG", quality=50)
        jpegs.append(Image.open(io.BytesIO(b.getvalue())))
    when = time.strptime("2024-01-01", "%Y-%m-%d")  # fixed dates: the same bytes on every run
    jpegs[0].save(buf, "PDF", resolution=DPI, save_all=True, append_images=jpegs[1:], creationDate=when,
                  modDate=when)
    return buf.getvalue()


def scanned(src: Path, dst: Path) -> None:
    doc = pdfium.PdfDocument(str(src))
    pages = [scan_page(doc[i], doc[i + 1] if i + 1 < len(doc) else None, seed=1000 + i) for i in range(len(doc))]
    dst.write_bytes(image_pdf(pages))


def first_lampiran_page(doc: pdfium.PdfDocument) -> int:
    for i in range(len(doc)):
        text = doc[i].get_textpage()
        head = text.get_text_range()[:400].upper()
        text.close()
        if "LAMPIRAN" in head and i > 0:
            return i
    return len(doc)


def mixed(src: Path, dst: Path) -> None:
    """Scanned decree pages, then the lampiran as it came out of Word."""
    doc = pdfium.PdfDocument(str(src))
    cut = first_lampiran_page(doc)
    scans = pdfium.PdfDocument(image_pdf([scan_page(doc[i], None, seed=2000 + i) for i in range(cut)]))
    out = pdfium.PdfDocument.new()
    out.import_pages(scans)
    out.import_pages(doc, list(range(cut, len(doc))))
    buf = io.BytesIO()
    out.save(buf)
    # pdfium stamps the save time and a random /ID: pin both so the sample is byte-identical across builds
    data = re.sub(rb"/CreationDate\(D:\d{14}", b"/CreationDate(D:20240101000000", buf.getvalue())
    data = re.sub(rb"/ID\s*\[<[0-9A-F]+><[0-9A-F]+>\]", lambda m: re.sub(rb"[0-9A-F](?=[0-9A-F]*>)", b"0", m.group(0)),
                  data)
    dst.write_bytes(data)


KINDS = {"scanned": scanned, "mixed": mixed}  # the [scans] keys of a content file
