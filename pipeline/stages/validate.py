"""Stage 7, validate: the Decree must satisfy the schema and a few domain checks.

Schema violations are bugs (pydantic raises); domain problems become warnings and
turn the status to "partial" so a reviewer knows where to look.
"""

from __future__ import annotations

import re

from iku.core.stage import StageLog
from iku.schemas import Decree


def validate(decree: Decree, log: StageLog) -> Decree:
    decree = Decree.model_validate(decree.model_dump())
    problems = []
    if not decree.indicators and decree.document_type:
        problems.append("the decree names IKU/IKI but no indicator table was read")
    if decree.signatory.nip and not re.fullmatch(r"\d{18}", decree.signatory.nip):
        problems.append("signatory NIP is not 18 digits")
    if decree.period_start and decree.period_end and decree.period_start > decree.period_end:
        problems.append(f"period {decree.period_start}-{decree.period_end} runs backwards")
    for ind in decree.indicators:
        if len(ind.indikator) < 3:
            problems.append(f"row {ind.row}: indikator is nearly empty")
    for p in problems:
        log.warn(p)
    if problems and decree.status == "ok":
        decree.status = "partial"
    return decree
