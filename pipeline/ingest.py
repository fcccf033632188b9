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

from pipeline.errors import CorruptPDF, EmptyFile, EncryptedPDF, NoPages, NotAPDF, Unreadable
from pipeline.stage import StageLog

MIN_TEXT_CHARS = 25
_WORDLIKE = re.compile(r"[A-Za-z0-9]")
_VOWEL = re.compile(r"[aeiouyAEIOUY]")


@dataclass
class IngestedPDF:
    path: Path
    doc_id: str
    sha256: str
    pages: int
    page_kinds: list[str]  # "text" | "image" | "garbage" | "blank", one per page

    @property
    def input_kind(self) -> str:
        kinds = set(self.page_kinds) - {"blank"}
        if kinds <= {"image", "garbage"}:
            return "scanned"
        return "mixed" if kinds & {"image", "garbage"} else "digital"

    def needs_ocr(self, index: int) -> bool:
        return self.page_kinds[index] in ("image", "garbage")

    @property
    def has_ocr_pages(self) -> bool:
        return bool({"image", "garbage"} & set(self.page_kinds))


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


def text_layer_is_garbage(text: str) -> str | None:
    """Why a text layer should not be trusted, or None. Such pages are read by OCR instead.

    Old scanning software leaves letter-spaced text ("b a h w a d a l a m"); broken font
    encodings give private-use glyphs or strings with hardly any letters in them.
    """
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return None
    if sum(0xE000 <= ord(c) <= 0xF8FF or c == "\ufffd" for c in chars) > 0.1 * len(chars):
        return "private-use or undecodable glyphs"
    if sum(c.isalpha() for c in chars) < 0.5 * len(chars):
        return "mostly non-letters"
    tokens = text.split()
    singles = sum(len(t) == 1 and t.isalpha() for t in tokens)
    if len(tokens) >= 20 and singles > 0.5 * len(tokens):
        return "letter-spaced text"
    words = [t for t in tokens if len(t) >= 3 and t.isalpha()]
    if len(words) >= 20 and sum(not _VOWEL.search(t) for t in words) > 0.4 * len(words):
        return "mostly non-words"
    return None


def _invisible_share(page: pdfium.PdfPage) -> float:
    """Share of text objects drawn invisibly (render mode 3): an OCR layer laid over a scan."""
    modes = [pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
             for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=2)]
    return sum(m == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE for m in modes) / len(modes) if modes else 0.0


def _has_page_image(page: pdfium.PdfPage, share: float = 0.5) -> bool:
    width, height = page.get_size()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= share * width * height:
            return True
    return False


def classify_page(page: pdfium.PdfPage) -> tuple[str, str | None]:
    """("text" | "image" | "garbage" | "blank", reason). Image and garbage pages go to OCR."""
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    if len(_WORDLIKE.findall(text)) >= MIN_TEXT_CHARS:
        reason = text_layer_is_garbage(text)
        if reason is None and _invisible_share(page) > 0.5 and _has_page_image(page):
            # someone else's OCR over a scan: no table rules and no confidences; read the image ourselves
            reason = "invisible text over a page image"
        return ("garbage", reason) if reason else ("text", None)
    has_image = next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2), None) is not None
    return ("image" if has_image else "blank"), None


def ingest(path: Path, log: StageLog) -> IngestedPDF:
    try:
        digest = sha256_of(path)
    except OSError as exc:  # missing, a folder, no permission: the document's own error, not a bug
        raise Unreadable(f"{path.name}: {exc.strerror or exc}") from exc
    pdf = open_pdf(path)
    try:
        n = len(pdf)
        if n == 0:
            raise NoPages(path.name)
        kinds, reasons = [], {}
        for i in range(n):
            page = pdf[i]
            try:
                kind, reason = classify_page(page)
            finally:
                page.close()
            kinds.append(kind)
            if reason:
                reasons.setdefault(reason, []).append(i + 1)
    finally:
        pdf.close()
    images = [i + 1 for i, k in enumerate(kinds) if k == "image"]
    if images:
        log.warn(f"{len(images)} page(s) without a text layer: {images[:20]}")
    for reason, pages in reasons.items():
        log.warn(f"{len(pages)} page(s) with an unusable text layer ({reason}), read by OCR: {pages[:20]}")
    return IngestedPDF(path=path, doc_id=path.stem, sha256=digest, pages=n, page_kinds=kinds)
