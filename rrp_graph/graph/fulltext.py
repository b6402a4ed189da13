"""The full-text index of statement text: an SQLite FTS5 database (`search.sqlite`) written into the build
version with the graph, checksummed in its manifest like graph.nt, and read by `rrp_graph.query.fulltext`.

Rows come from the Oxigraph store just written, not from the corpus, so the index holds exactly the
statements, IRIs and labels the graph holds. Row ids are the statements' order in the canned `search`
query (region, year, document, order): ties in BM25 fall back to them.

Two FTS5 tables share one content table: `stemmed` (porter) answers words and phrases, `plain` (no
stemming) answers prefix queries, since porter stems a query prefix too ("employ*" becomes "emploi*",
which matches no indexed "employ" from "employment").
"""

from __future__ import annotations

from pathlib import Path

from rrp_graph.errors import BuildError
from rrp_graph.graph.model import ONTOLOGY as _RRP

INDEX_FILE = "search.sqlite"
SCHEMA_VERSION = 1

_STATEMENTS = f"""
PREFIX rrp: <{_RRP}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?statement ?text ?order ?region ?document ?year ?shared ?class WHERE {{
  ?statement a rrp:Statement ; rrp:text ?text ; rrp:order ?order ; rrp:region/rdfs:label ?region ;
             rrp:inDocument ?document_iri ; rrp:sharedNationalText ?shared ; a ?class .
  ?document_iri rdfs:label ?document ; rrp:year ?year .
}}"""

_CLASSES = f"""
PREFIX rrp: <{_RRP}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?class ?label ?parent WHERE {{
  ?class rdfs:subClassOf* rrp:Statement ; rdfs:label ?label .
  OPTIONAL {{ ?class rdfs:subClassOf ?parent }}
}}"""


def write_index(store_dir: Path, path: Path) -> int:
    """Write the index of every statement in the store at `store_dir` to `path`; the number of statements."""
    import sqlite3

    import pyoxigraph

    try:
        store = pyoxigraph.Store.read_only(str(store_dir))
        labels: dict[str, str] = {}
        parents: dict[str, set[str]] = {}
        for row in store.query(_CLASSES):
            labels[row["class"].value] = row["label"].value
            if row["parent"] is not None:
                parents.setdefault(row["class"].value, set()).add(row["parent"].value)
        found: dict[str, list] = {}
        for row in store.query(_STATEMENTS):
            iri = row["statement"].value
            entry = found.get(iri)
            if entry is None:
                entry = found[iri] = [row["region"].value, row["year"].value, row["document"].value,
                                      int(row["order"].value), iri, row["text"].value,
                                      row["shared"].value == "true", set()]
            entry[7].add(row["class"].value)
        del store
    except (OSError, RuntimeError, ValueError) as exc:
        raise BuildError(f"cannot read the store for the full-text index ({type(exc).__name__}: {exc})") from None
    rows = sorted(found.values(), key=lambda e: (e[0], e[1], e[2], e[3], e[4]))
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript(f"""
            PRAGMA journal_mode = OFF;
            PRAGMA user_version = {SCHEMA_VERSION};
            CREATE TABLE statement (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, region TEXT NOT NULL,
                                    document TEXT NOT NULL, kind TEXT NOT NULL, shared INTEGER NOT NULL,
                                    text TEXT NOT NULL);
            CREATE VIRTUAL TABLE stemmed USING fts5(text, content='statement', content_rowid='id',
                                                    tokenize='porter unicode61 remove_diacritics 2');
            CREATE VIRTUAL TABLE plain USING fts5(text, content='statement', content_rowid='id',
                                                  tokenize='unicode61 remove_diacritics 2');
        """)
        db.executemany("INSERT INTO statement VALUES (?, ?, ?, ?, ?, ?, ?)",
                       ((rank, e[4], e[0], e[2], _kind(e[7], labels, parents), int(e[6]), e[5])
                        for rank, e in enumerate(rows, 1)))
        for table in ("stemmed", "plain"):
            db.execute(f"INSERT INTO {table}(rowid, text) SELECT id, text FROM statement")
            db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        db.commit()
    finally:
        db.close()
    tmp.replace(path)
    return len(rows)


def _kind(classes: set[str], labels: dict[str, str], parents: dict[str, set[str]]) -> str:
    """The label of the statement's narrowest class (the canned `search` query's kind)."""
    broader = {p for c in classes for p in parents.get(c, ())}
    narrowest = sorted(c for c in classes if c in labels and c not in broader)
    return labels[narrowest[0]] if narrowest else "Statement"
