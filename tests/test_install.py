"""Installable anywhere: resources found through the package, workspaces, the public API, the command's edges.

The wheel itself is checked by .ci/run (built, installed into a fresh venv, run in an empty folder).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.resources import ontology_file, queries_dir, resource, sample_plans
from rrp_graph.workspace import WorkspaceError, find_workspace, init_workspace, locate, writable_corpus

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.name for p in sample_plans().iterdir())
WALES = Path(__file__).parent / "fixtures" / "ingest" / "wales-2024.pdf"


def test_resources_are_inside_the_package_and_the_top_level_folders_point_there():
    package = ROOT / "rrp_graph" / "resources"
    assert queries_dir() == package / "queries" and len(list(queries_dir().glob("*.rq"))) == 21
    assert ontology_file().read_text(encoding="utf-8").startswith("@prefix") or "owl:Ontology" in \
        ontology_file().read_text(encoding="utf-8")
    assert SAMPLES == ["east-midlands-annual-update-2023.txt", "north-east-annual-update-2023.txt",
                       "south-west-annual-update-2023.txt", "west-midlands-plan-2022-25.txt",
                       "yorkshire-and-the-humber-annual-update-2023.txt"]
    for name, target in (("queries", "queries"), ("ontology", "ontology"), ("data", "data")):
        link = ROOT / name
        assert link.is_symlink() and link.resolve() == (package / target).resolve(), name


def test_a_missing_resource_is_a_clear_error():
    with pytest.raises(Exception, match="nothing.csv: missing from the installed rrp-graph"):
        resource("data", "nothing.csv")


# --- workspaces --------------------------------------------------------------------------------------


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    init_workspace(tmp_path / "ws")
    return tmp_path / "ws"


def test_init_seeds_the_sample_plans_and_writes_the_workspace_table(workspace: Path):
    assert sorted(p.name for p in (workspace / "plans").iterdir()) == SAMPLES
    assert (workspace / "build").is_dir()
    assert '[workspace]\n' in (workspace / "rrp.toml").read_text(encoding="utf-8")


def test_init_empty_keeps_existing_endpoint_settings_and_refuses_a_second_init(tmp_path: Path):
    folder = tmp_path / "office"
    folder.mkdir()
    settings = '[endpoint.pcc]\nurl = "http://127.0.0.1:7878/query"\n'
    (folder / "rrp.toml").write_text(settings, encoding="utf-8")
    made = init_workspace(folder, empty=True)
    assert list(made.plans.iterdir()) == []
    assert (folder / "rrp.toml").read_text(encoding="utf-8").startswith(settings)
    with pytest.raises(WorkspaceError, match="already a workspace"):
        init_workspace(folder)


def test_a_broken_workspace_table_is_one_clear_error(tmp_path: Path):
    (tmp_path / "rrp.toml").write_text('[workspace]\nplans = "p"\nbiuld = "b"\n', encoding="utf-8")
    with pytest.raises(WorkspaceError, match=r"rrp.toml: \[workspace\]: unknown key 'biuld'"):
        find_workspace(tmp_path)


def test_the_workspace_is_found_from_any_folder_below_it(workspace: Path):
    deep = workspace / "notes" / "2024"
    deep.mkdir(parents=True)
    found = find_workspace(deep)
    assert found is not None and found.root == workspace.resolve()


@pytest.mark.parametrize(("flag", "env_build", "flag_ws", "env_ws", "cwd_in_ws", "expected", "why"), [
    ("flag", "env", "other", "other", True, "flag", "--build-dir"),
    (None, "env", "other", "other", True, "env", "$RRP_BUILD_DIR"),
    (None, None, "other", "ws", True, "other/build", "--workspace"),
    (None, None, None, "other", True, "other/build", "$RRP_WORKSPACE"),
    (None, None, None, None, True, "ws/build", "the workspace at"),
    (None, None, None, None, False, "build", "no workspace"),
])
def test_build_folder_precedence(tmp_path: Path, flag, env_build, flag_ws, env_ws, cwd_in_ws, expected, why):
    for name in ("ws", "other"):
        init_workspace(tmp_path / name, empty=True)
    (tmp_path / "outside").mkdir()
    env = {k: str(tmp_path / v) for k, v in (("RRP_BUILD_DIR", env_build), ("RRP_WORKSPACE", env_ws)) if v}
    where = locate(build_dir=tmp_path / flag if flag else None, workspace=tmp_path / flag_ws if flag_ws else None,
                   env=env, cwd=tmp_path / ("ws" if cwd_in_ws else "outside"))
    assert where.build_dir.resolve() == (tmp_path / ("outside" if expected == "build" else "") / expected).resolve()
    assert where.why.startswith(why)


def test_the_corpus_is_the_workspace_plans_else_the_read_only_samples(tmp_path: Path, workspace: Path):
    assert locate(env={}, cwd=workspace).corpus == workspace.resolve() / "plans"
    (tmp_path / "elsewhere").mkdir()
    outside = locate(env={}, cwd=tmp_path / "elsewhere")
    assert outside.corpus_is_sample
    with pytest.raises(WorkspaceError, match="read-only: make a workspace"):
        writable_corpus(outside.corpus)
    with pytest.raises(WorkspaceError, match="read-only"):
        writable_corpus(ROOT / "data" / "plans")  # the checkout's symlink leads to the same folder


def test_ingest_outside_a_workspace_refuses_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RRP_WORKSPACE", raising=False)
    before = {p.name: p.stat().st_mtime_ns for p in sample_plans().iterdir()}
    result = runner.invoke(app, ["ingest", str(WALES)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the bundled sample plans are read-only") and result.stderr.count("\n") == 1
    assert {p.name: p.stat().st_mtime_ns for p in sample_plans().iterdir()} == before
    assert not (tmp_path / "build").exists()


def test_commands_inside_a_workspace_use_it(workspace: Path, monkeypatch: pytest.MonkeyPatch):
    (workspace / "plans" / "west-midlands-plan-2022-25.txt").unlink()
    (workspace / "notes").mkdir()
    monkeypatch.chdir(workspace / "notes")
    monkeypatch.delenv("RRP_WORKSPACE", raising=False)
    monkeypatch.delenv("RRP_BUILD_DIR", raising=False)
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert "of 4 documents (4 regions, " in result.output and str(workspace.resolve() / "plans") in result.output
    assert (workspace / "build" / "graph.nt").is_file()
    result = runner.invoke(app, ["query", "targets", "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.count("\n") == 1 + 20  # 4 regions, 5 quantified each


# --- the command's edges -----------------------------------------------------------------------------


def test_version_and_python_dash_m():
    from importlib.metadata import version

    out = subprocess.run([sys.executable, "-m", "rrp_graph", "--version"], capture_output=True, text=True,
                         check=True).stdout
    assert out == f"rrp-graph {version('rrp-graph')}\n"


def test_human_output_fits_an_80_column_terminal(tmp_path: Path):
    wide = CliRunner(env={"COLUMNS": "80"})
    for args in (["query", "--list"], ["query", "--describe", "partners-by-pathway"],
                 ["build", "--build-dir", str(tmp_path / "b")], ["entities", "--unknown", "-n", "5"]):
        result = wide.invoke(app, args)
        assert result.exit_code == 0, result.output
        too_long = [line for line in result.stdout.splitlines() if len(line) > 80]
        assert not too_long, (args, too_long)
    listed = wide.invoke(app, ["query", "--list"]).stdout
    assert listed.count("\n                       ") > 0  # continuation lines hang under the summaries
    assert sum(1 for line in listed.splitlines() if not line.startswith(" ")) == 21


def test_piped_output_keeps_one_record_per_line():
    listed = CliRunner().invoke(app, ["query", "--list"]).stdout
    assert len(listed.splitlines()) == 21


def test_the_public_api_is_lazy_and_every_name_resolves():
    code = ("import sys, rrp_graph\n"
            "heavy = sorted(m for m in ('rdflib', 'pyoxigraph', 'pyshacl', 'networkx', 'pyvis', 'typer') "
            "if m in sys.modules)\n"
            "assert not heavy, heavy\n"
            "missing = [n for n in rrp_graph.__all__ if getattr(rrp_graph, n, None) is None]\n"
            "assert not missing, missing\n"
            "from rrp_graph import queries\n"
            "assert queries.run is rrp_graph.run_query\n"
            "print(len(rrp_graph.__all__))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) >= 12
