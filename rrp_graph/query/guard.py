"""The read-only guard for queries we did not write: `--file`, queries for `--endpoint`, and every query
`rrp serve` receives. Canned queries shipped in the package are trusted and skip it.

It fails closed. A query runs only if all three views of it agree that it reads the built graph and
nothing else:

1. our lexer (`sparql.query_form`), which reads the text as Oxigraph does, escapes and all, refuses
   SERVICE, FROM and every update word outside strings, IRIs and comments;
2. no codepoint escape (\\u0053, \\U00000053) anywhere: SPARQL engines disagree on where they apply
   (rdflib expands them before parsing, Oxigraph only inside strings and IRIs), and a spelling two
   parsers read differently is exactly how a guard is bypassed;
3. rdflib's SPARQL parser must parse it as a query, and its tree must hold no SERVICE pattern and no
   dataset clause (FROM / FROM NAMED). What the guard cannot parse does not run, whatever an engine
   might make of it.

Refusals are `QueryError`s naming what was refused.
"""

from __future__ import annotations

import re
from typing import Any

from rrp_graph.errors import QueryError
from rrp_graph.query.sparql import query_form

_CODEPOINT_ESCAPE = re.compile(r"\\[uU]")
_FORBIDDEN_NODES = {
    "ServiceGraphPattern": "SERVICE calls another endpoint",
    "DatasetClause": "FROM reads an outside dataset",
}
MAX_QUERY_CHARS = 100_000


def check(query: str, *, source: str = "query") -> str:
    """The query's form (SELECT, ASK, CONSTRUCT, DESCRIBE) if it is safe to run; else a QueryError."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"{source}: refused: the query is {len(query):,} characters (at most {MAX_QUERY_CHARS:,})")
    if _CODEPOINT_ESCAPE.search(query):
        raise QueryError(f"{source}: refused: codepoint escapes (\\u…, \\U…) are not accepted here; write the "
                         f"characters themselves")
    form = query_form(query, source=source)
    tree = _parse(query, source)
    if reason := _forbidden(tree):
        raise QueryError(f"{source}: refused: {reason}; queries run on the built graph only")
    return form


def _parse(query: str, source: str) -> Any:
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseQuery(query)
    except Exception as exc:  # pyparsing's ParseException and the odd ValueError: all mean "not a query"
        try:
            parseUpdate(query)
        except Exception:
            detail = " ".join(str(exc).split())[:120]
            raise QueryError(f"{source}: refused: syntax error (the read-only guard cannot parse it: {detail})") \
                from None
        raise QueryError(f"{source}: refused: only SELECT, ASK, CONSTRUCT and DESCRIBE run here (this is an "
                         f"update)") from None


def _forbidden(node: Any) -> str | None:
    """The reason the first forbidden part of a parse tree is refused, if there is one."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name in _FORBIDDEN_NODES:
                return _FORBIDDEN_NODES[item.name]
            if "datasetClause" in item and item["datasetClause"]:  # CompValue.get returns the key when absent
                return _FORBIDDEN_NODES["DatasetClause"]
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or hasattr(item, "asList"):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return None
