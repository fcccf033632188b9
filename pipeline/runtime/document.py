"""The pipeline wired end to end: one PDF -> one Decree, and a batch -> outputs/.

ingest -> text/layout -> tables -> sections -> rows -> normalise (formulas, metadata)
-> validate -> export. A failure becomes the document's record; the batch goes on.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from iku.core.build import build_id
from iku.core.errors import W_PAGE_UNREAD, W_REPAIRED, CorruptPDF, ExtractionError, MemoryLimit, from_pdf_library
from iku.core.files import write_json
from iku.core.layout import PageLayout
from iku.core.settings import Settings
from iku.core.stage import Context, Trace
from iku.resources.lexicon import lexicon_for
from iku.resources.vocab import headers
from iku.schemas import Decree, PageInfo
from iku.stages.ingest import IngestedPDF, find_pdfs, ingest, repair_pdf, sha256_of
from iku.stages.metadata import build_metadata
from iku.stages.normalise import normalise_rows
from iku.stages.rows import RawRow, build_rows
from iku.stages.sections import DocumentText, read_sections
from iku.stages.tables import TableRun, find_tables
from iku.stages.text import read_layout
from iku.stages.validate import validate

log = logging.getLogger("iku")


def page_info(page: PageLayout, ingest_kind: str) -> PageInfo:
    ocr = [w.conf for w in page.words if w.conf < 1.0] if page.ocr_words else []
    source = {"text": "text", "ocr": "ocr", "blank": "blank"}.get(page.kind, "image-only")
    return PageInfo(page=page.number, source="blank" if ingest_kind == "blank" else source, rotation=page.rotation,
                    skew=page.skew, ocr_words=page.ocr_words,
                    ocr_confidence=round(sum(ocr) / len(ocr), 3) if ocr else None)


def _new_decree(path: Path) -> Decree:
    return Decree(pipeline_version=build_id(), doc_id=path.stem, source_file=str(path))


@dataclass
class _Attempt:
    """The record and stage log being filled: what a failure leaves is kept for the failed record."""

    decree: Decree
    trace: Trace = field(default_factory=Trace)


@dataclass
class Seen:
    """What the stages made of one PDF before its record is filled: `iku debug` draws it."""

    doc: IngestedPDF
    pages: list[PageLayout]
    runs: list[TableRun]
    text: DocumentText
    rows: list[RawRow]
    unread: list[int]  # pages neither read from their text layer nor by OCR


def read_stages(path: Path, trace: Trace, ctx: Context, source: Path | None = None,
                decree: Decree | None = None) -> Seen:
    """ingest, text/layout, tables, sections and rows on `path` (the file itself, or its repaired copy);
    `decree` gets its file fields as soon as they are known, so a later failure's record keeps them."""
    decree = decree or _new_decree(path)
    with trace.stage("ingest") as st:
        doc = ingest(path, st, source or path)
    decree.sha256, decree.pages, decree.input_kind = doc.sha256, doc.pages, doc.input_kind
    with trace.stage("text") as st:
        pages = read_layout(doc, st, ctx)
        # a page neither read from its text layer nor by OCR (no tesseract, a failure on that page): its rows
        # are missing, so the record must not say "ok"
        unread = [p.number for p in pages if p.kind not in ("text", "ocr", "blank")]
        if unread:
            st.warn(W_PAGE_UNREAD, f"{len(unread)} page(s) not read: {unread[:20]}")
    decree.page_info = [page_info(p, doc.page_kinds[p.number - 1]) for p in pages]
    with trace.stage("tables") as st:
        runs = find_tables(pages, st, headers(ctx.settings.header_rules))
    with trace.stage("sections") as st:
        text = read_sections(pages, runs, st, lexicon_for(ctx.settings))
    with trace.stage("rows") as st:
        default_level = "IKU" if any(a.level == "IKU" for a in text.anchors) and not any(
            a.level == "IKI" for a in text.anchors) else "IKI"
        rows = build_rows(runs, text.anchors, default_level, st)
    return Seen(doc, pages, runs, text, rows, unread)


def _read(att: _Attempt, path: Path, source: Path, ctx: Context) -> None:
    """Every stage on `path` (the file itself, or its repaired copy)."""
    decree, trace = att.decree, att.trace
    seen = read_stages(path, trace, ctx, source, decree)
    runs, text, rows, unread = seen.runs, seen.text, seen.rows, seen.unread
    with trace.stage("normalise") as st:
        decree.indicators = normalise_rows(rows, st)
        first_table = (runs[0].page, runs[0].top) if runs else None
        build_metadata(text, first_table, {r.level for r in rows}, decree, st)
        if unread:
            decree.status = "partial"
    with trace.stage("validate") as st:
        att.decree = validate(decree, st, ctx.settings)


def _read_or_repair(att: _Attempt, path: Path, folder: Path, ctx: Context) -> None:
    """Read the file; if a PDF library cannot, rebuild it with qpdf and read the copy."""
    try:
        _read(att, path, path, ctx)
        return
    except Exception as exc:
        if not (isinstance(exc, CorruptPDF) or from_pdf_library(exc)) or isinstance(exc, MemoryError):
            raise
        cause = exc.detail.removeprefix(f"{path.name}: ") if isinstance(exc, CorruptPDF) else _describe(exc)
    att.decree, att.trace = _new_decree(path), Trace()
    with att.trace.stage("repair") as st:
        fixed = repair_pdf(path, folder, cause)
        st.warn(W_REPAIRED, fixed.summary(cause))
    _read(att, fixed.path, path, ctx)
    if fixed.lost_anything and att.decree.status == "ok":
        att.decree.status = "partial"


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


def _failure(exc: Exception, path: Path) -> ExtractionError:
    """The error category of a failure; E000 only for what is neither the file's nor the machine's fault."""
    if isinstance(exc, ExtractionError):
        return exc
    if isinstance(exc, MemoryError):  # the worker's memory limit (iku.runtime.batch): this document only
        return MemoryLimit(path.name)
    if from_pdf_library(exc):  # a PDF library failed on the repaired copy too: the file, not a bug
        return CorruptPDF(f"{path.name}: {_describe(exc)}")
    log.exception("unexpected failure on %s", path)  # costs this document only
    return ExtractionError(f"{path.name}: {_describe(exc)}")


def extract(path: str | Path, settings: Settings | None = None, *, page_threads: int = 1,
            ctx: Context | None = None) -> Decree:
    """Extract one decree PDF with `settings` (None: iku.core.settings.Settings.load(), the environment's).
    Never raises for bad input: the error is on the record. `ctx`, when given, is the context to read it in
    (its OCR time is there afterwards: bench/bench_ocr.py)."""
    path = Path(path)
    ctx = ctx or Context(settings or Settings.load(), page_threads=page_threads)
    att = _Attempt(_new_decree(path))
    try:
        with tempfile.TemporaryDirectory(prefix="iku-repair-") as folder:
            _read_or_repair(att, path, Path(folder), ctx)
    except Exception as exc:
        err = _failure(exc, path)
        att.decree.status, att.decree.error, att.decree.error_code = "failed", str(err), err.code
    decree, trace = att.decree, att.trace
    if decree.sha256 is None and path.is_file():
        try:
            decree.sha256 = sha256_of(path)
        except OSError:
            pass
    decree.stages = trace.records
    decree.warnings = trace.warnings
    return decree


def extract_batch(inputs: list[Path], out_dir: Path, on_done: Callable[[Decree], None] | None = None,
                  settings: Settings | None = None) -> list[Decree]:
    """Extract every PDF under `inputs` into out_dir: json/<stem>.json per document, then the folder's tables."""
    settings = settings or Settings.load()
    # imported here: the worker processes, which preload this module, never write the tables (pyarrow, DuckDB)
    from iku.export.corrections import apply_to_outputs
    from iku.runtime.outputs import rebuild_outputs

    out_dir.mkdir(parents=True, exist_ok=True)
    decrees = []
    for pdf in find_pdfs(inputs):
        decree = extract(pdf, settings)
        write_json(decree, out_dir)
        decrees.append(decree)
        if on_done:
            on_done(decree)
    decrees = apply_to_outputs(out_dir, decrees)  # the human corrections logged in out_dir
    rebuild_outputs(out_dir, settings)  # the folder's tables, these decrees included
    return decrees
