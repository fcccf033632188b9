"""The worker side of a batch, shared by the local pool and Dask: start-up limits, one job run into its
JSON record, and a failed or killed job turned into a failure record."""

from __future__ import annotations

import logging
import multiprocessing
import os
import select
import signal
import threading
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from iku.core.build import build_id
from iku.core.errors import BatchError, ExtractionError, MemoryLimit, Timeout, WorkerCrashed
from iku.core.files import write_json
from iku.core.portable import limit_address_space, usable_cores
from iku.core.settings import Settings
from iku.runtime.plan import ExtractFn, Job, Limits, Outcome
from iku.schemas import Decree

log = logging.getLogger("iku.batch")

MAX_TASKS = 25  # documents per worker before it is replaced: bounds any slow leak in the PDF libraries
EXIT_MEMORY = 86  # exit status of a worker that ran out of memory outside extract()

# -------------------------------------------------------------------------------------------- workers


def _watch_parent(pid: int) -> None:
    """Exit when the coordinator dies (even by SIGKILL), so no orphan worker keeps running."""
    try:
        fd = os.pidfd_open(pid)
    except (OSError, AttributeError):
        return  # no pidfd (old kernel): an orphan still exits when its pipe closes after the current task
    select.select([fd], [], [])
    os._exit(1)


def init_worker(max_memory_mb: int | None, coordinator_pid: int | None) -> None:
    """Runs once in every worker process, before its first document."""
    from iku.stages import ocr

    ocr.one_core_per_thread()  # the batch runs one worker (or one page thread) per core
    if max_memory_mb:
        limit_address_space(max_memory_mb)
    if coordinator_pid:
        threading.Thread(target=_watch_parent, args=(coordinator_pid,), daemon=True, name="iku-watch").start()


def _peak_rss_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _outcome(d: Decree, seconds: float, cpu_seconds: float = 0.0) -> Outcome:
    return Outcome(doc_id=d.doc_id, source_file=d.source_file, sha256=d.sha256, status=d.status,
                   error_code=d.error_code, error=d.error, pages=d.pages, n_indicators=len(d.indicators),
                   seconds=round(seconds, 3), cpu_seconds=round(cpu_seconds, 3), worker_pid=os.getpid(),
                   worker_peak_mb=_peak_rss_mb(), pipeline_version=d.pipeline_version)


def run_job(job: Job, out_dir: str, settings: Settings, extract_fn: ExtractFn | None = None) -> Outcome:
    """Extract one document with the batch's settings (pickled to this process) and write its JSON. Runs inside
    a worker process."""
    if extract_fn is None:
        from iku.runtime.document import extract as extract_fn
    start, cpu = time.perf_counter(), time.process_time()
    try:
        decree = extract_fn(Path(job.path), settings=settings, page_threads=job.page_threads)
        decree.doc_id = job.doc_id
        if job.source_file:
            decree.source_file = job.source_file
        write_json(decree, Path(out_dir))
    except MemoryError:
        # the traceback would keep the memory alive into the next document: let the pool replace this process
        os._exit(EXIT_MEMORY)
    return _outcome(decree, time.perf_counter() - start, time.process_time() - cpu)


def failure(job: Job, exc: BaseException, limits: Limits) -> ExtractionError:
    """What a worker-level failure (not caught inside extract()) means for the document."""
    from pebble import ProcessExpired

    name = Path(job.path).name
    if isinstance(exc, TimeoutError):
        return Timeout(f"{name}: still running after {limits.for_job(job):g} s, stopped")
    if isinstance(exc, MemoryError):
        return MemoryLimit(f"{name}: over the {limits.max_memory_mb} MB limit")
    if isinstance(exc, ProcessExpired) and exc.exitcode == EXIT_MEMORY:
        return MemoryLimit(f"{name}: over the {limits.max_memory_mb} MB limit")
    if isinstance(exc, ProcessExpired):
        code = exc.exitcode
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        if code == -signal.SIGKILL:
            how += " (killed: out of memory?)"
        return WorkerCrashed(f"{name}: worker died with {how}")
    if isinstance(exc, ExtractionError):
        return exc
    return ExtractionError(f"{name}: {type(exc).__name__}: {exc}")


def write_failure(job: Job, err: ExtractionError, out_dir: Path) -> Outcome:
    """The failed record for a document whose worker could not write one itself."""
    d = Decree(pipeline_version=build_id(), doc_id=job.doc_id, source_file=job.source_file or job.path,
               sha256=job.sha256,
               status="failed", error=str(err), error_code=err.code)
    write_json(d, out_dir)
    return _outcome(d, 0.0)


def settle(job: Job, future: Future, limits: Limits, out_dir: Path) -> Outcome:
    """The outcome of a finished future; a dead, hung or over-limit worker costs only its document."""
    try:
        return future.result()
    except BrokenProcessPool as exc:  # no worker can start: not this document's fault, stop the batch
        raise BatchError(f"worker processes cannot start ({exc}); see the errors above") from exc
    except Exception as exc:
        if not isinstance(exc, TimeoutError):
            log.warning("worker failure on %s: %r", job.path, exc)
        return write_failure(job, failure(job, exc, limits), out_dir)


def mp_context() -> multiprocessing.context.BaseContext:
    """forkserver with the pipeline preloaded: workers start in milliseconds, and no thread of the
    coordinator (progress bar, Dask) is ever copied by a fork."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["iku.runtime.document"])
    return ctx


def default_workers() -> int:
    return usable_cores()


