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


def command(func: F | None = None, *, on: typer.Typer | None = None, name: str | None = None):
    """Register a command whose RrpError becomes one line, "Error: …", and exit code 1.

    `@command` registers on the root app; `@command(on=sub_app, name="x")` on a sub-app.
    """

    def register(func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except RrpError as exc:
                typer.echo(f"Error: {exc}", err=True)
                raise typer.Exit(1) from None

        (on or app).command(name)(wrapper)
        return func

    return register(func) if func is not None else register


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
    graph: Annotated[str | None, typer.Option("--graph", "-g", help="Without --endpoint: build folder or RDF file "
                                              "to query (default: the build folder). With --endpoint: the named "
                                              "graph IRI on the server (default: the config entry's graph, else "
                                              "https://w3id.org/rrp-graph/graph).")] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", "-e", help="Run on this SPARQL query endpoint "
                                                 "(URL such as http://127.0.0.1:7878/query, or a name from "
                                                 "rrp.toml) instead of the local build.")] = None,
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
    from .formats import render

    text = render(queries.run_query(chosen, _query_engine(endpoint, graph, engine, build_dir, timeout),
                                    _params(param or []), timeout=timeout), fmt, width=_terminal_width())
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        typer.echo(f"Wrote {output}", err=True)


def _query_engine(endpoint: str | None, graph: str | None, engine: str, build_dir: Path, timeout: float):
    if endpoint is None:
        from .engine import open_graph_file

        return open_graph_file(Path(graph) if graph else build_dir, engine)
    from .endpoints import resolve
    from .remote import RemoteEngine

    if engine != "oxigraph":
        raise QueryError("--engine: not used with --endpoint (the server runs the query)")
    return RemoteEngine(resolve(endpoint, graph=graph), timeout=timeout)


def _terminal_width() -> int:
    import shutil

    return max(40, shutil.get_terminal_size((80, 24)).columns)


@command
def push(
    store: Annotated[str, typer.Option("--store", "-s", help="Graph Store Protocol URL (Oxigraph .../store, "
                                       "Virtuoso .../sparql-graph-crud-auth, Fuseki .../DATASET/data) or a "
                                       "name from rrp.toml.")],
    graph: Annotated[str | None, typer.Option("--graph", "-g", help="Named graph IRI to replace (default: the "
                                              "config entry's graph, else https://w3id.org/rrp-graph/graph).")] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", "-e", help="Query endpoint for the check count "
                                                 "(default: derived from --store: /store -> /query, "
                                                 "/sparql-graph-crud-auth -> /sparql, /data -> /query).")] = None,
    append: Annotated[bool, typer.Option("--append", help="Add to the named graph instead of replacing it.")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Triples per request.")] = 10_000,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds to wait for each request.")] = 120.0,
    build_dir: BuildDir = DEFAULT_BUILD,
) -> None:
    """Replace a named graph on a SPARQL server with the built graph (SPARQL 1.1 Graph Store Protocol), in
    batches, then check the server's triple count. Credentials: RRP_SPARQL_USER and RRP_SPARQL_PASSWORD, or
    user and password-env in rrp.toml; Basic and Digest authentication both work.

    Example: rrp push --store http://127.0.0.1:7878/store --graph https://w3id.org/rrp-graph/graph
    """
    from .endpoints import resolve
    from .push import push_graph

    target = resolve(store, key="store", graph=graph)
    query_endpoint = resolve(endpoint, graph=target.graph) if endpoint else None
    if query_endpoint is None and "://" not in store:
        from .endpoints import config_entry

        if config_entry(store)[0].get("url"):
            query_endpoint = resolve(store, graph=target.graph)

    def progress(sent: int, total: int) -> None:
        typer.echo(f"  sent {sent:,} of {total:,} triples", err=True)

    report = push_graph(build_dir, target, query=query_endpoint, append=append, batch_size=batch_size,
                        timeout=timeout, progress=progress)
    action = "Added" if append else "Replaced"
    _out(f"{action} <{report.graph}> at {report.store}: {report.triples:,} triples in {report.batches} "
         f"batch{'es' if report.batches != 1 else ''}, {report.seconds:.1f} s; the server counts "
         f"{report.remote_count:,}" + (f" (was {report.before:,})" if report.before is not None else ""))
    if report.skolemised:
        _out(f"  {report.skolemised} blank nodes were sent as IRIs under .well-known/genid/")


@command
def serve(
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 7878,
    bind: Annotated[str, typer.Option("--bind", help="Address to listen on (127.0.0.1: this machine only).")]
        = "127.0.0.1",
    timeout: Annotated[float, typer.Option("--timeout", help="Stop a query after this many seconds.")] = 30.0,
    build_dir: BuildDir = DEFAULT_BUILD,
) -> None:
    """Serve the built graph as a local read-only SPARQL endpoint (Oxigraph's server) until Ctrl-C.

    Updates are refused; queries stop after --timeout seconds. Example: rrp serve --port 7878, then
    rrp query regions --endpoint http://127.0.0.1:7878/query
    """
    import signal

    from .serve import LOOPBACK, Server

    if bind not in LOOPBACK:
        typer.echo(f"Warning: --bind {bind} lets other machines query the graph; there is no login.", err=True)

    def stop(*_: object) -> None:
        raise SystemExit(0)

    server = Server(build_dir, port=port, bind=bind, timeout=timeout)
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with server:
            _out(f"Serving {build_dir} read-only at {server.url} (graph <{server.graph}>, also the default "
                 f"graph; queries stop after {timeout:g} s). Ctrl-C stops.")
            try:
                code = server.wait()
            except KeyboardInterrupt:
                return
            raise RrpError(f"the Oxigraph server stopped (exit code {code})")
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- network views, exports and pages --------------------------------------------------------------

view_app = typer.Typer(help="Network views of the graph: centrality tables and interactive pages.",
                       no_args_is_help=True, rich_markup_mode=None)
app.add_typer(view_app, name="view")

ViewName = Annotated[str, typer.Argument(help="partner-pathway, region-partner, region-pathway-partner, "
                                              "partner-copresence or knowledge-graph.")]
RegionOpt = Annotated[str | None, typer.Option("--region", help="Only this region (name or slug).")]
PathwayOpt = Annotated[str | None, typer.Option("--pathway", help="Only this pathway (e.g. Accommodation).")]
PartnerOpt = Annotated[str | None, typer.Option("--partner", help="Only this partner (name or acronym, e.g. NACRO).")]
SharedOpt = Annotated[bool, typer.Option("--include-shared", help="Count passages shared word for word "
                                                                  "across regions too.")]


def _view(name: str, build_dir: Path, region: str | None, pathway: str | None, partner: str | None,
          include_shared: bool):
    from .engine import open_engine
    from .views import Filters, build_view

    filters = Filters(region=region, pathway=pathway, partner=partner, include_shared=include_shared)
    return build_view(name, open_engine(build_dir), filters)


@command(on=view_app, name="metrics")
def view_metrics(
    name: ViewName,
    region: RegionOpt = None,
    pathway: PathwayOpt = None,
    partner: PartnerOpt = None,
    include_shared: SharedOpt = False,
    sort: Annotated[str, typer.Option("--sort", help="betweenness, degree, weighted_degree or "
                                                     "region_count.")] = "betweenness",
    node_type: Annotated[str | None, typer.Option("--type", help="Only nodes of this type (partner, pathway, "
                                                                 "region …).")] = None,
    top: Annotated[int, typer.Option("--top", "-n", help="How many rows (0 for all).")] = 15,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json or markdown.")] = "table",
    build_dir: BuildDir = DEFAULT_BUILD,
) -> None:
    """The most central nodes of a view: regions bridged, degree, weighted degree, betweenness, community.

    Example: rrp view metrics region-partner --type partner --sort region_count
    """
    from .engine import Result
    from .formats import render
    from .views import METRIC_COLUMNS, METRIC_HEADERS, central_nodes

    graph = _view(name, build_dir, region, pathway, partner, include_shared)
    rows = central_nodes(graph, sort=sort, node_type=node_type, top=top)
    # The table keeps to the terminal; csv, json … also list the regions.
    headers, columns = (METRIC_HEADERS, METRIC_COLUMNS) if fmt == "table" else (
        (*METRIC_COLUMNS, "regions"), (*METRIC_COLUMNS, "regions"))
    result = Result(list(headers), [tuple("; ".join(r[c]) if c == "regions" else r[c] for c in columns)
                                    for r in rows])
    typer.echo(f"{graph.graph['title']}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
               f"({graph.graph['filters']})", err=fmt != "table")
    typer.echo(render(result, fmt, width=_terminal_width()), nl=False)


@command(on=view_app, name="html")
def view_html(
    name: ViewName,
    output: Annotated[Path, typer.Option("--output", "-o", help="The page to write (.html).")],
    region: RegionOpt = None,
    pathway: PathwayOpt = None,
    partner: PartnerOpt = None,
    include_shared: SharedOpt = False,
    build_dir: BuildDir = DEFAULT_BUILD,
) -> None:
    """Write a view as one self-contained interactive page (works offline; vis-network inlined).

    Example: rrp view html partner-pathway -o partners.html
    """
    from .html import write_page

    graph = _view(name, build_dir, region, pathway, partner, include_shared)
    size = write_page(graph, output)
    _out(f"Wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, {size / 1024:.0f} KB")


@command
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (csv: NAME-nodes.csv and "
                                                                "NAME-edges.csv).")],
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="turtle, ntriples, jsonld, rdfxml (the RDF "
                                                                   "graph) or graphml, gexf, node-link, cytoscape, "
                                                                   "csv (a view); default: from the suffix.")] = None,
    view: Annotated[str | None, typer.Option("--view", help="Export this network view instead of the RDF "
                                                            "graph.")] = None,
    region: RegionOpt = None,
    pathway: PathwayOpt = None,
    partner: PartnerOpt = None,
    include_shared: SharedOpt = False,
    build_dir: BuildDir = DEFAULT_BUILD,
) -> None:
    """Export the RDF graph (Turtle, N-Triples, JSON-LD, RDF/XML) or a view (GraphML, GEXF, JSON, CSV).

    Examples: rrp export -o graph.jsonld; rrp export --view partner-pathway -o partners.gexf
    """
    from . import exports

    chosen = exports.guess_format(output, fmt, view=view is not None)
    if view is None:
        if region or pathway or partner or include_shared:
            raise RrpError("--region, --pathway, --partner and --include-shared filter a view: add --view")
        from .engine import open_engine

        exports.export_rdf(open_engine(build_dir), chosen, output)
        _out(f"Wrote {output} ({chosen})")
        return
    graph = _view(view, build_dir, region, pathway, partner, include_shared)
    for path in exports.export_view(graph, chosen, output):
        _out(f"Wrote {path} ({chosen}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
