"""A small fixed set of failure categories, mapped at intake.

The raw libraries fail in unhelpful ways (pdfplumber raises an exception with an
empty message on a wrong password, camelot a bare IndexError on a truncated file),
so every failure is turned into one of these before it reaches a document record.
"""

from __future__ import annotations

import re


class ExtractionError(Exception):
    code = "E000"
    category = "internal"
    hint = "This is a bug in iku-extract; please report it with the file."

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(str(self))

    def __str__(self) -> str:
        detail = self.detail.rstrip(". ")
        text = f"{self.category}: {detail}" if detail else self.category
        return f"{text}. {self.hint}"


class NotAPDF(ExtractionError):
    code, category = "E101", "not_a_pdf"
    hint = "The file does not start with a PDF header; check that it is a PDF and not HTML, an image or an archive."


class EmptyFile(ExtractionError):
    code, category = "E102", "empty_file"
    hint = "The file has zero bytes; download or copy it again."


class CorruptPDF(ExtractionError):
    code, category = "E103", "corrupt_pdf"
    hint = "The PDF structure is damaged beyond what qpdf could rebuild; download or copy the file again."


class EncryptedPDF(ExtractionError):
    code, category = "E104", "encrypted_pdf"
    hint = "The PDF needs a password to open; decrypt it (qpdf --decrypt --password=...) and run again."


class NoPages(ExtractionError):
    code, category = "E105", "no_pages"
    hint = "The PDF has no pages."


class Unreadable(ExtractionError):
    code, category = "E106", "unreadable_file"
    hint = "The file could not be read (missing, moved, a folder, or no permission); check the path."


class Timeout(ExtractionError):
    code, category = "E201", "timeout"
    hint = "The document took longer than its time limit; raise --timeout or check the file."


class WorkerCrashed(ExtractionError):
    code, category = "E202", "worker_crashed"
    hint = ("The process reading this document died (a crash inside a PDF library, or killed by the system); "
            "the rest of the batch went on. Check the file, then retry with --retry-failed.")


class MemoryLimit(ExtractionError):
    code, category = "E203", "memory_limit"
    hint = "The document needed more memory than its limit; raise --max-memory or check the file (a huge image?)."


# Warning codes: the first word of a warning that says content was lost or not read, so a reviewer (or a
# script) can sort records by what went wrong without parsing English.
W_REPAIRED = "W101"  # the file was damaged and rebuilt with qpdf before reading
W_PAGE_UNREAD = "W301"  # a page could not be read (OCR, the lexicon or a PDF library failed on it)
W_OCR_UNAVAILABLE = "W302"  # Tesseract or its language data is missing: image pages left unread



def warning_codes(warnings: list[str]) -> set[str]:
    """The codes in a record's warnings ("text: W302 tesseract ..." -> W302)."""
    return {m[1] for w in warnings if (m := re.match(r"(?:\w+: )?(W\d{3})\b", w))}


PDF_LIBRARIES = frozenset({"pdfminer", "pdfplumber", "pypdfium2", "pypdfium2_raw", "pikepdf", "camelot"})


def _module(frame_globals: dict) -> str:
    return str(frame_globals.get("__name__", "")).split(".")[0]


def from_pdf_library(exc: BaseException) -> bool:
    """True when `exc` came out of a PDF library working on the file, not out of our own code.

    Either its type is the library's, or the innermost frame that is ours or a PDF library's is the library's
    (pdfminer raises bare TypeError, KeyError, AssertionError ... on malformed objects); frames of the
    standard library and others in between do not count."""
    if type(exc).__module__.split(".")[0] in PDF_LIBRARIES:
        return True
    last = None
    tb = exc.__traceback__
    while tb is not None:
        module = _module(tb.tb_frame.f_globals)
        if module in PDF_LIBRARIES or module == "iku":
            last = module
        tb = tb.tb_next
    return last in PDF_LIBRARIES


class BatchError(RuntimeError):
    """The batch cannot start (the output folder is busy, the cluster cannot isolate documents)."""
