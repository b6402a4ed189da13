from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
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
def hostile_plan_build(tmp_path_factory: pytest.TempPathFactory):
    """A builder of graphs of the East Midlands update with `markup` put into the bullet that names NACRO."""
    def make(markup: str) -> Path:
        corpus = tmp_path_factory.mktemp("hostile-corpus")
        source = (sample_plans() / "east-midlands-annual-update-2023.txt").read_text(encoding="utf-8")
        bullet = "- Work with NACRO (the national supplier"
        assert bullet in source
        source = source.replace(bullet, f"- Work with NACRO {markup} (the national supplier", 1)
        (corpus / "east-midlands-annual-update-2023.txt").write_text(source, encoding="utf-8")
        out = tmp_path_factory.mktemp("hostile") / "build"
        build(corpus, out)
        return out

    return make


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


# --- a listener that counts connections: proof that no query reaches out -------------------------


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it (and closes them)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        self.connections = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    item = Listener()
    yield item
    item.close()
