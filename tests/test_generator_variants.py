"""The second generator family ("variants", samples/generator/variants.py): deterministic, its gold printed on
its pages, and a few chosen layouts of it extracted exactly (the forms it showed the pipeline missing)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from test_generator import _text  # the pages' text layer

from iku import extract
from samples.generator.variants import build_vspec, generate_variants, render_v, vgold


def _norm(v: object) -> str:
    return " ".join(re.sub(r"[^\w%∑]+", " ", str(v or "").lower()).split())


def assert_same_files(a: Path, b: Path) -> None:
    """Every file under a has the same bytes under b (two runs of a generator with one seed)."""
    for p in sorted(a.rglob("*")):
        if p.is_file():
            assert p.read_bytes() == (b / p.relative_to(a)).read_bytes(), p.relative_to(a)


def test_deterministic_and_printed(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    generate_variants(3, 5, a)
    generate_variants(3, 5, b)
    assert_same_files(a, b)
    for p in sorted((a / "decrees").glob("*.json")):
        gold = json.loads(p.read_text(encoding="utf-8"))
        page = _norm(_text(a / "pdf" / "digital" / f"{p.stem}.pdf"))
        for s in gold["sections"]:
            assert s["rows"] and len(s["columns"]) == len(s["fields"])
            for r in s["rows"]:
                assert _norm(r["indikator"]) in page
                assert r["formula"]["numerator"] is None or _norm(r["formula"]["numerator"]) in page


# Layouts, each with forms the family found missed. hlines: rules between rows only (no column rules), sasaran
# and position headings merged across the grid, a TARGET over year columns. outer: rules between sasaran groups
# only, a position block ("NAMA JABATAN / UNIT KERJA") after the IKU table, a ratio with "per". centred: sasaran
# cells merged over a group's rows and centred in them, a Program column beside. page_top: an IKI table opening
# a page under a short numbered heading ("B. INDIKATOR KINERJA INDIVIDU CAMAT", near the top: no running header)
# after the IKU table ended the page before. continued: no column rules and the header not repeated on the
# next page. grid: sasaran merged and centred, numbered position headings, sums
# written with the Symbol font's sign.
LAYOUTS = {
    "hlines": {"ruling": "hlines", "sasaran_form": "group_row", "label_form": "in_grid", "target_form": "years",
               "columns": "satuan+target", "extras": "none", "numbering": "plain", "formula_style": "colon",
               "iku": "no", "positions": "2", "length": "short", "lampiran_orient": "landscape"},
    "outer": {"ruling": "outer_cols", "sasaran_form": "blank", "label_form": "kv_block", "target_form": "single",
              "columns": "target+sumber_data", "extras": "none", "numbering": "plain", "formula_style": "per",
              "iku": "yes", "positions": "1", "section_break": "page", "length": "long"},
    "page_top": {"ruling": "grid", "sasaran_form": "repeat", "label_form": "numbered_caps", "target_form": "single",
                 "columns": "target", "extras": "none", "numbering": "per_row", "formula_style": "kali",
                 "iku": "yes", "position": "Camat", "section_break": "page", "length": "short", "paper": "A4",
                 "lampiran_orient": "same"},
    "centred": {"ruling": "outer_cols", "sasaran_form": "span_middle", "label_form": "above", "target_form": "single",
                "columns": "target+penanggung_jawab", "extras": "program", "numbering": "none",
                "formula_style": "colon", "iku": "no", "positions": "2", "length": "long", "split_rows": "whole"},
    "continued": {"ruling": "hlines", "sasaran_form": "repeat", "label_form": "above", "target_form": "single",
                  "columns": "definisi+target+sumber_data", "extras": "none", "numbering": "per_row",
                  "formula_style": "colon", "iku": "yes", "positions": "3", "length": "long", "repeat_header": "no",
                  "split_rows": "whole", "section_break": "flow", "bullets": "none", "paper": "A4",
                  "lampiran_orient": "same"},
    "grid": {"ruling": "grid", "sasaran_form": "span_middle", "label_form": "numbered_caps", "target_form": "single",
             "columns": "satuan+target", "extras": "bobot", "numbering": "hier", "formula_style": "sigma",
             "font": "Helvetica", "iku": "no", "positions": "2", "length": "short"},
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_chosen_layouts_are_read_exactly(tmp_path: Path, name: str) -> None:
    spec = build_vspec(f"t_{name}", random.Random(f"test:{name}"), LAYOUTS[name])
    pdf = tmp_path / f"{name}.pdf"
    render_v(spec, pdf)
    gold = vgold(spec)
    d = extract(pdf)
    assert d.status == "ok", d.error
    read = {_norm(r.indikator): r for r in d.indicators}
    want = [(s, r) for s in gold["sections"] for r in s["rows"]]
    assert len(d.indicators) == len(want)
    for s, g in want:
        got = {_norm(x.indikator): x for x in d.indicators if x.jabatan == s["jabatan"]
               or _norm(x.jabatan) == _norm(s["jabatan"])}
        r = got.get(_norm(g["indikator"])) or read.get(_norm(g["indikator"]))
        assert r is not None, g["indikator"]
        assert (r.level, _norm(r.jabatan), _norm(r.sasaran)) == (s["level"], _norm(s["jabatan"]),
                                                                 _norm(g["sasaran"])), g["indikator"]
        target = {k: v for k, v in r.target.items()} if isinstance(r.target, dict) else r.target
        assert target == g["target"], g["indikator"]
        f = g["formula"]
        if f["numerator"]:
            assert r.formula is not None and (_norm(r.formula.numerator), _norm(r.formula.denominator)) == (
                _norm(f["numerator"]), _norm(f["denominator"])), g["indikator"]
