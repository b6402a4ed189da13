"""The read-only guard (rrp_graph.query.guard): no spelling of SERVICE, FROM or an update gets through.

Property tests generate case, comment, whitespace, escape and prefix variants; a real listener on
127.0.0.1 proves no request leaves, on both engines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.errors import QueryError
from rrp_graph.query import catalogue as queries
from rrp_graph.query.guard import check

runner = CliRunner()


# --- spellings -----------------------------------------------------------------------------------

def _service_spellings(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ #comment\n SERVICE#x\n<{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <{url}/>\nSELECT * WHERE {{ SERVICE ex:sparql {{ ?s ?p ?o }} }}",
        f"BASE <{url}/>\nSELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(\"\\u0022\" AS ?x) SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


FROM_SPELLINGS = [
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "select * from named <file:///etc/hostname> where { graph ?g { ?s ?p ?o } }",
    "SELECT * \\u0046ROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "ASK FROM <http://127.0.0.1:9/x> { ?s ?p ?o }",
    "DESCRIBE ?s FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
]
UPDATES = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd>",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
    "PREFIX x: <urn:x#> INSERT { ?s x:p 1 } WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o } ; INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", _service_spellings("http://127.0.0.1:9/sparql") + FROM_SPELLINGS + UPDATES)
def test_every_spelling_is_refused(query):
    with pytest.raises(QueryError, match="refused"):
        check(query)


def test_what_the_guard_cannot_parse_does_not_run():
    with pytest.raises(QueryError, match="refused: syntax error .the read-only guard cannot parse it"):
        check("SELECT * WHERE { ?s ?p ?o . FILTER(?o = ) }")


def test_good_queries_and_the_canned_ones_pass():
    assert check('SELECT ?s WHERE { ?s ?p "service from the insert" } # SERVICE in a comment') == "SELECT"
    assert check("PREFIX service: <urn:x#> SELECT ?from WHERE { ?from service:p ?o }") == "SELECT"
    for query in queries.library().values():
        assert check(query.sparql, source=query.name) == query.form


_KEYWORDS = st.sampled_from(["SERVICE", "FROM", "FROM NAMED", "INSERT DATA", "LOAD", "DELETE DATA", "CLEAR"])


def _variant(word: str, draw) -> str:
    """One spelling of `word`: random case, and maybe one letter as a codepoint escape."""
    letters = [c.upper() if draw(st.booleans()) else c.lower() for c in word]
    if draw(st.booleans()):
        i = draw(st.integers(0, len(letters) - 1))
        if letters[i] != " ":
            letters[i] = f"\\u{ord(letters[i]):04X}" if draw(st.booleans()) else f"\\U{ord(letters[i]):08X}"
    return "".join(letters).replace(" ", draw(st.sampled_from([" ", "\t", "\n", " #c\n "])))


@st.composite
def hostile_queries(draw) -> str:
    word = draw(_KEYWORDS)
    spelled = _variant(word, draw)
    gap = draw(st.sampled_from([" ", "\n", "\t", " # note\n", "  "]))
    if word == "SERVICE":
        body = f"SELECT * WHERE {{{gap}{spelled}{gap}<http://127.0.0.1:9/s>{gap}{{ ?s ?p ?o }} }}"
    elif word.startswith("FROM"):
        body = f"SELECT *{gap}{spelled}{gap}<file:///etc/passwd>{gap}WHERE {{ ?s ?p ?o }}"
    elif word == "LOAD":
        body = f"{spelled}{gap}<file:///etc/passwd>"
    elif word == "CLEAR":
        body = f"{spelled}{gap}ALL"
    else:
        body = f"{spelled}{gap}{{ <urn:a> <urn:b> <urn:c> }}"
    prefix = draw(st.sampled_from(["", "PREFIX ex: <urn:ex#>\n", "# header\n", "BASE <urn:b/>\n"]))
    return prefix + body


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_queries())
def test_generated_spellings_are_all_refused(query):
    with pytest.raises(QueryError, match="refused"):
        check(query)


# --- end to end: nothing leaves the machine, on either engine ---------------------------------------


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_no_request_reaches_a_listener(engine, listener, build_dir: Path, tmp_path: Path):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    for number, query in enumerate(_service_spellings(url) + [f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"]):
        path = tmp_path / f"q{number}.rq"
        path.write_text(query, encoding="utf-8")
        result = runner.invoke(app, ["query", "--file", str(path), "--engine", engine, "--build-dir", str(build_dir)])
        assert result.exit_code == 1, (query, result.output)
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert listener.connections == 0


def test_the_rdflib_engine_stays_offline_even_past_the_guard(listener, build_dir: Path):
    """Defence in depth: a SERVICE query handed straight to the engine (no guard) makes no connection."""
    from rrp_graph.query.engine import open_engine

    engine = open_engine(build_dir, "rdflib")
    with pytest.raises(QueryError):
        engine.run(f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/s> {{ ?s ?p ?o }} }}", {}, "SELECT")
    assert listener.connections == 0
