"""The `rrp` command: thin wrappers over the library. Each command parses options, calls one
library function and prints. Heavy libraries are imported inside commands so `rrp --help`
stays instant.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from .errors import QueryError, RrpError
from .files import write_text_atomic

F = TypeVar("F", bound=Callable[..., None])

app = typer.Typer(
    name="rrp",
    help="Build and question a knowledge graph of HMPPS Regional Reducing Reoffending Plans.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

BuildDir = Annotated[Path, typer.Option("--build-dir", "-b", help="Build folder holding the graph.",
                                        envvar="RRP_BUILD_DIR")]
DEFAULT_BUILD = Path("build")


def _out(text: str = "") -> None:
    typer.echo(text)


def command(func: F) -> F:
    """Register a command whose RrpError becomes one line, "Error: …", and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except RrpError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(1) from None

    app.command()(wrapper)
    return func


@command
def build(
    corpus: Annotated[
        Path | None, typer.Option("--corpus", "-c", help="Folder of plan files (default: bundled plans).")
    ] = None,
    build_dir: BuildDir = DEFAULT_BUILD,
) -> None:
    """Extract the plans and write the graph (Turtle and N-Triples) into the build folder.

    Example: rrp build --corpus data/plans
    """
    from .build import BUNDLED_CORPUS
    from .build import build as run_build

    _print_summary(run_build(corpus or BUNDLED_CORPUS, build_dir), build_dir)


def _print_summary(summary, build_dir: Path) -> None:
    _out(f"Built {build_dir}: {summary.documents} documents, {summary.regions} regions, "
         f"{summary.triples} triples")
    _out(f"  targets: {summary.targets} ({summary.quantified_targets} quantified)")
    _out(f"  organisations mentioned: {summary.organisations}")
    _out("  statements by kind: " + ", ".join(f"{k} {n}" for k, n in summary.statements.items()))
    for warning in summary.warnings:
        typer.echo(f"Warning: {warning}", err=True)


@command
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Plan files: .pdf, .docx, .html, .md or .txt.")],
    corpus: Annotated[
        Path | None, typer.Option("--corpus", "-c", help="Corpus folder to add them to (default: bundled plans).")
    ] = None,
    max_bytes: Annotated[int | None, typer.Option("--max-bytes", help="Refuse larger files (default 50 MB, "
                                                                      "or $RRP_MAX_BYTES).")] = None,
    build_dir: BuildDir = DEFAULT_BUILD,
) -> None:
    """Add published plans to the corpus and rebuild the graph; all files or none.

    Every file is read and checked first (format, region, year, plan structure, duplicates); only then
    are they copied into the corpus folder and the graph rebuilt. On any error nothing changes.

    Example: rrp ingest ~/Downloads/wales-rrp-2024.pdf --corpus data/plans
    """
    from .build import BUNDLED_CORPUS
    from .ingest import ingest as run_ingest
    from .readers import MAX_BYTES

    result = run_ingest(files, corpus or BUNDLED_CORPUS, build_dir, max_bytes=max_bytes or MAX_BYTES)
    for added in result.added:
        region = " (new region)" if added.new_region else ""
        _out(f"Added {added.name}: {added.title}{region}, {added.statements} statements")
    _print_summary(result.summary, build_dir)


@command
def entities(
    unknown: Annotated[bool, typer.Option("--unknown", help="Names the gazetteer does not know (for curators).")]
    = False,
    corpus: Annotated[
        Path | None, typer.Option("--corpus", "-c", help="Folder of plan files (default: bundled plans).")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many names (0: all).")] = 0,
) -> None:
    """Organisations, prisons and programmes the corpus mentions, with counts and an example each.

    With --unknown: organisation-like names the gazetteer (data/gazetteer/) does not know yet.
    Example: rrp entities --unknown --corpus data/plans
    """
    from .build import BUNDLED_CORPUS
    from .entities import known_names, unknown_names
    from .extract import extract

    extracted = extract(corpus or BUNDLED_CORPUS)
    names = unknown_names(extracted) if unknown else known_names(extracted)
    for name in names[: limit or None]:
        _out(f"{name.count:>5}  {name.name}  [{name.why}]")
        _out(f"       {name.document}: {name.example}")


@command
def validate(build_dir: BuildDir = DEFAULT_BUILD) -> None:
    """Check the built graph against the SHACL shapes in ontology/shapes.ttl (exit 1 on violations)."""
    from .store import load_graph
    from .validate import validate_graph

    report = validate_graph(load_graph(build_dir))
    if report.conforms:
        _out("Valid: the graph conforms to ontology/shapes.ttl")
        return
    _out(report.text)
    typer.echo(f"Error: the graph breaks the shapes ({report.violations} violations)", err=True)
    raise typer.Exit(1)


@command
def stats(build_dir: BuildDir = DEFAULT_BUILD) -> None:
    """Counts of the built graph by class and by region."""
    from .engine import open_engine
    from .stats import counts_by_class, counts_by_region

    engine = open_engine(build_dir)
    _out("By class:")
    for name, count in counts_by_class(engine):
        _out(f"  {count:>6}  {name}")
    _out("By region and statement kind:")
    for region, kind, count in counts_by_region(engine):
        _out(f"  {count:>6}  {region:<26} {kind}")


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param: expected key=value, got {pair!r}")
        params[key.strip()] = value
    return params


@command
def query(
    name: Annotated[str | None, typer.Argument(help="Canned query name (see --list).")] = None,
    param: Annotated[list[str] | None,
                     typer.Option("--param", "-p", help="Parameter as key=value (repeatable).")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json or markdown.")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    graph: Annotated[Path | None, typer.Option("--graph", "-g", help="Build folder or RDF file to query "
                                                                 "(default: the build folder).")] = None,
    file: Annotated[Path | None,
                    typer.Option("--file", help="Run your own .rq file instead of a canned query.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the canned queries.")] = False,
    describe: Annotated[bool, typer.Option("--describe", help="Describe the query: parameters, example.")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Stop a query after this many seconds.")] = 30.0,
    engine: Annotated[str, typer.Option("--engine", help="oxigraph (default) or rdflib.")] = "oxigraph",
    build_dir: BuildDir = DEFAULT_BUILD,
) -> None:
    """Run a canned SPARQL query (or your own with --file) on the built graph.

    Examples: rrp query --list; rrp query partners-by-pathway --param partner=NACRO --format csv
    """
    from . import queries

    if list_:
        for item in queries.library().values():
            _out(f"{item.name:<22} {item.summary}")
        return
    if file is not None:
        chosen = queries.load(file)
    elif name is None:
        raise QueryError("give a query name, --file FILE or --list")
    else:
        chosen = queries.get(name)
    if describe:
        _out(chosen.describe())
        return
    from .engine import open_graph_file
    from .formats import render

    text = render(queries.run_query(chosen, open_graph_file(graph or build_dir, engine), _params(param or []),
                                    timeout=timeout), fmt, width=_terminal_width())
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        typer.echo(f"Wrote {output}", err=True)


def _terminal_width() -> int:
    import shutil

    return max(40, shutil.get_terminal_size((80, 24)).columns)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
