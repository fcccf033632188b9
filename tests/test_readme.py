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
