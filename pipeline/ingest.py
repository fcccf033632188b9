"""Stage 1, ingest: find PDFs, hash them, open them safely, classify each page.

A page has a usable text layer when pdfium finds enough ordinary characters on it;
otherwise it is an image page that needs OCR (issue 3).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import CorruptPDF, EmptyFile, EncryptedPDF, NoPages, NotAPDF
from pipeline.stage import StageLog

MIN_TEXT_CHARS = 25
_WORDLIKE = re.compile(r"[A-Za-z0-9]")


@dataclass
class IngestedPDF:
    path: Path
    doc_id: str
    sha256: str
    pages: int
    page_kinds: list[str]  # "text" | "image" | "blank", one per page

    @property
    def input_kind(self) -> str:
        kinds = set(self.page_kinds) - {"blank"}
        if kinds <= {"image"}:
            return "scanned"
        return "mixed" if "image" in kinds else "digital"


def find_pdfs(paths: list[Path]) -> list[Path]:
    """Files as given, folders searched recursively for *.pdf (any case), sorted, de-duplicated."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() == ".pdf")
        else:
            found.append(p)
    seen: set[Path] = set()
    return [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open with pdfium, turning its failures into our error categories."""
    size = path.stat().st_size
    if size == 0:
        raise EmptyFile(path.name)
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF" not in head:
        raise NotAPDF(f"{path.name} starts with {head[:8]!r}")
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc)
        # pdfium's error code is per thread and not reset on success: a file that fails without setting
        # one (a PDF with no pages) reports the previous file's error, so check what the file says.
        if "password" in msg.lower() and b"/Encrypt" in path.read_bytes():
            raise EncryptedPDF(path.name) from exc
        if _pdfminer_page_count(path) == 0:
            raise NoPages(path.name) from exc
        raise CorruptPDF(f"{path.name}: {msg}") from exc


def _pdfminer_page_count(path: Path) -> int | None:
    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    except Exception:
        return None


def classify_page(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    if len(_WORDLIKE.findall(text)) >= MIN_TEXT_CHARS:
        return "text"
    has_image = next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2), None) is not None
    return "image" if has_image else "blank"


def ingest(path: Path, log: StageLog) -> IngestedPDF:
    digest = sha256_of(path)
    pdf = open_pdf(path)
    try:
        n = len(pdf)
        if n == 0:
            raise NoPages(path.name)
        kinds = []
        for i in range(n):
            page = pdf[i]
            try:
                kinds.append(classify_page(page))
            finally:
                page.close()
    finally:
        pdf.close()
    images = [i + 1 for i, k in enumerate(kinds) if k == "image"]
    if images:
        log.warn(f"{len(images)} page(s) without a usable text layer: {images[:20]}")
    return IngestedPDF(path=path, doc_id=path.stem, sha256=digest, pages=n, page_kinds=kinds)
