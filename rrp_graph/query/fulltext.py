"""Full-text search over statement text through the build's SQLite FTS5 index (`search.sqlite`, written
by `rrp_graph.graph.fulltext` with the graph): porter stemming, phrases, prefixes, BM25 ranking and
highlighted snippets, ties broken by statement order (region, year, document, order).

User text is data: each word becomes a quoted FTS5 string, so `NEAR(`, `"x` or `region:EM` are just
words; a word ending in `*` is a prefix and a double-quoted run of words a phrase. `syntax=True` passes
the text to FTS5 as a query of its own (AND, OR, NOT, NEAR, column filters), on the stemmed table.

    >>> from rrp_graph.query.fulltext import search
    >>> search("employment hub", "build").as_dicts()[0]["snippet"]
"""

from __future__ import annotations

import re
from pathlib import Path

from rrp_graph.errors import QueryError, shown
from rrp_graph.query.engine import Result

COLUMNS = ["region", "document", "kind", "snippet", "score", "statement"]
DEFAULT_LIMIT = 20
MARK = ("[", "]")  # around each matched word in the snippet
_PIECE = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


def fts_query(text: str) -> tuple[str, str]:
    """The user's text as (stemmed-table query, plain-table query): every word quoted, phrases kept
    together, prefix words (`employ*`) sent to the unstemmed table. Empty strings where a side has none."""
    stemmed, plain = [], []
    for phrase, bare in _PIECE.findall(text):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                stemmed.append('"' + " ".join(words) + '"')
            continue
        prefix = bare.endswith("*")
        words = _WORD.findall(bare)
        if not words:
            continue
        if prefix:  # "well-being*": the last word is the prefix, the others a phrase before it
            plain.append('"' + " ".join(words) + '"*')
        else:
            stemmed.append('"' + " ".join(words) + '"')
    return " ".join(stemmed), " ".join(plain)


def search(text: str, build_dir: Path | str, *, limit: int = DEFAULT_LIMIT, syntax: bool = False,
           include_shared: bool = False) -> Result:
    """The best `limit` statements for `text`, best first: columns region, document, kind, snippet
    (matched words in brackets), score (BM25, higher is better) and statement (IRI)."""
    import sqlite3

    from rrp_graph.graph.fulltext import INDEX_FILE, SCHEMA_VERSION
    from rrp_graph.graph.store import open_build

    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise QueryError(f"--limit: must be a whole number of at least 1, not {shown(str(limit))}")
    if not text.strip():
        raise QueryError("give some text to search for")
    if syntax:
        stemmed, plain = text, ""
    else:
        stemmed, plain = fts_query(text)
        if not stemmed and not plain:
            raise QueryError(f"no words to search for in {shown(text)}")
    with open_build(Path(build_dir)) as version:
        version.refuse_stale()
        if INDEX_FILE not in (version.manifest.get("checksums") or {}):
            raise QueryError(f"{version.build_dir}: the build has no full-text index (run `rrp build`)")
        version.check([INDEX_FILE])  # size, and the checksum when the file was touched
        path = version.file(INDEX_FILE, verify=False)
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        except sqlite3.Error as exc:
            raise version.damaged(f"{INDEX_FILE}: {exc}") from None
        try:
            if db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                raise QueryError(f"{version.build_dir}: the full-text index is of another version "
                                 f"(run `rrp build`)")
            rows = _ranked(db, stemmed, plain, limit, include_shared)
        except sqlite3.OperationalError as exc:
            if syntax:
                raise QueryError(f"--syntax: not a valid FTS5 query ({exc})") from None
            raise version.damaged(f"{INDEX_FILE}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise version.damaged(f"{INDEX_FILE}: {exc}") from None
        finally:
            db.close()
    return Result(list(COLUMNS), rows)


def _ranked(db, stemmed: str, plain: str, limit: int, include_shared: bool) -> list[tuple]:
    table = "stemmed" if stemmed else "plain"
    where = [f"{table} MATCH :main"]
    if stemmed and plain:
        where.append("s.id IN (SELECT rowid FROM plain WHERE plain MATCH :plain)")
    if not include_shared:
        where.append("s.shared = 0")
    sql = (f"SELECT s.region, s.document, s.kind, snippet({table}, 0, :open, :close, '…', 16), "
           f"-bm25({table}) AS score, s.iri FROM {table} JOIN statement s ON s.id = {table}.rowid "
           f"WHERE {' AND '.join(where)} ORDER BY bm25({table}), s.id LIMIT :limit")
    found = db.execute(sql, {"main": stemmed or plain, "plain": plain, "open": MARK[0], "close": MARK[1],
                             "limit": limit}).fetchall()
    return [(*row[:4], round(row[4], 4), row[5]) for row in found]
