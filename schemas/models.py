"""The data contract: what one decree PDF becomes.

Domain field names keep the Indonesian terms users know (sasaran, indikator,
sumber_data, penanggung_jawab); everything around them is English.
Every extracted value carries a Provenance so a reviewer can find it on the page.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.2"  # 1.2: warnings are typed items with codes

Level = Literal["IKU", "IKI"]
InputKind = Literal["digital", "scanned", "mixed"]
Status = Literal["ok", "partial", "failed"]


def _round_bbox(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    # PDF points to 1/100: finer is noise from the PDF readers, and it keeps the outputs small and stable
    return (round(b[0], 2), round(b[1], 2), round(b[2], 2), round(b[3], 2))


BBox = Annotated[tuple[float, float, float, float], AfterValidator(_round_bbox)]
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2})?")


def split_date(iso: str | date | None) -> tuple[date | None, str | None]:
    """An ISO date at the precision printed -> (the date when the day is known, else "YYYY-MM" / "YYYY")."""
    if iso is None or isinstance(iso, date):
        return iso, None
    if _PARTIAL_DATE.fullmatch(iso):
        return None, iso
    return date.fromisoformat(iso), None


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
    target_value: float | None = Field(
        default=None, description="a one-value target read as a number with Indonesian separators ('82,5' -> 82.5, "
        "'1.250' -> 1250); null when the cell holds no number, several, or one per year (see targets.parquet)")
    target_unit: str | None = Field(default=None, description="the unit printed with the target ('%', 'Dokumen')")
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


_OLD_WARNING = re.compile(r"(?:(?P<stage>[a-z_]+): )?(?:(?P<code>W\d{3})\b:?\s*)?(?P<message>.*)", re.S)
_PAGE = re.compile(r"page (\d+)\b")


class RecordWarning(_Model):
    """Something the reading lost, doubted or changed, with a numbered code (pipeline/core/errors.py: WARNINGS)."""

    code: str = Field(pattern=r"^W\d{3}$", description="W101 ... W603; W000 for a warning of an older record")
    message: str = Field(description="what happened, in English")
    page: int | None = Field(default=None, ge=1, description="the page it concerns, when one")
    stage: str | None = Field(default=None, description="the stage that said it (ingest, text, tables, ...)")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        # records written before warnings were typed hold strings ("text: W301 page 3: could not be read ..."):
        # the code from a leading Wnnn (else W000), the stage from its "name: " prefix, the page from "page N"
        if not isinstance(data, str):
            return data
        m = _OLD_WARNING.fullmatch(data)
        page = _PAGE.match(m["message"])
        return {"code": m["code"] or "W000", "message": m["message"], "stage": m["stage"],
                "page": int(page[1]) if page and int(page[1]) >= 1 else None}

    def __str__(self) -> str:
        return f"{self.code} {self.message}"


class StageRecord(_Model):
    name: str
    seconds: float
    warnings: list[RecordWarning] = Field(default_factory=list)


class Decree(_Model):
    """One decree PDF: its metadata, its indicator rows with provenance, and how it was read."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="version of this contract")
    pipeline_version: str = Field(description="iku-extract version + fingerprint of the build that made the record")
    doc_id: str = Field(description="the PDF's stem; plus 12 hex digits of its sha256 when two files share a stem")
    source_file: str = Field(description="path of the PDF as given")
    sha256: str | None = Field(default=None, description="SHA-256 of the file's bytes")
    pages: int = Field(default=0, description="number of pages")
    input_kind: InputKind | None = Field(default=None, description="digital, scanned or mixed pages")
    page_info: list[PageInfo] = Field(default_factory=list, description="how each page was read")
    status: Status = Field(default="ok", description="ok; partial when something was lost (see warnings); failed")
    error: str | None = Field(default=None, description="why the document failed, with what to do")
    error_code: str | None = Field(default=None, description="E101 ... E203, E000 (pipeline/errors.py)")
    document_type: Literal["IKU", "IKI", "IKU+IKI", "PK", "RKT", "Renstra", "Renja", "DPA"] | None = Field(
        default=None, description="IKU / IKI decree or sheet, Perjanjian Kinerja, Rencana Kinerja Tahunan, "
        "Rencana Strategis, Rencana Kerja or Dokumen Pelaksanaan Anggaran (a budget form whose activities have "
        "performance targets)")
    title: str | None = Field(default=None, description="the TENTANG title as printed")
    issuer_name: str | None = Field(default=None, description="the issuing unit's name as printed")
    issuer_kind: str | None = Field(default=None, description="kecamatan, dinas, badan, biro, bidang, ... "
                                    "(pipeline/data/issuers.toml)")
    kecamatan: str | None = Field(default=None, description="only when the issuer is a kecamatan")
    kabupaten: str | None = Field(default=None, description="kabupaten or kota")
    provinsi: str | None = Field(default=None, description="from the Kemendagri gazetteer")
    region_code: str | None = Field(default=None, description="Kemendagri code, e.g. 36.04.09")
    period_start: int | None = Field(default=None, description="first year the indicators cover")
    period_end: int | None = Field(default=None, description="last year the indicators cover")
    decree_number: str | None = Field(default=None, description="Nomor as printed")
    decree_date: date | None = Field(default=None, description="date of the decree (ISO 8601 yyyy-mm-dd); null "
                                     "when the printed date has no day (see decree_date_partial)")
    decree_date_partial: str | None = Field(
        default=None, pattern=r"^\d{4}(-\d{2})?$",
        description="yyyy-mm or yyyy when the printed date has no day (\"Januari 2022\"), else null")
    decree_date_text: str | None = Field(default=None, description="the date as printed")
    place: str | None = Field(default=None, description="Ditetapkan di: where the decree was signed")
    signatory: Signatory = Field(default_factory=Signatory, description="the Camat (or head) who signed")
    co_signatory: Signatory | None = Field(
        default=None, description="the other party of a Perjanjian Kinerja (the superior who signs beside)")
    legal_basis: list[LegalReference] = Field(default_factory=list, description="Mengingat items as printed")
    diktum: list[str] = Field(default_factory=list, description="KESATU, KEDUA, ... items as printed")
    menimbang: list[str] = Field(default_factory=list, description="Menimbang items as printed")
    positions: list[Position] = Field(default_factory=list, description="position blocks: jabatan, tugas, fungsi")
    indicators: list[Indicator] = Field(default_factory=list, description="indicator rows, in document order")
    metadata_provenance: dict[str, Provenance] = Field(default_factory=dict,
                                                       description="page and bbox of each metadata field")
    warnings: list[RecordWarning] = Field(default_factory=list,
                                          description="what was lost, doubted or changed, each with its code")
    stages: list[StageRecord] = Field(default_factory=list, description="seconds and warnings of each stage")
    corrections: list[AppliedCorrection] = Field(
        default_factory=list, description="human corrections applied (OUT/corrections.jsonl); empty as extracted")

    @model_validator(mode="before")
    @classmethod
    def _partial_date(cls, data: Any) -> Any:
        # records of schema 1.0 (and callers) give "2022-01" as decree_date: the day-less part moves over
        if isinstance(data, dict) and isinstance(data.get("decree_date"), str):
            full, partial = split_date(data["decree_date"])
            data = {**data, "decree_date": full, "decree_date_partial": partial or data.get("decree_date_partial")}
        return data

    @property
    def decree_date_iso(self) -> str | None:
        """The date at the precision printed: yyyy-mm-dd, yyyy-mm or yyyy."""
        return self.decree_date.isoformat() if self.decree_date else self.decree_date_partial
