"""Seeded damage over the samples (tests/mutations.py): how many files are read, repaired, refused.

    .venv/bin/python bench/bench_damage.py [--per-kind N] [--seed S]

Prints one line per file and a summary: status counts, E000 count (must be 0), files qpdf reopens that still
failed (must be 0), and the indicator rows read from repaired files."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from mutations import damaged_copies  # noqa: E402

from iku import extract  # noqa: E402


def _qpdf_reopens(path: Path) -> bool:
    try:
        import pikepdf
    except ImportError:
        return False
    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages) > 0
    except pikepdf.PdfError:
        return False


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-kind", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2026)
    args = ap.parse_args()
    logging.disable(logging.CRITICAL)  # pdfminer's per-operator warnings on damaged streams
    sources = sorted((ROOT / "samples").glob("*.pdf"))
    counts: Counter[str] = Counter()
    internal, refused_but_reopens, repaired, repaired_rows = 0, 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        files = damaged_copies(sources, Path(tmp), seed=args.seed, per_kind=args.per_kind)
        for p in files:
            d = extract(p)
            counts[d.status if d.status != "failed" else f"failed {d.error_code}"] += 1
            internal += d.error_code == "E000"
            reopens = _qpdf_reopens(p)
            refused_but_reopens += d.status == "failed" and reopens
            was_repaired = any(w.code == "W101" and w.stage == "repair" for w in d.warnings)
            repaired += was_repaired
            repaired_rows += len(d.indicators) if was_repaired else 0
            print(f"{p.name:32} {d.status:8} {d.error_code or '':5} {len(d.indicators):3} rows"
                  f"{'  repaired' if was_repaired else ''}{'  qpdf reopens' if reopens else ''}", flush=True)
    print(f"{len(files)} damaged files: {dict(sorted(counts.items()))}; E000: {internal}; "
          f"refused although qpdf reopens them: {refused_but_reopens}; "
          f"repaired: {repaired} ({repaired_rows} indicator rows read from them)")
    return 1 if internal or refused_but_reopens else 0


if __name__ == "__main__":
    raise SystemExit(main())
