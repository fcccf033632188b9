"""iku-extract: Keputusan Camat IKU/IKI decree PDFs -> validated indicator records."""

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version  # not `metadata`: pipeline.metadata is a module
from pathlib import Path

__version__ = "0.2.0"

# The libraries whose upgrade changes what is read from a PDF (and so the records).
READERS = ("pdfplumber", "pdfminer.six", "pypdfium2", "pikepdf", "opencv-python-headless")


def source_fingerprint(*packages: str, root: Path | None = None) -> str:
    """sha256 (first 12 hex digits) of the packages' Python sources and data files (data/), by relative path."""
    root = root or Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for package in packages:
        base = root / package
        files = [*base.rglob("*.py"), *(p for p in (base / "data").rglob("*") if p.is_file())]
        for f in sorted(set(files)):
            if "__pycache__" not in f.parts:
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


def check_not_shadowed() -> None:
    """The import names are generic: a `schemas.py` or `analysis.py` in a notebook's folder would be imported
    instead of this project's package and fail later with a puzzling error. Say which file it is."""
    import importlib.util

    root = Path(__file__).resolve().parent.parent
    for name in ("schemas", "analysis"):
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin).resolve() if spec and spec.origin else None
        if origin is None or origin.parent.parent != root:
            raise ImportError(f"'{name}' is imported from {origin or 'a folder without __init__.py'}, which "
                              f"shadows iku-extract's {root / name}: rename it")


def extract(path):
    """Extract one decree PDF into a schemas.Decree (see pipeline.run.extract)."""
    check_not_shadowed()
    from pipeline.run import extract as _extract

    return _extract(path)


__all__ = ["__version__", "build_id", "check_not_shadowed", "extract"]
