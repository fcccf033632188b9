"""iku-extract: Keputusan Camat IKU/IKI decree PDFs -> validated indicator records.

The import name is `iku`; its layers, each importing only those below it (checked by tests/test_layers.py):

    iku.runtime, iku.review   run documents and batches; the CLI; the review app
    iku.analysis              normalised indicators, quality flags, DuckDB (called by the runtime after a batch)
    iku.export                JSON, Parquet, corrections, Excel
    iku.stages                ingest -> text/ocr -> sections -> tables -> rows -> formulas, normalise
                              -> metadata -> validate
    iku.resources             domain knowledge as data (resources/data/*.toml) behind one vocabulary
    iku.core                  page geometry, stage records, error codes, atomic files, numbers
    iku.schemas               the pydantic contract and its JSON Schema
"""

from iku.core.build import __version__, build_id, source_fingerprint
from iku.core.settings import Settings


def extract(path, settings=None, **kwargs):
    """Extract one decree PDF into a schemas.Decree with `settings` (an iku.core.settings.Settings; None: from
    the environment); see iku.runtime.document.extract."""
    from iku.runtime.document import extract as _extract

    return _extract(path, settings, **kwargs)


def run_batch(inputs, out_dir, **kwargs):
    """Extract every PDF under `inputs` into out_dir (see iku.runtime.batch.run_batch; `settings=` a Settings, sent
    to every worker)."""
    from iku.runtime.batch import run_batch as _run_batch

    return _run_batch(inputs, out_dir, **kwargs)


__all__ = ["Settings", "__version__", "build_id", "extract", "run_batch", "source_fingerprint"]
