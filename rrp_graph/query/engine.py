"""Query engines: where a SPARQL query runs.

    OxigraphEngine   the default: Oxigraph (pyoxigraph), from the build's on-disk store or its N-Triples
    RdflibEngine     plain rdflib in memory: the reference the tests compare Oxigraph against

Both take the same query text and the same bound terms and answer with a `Result` of plain Python
values, so callers never see which library ran the query. Every run has a time limit: the query
runs in a worker thread (Oxigraph releases the GIL while it evaluates) and the caller stops waiting
when the limit is reached.
"""

from __future__ import annotations

import ctypes
import math
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from rrp_graph.errors import BuildError, QueryError, shown
from rrp_graph.query.sparql import XSD, Term, bind_values

if TYPE_CHECKING:
    from rrp_graph.graph.store import BuildVersion

DEFAULT_TIMEOUT = 30.0
MAX_TIMEOUT = 3600.0

_INTEGER_TYPES = {XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                    "positiveInteger", "unsignedInt", "unsignedLong", "negativeInteger",
                                    "nonPositiveInteger", "unsignedShort", "unsignedByte")}
_STRING = XSD + "string"


@dataclass(frozen=True)
class Result:
    """A SELECT or ASK answer (`columns`, `rows` of Python values) or a CONSTRUCT/DESCRIBE graph (`triples`,
    N-Triples lines)."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    triples: list[str] | None = None
    boolean: bool | None = None

    def as_dicts(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def python_value(lexical: str, datatype: str | None, *, is_iri: bool = False) -> Any:
    """One cell as a Python value, the same whichever engine produced it."""
    if is_iri or datatype is None:
        return lexical
    try:
        if datatype in _INTEGER_TYPES:
            return int(lexical)
        if datatype == XSD + "decimal":
            return Decimal(lexical).normalize() + 0  # `+ 0` turns -0 into 0
        if datatype in (XSD + "double", XSD + "float"):
            return float(lexical)
        if datatype == XSD + "boolean":
            return lexical in ("true", "1")
    except (ValueError, InvalidOperation):
        pass
    return lexical


class Engine(Protocol):
    name: str

    def run(self, query: str, bindings: dict[str, Term], form: str) -> Result: ...


T = TypeVar("T")


def one_line(message: str, limit: int = 160) -> str:
    """A parser's message on one line, cut to `limit` characters: the CLI prints errors as one line."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_timeout(seconds: float, option: str = "--timeout") -> float:
    """A time limit as given: a finite number of seconds above 0, at most MAX_TIMEOUT (an hour)."""
    try:
        value = float(seconds)
    except (TypeError, ValueError):
        raise QueryError(f"{option}: must be a number of seconds, not {shown(seconds)}") from None
    if not math.isfinite(value) or value <= 0 or value > MAX_TIMEOUT:
        raise QueryError(f"{option}: must be a positive number of seconds, at most {MAX_TIMEOUT:g}, "
                         f"not {value:g}")
    return value


def with_timeout(work: Callable[[], T], timeout: float, what: str) -> T:
    """Run `work` in a worker thread; give up with a QueryError after `timeout` seconds."""
    timeout = check_timeout(timeout)
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    worker = threading.Thread(target=target, daemon=True, name="rrp-query")
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        # Stops pure-Python evaluation (rdflib) at its next bytecode; Oxigraph's native evaluation
        # ends on its own and its result is dropped.
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident or 0),
                                                   ctypes.py_object(TimeoutError))
        raise QueryError(f"{what}: stopped after the time limit of {timeout:g} s (raise it with --timeout)")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


class OxigraphEngine:
    """Oxigraph through pyoxigraph: opens the build's on-disk store read-only, or loads graph.nt into memory.

    Opened on a build it holds that build's version (rrp_graph.graph.store.open_build) for as long as it
    lives: a rebuild meanwhile neither changes nor removes what it answers from.
    """

    name = "oxigraph"

    def __init__(self, store: Any, version: BuildVersion | None = None) -> None:
        self.store = store
        self.version = version

    @classmethod
    def open(cls, build: Path | BuildVersion) -> OxigraphEngine:
        import pyoxigraph

        from rrp_graph.graph.store import OXIGRAPH_DIR, BuildVersion, open_build

        version = build if isinstance(build, BuildVersion) else open_build(build)
        try:
            disk = version.path / OXIGRAPH_DIR
            if disk.is_dir():
                version.check()  # sizes and times of the store's files, graph.nt and graph.ttl
                try:
                    return cls(pyoxigraph.Store.read_only(str(disk)), version)
                except PermissionError as exc:
                    raise BuildError(f"{version.build_dir}: cannot open the graph store ({exc})") from None
                except (OSError, RuntimeError, ValueError) as exc:
                    raise version.damaged(f"the Oxigraph store: {exc}") from None
            engine = cls.in_memory(version)
            version.close()  # all in memory now
            return engine
        except BaseException:
            version.close()
            raise

    @classmethod
    def in_memory(cls, version: BuildVersion) -> OxigraphEngine:
        """The version's graph.nt (checksum checked) loaded into an in-memory store: queries run several times
        faster than on the on-disk store, for a load that grows with the graph (12 s at 240 documents)."""
        import pyoxigraph

        store = pyoxigraph.Store()
        try:
            store.bulk_load(path=str(version.file("graph.nt")), format=pyoxigraph.RdfFormat.N_TRIPLES)
        except (OSError, SyntaxError, ValueError, RuntimeError) as exc:
            raise version.damaged(f"graph.nt: {exc}") from None
        return cls(store)

    def _failed(self, exc: BaseException) -> BaseException:
        """A store error while querying: damage (RocksDB's "Corruption", a store file gone) or a query error."""
        message = str(exc)
        if self.version is not None and ("Corruption" in message or str(self.version.path) in message):
            return self.version.damaged(f"the Oxigraph store: {message}")
        return QueryError(f"query failed: {message}")

    def run(self, query: str, bindings: dict[str, Term], form: str) -> Result:
        answer = self._query(query, bindings)
        try:
            return self._result(answer, form)
        except (OSError, RuntimeError) as exc:  # results are lazy: the store is read while they are
            raise self._failed(exc) from None

    def run_csv(self, query: str, bindings: dict[str, Term]) -> str:
        """A SELECT answer as CSV written by Oxigraph itself, with no Python object made per cell: the text
        `render(run(…), "csv")` gives for the lexical forms the build writes (every golden case is checked,
        tests/test_queries.py). Records end with LF, as ours do, not SPARQL's CRLF: text in the graph holds no
        CR (rrp_graph.read.text normalises line ends)."""
        import pyoxigraph

        answer = self._query(query, bindings)
        try:
            data = answer.serialize(format=pyoxigraph.QueryResultsFormat.CSV)
        except (OSError, RuntimeError) as exc:
            raise self._failed(exc) from None
        return data.decode("utf-8").replace("\r\n", "\n")

    def _query(self, query: str, bindings: dict[str, Term]) -> Any:
        try:
            return self.store.query(bind_values(query, bindings))
        except SyntaxError as exc:
            raise QueryError(f"syntax error: {one_line(str(exc))}") from None
        except (OSError, ValueError, RuntimeError) as exc:
            raise self._failed(exc) from None

    def _result(self, answer: Any, form: str) -> Result:
        import pyoxigraph

        if form == "ASK":
            return Result(["answer"], [(bool(answer),)], boolean=bool(answer))
        if form in ("CONSTRUCT", "DESCRIBE"):
            lines = sorted({str(triple) + " ." for triple in answer})
            return Result(["subject", "predicate", "object"], [], triples=lines)
        columns = [v.value for v in answer.variables]
        literal = pyoxigraph.Literal

        def cell(term: Any) -> Any:
            if term is None:
                return None
            if type(term) is literal:
                if term.language is not None:
                    return term.value
                datatype = term.datatype.value
                # Most cells are plain strings: no call for them (commitments at 1,000 documents, 26,000
                # rows of seven columns: the conversion 0.22 -> 0.07 s)
                return term.value if datatype == _STRING else python_value(term.value, datatype)
            return term.value

        # A solution iterates over its values in the order of `answer.variables`
        rows = [tuple(map(cell, solution)) for solution in answer]
        return Result(columns, rows)


_NETWORK_EVENTS = frozenset({"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"})
_offline = threading.local()
_hook_installed = False


def _refuse_network(event: str, args: tuple) -> None:
    if event in _NETWORK_EVENTS and getattr(_offline, "on", False):
        raise PermissionError(f"{event} refused: a query does not reach the network")


@contextmanager
def offline() -> Iterator[None]:
    """No outbound connection from this thread while inside: defence in depth for rdflib, whose SERVICE
    and FROM would fetch over HTTP (the guard refuses both before a query gets here)."""
    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_refuse_network)  # audit hooks cannot be removed: it is a no-op outside `offline`
        _hook_installed = True
    previous, _offline.on = getattr(_offline, "on", False), True
    try:
        yield
    finally:
        _offline.on = previous


class RdflibEngine:
    """Plain rdflib in memory, parameters bound with prepared queries and initBindings; FROM never loads a
    graph (SPARQL_LOAD_GRAPHS off) and the query runs `offline`."""

    name = "rdflib"

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    @classmethod
    def open(cls, build: Path | BuildVersion) -> RdflibEngine:
        from rrp_graph.graph.store import BuildVersion, graph_from_version, open_build

        version = build if isinstance(build, BuildVersion) else open_build(build)
        with version:
            return cls(graph_from_version(version))

    def run(self, query: str, bindings: dict[str, Term], form: str) -> Result:
        import rdflib.plugins.sparql
        from rdflib import Literal, URIRef
        from rdflib.plugins.sparql import prepareQuery

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
        init = {name: URIRef(t.value) if t.is_iri else Literal(t.value, datatype=t.datatype and URIRef(t.datatype))
                for name, t in bindings.items()}
        try:
            prepared = prepareQuery(query)
            with offline():
                answer = self.graph.query(prepared, initBindings=init)
                if form == "SELECT":
                    answer = list(answer), answer.vars  # results are lazy: evaluate them offline too
        except TimeoutError:
            raise
        except Exception as exc:  # pyparsing and rdflib raise many kinds
            raise QueryError(f"query failed: {type(exc).__name__}: {one_line(str(exc))}") from None
        if form == "ASK":
            return Result(["answer"], [(bool(answer.askAnswer),)], boolean=bool(answer.askAnswer))
        if form in ("CONSTRUCT", "DESCRIBE"):
            from rrp_graph.graph.builder import nt_term

            lines = sorted({f"{nt_term(s, Literal)} {nt_term(p, Literal)} {nt_term(o, Literal)} ."
                            for s, p, o in answer.graph})
            return Result(["subject", "predicate", "object"], [], triples=lines)
        rows, variables = answer
        columns = [str(v) for v in variables]

        def cell(term: Any) -> Any:
            if term is None:
                return None
            if isinstance(term, Literal):
                return python_value(str(term), str(term.datatype) if term.datatype else None)
            return str(term)

        return Result(columns, [tuple(cell(row[i]) for i in range(len(columns))) for row in rows])


ENGINES = {"oxigraph": OxigraphEngine, "rdflib": RdflibEngine}


def open_engine(build_dir: Path, kind: str = "oxigraph", *, check_stale: bool = True) -> Engine:
    """An engine over the build in `build_dir` (the version current when it opens, whatever builds run
    meanwhile); refuses a stale build rather than answer from it, and a damaged one."""
    from rrp_graph.graph.store import open_build

    if kind not in ENGINES:
        raise QueryError(f"--engine: unknown engine {shown(kind)} (choose from {', '.join(ENGINES)})")
    version = open_build(build_dir)
    try:
        if check_stale:
            version.refuse_stale()
    except BaseException:
        version.close()
        raise
    return ENGINES[kind].open(version)


def open_graph_file(location: Path, kind: str = "oxigraph") -> Engine:
    """An engine over a build folder, or over a single RDF file (Turtle, N-Triples, RDF/XML, JSON-LD …)."""
    location = Path(location)
    if location.is_dir() or not location.exists():
        return open_engine(location, kind)
    if kind == "rdflib":
        from rdflib import Graph
        from rdflib.util import guess_format

        graph = Graph(bind_namespaces="none")
        try:
            graph.parse(location, format=guess_format(str(location)) or "turtle")
        except Exception as exc:  # rdflib raises many kinds on a bad file
            raise BuildError(f"{location}: cannot read the graph ({type(exc).__name__}: {exc})") from None
        return RdflibEngine(graph)
    import pyoxigraph

    try:
        fmt = pyoxigraph.RdfFormat.from_extension(location.suffix.lstrip(".")) or pyoxigraph.RdfFormat.TURTLE
        store = pyoxigraph.Store()
        store.bulk_load(path=str(location), format=fmt)
    except (OSError, SyntaxError, ValueError) as exc:
        raise BuildError(f"{location}: cannot read the graph ({exc})") from None
    return OxigraphEngine(store)
