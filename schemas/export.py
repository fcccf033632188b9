"""Write the JSON Schema files beside the models: `python -m schemas.export`."""

import json

from schemas import EXPORTED, SCHEMA_DIR


def render(name: str) -> str:
    return json.dumps(EXPORTED[name].model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    for name in EXPORTED:
        (SCHEMA_DIR / f"{name}.schema.json").write_text(render(name), encoding="utf-8")


if __name__ == "__main__":
    main()
