"""The rrp command through typer's CliRunner, bad input included."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.graph.store import graph_schema
from rrp_graph.resources import sample_plans

runner = CliRunner()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def built(tmp_path: Path) -> Path:
    out = tmp_path / "build"
    result = runner.invoke(app, ["build", "--build-dir", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_build_prints_a_summary(built: Path):
    result = runner.invoke(app, ["build", "--build-dir", str(built)])
    assert result.exit_code == 0
    assert "Built the graph of 5 documents (5 regions" in result.output
    assert "targets: 35 (25 quantified)" in result.output
    assert (built / "graph.ttl").is_file() and (built / "graph.nt").is_file()


def test_validate_passes(built: Path):
    result = runner.invoke(app, ["validate", "--build-dir", str(built)])
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_stats_by_class_and_region(built: Path):
    result = runner.invoke(app, ["stats", "--build-dir", str(built)])
    assert result.exit_code == 0
    assert "rrp:QuantifiedTarget" in result.output
    assert "East Midlands" in result.output


def _corpus_with(tmp_path: Path, name: str, content: bytes) -> Path:
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_plans(), corpus)
    (corpus / name).write_bytes(content)
    return corpus


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "Error: empty.txt: file is empty\n"),
        ("blank.txt", b"  \n\n ", "Error: blank.txt: file is empty\n"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 20, "Error: binary.txt: binary file, not text\n"),
        ("nowhere.txt", b"Contents\n\nForeword\n\nWe will work hard on everything.\n",
         "Error: nowhere.txt: no probation region is named in the text\n"),
        ("unstructured.txt", b"London Reducing Reoffending Plan 2022-25\n\nForeword\n\nWe wrote about the weather.\n",
         "Error: unstructured.txt: no plan structure found (no targets, commitments or progress headings)\n"),
    ],
)
def test_bad_input_is_one_line_and_leaves_the_build_intact(built: Path, tmp_path: Path, name, content, message):
    before = _snapshot(built)
    corpus = _corpus_with(tmp_path, name, content)
    result = runner.invoke(app, ["build", "--corpus", str(corpus), "--build-dir", str(built)])
    assert result.exit_code == 1
    assert result.stderr == message
    assert "Traceback" not in result.output
    assert _snapshot(built) == before


def test_missing_corpus(tmp_path: Path):
    result = runner.invoke(app, ["build", "--corpus", str(tmp_path / "nope"), "--build-dir", str(tmp_path / "b")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope'}: corpus folder not found\n"


def test_duplicate_document_is_refused(built: Path, tmp_path: Path):
    text = (sample_plans() / "north-east-annual-update-2023.txt").read_bytes()
    corpus = _corpus_with(tmp_path, "zz-copy.txt", text)
    result = runner.invoke(app, ["build", "--corpus", str(corpus), "--build-dir", str(built)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: zz-copy.txt: the same text as north-east-annual-update-2023.txt")


def test_query_commands_refuse_a_missing_build(tmp_path: Path):
    result = runner.invoke(app, ["stats", "--build-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'none'}: no build found (run `rrp build` first)\n"


def test_stale_build_is_refused(tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(sample_plans(), corpus)
    out = tmp_path / "build"
    assert runner.invoke(app, ["build", "--corpus", str(corpus), "--build-dir", str(out)]).exit_code == 0
    (corpus / "south-west-annual-update-2023.txt").unlink()
    result = runner.invoke(app, ["stats", "--build-dir", str(out)])
    assert result.exit_code == 1
    assert "the build is stale" in result.stderr and "south-west-annual-update-2023.txt" in result.stderr


def test_a_build_made_to_another_ontology_is_refused_as_stale(tmp_path: Path):
    # The canned queries read values the build derives (rrp:listingPosition …): a build by an older rrp would
    # answer nothing, not an error, so the manifest records the ontology and shapes it was made to.
    out = tmp_path / "build"
    assert runner.invoke(app, ["build", "--corpus", str(sample_plans()), "--build-dir", str(out)]).exit_code == 0
    manifest_path = out / "current" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert manifest["schema"] == graph_schema()
    for schema in ("0" * 64, None):  # another version's, and none (a build from before the check)
        if schema is None:
            del manifest["schema"]
        else:
            manifest["schema"] = schema
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        result = runner.invoke(app, ["query", "targets", "--build-dir", str(out)])
        assert result.exit_code == 1
        assert result.stderr == (f"Error: {out}: the build is stale: it was made by another version of rrp (its "
                                 "ontology or shapes differ from this one's); run `rrp build`\n")
    assert runner.invoke(app, ["build", "--corpus", str(sample_plans()), "--build-dir", str(out)]).exit_code == 0
    assert runner.invoke(app, ["query", "regions", "--build-dir", str(out)]).exit_code == 0


def test_help_lists_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "validate", "stats"):
        assert command in result.output
