"""A local, read-only SPARQL endpoint over the built graph, for tools that speak SPARQL (YASGUI,
notebooks, BI tools). It is Oxigraph's own server (the `oxigraph` package on PyPI ships the binary),
not an HTTP server of ours:

    oxigraph load --location TMP --file build/graph.nt --graph IRI      a private copy of the graph
    oxigraph serve-read-only --location TMP --bind 127.0.0.1:7878 --timeout-s 30 --union-default-graph

The private copy means `rrp build` can rewrite the build folder while the server runs. The graph sits
in the named graph IRI and, through --union-default-graph, in the default graph too, so queries work
with or without `default-graph-uri`. Read-only mode refuses /update and Graph Store writes; --timeout-s
stops a query after that many seconds.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from rrp_graph.errors import BuildError, EndpointError, RrpError
from rrp_graph.share.endpoints import DEFAULT_GRAPH

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def oxigraph_binary() -> str:
    """The `oxigraph` server binary: beside this Python (a venv's bin/), else on PATH."""
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        candidate = folder / "oxigraph"
        if candidate.is_file():
            return str(candidate)
    if found := shutil.which("oxigraph"):
        return found
    raise RrpError("the Oxigraph server is not installed: pip install oxigraph (it ships the `oxigraph` binary)")


def host_port(bind: str, port: int) -> str:
    return f"[{bind}]:{port}" if ":" in bind else f"{bind}:{port}"


class Server:
    """A running `oxigraph serve-read-only` over a private copy of the build's graph; stop() ends it."""

    def __init__(self, build_dir: Path, *, port: int = 7878, bind: str = "127.0.0.1", timeout: float = 30.0,
                 graph: str = DEFAULT_GRAPH, check_stale: bool = True) -> None:
        from rrp_graph.graph.store import read_manifest, stale_reason

        read_manifest(build_dir)
        if check_stale and (reason := stale_reason(build_dir)):
            raise BuildError(f"{build_dir}: the build is stale: {reason}; run `rrp build`")
        self.graph_file = Path(build_dir) / "graph.nt"
        if not self.graph_file.is_file():
            raise BuildError(f"{build_dir}: no graph.nt in the build folder (run `rrp build`)")
        if timeout <= 0:
            raise RrpError(f"--timeout: must be a positive number of seconds, not {timeout:g}")
        self.port, self.bind, self.timeout, self.graph = port, bind, timeout, graph
        self.binary = oxigraph_binary()
        self.directory: Path | None = None
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.bind in ("0.0.0.0", "::") else self.bind
        return f"http://{host_port(host, self.port)}/query"

    def start(self, *, wait: float = 15.0) -> Server:
        self.directory = Path(tempfile.mkdtemp(prefix="rrp-serve-"))
        try:
            loaded = subprocess.run([self.binary, "load", "--location", str(self.directory / "store"),
                                     "--file", str(self.graph_file), "--graph", self.graph],
                                    capture_output=True, text=True, timeout=600)
            if loaded.returncode != 0:
                raise RrpError(f"oxigraph load failed: {_first_line(loaded.stderr)}")
            with (self.directory / "server.log").open("wb") as log:  # a file, not a pipe nobody drains
                self.process = subprocess.Popen(
                    [self.binary, "serve-read-only", "--location", str(self.directory / "store"),
                     "--bind", host_port(self.bind, self.port), "--timeout-s", str(max(1, round(self.timeout))),
                     "--union-default-graph"],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log)
            self._wait_until_listening(wait)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_listening(self, wait: float) -> None:
        assert self.process is not None
        deadline = time.monotonic() + wait
        host = "127.0.0.1" if self.bind == "0.0.0.0" else self.bind
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                assert self.directory is not None
                message = _first_line((self.directory / "server.log").read_text(encoding="utf-8", errors="replace"))
                raise EndpointError(f"{host_port(self.bind, self.port)}: the Oxigraph server stopped at once: "
                                    f"{message or 'exit code ' + str(self.process.returncode)}")
            try:
                with socket.create_connection((host, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise EndpointError(f"{host_port(self.bind, self.port)}: the Oxigraph server did not start listening "
                            f"within {wait:g} s")

    def wait(self) -> int:
        assert self.process is not None
        return self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _first_line(text: str) -> str:
    from rrp_graph.query.engine import one_line

    lines = [line for line in (text or "").splitlines() if line.strip()]
    return one_line(lines[-1] if lines else "", 200)
