"""A small fixed set of failure categories, mapped at intake.

The raw libraries fail in unhelpful ways (pdfplumber raises an exception with an
empty message on a wrong password, camelot a bare IndexError on a truncated file),
so every failure is turned into one of these before it reaches a document record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from iku.schemas import RecordWarning


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


# Warning codes: every warning on a record is a typed item {code, message, page, stage} (schemas.RecordWarning)
# whose code says what happened, so a reviewer (or a script) can sort records by it without parsing English.
# W1xx the file, W2xx how pages were read, W3xx content not read, W4xx the document's structure, W5xx its
# metadata, W6xx the record's final checks; W000 a warning of an older record that had no code.


@dataclass(frozen=True)
class WarningCode:
    code: str
    category: str
    meaning: str


WARNINGS: dict[str, WarningCode] = {w.code: w for w in (
    WarningCode("W000", "unclassified", "a warning of a record written before warnings had codes"),
    WarningCode("W101", "repaired", "the file was damaged and rebuilt with qpdf before reading"),
    WarningCode("W201", "no_text_layer", "pages without a text layer, read by OCR"),
    WarningCode("W202", "unusable_text_layer", "pages whose text layer is unusable, read by OCR"),
    WarningCode("W203", "page_turned", "a page stored sideways, turned upright"),
    WarningCode("W204", "ocr_corrected", "OCR words corrected against the lexicon (confidence lowered)"),
    WarningCode("W301", "page_unread", "a page could not be read (OCR, the lexicon or a PDF library failed on it)"),
    WarningCode("W302", "ocr_unavailable", "Tesseract or its language data is missing: image pages left unread"),
    WarningCode("W401", "no_decree_number", "a decree block without its Nomor line"),
    WarningCode("W402", "no_decree_header", "no KEPUTUSAN header: metadata from the letterhead, Lampiran, signatures"),
    WarningCode("W403", "table_skipped", "a ruled table without an indicator header was skipped"),
    WarningCode("W404", "sasaran_joined", "a sasaran split by a page break was joined"),
    WarningCode("W405", "ratio_unread", "a formula mentions 100% but no ratio was read"),
    WarningCode("W501", "region_unknown", "the region is not in the gazetteer"),
    WarningCode("W502", "nip_malformed", "the signatory's NIP does not have 18 digits"),
    WarningCode("W503", "signatory_doubtful", "the signatory's name was read with a low confidence (OCR)"),
    WarningCode("W504", "region_mended", "an OCR-read kecamatan is spelt as the gazetteer's nearest in its kabupaten"),
    WarningCode("W601", "no_indicators", "the document names IKU/IKI but no indicator table was read"),
    WarningCode("W602", "period_backwards", "the period's first year is after its last"),
    WarningCode("W603", "indikator_empty", "a row whose indikator is nearly empty"),
)}
W_REPAIRED, W_NO_TEXT_LAYER, W_UNUSABLE_TEXT, W_PAGE_TURNED, W_OCR_CORRECTED = "W101", "W201", "W202", "W203", "W204"
W_PAGE_UNREAD, W_OCR_UNAVAILABLE = "W301", "W302"
W_NO_NUMBER, W_NO_HEADER, W_TABLE_SKIPPED, W_SASARAN_JOINED, W_RATIO_UNREAD = "W401", "W402", "W403", "W404", "W405"
W_REGION_UNKNOWN, W_NIP_MALFORMED, W_SIGNATORY_DOUBTFUL, W_REGION_MENDED = "W501", "W502", "W503", "W504"
W_NO_INDICATORS, W_PERIOD_BACKWARDS, W_INDIKATOR_EMPTY = "W601", "W602", "W603"


def codes() -> dict[str, str]:
    """The one table of codes: every error (E...) and warning (W...) code with its category."""
    errors = {c.code: c.category for c in _subclasses(ExtractionError)}
    return {**errors, **{w.code: w.category for w in WARNINGS.values()}}


def _subclasses(cls: type) -> list[type]:
    return [cls] + [s for sub in cls.__subclasses__() for s in _subclasses(sub)]


def warning_codes(warnings: Iterable[RecordWarning | dict | str]) -> set[str]:
    """The codes of a record's warnings: typed items, their JSON, or the strings of older records
    ("text: W302 tesseract ..." -> W302)."""
    return {RecordWarning.model_validate(w).code for w in warnings}


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
