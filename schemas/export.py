"""Write the JSON Schema files beside the models: `python -m iku.schemas.export`."""

import json

from iku.schemas import EXPORTED, SCHEMA_DIR, SCHEMA_VERSION


def render(name: str) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"urn:iku-extract:schema:{name}:{SCHEMA_VERSION}", **EXPORTED[name].model_json_schema()}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    for name in EXPORTED:
        (SCHEMA_DIR / f"{name}.schema.json").write_text(render(name), encoding="utf-8")


if __name__ == "__main__":
    main()
