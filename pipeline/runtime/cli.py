"""Command line: `iku extract PATH... -o outputs/`."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from iku.core.build import __version__
from iku.core.settings import Settings
from iku.runtime.batch import BatchError, Limits, Outcome, Plan, run_batch
from iku.runtime.distributed import connect
from iku.stages.ingest import find_pdfs

# typer prints an argument's Python type ("<list[Path]>") beside its name and offers no switch; the names
# and help say it better
typer.core.TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
# plain click help: flags without "<bool>", placeholders we name, defaults as written
app = typer.Typer(add_completion=False, rich_markup_mode=None, context_settings={"help_option_names": ["-h", "--help"]},
                  help="Keputusan Camat IKU/IKI decree PDFs -> JSON and Parquet.")
console = Console(stderr=True)  # progress and diagnostics; per-document lines and the summary go to stdout
OUT_HELP = "an output folder written by `iku extract`"


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    _: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                    help="print the version and exit")] = False,
) -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


def fail(message: str, code: int = 2) -> typer.Exit:
    """A user error: one line on stderr, no traceback."""
    console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _extraction_folder(out: Path) -> None:
    if not (out / "json").is_dir():
        raise fail(f"{out} holds no extraction (no {out / 'json'}): run `iku extract PATH... -o {out}` first")


def _partial_reason(out: Path, doc_id: str) -> str:
    """The first warning of a partial record: what was lost ("W301 page 3: could not be read ...")."""
    from iku.schemas import RecordWarning

    try:
        warnings = json.loads((out / "json" / f"{doc_id}.json").read_text(encoding="utf-8")).get("warnings") or []
    except (OSError, ValueError):
        return ""
    return str(RecordWarning.model_validate(warnings[0])) if warnings else ""


@app.command()
def version() -> None:
    """Print the pipeline version."""
    typer.echo(__version__)


def progress_bar(console: Console, disable: bool = False) -> Progress:
    """Documents, pages, failures, rate, elapsed and ETA in 80 columns (a terminal's default width)."""
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(bar_width=6), MofNCompleteColumn(),
                    TextColumn("{task.fields[pages]} pages [red]{task.fields[failed]} failed[/red]"),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn(), console=console, disable=disable)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched recursively)",
                                                metavar="PATH")],
    out: Annotated[Path, typer.Option("-o", "--out", help="output folder", metavar="DIR")] = Path("outputs"),
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="no progress bar; one log line per document")] = False,
    workers: Annotated[int | None, typer.Option("-j", "--workers", min=1, metavar="N", show_default="all cores",
                                                help="worker processes")] = None,
    timeout: Annotated[float, typer.Option(
        help="time limit per document, seconds; plus 120 s per MB beyond the first (0: none)", min=0,
        metavar="S")] = 600,
    max_memory: Annotated[int, typer.Option(help="memory limit per worker process, MB (0: none)", min=0,
                                            metavar="MB")] = 3072,
    force: Annotated[bool, typer.Option("--force", help="extract again documents already done")] = False,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="extract again documents that failed")] = False,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address: run the documents on that "
                                                  "cluster; paths must be shared (needs iku-extract[dask])",
                                                  metavar="tcp://HOST:PORT")] = None,
    headers: Annotated[Path | None, typer.Option(help="extra header vocabulary (TOML), tried before the bundled "
                                                 "one [default: $IKU_HEADERS]", metavar="FILE")] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="OCR cache folder [default: $IKU_CACHE_DIR or "
                                                   "~/.cache/iku-extract]", metavar="DIR")] = None,
) -> None:
    """Extract every decree PDF under each PATH into DIR.

    Writes json/<doc_id>.json per document, index.json, documents.parquet, indicators.parquet,
    targets.parquet, flags.parquet, legal_basis.parquet, positions.parquet, quality.parquet and iku.duckdb.
    Documents already in DIR (same content, same pipeline version) are skipped, so an interrupted run
    resumes where it stopped. Exit status 1 when any document failed, 2 on a usage error.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:  # a typo is the command's error, not a document with a failed record
        raise fail(f"no such file or folder: {', '.join(missing)}")
    if out.exists() and not out.is_dir():
        raise fail(f"-o {out} is a file, not a folder")
    if not find_pdfs(paths):
        raise fail(f"no PDF found under {', '.join(map(str, paths))}")
    limits = Limits(timeout=timeout or None, max_memory_mb=max_memory or None)
    settings = Settings.load(cli={"header_rules": headers and headers.resolve(),
                                  "cache_dir": cache_dir and cache_dir.resolve()})
    try:
        client = connect(scheduler) if scheduler else None
    except BatchError as exc:
        raise fail(str(exc)) from None
    with progress_bar(console, disable=quiet) as progress:
        task = progress.add_task("hashing", total=None, pages=0, failed=0, rate="")
        counts = {"pages": 0, "failed": 0}

        def planned(plan: Plan) -> None:
            dup = sum(len(v) - 1 for v in plan.aliases.values())
            console.print(f"{plan.total} documents: {len(plan.jobs)} to extract, {len(plan.skipped)} done before"
                          + (f", {dup} duplicate file(s)" if dup else ""), highlight=False)
            progress.update(task, description="extracting", total=len(plan.jobs))

        def done(o: Outcome) -> None:
            counts["pages"] += o.pages
            counts["failed"] += o.failed
            elapsed = progress.tasks[0].elapsed or 1e-9
            n = progress.tasks[0].completed + 1
            progress.update(task, advance=1, pages=counts["pages"], failed=counts["failed"],
                            rate=f"{n / elapsed:.1f} doc/s")
            if quiet:
                why = f"{o.error_code} {o.error}" if o.failed else ""
                why = why or (_partial_reason(out, o.doc_id) if o.status == "partial" else "")
                typer.echo(f"{o.status:8} {o.n_indicators:4d} rows {o.pages:4d} pages {o.seconds:7.2f} s  "
                           f"{o.doc_id}  {o.source_file}" + (f"  {why}" if why else ""))

        try:
            result = run_batch(paths, out, workers=workers, client=client, limits=limits, force=force,
                               retry_failed=retry_failed, on_plan=planned, on_done=done, settings=settings)
        except BatchError as exc:
            raise fail(str(exc)) from None
        finally:
            if client is not None:
                client.close()
    if result.interrupted:
        console.print(f"[yellow]interrupted: {len(result.outcomes)} documents written to {out}; "
                      "run the same command again to resume")
        raise typer.Exit(130)
    docs = result.documents
    n_rows = sum(d.n_indicators for d in docs)
    failed = result.failed
    partial = sum(d.status == "partial" for d in docs)
    empty = sum(d.n_indicators == 0 and not d.failed for d in docs)
    typer.echo(f"{len(docs)} documents ({len(result.outcomes)} extracted now), {n_rows} rows, {len(failed)} failed, "
               f"{partial} partial, {empty} with no rows -> {out}")
    _print_rejected(out)  # corrections whose row or value the new extraction no longer has
    for d in failed:
        typer.echo(f"failed {d.source_file}: {d.error_code} {d.error}")
    raise typer.Exit(1 if failed else 0)


@app.command()
def analyse(
    out: Annotated[Path, typer.Argument(help=OUT_HELP, metavar="OUT")] = Path("outputs"),
    rules: Annotated[Path | None, typer.Option(help="indicator typing rules (TOML) replacing the defaults",
                                               metavar="FILE")] = None,
    canonical_rules: Annotated[Path | None, typer.Option(help="canonical-matching rules (TOML)",
                                                         metavar="FILE")] = None,
    flag_rules: Annotated[Path | None, typer.Option(help="quality flags (TOML) updating or adding to the defaults",
                                                    metavar="FILE")] = None,
) -> None:
    """Redo the analysis layer (typing, canonical ids, flags, DuckDB) from OUT/json without re-extracting."""
    from iku.analysis import canonical, flags, indicator_types
    from iku.runtime.outputs import rebuild_outputs

    _extraction_folder(out)
    settings = Settings.load(cli={"indicator_rules": rules and rules.resolve(),
                                  "canonical_rules": canonical_rules and canonical_rules.resolve(),
                                  "flag_rules": flag_rules and flag_rules.resolve()})
    # the rules are read (and the typing rules compiled) before any output is touched
    for path, load in ((rules, lambda p: indicator_types.type_indicator("x", rules_path=p)),
                       (canonical_rules, canonical.load_rules), (flag_rules, flags.load_rules)):
        if path is None:
            continue
        try:
            load(str(path.resolve()))
        except (OSError, ValueError, TypeError, KeyError) as exc:  # tomllib.TOMLDecodeError is a ValueError
            raise fail(f"cannot use the rules in {path}: {exc}") from None
    try:
        paths = rebuild_outputs(out, settings, full=True)  # every decree analysed again under these rules
    except BatchError as exc:
        raise fail(str(exc)) from None
    for p in paths:
        console.print(f"wrote {p}", highlight=False)


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help=OUT_HELP, metavar="OUT")] = Path("outputs"),
) -> None:
    """Write OUT/report.html: batch summary, charts, and each decree's tables beside their source pages."""
    from iku.analysis.report import write_report

    _extraction_folder(out)
    console.print(f"wrote {write_report(out)}", highlight=False)


@app.command()
def status(
    out: Annotated[Path, typer.Argument(help=OUT_HELP, metavar="OUT")] = Path("outputs"),
) -> None:
    """Report OUT's documents against this build: done, stale (another build made them, or their scanned pages
    wait for OCR: the next run extracts them again) and failed (with their error)."""
    from iku.core.build import build_id
    from iku.runtime.batch import folder_status

    s = folder_status(out)
    partial = sum(e.get("status") == "partial" for e in s.done.values())
    typer.echo(f"{out}: {len(s.done) + len(s.stale) + len(s.failed)} documents for build {build_id()}: "
               f"{len(s.done)} done ({partial} partial), {len(s.stale)} stale, {len(s.failed)} failed")
    for doc_id, e in sorted(s.stale.items()):
        why = "waits for OCR" if e.get("pipeline_version") == build_id() else f"made by {e.get('pipeline_version')}"
        typer.echo(f"stale   {doc_id}  {why}")
    for doc_id, e in sorted(s.failed.items()):
        typer.echo(f"failed  {doc_id}  {e.get('error_code')}  {e.get('error')}")


@app.command()
def forget(
    out: Annotated[Path, typer.Argument(help=OUT_HELP, metavar="OUT")],
    doc_ids: Annotated[list[str], typer.Argument(help="doc_id of each record to remove", metavar="DOC_ID")],
) -> None:
    """Remove records (a typo's failed record, a document that does not belong) and their rows from OUT."""
    from iku.runtime.batch import output_lock, rebuild_parquet, reconcile_index, save_index

    _extraction_folder(out)
    unknown = [d for d in doc_ids if not (out / "json" / f"{d}.json").is_file()]
    if unknown:
        raise fail(f"no record {', '.join(unknown)} in {out} (`iku status {out}` lists them)")
    try:
        with output_lock(out):
            for doc_id in doc_ids:
                (out / "json" / f"{doc_id}.json").unlink()
            index = reconcile_index(out)
            rebuild_parquet(out, index)
            save_index(out, index)
    except BatchError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"removed {len(doc_ids)} record(s) from {out}")


def _rebuild(out: Path, xlsx: bool = False) -> list[Path]:
    """Every table rewritten from OUT/json with the corrections applied (and OUT/iku.xlsx when asked)."""
    from iku.runtime.outputs import rebuild_outputs

    try:
        paths = rebuild_outputs(out)
    except BatchError as exc:
        console.print(f"[red]{exc}; the corrections are logged and that batch applies them", highlight=False)
        raise typer.Exit(2) from None
    if xlsx and out / "iku.xlsx" not in paths:
        from iku.export.xlsx import write_xlsx

        paths.append(write_xlsx(out))
    return paths


def _print_rejected(out: Path) -> None:
    from iku.export.corrections import status

    for c in status(out):
        if not c["applied"]:
            console.print(f"[yellow]correction {c['id']} not applied[/yellow] ({c['doc_id']}, "
                          f"{c['field'] or c['action']}): {c['reason']}", highlight=False, soft_wrap=True)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help=OUT_HELP, metavar="OUT")] = Path("outputs"),
    xlsx: Annotated[bool, typer.Option("--xlsx", help="also write OUT/iku.xlsx (then kept up to date)")] = False,
) -> None:
    """Rewrite OUT's tables (Parquet, DuckDB, and Excel with --xlsx) from OUT/json, corrections applied."""
    for p in _rebuild(out, xlsx):
        console.print(f"wrote {p}", highlight=False)
    _print_rejected(out)


@app.command()
def correct(
    out: Annotated[Path, typer.Argument(help=OUT_HELP, metavar="OUT")],
    doc: Annotated[str, typer.Option("--doc", help="doc_id", metavar="DOC_ID")],
    field: Annotated[str | None, typer.Option(
        "--field", help="e.g. indikator, formula.denominator, kecamatan", metavar="FIELD")] = None,
    value: Annotated[str | None, typer.Option("--value", help="the right value ('' for none)", metavar="TEXT")] = None,
    row: Annotated[int | None, typer.Option("--row", help="row as in indicators.parquet; none: metadata",
                                                  metavar="N")] = None,
    delete: Annotated[bool, typer.Option("--delete", help="delete the row")] = False,
    who: Annotated[str | None, typer.Option("--who", help="who corrects [default: $IKU_USER or the login]",
                                                  metavar="NAME")] = None,
) -> None:
    """Log one correction in OUT/corrections.jsonl and rewrite the outputs with it."""
    from iku.export.corrections import CorrectionError
    from iku.export.corrections import correct as do_correct

    if not delete and (field is None or value is None):
        console.print("[red]--field and --value are needed (or --delete)")
        raise typer.Exit(2)
    try:
        e = do_correct(out, doc, field=field, value=value, row=row, action="delete" if delete else "set",
                       who=who or Settings.load().user)
    except CorrectionError as exc:
        console.print(f"[red]{exc}", highlight=False)
        raise typer.Exit(2) from None
    _rebuild(out)
    console.print(f"logged {e['id']}: {doc} row {row or '-'} {e['field'] or e['action']}: {e['old']!r} -> "
                  f"{e['new']!r}", highlight=False, soft_wrap=True)


@app.command("corrections")
def list_corrections(
    out: Annotated[Path, typer.Argument(help=OUT_HELP, metavar="OUT")] = Path("outputs"),
) -> None:
    """List the logged corrections and whether each applies to the current extraction."""
    from iku.export.corrections import status

    rows = status(out)
    for c in rows:
        state = "applied" if c["applied"] else f"NOT APPLIED: {c['reason']}"
        typer.echo(f"{c['when']}  {c['who']}  {c['doc_id']}  row {c['row'] if c['row'] is not None else '-'}  "
                   f"{c['field'] or c['action']}: {c['old']!r} -> {c['new']!r}  [{state}]")
    if not rows:
        typer.echo(f"no corrections in {out}")


@app.command()
def review(
    out: Annotated[Path, typer.Argument(help=OUT_HELP, metavar="OUT")] = Path("outputs"),
    port: Annotated[int, typer.Option(help="port", metavar="PORT")] = 8765,
    host: Annotated[str, typer.Option(help="address to bind; 0.0.0.0 shares it on the network",
                                              metavar="HOST")] = "127.0.0.1",
    token: Annotated[str | None, typer.Option(help="require ?token=... (for shared machines)",
                                                      metavar="TOKEN")] = None,
) -> None:
    """Open the review app: documents, each table beside its page, every value editable (corrections log)."""
    _extraction_folder(out)
    try:
        import uvicorn

        from iku.review import create_app
    except ImportError as exc:
        raise fail(f"iku review needs the review extra ({exc.name} is missing): "
                   "pip install 'iku-extract[review]'") from None

    console.print(f"review app on http://{host}:{port}/" + (f"?token={token}" if token else ""), highlight=False)
    uvicorn.run(create_app(out, token=token, user=Settings.load().user), host=host, port=port, log_level="warning")


@app.command()
def debug(
    pdf: Annotated[Path, typer.Argument(help="a decree PDF", metavar="PDF")],
    page: Annotated[int, typer.Option("--page", "-p", help="page number, from 1", metavar="N")] = 1,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="PNG to write", metavar="FILE",
                                             show_default="<pdf name>-p<N>.png")] = None,
) -> None:
    """Draw what the pipeline saw on one page: words, rules, table cells, the header mapping (field over each
    column) and the rows read (number and bbox), as a PNG, to see why a row came out wrong."""
    from iku.runtime.debug import DebugError, write_debug_png

    if not pdf.is_file():
        raise fail(f"no such file: {pdf}")
    if out is not None and out.is_dir():
        raise fail(f"-o {out} is a folder, not a PNG file")
    try:
        path, seen = write_debug_png(pdf, page, out)
    except DebugError as exc:
        raise fail(str(exc)) from None
    except Exception as exc:  # a PDF no library can open is the file's fault: one line, as extract says
        from iku.core.errors import from_pdf_library

        if not from_pdf_library(exc):
            raise
        raise fail(f"cannot read {pdf}: {type(exc).__name__}: {exc}") from None
    typer.echo(f"wrote {path}: {seen.n_words} words, {seen.n_rules} rules, {seen.n_grids} table grid(s), "
               f"{seen.n_rows} row(s) on page {page}")
