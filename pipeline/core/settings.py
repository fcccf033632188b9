"""What a run is configured with: one Settings model, built once from CLI options > environment variables >
defaults (`Settings.load`), then handed down as an argument: a document's Context holds it (iku.core.stage), the
stages take what they need of it (the header vocabulary, the OCR lexicon) from the runtime, the analysis layer
its rule paths; batch workers get it pickled. No module keeps settings of its own (tests/test_settings.py).

This module is the only one in iku that reads the process environment: `Settings.load` for the variables in
ENV, and `process_env` for the environment a Tesseract process is started with. Nothing in iku writes it.

The cache directory ($IKU_CACHE_DIR, else ~/.cache/iku-extract) holds what iku can recompute: ocr/ (one JSON
per page image read by Tesseract) and ind_words.txt (Tesseract's Indonesian word list, unpacked once). The test
suite points it at a temporary folder for the session (tests/conftest.py), so tests never read or write a
user's cache.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# the environment variables a Settings field is read from (when the CLI does not give it)
ENV: dict[str, str] = {
    "cache_dir": "IKU_CACHE_DIR",
    "tesserocr": "IKU_TESSEROCR",
    "tessdata_prefix": "TESSDATA_PREFIX",
    "header_rules": "IKU_HEADERS",
    "indicator_rules": "IKU_INDICATOR_RULES",
    "canonical_rules": "IKU_CANONICAL_RULES",
    "flag_rules": "IKU_FLAG_RULES",
    "user": "IKU_USER",
}
CACHE_ENV = ENV["cache_dir"]
RULE_FIELDS = ("indicator_rules", "canonical_rules", "flag_rules")  # what the analysis layer's tables depend on


def _default_cache() -> Path:
    return Path.home() / ".cache" / "iku-extract"


class Settings(BaseModel):
    """Everything a run is configured with. Frozen: a stage cannot change what the next one sees."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dpi: int = Field(300, ge=72, description="resolution scanned pages are rendered at for OCR")
    ocr_min_conf: float = Field(35, description="Tesseract word confidence (0-100) below which a token is noise")
    ocr_doubtful_conf: float = Field(50, description="a word below this makes its cell worth reading again alone")
    signatory_doubtful_conf: float = Field(0.6, ge=0, le=1, description="a signatory's name line read with less "
                                           "confidence (0-1) than this is warned of (W503)")
    tesserocr: bool = Field(True, description="use Tesseract's C API (tesserocr) when installed; else processes")
    tessdata_prefix: str | None = Field(None, description="Tesseract's language data folder (TESSDATA_PREFIX)")
    cache_dir: Path = Field(default_factory=_default_cache, description="OCR results and the unpacked word list")
    header_rules: Path | None = Field(None, description="extra header vocabulary (TOML), before the bundled one")
    indicator_rules: Path | None = Field(None, description="indicator typing rules (TOML) replacing the defaults")
    canonical_rules: Path | None = Field(None, description="canonical-matching rules (TOML)")
    flag_rules: Path | None = Field(None, description="quality flags (TOML) updating or adding to the defaults")
    user: str | None = Field(None, description="who logs corrections (else the login name)")

    @classmethod
    def load(cls, cli: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Settings:
        """CLI options (None: not given) over environment variables (empty: not set) over the defaults.
        `environ` stands for the process environment (tests)."""
        env = _environ() if environ is None else environ
        values: dict[str, Any] = {name: env[var] for name, var in ENV.items() if env.get(var)}
        values.update({k: v for k, v in (cli or {}).items() if v is not None})
        return cls(**values)

    def rule_paths(self) -> dict[str, Path | None]:
        return {name: getattr(self, name) for name in RULE_FIELDS}


def _environ() -> Mapping[str, str]:
    return os.environ


def process_env(tessdata_prefix: str | None, **extra: str) -> dict[str, str]:
    """The environment to start Tesseract's tools with: this process's, with TESSDATA_PREFIX as the settings
    say (removed when they name none) and `extra` on top."""
    env = {k: v for k, v in _environ().items() if k != "TESSDATA_PREFIX"}
    if tessdata_prefix:
        env["TESSDATA_PREFIX"] = tessdata_prefix
    return {**env, **extra}
