"""The one exception tree of rrp-graph.

    RrpError                      base: the CLI turns it into "Error: …" and exit 1
    ├── CorpusError               the corpus folder is missing, empty or inconsistent
    ├── DocumentError             one document cannot be read or understood (names the file)
    ├── BuildError                no usable build (missing, stale, unreadable, damaged)
    ├── ValidationError           the graph breaks the SHACL shapes
    └── QueryError                a canned or user query cannot run (names the query)
"""

from __future__ import annotations


class RrpError(Exception):
    """Base of every error rrp-graph raises on purpose."""


class CorpusError(RrpError):
    """The corpus as a whole cannot be used."""


class DocumentError(RrpError):
    """One document cannot be read or understood; the message starts with its file name."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class BuildError(RrpError):
    """The built graph is missing, stale or unreadable; a damaged one says "BUILD: the build is damaged (what):
    run rrp build" (rrp_graph.graph.store.damaged)."""


class ValidationError(RrpError):
    """The graph does not conform to the SHACL shapes."""


class QueryError(RrpError):
    """A query cannot be loaded, bound or run."""


class EndpointError(RrpError):
    """A remote SPARQL server cannot be reached, refuses the credentials or answers an error; the message
    names its URL without user information."""


class PushError(EndpointError):
    """Pushing the graph failed or could not be verified; the message says what the remote graph holds now."""

    def __init__(self, message: str, *, sent: int = 0, total: int = 0, partial: bool = False) -> None:
        super().__init__(message)
        self.sent = sent
        self.total = total
        self.partial = partial


def shown(value: object, limit: int = 80) -> str:
    """A value as an error message echoes it: quoted (repr), cut to `limit` characters with its length said,
    so a 100,000-character parameter does not flood the terminal."""
    text = value if isinstance(value, str) else str(value)
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"
