"""Stage 7, validate: the Decree must satisfy the schema and a few domain checks.

Schema violations are bugs (pydantic raises); domain problems become warnings and
turn the status to "partial" so a reviewer knows where to look.
"""

from __future__ import annotations

import re

from iku.core.errors import (
    W_INDIKATOR_EMPTY,
    W_NIP_MALFORMED,
    W_NO_INDICATORS,
    W_PERIOD_BACKWARDS,
    W_SIGNATORY_DOUBTFUL,
)
from iku.core.settings import Settings
from iku.core.stage import StageLog
from iku.schemas import Decree


def validate(decree: Decree, log: StageLog, settings: Settings) -> Decree:
    decree = Decree.model_validate(decree.model_dump())
    doubtful = settings.signatory_doubtful_conf
    problems: list[tuple[str, str, int | None]] = []  # code, message, page
    if not decree.indicators and decree.document_type:
        problems.append((W_NO_INDICATORS, "the decree names IKU/IKI but no indicator table was read", None))
    if decree.signatory.nip and not re.fullmatch(r"\d{18}", decree.signatory.nip):
        problems.append((W_NIP_MALFORMED, "signatory NIP is not 18 digits", None))
    if (name := decree.metadata_provenance.get("signatory_name")) and name.confidence < doubtful:
        problems.append((W_SIGNATORY_DOUBTFUL, f"signatory name read with low confidence ({name.confidence:.2f})",
                         name.page))
    if decree.period_start and decree.period_end and decree.period_start > decree.period_end:
        problems.append((W_PERIOD_BACKWARDS, f"period {decree.period_start}-{decree.period_end} runs backwards", None))
    for ind in decree.indicators:
        if len(ind.indikator) < 3:
            problems.append((W_INDIKATOR_EMPTY, f"row {ind.row}: indikator is nearly empty", ind.page))
    for code, message, page in problems:
        log.warn(code, message, page)
    if problems and decree.status == "ok":
        decree.status = "partial"
    return decree
