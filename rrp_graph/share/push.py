"""Pushing the built graph to a SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

    PUT  {store}?graph=IRI   replaces the named graph with the first batch (unless appending)
    POST {store}?graph=IRI   adds each further batch

`graph` is the standard parameter: Oxigraph (/store), Fuseki (/DATASET/data) and Virtuoso
(/sparql-graph-crud-auth, which also takes `graph-uri`) accept it. Before anything changes, an empty
POST checks that the server is there and takes the credentials; afterwards a COUNT query on the query
endpoint checks that the remote graph holds what was sent. A batch that fails after the first one
leaves the remote graph partial: the error says so, with how many triples were sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from rrp_graph.errors import EndpointError, PushError
from rrp_graph.share.endpoints import Endpoint, query_url_for_store, with_params

DEFAULT_BATCH = 10_000
DEFAULT_PUSH_TIMEOUT = 120.0
NTRIPLES = "application/n-triples"
# Blank nodes cannot be sent in batches (each request would mint new ones): they become IRIs under this base.
SKOLEM_BASE = "https://w3id.org/rrp-graph/.well-known/genid/"


@dataclass(frozen=True)
class PushReport:
    graph: str
    store: str
    triples: int
    batches: int
    seconds: float
    remote_count: int
    before: int | None = None  # the remote count before an --append push
    skolemised: int = 0


def graph_lines(build_dir: Path, *, check_stale: bool = True) -> tuple[list[str], int]:
    """The build's triples as distinct N-Triples lines (blank nodes skolemised), and how many were skolemised."""
    import pyoxigraph

    from rrp_graph.graph.store import open_build

    with open_build(build_dir) as version:  # one version, kept while its graph.nt is read
        if check_stale:
            version.refuse_stale()
        path = version.file("graph.nt")  # its checksum checked
        try:
            return _distinct_lines(path, pyoxigraph)
        except (OSError, SyntaxError, ValueError) as exc:
            raise version.damaged(f"graph.nt: {exc}") from None


def _distinct_lines(path: Path, pyoxigraph) -> tuple[list[str], int]:
    skolemised = 0

    def skolem(term):
        nonlocal skolemised
        if isinstance(term, pyoxigraph.BlankNode):
            skolemised += 1
            return pyoxigraph.NamedNode(SKOLEM_BASE + term.value)
        return term

    lines: dict[str, None] = {}
    for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES):
        triple = pyoxigraph.Triple(skolem(quad.subject), quad.predicate, skolem(quad.object))
        lines[f"{triple} .\n"] = None
    return list(lines), skolemised


def batches(lines: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(lines), size):
        yield lines[start:start + size]


def push_graph(build_dir: Path, store: Endpoint, *, query: Endpoint | None = None, append: bool = False,
               batch_size: int = DEFAULT_BATCH, timeout: float = DEFAULT_PUSH_TIMEOUT,
               progress: Callable[[int, int], None] | None = None, check_stale: bool = True) -> PushReport:
    """Replace (or with `append` add to) the named graph `store.graph` on the server with the build's graph."""
    from rrp_graph.share.remote import RemoteEngine, request

    if batch_size < 1:
        raise PushError(f"--batch-size: must be at least 1, not {batch_size}")
    graph = store.graph
    if not graph:
        raise PushError("give the named graph to push to (--graph IRI)")
    if query is None:
        derived = query_url_for_store(store.url)
        if derived is None:
            raise PushError(f"{store.display}: cannot tell the query endpoint from this store URL; give --endpoint")
        query = Endpoint(derived, graph, store.credentials)
    credentials = query.credentials
    if credentials is None and urlsplit(query.url).netloc == urlsplit(store.url).netloc:
        credentials = store.credentials  # same server: the same login (never sent to another host)
    counter = RemoteEngine(replace(query, graph=graph, credentials=credentials), timeout=timeout)
    lines, skolemised = graph_lines(build_dir, check_stale=check_stale)
    total = len(lines)
    url = with_params(store.url, graph=graph)

    def send(method: str, body: bytes) -> None:
        request(method, url, data=body, headers={"Content-Type": NTRIPLES}, timeout=timeout,
                credentials=store.credentials, display=store.display)

    started = time.perf_counter()
    send("POST", b"")  # adds nothing: proves the server is there and takes the credentials before any change
    before = counter.count() if append else None
    chunks = list(batches(lines, batch_size)) or [[]]
    sent = 0
    for number, chunk in enumerate(chunks, 1):
        method = "PUT" if number == 1 and not append else "POST"
        try:
            send(method, "".join(chunk).encode("utf-8"))
        except EndpointError as exc:
            raise PushError(_failure(str(exc), graph, number, len(chunks), sent, total, append,
                                     replaced=method == "PUT"), sent=sent, total=total, partial=sent > 0) from None
        sent += len(chunk)
        if progress:
            progress(sent, total)
    seconds = time.perf_counter() - started
    remote = counter.count()
    if not append and remote != total:
        raise PushError(f"{query.display}: the remote graph <{graph}> holds {remote:,} triples after the push, "
                        f"but {total:,} were sent; the server may have changed some (check literals and blank "
                        f"nodes), or another client wrote to the graph", sent=sent, total=total, partial=True)
    if append and before is not None and not (max(before, total) <= remote <= before + total):
        raise PushError(f"{query.display}: the remote graph <{graph}> holds {remote:,} triples after adding "
                        f"{total:,} to {before:,}; that cannot be right", sent=sent, total=total, partial=True)
    return PushReport(graph, store.display, total, len(chunks), seconds, remote, before, skolemised)


def _failure(message: str, graph: str, number: int, count: int, sent: int, total: int, append: bool,
             replaced: bool) -> str:
    where = f"batch {number} of {count}"
    if replaced:
        state = ("no answer came, so it is unknown whether the server replaced the graph"
                 if "no answer within" in message else "the server refused the replacing PUT, so the graph "
                 "should be as it was")
        return f"{message}; push stopped at {where}: {state} (<{graph}>)"
    if append and sent == 0:
        return f"{message}; push stopped at {where}: nothing was added to <{graph}>"
    if append:
        return (f"{message}; push stopped at {where}: only {sent:,} of {total:,} triples were added to <{graph}>; "
                f"run `rrp push --append` again to add the rest (triples already there are not doubled)")
    return (f"{message}; push stopped at {where}: the remote graph <{graph}> is now PARTIAL "
            f"({sent:,} of {total:,} triples sent after the first batch replaced it); "
            f"run `rrp push` again to replace it whole")
