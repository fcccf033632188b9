"""A sample decree as data: samples/content/<id>.toml read into typed records.

A content file holds what the decree prints (letterhead, considerations, diktum, signatures, lampiran tables),
the metadata its gold states, and the layout choices that vary between Word exports (paper, fonts, margins,
column widths, header repetition). Its `[[front]]` and `[[closing]]` blocks are drawn in order by samples/kit/story.py;
its `[[section]]` tables are the lampiran, one indicator table each.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAME = "^"  # a cell merged with the one above (vertical SPAN)
STYLES = ("stack", "under", "dashes", "inline", "words", "plain")  # the ways a formula cell is drawn
MULTIPLIER = {"stack": "x 100%", "under": "X 100%", "dashes": "x 100%", "inline": "x 100%", "words": "dikali 100%"}


class _Same:
    """Marks a cell merged with the one above."""

    def __repr__(self) -> str:
        return "SAME"


S = _Same()


@dataclass(frozen=True)
class Formula:
    style: str  # one of STYLES
    num: str  # numerator, or the whole text for "plain"
    den: str = ""
    mult: str = ""  # multiplier as printed, e.g. "x 100 %"
    fill: str = "-"  # character of the "-----" rule for style "dashes"
    align: str = "left"  # alignment of the dashes line


Cell = str | Formula | _Same


@dataclass
class Section:
    level: str  # IKU | IKI
    jabatan: str | None
    columns: list[str]
    fields: list[str]
    rows: list[tuple[Cell, ...]]
    tugas: str = ""
    fungsi: list[str] = field(default_factory=list)
    fungsi_intro: str = ""  # "3. Untuk melaksanakan tugas ... fungsi :"
    heading: str = "INDIKATOR KINERJA INDIVIDU"
    numbering: list[str] | None = None  # "(1) (2) ..." row under the header
    intro: str = ""  # a line (reportlab markup) under the heading of a section without a jabatan
    heading_gap: float | None = None  # spacing overrides for this section
    labels_gap: float | None = None


@dataclass
class Lampiran:
    """How the lampiran draws its sections."""

    orientation: str  # portrait | landscape (stated in the gold; the page template comes from the front blocks)
    repeat_header: bool  # Word's "repeat as header row"
    widths: list[float]  # column widths as fractions of the frame
    labels: str = "grid"  # how Jabatan / Tugas / Fungsi print: see story.LABELS
    labels_width: float = 1.0
    shade: str | None = None  # header background
    heading_gap: float = 8
    labels_gap: float = 8
    keep_with_table: bool = False  # heading and labels move to the next page unless the first row fits
    new_page: bool = False  # every section after the first starts a page
    gap: float = 0  # space after each section


@dataclass
class Decree:
    id: str
    meta: dict[str, Any]
    legal_basis: list[str]
    layout: dict[str, Any]
    front: list[dict[str, Any]]
    lampiran: Lampiran
    sections: list[Section]
    closing: list[dict[str, Any]]
    scans: dict[str, str] = field(default_factory=dict)  # kind (scan.KINDS) -> file name in samples/scanned

    @property
    def signatory(self) -> dict[str, Any]:
        return self.meta["signatory"]


def formula(value: dict[str, Any]) -> Formula:
    """`formula.stack = [num, den]` (and `.mult`, `.fill`, `.align`), or `formula.plain = text`."""
    style = next(k for k in value if k in STYLES)
    if style == "plain":
        return Formula("plain", value["plain"])
    num, den = value[style]
    return Formula(style, num, den, value.get("mult", MULTIPLIER[style]), value.get("fill", "-"),
                   value.get("align", "left"))


def cell(value: Any) -> Cell:
    if value == SAME:
        return S
    return formula(value) if isinstance(value, dict) else value


def row_cells(row: dict[str, Any], fields: list[str]) -> tuple[Cell, ...]:
    """The cells of a row keyed by field, in column order; repeated target columns take a list in order."""
    targets = iter(row["target"] if isinstance(row.get("target"), list) else [row.get("target")])
    unknown = set(row) - set(fields)
    if unknown:
        raise ValueError(f"row {row} has fields no column holds: {sorted(unknown)}")
    return tuple(cell(next(targets) if f == "target" else row[f]) for f in fields)


def section(raw: dict[str, Any], defaults: dict[str, Any]) -> Section:
    merged = {k: raw.get(k, defaults.get(k)) for k in ("heading", "columns", "fields", "numbering")}
    rows = [row_cells(r, merged["fields"]) for r in raw.get("row", [])]
    return Section(
        raw["level"], raw.get("jabatan"), merged["columns"], merged["fields"], rows, raw.get("tugas", ""),
        raw.get("fungsi", []), raw.get("fungsi_intro", ""), merged["heading"], merged["numbering"],
        raw.get("intro", ""), raw.get("heading_gap"), raw.get("labels_gap"),
    )


TABLE_DEFAULTS = ("heading", "columns", "fields", "numbering")


def load(path: Path) -> Decree:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    lam = dict(raw["lampiran"])
    defaults = {k: lam.pop(k) for k in TABLE_DEFAULTS if k in lam}
    return Decree(
        id=raw["id"], meta=raw["meta"], legal_basis=raw["legal_basis"], layout=raw["layout"],
        front=raw.get("front", []), lampiran=Lampiran(**lam),
        sections=[section(s, defaults) for s in raw["section"]], closing=raw.get("closing", []),
        scans=raw.get("scans", {}),
    )
