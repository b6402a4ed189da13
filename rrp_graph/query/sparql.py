"""SPARQL text as data: a small lexer that knows strings, IRIs and comments, so we can tell what a
query does (its form, whether it reaches outside the graph) and bind parameters with a VALUES block
without ever pasting a value into the query's own text.

Values are written as N-Triples terms: a literal's quotes, backslashes and line breaks are escaped
and an IRI is refused if it holds a character that could end it, so a bound value can only ever
be one term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rrp_graph.errors import QueryError

READ_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
# FROM / FROM NAMED would let a query read files or URLs into its dataset; SERVICE calls out.
OUTSIDE_WORDS = frozenset({"SERVICE", "FROM"})

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7\u00c0-\uffff]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[A-Za-z0-9_\-.]*)?|:[A-Za-z0-9_\-.]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


def tokens(query: str) -> list[Token]:
    """The query's tokens, comments and whitespace left out."""
    return [
        Token(m.lastgroup or "other", m.group(), m.start())
        for m in _TOKEN.finditer(query)
        if m.lastgroup not in ("comment", "space")
    ]


def query_form(query: str, *, source: str = "query") -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; refuses updates and anything that reaches outside the graph."""
    words = [t.text.upper() for t in tokens(query) if t.kind == "word"]
    if updates := sorted(UPDATE_WORDS.intersection(words)):
        raise QueryError(f"{source}: refused: only SELECT, ASK, CONSTRUCT and DESCRIBE run here "
                         f"({updates[0]} would change a graph)")
    if outside := sorted(OUTSIDE_WORDS.intersection(words)):
        reason = "SERVICE calls another endpoint" if "SERVICE" in outside else "FROM reads an outside dataset"
        raise QueryError(f"{source}: refused: {reason}; queries run on the built graph only")
    for word in words:
        if word in READ_FORMS:
            return word
        if word not in ("PREFIX", "BASE") and ":" not in word:
            break
    raise QueryError(f"{source}: not a SPARQL query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)")


def variables(query: str) -> set[str]:
    return {t.text[1:] for t in tokens(query) if t.kind == "var"}


# --- terms -----------------------------------------------------------------------------------

XSD = "http://www.w3.org/2001/XMLSchema#"
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclass(frozen=True)
class Term:
    """An RDF term to bind: an IRI, or a literal with an optional datatype (plain string if None)."""

    value: str
    is_iri: bool = False
    datatype: str | None = None

    @classmethod
    def iri(cls, value: str) -> Term:
        if not _ABSOLUTE_IRI.match(value) or _IRI_FORBIDDEN.search(value):
            raise ValueError(f"not an absolute IRI: {value!r}")
        return cls(value, is_iri=True)

    @classmethod
    def literal(cls, value: str | int | bool, datatype: str | None = None) -> Term:
        if isinstance(value, bool):
            return cls("true" if value else "false", datatype=XSD + "boolean")
        if isinstance(value, int):
            return cls(str(value), datatype=XSD + "integer")
        return cls(value, datatype=datatype)

    def n3(self) -> str:
        """The term in N-Triples syntax: the only way a value enters query text."""
        if self.is_iri:
            return f"<{self.value}>"
        escaped = (self.value.replace("\\", "\\\\").replace('"', '\\"')
                   .replace("\n", "\\n").replace("\r", "\\r"))
        return f'"{escaped}"' + (f"^^<{self.datatype}>" if self.datatype else "")


def bind_values(query: str, bindings: dict[str, Term], *, source: str = "query") -> str:
    """The query with `VALUES (?a ?b) { (t1 t2) }` opening its outermost WHERE group."""
    if not bindings:
        return query
    toks = tokens(query)
    for index, token in enumerate(toks):
        if token.kind == "word" and token.text.upper() == "WHERE":
            following = toks[index + 1] if index + 1 < len(toks) else None
            if following and following.kind == "open":
                names = " ".join(f"?{name}" for name in bindings)
                row = " ".join(term.n3() for term in bindings.values())
                at = following.start + 1
                return f"{query[:at]} VALUES ({names}) {{ ({row}) }}{query[at:]}"
    raise QueryError(f"{source}: parameters need a `WHERE {{ … }}` clause to bind into")
