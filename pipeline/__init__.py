"""iku-extract: Keputusan Camat IKU/IKI decree PDFs -> validated indicator records."""

__version__ = "0.1.0"


def extract(path):
    """Extract one decree PDF into a schemas.Decree (see pipeline.run.extract)."""
    from pipeline.run import extract as _extract

    return _extract(path)


__all__ = ["__version__", "extract"]
