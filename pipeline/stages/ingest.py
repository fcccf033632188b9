"""Stage 1, ingest: find PDFs, hash them, open them safely, classify each page.

A page has a usable text layer when pdfium finds enough ordinary characters on it;
otherwise it is an image page that needs OCR (issue 3). A file the PDF libraries cannot read is
rebuilt by qpdf (pikepdf) into a temporary copy first; only what qpdf cannot rebuild is refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from iku.core.errors import (
    W_NO_TEXT_LAYER,
    W_UNUSABLE_TEXT,
    CorruptPDF,
    EmptyFile,
    EncryptedPDF,
    NoPages,
    NotAPDF,
    Unreadable,
)
from iku.core.stage import StageLog

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


@dataclass
class Repair:
    """A damaged file rebuilt by qpdf: the copy to read and what could not be recovered."""

    path: Path
    pages: int
    declared_pages: int  # what the file says it had: its page tree's /Count, or the page objects in it
    lost_content: list[int]  # 1-based pages whose content stream is missing or unreadable
    fixed_boxes: list[int]  # 1-based pages whose MediaBox/CropBox... was not four numbers and was dropped
    problems: list[str]  # qpdf's own warnings

    @property
    def lost_anything(self) -> bool:
        return bool(self.lost_content) or self.declared_pages > self.pages

    def summary(self, cause: str) -> str:
        lost = []
        if self.declared_pages > self.pages:
            lost.append(f"{self.declared_pages - self.pages} of {self.declared_pages} pages missing")
        if self.lost_content:
            lost.append(f"content of page(s) {self.lost_content[:20]} lost")
        fixed = f"; non-numeric page boxes dropped on page(s) {self.fixed_boxes[:20]}" if self.fixed_boxes else ""
        return (f"damaged file ({cause}) rebuilt with qpdf: {self.pages} page(s) read"
                + (f"; {', '.join(lost)}" if lost else "; nothing lost") + fixed
                + (f"; qpdf: {len(self.problems)} problem(s), first: {self.problems[0]}" if self.problems else ""))


_BOXES = ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox")


def _is_box(value: object) -> bool:
    if not isinstance(value, pikepdf.Array) or len(value) != 4:
        return False
    try:
        [float(v) for v in value]  # pikepdf numbers convert; names, strings and null do not
    except (TypeError, ValueError):
        return False
    return True


def _fix_boxes(page: pikepdf.Page) -> bool:
    """Drop page boxes that are not four numbers (pdfminer refuses the whole file over one); a page left
    without a usable MediaBox gets A4. True when something was changed."""
    obj = page.obj
    bad = [key for key in _BOXES if key in obj and not _is_box(obj.get(key))]
    for key in bad:
        del obj[key]
    if not _is_box(page.mediabox):  # inherited from the page tree, or none at all
        obj.MediaBox = pikepdf.Array([0, 0, 595.28, 841.89])
        return True
    return bool(bad)


def _content_lost(page: pikepdf.Page) -> bool:
    """True when the page's content stream is missing or cannot be decoded."""
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    try:
        for c in streams:
            if not isinstance(c, pikepdf.Stream):
                return True
            c.read_bytes()
    except pikepdf.PdfError:
        return True
    return False


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def repair_pdf(path: Path, folder: Path, cause: str = "") -> Repair:
    """Rebuild `path` with qpdf into folder/repaired.pdf. Raises our error category when it cannot."""
    try:
        pdf = pikepdf.open(path, suppress_warnings=True)
    except pikepdf.PasswordError as exc:
        raise EncryptedPDF(path.name) from exc
    except pikepdf.PdfError as exc:
        raise CorruptPDF(f"{path.name}: {cause or 'unreadable'}; qpdf could not rebuild it either ({exc})") from exc
    try:
        with pdf:
            problems = [w.replace(str(path), path.name) for w in pdf.get_warnings()]
            try:
                # page objects left in the bytes count too: qpdf rebuilds /Count from the pages it could reach
                declared = max(int(pdf.Root.Pages.get("/Count", 0)), len(_PAGE_OBJECT.findall(path.read_bytes())))
                fixed = [i + 1 for i, page in enumerate(pdf.pages) if _fix_boxes(page)]
                lost = [i + 1 for i, page in enumerate(pdf.pages) if _content_lost(page)]
            except (pikepdf.PdfError, AttributeError, TypeError, ValueError) as exc:
                raise CorruptPDF(f"{path.name}: {cause}; qpdf found no usable page tree ({exc})") from exc
            if not pdf.pages:
                raise CorruptPDF(f"{path.name}: {cause}; no page survived")
            out = folder / "repaired.pdf"
            pdf.save(out)
            return Repair(path=out, pages=len(pdf.pages), declared_pages=declared, lost_content=lost,
                          fixed_boxes=fixed, problems=problems)
    except pikepdf.PdfError as exc:  # qpdf gave up while writing the rebuilt copy
        raise CorruptPDF(f"{path.name}: {cause}; qpdf could not write a rebuilt copy ({exc})") from exc


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


def _covered_share(page: pdfium.PdfPage, share: float = 0.8) -> float:
    """Share of text objects painted before (so under) an image that covers the page: a scan laid over its
    own OCR text, which a reader never sees."""
    width, height = page.get_size()
    kinds = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = obj.get_bounds()
            kinds.append("cover" if (right - left) * (top - bottom) >= share * width * height else "image")
        else:
            kinds.append("text")
    if "cover" not in kinds or "text" not in kinds:
        return 0.0
    last_cover = len(kinds) - 1 - kinds[::-1].index("cover")
    return kinds[:last_cover].count("text") / kinds.count("text")


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
        elif reason is None and _covered_share(page) > 0.5:
            reason = "text hidden under a page image"
        return ("garbage", reason) if reason else ("text", None)
    has_image = next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2), None) is not None
    return ("image" if has_image else "blank"), None


def ingest(path: Path, log: StageLog, source: Path | None = None) -> IngestedPDF:
    """Open and classify `path`; `source` is the file as given when `path` is its repaired copy."""
    source = source or path
    try:
        digest = sha256_of(source)
    except OSError as exc:  # missing, a folder, no permission: the document's own error, not a bug
        raise Unreadable(f"{source.name}: {exc.strerror or exc}") from exc
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
        log.warn(W_NO_TEXT_LAYER, f"{len(images)} page(s) without a text layer: {images[:20]}")
    for reason, pages in reasons.items():
        log.warn(W_UNUSABLE_TEXT, f"{len(pages)} page(s) with an unusable text layer ({reason}), read by OCR: "
                 f"{pages[:20]}")
    return IngestedPDF(path=path, doc_id=source.stem, sha256=digest, pages=n, page_kinds=kinds)
