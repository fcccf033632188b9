"""Golden snapshots of the bundled samples: the indicator rows and metadata the extractor should give for each, in
tests/golden/<sample>.json, compared exactly (tests/test_samples.py, tests/test_scans.py).

A snapshot was made once from the extractor's output (`make golden`, this file) and reviewed against the PDFs:
every value in it is what the page prints. Where the extractor gets a field wrong, the snapshot keeps the printed
value and tests/golden/known_failures.toml names the field with the reason; its test is an explicit strict xfail,
and every other field must match to the letter. `make golden` rewrites the snapshots from a fresh extraction but
keeps the reviewed value of each known failure, so `git diff tests/golden` shows exactly what a change moved.
Scanned samples' snapshots also record the Tesseract version they were read with: another version reads other
specks, so their exact comparison is skipped there."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
SAMPLES = ROOT / "samples"
ROW_FIELDS = ("level", "jabatan", "sasaran", "indikator", "definisi", "satuan", "target", "target_value",
              "target_unit", "sumber_data", "sumber_data_raw", "penanggung_jawab", "page")
FORMULA_FIELDS = ("text", "numerator", "denominator", "multiplier")
META_FIELDS = ("document_type", "kecamatan", "kabupaten", "provinsi", "period_start", "period_end", "decree_number",
               "decree_date", "decree_date_partial", "decree_date_text", "place")
SIGNATORY_FIELDS = ("name", "nip", "nip_printed", "rank", "title")


def snapshot(decree: Any) -> dict[str, Any]:
    """The snapshot of one extracted decree (an iku.schemas.Decree)."""
    d = decree.model_dump(mode="json")
    sig = d["signatory"] or {}
    meta = {k: d[k] for k in META_FIELDS}
    meta["signatory"] = {k: sig.get(k) for k in SIGNATORY_FIELDS}
    meta["legal_basis"] = [b["text"] for b in d["legal_basis"]]
    rows = []
    for r in d["indicators"]:
        row = {k: r[k] for k in ROW_FIELDS}
        row["formula"] = {k: r["formula"][k] for k in FORMULA_FIELDS} if r["formula"] else None
        rows.append(row)
    return {"meta": meta, "rows": rows}


def pdf_of(sample: str) -> Path:
    scanned = SAMPLES / "scanned" / f"{sample}.pdf"
    return scanned if scanned.exists() else SAMPLES / f"{sample}.pdf"


def samples(kind: str = "") -> list[str]:
    """The bundled samples ("digital", "scanned" or both): every one has a snapshot."""
    digital = [p.stem for p in SAMPLES.glob("*.pdf")] if kind in ("", "digital") else []
    return sorted(digital + ([p.stem for p in (SAMPLES / "scanned").glob("*.pdf")] if kind != "digital" else []))


def load(sample: str) -> dict[str, Any]:
    return json.loads((GOLDEN / f"{sample}.json").read_text(encoding="utf-8"))


def known_failures(sample: str | None = None) -> list[dict[str, str]]:
    known = tomllib.loads((GOLDEN / "known_failures.toml").read_text(encoding="utf-8")).get("failure", [])
    return [k for k in known if sample is None or k["sample"] == sample]


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def get(tree: Any, path: str) -> Any:
    """The value at 'rows[3].formula.text' or 'meta.signatory.name'."""
    for name, index in _STEP.findall(path):
        tree = tree[int(index)] if index else tree[name]
    return tree


def put(tree: Any, path: str, value: Any) -> None:
    steps = [(n, i) for n, i in _STEP.findall(path)]
    for name, index in steps[:-1]:
        tree = tree[int(index)] if index else tree[name]
    name, index = steps[-1]
    tree[int(index) if index else name] = value


def diff(want: Any, got: Any, path: str = "") -> list[str]:
    """The paths (down to single values) where two snapshots differ."""
    if isinstance(want, dict) and isinstance(got, dict) and want.keys() == got.keys():
        return [p for k in want for p in diff(want[k], got[k], f"{path}.{k}" if path else k)]
    if isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return [p for i, (a, b) in enumerate(zip(want, got, strict=True)) for p in diff(a, b, f"{path}[{i}]")]
    return [] if want == got else [path]


def explain(sample: str, want: dict[str, Any], got: dict[str, Any], paths: list[str]) -> str:
    lines = [f"{sample}: {len(paths)} field(s) differ from tests/golden/{sample}.json (review, then `make golden`):"]
    for p in paths[:12]:
        try:
            lines.append(f"  {p}: want {get(want, p)!r}\n  {' ' * len(p)}  got  {get(got, p)!r}")
        except (KeyError, IndexError):
            lines.append(f"  {p}: (shape differs)")
    return "\n".join(lines)


def check(sample: str, got: dict[str, Any]) -> None:
    """Every field of the extraction equals the snapshot, but the known failures (tested as xfail on their own)."""
    want = load(sample)
    want.pop("engine", None)
    known = {k["path"] for k in known_failures(sample)}
    wrong = [p for p in diff(want, got) if p not in known]
    assert wrong == [], explain(sample, want, got, wrong)


def known_params(kind: str) -> list[Any]:
    """One pytest param per known failure of the digital or scanned samples, strictly xfailed with its reason."""
    out = []
    for k in known_failures():
        if k["sample"] in samples(kind):
            out.append(pytest.param(k["sample"], k["path"], id=f"{k['sample']}:{k['path']}",
                                    marks=pytest.mark.xfail(reason=k["reason"], strict=True)))
    return out


def engine() -> str:
    from iku.stages.ocr import engine_version

    return engine_version()


def skip_unless_same_engine(sample: str) -> None:
    """A scanned sample's snapshot is exact for the Tesseract it was read with; another version reads other specks."""
    recorded = load(sample).get("engine")
    if recorded and recorded != engine():
        pytest.skip(f"{sample}'s snapshot was read with {recorded}, this machine has {engine()}")


def write(sample: str, decree: Any) -> list[str]:
    """Rewrite one snapshot from an extraction, the reviewed values of its known failures kept; returns the paths
    that changed."""
    new = snapshot(decree)
    if decree.input_kind != "digital":
        new = {"engine": engine(), **new}
    old = load(sample) if (GOLDEN / f"{sample}.json").exists() else None
    for k in known_failures(sample):
        if old is not None:
            put(new, k["path"], get(old, k["path"]))
    (GOLDEN / f"{sample}.json").write_text(json.dumps(new, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return diff(old, new) if old is not None else ["(new)"]


def main(names: list[str]) -> None:
    from iku import extract

    for sample in names or samples():
        changed = write(sample, extract(pdf_of(sample)))
        print(f"{sample}: {len(changed)} field(s) changed", *changed[:20], sep="\n  ")


if __name__ == "__main__":
    main(sys.argv[1:])
