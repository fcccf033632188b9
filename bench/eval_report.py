#!/usr/bin/env python3
"""Per-axis scores on the generated corpus.

    python bench/eval_report.py --gen build/gen --pred digital=build/gen/out-digital [--pred scanned=...]
    python bench/eval_report.py --gen build/gen --pred scanned=DIR --diff formula,rows,meta.signatory_name

Columns: row F1, exact accuracy per field over matched rows, metadata mean exact and the signatory name's exact.
Scanned copies are also split by their scan axes (dpi, noise, stamp, signature...), with a metadata table.

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


def expected(gen: Path, variant: str) -> set[str]:
    """The documents that have this variant: pdf/manifest.json, else the PDFs in pdf/<variant>."""
    man = gen / "pdf" / "manifest.json"
    if man.exists():
        return {d for d, vs in json.loads(man.read_text()).items() if variant in vs}
    return {p.stem for p in (gen / "pdf" / variant).glob("*.pdf")}


def per_doc(scorer: Any | None, gen: Path, variant: str, pred: Path) -> tuple[dict[str, dict], Any]:
    """Scores per document of the variant; a document the pipeline gave nothing for scores as empty."""
    gold_dir, docs = gen / "decrees", expected(gen, variant)
    if scorer is None:
        return {d: r for d, r in internal_scores(gold_dir, pred).items() if d in docs}, aggregate_internal
    gold = scorer.load_gold(gold_dir)
    preds = scorer.load_predictions([f"{variant}={pred}"], set(gold))
    res = {d: scorer.score_doc(g, preds.get((variant, d)), 0.6) for d, g in gold.items() if d in docs}
    return res, scorer.aggregate


def diffs(scorer: Any, gen: Path, variant: str, pred: Path, fields: list[str], limit: int) -> None:
    """Every mismatch of the given fields on matched rows (doc, page, gold vs read), then unmatched rows and
    metadata mismatches: the material for diagnosing a failure category."""
    import pandas as pd

    gold = scorer.load_gold(gen / "decrees")
    preds = scorer.load_predictions([f"{variant}={pred}"], set(gold))
    ind = pd.read_parquet(pred / "indicators.parquet")
    pages = {(Path(r.source_file).stem, r.indikator): r.page for r in ind.itertuples()}
    axes = {p.stem: json.loads(p.read_text()) for p in (gen / "axes").glob("*.json")}
    shown = 0
    for d in sorted(expected(gen, variant)):
        g, p = gold[d], preds.get((variant, d))
        res = scorer.score_doc(g, p, 0.6)
        prow = (p or {}).get("rows", [])
        matched = {i for i, _, _ in res["pairs"]}
        for f in fields:
            if f.startswith("meta."):
                k = f[5:]
                if not res["meta"][k][0]:
                    print(f"{d} meta {k}: gold {g['meta'].get(k)!r} read {(p or {}).get('meta', {}).get(k)!r}")
                    shown += 1
                continue
            if f == "rows":
                for i, r in enumerate(g["rows"]):
                    if i not in matched and not r["optional"]:
                        print(f"{d} [{axes[d].get('ruling')}] missing row: {r.get('indikator')!r}")
                        shown += 1
                used = {j for _, j, _ in res["pairs"]}
                for j, r in enumerate(prow):
                    if j not in used:
                        print(f"{d} p{pages.get((d, r.get('indikator')))} extra row: {r.get('indikator')!r}")
                        shown += 1
                continue
            for i, j, _ in res["pairs"]:
                gv, pv = g["rows"][i].get(f), prow[j].get(f)
                if gv is not None and scorer.norm(gv) != scorer.norm(pv) and f != "target":
                    page = pages.get((d, prow[j].get("indikator")))
                    print(f"{d} p{page} {f}:\n   gold {gv!r}\n   read {pv!r}")
                    shown += 1
            if shown >= limit:
                return


SCAN_PREFIXES = ("scan_", "stamp_", "signature")
META_SHORT = {"provinsi": "prov", "kabupaten": "kab", "kecamatan": "kec", "document_type": "type",
              "period_start": "from", "period_end": "to", "decree_number": "number", "decree_date": "date",
              "place": "place", "signatory_name": "name", "signatory_nip": "nip", "signatory_rank": "rank"}


def meta_table(res: dict[str, dict], agg: Any, axes: dict[str, dict]) -> None:
    """Metadata exact per field, overall and per scan axis value (the signature block's fields above all)."""
    keys = [k for k in META_SHORT if k in agg(list(res.values()))["meta"]]
    print(f"\n{'METADATA exact':<28}{'docs':>5}" + "".join(f"{META_SHORT[k]:>7}" for k in keys))
    groups: dict[str, list[dict]] = defaultdict(list)
    for d, r in res.items():
        groups["all"].append(r)
        for k, v in axes[d].items():
            if k.startswith(SCAN_PREFIXES):
                groups[f"{k}={v}"].append(r)
    for val, rs in sorted(groups.items(), key=lambda kv: (kv[0] != "all", kv[0])):
        m = agg(rs)["meta"]
        print(f"  {val:<26}{len(rs):>5}" + "".join(f"{m[k]['exact']:>7.2f}" for k in keys))


def table(title: str, groups: dict[str, list[str]], res: dict[str, dict], agg: Any,
          ref: dict[str, dict] | None = None) -> None:
    """One line per axis value. With ref (the digital copies' results), also the row F1 of the same documents
    read digitally ('dF1'): what the scan loses against what the layout already loses."""
    cols = ["jabatan", "sasaran", "indikator", "definisi", "formula", "formula_numerator", "formula_denominator",
            "formula_multiplier", "satuan", "target", "sumber_data", "penanggung_jawab"]
    short = ["jab", "sas", "ind", "def", "fml", "num", "den", "mul", "sat", "tgt", "sda", "pj"]
    print(f"\n{title:<28}{'docs':>5}{'rowF1':>7}" + (f"{'dF1':>6}" if ref else "") + "".join(f"{s:>6}" for s in short)
          + "  meta  name")
    for val, ids in sorted(groups.items()):
        a = agg([res[d] for d in ids])
        cells = "".join(f"{a['fields'][c]['exact']:>6.2f}" if c in a["fields"] else f"{'-':>6}" for c in cols)
        meta = f"{a['meta_mean_exact']:>6.2f}" if "meta_mean_exact" in a else ""
        if "meta" in a and "signatory_name" in a["meta"]:
            meta += f"{a['meta']['signatory_name']['exact']:>6.2f}"
        dig = f"{agg([ref[d] for d in ids if d in ref])['rows']['f1']:>6.2f}" if ref else ""
        print(f"  {val:<26}{len(ids):>5}{a['rows']['f1']:>7.3f}{dig}{cells}{meta}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gen", type=Path, required=True)
    ap.add_argument("--pred", action="append", required=True, help="variant=DIR")
    ap.add_argument("--diff", default="", help="comma-separated fields (or 'rows', 'meta.<field>') to list "
                    "every mismatch of, instead of the tables")
    ap.add_argument("--limit", type=int, default=200, help="at most this many mismatches with --diff")
    a = ap.parse_args()
    scorer = load_scorer()
    print("scorer:", SCORER if scorer else "internal (../shared/eval/score.py not found)")
    axes = {p.stem: json.loads(p.read_text()) for p in sorted((a.gen / "axes").glob("*.json"))}
    digital: dict[str, dict] | None = None  # the digital results, to set a scanned copy against
    for spec in a.pred:
        variant, pred = spec.split("=", 1)
        if a.diff:
            assert scorer, "--diff needs the shared scorer"
            diffs(scorer, a.gen, variant, Path(pred), a.diff.split(","), a.limit)
            continue
        res, agg = per_doc(scorer, a.gen, variant, Path(pred))
        res = {d: r for d, r in res.items() if d in axes}
        ref = digital if variant != "digital" else None
        if variant == "digital":
            digital = res
        print(f"\n===== {variant}: {len(res)} documents")
        table("ALL", {"all": list(res)}, res, agg, ref)
        if variant != "digital" and "meta" in agg(list(res.values())):
            meta_table(res, agg, axes)
        for axis in sorted({k for v in axes.values() for k in v}):
            if axis.startswith(SCAN_PREFIXES) and variant == "digital":
                continue  # scan axes only split the scanned copies
            groups: dict[str, list[str]] = defaultdict(list)
            for d in res:
                groups[str(axes[d].get(axis))].append(d)
            if axis == "columns":  # one line per optional column present / absent
                groups = defaultdict(list)
                for d in res:
                    for c in ("no", "definisi", "satuan", "target", "sumber_data", "penanggung_jawab"):
                        groups[f"{c}={'y' if c in axes[d][axis].split('+') else 'n'}"].append(d)
            table(axis, groups, res, agg, ref)

if __name__ == "__main__":
    main()
