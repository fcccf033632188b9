#!/usr/bin/env python3
"""Per-axis scores on the generated corpus.

    python bench/eval_report.py --gen build/gen --pred digital=build/gen/out-digital [--pred scanned=...]

Uses ../shared/eval/score.py when this machine has it (its own matching and normalisation, aggregated per
axis value); otherwise a minimal internal scorer: row F1 on indikator similarity and per-field exact match.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"
FIELDS = ["jabatan", "sasaran", "indikator", "definisi", "formula", "formula_numerator", "formula_denominator",
          "formula_multiplier", "satuan", "target", "sumber_data", "penanggung_jawab"]


def load_scorer() -> Any | None:
    if not SCORER.exists():
        return None
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _norm(v: Any) -> str:
    return " ".join(str(v or "").lower().replace("×", "x").split())


def internal_scores(gold_dir: Path, pred_dir: Path) -> dict[str, dict]:
    """Minimal fallback: per document, greedy indikator matching (ratio >= 0.6) and exact fields."""
    import pandas as pd

    ind = pd.read_parquet(pred_dir / "indicators.parquet")
    out = {}
    for g in sorted(gold_dir.glob("*.json")):
        d = json.loads(g.read_text(encoding="utf-8"))
        rows = [{"jabatan": s["jabatan"], **r} for s in d["sections"] for r in s["rows"]]
        preds = ind[ind["source_file"].map(lambda p: Path(p).stem) == d["id"]].to_dict("records")
        used: set[int] = set()
        tp, fields = 0, defaultdict(lambda: [0, 0])
        for r in rows:
            best, bj = 0.0, None
            for j, p in enumerate(preds):
                if j not in used:
                    s = SequenceMatcher(None, _norm(r["indikator"]), _norm(p.get("indikator"))).ratio()
                    if s > best:
                        best, bj = s, j
            if bj is None or best < 0.6:
                continue
            used.add(bj)
            tp += 1
            p = preds[bj]
            f = r.get("formula") or {}
            gv = {**r, "formula": f.get("text"), "formula_numerator": f.get("numerator"),
                  "formula_denominator": f.get("denominator"), "formula_multiplier": f.get("multiplier")}
            for k in FIELDS:
                if gv.get(k) is not None:
                    fields[k][0] += _norm(gv[k]) == _norm(p.get(k))
                    fields[k][1] += 1
        out[d["id"]] = {"tp": tp, "n_gold": len(rows), "n_pred": len(preds), "fields": fields}
    return out


def aggregate_internal(res: list[dict]) -> dict:
    tp, ng, npred = (sum(r[k] for r in res) for k in ("tp", "n_gold", "n_pred"))
    p, r = (tp / npred if npred else 0.0), (tp / ng if ng else 0.0)
    fields = {}
    for k in FIELDS:
        n = sum(x["fields"][k][1] for x in res)
        if n:
            fields[k] = {"exact": sum(x["fields"][k][0] for x in res) / n}
    return {"rows": {"f1": 2 * p * r / (p + r) if p + r else 0.0}, "fields": fields}


def per_doc(scorer: Any | None, gold_dir: Path, variant: str, pred: Path) -> tuple[dict[str, dict], Any]:
    if scorer is None:
        return internal_scores(gold_dir, pred), aggregate_internal
    gold = scorer.load_gold(gold_dir)
    preds = scorer.load_predictions([f"{variant}={pred}"], set(gold))
    res = {d: scorer.score_doc(g, preds.get((variant, d)), 0.6) for d, g in gold.items()
           if (variant, d) in preds or variant == "digital"}
    return res, scorer.aggregate


def table(title: str, groups: dict[str, list[dict]], agg: Any) -> None:
    cols = ["jabatan", "sasaran", "indikator", "definisi", "formula", "formula_numerator", "formula_denominator",
            "formula_multiplier", "satuan", "target", "sumber_data", "penanggung_jawab"]
    short = ["jab", "sas", "ind", "def", "fml", "num", "den", "mul", "sat", "tgt", "sda", "pj"]
    print(f"\n{title:<28}{'docs':>5}{'rowF1':>7}" + "".join(f"{s:>6}" for s in short) + "  meta")
    for val, res in sorted(groups.items()):
        a = agg(res)
        cells = "".join(f"{a['fields'][c]['exact']:>6.2f}" if c in a["fields"] else f"{'-':>6}" for c in cols)
        meta = f"{a['meta_mean_exact']:>6.2f}" if "meta_mean_exact" in a else ""
        print(f"  {val:<26}{len(res):>5}{a['rows']['f1']:>7.3f}{cells}{meta}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gen", type=Path, required=True)
    ap.add_argument("--pred", action="append", required=True, help="variant=DIR")
    a = ap.parse_args()
    scorer = load_scorer()
    print("scorer:", SCORER if scorer else "internal (../shared/eval/score.py not found)")
    axes = {p.stem: json.loads(p.read_text()) for p in sorted((a.gen / "axes").glob("*.json"))}
    for spec in a.pred:
        variant, pred = spec.split("=", 1)
        res, agg = per_doc(scorer, a.gen / "decrees", variant, Path(pred))
        res = {d: r for d, r in res.items() if d in axes}
        print(f"\n===== {variant}: {len(res)} documents")
        table("ALL", {"all": list(res.values())}, agg)
        for axis in sorted({k for v in axes.values() for k in v}):
            groups: dict[str, list[dict]] = defaultdict(list)
            for d, r in res.items():
                groups[str(axes[d].get(axis))].append(r)
            if axis == "columns":  # one line per optional column present / absent
                groups = defaultdict(list)
                for d, r in res.items():
                    for c in ("no", "definisi", "satuan", "target", "sumber_data", "penanggung_jawab"):
                        groups[f"{c}={'y' if c in axes[d][axis].split('+') else 'n'}"].append(r)
            table(axis, groups, agg)


if __name__ == "__main__":
    main()
