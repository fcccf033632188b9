"""What a PDF library can do to a worker process, done for real, for the isolation tests.

`extract_with_faults` is the real extraction, except for files whose name starts with crash, hang
or oom: the worker then dies of a segfault, never returns, or allocates until its memory limit
(crash_once: dies the first time only).
It lives in its own module so that worker processes can import it.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from iku.runtime.document import extract
from iku.schemas import Decree


def extract_with_faults(path: Path, settings=None, page_threads: int = 1) -> Decree:
    name = Path(path).name
    marker = Path(path).with_suffix(".crashed")
    if name.startswith("crash_once") and not marker.exists():  # dies the first time only: a machine's trouble
        marker.touch()
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("crash") and not name.startswith("crash_once"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("hang"):
        while True:
            time.sleep(0.1)
    if name.startswith("oom"):
        hog = []
        while True:
            hog.append(bytearray(64 << 20))
    return extract(path, settings, page_threads=page_threads)
