"""Build the bundled samples from their content files (`make samples`).

samples/content/<id>.toml -> samples/<id>.pdf (born-digital), samples/gold/<id>.json, and the scanned or mixed
copies its [scans] table names, in samples/scanned. ciruas_2022, camplong_2021 and merakurak_2021 transcribe
real decrees (typos and odd spacing are kept on purpose: the extractor has to live with them); booklet_2023 is
invented (names, numbers and address are fictitious) from the same vocabulary.

The output is byte-identical between runs and machines with the pinned packages (reportlab `invariant=1`, fixed
seeds for scan noise, pinned PDF dates and IDs); tests/test_sample_build.py rebuilds into a temporary folder and
compares every byte with the committed files.

Usage: python -m samples.build_samples [--out DIR]   (default: samples/ itself)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from samples.kit import scan
from samples.kit.draw import register_fonts
from samples.kit.gold import gold
from samples.kit.model import load
from samples.kit.story import build

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"


def build_all(out: Path) -> list[Path]:
    """Every sample under `out` (<id>.pdf, gold/<id>.json, scanned/*.pdf); returns the files written."""
    register_fonts()
    (out / "gold").mkdir(parents=True, exist_ok=True)
    (out / "scanned").mkdir(exist_ok=True)
    written: list[Path] = []
    for src in sorted(CONTENT.glob("*.toml")):
        decree = load(src)
        if decree.id != src.stem:
            raise ValueError(f"{src}: id {decree.id!r} is not the file's name")
        pdf, js = out / f"{decree.id}.pdf", out / "gold" / f"{decree.id}.json"
        build(decree, pdf)
        js.write_text(json.dumps(gold(decree), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written += [pdf, js]
        for kind, name in decree.scans.items():
            dst = out / "scanned" / f"{name}.pdf"
            scan.KINDS[kind](pdf, dst)
            written.append(dst)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=HERE, help="where to write (default: samples/)")
    out = ap.parse_args().out
    for p in build_all(out):
        print(f"{p.relative_to(out)}: {p.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
