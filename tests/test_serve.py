"""`rrp serve` as a guarded, supervised, read-only endpoint (rrp_graph.share.serve and .proxy).

Hostile requests against a real server: SERVICE to a listener on 127.0.0.1 that counts connections (it
must count none), FROM and protocol datasets, updates, queries that run away (a cartesian ORDER BY, a
3-way cartesian COUNT), a SIGKILLed Oxigraph child, a bounded concurrent load with hostile queries mixed
in and every good answer compared with the embedded engine. Port and --timeout errors through the CLI.
The proxy's answer checks (mid-stream errors, cut streams, the cap) against a fake internal server.

Timings are printed: run with -s to see them.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from conftest import GOLDEN
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.errors import EndpointError, RrpError
from rrp_graph.graph.store import read_manifest
from rrp_graph.query import catalogue as queries
from rrp_graph.query.engine import open_engine
from rrp_graph.share.endpoints import DEFAULT_GRAPH, Endpoint
from rrp_graph.share.proxy import PublicServer, Settings, dechunk, incomplete
from rrp_graph.share.remote import RemoteEngine

TIMEOUT = 3.0
SLACK = 4.0          # an error must come within TIMEOUT + SLACK seconds
CASES = json.loads((GOLDEN / "queries" / "cases.json").read_text(encoding="utf-8"))
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CARTESIAN_ORDER = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d"
CARTESIAN_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CARTESIAN_STREAM = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
ERRORS = range(400, 600)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call(port: int, method: str, path: str, *, body: bytes | str | None = None, headers: dict | None = None,
         timeout: float = 60) -> tuple[int, str, bytes]:
    """One request to 127.0.0.1:port: (status, content type, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body.encode("utf-8") if isinstance(body, str) else body,
                     headers=headers or {})
        answer = conn.getresponse()
        return answer.status, answer.getheader("Content-Type") or "", answer.read()
    finally:
        conn.close()


def query(port: int, text: str, *, how: str = "form", accept: str = "application/sparql-results+json",
          path: str = "/query", extra: dict | None = None, timeout: float = 60) -> tuple[int, str, bytes]:
    fields = {"query": text, **(extra or {})}
    if how == "get":
        return call(port, "GET", f"{path}?{urlencode(fields)}", headers={"Accept": accept}, timeout=timeout)
    if how == "direct":
        suffix = f"?{urlencode(extra)}" if extra else ""
        return call(port, "POST", path + suffix, body=text, timeout=timeout,
                    headers={"Accept": accept, "Content-Type": "application/sparql-query"})
    return call(port, "POST", path, body=urlencode(fields), timeout=timeout,
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})


def count(port: int) -> int:
    status, _, body = query(port, COUNT)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def triples(build_dir: Path) -> int:
    return read_manifest(build_dir)["triples"]


@pytest.fixture(scope="module")
def served(build_dir: Path) -> Iterator:
    from rrp_graph.share.serve import Server, oxigraph_binary

    try:
        oxigraph_binary()
    except RrpError as exc:
        pytest.skip(f"Oxigraph server missing: {exc}")
    events: list[str] = []
    server = Server(build_dir, port=free_port(), timeout=TIMEOUT, on_event=events.append)
    server.events = events
    started = time.perf_counter()
    with server:
        print(f"\nrrp serve up in {time.perf_counter() - started:.2f} s at {server.url}")
        yield server


def up(server, triples: int, within: float = 10.0) -> float:
    """Seconds until a good query answers right again (fails after `within`)."""
    started = time.perf_counter()
    while True:
        try:
            if count(server.port) == triples:
                return time.perf_counter() - started
        except (AssertionError, OSError):
            pass
        if time.perf_counter() - started > within:
            pytest.fail(f"the endpoint did not answer a good query within {within:g} s; events: {server.events}")
        time.sleep(0.1)


# --- what is served, and how ---------------------------------------------------------------------


@pytest.mark.integration
def test_the_protocol_query_operation_on_both_paths(served, triples):
    for path in ("/query", "/sparql"):
        for how in ("get", "form", "direct"):
            status, kind, body = query(served.port, COUNT, how=how, path=path)
            assert (status, kind) == (200, "application/sparql-results+json"), body
            assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(triples)
    # the client's Accept decides the format, passed through
    for accept, kind in (("text/csv", "text/csv"), ("application/sparql-results+xml", "application/sparql-results+xml"),
                         ("text/tab-separated-values", "text/tab-separated-values")):
        status, got, body = query(served.port, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", accept=accept)
        assert status == 200 and got.startswith(kind), (got, body)
    status, kind, body = query(served.port, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5",
                               accept="application/n-triples")
    assert status == 200 and kind.startswith("application/n-triples") and len(body.splitlines()) == 5
    # the served graph may be named as the protocol dataset (RemoteEngine and `rrp query --endpoint` do)
    status, _, body = query(served.port, COUNT, extra={"default-graph-uri": DEFAULT_GRAPH})
    assert status == 200 and str(triples) in body.decode()
    # the graph store, read-only
    status, kind, body = call(served.port, "GET", f"/store?graph={quote(DEFAULT_GRAPH, safe='')}")
    assert status == 200 and len([line for line in body.splitlines() if line.strip()]) == triples


@pytest.mark.integration
def test_the_oxigraph_child_listens_on_another_loopback_port_with_a_memory_limit(served):
    engine = served.engine
    assert engine.port != served.port
    args = served.process.args
    assert f"127.0.0.1:{engine.port}" in args and "--timeout-s" in args
    assert args[args.index("--timeout-s") + 1] == "3"
    limits = Path(f"/proc/{served.process.pid}/limits")
    if limits.exists():
        line = next(line for line in limits.read_text().splitlines() if line.startswith("Max address space"))
        assert str(served.memory_limit) in line, line


# --- refusals ------------------------------------------------------------------------------------


def service_spellings(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SeRvIcE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ # a comment\n SERVICE#another\n<{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <{url.rsplit('/', 1)[0]}/>\nSELECT * WHERE {{ SERVICE ex:sparql {{ ?s ?p ?o }} }}",
        f"BASE <{url.rsplit('/', 1)[0]}/>\nSELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        f"ASK {{ OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


@pytest.mark.integration
def test_service_is_refused_and_nothing_reaches_the_listener(served, listener, triples):
    spellings = service_spellings(listener.url)
    for text in spellings:
        for how in ("get", "form", "direct"):
            status, kind, body = query(served.port, text, how=how)
            assert status == 400, (text, how, status, body)
            assert kind.startswith("text/plain") and b"refused" in body and body.count(b"\n") == 1, body
    assert listener.connections == 0
    assert count(served.port) == triples
    # The check can fail: Oxigraph itself, asked directly, does call the listener.
    query(served.engine.port, spellings[0], timeout=10)
    assert listener.connections > 0


HOSTILE = {
    "from": ("form", "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", {}),
    "from-named": ("form", "SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", {}),
    "from-file": ("get", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", {}),
    "default-graph-uri": ("form", COUNT, {"default-graph-uri": "http://example.org/g"}),
    "named-graph-uri": ("get", COUNT, {"named-graph-uri": "http://example.org/g"}),
    "insert-as-query": ("form", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", {}),
    "delete-as-query": ("direct", "DELETE WHERE { ?s ?p ?o }", {}),
    "load-as-query": ("form", "LOAD <http://example.org/x.nt>", {}),
}


@pytest.mark.integration
@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_outside_datasets_and_updates_are_refused(kind, served, triples):
    how, text, extra = HOSTILE[kind]
    status, _, body = query(served.port, text, how=how, extra=extra)
    assert status == 400, body
    assert count(served.port) == triples


@pytest.mark.integration
def test_update_requests_are_refused(served, triples):
    insert = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    requests = [
        ("POST", "/update", urlencode({"update": insert}), form),
        ("POST", "/query", urlencode({"update": insert}), form),
        ("GET", "/query?" + urlencode({"update": insert}), None, {}),
        ("POST", "/query", insert, {"Content-Type": "application/sparql-update"}),
        ("PUT", f"/store?graph={quote(DEFAULT_GRAPH, safe='')}", "<urn:a> <urn:b> <urn:c> .\n",
         {"Content-Type": "application/n-triples"}),
        ("POST", "/store?default", "<urn:a> <urn:b> <urn:c> .\n", {"Content-Type": "application/n-triples"}),
        ("DELETE", f"/store?graph={quote(DEFAULT_GRAPH, safe='')}", None, {}),
    ]
    for method, path, body, headers in requests:
        status, _, text = call(served.port, method, path, body=body, headers=headers)
        assert status in (403, 405), (method, path, status, text)
    assert count(served.port) == triples


# --- queries that run away -----------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize("name,text,accept", [
    ("cartesian ORDER BY", CARTESIAN_ORDER, "text/csv"),
    ("3-way cartesian COUNT", CARTESIAN_COUNT, "application/sparql-results+json"),
    ("cartesian stream", CARTESIAN_STREAM, "text/csv"),
])
def test_a_runaway_query_gets_an_error_in_time_and_the_endpoint_goes_on(name, text, accept, served, triples):
    started = time.perf_counter()
    status, kind, body = query(served.port, text, accept=accept, timeout=TIMEOUT + 30)
    elapsed = time.perf_counter() - started
    recovered = up(served, triples)
    print(f"\n{name}: {status} after {elapsed:.2f} s ({body.decode(errors='replace').strip()[:90]}); "
          f"a good query answered {recovered:.2f} s later")
    assert status in (503, 504, 507), body[:300]
    assert kind.startswith("text/plain") and body.count(b"\n") == 1
    assert elapsed < TIMEOUT + SLACK


@pytest.mark.integration
def test_a_child_over_its_memory_limit_dies_alone_and_is_restarted(build_dir, triples):
    from rrp_graph.share.serve import Server

    events: list[str] = []
    with Server(build_dir, port=free_port(), timeout=20, memory_limit=1 << 30, on_event=events.append) as server:
        server.events = events
        first = server.process.pid
        started = time.perf_counter()
        status, _, body = query(server.port, CARTESIAN_ORDER, accept="text/csv", timeout=40)
        elapsed = time.perf_counter() - started
        recovered = up(server, triples)
        print(f"\nORDER BY over a 1 GiB child: {status} after {elapsed:.2f} s ({body.decode().strip()[:90]}); "
              f"good again {recovered:.2f} s later; events: {events}")
        assert status == 503, body
        assert server.process.pid != first and server.restarts >= 1
        assert any("memory" in event for event in events), events


@pytest.mark.integration
def test_a_killed_child_is_restarted_and_queries_in_flight_get_503_at_worst(served, triples):
    first = served.process.pid
    statuses: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            try:
                status, _, body = query(served.port, COUNT, timeout=30)
            except OSError:
                status = -1
            statuses.append(status)
            if status == 200:
                assert str(triples) in body.decode()

    workers = [threading.Thread(target=hammer) for _ in range(4)]
    for worker in workers:
        worker.start()
    time.sleep(0.5)
    before = len(statuses)
    os.kill(first, signal.SIGKILL)
    killed = time.perf_counter()
    recovered = up(served, triples)
    time.sleep(0.5)
    stop.set()
    for worker in workers:
        worker.join(30)
    after = statuses[before:]
    print(f"\nSIGKILL: a good query answered again {recovered:.2f} s later ({time.perf_counter() - killed:.1f} s "
          f"watched); statuses after the kill: {dict((s, after.count(s)) for s in sorted(set(after)))}")
    assert set(statuses) <= {200, 503}, statuses
    assert recovered < 10
    assert served.process.pid != first
    assert any("SIGKILL" in event for event in served.events), served.events


# --- a bounded load ------------------------------------------------------------------------------


LOAD_TIMEOUT = 8.0   # two cartesian queries hold both cores of a 2-core machine until their deadline:
                     # good queries then wait for CPU, and need room below the limit


@pytest.mark.integration
def test_a_concurrent_load_with_hostile_queries_mixed_in(build_dir, listener, triples):
    from rrp_graph.share.serve import Server

    embedded = open_engine(build_dir)
    good = sorted(CASES)
    expected = {case: queries.run_query(queries.get(CASES[case]["query"]), embedded, CASES[case]["params"])
                for case in good}
    hostile = ([("service", text) for text in service_spellings(listener.url)[:4]] +
               [("update", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
                ("update-form", "update"),
                ("from", "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"),
                ("cartesian-count", CARTESIAN_COUNT), ("cartesian-order", CARTESIAN_ORDER)])
    jobs: list[tuple[str, str]] = [("hostile", kind + "\0" + text) for kind, text in hostile]
    jobs += [("good", good[i % len(good)]) for i in range(200 - len(jobs))]
    random.Random(7).shuffle(jobs)
    events: list[str] = []
    server = Server(build_dir, port=free_port(), timeout=LOAD_TIMEOUT, on_event=events.append)
    with server:
        remote = RemoteEngine(Endpoint(server.url, DEFAULT_GRAPH), timeout=60)

        def run(job: tuple[str, str]) -> tuple[str, str, object, float]:
            started = time.perf_counter()
            what, name = job
            if what == "good":
                spec = CASES[name]
                try:
                    result = queries.run_query(queries.get(spec["query"]), remote, spec["params"], timeout=60)
                    outcome: object = (result.columns, result.rows) == (expected[name].columns, expected[name].rows)
                except EndpointError as exc:
                    outcome = str(exc)
            else:
                name, text = name.split("\0")
                if name == "update-form":
                    outcome = call(server.port, "POST", "/update", body="update=CLEAR%20ALL",
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})[0]
                else:
                    outcome = query(server.port, text, timeout=60)[0]
            return what, name, outcome, time.perf_counter() - started

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(run, jobs))
        elapsed = time.perf_counter() - started
        wrong = [(name, outcome) for what, name, outcome, _ in results if what == "good" and outcome is not True]
        statuses = [(name, outcome, round(took, 2)) for what, name, outcome, took in results if what == "hostile"]
        times = sorted(took for what, _, _, took in results if what == "good")
        print(f"\nload: {len(jobs)} queries from 20 threads in {elapsed:.1f} s; {len(times)} good: median "
              f"{times[len(times) // 2]:.2f} s, 95% {times[int(len(times) * 0.95)]:.2f} s, slowest {times[-1]:.2f} s; "
              f"hostile: {statuses}; restarts {server.restarts}; events: {events}")
        assert not wrong, wrong[:5]
        assert all(isinstance(status, int) and status in ERRORS for _, status, _ in statuses), statuses
        assert all(took < LOAD_TIMEOUT + SLACK for _, _, took in statuses), statuses
        assert listener.connections == 0
        assert count(server.port) == triples


# --- ports and --timeout ---------------------------------------------------------------------------


def _needs_oxigraph() -> None:
    from rrp_graph.share.serve import oxigraph_binary

    try:
        oxigraph_binary()
    except RrpError as exc:
        pytest.skip(f"Oxigraph server missing: {exc}")


def test_a_port_in_use_or_out_of_range_is_one_line_before_anything_is_printed(build_dir):
    from rrp_graph.share.serve import Server

    _needs_oxigraph()
    runner = CliRunner()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(EndpointError, match=r"^127\.0\.0\.1:\d+: cannot listen there: the port is in use"):
            Server(build_dir, port=port).start()
        result = runner.invoke(app, ["serve", "--port", str(port), "--build-dir", str(build_dir)])
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.startswith(f"Error: 127.0.0.1:{port}: cannot listen there: the port is in use")
        assert result.stderr.count("\n") == 1
    for bad in ("99999", "0", "-5"):
        result = runner.invoke(app, ["serve", f"--port={bad}", "--build-dir", str(build_dir)])
        assert (result.exit_code, result.stdout) == (1, ""), result.output
        assert result.stderr == f"Error: --port {bad}: not a port number (use 1 to 65535)\n"
    with pytest.raises(EndpointError, match="not a port number"):
        Server(build_dir, port=99999)


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1", "1e10", "3601"])
def test_a_bad_timeout_is_one_line_naming_the_option(value, build_dir):
    _needs_oxigraph()
    result = CliRunner().invoke(app, ["serve", f"--timeout={value}", "--build-dir", str(build_dir)])
    assert (result.exit_code, result.stdout) == (1, ""), result.output
    assert result.stderr.startswith("Error: --timeout:") and "at most 3600" in result.stderr
    assert result.stderr.count("\n") == 1


# --- the proxy's answer checks, against a fake internal server ----------------------------------------


class FakeEngine:
    """The Engine protocol over a fake Oxigraph that answers with canned raw bytes."""

    def __init__(self, raw: bytes, *, hold: float = 0.0) -> None:
        self.raw, self.hold = raw, hold
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.restart_requests: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.recv(1 << 16)
                conn.sendall(self.raw)
                time.sleep(self.hold)     # an engine still working on the answer

    def wait_ready(self, deadline: float, *, not_generation: int = 0) -> tuple[int, int] | None:
        return (1, self.port) if not_generation != 1 else None

    def changed(self, generation: int) -> bool:
        return False

    def request_restart(self, generation: int, reason: str) -> None:
        self.restart_requests.append(reason)


def chunked(*parts: bytes, end: bool = True) -> bytes:
    body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in parts)
    return body + (b"0\r\n\r\n" if end else b"")


def streamed(content_type: str, *parts: bytes, end: bool = True) -> bytes:
    return (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
            + chunked(*parts, end=end))


@pytest.fixture
def fake():
    servers = []

    def start(raw: bytes, *, cap: int = 10_000, hold: float = 0.0) -> tuple[int, FakeEngine]:
        engine = FakeEngine(raw, hold=hold)
        httpd = PublicServer(("127.0.0.1", 0))
        httpd.settings = Settings(engine=engine, graph=DEFAULT_GRAPH, timeout=5, max_result_bytes=cap, max_queries=4)
        threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        servers.append((httpd, engine))
        return httpd.server_address[1], engine

    yield start
    for httpd, engine in servers:
        httpd.shutdown()
        httpd.server_close()
        engine.sock.close()


CSV_ROWS = (b"s\r\n", b"http://a\r\n", b"http://b\r\n")
JSON_HEAD = b'{"head":{"vars":["s"]},"results":{"bindings":['
JSON_ROW = b'{"s":{"type":"uri","value":"http://a"}}'


@pytest.mark.parametrize("raw,status", [
    (streamed("text/csv", *CSV_ROWS), 200),
    (streamed("text/csv", *CSV_ROWS, b"The SPARQL operation has been cancelled"), 504),
    (streamed("text/csv", *CSV_ROWS, b"Internal server error: disk on fire"), 500),
    (streamed("application/sparql-results+json", JSON_HEAD, JSON_ROW, b"]}}"), 200),
    (streamed("application/sparql-results+json", JSON_HEAD, JSON_ROW, b"The SPARQL operation has been cancelled"), 504),
    (streamed("application/n-triples", b"<http://a> <http://b> <http://c> .\n"), 200),
    (streamed("application/n-triples", b"<http://a> <http://b> <http://c> .\n", b"The SPARQL operation has "
              b"been cancelled"), 504),
    (streamed("text/csv", *CSV_ROWS, end=False), 502),                          # the stream is cut
    (streamed("text/csv", *CSV_ROWS, b"x" * 20_000), 507),                        # over the cap
    (b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nboom\n", 500),
])
def test_the_proxy_turns_bad_answers_into_error_statuses(raw, status, fake):
    port, _ = fake(raw)
    got, kind, body = query(port, "SELECT ?s WHERE { ?s ?p ?o }", timeout=10)
    assert got == status, body
    if status != 200:
        assert kind.startswith("text/plain") and body.count(b"\n") == 1, body
    else:
        assert body.startswith((b"s\r\n", b"{", b"<"))


def test_the_proxy_answers_504_at_the_deadline_and_asks_for_a_restart_if_the_engine_goes_on(fake):
    port, engine = fake(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n",
                        hold=10)
    settings_timeout = 5
    started = time.perf_counter()
    status, _, body = query(port, COUNT, timeout=20)
    elapsed = time.perf_counter() - started
    assert status == 504 and b"time limit of 5 s" in body
    assert settings_timeout <= elapsed < settings_timeout + 1.5
    time.sleep(1.5)   # the grace Oxigraph gets to end the query itself; this fake never does
    assert engine.restart_requests and "did not stop it" in engine.restart_requests[0]


def test_answer_checks_read_each_format_to_its_end():
    assert dechunk(chunked(b"ab", b"c")) == (b"abc", True)
    assert dechunk(chunked(b"ab", b"c", end=False)) == (b"abc", False)
    assert incomplete(b"s\r\nhttp://a\r\n", "text/csv; charset=utf-8") is None
    assert incomplete(b"s\r\nhttp://a\r\nThe SPARQL operation has been cancelled", "text/csv") is not None
    assert incomplete(b"?s\n<http://a>\nboom", "text/tab-separated-values") is not None
    assert incomplete(b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                      b"<results></results></sparql>", "application/sparql-results+xml") is None
    assert incomplete(b'<?xml version="1.0"?><sparql><head/><results>boom', "application/sparql-results+xml")
    assert incomplete(b"<http://a> <http://b> <http://c> .\n", "application/n-triples") is None
    assert incomplete(b"<http://a> <http://b> <http://c> .\nboom", "application/n-triples") is not None
    assert incomplete(b"@prefix a: <http://a/> .\na:x a:y a:z .\n", "text/turtle") is None
