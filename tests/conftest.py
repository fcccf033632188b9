"""Shared fixtures. Files under ../shared are optional: tests that need them skip cleanly."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"
TEST_CACHE_ENV = "IKU_TEST_CACHE_DIR"  # a folder kept between runs (a CI cache), never the user's own cache
_made_cache: str | None = None


def pytest_configure(config: pytest.Config) -> None:
    """A cache directory for this session, set before any test module is imported or a worker started (they
    inherit it), so no test reads or writes ~/.cache/iku-extract: every OCR result is made by this run."""
    global _made_cache
    from iku.core.settings import CACHE_ENV

    kept = os.environ.get(TEST_CACHE_ENV)
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
    else:
        kept = _made_cache = tempfile.mkdtemp(prefix="iku-test-cache-")
    os.environ[CACHE_ENV] = kept


def pytest_unconfigure(config: pytest.Config) -> None:
    if _made_cache:
        shutil.rmtree(_made_cache, ignore_errors=True)


@pytest.fixture(scope="session")
def session_cache() -> Path:
    """The session's cache directory (OCR results, Tesseract's word list)."""
    from iku.core.settings import Settings

    return Settings.load().cache_dir


@pytest.fixture(scope="session")
def lexicon():
    """The lexicon of the session's settings (its cache), as the text stage builds it for a run."""
    from iku.core.settings import Settings
    from iku.resources.lexicon import lexicon_for

    return lexicon_for(Settings.load())


def shared_path(*parts: str) -> Path:
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"{p} is not available on this machine")
    return p


@pytest.fixture(scope="session")
def sample_pdfs() -> list[Path]:
    pdfs = sorted(SAMPLES.glob("*.pdf"))
    assert pdfs, "samples/ holds no PDF: run `make samples`"
    return pdfs


@pytest.fixture(scope="session")
def batch_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make run` writes: the samples extracted (with the analysis layer) and the report, in a temp folder."""
    from iku.analysis.report import write_report
    from iku.runtime.document import extract_batch

    out = tmp_path_factory.mktemp("outputs")
    extract_batch([SAMPLES], out)
    write_report(out)
    return out


@pytest.fixture(scope="session")
def camplong_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One digital sample extracted by the batch runner, as `iku extract`; copy it before writing to it."""
    from iku.runtime.batch import run_batch

    out = tmp_path_factory.mktemp("camplong") / "outputs"
    run_batch([SAMPLES / "camplong_2021.pdf"], out, workers=1)
    return out
