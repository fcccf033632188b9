"""Stage bookkeeping: what one document is read with (`Context`: its Settings, the open PDF, the OCR time it
cost) and what every stage records (`Trace`: its wall time and warnings).

The runtime makes one Context per document (iku.runtime.document) and passes it down to the stages that need
it, so nothing about a run lives in module globals: two documents read side by side with other settings do not
see each other's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from iku.core.settings import Settings
from iku.schemas import RecordWarning, StageRecord


@dataclass
class OcrStats:
    """Wall time spent inside Tesseract (its processes or its C API), for `make bench`: time outside it is ours to
    speed up; summed over the threads reading pages at once. `passes`: seconds per pass of the page reading
    (render, orientation, deskew, rules, page OCR, cell re-reads, unread blocks, signature re-reads)."""

    tesseract_seconds: float = 0.0
    tesseract_calls: int = 0
    passes: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def count(self, seconds: float) -> None:
        with self._lock:
            self.tesseract_seconds += seconds
            self.tesseract_calls += 1

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            with self._lock:
                self.passes[name] = self.passes.get(name, 0.0) + time.perf_counter() - start


@dataclass
class Context:
    """What one document is read with. `pdf` is the document opened with pdfium for rendering (by the text
    stage, which closes it); `page_threads` the scanned pages read at once (the batch's spare cores)."""

    settings: Settings
    page_threads: int = 1
    stats: OcrStats = field(default_factory=OcrStats)
    pdf: pdfium.PdfDocument | None = None

    @property
    def dpi(self) -> int:
        return self.settings.dpi


@dataclass
class StageLog:
    name: str
    warnings: list[RecordWarning] = field(default_factory=list)

    def warn(self, code: str, message: str, page: int | None = None) -> None:
        """A warning with its code (iku.core.errors.WARNINGS) and the page it concerns, when one."""
        self.warnings.append(RecordWarning(code=code, message=message, page=page, stage=self.name))


@dataclass
class Trace:
    """Collects one StageRecord per stage run for a document."""

    records: list[StageRecord] = field(default_factory=list)

    @contextmanager
    def stage(self, name: str) -> Iterator[StageLog]:
        log = StageLog(name)
        start = time.perf_counter()
        try:
            yield log
        finally:
            self.records.append(StageRecord(name=name, seconds=round(time.perf_counter() - start, 4),
                                            warnings=log.warnings))

    @property
    def warnings(self) -> list[RecordWarning]:
        return [w for r in self.records for w in r.warnings]
