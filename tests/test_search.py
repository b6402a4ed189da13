"""`rrp search`: the FTS5 index built with the graph, exact rows on the bundled corpus."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.errors import BuildError, QueryError
from rrp_graph.graph.builder import build
from rrp_graph.query.fulltext import fts_query, search
from rrp_graph.resources import sample_plans

ID = "https://w3id.org/rrp-graph/id/statement/"
WM_PLAN = "West Midlands Reducing Reoffending Plan 2022-25"
SW_UPDATE = "South West Reducing Reoffending Plan 2022-25 Annual Update 2023"
YH_UPDATE = "Yorkshire and The Humber Reducing Reoffending Plan 2022-25 Annual Update 2023"


def test_words_are_stemmed_and_ranked_by_bm25(build_dir: Path):
    assert search("employment hub", build_dir, limit=2).rows == [
        ("West Midlands", WM_PLAN, "Activity", "Ensure [employment] [hubs] in resettlement prisons are in place",
         7.0507, ID + "west-midlands-three-year-plan-2022-d1069fcf0df0"),
        ("South West", SW_UPDATE, "Commitment", "Embed [Employment] [Hubs] to help prisoners find and apply for jobs.",
         6.7782, ID + "south-west-annual-update-2023-b7624345d6fa"),
    ]


def test_a_phrase_matches_its_words_in_order(build_dir: Path):
    assert [row[3] for row in search('"employment hubs"', build_dir, limit=2).rows] == [
        "Ensure [employment hubs] in resettlement prisons are in place",
        "Embed [Employment Hubs] to help prisoners find and apply for jobs.",
    ]


def test_prefix_and_ties_in_statement_order(build_dir: Path):
    rows = search("accommodat*", build_dir, limit=2).rows
    assert rows == [
        ("South West", SW_UPDATE, "Commitment", "Introduce the government's new [accommodation] service to ensure "
         "every prison leaver is offered [accommodation] on…", 2.9805,
         ID + "south-west-annual-update-2023-0eec58b5ac2d"),
        ("Yorkshire and The Humber", YH_UPDATE, "Commitment", "Continue effective partnership with the regional "
         "[accommodation] steering group to develop pathways into appropriate and sustainable…", 2.9805,
         ID + "yorkshire-and-the-humber-annual-update-2023-37a773fabc24"),
    ]


def test_user_text_is_data_unless_syntax_is_asked(build_dir: Path):
    assert fts_query('NEAR( region:EM "x') == ('"NEAR" "region EM" "x"', "")
    assert search('NEAR( region:EM "x', build_dir).rows == []
    assert [row[3] for row in search("housing OR NACRO", build_dir, limit=2, syntax=True).rows] == [
        "[NACRO]", "[NACRO], our Commissioned Rehabilitative Services provider for accommodation support"]
    with pytest.raises(QueryError, match="--syntax: not a valid FTS5 query"):
        search("NEAR(", build_dir, syntax=True)


def test_limit_default_and_bounds(build_dir: Path):
    assert len(search("prison", build_dir).rows) == 20
    with pytest.raises(QueryError, match="--limit"):
        search("prison", build_dir, limit=0)
    with pytest.raises(QueryError, match="no words"):
        search("* ?", build_dir)


def test_cli_prints_csv_and_one_line_errors(build_dir: Path):
    runner = CliRunner()
    out = runner.invoke(app, ["search", "employment hub", "--limit", "1", "--format", "csv", "-b", str(build_dir)])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines() == [
        "region,document,kind,snippet,score,statement",
        f"West Midlands,{WM_PLAN},Activity,Ensure [employment] [hubs] in resettlement prisons are in place,7.0507,"
        f"{ID}west-midlands-three-year-plan-2022-d1069fcf0df0"]
    bad = runner.invoke(app, ["search", "x", "--limit", "0", "-b", str(build_dir)])
    assert bad.exit_code == 1
    assert bad.stderr.splitlines() == ["Error: --limit: must be at least 1, not 0"]


def test_the_index_is_refused_when_stale_or_damaged(tmp_path: Path):
    corpus = tmp_path / "plans"
    shutil.copytree(sample_plans(), corpus)
    out = tmp_path / "build"
    build(corpus, out)
    assert search("employment hub", out, limit=1).rows
    index = out / "current" / "search.sqlite"
    data = bytearray(index.read_bytes())
    data[-100] ^= 0xFF
    index.write_bytes(bytes(data))
    with pytest.raises(BuildError, match="search.sqlite does not match its checksum"):
        search("employment hub", out)
    build(corpus, out)
    first = sorted(corpus.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    with pytest.raises(BuildError, match="stale"):
        search("employment hub", out)
