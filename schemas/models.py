"""The data contract: what one decree PDF becomes.

Domain field names keep the Indonesian terms users know (sasaran, indikator,
sumber_data, penanggung_jawab); everything around them is English.
Every extracted value carries a Provenance so a reviewer can find it on the page.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"

Level = Literal["IKU", "IKI"]
InputKind = Literal["digital", "scanned", "mixed"]
Status = Literal["ok", "partial", "failed"]
BBox = tuple[float, float, float, float]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Provenance(_Model):
    """Where a value was read: 1-based page and bbox (x0, top, x1, bottom) in PDF points."""

    page: int = Field(ge=1)
    bbox: BBox | None = None
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)


class PageInfo(_Model):
    """How one page was read, so a reviewer knows which values came from OCR."""

    page: int = Field(ge=1)
    source: Literal["text", "ocr", "image-only", "blank"] = Field(
        description="text layer, OCR of the page image, image left unread (no Tesseract), or blank")
    rotation: int = Field(default=0, description="clockwise degrees the page image was turned to read it upright")
    skew: float = Field(default=0.0, description="degrees of skew corrected before OCR")
    ocr_confidence: float | None = Field(default=None, description="mean Tesseract word confidence, 0-1")
    ocr_words: int = Field(default=0, description="words read by OCR (whole page or images pasted on a text page)")


class FormulaConstant(_Model):
    """A number printed inside a formula, e.g. the fixed denominator "14 desa" or the IKM factor 25."""

    text: str
    value: float
    unit: str | None = None
    role: Literal["numerator", "denominator", "multiplier", "term"]


class Formula(_Model):
    """A formula cell: `text` is the linear reading, `raw` the cell as printed.

    kind: ratio (A / B), count (a number of things, no operator), index (an index such as IKM scaled by a
    factor), difference (A - B), score (a weighted or averaged value, e.g. "(A : B) x nilai tertimbang"),
    text (words without a readable structure), empty.
    """

    text: str
    raw: str
    kind: Literal["ratio", "count", "index", "difference", "score", "text", "empty"] = "text"
    style: Literal["stacked", "underline", "dashes", "inline", "words", "none"] = "none"
    numerator: str | None = None
    denominator: str | None = None
    multiplier: str | None = None
    unit: str | None = Field(default=None, description="unit of the result: '%' for x 100%, else None")
    constants: list[FormulaConstant] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list, description="operands of a difference (A - B), in order")
    parts: list[Formula] = Field(default_factory=list, description="each formula of a cell holding several")


class Signatory(_Model):
    name: str | None = None
    rank: str | None = None
    nip: str | None = Field(default=None, description="18 digits, spaces removed")
    nip_printed: str | None = None
    title: str | None = None
    provenance: Provenance | None = None


class LegalReference(_Model):
    """One Mengingat item as printed (number marker removed)."""

    marker: str | None = None
    text: str
    provenance: Provenance | None = None


class Position(_Model):
    jabatan: str | None = None
    level: Level
    tugas: str | None = None
    fungsi: list[str] = Field(default_factory=list)
    eselon: str | None = None
    provenance: Provenance | None = None


class Indicator(_Model):
    row: int = Field(description="1-based order of the row in the document")
    level: Level
    jabatan: str | None = None
    sasaran: str | None = None
    indikator: str
    definisi: str | None = None
    formula: Formula | None = None
    satuan: str | None = None
    target: str | dict[str, str] | None = Field(
        default=None, description="one value, or a year -> value mapping when the table has one column per year"
    )
    sumber_data: str | None = Field(default=None, description="resolved: 'sda' replaced by the value above")
    sumber_data_raw: str | None = Field(default=None, description="the cell as printed")
    penanggung_jawab: str | None = None
    page: int = Field(ge=1)
    bbox: BBox | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    cells: dict[str, Provenance] = Field(default_factory=dict, description="per-field provenance")
    columns: list[str] = Field(default_factory=list, description="printed header labels of the source table")


class AppliedCorrection(_Model):
    """A human correction from OUT/corrections.jsonl applied to this decree; `original` is the extracted value."""

    id: str
    who: str | None = None
    when: str | None = None
    action: Literal["set", "delete", "add"] = "set"
    row: int | None = Field(default=None, description="the row in this (corrected) decree; None for metadata")
    field: str | None = None
    original: str | None = None
    value: str | None = None


class StageRecord(_Model):
    name: str
    seconds: float
    warnings: list[str] = Field(default_factory=list)


class Decree(_Model):
    schema_version: str = SCHEMA_VERSION
    pipeline_version: str
    doc_id: str
    source_file: str
    sha256: str | None = None
    pages: int = 0
    input_kind: InputKind | None = None
    page_info: list[PageInfo] = Field(default_factory=list)
    status: Status = "ok"
    error: str | None = None
    error_code: str | None = None
    document_type: Literal["IKU", "IKI", "IKU+IKI", "PK", "RKT", "Renstra", "Renja"] | None = Field(
        default=None, description="IKU / IKI decree or sheet, Perjanjian Kinerja, Rencana Kinerja Tahunan, "
        "Rencana Strategis or Rencana Kerja")
    title: str | None = None
    issuer_name: str | None = Field(default=None, description="the issuing unit's name as printed")
    issuer_kind: str | None = Field(default=None, description="kecamatan, dinas, badan, biro, bidang, ... "
                                    "(pipeline/data/issuers.toml)")
    kecamatan: str | None = Field(default=None, description="only when the issuer is a kecamatan")
    kabupaten: str | None = None
    provinsi: str | None = None
    region_code: str | None = Field(default=None, description="Kemendagri code, e.g. 36.04.09")
    period_start: int | None = None
    period_end: int | None = None
    decree_number: str | None = None
    decree_date: str | None = Field(default=None, description="ISO date; YYYY-MM when the day is left blank")
    decree_date_text: str | None = None
    place: str | None = None
    signatory: Signatory = Field(default_factory=Signatory)
    co_signatory: Signatory | None = Field(
        default=None, description="the other party of a Perjanjian Kinerja (the superior who signs beside)")
    legal_basis: list[LegalReference] = Field(default_factory=list)
    diktum: list[str] = Field(default_factory=list)
    menimbang: list[str] = Field(default_factory=list, description="Menimbang items as printed")
    positions: list[Position] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    metadata_provenance: dict[str, Provenance] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)
    stages: list[StageRecord] = Field(default_factory=list)
    corrections: list[AppliedCorrection] = Field(
        default_factory=list, description="human corrections applied (OUT/corrections.jsonl); empty as extracted")
