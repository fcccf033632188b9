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
  and the Parquet tables, rebuilt from the JSON files: never half a batch, never a duplicate.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import multiprocessing
import os
import resource
import select
import signal
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import build_id, source_fingerprint
from pipeline.errors import W_OCR_UNAVAILABLE, ExtractionError, MemoryLimit, Timeout, WorkerCrashed, warning_codes
from pipeline.export import atomic_write_bytes, load_json_outputs, write_analysis, write_json, write_parquet
from pipeline.ingest import find_pdfs, sha256_of
from schemas import Decree

log = logging.getLogger("iku.batch")

INDEX_NAME = "index.json"
LOCK_NAME = ".iku.lock"
MAX_TASKS = 25  # documents per worker before it is replaced: bounds any slow leak in the PDF libraries
INDEX_EVERY = 10.0  # seconds between index saves during a batch
EXIT_MEMORY = 86  # exit status of a worker that ran out of memory outside extract()

ExtractFn = Callable[[Path], Decree]


class BatchError(RuntimeError):
    """The batch cannot start (the output folder is busy, the cluster cannot isolate documents)."""


SECONDS_PER_MB = 120.0  # time allowed per MB of PDF (scans: 5 to 30 pages per MB, ~2.5 s of OCR each)


@dataclass(frozen=True)
class Limits:
    """Per-document limits. None means no limit."""

    timeout: float | None = 600.0  # wall seconds per document, at least; see for_job
    max_memory_mb: int | None = 3072  # address space per worker process (the pipeline alone maps ~0.7 GB)

    def for_job(self, job: Job) -> float | None:
        """The time limit of one document: `timeout`, raised for large files. A scan costs ~2.5 s of OCR per
        page (more on a loaded machine) and 35 to 200 KB per page, so a long scanned booklet must not be
        stopped as if it hung; the page count is not known before the document is opened, and opening it is
        what the worker is there for."""
        if self.timeout is None:
            return None
        return self.timeout + SECONDS_PER_MB * max(0.0, job.size / 1e6 - 1)  # digital decrees are under 1 MB


@dataclass(frozen=True)
class Job:
    doc_id: str
    path: str  # the file to read (first in sorted order among files with the same content)
    sha256: str | None
    size: int = 0
    source_file: str | None = None  # the path as the user gave it, when `path` was made absolute


@dataclass
class Outcome:
    """What a worker sends back: small, so thousands of them cost nothing to pickle."""

    doc_id: str
    source_file: str
    sha256: str | None
    status: str
    error_code: str | None = None
    error: str | None = None
    pages: int = 0
    n_indicators: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the worker on this document: wall time over it shows contention
    worker_pid: int | None = None
    worker_peak_mb: float | None = None  # the worker process's peak RSS so far (VmHWM)
    pipeline_version: str = field(default_factory=build_id)

    @property
    def failed(self) -> bool:
        return self.status == "failed"


@dataclass
class Plan:
    out_dir: Path
    jobs: list[Job]  # to extract now
    skipped: list[Outcome]  # already done (same content, same build)
    aliases: dict[str, list[str]]  # doc_id -> every input path with that content, in this run
    index: dict  # the index as loaded and reconciled with OUT/json

    @property
    def total(self) -> int:
        return len(self.jobs) + len(self.skipped)


@dataclass
class BatchResult:
    plan: Plan
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False

    @property
    def documents(self) -> list[Outcome]:
        """Every document of this run's inputs, extracted now or before."""
        return sorted(self.plan.skipped + self.outcomes, key=lambda o: o.doc_id)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.documents if o.failed]


# ---------------------------------------------------------------------------------------------- index


def _read_index(out_dir: Path) -> dict:
    try:
        data = json.loads((out_dir / INDEX_NAME).read_bytes())
        if data.get("format") == 1:
            return data
    except (OSError, ValueError):
        pass  # missing or damaged: rebuilt from the JSON files
    return {"format": 1, "documents": {}, "hashes": {}}


def _entry_from_json(path: Path, old: dict | None) -> dict | None:
    st = path.stat()
    if old and old.get("json_size") == st.st_size and old.get("json_mtime_ns") == st.st_mtime_ns:
        return old
    try:
        d = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None  # unreadable: the document will be redone
    sources = old.get("sources", []) if old and old.get("sha256") == d.get("sha256") else []
    return {"sha256": d.get("sha256"), "pipeline_version": d.get("pipeline_version"), "status": d.get("status"),
            "error_code": d.get("error_code"), "error": d.get("error"), "pages": d.get("pages", 0),
            "n_indicators": len(d.get("indicators") or []), "source_file": d.get("source_file"),
            # pages left unread because OCR could not run here: redone once it can (see plan_batch)
            "ocr_unavailable": W_OCR_UNAVAILABLE in warning_codes(d.get("warnings") or []),
            "sources": sorted(set(sources) | {d.get("source_file") or ""} - {""}),
            "json_size": st.st_size, "json_mtime_ns": st.st_mtime_ns}


def reconcile_index(out_dir: Path, index: dict | None = None) -> dict:
    """The index brought in line with OUT/json: only changed JSON files are read."""
    index = index if index is not None else _read_index(out_dir)
    old = index.get("documents", {})
    docs = {}
    json_dir = out_dir / "json"
    for p in sorted(json_dir.glob("*.json")) if json_dir.is_dir() else []:
        entry = _entry_from_json(p, old.get(p.stem))
        if entry is not None:
            docs[p.stem] = entry
    index["documents"] = docs
    return index


def save_index(out_dir: Path, index: dict) -> None:
    index = {**index, "pipeline_version": build_id()}
    atomic_write_bytes(out_dir / INDEX_NAME, json.dumps(index, indent=1, sort_keys=True).encode("utf-8"))


def _outputs_fingerprint(index: dict) -> str:
    """What the Parquet tables and the analysis layer are made from: the JSON files, this build and the
    analysis package (code and rules), so a change of analysis rules redoes them without re-extracting."""
    docs = index["documents"]
    items = sorted((k, v["json_size"], v["json_mtime_ns"]) for k, v in docs.items())
    return hashlib.sha256(json.dumps([build_id(), source_fingerprint("analysis"), items]).encode()).hexdigest()


def rebuild_parquet(out_dir: Path, index: dict) -> bool:
    """Rebuild the Parquet tables and the analysis outputs from OUT/json unless they already match it."""
    fingerprint = _outputs_fingerprint(index)
    parquet = [out_dir / "documents.parquet", out_dir / "indicators.parquet"]
    if index.get("parquet_fingerprint") == fingerprint and all(p.exists() for p in parquet):
        return False
    decrees = load_json_outputs(out_dir)
    write_parquet(decrees, out_dir)
    write_analysis(decrees, out_dir)
    index["parquet_fingerprint"] = fingerprint
    return True


@contextlib.contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """One batch at a time per output folder. The kernel drops the lock when the holder dies."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / LOCK_NAME, "w") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BatchError(f"another iku batch is writing to {out_dir}") from None
        # temporary files left by a killed run (atomic writes that never reached their rename)
        for tmp in [*out_dir.glob(".*.tmp"), *(out_dir / "json").glob(".*.tmp")]:
            tmp.unlink(missing_ok=True)
        yield


# ----------------------------------------------------------------------------------------------- plan


def _hash(path: Path, cache: dict) -> tuple[str | None, int]:
    """sha256 of a file, reusing the last run's value while size and mtime are unchanged."""
    try:
        st = path.stat()
        key = str(path.resolve())
        hit = cache.get(key)
        if hit and hit[0] == st.st_size and hit[1] == st.st_mtime_ns:
            return hit[2], st.st_size
        digest = sha256_of(path)
    except OSError:
        return None, 0  # unreadable: extract() will put the reason on the record
    cache[key] = [st.st_size, st.st_mtime_ns, digest]
    return digest, st.st_size


def _same_file(a: str | None, b: str) -> bool:
    return a is not None and Path(a).resolve() == Path(b).resolve()


def _ocr_ready() -> bool:
    from pipeline.ocr import engine_problem  # cv2 and numpy: only when a record is waiting for OCR

    return engine_problem() is None


def _redo(entry: dict, retry_failed: bool) -> bool:
    """A current record that is still extracted again: a failure under --retry-failed, and a document whose
    scanned pages were left unread for want of OCR, under --retry-failed or once OCR works here."""
    if retry_failed and (entry.get("status") == "failed" or entry.get("ocr_unavailable")):
        return True
    return bool(entry.get("ocr_unavailable")) and _ocr_ready()


def plan_batch(inputs: list[Path], out_dir: Path, *, force: bool = False, retry_failed: bool = False) -> Plan:
    """Decide what to extract: hash every input, recognise duplicates and renamed files, assign doc_ids.

    doc_id is the file stem, as before. It gets a short hash suffix only when two different contents
    would share it: two inputs with the same stem, or an output already holding that stem for another
    file. A content seen before keeps the doc_id it got then. The rule depends only on the inputs and
    the outputs on disk, so a run that was killed and restarted assigns the same doc_ids.
    """
    index = reconcile_index(out_dir)
    build = build_id()
    hashes = {k: v for k, v in index.get("hashes", {}).items() if Path(k).exists()}
    docs: dict[str, dict] = index["documents"]

    groups: dict[str, list[tuple[Path, int]]] = defaultdict(list)
    for pdf in find_pdfs(inputs):
        digest, size = _hash(pdf, hashes)
        groups[digest or f"unreadable:{pdf}"].append((pdf, size))
    index["hashes"] = hashes

    by_hash: dict[str, str] = {}
    for doc_id, e in sorted(docs.items()):
        if e.get("sha256"):
            by_hash.setdefault(e["sha256"], doc_id)

    ordered = sorted(groups.items(), key=lambda kv: str(min(p for p, _ in kv[1])))
    stems = Counter(min(p for p, _ in members).stem for _, members in ordered)
    assigned: dict[str, str] = {key: by_hash[key] for key, _ in ordered if key in by_hash}
    used = set(assigned.values())
    for key, members in ordered:
        if key in assigned:
            continue
        primary = min(p for p, _ in members)
        stem, owner = primary.stem, docs.get(primary.stem)
        free = owner is None or _same_file(owner.get("source_file"), str(primary))
        if stems[stem] == 1 and free and stem not in used:
            doc_id = stem  # the usual case; also a file edited in place, which replaces its old record
        else:
            suffix = hashlib.sha256(key.encode()).hexdigest() if key.startswith("unreadable:") else key
            doc_id = f"{stem}-{suffix[:12]}"
        assigned[key] = doc_id
        used.add(doc_id)

    jobs, skipped, aliases = [], [], {}
    for key, members in ordered:
        doc_id = assigned[key]
        paths = sorted(p for p, _ in members)
        aliases[doc_id] = [str(p) for p in paths]
        e = docs.get(doc_id)
        sha = None if key.startswith("unreadable:") else key
        done = e is not None and sha is not None and e.get("sha256") == sha and e.get("pipeline_version") == build
        if done and not force and not _redo(e, retry_failed):
            e["sources"] = sorted(set(e.get("sources", [])) | set(aliases[doc_id]))
            skipped.append(Outcome(doc_id=doc_id, source_file=e.get("source_file") or str(paths[0]), sha256=sha,
                                   status=e["status"], error_code=e.get("error_code"), error=e.get("error"),
                                   pages=e.get("pages", 0), n_indicators=e.get("n_indicators", 0)))
        else:
            jobs.append(Job(doc_id=doc_id, path=str(paths[0]), sha256=sha, size=max(s for _, s in members)))
    jobs.sort(key=lambda j: (-j.size, j.doc_id))  # largest first: the batch does not end on one long document
    return Plan(out_dir=out_dir, jobs=jobs, skipped=skipped, aliases=aliases, index=index)


@dataclass
class Status:
    """What an output folder holds, against this build (`iku status OUT`)."""

    done: dict[str, dict] = field(default_factory=dict)  # current records, ok or partial
    stale: dict[str, dict] = field(default_factory=dict)  # made by another build, or waiting for OCR: redone
    failed: dict[str, dict] = field(default_factory=dict)  # current failed records (--retry-failed redoes them)


def folder_status(out_dir: Path) -> Status:
    """Sort the records of out_dir into done, stale and failed. Reads OUT/json; writes nothing."""
    status, build = Status(), build_id()
    for doc_id, e in reconcile_index(out_dir)["documents"].items():
        if e.get("pipeline_version") != build or (e.get("ocr_unavailable") and _ocr_ready()):
            status.stale[doc_id] = e
        elif e.get("status") == "failed":
            status.failed[doc_id] = e
        else:
            status.done[doc_id] = e
    return status


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
    if max_memory_mb:
        limit = max_memory_mb * 1024 * 1024
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
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


def run_job(job: Job, out_dir: str, extract_fn: ExtractFn | None = None) -> Outcome:
    """Extract one document and write its JSON. Runs inside a worker process."""
    if extract_fn is None:
        from pipeline.run import extract as extract_fn
    start, cpu = time.perf_counter(), time.process_time()
    try:
        decree = extract_fn(Path(job.path))
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
    ctx.set_forkserver_preload(["pipeline.run"])
    return ctx


def default_workers() -> int:
    return len(os.sched_getaffinity(0))


# ----------------------------------------------------------------------------------------------- runs


def _run_local(plan: Plan, workers: int, limits: Limits, extract_fn: ExtractFn | None,
               done: Callable[[Outcome], None]) -> None:
    from pebble import ProcessPool

    out = str(plan.out_dir)
    with ProcessPool(max_workers=workers, max_tasks=MAX_TASKS, context=mp_context(), initializer=init_worker,
                     initargs=(limits.max_memory_mb, os.getpid())) as pool:
        try:
            futures = {pool.schedule(run_job, args=(job, out, extract_fn), timeout=limits.for_job(job)): job
                       for job in plan.jobs}
            for f in as_completed(futures):
                done(settle(futures[f], f, limits, plan.out_dir))
        except BaseException:
            pool.stop()  # Ctrl-C or a bug: kill the workers now rather than finishing the queue
            raise


def run_batch(inputs: list[Path | str] | Path | str, out_dir: Path | str, *, workers: int | None = None, client=None,
              limits: Limits = Limits(), force: bool = False, retry_failed: bool = False,
              extract_fn: ExtractFn | None = None, on_plan: Callable[[Plan], None] | None = None,
              on_done: Callable[[Outcome], None] | None = None) -> BatchResult:
    """Extract every PDF under `inputs` into out_dir, in parallel, skipping what is already done.

    With `client` (a dask.distributed Client) the documents go to the Dask cluster instead of a local
    pool; paths and out_dir must then be the same on every machine (a shared folder).
    `extract_fn` (default pipeline.run.extract) must be importable by the workers.
    """
    # str paths as the README's examples give them; converted before the output folder is locked
    inputs = [Path(p) for p in ([inputs] if isinstance(inputs, str | os.PathLike) else inputs)]
    out_dir = Path(out_dir)
    with output_lock(out_dir):
        plan = plan_batch(inputs, out_dir, force=force, retry_failed=retry_failed)
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
        try:
            if plan.jobs and client is not None:
                from pipeline.distributed import run_on_dask

                run_on_dask(client, plan, limits, extract_fn, done)
            elif plan.jobs:
                _run_local(plan, workers or default_workers(), limits, extract_fn, done)
        except KeyboardInterrupt:
            result.interrupted = True
        index = reconcile_index(out_dir, index)
        for doc_id, paths in plan.aliases.items():
            if doc_id in index["documents"]:
                e = index["documents"][doc_id]
                e["sources"] = sorted(set(e.get("sources", [])) | set(paths))
        if not result.interrupted:
            rebuild_parquet(out_dir, index)
        save_index(out_dir, index)
    return result
