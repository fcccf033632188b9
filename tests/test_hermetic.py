"""The suite never touches the user's cache: conftest gives the session its own cache directory, and every
cache the code keeps (OCR results, Tesseract's word list) resolves inside it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from iku.core.settings import CACHE_ENV, Settings
from iku.core.stage import Context
from iku.resources import lexicon
from iku.stages import ocr
from tests.conftest import TEST_CACHE_ENV

USER_CACHE = Path.home() / ".cache" / "iku-extract"


def test_the_session_cache_is_not_the_users(session_cache: Path):
    assert os.environ[CACHE_ENV] == str(session_cache)
    assert session_cache.is_dir()
    assert not session_cache.resolve().is_relative_to(USER_CACHE.resolve())
    if not os.environ.get(TEST_CACHE_ENV):  # made for this run, in the temporary folder
        assert session_cache.resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())


def test_every_cache_resolves_under_it(session_cache: Path):
    assert ocr.cache_dir(Settings.load()).is_relative_to(session_cache)
    assert Settings.load().cache_dir == session_cache


def test_the_word_list_is_unpacked_into_the_session_cache(session_cache: Path, monkeypatch, tmp_path: Path):
    """Built where the setting says (a fresh folder here), not in ~/.cache; skipped without Tesseract's tools."""
    import pytest

    if not (shutil.which("dawg2wordlist") and shutil.which("combine_tessdata")):
        pytest.skip("Tesseract's training tools are not installed")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    settings = Settings.load()
    words = lexicon._tesseract_words(settings.cache_dir, settings.tessdata_prefix)
    assert words and (tmp_path / "ind_words.txt").is_file()


def test_ocr_results_are_stored_in_the_session_cache(session_cache: Path):
    key = "hermetic-test-entry"
    data = ocr._cached(Context(Settings.load()), key, lambda: {"words": [{"text": "uji"}]})
    assert data["words"] and (session_cache / "ocr" / f"{key}.json").is_file()
    assert not (USER_CACHE / "ocr" / f"{key}.json").exists()
