"""Stage 6, normalise: raw rows -> Indicator models (formula parsed, targets per year, provenance)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from iku.core.errors import W_RATIO_UNREAD
from iku.core.numbers import parse_target
from iku.core.stage import StageLog
from iku.resources.vocab import SATUAN
from iku.schemas import Indicator, Provenance
from iku.stages.formulas import parse_cells
from iku.stages.rows import RawRow, row_bbox

_OCR_PERCENT = {"yo", "%o", "o/o", "0/0", "96", "9o", "y%"}  # how Tesseract reads a lone "%"
SATUAN_MIN_SIMILARITY = 75  # rapidfuzz ratio; "Pursan", "perseni" -> Persen, but not "Orang" -> "Rupiah"


def fix_satuan(text: str | None, conf: float) -> str | None:
    """An OCR-read unit that is close to exactly one known unit becomes that unit. Text-layer values,
    known units and anything longer than two words are left as printed."""
    if not text or conf >= 1.0 or len(text.split()) > 2 or any(text.lower() == u.lower() for u in SATUAN):
        return None
    if text.lower().replace(" ", "") in _OCR_PERCENT:
        return "%"
    best = process.extract(text, SATUAN, scorer=fuzz.ratio, processor=str.lower, limit=2)
    if best and best[0][1] >= SATUAN_MIN_SIMILARITY and (len(best) < 2 or best[1][1] < best[0][1]):
        return best[0][0]
    return None


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
        year = year_in_label(label) or label
        if out.get(year) and " ".join(label.split()) == year:
            continue  # a column named by the year alone (a gutter under "2016" beside its TARGET): not the target
        out[year] = clean(value) or ""
    return out


_LABEL_UNIT = re.compile(r"(?<=\w)\s*\(?\s*(%)\s*\)?\s*$")  # a target column's label ending in its unit


def year_in_label(label: str) -> str | None:
    """The year a target column's label names; its digits may be parted where a narrow column wrapped the
    year ("TARGET 202 / 4" reads "TARGET 202 4")."""
    for text in (label, re.sub(r"(?<=\d)\s+(?=\d)", "", label)):
        if m := re.search(r"(?<!\d)(19|20)\d\d(?!\d)", text):
            return m.group(0)
    return None


def to_indicator(row: RawRow, number: int) -> Indicator:
    v = row.values
    page, bbox = row_bbox(row)
    cells = {f: Provenance(page=cs[0].page, bbox=cs[0].bbox, confidence=min(c.conf for c in cs))
             for f, cs in row.cells.items() if cs and f != "no"}
    formula = parse_cells(row.cells["formula"]) if "formula" in row.cells else None
    satuan = clean(v.get("satuan"))
    fixed = fix_satuan(satuan, cells["satuan"].confidence) if "satuan" in cells else None
    if fixed:
        satuan = fixed
        cells["satuan"] = cells["satuan"].model_copy(update={"confidence": cells["satuan"].confidence * 0.85})
    conf = min((p.confidence for p in cells.values()), default=1.0)
    target = _targets(row)
    target_value, target_unit = parse_target(target) if isinstance(target, str) else (None, None)
    if satuan is None and "satuan" not in row.cells and target_unit and "target" in cells:
        # no Satuan column (many PK and RKT tables): the unit printed with the target ("10%", "73 orang")
        satuan, cells["satuan"] = target_unit, cells["target"]
    elif satuan is None and "satuan" not in row.cells and len(row.targets) == 1 and "target" in cells:
        # ... or with the target's label ("Target %", "Target (%)") over bare values ("55,56")
        if m := _LABEL_UNIT.search(next(iter(row.targets))):
            satuan, cells["satuan"] = m.group(1), cells["target"]
    if row.notes:  # joined across a page break, or resolved "sda": worth a look
        conf *= 0.95
    return Indicator(
        row=number, level=row.level, jabatan=clean(row.jabatan), sasaran=clean(v.get("sasaran")),
        indikator=clean(v["indikator"]) or "", definisi=clean(v.get("definisi")), formula=formula,
        satuan=satuan, target=target, target_value=target_value, target_unit=target_unit,
        sumber_data=clean(v.get("sumber_data")),
        sumber_data_raw=clean(row.raw.get("sumber_data", v.get("sumber_data"))),
        penanggung_jawab=clean(v.get("penanggung_jawab")), page=page, bbox=bbox, confidence=round(conf, 3),
        cells=cells, columns=row.labels,
    )


def normalise_rows(rows: list[RawRow], log: StageLog) -> list[Indicator]:
    out = []
    for i, row in enumerate(rows, start=1):
        ind = to_indicator(row, i)
        if ind.formula and ind.formula.kind == "text" and len(re.findall(r"\b100\s*%", ind.formula.text)) == 1:
            log.warn(W_RATIO_UNREAD, f"row {i} (page {ind.page}): formula mentions 100% but no ratio was read",
                     ind.page)
        out.append(ind)
    return out
