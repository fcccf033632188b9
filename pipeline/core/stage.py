"""Stage bookkeeping: every stage records its wall time and warnings."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from iku.schemas import RecordWarning, StageRecord


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
