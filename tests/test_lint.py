"""ruff on the package, as `make lint` runs it: style, imports and C901 (no function of cyclomatic complexity
over 15, pyproject's [tool.ruff.lint.mccabe]). `make test` fails on a new violation, not only `make lint`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["pipeline", "schemas", "analysis", "tests", "bench", "samples"]


def _ruff() -> list[str]:
    """The venv's ruff beside this interpreter, else one on PATH."""
    here = Path(sys.executable).with_name("ruff")
    if here.exists():
        return [str(here)]
    found = shutil.which("ruff")
    if found is None:
        pytest.skip("ruff is not installed (pip install -e '.[dev]')")
    return [found]


def test_ruff_is_clean():
    r = subprocess.run([*_ruff(), "check", "--no-cache", "--output-format", "concise", *PATHS], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr


def test_complexity_limit_is_enforced(tmp_path: Path):
    """The C901 limit is live: a function of 16 branches fails under the project's config."""
    branches = "\n".join(f"    if x == {i}:\n        return {i}" for i in range(16))
    bad = tmp_path / "bad.py"
    bad.write_text(f"def f(x: int) -> int:\n{branches}\n    return -1\n", encoding="utf-8")
    r = subprocess.run([*_ruff(), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
                        "--select", "C901", str(bad)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "C901" in r.stdout, r.stdout + r.stderr
