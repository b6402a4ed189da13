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

from rrp_graph.errors import QueryError, RrpError, shown
from rrp_graph.files import write_text_atomic

F = TypeVar("F", bound=Callable[..., None])

app = typer.Typer(
    name="rrp",
    help="Build and question a knowledge graph of HMPPS Regional Reducing Reoffending Plans.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

BuildDir = Annotated[Path | None, typer.Option("--build-dir", "-b", help="Build folder holding the graph "
                                               "(default: $RRP_BUILD_DIR, else the workspace's, else ./build).")]
WorkspaceOpt = Annotated[Path | None, typer.Option("--workspace", "-w", help="Workspace folder (default: "
                                                   "$RRP_WORKSPACE, else one found from here upwards).")]
CorpusOpt = Annotated[Path | None, typer.Option("--corpus", "-c", help="Folder of plan files (default: the "
                                                "workspace's plans, else the bundled sample plans).")]


def _out(text: str = "") -> None:
    typer.echo(text)


def _wrapped(text: str, hang: int = 0) -> None:
    """Echo human-readable text wrapped to the terminal; continuation lines indented by `hang` more.

    Only for a terminal (or when $COLUMNS says how wide): piped into grep or a file, one line stays one line.
    """
    import os
    import sys
    import textwrap

    if "COLUMNS" not in os.environ and not sys.stdout.isatty():
        typer.echo(text)
        return
    width = _terminal_width()
    for line in text.splitlines() or [""]:
        indent = " " * (len(line) - len(line.lstrip(" ")))
        typer.echo(textwrap.fill(line, width=width, subsequent_indent=indent + " " * hang,
                                 break_on_hyphens=False) if len(line) > width else line)


def _where(build_dir: Path | None = None, workspace: Path | None = None, corpus: Path | None = None):
    from rrp_graph.workspace import locate

    return locate(build_dir=build_dir, workspace=workspace, corpus=corpus)


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


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"rrp-graph {version('rrp-graph')}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Build and question a knowledge graph of HMPPS Regional Reducing Reoffending Plans."""


@command
def init(
    folder: Annotated[Path, typer.Argument(help="The workspace folder to make (default: here).")] = Path("."),
    empty: Annotated[bool, typer.Option("--empty", help="Start with no plans instead of the sample plans.")]
        = False,
) -> None:
    """Make a workspace for your own plans: FOLDER/rrp.toml, FOLDER/plans/ (the sample plans unless --empty)
    and FOLDER/build/. Commands run inside it (or below it) use it.

    Example: rrp init my-plans && cd my-plans && rrp ingest ~/Downloads/wales-rrp-2024.pdf
    """
    from rrp_graph.workspace import init_workspace

    made = init_workspace(folder, empty=empty)
    plans = sum(1 for p in made.plans.iterdir() if p.is_file())
    _wrapped(f"Made a workspace at {made.root}: {made.config.name}, plans/ ({plans} plans), build/", hang=2)
    _wrapped("  Next: rrp build (inside it), or rrp ingest FILE… to add your own plans", hang=2)


@command
def build(corpus: CorpusOpt = None, build_dir: BuildDir = None, workspace: WorkspaceOpt = None) -> None:
    """Extract the plans and write the graph (Turtle and N-Triples) into the build folder.

    Example: rrp build --corpus ~/plans
    """
    from rrp_graph.graph.builder import build as run_build

    where = _where(build_dir, workspace, corpus)
    _print_summary(run_build(where.corpus, where.build_dir), where)


def _print_summary(summary, where) -> None:
    source = "the bundled sample plans" if where.corpus_is_sample else str(where.corpus)
    documents = f"{summary.documents} document{'s' if summary.documents != 1 else ''}"
    regions = f"{summary.regions} region{'s' if summary.regions != 1 else ''}"
    _wrapped(f"Built the graph of {documents} ({regions}, {summary.triples} triples) from {source} into "
             f"{where.build_dir}", hang=2)
    _out(f"  targets: {summary.targets} ({summary.quantified_targets} quantified)")
    _out(f"  organisations mentioned: {summary.organisations}")
    _wrapped("  statements by kind: " + ", ".join(f"{k} {n}" for k, n in summary.statements.items()), hang=2)
    for warning in summary.warnings:
        typer.echo(f"Warning: {warning}", err=True)


@command
def ingest(
    files: Annotated[list[Path], typer.Argument(help="Plan files: .pdf, .docx, .html, .md or .txt.")],
    corpus: Annotated[Path | None, typer.Option("--corpus", "-c", help="Corpus folder to add them to "
                                                "(default: the workspace's plans/).")] = None,
    max_bytes: Annotated[int | None, typer.Option("--max-bytes", help="Refuse larger files (default 50 MB, "
                                                                      "or $RRP_MAX_BYTES).")] = None,
    build_dir: BuildDir = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Add published plans to the corpus and rebuild the graph; all files or none.

    Every file is read and checked first (format, region, year, plan structure, duplicates); only then
    are they copied into the corpus folder and the graph rebuilt. On any error nothing changes.

    Example (in a workspace made by rrp init): rrp ingest ~/Downloads/wales-rrp-2024.pdf
    """
    from rrp_graph.graph.ingest import ingest as run_ingest
    from rrp_graph.read.readers import MAX_BYTES

    where = _where(build_dir, workspace, corpus)
    result = run_ingest(files, where.corpus, where.build_dir, max_bytes=max_bytes or MAX_BYTES)
    for added in result.added:
        region = " (new region)" if added.new_region else ""
        _wrapped(f"Added {added.name}: {added.title}{region}, {added.statements} statements", hang=2)
        for warning in added.warnings:
            typer.echo(f"Warning: {warning}", err=True)
    _print_summary(result.summary, where)


@command
def entities(
    unknown: Annotated[bool, typer.Option("--unknown", help="Names the gazetteer does not know (for curators).")]
    = False,
    corpus: CorpusOpt = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Show at most this many names (0: all).")] = 0,
    workspace: WorkspaceOpt = None,
) -> None:
    """Organisations, prisons and programmes the corpus mentions, with counts and an example each.

    With --unknown: organisation-like names the gazetteer (data/gazetteer/) does not know yet.
    Example: rrp entities --unknown --corpus ~/plans
    """
    from rrp_graph.extract.corpus import extract
    from rrp_graph.extract.entities import known_names, unknown_names

    extracted = extract(_where(workspace=workspace, corpus=corpus).corpus)
    names = unknown_names(extracted) if unknown else known_names(extracted)
    for name in names[: limit or None]:
        _wrapped(f"{name.count:>5}  {name.name}  [{name.why}]", hang=2)
        _wrapped(f"       {name.document}: {name.example}", hang=2)


@command
def validate(build_dir: BuildDir = None, workspace: WorkspaceOpt = None) -> None:
    """Check the built graph against the SHACL shapes in ontology/shapes.ttl (exit 1 on violations)."""
    from rrp_graph.graph.store import load_graph
    from rrp_graph.graph.validate import validate_graph

    report = validate_graph(load_graph(_where(build_dir, workspace).build_dir))
    if report.conforms:
        _out("Valid: the graph conforms to ontology/shapes.ttl")
        return
    _out(report.text)
    typer.echo(f"Error: the graph breaks the shapes ({report.violations} violations)", err=True)
    raise typer.Exit(1)


@command
def stats(build_dir: BuildDir = None, workspace: WorkspaceOpt = None) -> None:
    """Counts of the built graph by class and by region."""
    from rrp_graph.query.engine import open_engine
    from rrp_graph.query.stats import counts_by_class, counts_by_region

    engine = open_engine(_where(build_dir, workspace).build_dir)
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
            raise QueryError(f"--param: expected key=value, got {shown(pair)}")
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
    why: Annotated[bool, typer.Option("--why", help="Show the evidence behind each row (partners-by-pathway: "
                                                    "the statements, cue words and rules).")] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Stop a query after this many seconds.")] = 30.0,
    engine: Annotated[str, typer.Option("--engine", help="oxigraph (default) or rdflib.")] = "oxigraph",
    build_dir: BuildDir = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Run a canned SPARQL query (or your own with --file) on the built graph.

    Examples: rrp query --list; rrp query partners-by-pathway --param partner=NACRO --format csv
    """
    from rrp_graph.query import catalogue as queries

    if list_:
        for item in queries.library().values():
            _wrapped(f"{item.name:<22} {item.summary}", hang=23)
        return
    if file is not None:
        chosen = queries.load(file)
    elif name is None:
        raise QueryError("give a query name, --file FILE or --list")
    else:
        chosen = queries.get(name)
    if why:
        chosen = queries.evidence_for(chosen)
    if describe:
        _wrapped(chosen.describe(), hang=2)
        return
    from rrp_graph.query.engine import check_timeout
    from rrp_graph.query.formats import check_format

    timeout = check_timeout(timeout)
    check_format(fmt)
    source = _query_engine(endpoint, graph, engine, _where(build_dir, workspace).build_dir, timeout)
    text = queries.render_query(chosen, source, _params(param or []), fmt, timeout=timeout, width=_terminal_width())
    if output is None:
        typer.echo(text, nl=False)
    else:
        write_text_atomic(output, text)
        typer.echo(f"Wrote {output}", err=True)


@command
def search(
    text: Annotated[str, typer.Argument(help="Words to look for; \"a phrase\" in double quotes, employ* for a "
                                             "prefix.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many statements.")] = 20,
    syntax: Annotated[bool, typer.Option("--syntax", help="Read TEXT as an FTS5 query (AND, OR, NOT, NEAR) "
                                                          "instead of quoting every word.")] = False,
    include_shared: Annotated[bool, typer.Option("--include-shared", help="Include shared national "
                                                                          "passages.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv, json or markdown.")] = "table",
    build_dir: BuildDir = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Full-text search of statement text, best matches first (BM25), through the build's index.

    Examples: rrp search "employment hub"; rrp search 'employ*' --limit 5 --format csv
    """
    from rrp_graph.query.formats import render
    from rrp_graph.query.fulltext import search as find

    if limit < 1:
        raise QueryError(f"--limit: must be at least 1, not {limit}")
    result = find(text, _where(build_dir, workspace).build_dir, limit=limit, syntax=syntax,
                  include_shared=include_shared)
    typer.echo(render(result, fmt, width=_terminal_width()), nl=False)


def _query_engine(endpoint: str | None, graph: str | None, engine: str, build_dir: Path, timeout: float):
    if endpoint is None:
        from rrp_graph.query.engine import open_graph_file

        return open_graph_file(Path(graph) if graph else build_dir, engine)
    from rrp_graph.share.endpoints import resolve
    from rrp_graph.share.remote import RemoteEngine

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
    build_dir: BuildDir = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Replace a named graph on a SPARQL server with the built graph (SPARQL 1.1 Graph Store Protocol), in
    batches, then check the server's triple count. Credentials: RRP_SPARQL_USER and RRP_SPARQL_PASSWORD, or
    user and password-env in rrp.toml; Basic and Digest authentication both work.

    Example: rrp push --store http://127.0.0.1:7878/store --graph https://w3id.org/rrp-graph/graph
    """
    from rrp_graph.share.endpoints import resolve
    from rrp_graph.share.push import push_graph

    target = resolve(store, key="store", graph=graph)
    query_endpoint = resolve(endpoint, graph=target.graph) if endpoint else None
    if query_endpoint is None and "://" not in store:
        from rrp_graph.share.endpoints import config_entry

        if config_entry(store)[0].get("url"):
            query_endpoint = resolve(store, graph=target.graph)

    def progress(sent: int, total: int) -> None:
        typer.echo(f"  sent {sent:,} of {total:,} triples", err=True)

    report = push_graph(_where(build_dir, workspace).build_dir, target, query=query_endpoint, append=append,
                        batch_size=batch_size, timeout=timeout, progress=progress)
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
    build_dir: BuildDir = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Serve the built graph as a local read-only SPARQL endpoint until Ctrl-C.

    Queries go to /query (or /sparql) and pass the read-only guard first: SERVICE, FROM and updates are
    refused. A query stops after --timeout seconds (an error, not a partial answer); Oxigraph's server
    answers behind it and is restarted if it fails. Example: rrp serve --port 7878, then
    rrp query regions --endpoint http://127.0.0.1:7878/query
    """
    import signal

    from rrp_graph.query.engine import check_timeout
    from rrp_graph.share.serve import LOOPBACK, Server, check_port

    def stop(*_: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)   # once: a second SIGTERM must not cut the clean-up short
        raise SystemExit(0)

    check_timeout(timeout)
    check_port(port)
    build_dir = _where(build_dir, workspace).build_dir
    server = Server(build_dir, port=port, bind=bind, timeout=timeout,
                    on_event=lambda message: typer.echo(f"rrp serve: {message}", err=True))
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        with server:
            if bind not in LOOPBACK:
                typer.echo(f"Warning: --bind {bind} lets other machines query the graph; there is no login.",
                           err=True)
            _out(f"Serving {build_dir} read-only at {server.url} (graph <{server.graph}>, also the default "
                 f"graph; queries stop after {server.timeout:g} s). Ctrl-C stops.")
            try:
                code = server.wait()
            except KeyboardInterrupt:
                return
            raise RrpError(server.failure or f"the server stopped (exit code {code})")
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


def _view(name: str, build_dir: Path | None, workspace: Path | None, region: str | None, pathway: str | None,
          partner: str | None, include_shared: bool):
    from rrp_graph.query.engine import open_engine
    from rrp_graph.views.network import Filters, build_view

    filters = Filters(region=region, pathway=pathway, partner=partner, include_shared=include_shared)
    return build_view(name, open_engine(_where(build_dir, workspace).build_dir), filters)


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
    build_dir: BuildDir = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """The most central nodes of a view: regions bridged, degree, weighted degree, betweenness, community.

    Example: rrp view metrics region-partner --type partner --sort region_count
    """
    from rrp_graph.query.engine import Result
    from rrp_graph.query.formats import render
    from rrp_graph.views.network import METRIC_COLUMNS, METRIC_HEADERS, central_nodes

    graph = _view(name, build_dir, workspace, region, pathway, partner, include_shared)
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
    build_dir: BuildDir = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Write a view as one self-contained interactive page (works offline; vis-network inlined).

    Example: rrp view html partner-pathway -o partners.html
    """
    from rrp_graph.views.pages import write_page

    graph = _view(name, build_dir, workspace, region, pathway, partner, include_shared)
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
    build_dir: BuildDir = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Export the RDF graph (Turtle, N-Triples, JSON-LD, RDF/XML) or a view (GraphML, GEXF, JSON, CSV).

    Examples: rrp export -o graph.jsonld; rrp export --view partner-pathway -o partners.gexf
    """
    from rrp_graph.views import exports

    chosen = exports.guess_format(output, fmt, view=view is not None)
    if view is None:
        if region or pathway or partner or include_shared:
            raise RrpError("--region, --pathway, --partner and --include-shared filter a view: add --view")
        from rrp_graph.query.engine import open_engine

        exports.export_rdf(open_engine(_where(build_dir, workspace).build_dir), chosen, output)
        _out(f"Wrote {output} ({chosen})")
        return
    graph = _view(view, build_dir, workspace, region, pathway, partner, include_shared)
    for path in exports.export_view(graph, chosen, output):
        _out(f"Wrote {path} ({chosen}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges)")


@command
def report(
    output: Annotated[Path, typer.Option("--output", "-o", help="The folder to write the site to (replaced if "
                                                                "an earlier rrp report wrote it).")] = Path("site"),
    region: Annotated[list[str] | None, typer.Option("--region", help="Only this region (repeat for more).")]
        = None,
    build_dir: BuildDir = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Write the report: a static site of the graph that opens from disk with no network (overview, a page per
    region, partner, pathway and metric, each document's text with every statement marked, search, CSV).

    Example: rrp report -o site && open site/index.html
    """
    from rrp_graph.views.report import build_report

    summary = build_report(_where(build_dir, workspace).build_dir, output, regions=region or None)
    _wrapped(f"Wrote the report to {summary.path}: {summary.pages} pages ({summary.regions} regions, "
             f"{summary.documents} documents), {summary.files} files in {summary.seconds:.1f} s; "
             f"open {summary.path / 'index.html'}", hang=2)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
