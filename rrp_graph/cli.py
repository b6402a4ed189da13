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

from .errors import RrpError

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

    summary = run_build(corpus or BUNDLED_CORPUS, build_dir)
    _out(f"Built {build_dir}: {summary.documents} documents, {summary.regions} regions, "
         f"{summary.triples} triples")
    _out(f"  targets: {summary.targets} ({summary.quantified_targets} quantified)")
    _out(f"  organisations mentioned: {summary.organisations}")
    _out("  statements by kind: " + ", ".join(f"{k} {n}" for k, n in summary.statements.items()))
    for warning in summary.warnings:
        typer.echo(f"Warning: {warning}", err=True)


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
    from .stats import counts_by_class, counts_by_region
    from .store import load_graph

    graph = load_graph(build_dir)
    _out("By class:")
    for name, count in counts_by_class(graph):
        _out(f"  {count:>6}  {name}")
    _out("By region and statement kind:")
    for region, kind, count in counts_by_region(graph):
        _out(f"  {count:>6}  {region:<26} {kind}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
