from __future__ import annotations

from pathlib import Path

import pytest

from rrp_graph.extract.corpus import Corpus, extract
from rrp_graph.graph.builder import build
from rrp_graph.graph.store import load_graph
from rrp_graph.resources import sample_plans

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "build"
    build(sample_plans(), out)
    return out


@pytest.fixture(scope="session")
def graph(build_dir: Path):
    return load_graph(build_dir)


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return extract(sample_plans())


def diff_rows(expected: list, actual: list) -> str:
    """A readable difference between two row lists, for assertion messages."""
    missing = [row for row in expected if row not in actual]
    extra = [row for row in actual if row not in expected]
    lines = ["only expected:"] + [f"  {row}" for row in missing] + ["only actual:"] + [f"  {row}" for row in extra]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def engine(build_dir: Path):
    """The Oxigraph engine over the session's build, shared by every test module."""
    from rrp_graph.query.engine import open_engine

    return open_engine(build_dir)


@pytest.fixture(scope="session")
def views(engine):
    """Every network view of the corpus graph, built once."""
    from rrp_graph.views.network import VIEWS, build_view

    return {name: build_view(name, engine) for name in VIEWS}
