"""A local, read-only SPARQL endpoint over the built graph, for tools that speak SPARQL (YASGUI,
notebooks, BI tools): `rrp serve`. Two parts, in two processes:

    the public endpoint (proxy.py)       127.0.0.1:--port, /query and /sparql (SPARQL 1.1 Protocol query
                                          operation); every query passes the read-only guard first
    Oxigraph's server (a child)           oxigraph serve-read-only --location TMP --bind 127.0.0.1:RANDOM
                                          --timeout-s N --union-default-graph, over a private copy of the
                                          graph (oxigraph load --graph IRI), with an address-space limit

The child is never reachable from outside: it listens on a random loopback port. Server supervises it:
when it dies (a runaway query hit its memory limit, someone killed it) or a query runs past the time
limit and Oxigraph does not stop it by itself, the child is restarted within a second or so; queries
in flight then are sent once more to the new child, or answered 503.

The private copy means `rrp build` can rewrite the build folder while the server runs. The graph sits in
the named graph IRI and, through --union-default-graph, in the default graph too, so queries work with or
without `default-graph-uri` (which may name only that graph).
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from rrp_graph.errors import EndpointError, RrpError
from rrp_graph.query.engine import check_timeout  # one rule for every --timeout
from rrp_graph.share.endpoints import DEFAULT_GRAPH

LOOPBACK = ("127.0.0.1", "localhost", "::1")
DEFAULT_RESULT_CAP = 50_000_000           # bytes of one answer, buffered whole before it is sent
DEFAULT_MEMORY_CAP = 4 << 30              # address space of the Oxigraph child, at most half the machine
START_WAIT = 15.0

# Runs in the child between fork and exec, single-threaded: the memory limit and "die with rrp serve" are
# set here, before Oxigraph starts, rather than with preexec_fn (unsafe once the parent has threads, and
# rrp serve restarts children from its supervisor thread). Linux-only parts fail quietly elsewhere.
_LAUNCH = """
import os, sys
parent, limit = int(sys.argv[1]), int(sys.argv[2])
try:
    import ctypes
    ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG = SIGKILL: the child never outlives rrp serve
except Exception:
    pass
if os.getppid() != parent:
    sys.exit(70)
if limit > 0:
    try:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, OSError, ValueError):
        pass
os.execv(sys.argv[3], sys.argv[3:])
"""


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


def default_memory_limit() -> int:
    """4 GiB, or half the physical memory if that is less (but at least 1 GiB)."""
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return DEFAULT_MEMORY_CAP
    return max(1 << 30, min(DEFAULT_MEMORY_CAP, physical // 2))


def check_port(port: object) -> int:
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        raise EndpointError(f"--port {port}: not a port number (use 1 to 65535)")
    return port


class Server:
    """`rrp serve`: the guarded public endpoint and the supervised Oxigraph child; stop() ends both."""

    def __init__(self, build_dir: Path, *, port: int = 7878, bind: str = "127.0.0.1", timeout: float = 30.0,
                 graph: str = DEFAULT_GRAPH, check_stale: bool = True, max_result_bytes: int = DEFAULT_RESULT_CAP,
                 memory_limit: int | None = None, max_queries: int = 8,
                 on_event: Callable[[str], None] | None = None) -> None:
        from rrp_graph.graph.store import open_build

        self.timeout = check_timeout(timeout)
        self.port = check_port(port)
        if not bind or any(c.isspace() for c in bind):
            raise EndpointError(f"--bind {bind!r}: not an address")
        # The build version is resolved once and locked until its graph is loaded: a rebuild meanwhile
        # cannot remove it (the server then answers from its own copy).
        self._version = open_build(build_dir)
        if check_stale:
            self._version.refuse_stale()
        self.graph_file = self._version.file("graph.nt")
        if max_result_bytes < 1 or max_queries < 1:
            raise RrpError("max_result_bytes and max_queries must be positive")
        self.bind, self.graph = bind, graph
        self.max_result_bytes, self.max_queries = max_result_bytes, max_queries
        self.memory_limit = default_memory_limit() if memory_limit is None else memory_limit
        self.on_event = on_event
        self.binary = oxigraph_binary()
        self.directory: Path | None = None
        self.engine: _Engine | None = None
        self._httpd = None
        self._serving: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.bind == "0.0.0.0" else "::1" if self.bind == "::" else self.bind
        return f"http://{host_port(host, self.port)}/query"

    @property
    def process(self) -> subprocess.Popen | None:
        """The Oxigraph child now serving (a new one after each restart)."""
        return self.engine.process if self.engine is not None else None

    @property
    def restarts(self) -> int:
        return self.engine.restarts if self.engine is not None else 0

    def start(self, *, wait: float = START_WAIT) -> Server:
        # The public port first: a port in use is an error before anything is loaded or printed.
        self._httpd = _listen(self.bind, self.port)
        try:
            self.directory = Path(tempfile.mkdtemp(prefix="rrp-serve-"))
            store = self.directory / "store"
            loaded = subprocess.run([self.binary, "load", "--location", str(store), "--file", str(self.graph_file),
                                     "--graph", self.graph], capture_output=True, text=True, timeout=600)
            self._version.close()
            if loaded.returncode != 0:
                raise RrpError(f"oxigraph load failed: {_first_line(loaded.stderr)}")
            self.engine = _Engine(self.binary, store, self.directory / "server.log",
                                  timeout_s=max(1, math.ceil(self.timeout)), memory_limit=self.memory_limit,
                                  on_event=self.on_event, wait=wait)
            self.engine.start()
            self._warm_guard()
            from rrp_graph.share.proxy import Settings

            self._httpd.settings = Settings(engine=self.engine, graph=self.graph, timeout=self.timeout,
                                            max_result_bytes=self.max_result_bytes, max_queries=self.max_queries,
                                            loopback_only=self.bind in LOOPBACK, on_event=self.on_event,
                                            # Oxigraph's own limit is whole seconds: it may cancel a little after ours
                                            grace=1.0 + math.ceil(self.timeout) - self.timeout)
            self._serving = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.2},
                                             name="rrp-serve-http", daemon=True)
            self._serving.start()
        except BaseException:
            self.stop()
            raise
        return self

    @staticmethod
    def _warm_guard() -> None:
        """Import rdflib's SPARQL parser now, not against the first query's time limit."""
        from rrp_graph.query.guard import check

        check("ASK { ?s ?p ?o }", source="warm-up")

    def wait(self) -> int:
        """Block until the server stops: 0 after stop(), else the exit code of a child that could not be
        restarted (`failure` says why)."""
        assert self.engine is not None
        while not self.engine.finished.wait(0.5):
            pass
        return 0 if self.engine.failure is None else (self.engine.exit_code or 1)

    @property
    def failure(self) -> str | None:
        return self.engine.failure if self.engine is not None else None

    def stop(self) -> None:
        with _signals_held():   # a second Ctrl-C or SIGTERM must not cut the clean-up short
            self._stop()

    def _stop(self) -> None:
        self._version.close()
        if self.engine is not None:
            self.engine.stopping_now()
        if self._httpd is not None:
            if self._serving is not None:
                self._httpd.shutdown()
                self._serving.join(5)
                self._serving = None
            self._httpd.server_close()
            self._httpd = None
        if self.engine is not None:
            self.engine.stop()
        if self.directory is not None:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM ignored for the duration (main thread only; elsewhere signals are not ours)."""
    import signal

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _listen(bind: str, port: int):  # -> proxy.PublicServer
    """The public listening socket, bound now; one EndpointError line if it cannot be."""
    from rrp_graph.share.proxy import PublicServer, PublicServer6

    where = host_port(bind, port)
    cls = PublicServer6 if ":" in bind else PublicServer
    try:
        return cls((bind, port))   # bound and listening; it serves once start() gives it its settings
    except socket.gaierror:
        raise EndpointError(f"--bind {bind}: not an address of this machine (unknown host name)") from None
    except OverflowError:
        raise EndpointError(f"--port {port}: not a port number (use 1 to 65535)") from None
    except OSError as exc:
        reasons = {errno.EADDRINUSE: "the port is in use (another server listens there); stop it or choose "
                                     "another --port",
                   errno.EADDRNOTAVAIL: "this machine has no such address (check --bind)",
                   errno.EACCES: "not allowed (ports below 1024 need privileges); choose another --port"}
        reason = reasons.get(exc.errno or 0, (exc.strerror or str(exc)).lower())
        raise EndpointError(f"{where}: cannot listen there: {reason}") from None


# --- the supervised Oxigraph child -----------------------------------------------------------------


class _Engine:
    """The Oxigraph server child: started on a free loopback port, restarted when it dies or a query it
    does not stop runs away. `generation` counts children, so a handler can tell its child is gone."""

    def __init__(self, binary: str, store: Path, log: Path, *, timeout_s: int, memory_limit: int,
                 on_event: Callable[[str], None] | None, wait: float) -> None:
        self.binary, self.store, self.log = binary, store, log
        self.timeout_s, self.memory_limit, self.on_event, self.wait = timeout_s, memory_limit, on_event, wait
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.generation = 0
        self.ready = False
        self.restarts = 0
        self.failure: str | None = None
        self.exit_code: int | None = None
        self.finished = threading.Event()
        self._cond = threading.Condition()
        self._stopping = False
        self._restart: tuple[int, str] | None = None
        self._thread: threading.Thread | None = None
        self._log_offset = 0
        self._born = time.monotonic()

    # --- used by the proxy's handlers ---

    def wait_ready(self, deadline: float, *, not_generation: int = 0) -> tuple[int, int] | None:
        with self._cond:
            while not ((self.ready and self.generation != not_generation) or self._stopping):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(min(remaining, 0.5))
            return (self.generation, self.port) if self.ready and not self._stopping else None

    def changed(self, generation: int) -> bool:
        with self._cond:
            process = self.process
            if self.generation != generation or not self.ready or process is None:
                return True
        return process.poll() is not None

    def request_restart(self, generation: int, reason: str) -> None:
        with self._cond:
            if generation == self.generation and self.ready and self._restart is None:
                self._restart = (generation, reason)
                self._cond.notify_all()

    # --- life cycle ---

    def start(self) -> None:
        """Start the supervisor, which starts the first child; raise if that child does not come up.

        Every child is started from the supervisor thread: PR_SET_PDEATHSIG ends a child when the thread
        that started it ends, and that thread lives as long as the server."""
        first: dict[str, BaseException | None] = {}
        started = threading.Event()
        self._thread = threading.Thread(target=self._supervise, args=(first, started),
                                        name="rrp-serve-supervisor", daemon=True)
        self._thread.start()
        started.wait()
        if first.get("error") is not None:
            raise first["error"]  # type: ignore[misc]

    def stopping_now(self) -> None:
        with self._cond:
            self._stopping = True
            self.ready = False
            self._cond.notify_all()

    def stop(self) -> None:
        self.stopping_now()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(15)
        with self._cond:
            process, self.process = self.process, None
        _end(process)
        self.finished.set()

    def _event(self, message: str) -> None:
        if self.on_event is not None:
            self.on_event(message)

    def _spawn(self) -> None:
        """Start a child and wait until it listens; three tries (a free port can be taken meanwhile)."""
        message = ""
        for _ in range(3):
            port = _free_port()
            self._log_offset = self.log.stat().st_size if self.log.exists() else 0
            self._born = time.monotonic()
            command = [self.binary, "serve-read-only", "--location", str(self.store), "--bind", f"127.0.0.1:{port}",
                       "--timeout-s", str(self.timeout_s), "--union-default-graph"]
            with self.log.open("ab") as log:   # a file, not a pipe nobody drains
                process = subprocess.Popen(
                    [sys.executable, "-I", "-S", "-c", _LAUNCH, str(os.getpid()), str(self.memory_limit), *command],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                    start_new_session=True)     # Ctrl-C reaches rrp serve, which stops the child itself
            with self._cond:
                if self._stopping:
                    _end(process)
                    return
                self.process = process
            if self._listening(process, port):
                with self._cond:
                    self.port = port
                    self.generation += 1
                    self.ready = not self._stopping
                    self._restart = None
                    self._cond.notify_all()
                return
            message = _first_line(self._log_since())
            _end(process)
            if "in use" not in message.lower():
                break
        code = process.returncode
        raise EndpointError(f"the Oxigraph server stopped at once: {message or f'exit code {code}'}")

    def _log_since(self) -> str:
        """What the current child wrote to the log."""
        try:
            with self.log.open("rb") as log:
                log.seek(self._log_offset)
                return log.read(1 << 20).decode("utf-8", errors="replace")
        except OSError:
            return ""

    def _listening(self, process: subprocess.Popen, port: int) -> bool:
        deadline = time.monotonic() + self.wait
        while time.monotonic() < deadline and not self._stopping:
            if process.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return process.poll() is None
            except OSError:
                time.sleep(0.02)
        return False

    def _supervise(self, first: dict[str, BaseException | None], started: threading.Event) -> None:
        try:
            self._spawn()
        except BaseException as exc:
            first["error"] = exc
            return
        finally:
            started.set()
        quick_deaths = 0
        while True:
            with self._cond:
                while not self._stopping and self._restart is None and _alive(self.process):
                    self._cond.wait(0.1)
                if self._stopping:
                    return
                process, restart = self.process, self._restart
                self.ready = False
                self._cond.notify_all()
            started = time.monotonic()
            if restart is not None:
                reason = restart[1]
                _end(process, kill=True)
                quick_deaths = 0
            else:
                code = process.returncode if process is not None else None
                self.exit_code = code
                reason = f"the Oxigraph server stopped ({_death(code, self._log_since())})"
                quick_deaths = 1 if time.monotonic() - self._born > 30 else quick_deaths + 1
                if quick_deaths > 1 and self._sleep(min(5.0, 0.25 * 2 ** quick_deaths)):   # do not spin
                    return
            try:
                self._spawn()
            except Exception as exc:   # any failure ends the server with a message, never a silent dead thread
                self.failure = f"{reason}; it could not be restarted: {exc}"
                self._event(self.failure)
                with self._cond:
                    self._stopping = True
                    self._cond.notify_all()
                self.finished.set()
                return
            self.restarts += 1
            self._event(f"{reason}; restarted it in {time.monotonic() - started:.1f} s")

    def _sleep(self, seconds: float) -> bool:
        """Wait, unless stopped meanwhile (then True)."""
        with self._cond:
            self._cond.wait_for(lambda: self._stopping, timeout=seconds)
            return self._stopping


def _death(code: int | None, log: str) -> str:
    """Why a child ended, in a few words: its exit code or signal, and what it last said."""
    import signal

    how = f"exit code {code}"
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            how = f"{signal.Signals(-code).name}, exit code {code}"
    lines = [line.strip() for line in log.splitlines()
             if line.strip() and not line.startswith(("Listening for requests", "OxHTTP"))]
    said = next((line for line in lines if "memory allocation" in line), lines[-1] if lines else "")
    if "memory allocation" in said:
        said += " (it hit its memory limit)"
    return how + (f": {_first_line(said)}" if said else "")


def _alive(process: subprocess.Popen | None) -> bool:
    return process is not None and process.poll() is None


def _end(process: subprocess.Popen | None, *, kill: bool = False) -> None:
    if process is None or process.poll() is not None:
        return
    if kill:
        process.kill()
    else:
        process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _first_line(text: str) -> str:
    from rrp_graph.query.engine import one_line

    lines = [line for line in (text or "").splitlines() if line.strip()]
    return one_line(lines[-1] if lines else "", 200)
