"""rrp-graph: a knowledge graph of HMPPS Regional Reducing Reoffending Plans.

The package is laid out as its pipeline; imports only go down it:

    read/       a plan file (.txt .md .pdf .docx .html) -> the normalised text every offset refers to
    extract/    text -> documents, passages, statements, targets, mentions (gazetteer, lexicon)
    graph/      extracted facts -> RDF (model, builder), the build folder and store, validation, ingest
    query/      the read-only SPARQL guard, engines, canned queries, result formats
    views/      networks from queries, offline pages, exports        share/  endpoints, push, serve
    cli.py      the `rrp` command on top; workspace.py, resources/, errors.py, files.py at the bottom

The names a notebook needs are here, imported on first use so that `import rrp_graph` stays instant:

    >>> import rrp_graph
    >>> rrp_graph.build()                                   # the workspace's plans, or the samples
    >>> rrp_graph.run_query("targets", region="East Midlands").as_dicts()
    >>> graph = rrp_graph.open_graph()                      # the whole graph as an rdflib Graph
    >>> view = rrp_graph.build_view("partner-pathway", rrp_graph.open_engine("build"))
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "build": ("rrp_graph.graph.builder", "build"),
    "ingest": ("rrp_graph.graph.ingest", "ingest"),
    "init_workspace": ("rrp_graph.workspace", "init_workspace"),
    "locate": ("rrp_graph.workspace", "locate"),
    "open_graph": ("rrp_graph.graph.store", "load_graph"),
    "validate_graph": ("rrp_graph.graph.validate", "validate_graph"),
    "open_engine": ("rrp_graph.query.engine", "open_engine"),
    "run_query": ("rrp_graph.query.catalogue", "run"),
    "search": ("rrp_graph.query.fulltext", "search"),
    "queries": ("rrp_graph.query.catalogue", None),
    "build_view": ("rrp_graph.views.network", "build_view"),
    "Filters": ("rrp_graph.views.network", "Filters"),
    "build_report": ("rrp_graph.views.report", "build_report"),
    "RrpError": ("rrp_graph.errors", "RrpError"),
}

__all__ = [*_EXPORTS, "__version__"]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("rrp-graph")
        except PackageNotFoundError:  # run from a checkout that was never installed
            return "0+unknown"
    if name not in _EXPORTS:
        raise AttributeError(f"module 'rrp_graph' has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    value = import_module(module) if attribute is None else getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
