"""Batch runs at scale: a pool of isolated worker processes, resumable by content hash.

- Every document runs in a worker process of a pebble ProcessPool, which kills a worker that
  overruns the document's time limit and reports a worker that dies (segfault, abort, OOM kill)
  as that task's error; the pool replaces the worker and the batch goes on. Workers are forked
  from a forkserver that has already imported the pipeline (cheap to start, no threads copied),
  cap their own address space (RLIMIT_AS) and are recycled every MAX_TASKS documents.
- Results are keyed by the PDF's sha256 and the build (pipeline.build_id: the version plus a fingerprint
  of the code, resource data and PDF readers): a record another build made is stale and redone. The
  per-document JSON files in OUT/json are the truth; OUT/index.json is a cache of them (and of file
  hashes) rebuilt from them, so a kill at any moment loses at most the documents in flight. A re-run skips what is done.
- Workers write their own JSON (atomic rename), so the same code serves a Dask cluster
  (pipeline/distributed.py) writing to a shared folder. The coordinator alone writes index.json
  and the folder tables, brought in line with the JSON files once the batch ends (only the decrees that
  changed are analysed again, iku.analysis.store): never half a batch, never a duplicate.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import as_completed
from dataclasses import replace
from pathlib import Path

from iku.core.errors import (
    BatchError,
)
from iku.core.settings import Settings
from iku.runtime.outputs import (
    _entry_from_json,
    output_lock,
    rebuild_parquet,
    reconcile_index,
    save_index,
)
from iku.runtime.plan import BatchResult, ExtractFn, Limits, Outcome, Plan, Status, folder_status, plan_batch
from iku.runtime.workers import MAX_TASKS, default_workers, init_worker, mp_context, run_job, settle

INDEX_EVERY = 10.0  # seconds between index saves during a batch

# ----------------------------------------------------------------------------------------------- runs


def _page_threads(workers: int, jobs: int) -> int:
    """Fewer documents than workers: the cores left over read each document's scanned pages in threads (the
    records do not depend on it). Decided once per batch, from the documents it starts with."""
    return max(1, workers // max(1, jobs))


def _run_local(plan: Plan, workers: int, limits: Limits, extract_fn: ExtractFn | None,
               done: Callable[[Outcome], None], settings: Settings) -> None:
    from pebble import ProcessPool

    out = str(plan.out_dir)
    threads = _page_threads(workers, len(plan.jobs))
    with ProcessPool(max_workers=workers, max_tasks=MAX_TASKS, context=mp_context(), initializer=init_worker,
                     initargs=(limits.max_memory_mb, os.getpid())) as pool:
        try:
            futures = {pool.schedule(run_job, args=(replace(job, page_threads=threads), out, settings, extract_fn),
                                     timeout=limits.for_job(job)): job for job in plan.jobs}
            for f in as_completed(futures):
                done(settle(futures[f], f, limits, plan.out_dir))
        except BaseException:
            pool.stop()  # Ctrl-C or a bug: kill the workers now rather than finishing the queue
            raise


def _warm_analysis(settings: Settings) -> threading.Thread:
    """Load the analysis layer in a background thread: spaCy, DuckDB, the indicator-typing pipeline (spaCy's
    Indonesian tokenizer with its ~16,000 exceptions: seconds to build) and the gazetteer's region index. The
    folder tables rebuilt after the batch need them, and the coordinator only waits on its workers meanwhile,
    so this overlaps the extraction instead of following it. A failure is left to the rebuild, which meets
    it again."""

    def warm() -> None:
        with contextlib.suppress(Exception):
            from iku.analysis import indicator_types, store  # noqa: F401 (store: imported for its modules)
            from iku.resources import gazetteer

            indicator_types.type_indicator("", rules_path=settings.indicator_rules)  # the rebuild's rules
            gazetteer._index()  # the region index the quality flags look names up in

    thread = threading.Thread(target=warm, daemon=True, name="iku-warm")
    thread.start()
    return thread


def run_batch(inputs: list[Path | str] | Path | str, out_dir: Path | str, *, workers: int | None = None, client=None,
              limits: Limits = Limits(), force: bool = False, retry_failed: bool = False,  # noqa: B008 (Limits is a frozen dataclass)
              extract_fn: ExtractFn | None = None, on_plan: Callable[[Plan], None] | None = None,
              on_done: Callable[[Outcome], None] | None = None, settings: Settings | None = None) -> BatchResult:
    """Extract every PDF under `inputs` into out_dir, in parallel, skipping what is already done.

    `settings` (None: Settings.load(), the environment's) are built here once and go to every worker.

    With `client` (a dask.distributed Client) the documents go to the Dask cluster instead of a local
    pool; paths and out_dir must then be the same on every machine (a shared folder).
    `extract_fn` (default iku.runtime.document.extract) must be importable by the workers.
    """
    # str paths as the README's examples give them; converted before the output folder is locked
    inputs = [Path(p) for p in ([inputs] if isinstance(inputs, str | os.PathLike) else inputs)]
    out_dir = Path(out_dir)
    settings = settings or Settings.load()
    with output_lock(out_dir):
        plan = plan_batch(inputs, out_dir, force=force, retry_failed=retry_failed, settings=settings)
        index = plan.index
        save_index(out_dir, index)  # keeps the hashes even if this run is killed
        result = BatchResult(plan=plan)
        last_save = time.monotonic()

        def done(o: Outcome) -> None:
            nonlocal last_save
            result.outcomes.append(o)
            p = out_dir / "json" / f"{o.doc_id}.json"
            with contextlib.suppress(OSError):
                index["documents"][o.doc_id] = _entry_from_json(p, None) or {}
                index["documents"][o.doc_id]["sources"] = plan.aliases.get(o.doc_id, [o.source_file])
            if on_done:
                on_done(o)
            if time.monotonic() - last_save > INDEX_EVERY:
                save_index(out_dir, index)
                last_save = time.monotonic()

        if on_plan:
            on_plan(plan)
        warm = _warm_analysis(settings) if plan.jobs else None
        try:
            if plan.jobs and client is not None:
                from iku.runtime.distributed import run_on_dask

                run_on_dask(client, plan, limits, extract_fn, done, settings)
            elif plan.jobs:
                _run_local(plan, workers or default_workers(), limits, extract_fn, done, settings)
        except KeyboardInterrupt:
            result.interrupted = True
        index = reconcile_index(out_dir, index)
        for doc_id, paths in plan.aliases.items():
            if doc_id in index["documents"]:
                e = index["documents"][doc_id]
                e["sources"] = sorted(set(e.get("sources", [])) | set(paths))
        if warm is not None:
            warm.join()  # the typing pipeline is built once, not twice side by side
        if not result.interrupted:
            rebuild_parquet(out_dir, index, settings)
        save_index(out_dir, index)
    return result


__all__ = ["BatchError", "BatchResult", "Limits", "Outcome", "Plan", "Status", "folder_status", "output_lock",
           "plan_batch", "rebuild_parquet", "reconcile_index", "run_batch", "save_index"]
