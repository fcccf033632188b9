"""Scanned variants of generated decrees, reusing samples/build_scans.py's print-and-scan simulation."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from samples.build_scans import image_pdf, scan_page


def scan(src: Path, dst: Path, seed: int, max_pages: int = 3) -> None:
    """Every page (up to max_pages) greyscale 200 dpi, skew, noise, stamp and signature, JPEG, sideways landscape."""
    doc = pdfium.PdfDocument(str(src))
    n = min(len(doc), max_pages)
    pages = [scan_page(doc[i], doc[i + 1] if i + 1 < n else None, seed=seed * 100 + i) for i in range(n)]
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(image_pdf(pages))
