"""Command line: `iku extract PATH... -o outputs/`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from pipeline import __version__
from pipeline.batch import BatchError, Limits, Outcome, Plan, run_batch
from pipeline.distributed import connect
from pipeline.ingest import find_pdfs

app = typer.Typer(add_completion=False, help="Keputusan Camat IKU/IKI decree PDFs -> JSON and Parquet.")
console = Console(stderr=True)


@app.callback()
def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")


@app.command()
def version() -> None:
    """Print the pipeline version."""
    typer.echo(__version__)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders (searched recursively)")],
    out: Annotated[Path, typer.Option("-o", "--out", help="output folder")] = Path("outputs"),
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="no progress bar; one log line per document")] = False,
    workers: Annotated[int | None, typer.Option("-j", "--workers", min=1,
                                                help="worker processes [default: all cores]")] = None,
    timeout: Annotated[float, typer.Option(
        help="time limit per document, seconds; plus 120 s per MB beyond the first (0: none)", min=0)] = 600,
    max_memory: Annotated[int, typer.Option(help="memory limit per worker process, MB (0: none)", min=0)] = 3072,
    force: Annotated[bool, typer.Option("--force", help="extract again documents already done")] = False,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="extract again documents that failed")] = False,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://HOST:PORT): run the "
                                                  "documents on that cluster; paths must be shared")] = None,
) -> None:
    """Extract every decree PDF under PATHS into OUT (json/<doc_id>.json, documents.parquet, indicators.parquet).

    Documents already in OUT (same content, same pipeline version) are skipped, so an interrupted run
    resumes where it stopped. Exit status 1 when any document failed.
    """
    if not find_pdfs(paths):
        console.print(f"[red]no PDF found under {', '.join(map(str, paths))}")
        raise typer.Exit(2)
    limits = Limits(timeout=timeout or None, max_memory_mb=max_memory or None)
    client = connect(scheduler) if scheduler else None
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(bar_width=16), MofNCompleteColumn(),
                  TextColumn("docs {task.fields[pages]} pages [red]{task.fields[failed]} failed[/red]"),
                  TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                  console=console, disable=quiet) as progress:
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
                            rate=f"{n / elapsed:.1f} docs/s {counts['pages'] / elapsed:.0f} pages/s")
            if quiet:
                console.print(f"{o.status:8} {o.n_indicators:4d} rows {o.pages:4d} pages {o.seconds:7.2f} s  "
                              f"{o.doc_id}  {o.source_file}" + (f"  {o.error}" if o.failed else ""), highlight=False,
                              soft_wrap=True)

        try:
            result = run_batch(paths, out, workers=workers, client=client, limits=limits, force=force,
                               retry_failed=retry_failed, on_plan=planned, on_done=done)
        except BatchError as exc:
            console.print(f"[red]{exc}", highlight=False)
            raise typer.Exit(2) from None
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
    console.print(f"{len(docs)} documents ({len(result.outcomes)} extracted now), {n_rows} indicator rows, "
                  f"{len(failed)} failed -> {out}", highlight=False)
    _print_rejected(out)  # corrections whose row or value the new extraction no longer has
    for d in failed:
        console.print(f"[red]failed[/red] {d.source_file}: {d.error}", highlight=False)
    raise typer.Exit(1 if failed else 0)


@app.command()
def analyse(
    out: Annotated[Path, typer.Argument(help="an output folder written by `iku extract`")] = Path("outputs"),
    rules: Annotated[Path | None, typer.Option(help="indicator typing rules (TOML) replacing the defaults")] = None,
    canonical_rules: Annotated[Path | None, typer.Option(help="canonical-matching rules (TOML)")] = None,
) -> None:
    """Redo the analysis layer (typing, canonical ids, flags, DuckDB) from OUT/json without re-extracting."""
    import os

    from pipeline.export import load_json_outputs, write_analysis, write_parquet

    if rules:
        os.environ["IKU_INDICATOR_RULES"] = str(rules.resolve())
    if canonical_rules:
        os.environ["IKU_CANONICAL_RULES"] = str(canonical_rules.resolve())
    decrees = load_json_outputs(out)
    write_parquet(decrees, out)
    for p in write_analysis(decrees, out):
        console.print(f"wrote {p}", highlight=False)


@app.command()
def report(
    out: Annotated[Path, typer.Argument(help="an output folder written by `iku extract`")] = Path("outputs"),
) -> None:
    """Write OUT/report.html: batch summary, charts, and each decree's tables beside their source pages."""
    from analysis.report import write_report

    console.print(f"wrote {write_report(out)}", highlight=False)


@app.command()
def status(
    out: Annotated[Path, typer.Argument(help="an output folder written by `iku extract`")] = Path("outputs"),
) -> None:
    """Report OUT's documents against this build: done, stale (another build made them, or their scanned pages
    wait for OCR: the next run extracts them again) and failed (with their error)."""
    from pipeline import build_id
    from pipeline.batch import folder_status

    s = folder_status(out)
    partial = sum(e.get("status") == "partial" for e in s.done.values())
    typer.echo(f"{out}: {len(s.done) + len(s.stale) + len(s.failed)} documents for build {build_id()}: "
               f"{len(s.done)} done ({partial} partial), {len(s.stale)} stale, {len(s.failed)} failed")
    for doc_id, e in sorted(s.stale.items()):
        why = "waits for OCR" if e.get("pipeline_version") == build_id() else f"made by {e.get('pipeline_version')}"
        typer.echo(f"stale   {doc_id}  {why}")
    for doc_id, e in sorted(s.failed.items()):
        typer.echo(f"failed  {doc_id}  {e.get('error_code')}  {e.get('error')}")


def _rebuild(out: Path, xlsx: bool = False) -> list[Path]:
    """Every table rewritten from OUT/json with the corrections applied (and OUT/iku.xlsx when asked)."""
    from pipeline.export import rebuild_outputs

    try:
        paths = rebuild_outputs(out)
    except BatchError as exc:
        console.print(f"[red]{exc}; the corrections are logged and that batch applies them", highlight=False)
        raise typer.Exit(2) from None
    if xlsx and out / "iku.xlsx" not in paths:
        from pipeline.xlsx import write_xlsx

        paths.append(write_xlsx(out))
    return paths


def _print_rejected(out: Path) -> None:
    from pipeline.corrections import status

    for c in status(out):
        if not c["applied"]:
            console.print(f"[yellow]correction {c['id']} not applied[/yellow] ({c['doc_id']}, "
                          f"{c['field'] or c['action']}): {c['reason']}", highlight=False, soft_wrap=True)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="an output folder written by `iku extract`")] = Path("outputs"),
    xlsx: Annotated[bool, typer.Option("--xlsx", help="also write OUT/iku.xlsx (then kept up to date)")] = False,
) -> None:
    """Rewrite OUT's tables (Parquet, DuckDB, and Excel with --xlsx) from OUT/json, corrections applied."""
    for p in _rebuild(out, xlsx):
        console.print(f"wrote {p}", highlight=False)
    _print_rejected(out)


@app.command()
def correct(
    out: Annotated[Path, typer.Argument(help="an output folder written by `iku extract`")],
    doc: Annotated[str, typer.Option("--doc", help="doc_id")],
    field: Annotated[str | None, typer.Option("--field", help="e.g. indikator, formula.denominator, kecamatan")] = None,
    value: Annotated[str | None, typer.Option("--value", help="the right value ('' for none)")] = None,
    row: Annotated[int | None, typer.Option("--row", help="row as in indicators.parquet; none: metadata")] = None,
    delete: Annotated[bool, typer.Option("--delete", help="delete the row")] = False,
    who: Annotated[str | None, typer.Option("--who", help="who corrects [default: $IKU_USER or the login]")] = None,
) -> None:
    """Log one correction in OUT/corrections.jsonl and rewrite the outputs with it."""
    from pipeline.corrections import CorrectionError
    from pipeline.corrections import correct as do_correct

    if not delete and (field is None or value is None):
        console.print("[red]--field and --value are needed (or --delete)")
        raise typer.Exit(2)
    try:
        e = do_correct(out, doc, field=field, value=value, row=row, action="delete" if delete else "set", who=who)
    except CorrectionError as exc:
        console.print(f"[red]{exc}", highlight=False)
        raise typer.Exit(2) from None
    _rebuild(out)
    console.print(f"logged {e['id']}: {doc} row {row or '-'} {e['field'] or e['action']}: {e['old']!r} -> "
                  f"{e['new']!r}", highlight=False, soft_wrap=True)


@app.command("corrections")
def list_corrections(
    out: Annotated[Path, typer.Argument(help="an output folder written by `iku extract`")] = Path("outputs"),
) -> None:
    """List the logged corrections and whether each applies to the current extraction."""
    from pipeline.corrections import status

    rows = status(out)
    for c in rows:
        state = "applied" if c["applied"] else f"NOT APPLIED: {c['reason']}"
        typer.echo(f"{c['when']}  {c['who']}  {c['doc_id']}  row {c['row'] if c['row'] is not None else '-'}  "
                   f"{c['field'] or c['action']}: {c['old']!r} -> {c['new']!r}  [{state}]")
    if not rows:
        typer.echo(f"no corrections in {out}")


@app.command()
def review(
    out: Annotated[Path, typer.Argument(help="an output folder written by `iku extract`")] = Path("outputs"),
    port: Annotated[int, typer.Option(help="port")] = 8765,
    host: Annotated[str, typer.Option(help="address to bind; 0.0.0.0 shares it on the network")] = "127.0.0.1",
    token: Annotated[str | None, typer.Option(help="require ?token=... (for shared machines)")] = None,
) -> None:
    """Open the review app: documents, each table beside its page, every value editable (corrections log)."""
    import uvicorn

    from pipeline.review import create_app

    console.print(f"review app on http://{host}:{port}/" + (f"?token={token}" if token else ""), highlight=False)
    uvicorn.run(create_app(out, token=token), host=host, port=port, log_level="warning")
