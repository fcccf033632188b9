"""The gold JSON of a sample (samples/gold/<id>.json): what its PDF prints, as the extractor should read it."""

from __future__ import annotations

from typing import Any

from samples.kit.model import Cell, Decree, Formula, Section, _Same


def flat(text: str) -> str:
    return " ".join(text.split())


def formula_gold(f: Formula | str) -> dict[str, str | None]:
    if isinstance(f, str):  # empty cell
        return {"text": flat(f), "numerator": None, "denominator": None, "multiplier": None}
    if f.style == "plain":
        return {"text": flat(f.num), "numerator": None, "denominator": None, "multiplier": None}
    n, d = flat(f.num), flat(f.den)
    # a formula printed in words keeps its words; a fraction is read "numerator / denominator x multiplier"
    text = f"{n} dibagi {d} {flat(f.mult)}" if f.style == "words" else f"{n} / {d} x 100%"
    return {"text": text, "numerator": n, "denominator": d, "multiplier": "100%"}


def section_gold(sec: Section) -> dict[str, Any]:
    rows = []
    carried: list[Cell] = [""] * len(sec.fields)
    sumber_prev = ""
    for row in sec.rows:
        rec: dict[str, Any] = dict.fromkeys(
            ["sasaran", "indikator", "definisi", "formula", "satuan", "target",
             "sumber_data", "sumber_data_display", "penanggung_jawab"])
        targets: dict[str, str] = {}
        for c, v in enumerate(row):
            if isinstance(v, _Same):
                v = carried[c]  # merged cell: the value applies to every row it covers
            carried[c] = v
            kind = sec.fields[c]
            if kind == "no":
                continue
            if kind == "formula":
                rec["formula"] = formula_gold(v)  # type: ignore[arg-type]
                continue
            assert isinstance(v, str)
            text = flat(v)
            if kind == "target":
                targets[sec.columns[c].split()[-1]] = text
            elif kind == "sumber_data":
                rec["sumber_data_display"] = text
                rec["sumber_data"] = sumber_prev if text.lower() == "sda" else text
                sumber_prev = rec["sumber_data"]
            else:
                rec[kind] = text
        if targets:
            rec["target"] = targets if len(targets) > 1 else next(iter(targets.values()))
        rows.append(rec)
    return {"level": sec.level, "jabatan": sec.jabatan, "columns": sec.columns,
            "fields": sec.fields, "rows": rows}


def gold(d: Decree) -> dict[str, Any]:
    m, sig = d.meta, d.signatory
    return {
        "id": d.id,
        "meta": {
            "provinsi": m["provinsi"], "kabupaten": m["kabupaten"], "kecamatan": m["kecamatan"],
            "document_type": m["document_type"], "period_start": m["period"][0], "period_end": m["period"][1],
            "decree_number": m["number"], "decree_date": m["date"], "place": m["place"],
            "signatory": {"name": sig["name"], "nip": sig["nip"], "rank": sig.get("rank"), "title": sig["title"]},
        },
        "legal_basis": d.legal_basis,
        "render": {"paper": d.layout["paper"], "font": d.layout["font"], "lampiran_orientation": d.lampiran.orientation,
                   "repeat_header": d.lampiran.repeat_header},
        "sections": [section_gold(s) for s in d.sections],
    }
