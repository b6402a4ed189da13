"""The canned query library: one `queries/NAME.rq` file per question, plain SPARQL with a header of
`#+ key: value` lines (after grlc), loaded into `CannedQuery`.

    #+ summary: Every regional target with its numbers
    #+ description: One row per target …
    #+ param: region (region, optional) Only this region (label, slug or IRI)
    #+ param: include_shared (boolean, optional, default false) Count shared national text too
    #+ example: rrp query targets --param region="East Midlands"

A parameter NAME binds the variable `?_NAME` as an RDF term; queries test `BOUND(?_NAME)` (or use
`COALESCE(?_NAME, …)`) so the
file runs unchanged, unparameterised, in any SPARQL editor.

    >>> from rrp_graph import queries
    >>> result = queries.run("targets", region="East Midlands")
    >>> result.as_dicts()[0]["target_pct"]
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rrp_graph.errors import QueryError, shown
from rrp_graph.graph.model import ONTOLOGY
from rrp_graph.graph.summary import LIST_SEPARATOR
from rrp_graph.query.sparql import Term, query_form, variables
from rrp_graph.read.text import slugify
from rrp_graph.resources import queries_dir

if TYPE_CHECKING:
    from collections.abc import Callable

    from rrp_graph.query.engine import Engine, Result

T = TypeVar("T")


# Parameter types whose values name a resource of the graph: label, alias, slug or IRI all work.
RESOURCE_TYPES = {
    "region": f"{ONTOLOGY}Region",
    "theme": f"{ONTOLOGY}Theme",
    "pathway": f"{ONTOLOGY}Pathway",
    "cohort": f"{ONTOLOGY}Cohort",
    "metric": f"{ONTOLOGY}Metric",
    # Initiatives (programmes, strategies, …) named as partners, and classes of partner ("police and crime
    # commissioners", concepts)
    "partner": ("http://www.w3.org/ns/org#Organization", f"{ONTOLOGY}PartnerCategory", f"{ONTOLOGY}Initiative"),
    "document": f"{ONTOLOGY}PlanDocument",
}
VALUE_TYPES = ("string", "integer", "boolean", "iri")
TYPES = (*VALUE_TYPES, *RESOURCE_TYPES)

_PARAM = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?P<doc>.*)$")


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    default: str | None = None
    description: str = ""

    def signature(self) -> str:
        extra = "required" if self.required else f"optional, default {self.default}" if self.default else "optional"
        return f"{self.name} ({self.type}, {extra})"


@dataclass(frozen=True)
class CannedQuery:
    name: str
    sparql: str
    summary: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    examples: tuple[str, ...] = ()
    source: str = ""
    form: str = "SELECT"
    extra: dict[str, str] = field(default_factory=dict)
    trusted: bool = False  # one of the package's own

    @property
    def list_columns(self) -> tuple[str, ...]:
        """Columns declared with `#+ list:` hold "; "-joined lists."""
        return tuple(c.strip() for c in self.extra.get("list", "").replace(",", " ").split())

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = [p.name for p in self.parameters]
        hint = f"; it takes {', '.join(known)}" if known else "; it takes no parameters"
        raise QueryError(f"{self.name}: unknown parameter {shown(name)}{hint}")

    def describe(self) -> str:
        lines = [f"{self.name}: {self.summary}", ""]
        if self.description:
            lines += [self.description, ""]
        lines.append("Parameters:" if self.parameters else "Parameters: none")
        lines += [f"  {p.signature()}  {p.description}".rstrip() for p in self.parameters]
        if self.examples:
            lines += ["", "Example:"] + [f"  {e}" for e in self.examples]
        lines += ["", f"File: {self.source}"]
        return "\n".join(lines)


def parse_query(text: str, *, name: str, source: str, trusted: bool = False) -> CannedQuery:
    """A CannedQuery from the text of a `.rq` file (header lines `#+ key: value`).

    Queries we did not write go through the read-only guard (rrp_graph.query.guard); `trusted` ones, the
    package's own, only through the lexer's cheap check.
    """
    header: dict[str, list[str]] = {}
    last = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#+"):
            if stripped and not stripped.startswith("#"):
                break
            continue
        body = stripped[2:]
        key, sep, value = body.partition(":")
        if sep and key.strip() and " " not in key.strip() and not body.startswith("  "):
            last = key.strip().lower()
            header.setdefault(last, []).append(value.strip())
        elif last:  # continuation of the previous key
            header[last][-1] = f"{header[last][-1]} {body.strip()}".strip()
    parameters = tuple(_parameter(spec, source) for spec in header.pop("param", []))
    if trusted:
        form = query_form(text, source=source)
    else:
        from rrp_graph.query.guard import check

        form = check(text, source=source)
    unused = [p.name for p in parameters if f"_{p.name}" not in variables(text)]
    if unused:
        raise QueryError(f"{source}: parameter {unused[0]} is declared but ?_{unused[0]} is not in the query")
    return CannedQuery(
        name=name,
        sparql=text,
        summary=" ".join(header.pop("summary", [""])),
        description=" ".join(header.pop("description", [""])),
        parameters=parameters,
        examples=tuple(header.pop("example", [])),
        source=source,
        form=form,
        extra={k: " ".join(v) for k, v in header.items()},
        trusted=trusted,
    )


def evidence_for(query: CannedQuery) -> CannedQuery:
    """The query that shows why each row of `query` is there (its `#+ why:` header), e.g. pathway-evidence."""
    name = query.extra.get("why")
    if not name:
        raise QueryError(f"--why: {query.name} has no evidence query (queries that have one: "
                         f"{', '.join(q.name for q in library().values() if q.extra.get('why')) or 'none'})")
    return get(name)


def _parameter(spec: str, source: str) -> Parameter:
    match = _PARAM.match(spec)
    if not match:
        raise QueryError(f"{source}: bad parameter line {spec!r} (expected `name (type, required|optional) text`)")
    parts = [p.strip() for p in match["spec"].split(",")]
    kind = parts[0].lower()
    if kind not in TYPES:
        raise QueryError(f"{source}: parameter {match['name']}: unknown type {kind!r} (one of {', '.join(TYPES)})")
    default = next((p.split(None, 1)[1] for p in parts[1:] if p.startswith("default ")), None)
    return Parameter(match["name"], kind, "required" in parts[1:], default, match["doc"].strip())


def load(path: Path, *, trusted: bool = False) -> CannedQuery:
    """One query file (`trusted`: one of the package's own)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{path}: no such query file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read the query file ({exc})") from None
    return parse_query(text, name=path.stem, source=str(path), trusted=trusted)


def _bundled() -> Path:
    return queries_dir()


def library(directory: Path | None = None) -> dict[str, CannedQuery]:
    """Every canned query, by name."""
    trusted = directory is None
    directory = directory or _bundled()
    return {path.stem: load(path, trusted=trusted) for path in sorted(Path(directory).glob("*.rq"))}


def get(name: str, directory: Path | None = None) -> CannedQuery:
    """A canned query by name; an unknown name suggests the closest ones."""
    trusted = directory is None
    directory = directory or _bundled()
    path = Path(directory) / f"{name}.rq"
    if path.is_file():
        return load(path, trusted=trusted)
    names = sorted(p.stem for p in Path(directory).glob("*.rq"))
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(close)}?" if close else "; `rrp query --list` shows them"
    raise QueryError(f"no canned query named {shown(name)}{hint}")


# --- binding -------------------------------------------------------------------------------------

_TRUE, _FALSE = {"true", "yes", "1", "on"}, {"false", "no", "0", "off"}


def bind(query: CannedQuery, params: dict[str, Any], engine: Engine) -> dict[str, Term]:
    """Check and convert parameter values into RDF terms, keyed by the variable they bind."""
    bound: dict[str, Term] = {}
    for name in params:
        query.parameter(name)  # unknown names are an error, never silently ignored
    for parameter in query.parameters:
        value = params.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                raise QueryError(f"{query.name}: parameter {parameter.name} is required "
                                 f"(--param {parameter.name}=…)")
            continue
        bound[f"_{parameter.name}"] = _term(query.name, parameter, value, engine)
    return bound


def _term(query_name: str, parameter: Parameter, value: Any, engine: Engine) -> Term:
    where = f"{query_name}: parameter {parameter.name}"
    text = str(value).strip() if not isinstance(value, bool) else value
    if parameter.type == "string":
        return Term.literal(str(value))
    if parameter.type == "integer":
        try:
            return Term.literal(int(str(text)))
        except ValueError:
            raise QueryError(f"{where}: {shown(value)} is not a whole number") from None
    if parameter.type == "boolean":
        if isinstance(text, bool):
            return Term.literal(text)
        if text.lower() in _TRUE | _FALSE:
            return Term.literal(text.lower() in _TRUE)
        raise QueryError(f"{where}: {shown(value)} is not true or false")
    if parameter.type == "iri":
        try:
            return Term.iri(text)
        except ValueError:
            raise QueryError(f"{where}: {shown(value)} is not an absolute IRI") from None
    return Term.iri(resolve(parameter.type, str(text), engine, where=where))


_NAMES_QUERY = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?thing ?name WHERE {
  ?thing a ?_class .
  { ?thing rdfs:label ?name } UNION { ?thing skos:prefLabel ?name } UNION { ?thing skos:altLabel ?name }
}"""


def resolve(kind: str, value: str, engine: Engine, *, where: str = "parameter") -> str:
    """The IRI of the resource of `kind` (region, pathway, partner …) that `value` names.

    Accepts the IRI, a label or alias (case-insensitive) or the slug at the end of the IRI.
    """
    classes = RESOURCE_TYPES[kind]
    rows = [row for cls in ((classes,) if isinstance(classes, str) else classes)
            for row in engine.run(_NAMES_QUERY, {"_class": Term.iri(cls)}, "SELECT").rows]
    wanted, wanted_slug = value.casefold(), slugify(value)
    by_name: dict[str, str] = {}
    for iri, name in rows:
        by_name.setdefault(str(name).casefold(), iri)
    for iri, _ in rows:
        if value == iri or iri.rsplit("/", 1)[-1] in (value, wanted_slug, f"{kind}-{wanted_slug}"):
            return iri
    if wanted in by_name:
        return by_name[wanted]
    names = sorted({str(name) for _, name in rows})
    close = difflib.get_close_matches(value, names, n=3, cutoff=0.6) if len(value) <= 200 else []
    hint = f"; did you mean {' or '.join(close)}?" if close else f"; known: {', '.join(names[:12])}"
    raise QueryError(f"{where}: no {kind} named {shown(value)}{hint}")


# --- running -------------------------------------------------------------------------------------


def run_query(query: CannedQuery, engine: Engine, params: dict[str, Any] | None = None, *,
              timeout: float | None = None) -> Result:
    """Bind `params` and run `query` on `engine` within `timeout` seconds."""
    bindings = bind(query, params or {}, engine)
    result = _within_limit(query, lambda: engine.run(query.sparql, bindings, query.form), timeout)
    return sort_lists(result, query.list_columns)


def render_query(query: CannedQuery, engine: Engine, params: dict[str, Any] | None = None, fmt: str = "table", *,
                 timeout: float | None = None, width: int = 80) -> str:
    """`query`'s answer on `engine` as text in `fmt` (rrp_graph.query.formats.FORMATS), what `rrp query` prints.

    The CSV of one of the package's SELECT queries on the Oxigraph store is written by Oxigraph itself (targets
    at 1,000 documents, 5,000 rows: 0.39 -> 0.31 s), the same text (tests/test_queries.py checks every golden
    case); list columns are sorted in Python, so a query with one takes the common path."""
    from rrp_graph.query.formats import render

    run_csv = getattr(engine, "run_csv", None)
    if fmt == "csv" and run_csv and query.trusted and query.form == "SELECT" and not query.list_columns:
        bindings = bind(query, params or {}, engine)
        return _within_limit(query, lambda: run_csv(query.sparql, bindings), timeout)
    return render(run_query(query, engine, params, timeout=timeout), fmt, width=width)


def _within_limit(query: CannedQuery, work: Callable[[], T], timeout: float | None) -> T:
    """`work` (a run of `query`) within `timeout` seconds; its errors name the query."""
    from rrp_graph.query.engine import DEFAULT_TIMEOUT, check_timeout, with_timeout

    limit = check_timeout(DEFAULT_TIMEOUT if timeout is None else timeout)
    try:
        return with_timeout(work, limit, query.source or query.name)
    except QueryError as exc:
        message = str(exc)
        if message.startswith((query.name + ":", query.source + ":")):
            raise
        raise QueryError(f"{query.source or query.name}: {message}") from None


def sort_lists(result: Result, columns: tuple[str, ...]) -> Result:
    """Sort the items of "; "-joined list columns: GROUP_CONCAT's order differs from engine to engine."""
    positions = [result.columns.index(c) for c in columns if c in result.columns]
    if not positions:
        return result
    rows = [tuple(LIST_SEPARATOR.join(sorted(x for x in v.split(LIST_SEPARATOR) if x)) if i in positions and v else v
                  for i, v in enumerate(row)) for row in result.rows]
    return replace(result, rows=rows)


def run(name: str, *, build_dir: Path | None = None, engine: Engine | None = None,
        timeout: float | None = None, **params: Any) -> Result:
    """Run a canned query by name on the build (Python API; keyword arguments are its parameters).

    Default build: the workspace's, else ./build (see rrp_graph.workspace).
    """
    from rrp_graph.query.engine import open_engine
    from rrp_graph.workspace import locate

    query = get(name)
    return run_query(query, engine or open_engine(build_dir or locate().build_dir), params, timeout=timeout)


def to_dataframe(result: Result) -> Any:
    """The result as a pandas DataFrame (pandas is optional: install it to use this)."""
    try:
        import pandas
    except ImportError:
        raise QueryError("to_dataframe needs pandas (pip install pandas)") from None
    return pandas.DataFrame.from_records(result.rows, columns=result.columns)


__all__ = ["CannedQuery", "Parameter", "get", "library", "load", "render_query", "resolve", "run", "run_query",
           "to_dataframe"]
