"""Command line: `iku extract PATH... -o outputs/`."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from pipeline import __version__
from pipeline.ingest import find_pdfs
from pipeline.run import extract_batch
from schemas import Decree

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
) -> None:
    """Extract every decree PDF under PATHS into OUT (json/<stem>.json, documents.parquet, indicators.parquet)."""
    pdfs = find_pdfs(paths)
    if not pdfs:
        console.print(f"[red]no PDF found under {', '.join(map(str, paths))}")
        raise typer.Exit(2)
    failed: list[Decree] = []
    with Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[pages]} pages, {task.fields[failed]} failed"), TimeElapsedColumn(),
                  TimeRemainingColumn(), console=console, disable=quiet) as progress:
        task = progress.add_task("extracting", total=len(pdfs), pages=0, failed=0)

        def done(d: Decree) -> None:
            if d.status == "failed":
                failed.append(d)
            progress.update(task, advance=1, pages=progress.tasks[0].fields["pages"] + d.pages, failed=len(failed))
            if quiet:
                console.print(f"{d.status:8} {len(d.indicators):4d} rows  {d.source_file}", highlight=False)

        decrees = extract_batch(pdfs, out, on_done=done)
    n_rows = sum(len(d.indicators) for d in decrees)
    console.print(f"{len(decrees)} documents, {n_rows} indicator rows, {len(failed)} failed -> {out}")
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
