"""Stage 6, normalise: raw rows -> Indicator models (formula parsed, targets per year, provenance)."""

from __future__ import annotations

import re

from pipeline.formulas import parse_cells
from pipeline.rows import RawRow, row_bbox
from pipeline.stage import StageLog
from schemas import Indicator, Provenance


def clean(text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(r"\s+", " ", text).strip()


def _targets(row: RawRow) -> str | dict[str, str] | None:
    if not row.targets:
        return None
    if len(row.targets) == 1:
        return clean(next(iter(row.targets.values())))
    out: dict[str, str] = {}
    for label, value in row.targets.items():
        m = re.search(r"\b(19|20)\d\d\b", label)
        out[m.group(0) if m else label] = clean(value) or ""
    return out


def to_indicator(row: RawRow, number: int) -> Indicator:
    v = row.values
    page, bbox = row_bbox(row)
    cells = {f: Provenance(page=cs[0].page, bbox=cs[0].bbox, confidence=min(c.conf for c in cs))
             for f, cs in row.cells.items() if cs and f != "no"}
    formula = parse_cells(row.cells["formula"]) if "formula" in row.cells else None
    conf = min((p.confidence for p in cells.values()), default=1.0)
    if row.notes:  # joined across a page break, or resolved "sda": worth a look
        conf *= 0.95
    return Indicator(
        row=number, level=row.level, jabatan=clean(row.jabatan), sasaran=clean(v.get("sasaran")),
        indikator=clean(v["indikator"]) or "", definisi=clean(v.get("definisi")), formula=formula,
        satuan=clean(v.get("satuan")), target=_targets(row), sumber_data=clean(v.get("sumber_data")),
        sumber_data_raw=clean(row.raw.get("sumber_data", v.get("sumber_data"))),
        penanggung_jawab=clean(v.get("penanggung_jawab")), page=page, bbox=bbox, confidence=round(conf, 3),
        cells=cells, columns=row.labels,
    )


def normalise_rows(rows: list[RawRow], log: StageLog) -> list[Indicator]:
    out = []
    for i, row in enumerate(rows, start=1):
        ind = to_indicator(row, i)
        if ind.formula and ind.formula.kind == "text" and len(re.findall(r"\b100\s*%", ind.formula.text)) == 1:
            log.warn(f"row {i} (page {ind.page}): formula mentions 100% but no ratio was read")
        out.append(ind)
    return out
