"""Batch runs on a Dask cluster: one task per document, same isolation and output rules as a local run.

The coordinator (the process holding the Client) plans the batch exactly as a local run does (hashes,
doc_ids, what is already done) and alone writes index.json and the Parquet tables. Each Dask task
runs its document in a process of a small pebble pool owned by that Dask worker, so a time limit,
a memory limit and a crashing PDF library cost only that document there too, and writes the
document's JSON into the shared output folder with the same atomic rename. A document whose process
died (E202) or whose Dask worker was lost is tried once more, on another worker when there is one,
before its failure stands: a machine running out of memory or going down is not the file's fault.

Dask workers must be allowed to start processes: run them with `--no-nanny`, or with
DASK_DISTRIBUTED__WORKER__DAEMON=False (Dask's nanny otherwise starts workers as daemon processes,
which Python forbids to have children).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from iku.core.errors import BatchError, WorkerCrashed
from iku.core.settings import Settings
from iku.runtime.plan import ExtractFn, Job, Limits, Outcome, Plan
from iku.runtime.workers import MAX_TASKS, init_worker, mp_context, run_job, settle, write_failure

_pools: dict[tuple, object] = {}
_pools_lock = threading.Lock()


def _pool(limits: Limits):
    """This Dask worker's process pool, one process per Dask thread, started on its first document."""
    from distributed import get_worker
    from pebble import ProcessPool

    worker = get_worker()
    key = (worker.address, limits.max_memory_mb)
    with _pools_lock:
        pool = _pools.get(key)
        if pool is None or not pool.active:
            pool = ProcessPool(max_workers=worker.state.nthreads, max_tasks=MAX_TASKS, context=mp_context(),
                               initializer=init_worker, initargs=(limits.max_memory_mb, os.getpid()))
            _pools[key] = pool
    return pool


def extract_task(job: Job, out_dir: str, limits: Limits, settings: Settings,
                 extract_fn: ExtractFn | None = None) -> Outcome:
    """One document on a Dask worker, with the coordinator's settings. Never raises for a bad document: the
    failure is its record."""
    future = _pool(limits).schedule(run_job, args=(job, out_dir, settings, extract_fn), timeout=limits.for_job(job))
    return settle(job, future, limits, Path(out_dir))


def close_pools() -> None:
    """Stop this Dask worker's pools (run on every worker at the end of a batch)."""
    with _pools_lock:
        for pool in _pools.values():
            pool.close()
            pool.join()
        _pools.clear()


def _can_start_processes() -> bool:
    return not multiprocessing.current_process().daemon


def run_on_dask(client, plan: Plan, limits: Limits, extract_fn: ExtractFn | None,
                done: Callable[[Outcome], None], settings: Settings) -> None:
    from distributed import as_completed

    daemonic = sorted(addr for addr, ok in client.run(_can_start_processes).items() if not ok)
    if daemonic:
        raise BatchError(
            f"Dask workers {', '.join(daemonic)} run as daemon processes and cannot isolate documents in "
            "subprocesses; start them with DASK_DISTRIBUTED__WORKER__DAEMON=False or `dask worker --no-nanny`")
    out = str(plan.out_dir.resolve())  # workers do not share the coordinator's working directory
    run_id = uuid.uuid4().hex[:8]
    jobs = {}
    futures = []
    for i, planned in enumerate(plan.jobs):
        job = replace(planned, path=str(Path(planned.path).resolve()), source_file=planned.path)
        key = f"iku-extract-{run_id}-{job.doc_id}"
        jobs[key] = job
        # earlier (larger) documents first, as in a local run
        futures.append(client.submit(extract_task, job, out, limits, settings, extract_fn, key=key, pure=False,
                                     priority=len(plan.jobs) - i))
    retried: set[str] = set()
    try:
        pending = as_completed(futures)
        for fut in pending:
            job = jobs[fut.key]
            try:
                outcome, lost = fut.result(), None
            except Exception as exc:  # the Dask worker itself died on this task, repeatedly (KilledWorker)
                outcome, lost = None, exc
            crashed = lost is not None or outcome.error_code == WorkerCrashed.code
            if crashed and job.doc_id not in retried:
                retried.add(job.doc_id)
                retry = _resubmit(client, fut, job, out, limits, settings, extract_fn)
                jobs[retry.key] = job
                futures.append(retry)
                pending.add(retry)
                continue
            if outcome is None:
                err = WorkerCrashed(f"{Path(job.path).name}: Dask worker lost ({type(lost).__name__}: {lost})")
                outcome = write_failure(job, err, plan.out_dir)
            done(outcome)
    finally:
        client.cancel([f for f in futures if not f.done()])
        client.run(close_pools)


def _resubmit(client, fut, job: Job, out: str, limits: Limits, settings: Settings, extract_fn: ExtractFn | None):
    """The document once more, preferably on a worker other than the one it crashed on."""
    held = set(client.who_has([fut]).get(fut.key, ()))
    others = [w for w in client.scheduler_info()["workers"] if w not in held]
    return client.submit(extract_task, job, out, limits, settings, extract_fn, key=f"{fut.key}-retry", pure=False,
                         workers=others or None, allow_other_workers=True)


CONNECT_TIMEOUT = 10.0  # seconds: an unreachable scheduler is a user error, said quickly


def connect(scheduler: str, timeout: float = CONNECT_TIMEOUT):
    """A Client for `--scheduler tcp://HOST:PORT`; BatchError when Dask is not installed or the scheduler
    does not answer within `timeout`."""
    try:
        from distributed import Client
    except ImportError:
        raise BatchError("--scheduler needs Dask: pip install 'iku-extract[dask]'") from None
    try:
        return Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(f"cannot reach the Dask scheduler {scheduler} within {timeout:g} s: {exc}") from None
