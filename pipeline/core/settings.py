"""Where iku keeps what it can recompute: one place that resolves the cache directory.

$IKU_CACHE_DIR, else ~/.cache/iku-extract. Under it: ocr/ (one JSON per page image read by Tesseract) and
ind_words.txt (Tesseract's Indonesian word list, unpacked once). The test suite points it at a temporary
folder for the session (tests/conftest.py), so tests never read or write a user's cache.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "IKU_CACHE_DIR"


def cache_root() -> Path:
    """Read on every call (not cached): a worker process or a test sees the value set before it asked."""
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "iku-extract")
