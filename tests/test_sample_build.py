"""The committed samples are what the builder makes of samples/content: every PDF (digital, scanned, mixed) and
every gold file rebuilt into a temporary folder and compared byte for byte with the committed one.

Byte equality holds because the builds are deterministic: reportlab's `invariant=1` (no dates or random IDs),
fixed seeds for the scan noise, pinned dates and /ID in the scanned PDFs. A difference means a content file or
the kit changed without `make samples`, or the committed PDF was edited by hand."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import SAMPLES

from samples.build_samples import build_all


def _committed() -> set[str]:
    files = [*SAMPLES.glob("*.pdf"), *(SAMPLES / "gold").glob("*.json"), *(SAMPLES / "scanned").glob("*.pdf")]
    return {p.relative_to(SAMPLES).as_posix() for p in files}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    build_all(out)
    return out


def _digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()[:12]


def test_builder_makes_the_committed_files(built: Path):
    made = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()}
    assert made == _committed(), "a committed sample has no content file, or a content file no committed sample"
    stale = [f"{name} (committed {_digest(SAMPLES / name)}, built {_digest(built / name)})"
             for name in sorted(made) if (SAMPLES / name).read_bytes() != (built / name).read_bytes()]
    assert stale == [], "run `make samples` and commit the result: " + "; ".join(stale)

