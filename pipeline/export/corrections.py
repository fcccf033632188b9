"""Human corrections as data: an append-only log, OUT/corrections.jsonl, applied whenever outputs are written.

Each line is one correction: who, when, the document (doc_id and sha256), the action (set a field, delete a
row, add a row), the target row, the field, the old and the new value. A row is named by what survives a
re-extraction, not by its number alone: its level, jabatan and indikator as extracted (normalised: case,
spacing, punctuation) and which occurrence of that triple it is in the document. A re-extraction
re-applies every correction whose row is still there with the old (or already the new) value; the others
are reported as not applied, with the reason, and stay in the log.

json/<doc_id>.json carries the corrected decree with `corrections` (each with the extracted value); the
decree as extracted is kept in OUT/.extracted/<doc_id>.json, so corrections always apply to the extraction
and re-applying them gives the same result.
"""

from __future__ import annotations

import getpass
import json
import os
import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from iku.core.portable import lock
from iku.schemas import Decree
from iku.schemas.models import AppliedCorrection

LOG_NAME = "corrections.jsonl"
RAW_DIR = ".extracted"
INDICATOR_FIELDS = ("level", "jabatan", "sasaran", "indikator", "definisi", "satuan", "target", "sumber_data",
                    "penanggung_jawab", "formula", "formula.numerator", "formula.denominator",
                    "formula.multiplier", "page")
DOCUMENT_FIELDS = ("title", "document_type", "kecamatan", "kabupaten", "provinsi", "region_code", "period_start",
                   "period_end", "decree_number", "decree_date", "decree_date_text", "place", "signatory.name",
                   "signatory.rank", "signatory.nip", "signatory.nip_printed")
_INT_FIELDS = {"period_start", "period_end", "page"}
CORRECTION_COLUMNS = [
    ("id", pa.string()), ("doc_id", pa.string()), ("sha256", pa.string()), ("who", pa.string()),
    ("when", pa.string()), ("action", pa.string()), ("row", pa.int32()), ("jabatan", pa.string()),
    ("indikator", pa.string()), ("field", pa.string()), ("old", pa.string()), ("new", pa.string()),
    ("applied", pa.bool_()), ("reason", pa.string()),
]


class CorrectionError(ValueError):
    """A correction that cannot be made (unknown document, row or field)."""


def _norm(s: object) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", str(s or "").lower()).split())


def fmt(v: object) -> str | None:
    """A value as the log records it: None, a JSON object for per-year targets, else its text."""
    if v is None:
        return None
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _key(target: dict) -> tuple:
    if "added" in target:
        return ("added", target["added"])
    return (target.get("level"), _norm(target.get("jabatan")), _norm(target.get("indikator")),
            int(target.get("occurrence") or 0))


def row_targets(indicators: list[dict]) -> list[dict]:
    """The re-extraction-proof name of each extracted row."""
    seen: Counter = Counter()
    out = []
    for ind in indicators:
        k = (ind.get("level"), _norm(ind.get("jabatan")), _norm(ind.get("indikator")))
        out.append({"level": ind.get("level"), "jabatan": ind.get("jabatan"), "indikator": ind.get("indikator"),
                    "occurrence": seen[k], "row": ind.get("row")})
        seen[k] += 1
    return out


def _get(obj: dict, path: str) -> object:
    head, _, rest = path.partition(".")
    if head == "target" and rest:  # target.2023 on a per-year target
        t = obj.get("target")
        return t.get(rest) if isinstance(t, dict) else None
    v = obj.get(head)
    if head == "formula" and not rest:  # the formula as a value is its linear reading
        return v.get("text") if isinstance(v, dict) else v
    return _get(v, rest) if rest and isinstance(v, dict) else (None if rest else v)


def _parse(path: str, value: str | None) -> object:
    if value is None or value.strip() == "":
        return None
    value = value.strip()
    if path.rsplit(".", 1)[-1] in _INT_FIELDS:
        return int(value)
    if path == "target" and value.startswith("{"):
        return json.loads(value)
    return value


def _set(obj: dict, path: str, value: str | None) -> None:
    head, _, rest = path.partition(".")
    if head == "target" and rest:
        t = obj.get("target")
        obj["target"] = {**(t if isinstance(t, dict) else {}), rest: value}
    elif head == "formula" and not rest:
        if value is None:
            obj["formula"] = None
        else:  # the linear reading; `raw` stays as printed
            obj["formula"] = {**(obj.get("formula") or {"raw": value}), "text": value}
    elif rest:
        sub = obj.get(head) or ({"text": "", "raw": ""} if head == "formula" else {})
        _set(sub, rest, value)
        obj[head] = sub
    else:
        obj[head] = _parse(path, value)


@dataclass
class Applied:
    decree: Decree
    targets: list[dict]  # per row of the corrected decree: the target a new correction of it records
    applied: list[dict] = field(default_factory=list)
    rejected: list[tuple[dict, str]] = field(default_factory=list)  # (entry, reason)


def apply(raw: Decree, entries: Iterable[dict]) -> Applied:
    """The decree with the log's corrections applied in log order, on the decree as extracted."""
    d = raw.model_dump(mode="json")
    d["corrections"] = []
    rows: list[dict] = d["indicators"]
    targets = row_targets(rows)
    for r, t in zip(rows, targets, strict=True):
        r["_target"] = t
    records: list[tuple[dict, dict | None]] = []  # (entry, row dict or None)
    result = Applied(raw, [])
    for e in entries:
        reason = _apply_one(raw, d, rows, e, records)
        if reason:
            result.rejected.append((e, reason))
        else:
            result.applied.append(e)
    for n, r in enumerate(rows, start=1):
        r["row"] = n
    result.targets = [r.pop("_target") for r in rows]
    d["corrections"] = [AppliedCorrection(
        id=e["id"], who=e.get("who"), when=e.get("when"), action=e.get("action", "set"),
        row=r["row"] if r is not None and any(r is x for x in rows) else None, field=e.get("field"),
        original=e.get("old"), value=fmt(e.get("new"))).model_dump() for e, r in records]
    result.decree = Decree.model_validate(d)
    return result


def _apply_one(raw: Decree, d: dict, rows: list[dict], e: dict, records: list) -> str | None:
    """Apply one entry to the dumped decree `d`; the reason it does not apply, or None."""
    if e.get("sha256") and raw.sha256 and e["sha256"] != raw.sha256:
        return "the document's content changed (another sha256)"
    action, target, path = e.get("action", "set"), e.get("target"), e.get("field")
    if action == "set" and target is None:  # decree metadata
        cur = fmt(_get(d, path))
        if cur != e.get("old") and cur != fmt(_parse(path, e.get("new"))):
            return f"{path} is now {cur!r}, not {e.get('old')!r}"
        _set(d, path, e.get("new"))
        records.append((e, None))
        return None
    idx = None
    if target is not None:
        k = _key(target)
        idx = next((i for i, r in enumerate(rows) if _key(r["_target"]) == k), None)
        if idx is None:
            name = target.get("indikator") or target.get("added")
            return f"row {target.get('row')} ({name!r}) is no longer extracted"
    if action == "add":
        base = rows[idx] if idx is not None else (rows[-1] if rows else {"level": "IKU", "page": 1})
        new = {"row": 0, "level": base.get("level"), "jabatan": base.get("jabatan"), "sasaran": base.get("sasaran"),
               "indikator": "", "page": base.get("page") or 1, "confidence": 1.0,
               "_target": {"added": e["id"]}}
        for f, v in (e.get("new") or {}).items():
            _set(new, f, v)
        rows.insert(len(rows) if idx is None else idx + 1, new)
        records.append((e, new))
        return None
    row = rows[idx]
    if action == "delete":
        rows.pop(idx)
        records.append((e, None))
        return None
    cur = fmt(_get(row, path))
    if cur != e.get("old") and cur != fmt(_parse(path, e.get("new"))):
        return f"row {target.get('row')} {path} is now {cur!r}, not {e.get('old')!r}"
    _set(row, path, e.get("new"))
    cell = (row.get("cells") or {}).get(path.split(".")[0])
    if cell:  # a value a person checked is no longer doubtful
        cell["confidence"] = 1.0
        row["confidence"] = min(c["confidence"] for c in row["cells"].values())
    records.append((e, row))
    return None


# -- the log and the outputs --------------------------------------------------------------------------------

def read_log(out_dir: Path) -> list[dict]:
    path = Path(out_dir) / LOG_NAME
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def append_log(out_dir: Path, entry: dict) -> None:
    path = Path(out_dir) / LOG_NAME
    line = (json.dumps(entry, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
    with open(path, "ab") as f:  # one write per line under a lock: the CLI and the review app may both append
        lock(f)
        f.write(line)
        f.flush()
        os.fsync(f.fileno())


def by_doc(log: list[dict]) -> dict[str, list[dict]]:
    """The log's entries per doc_id, in log order."""
    out: dict[str, list[dict]] = defaultdict(list)
    for e in log:
        out[e["doc_id"]].append(e)
    return out


def raw_decree(out_dir: Path, d: Decree) -> Decree:
    """The decree as extracted: json/ holds it unless corrections were applied to it."""
    if not d.corrections:
        return d
    p = Path(out_dir) / RAW_DIR / f"{d.doc_id}.json"
    if p.exists():
        raw = Decree.model_validate_json(p.read_text(encoding="utf-8"))
        if raw.sha256 == d.sha256:
            return raw
    return d.model_copy(update={"corrections": []})  # raw copy lost: the corrected values stand in for it


def apply_to_outputs(out_dir: Path, decrees: list[Decree], log: list[dict] | None = None) -> list[Decree]:
    """The decrees with the log (read from out_dir unless given) applied; json/<doc_id>.json rewritten where
    that changes it."""
    from iku.core.files import atomic_write_bytes, write_json  # export imports this module

    entries_of = by_doc(read_log(out_dir) if log is None else log)
    out = []
    for d in decrees:
        entries = entries_of.get(d.doc_id, [])
        if not entries and not d.corrections:
            out.append(d)
            continue
        raw = raw_decree(out_dir, d)
        if entries and not d.corrections:  # a fresh extraction: keep it as the base of the corrections
            atomic_write_bytes(Path(out_dir) / RAW_DIR / f"{d.doc_id}.json",
                               raw.model_dump_json(indent=1).encode("utf-8"))
        c = apply(raw, entries).decree
        if c != d:
            write_json(c, Path(out_dir))
        out.append(c)
    return out


def _load(out_dir: Path, doc_id: str) -> Decree:
    p = Path(out_dir) / "json" / f"{doc_id}.json"
    if not p.exists():
        raise CorrectionError(f"no document {doc_id!r} in {out_dir}")
    return Decree.model_validate_json(p.read_text(encoding="utf-8"))


def current(out_dir: Path, doc_id: str) -> Applied:
    """A document with the log applied, and the target of each of its rows."""
    d = _load(out_dir, doc_id)
    return apply(raw_decree(out_dir, d), by_doc(read_log(out_dir)).get(doc_id, []))


def correct(out_dir: Path, doc_id: str, *, field: str | None = None, value: str | None = None,
            row: int | None = None, action: str = "set", values: dict | None = None,
            who: str | None = None) -> dict:
    """Append one correction to the log and update json/<doc_id>.json; the entry written.

    `row` is the row number as the outputs show it now (corrections applied). A set with no row corrects
    the decree's metadata; an add inserts a row after `row` (at the end without one) with `values`.
    """
    state = current(out_dir, doc_id)
    d = state.decree
    if row is not None and not 1 <= row <= len(d.indicators):
        raise CorrectionError(f"{doc_id} has rows 1-{len(d.indicators)}, not {row}")
    if action == "set":
        allowed = INDICATOR_FIELDS if row is not None else DOCUMENT_FIELDS
        if field not in allowed and not (row is not None and field and field.startswith("target.")):
            raise CorrectionError(f"field {field!r} cannot be corrected here; one of {', '.join(allowed)}")
    elif action == "delete" and row is None:
        raise CorrectionError("delete needs a row")
    dump = d.model_dump(mode="json")
    obj = dump["indicators"][row - 1] if row is not None else dump
    if action == "set":
        try:
            _parse(field, value)
        except ValueError as exc:
            raise CorrectionError(f"{field}: {exc}") from None
    entry = {
        "id": uuid.uuid4().hex[:12], "who": who or getpass.getuser(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"), "doc_id": doc_id, "sha256": d.sha256,
        "action": action, "target": state.targets[row - 1] if row is not None else None,
        "field": field if action == "set" else None,
        "old": fmt(_get(obj, field)) if action == "set" else (fmt(obj.get("indikator")) if row else None),
        "new": value if action == "set" else (values or {} if action == "add" else None),
    }
    append_log(out_dir, entry)
    apply_to_outputs(out_dir, [_load(out_dir, doc_id)])
    return entry


def status(out_dir: Path) -> list[dict]:
    """Every logged correction with whether it applies to the current extraction and, if not, why."""
    log = read_log(out_dir)
    out = []
    for doc_id, entries in by_doc(log).items():
        try:
            res = current(out_dir, doc_id)
        except CorrectionError:
            res = None
        reasons = {e["id"]: r for e, r in res.rejected} if res else {}
        rows = {c.id: c.row for c in res.decree.corrections} if res else {}
        for e in entries:
            t = e.get("target") or {}
            new = e.get("new")
            out.append({
                "id": e["id"], "doc_id": doc_id, "sha256": e.get("sha256"), "who": e.get("who"),
                "when": e.get("when"), "action": e.get("action", "set"),
                "row": rows.get(e["id"], t.get("row")), "jabatan": t.get("jabatan"),
                "indikator": t.get("indikator"), "field": e.get("field"), "old": e.get("old"),
                "new": fmt(new) if not isinstance(new, str) else new,
                "applied": res is not None and e["id"] not in reasons,
                "reason": reasons.get(e["id"]) if res else f"no document {doc_id!r} in the outputs"})
    return sorted(out, key=lambda r: (r["when"] or "", r["id"]))


def write_table(out_dir: Path) -> Path:
    """OUT/corrections.parquet: the log with its status (DuckDB table `corrections`)."""
    import pyarrow.parquet as pq

    from iku.core.files import arrow_table as _table
    from iku.core.files import atomic_write_bytes

    path = Path(out_dir) / "corrections.parquet"
    sink = pa.BufferOutputStream()
    pq.write_table(_table(status(out_dir), CORRECTION_COLUMNS), sink, compression="zstd")
    atomic_write_bytes(path, sink.getvalue().to_pybytes())
    return path


_JOINED = ("sasaran", "indikator", "definisi", "formula", "formula.numerator", "formula.denominator",
           "formula.multiplier", "satuan", "target", "sumber_data", "penanggung_jawab")


def merge(out_dir: Path, doc_id: str, row: int, who: str | None = None) -> list[dict]:
    """Row `row` and the next as one row (a row extraction broke in two): each text the next row adds is
    appended to this row's, then the next row is deleted. Logged as ordinary set and delete corrections."""
    d = current(out_dir, doc_id).decree
    if not 1 <= row < len(d.indicators):
        raise CorrectionError(f"{doc_id}: row {row} has no next row to merge with")
    a, b = (d.indicators[i].model_dump(mode="json") for i in (row - 1, row))
    entries = []
    for f in _JOINED:
        va, vb = fmt(_get(a, f)), fmt(_get(b, f))
        if vb and vb != va:
            entries.append(correct(out_dir, doc_id, row=row, field=f, value=f"{va} {vb}" if va else vb, who=who))
    entries.append(correct(out_dir, doc_id, row=row + 1, action="delete", who=who))
    return entries


def split(out_dir: Path, doc_id: str, row: int, who: str | None = None) -> dict:
    """A copy of row `row` added after it (a row extraction ran together): the reviewer then edits both."""
    d = current(out_dir, doc_id).decree
    if not 1 <= row <= len(d.indicators):
        raise CorrectionError(f"{doc_id} has rows 1-{len(d.indicators)}, not {row}")
    a = d.indicators[row - 1].model_dump(mode="json")
    values = {f: fmt(_get(a, f)) for f in _JOINED if _get(a, f) is not None}
    return correct(out_dir, doc_id, row=row, action="add", values=values, who=who)
