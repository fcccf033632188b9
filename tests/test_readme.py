"""The README's Python examples run as written, in a folder laid out as they assume: a `samples/` folder with
a decree, a `decrees/` folder, and `outputs/` written by them (the SQL examples: test_analysis_outputs)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 3


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("readme")
    for folder in ("samples", "decrees"):
        (d / folder).mkdir()
        shutil.copy(ROOT / "samples" / "camplong_2021.pdf", d / folder)
    return d


def test_every_python_example_runs_as_written(workdir: Path) -> None:
    for i, block in enumerate(BLOCKS):
        res = subprocess.run([sys.executable, "-c", block], cwd=workdir, capture_output=True, text=True, timeout=600)
        assert res.returncode == 0, f"README python block {i + 1} failed:\n{block}\n{res.stderr[-2000:]}"
    assert (workdir / "outputs" / "indicators.parquet").exists()


README = (ROOT / "README.md").read_text(encoding="utf-8")
HOW = README[README.index("## How it works"):README.index("\n## ", README.index("## How it works") + 3)]
PICTURE = re.search(r"```\n(pipeline/ .*?)```", HOW, flags=re.S).group(1)


def test_the_layer_picture_names_the_modules_as_they_are() -> None:
    """Each folder of the picture exists, every file named on its lines is in it, and each stage of the chain
    `ingest -> text -> ...` is a module of iku.stages."""
    missing, folder = [], None
    for line in PICTURE.splitlines():
        if m := re.match(r"(\s*)(\w+)/\s", line):
            name = m.group(2)
            folder = ROOT / name if name in ("pipeline", "analysis", "schemas") else ROOT / "pipeline" / name
            missing += [str(folder)] if not folder.is_dir() else []
        missing += [f"{folder.name}/{f}" for f in re.findall(r"\b(\w+\.py)\b", line) if not (folder / f).is_file()]
    stages = re.search(r"iku\.stages\s+(.*?)\n\s+resources/", PICTURE, flags=re.S).group(1)
    chain = re.sub(r"\([^)]*\)", "", stages).split(":")[-1]  # after "one module per stage, in pipeline order:"
    chain = [re.match(r"\s*(\w+)", step).group(1) for step in chain.split("->")]
    missing += [f"stages/{s}.py" for s in chain if not (ROOT / "pipeline" / "stages" / f"{s}.py").is_file()]
    assert chain[:2] == ["ingest", "text"] and chain[-1] == "validate"
    assert missing == []


def test_every_file_and_module_the_readme_names_exists() -> None:
    """Backticked paths of the architecture section (`stages/text.py`, `pipeline/core/layout.py`) and dotted
    names anywhere (`iku.stages.text.page_objects`) are found in the code."""
    import importlib

    paths = re.findall(r"`((?:pipeline/|schemas/|analysis/)?(?:\w+/)+\w+\.py)`", HOW)
    missing = [p for p in paths if not (ROOT / p).is_file() and not (ROOT / "pipeline" / p).is_file()]
    for dotted in set(re.findall(r"`(iku(?:\.\w+)+)`", README)) - {"iku.duckdb"}:
        parts, obj = dotted.split("."), None
        for i in range(len(parts), 0, -1):  # the longest importable prefix, then attributes
            try:
                obj = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            for attr in parts[i:]:
                obj = getattr(obj, attr, None)
            break
        missing += [dotted] if obj is None else []
    assert paths and missing == []
