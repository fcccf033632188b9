"""The pipeline wired end to end: one PDF -> one Decree, and a batch -> outputs/.

ingest -> text/layout -> tables -> sections -> rows -> normalise (formulas, metadata)
-> validate -> export. A failure becomes the document's record; the batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from pdfplumber.utils.exceptions import PdfminerException

from pipeline import __version__
from pipeline.corrections import apply_to_outputs
from pipeline.errors import CorruptPDF, ExtractionError, MemoryLimit
from pipeline.export import write_analysis, write_json, write_parquet
from pipeline.ingest import find_pdfs, ingest, sha256_of
from pipeline.layout import PageLayout
from pipeline.metadata import build_metadata
from pipeline.normalise import normalise_rows
from pipeline.rows import build_rows
from pipeline.sections import read_sections
from pipeline.stage import Trace
from pipeline.tables import find_tables
from pipeline.text import read_layout
from pipeline.validate import validate
from schemas import Decree, PageInfo

log = logging.getLogger("iku")


def page_info(page: PageLayout, ingest_kind: str) -> PageInfo:
    ocr = [w.conf for w in page.words if w.conf < 1.0] if page.ocr_words else []
    source = {"text": "text", "ocr": "ocr", "blank": "blank"}.get(page.kind, "image-only")
    return PageInfo(page=page.number, source="blank" if ingest_kind == "blank" else source, rotation=page.rotation,
                    skew=page.skew, ocr_words=page.ocr_words,
                    ocr_confidence=round(sum(ocr) / len(ocr), 3) if ocr else None)


def extract(path: str | Path) -> Decree:
    """Extract one decree PDF. Never raises for bad input: the error is on the record."""
    path = Path(path)
    trace = Trace()
    decree = Decree(pipeline_version=__version__, doc_id=path.stem, source_file=str(path))
    try:
        with trace.stage("ingest") as st:
            doc = ingest(path, st)
        decree.sha256, decree.pages, decree.input_kind = doc.sha256, doc.pages, doc.input_kind
        with trace.stage("text") as st:
            pages = read_layout(doc, st)
        decree.page_info = [page_info(p, doc.page_kinds[p.number - 1]) for p in pages]
        with trace.stage("tables") as st:
            runs = find_tables(pages, st)
        with trace.stage("sections") as st:
            text = read_sections(pages, runs, st)
        with trace.stage("rows") as st:
            default_level = "IKU" if any(a.level == "IKU" for a in text.anchors) and not any(
                a.level == "IKI" for a in text.anchors) else "IKI"
            rows = build_rows(runs, text.anchors, default_level, st)
        with trace.stage("normalise") as st:
            decree.indicators = normalise_rows(rows, st)
            first_table = (runs[0].page, runs[0].top) if runs else None
            md = build_metadata(text, first_table, {r.level for r in rows}, st)
            for name in ("kecamatan", "kabupaten", "provinsi", "region_code", "document_type", "title",
                         "period_start", "period_end", "decree_number", "decree_date", "decree_date_text", "place"):
                setattr(decree, name, getattr(md, name))
            decree.signatory = md.signatory
            decree.legal_basis = md.legal_basis or []
            decree.diktum = md.diktum or []
            decree.menimbang = md.menimbang or []
            decree.metadata_provenance = md.provenance or {}
            decree.positions = text.positions
            if doc.has_ocr_pages and not any(p.kind == "ocr" for p in pages):
                decree.status = "partial"  # scanned pages could not be read (no tesseract)
        with trace.stage("validate") as st:
            decree = validate(decree, st)
    except ExtractionError as exc:
        decree.status, decree.error, decree.error_code = "failed", str(exc), exc.code
    except PdfminerException as exc:  # pdfminer gave up on the structure (an xref chain that loops, ...)
        err = CorruptPDF(f"{path.name}: {exc}")
        decree.status, decree.error, decree.error_code = "failed", str(err), err.code
    except MemoryError:  # the worker's memory limit (pipeline.batch): this document only
        err = MemoryLimit(path.name)
        decree.status, decree.error, decree.error_code = "failed", str(err), err.code
    except Exception as exc:  # an unexpected failure costs this document only
        log.exception("unexpected failure on %s", path)
        decree.status, decree.error, decree.error_code = "failed", f"internal: {type(exc).__name__}: {exc}", "E000"
    if decree.sha256 is None and path.is_file():
        try:
            decree.sha256 = sha256_of(path)
        except OSError:
            pass
    decree.stages = trace.records
    decree.warnings = trace.warnings
    return decree


def extract_batch(inputs: list[Path], out_dir: Path,
                  on_done: Callable[[Decree], None] | None = None) -> list[Decree]:
    """Extract every PDF under `inputs` into out_dir: json/<stem>.json per document, then the Parquet tables."""
    out_dir.mkdir(parents=True, exist_ok=True)
    decrees = []
    for pdf in find_pdfs(inputs):
        decree = extract(pdf)
        write_json(decree, out_dir)
        decrees.append(decree)
        if on_done:
            on_done(decree)
    decrees = apply_to_outputs(out_dir, decrees)  # the human corrections logged in out_dir
    write_parquet(decrees, out_dir)
    write_analysis(decrees, out_dir)
    return decrees
