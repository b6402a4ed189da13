"""The canned query library: golden answers on the corpus, parameter safety, refusals, formats, CLI."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import pytest
from conftest import GOLDEN, diff_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.errors import QueryError
from rrp_graph.query import catalogue as queries
from rrp_graph.query.engine import open_engine
from rrp_graph.query.formats import render

CASES = json.loads((GOLDEN / "queries" / "cases.json").read_text(encoding="utf-8"))

# The column interface analysts script against (issue 3); IRI columns come last.
COLUMNS = {
    "regions": ["region", "documents", "commitments", "progress", "targets", "partners", "region_iri"],
    "targets": ["region", "theme", "metric", "baseline_pct", "baseline_date", "change_pp", "target_pct", "deadline",
                "direction", "quote", "document", "target"],
    "target-comparison": ["region", "baseline_pct", "baseline_date", "target_pct", "change_pp", "deadline", "period",
                          "direction", "document"],
    "partners": ["partner", "type", "regions", "pathways", "mentions", "partner_iri"],
    "partners-by-pathway": ["partner", "pathway", "region", "mentions", "statements", "basis", "partner_iri"],
    "pathway-evidence": ["partner", "pathway", "region", "text", "cue", "rule", "tag_rule", "document", "statement"],
    "partner-profile": ["region", "document", "theme", "kind", "text", "statement"],
    "pathway-coverage": ["region", "pathway", "commitments", "progress", "partners"],
    "commitments": ["region", "theme", "theme_heading", "pathways", "text", "document", "statement"],
    "progress": ["region", "theme", "theme_heading", "pathways", "text", "document", "statement"],
    "shared-partners": ["partner", "regions", "region_count", "partner_iri"],
    "search": ["region", "document", "kind", "text", "statement"],
    "prisons": ["prison", "region", "mentions", "prison_iri"],
    "people": ["person", "role", "region", "person_iri"],
    "glossary": ["term", "definition", "document"],
    "commitment-tracker": ["region", "theme", "commitment", "status", "firmness", "deadline", "progress", "strength",
                           "evidence", "commitment_iri", "progress_iri"],
    "commitment-status": ["region", "theme", "commitments", "reported", "partial", "none"],
    "unanswered-progress": ["region", "theme", "text", "document", "statement"],
    "documents": ["identifier", "title", "region", "kind", "period", "year", "source", "statements", "document_iri"],
    "statement-spans": ["document", "kind", "start", "end", "region", "theme", "shared", "text", "statement"],
    "mentions": ["entity", "type", "as_partner", "region", "document", "start", "end", "statement", "entity_iri"],
}


@pytest.fixture(scope="module")
def oxigraph(engine):
    return engine  # the session's Oxigraph engine (conftest), under the name that says which engine


@pytest.fixture(scope="module")
def rdflib_engine(build_dir: Path):
    return open_engine(build_dir, "rdflib")


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- the library -------------------------------------------------------------------------------


def test_library_holds_every_query_of_the_interface():
    library = queries.library()
    assert sorted(library) == sorted(COLUMNS)
    for query in library.values():
        assert query.summary and query.description and query.examples, query.name
        assert query.form == "SELECT"


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_every_query_parses_with_only_its_own_prefixes(name):
    import pyoxigraph

    # An empty Oxigraph store binds no prefixes: an undeclared one is a syntax error here.
    list(pyoxigraph.Store().query(queries.get(name).sparql))


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_columns_are_the_documented_interface(name, oxigraph):
    params = next(spec["params"] for spec in CASES.values() if spec["query"] == name)
    assert queries.run_query(queries.get(name), oxigraph, params).columns == COLUMNS[name]


# --- golden answers ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_answer(case, oxigraph):
    spec = CASES[case]
    result = queries.run_query(queries.get(spec["query"]), oxigraph, spec["params"])
    expected = csv_rows((GOLDEN / "queries" / f"{case}.csv").read_text(encoding="utf-8"))
    actual = csv_rows(render(result, "csv"))
    assert actual == expected, f"{case}:\n" + diff_rows(expected, actual)


@pytest.mark.parametrize("case", sorted(CASES))
def test_oxigraph_and_rdflib_give_identical_answers(case, oxigraph, rdflib_engine):
    spec = CASES[case]
    query = queries.get(spec["query"])
    fast = queries.run_query(query, oxigraph, spec["params"])
    reference = queries.run_query(query, rdflib_engine, spec["params"])
    assert fast.columns == reference.columns
    assert fast.rows == reference.rows, diff_rows(reference.rows, fast.rows)


@pytest.mark.parametrize("case", sorted(CASES))
def test_csv_written_by_oxigraph_is_the_csv_we_write(case, oxigraph, monkeypatch):
    # `rrp query --format csv` lets Oxigraph write the CSV of a query without list columns: it must be our text
    spec = CASES[case]
    query = queries.get(spec["query"])
    calls, native = [], oxigraph.run_csv
    monkeypatch.setattr(oxigraph, "run_csv", lambda *args: calls.append(args) or native(*args))
    text = queries.render_query(query, oxigraph, spec["params"], "csv")
    assert len(calls) == (0 if query.list_columns else 1)
    expected = render(queries.run_query(query, oxigraph, spec["params"]), "csv")
    assert text == expected, diff_rows(csv_rows(expected), csv_rows(text))


def test_csv_of_an_empty_answer_is_its_header_either_way(oxigraph):
    query = queries.get("search")
    text = queries.render_query(query, oxigraph, {"text": "no plan says zzqx"}, "csv")
    assert text == render(queries.run_query(query, oxigraph, {"text": "no plan says zzqx"}), "csv")
    assert text == "region,document,kind,text,statement\n"


def test_targets_query_matches_the_hand_checked_targets(oxigraph):
    # tests/golden/targets.csv was written by reading the plans, not by running the tool.
    expected = csv_rows((GOLDEN / "targets.csv").read_text(encoding="utf-8"))[1:]
    rows = queries.run_query(queries.get("targets"), oxigraph).as_dicts()
    actual = [[r["region"], r["metric"], r["direction"]] + [render_cell(r[k]) for k in (
        "baseline_pct", "baseline_date", "change_pp", "target_pct", "deadline")] for r in rows]
    assert sorted(actual) == sorted(expected), diff_rows(expected, actual)


def render_cell(value) -> str:
    from rrp_graph.query.formats import cell_text

    return cell_text(value)


def test_nacro_supports_accommodation_in_east_and_west_midlands_only(oxigraph):
    result = queries.run_query(queries.get("partners-by-pathway"), oxigraph, {"partner": "nacro"})
    assert [row[:3] for row in result.rows] == [
        ("NACRO", "Accommodation", "East Midlands"),
        ("NACRO", "Accommodation", "West Midlands"),
    ]


def test_headline_question_covers_all_five_regions(oxigraph):
    rows = queries.run_query(queries.get("partners-by-pathway"), oxigraph).as_dicts()
    assert {r["region"] for r in rows} == {"East Midlands", "North East", "South West", "West Midlands",
                                          "Yorkshire and The Humber"}
    assert {r["pathway"] for r in rows} >= {"Accommodation", "Drugs and alcohol", "Education, training and employment",
                                           "Health", "Children and families"}


def test_shared_national_text_is_left_out_unless_asked(oxigraph):
    query = queries.get("partners-by-pathway")
    own = queries.run_query(query, oxigraph).rows
    everything = queries.run_query(query, oxigraph, {"include_shared": True}).rows
    assert len(everything) > len(own)
    assert {row[:3] for row in own} <= {row[:3] for row in everything}


def test_parameter_values_resolve_by_label_slug_alias_or_iri(oxigraph):
    query = queries.get("targets")
    by_label = queries.run_query(query, oxigraph, {"region": "east midlands"}).rows
    by_slug = queries.run_query(query, oxigraph, {"region": "east-midlands"}).rows
    by_iri = queries.run_query(query, oxigraph, {"region": "https://w3id.org/rrp-graph/id/region/east-midlands"}).rows
    assert len(by_label) == 5 and by_label == by_slug == by_iri
    court = queries.run_query(queries.get("commitments"), oxigraph,
                              {"theme": "Public security through engagement and compliance"}).rows
    assert court and {row[1] for row in court} == {"Delivering the order of the court"}
    assert queries.run_query(queries.get("partner-profile"), oxigraph, {"partner": "DWP"}).rows


# --- safety ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def statement_texts(graph):
    rows = graph.query("""
        PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
        SELECT ?s ?text WHERE { ?s a rrp:Statement ; rrp:text ?text ; rrp:sharedNationalText false }""")
    return {str(s): str(text) for s, text in rows}


HOSTILE = st.lists(st.sampled_from(list("\"'{}#\\\n<>?$;.() ab") + ["employ", "} UNION {", "\\u0022", "é"]),
                   min_size=1, max_size=8).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(HOSTILE, st.sampled_from(["employment", "Hub", '") } #', "'''", "\\", "housing\n"])))
def test_search_text_is_matched_literally_whatever_it_holds(value, oxigraph, statement_texts):
    rows = queries.run_query(queries.get("search"), oxigraph, {"text": value}).as_dicts()
    expected = {iri for iri, text in statement_texts.items() if value.lower() in text.lower()}
    assert {r["statement"] for r in rows} == expected


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE)
def test_resource_parameters_never_change_the_query(value, oxigraph):
    query = queries.get("partners-by-pathway")
    try:
        rows = queries.run_query(query, oxigraph, {"region": value}).rows
    except QueryError as exc:
        assert "no region named" in str(exc)
    else:  # a value that names a region gives that region's rows only
        assert len({row[2] for row in rows}) <= 1


def test_unknown_and_missing_parameters_are_errors(oxigraph):
    with pytest.raises(QueryError, match="unknown parameter 'regoin'; it takes region, metric"):
        queries.run_query(queries.get("targets"), oxigraph, {"regoin": "x"})
    with pytest.raises(QueryError, match="parameter metric is required"):
        queries.run_query(queries.get("target-comparison"), oxigraph, {})
    with pytest.raises(QueryError, match="not true or false"):
        queries.run_query(queries.get("partners"), oxigraph, {"include_shared": "maybe"})


@pytest.mark.parametrize("text", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <urn:g>",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
])
def test_writes_and_outside_reads_are_refused(text, oxigraph):
    with pytest.raises(QueryError, match="refused"):
        queries.run_query(queries.parse_query(text, name="mine", source="mine.rq"), oxigraph)


def test_keywords_inside_strings_and_comments_are_just_text(oxigraph):
    text = '# DELETE everything? no\nSELECT ?s WHERE { ?s ?p "DELETE FROM SERVICE" }'
    assert queries.run_query(queries.parse_query(text, name="mine", source="mine.rq"), oxigraph).rows == []


def test_a_runaway_query_is_stopped(oxigraph):
    query = queries.parse_query("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                                name="runaway", source="runaway.rq")
    started = time.monotonic()
    with pytest.raises(QueryError, match="runaway.rq: stopped after the time limit of 0.5 s"):
        queries.run_query(query, oxigraph, timeout=0.5)
    assert time.monotonic() - started < 3


def test_bad_query_files(tmp_path, oxigraph):
    with pytest.raises(QueryError, match="no such query file"):
        queries.load(tmp_path / "missing.rq")
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT ?s\nWHERE { ?s ?p ?o FILTER() }\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"broken.rq: refused: syntax error \(the read-only guard cannot parse it: "
                                         r"Expected SelectQuery, found 'FILTER'"):
        queries.run_query(queries.load(broken), oxigraph)
    with pytest.raises(QueryError, match="did you mean targets"):
        queries.get("targts")


# --- formats and the command -------------------------------------------------------------------


def test_every_format_reads_back(oxigraph):
    result = queries.run_query(queries.get("targets"), oxigraph, {"region": "North East"})
    assert csv_rows(render(result, "csv"))[1][3] == "14"
    tsv = list(csv.reader(io.StringIO(render(result, "tsv")), delimiter="\t"))
    assert tsv[0] == result.columns and len(tsv) == 6
    records = json.loads(render(result, "json"))
    assert records[0]["baseline_pct"] == 14 and records[0]["target_pct"] == 18 and records[1]["change_pp"] is None
    markdown = render(result, "markdown").splitlines()
    assert markdown[0].startswith("| region | theme |") and len(markdown) == 7
    blocks = render(result, "table", width=80).splitlines()  # too many columns: one block per row, text wrapped
    assert all(len(line) <= 80 for line in blocks) and blocks[0].startswith("-[ 1 ]--")
    assert "baseline_pct   14" in blocks and blocks[-1].startswith("(5 rows, one block each")
    table = render(queries.run_query(queries.get("regions"), oxigraph), "table", width=80).splitlines()
    assert all(len(line) <= 80 for line in table)
    assert table[2].split() == ["East", "Midlands", "1", "23", "23", "5", "13"]
    assert table[-1] == "(5 rows; not shown: region_iri; --format csv or json has everything)"


def test_cli_lists_describes_and_runs(build_dir, tmp_path):
    runner = CliRunner()
    listing = runner.invoke(app, ["query", "--list"])
    assert listing.exit_code == 0 and len(listing.stdout.splitlines()) == len(COLUMNS)
    described = runner.invoke(app, ["query", "--describe", "partners-by-pathway"])
    assert "partner (partner, optional)" in described.stdout
    out = tmp_path / "nacro.csv"
    ran = runner.invoke(app, ["query", "partners-by-pathway", "--param", "partner=NACRO", "--format", "csv",
                              "--output", str(out), "--build-dir", str(build_dir)])
    assert ran.exit_code == 0, ran.stderr
    assert [row[:3] for row in csv_rows(out.read_text(encoding="utf-8"))] == [
        ["partner", "pathway", "region"], ["NACRO", "Accommodation", "East Midlands"],
        ["NACRO", "Accommodation", "West Midlands"]]


def test_cli_no_match_prints_header_and_exits_zero(build_dir):
    ran = CliRunner().invoke(app, ["query", "search", "-p", "text=zzzz-not-there", "-f", "csv", "-b", str(build_dir)])
    assert ran.exit_code == 0 and ran.stdout == "region,document,kind,text,statement\n"


@pytest.mark.parametrize(("args", "message"), [
    (["query", "targts"], "Error: no canned query named 'targts'; did you mean targets"),
    (["query", "targets", "-p", "regoin=x"], "Error: targets: unknown parameter 'regoin'"),
    (["query", "targets", "-p", "region"], "Error: --param: expected key=value, got 'region'"),
    (["query", "targets", "-f", "xml"], "Error: --format: unknown format 'xml'"),
    (["query", "targets", "--timeout", "0"], "Error: --timeout: must be a positive number"),
])
def test_cli_errors_are_one_line(build_dir, args, message):
    ran = CliRunner().invoke(app, [*args, "-b", str(build_dir)])
    assert ran.exit_code == 1
    assert ran.stderr.startswith(message) and ran.stderr.count("\n") == 1 and "Traceback" not in ran.stderr


def test_python_api_runs_with_keyword_parameters(build_dir):
    rows = queries.run("target-comparison", build_dir=build_dir, metric="metric-employed-six-weeks").as_dicts()
    assert [(r["region"], r["baseline_pct"], r["target_pct"]) for r in rows] == [
        ("East Midlands", 15, 19), ("North East", 14, 18), ("South West", 16, 19), ("West Midlands", 10, 19),
        ("Yorkshire and The Humber", 17, 19)]


def test_dataframe_needs_pandas_only_when_asked(build_dir):
    result = queries.run("glossary", build_dir=build_dir)
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(QueryError, match="needs pandas"):
            queries.to_dataframe(result)
    else:
        assert list(queries.to_dataframe(result).columns) == ["term", "definition", "document"]


def test_query_modules_do_not_import_heavy_libraries():
    import subprocess
    import sys

    code = ("import sys, rrp_graph.cli, rrp_graph.query.catalogue; "
            "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'pyvis', 'pyshacl', 'networkx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert re.search(r"\bimport rdflib\b", Path(queries.__file__).read_text()) is None


def test_listing_queries_imports_no_rdf_library():
    import subprocess
    import sys

    code = ("import sys; from typer.testing import CliRunner; from rrp_graph.cli import app; "
            "r = CliRunner().invoke(app, ['query', '--list']); assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in ('rdflib', 'pyoxigraph', 'pyvis', 'pyshacl', 'networkx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_construct_and_ask_agree_on_both_engines(oxigraph, rdflib_engine):
    construct = queries.parse_query(
        'PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>\n'
        'CONSTRUCT { ?s rrp:text ?t } WHERE { ?s a rrp:QuantifiedTarget ; rrp:text ?t ; rrp:region ?r .\n'
        '  ?r <http://www.w3.org/2000/01/rdf-schema#label> "South West"@en }', name="mine", source="mine.rq")
    fast = queries.run_query(construct, oxigraph)
    assert fast.triples == queries.run_query(construct, rdflib_engine).triples
    assert len(fast.triples) == 5 and all(line.endswith(" .") for line in fast.triples)
    ask = queries.parse_query("ASK { ?s ?p ?o }", name="ask", source="ask.rq")
    assert queries.run_query(ask, oxigraph).boolean is queries.run_query(ask, rdflib_engine).boolean is True
