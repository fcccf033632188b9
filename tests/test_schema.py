import json

from iku.schemas import SCHEMA_DIR, Decree, Formula, Indicator
from iku.schemas.export import render


def test_exported_json_schema_matches_models():
    on_disk = (SCHEMA_DIR / "decree.schema.json").read_text(encoding="utf-8")
    assert on_disk == render("decree"), "schemas/decree.schema.json is stale: run `make schema`"


def test_schema_keeps_indonesian_domain_names():
    props = json.loads(render("decree"))["$defs"]["Indicator"]["properties"]
    for name in ("sasaran", "indikator", "definisi", "sumber_data", "sumber_data_raw", "penanggung_jawab", "target"):
        assert name in props


def test_indicator_requires_provenance_and_confidence():
    ind = Indicator(row=1, level="IKI", indikator="Nilai IKM", page=3, bbox=(1, 2, 3, 4), confidence=0.9,
                    formula=Formula(text="IKM", raw="IKM"))
    assert Decree(pipeline_version="t", doc_id="x", source_file="x.pdf", indicators=[ind]).indicators[0].page == 3
    try:
        Indicator(row=1, level="IKX", indikator="x", page=1, confidence=1.0)
    except ValueError:
        pass
    else:
        raise AssertionError("an unknown level must be rejected")
