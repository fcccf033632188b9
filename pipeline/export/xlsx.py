"""OUT/iku.xlsx for analysts who work in Excel: documents, indicators, flags, legal basis and corrections.

Written with XlsxWriter (write-only, fast, full formatting) from the Parquet tables, so it carries what they
carry, corrections included: corrected cells are shaded with the extracted value in a comment. Header row
frozen, autofilter, widths from the content, long text wrapped, dates as dates, numbers as numbers, and each
indicator row linked to its page in the review app (`iku review`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pyarrow.parquet as pq
import xlsxwriter

from iku.core.files import atomic_write_bytes
from iku.core.numbers import parse_number

REVIEW_URL = "http://localhost:8765"
SHEETS: dict[str, tuple[str, list[str]]] = {
    "documents": ("documents", [
        "doc_id", "kecamatan", "kabupaten", "provinsi", "region_code", "document_type", "period_start",
        "period_end", "decree_number", "decree_date", "place", "signatory_name", "signatory_rank", "signatory_nip",
        "n_indicators", "document_score", "status", "error_code", "error", "input_kind", "pages", "source_file",
        "corrected_fields"]),
    "indicators": ("indicators", [
        "doc_id", "row", "level", "jabatan", "sasaran", "indikator", "definisi", "formula", "formula_numerator",
        "formula_denominator", "formula_multiplier", "satuan", "target", "sumber_data", "penanggung_jawab",
        "measure", "result_level", "canonical_text", "flag_codes", "quality_score", "confidence",
        "corrected_fields", "page"]),
    "flags": ("flags", ["doc_id", "scope", "row", "jabatan", "code", "weight", "message", "evidence", "field",
                        "page"]),
    "legal basis": ("legal_basis", ["doc_id", "item", "type", "issuer", "number", "year", "title", "amended",
                                    "placeholder", "repealed", "replaced_by", "text", "page"]),
    "corrections": ("corrections", ["when", "who", "doc_id", "action", "row", "field", "old", "new", "applied",
                                    "reason", "indikator", "id"]),
}
_WRAP = {"jabatan", "sasaran", "indikator", "definisi", "formula", "formula_numerator", "formula_denominator",
         "sumber_data", "penanggung_jawab", "message", "evidence", "title", "text", "error", "old", "new", "reason",
         "canonical_text", "decree_number", "signatory_rank", "replaced_by"}
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _number(v: object) -> float | int | None:
    """A cell text that is a plain number (target "85", "12,5"), as a number; else None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return v
    if isinstance(v, str) and _NUMBER.match(v.strip()):
        n = parse_number(v.strip())  # Indonesian separators: "1.250" is 1250, "12,5" is 12.5
        return int(n) if n is not None and n.is_integer() and "," not in v else n
    return None


def _rows(out_dir: Path, table: str, columns: list[str]) -> list[dict]:
    path = out_dir / f"{table}.parquet"
    if not path.exists():
        return []
    t = pq.read_table(path)
    rows = t.select([c for c in columns if c in t.column_names]).to_pylist()
    if table == "documents" and (out_dir / "quality.parquet").exists():
        q = {(r["doc_id"], r["source_file"]): r["document_score"]
             for r in pq.read_table(out_dir / "quality.parquet", columns=["doc_id", "source_file",
                                                                           "document_score"]).to_pylist()}
        src = t.column("source_file").to_pylist()
        for r, s in zip(rows, src, strict=True):
            r["document_score"] = q.get((r["doc_id"], s))
    return rows


def _originals(out_dir: Path) -> dict[tuple, str | None]:
    """(doc_id, row or None, field) -> the extracted value, for the applied corrections."""
    out: dict[tuple, str | None] = {}
    for c in _rows(out_dir, "corrections", ["doc_id", "row", "field", "old", "applied", "action"]):
        if c["applied"] and c["action"] == "set":
            out.setdefault((c["doc_id"], c["row"], c["field"].replace(".", "_")), c["old"])
    return out


def build_xlsx(out_dir: Path, review_url: str = REVIEW_URL) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_urls": False})
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F0", "text_wrap": True, "valign": "top", "border": 1})
    base = {"valign": "top"}
    fmt = {"text": wb.add_format(base), "wrap": wb.add_format({**base, "text_wrap": True}),
           "date": wb.add_format({**base, "num_format": "yyyy-mm-dd"}),
           "time": wb.add_format({**base, "num_format": "yyyy-mm-dd hh:mm"}),
           "num": wb.add_format(base), "dec": wb.add_format({**base, "num_format": "0.00"}),
           "link": wb.add_format({**base, "font_color": "blue", "underline": 1})}
    corrected = {k: wb.add_format({**base, "bg_color": "#FFF2CC", **({"text_wrap": True} if k == "wrap" else {})})
                 for k in ("text", "wrap")}
    originals = _originals(out_dir)
    for sheet, (table, columns) in SHEETS.items():
        rows = _rows(out_dir, table, columns)
        cols = [c for c in columns if not rows or c in rows[0]]
        ws = wb.add_worksheet(sheet)
        widths = [len(c) + 2 for c in cols]
        for j, c in enumerate(cols):
            ws.write_string(0, j, c, head)
        for i, r in enumerate(rows, start=1):
            fixed = {f.replace(".", "_") for f in r.get("corrected_fields") or []}
            for j, c in enumerate(cols):
                v = r.get(c)
                if isinstance(v, list):
                    v = ", ".join(map(str, v))
                kind = "wrap" if c in _WRAP else "text"
                text = "" if v is None else str(v)
                widths[j] = max(widths[j], min(len(text), 60 if kind == "wrap" else 40) + 2)
                if v is None:
                    continue
                if c == "page" and table == "indicators":
                    ws.write_url(i, j, f"{review_url}/doc/{r['doc_id']}?page={v}", fmt["link"], string=f"p. {v}",
                                 tip="open this page in the review app (iku review)")
                elif isinstance(v, bool):
                    ws.write_boolean(i, j, v, fmt["text"])
                elif c == "when":  # ISO time of a correction, UTC
                    t = dt.datetime.fromisoformat(text).replace(tzinfo=None)
                    ws.write_datetime(i, j, t, fmt["time"])
                elif isinstance(v, dt.date) or (c.endswith("_date") and _DATE.match(text)):
                    d = v if isinstance(v, dt.date) else dt.date.fromisoformat(text)
                    ws.write_datetime(i, j, dt.datetime(d.year, d.month, d.day), fmt["date"])
                elif c not in ("signatory_nip", "region_code", "decree_number", "doc_id", "old", "new") and (
                        n := _number(v)) is not None:
                    ws.write_number(i, j, n, corrected["text"] if c in fixed else
                                    fmt["dec"] if isinstance(n, float) and c == "confidence" else fmt["num"])
                else:
                    ws.write_string(i, j, text, corrected[kind] if c in fixed else fmt[kind])
                if c in fixed:  # the extracted value stays readable beside the corrected one
                    orig = originals.get((r["doc_id"], r.get("row") if table == "indicators" else None, c))
                    ws.write_comment(i, j, f"extracted: {orig if orig is not None else '(empty)'}")
        for j, w in enumerate(widths):
            ws.set_column(j, j, w)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), max(len(cols) - 1, 0))
    wb.close()
    return buf.getvalue()


def write_xlsx(out_dir: Path, review_url: str = REVIEW_URL) -> Path:
    path = Path(out_dir) / "iku.xlsx"
    atomic_write_bytes(path, build_xlsx(Path(out_dir), review_url))
    return path
