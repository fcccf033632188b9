"""What build made a record: the version, and a fingerprint of the code, data and PDF readers."""

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version  # not `metadata`: iku.stages.metadata is a module
from pathlib import Path

__version__ = "0.2.0"

# The libraries whose upgrade changes what is read from a PDF (and so the records).
READERS = ("pdfplumber", "pdfminer.six", "pypdfium2", "pikepdf", "opencv-python-headless")


def source_fingerprint(*packages: str, root: Path | None = None) -> str:
    """sha256 (first 12 hex digits) of the source folders' Python code and data files, by relative path."""
    root = root or Path(__file__).resolve().parents[2]
    h = hashlib.sha256()
    for package in packages:
        base = root / package
        files = [p for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                 and (p.suffix == ".py" or "data" in p.relative_to(base).parts)]
        for f in sorted(files):
            h.update(f"{f.relative_to(root)}\0".encode() + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]


@cache
def build_id() -> str:
    """The pipeline version plus a fingerprint of what decides a record: the code and resource data of
    `pipeline` and `schemas`, and the versions of the PDF readers. A record made by another build is stale
    and a re-run extracts it again (`iku status` counts them); the OCR cache has its own key."""
    h = hashlib.sha256(source_fingerprint("pipeline", "schemas").encode())
    for name in READERS:
        try:
            h.update(f"{name}={_dist_version(name)};".encode())
        except PackageNotFoundError:
            h.update(f"{name}=;".encode())
    return f"{__version__}+{h.hexdigest()[:12]}"
