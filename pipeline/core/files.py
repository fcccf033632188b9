"""Writing files so that a crash or a kill never leaves a half-written output: every file goes to a temporary
name in the same folder and is renamed into place, with the mode the user's umask gives."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from iku.schemas import Decree

if TYPE_CHECKING:  # pyarrow is imported where a table is made: a worker, which writes JSON only, never loads it
    import pyarrow as pa


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with other threads)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file 0600; outputs on a shared folder must be readable like any file the user writes
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(decree: Decree, out_dir: Path) -> Path:
    path = out_dir / "json" / f"{decree.doc_id}.json"
    atomic_write_bytes(path, decree.model_dump_json(indent=2).encode("utf-8"))
    return path


def arrow_table(records: list[dict], columns: list[tuple[str, pa.DataType]]) -> pa.Table:
    """Records as an Arrow table of exactly these columns (missing keys are null)."""
    import pyarrow as pa

    schema = pa.schema(columns)
    return pa.Table.from_pylist([{k: r.get(k) for k, _ in columns} for r in records], schema=schema)
