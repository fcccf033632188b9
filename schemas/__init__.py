"""pydantic models that define the output contract; JSON Schema lives beside them."""

from pathlib import Path

from iku.schemas.models import (
    SCHEMA_VERSION,
    Decree,
    Formula,
    FormulaConstant,
    Indicator,
    LegalReference,
    PageInfo,
    Position,
    Provenance,
    RecordWarning,
    Signatory,
    StageRecord,
)

SCHEMA_DIR = Path(__file__).parent
EXPORTED = {"decree": Decree}

__all__ = [
    "EXPORTED",
    "SCHEMA_DIR",
    "SCHEMA_VERSION",
    "Decree",
    "Formula",
    "FormulaConstant",
    "Indicator",
    "LegalReference",
    "PageInfo",
    "Position",
    "Provenance",
    "RecordWarning",
    "Signatory",
    "StageRecord",
    "json_schema",
]


def json_schema(name: str = "decree") -> dict:
    return EXPORTED[name].model_json_schema()
