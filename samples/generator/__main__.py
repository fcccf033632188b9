"""python -m samples.generator --n 200 --seed 1 --out build/gen  [--family variants]"""

from __future__ import annotations

import argparse
from pathlib import Path

from samples.generator.core import generate


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, default=Path("build/gen"))
    ap.add_argument("--scanned", type=int, default=0, help="how many of them also get a scanned copy")
    ap.add_argument("--family", choices=["default", "variants", "web"], default="default",
                    help="variants: the second family (samples/generator/variants.py), other layouts and wordings; "
                         "web: the variants' content printed from HTML by Chromium (samples/generator/web.py)")
    a = ap.parse_args()
    if a.family == "variants":
        from samples.generator.variants import generate_variants

        ids = generate_variants(a.n, a.seed, a.out, a.scanned)
    elif a.family == "web":
        from samples.generator.web import generate_web

        ids = generate_web(a.n, a.seed, a.out, a.scanned)
    else:
        ids = generate(a.n, a.seed, a.out, a.scanned)
    print(f"{len(ids)} decrees in {a.out}")


if __name__ == "__main__":
    main()
