"""What a batch will do: the jobs (one per new or changed PDF), their limits and outcomes, and the
folder's status (done, stale, failed) against the current build."""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from iku.core.build import build_id
from iku.core.settings import Settings
from iku.runtime.outputs import reconcile_index
from iku.schemas import Decree
from iku.stages.ingest import find_pdfs, sha256_of

# extract_fn(path, settings=..., page_threads=...) -> Decree, as iku.runtime.document.extract
ExtractFn = Callable[..., Decree]
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
    page_threads: int = 1  # scanned pages read at once (iku.stages.text): cores the batch would leave idle


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


def _ocr_ready(settings: Settings) -> bool:
    from iku.stages.ocr import engine_problem  # cv2 and numpy: only when a record is waiting for OCR

    return engine_problem(settings) is None


def _redo(entry: dict, retry_failed: bool, settings: Settings) -> bool:
    """A current record that is still extracted again: a failure under --retry-failed, and a document whose
    scanned pages were left unread for want of OCR, under --retry-failed or once OCR works here."""
    if retry_failed and (entry.get("status") == "failed" or entry.get("ocr_unavailable")):
        return True
    return bool(entry.get("ocr_unavailable")) and _ocr_ready(settings)


def plan_batch(inputs: list[Path], out_dir: Path, *, force: bool = False, retry_failed: bool = False,
               settings: Settings | None = None) -> Plan:
    """Decide what to extract: hash every input, recognise duplicates and renamed files, assign doc_ids.

    doc_id is the file stem, as before. It gets a short hash suffix only when two different contents
    would share it: two inputs with the same stem, or an output already holding that stem for another
    file. A content seen before keeps the doc_id it got then. The rule depends only on the inputs and
    the outputs on disk, so a run that was killed and restarted assigns the same doc_ids.
    """
    index = reconcile_index(out_dir)
    build, settings = build_id(), settings or Settings.load()
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
        if done and not force and not _redo(e, retry_failed, settings):
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


def folder_status(out_dir: Path, settings: Settings | None = None) -> Status:
    """Sort the records of out_dir into done, stale and failed. Reads OUT/json; writes nothing."""
    status, build, settings = Status(), build_id(), settings or Settings.load()
    for doc_id, e in reconcile_index(out_dir)["documents"].items():
        if e.get("pipeline_version") != build or (e.get("ocr_unavailable") and _ocr_ready(settings)):
            status.stale[doc_id] = e
        elif e.get("status") == "failed":
            status.failed[doc_id] = e
        else:
            status.done[doc_id] = e
    return status


