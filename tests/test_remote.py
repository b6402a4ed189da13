"""The graph on real SPARQL servers: push, query remotely, serve locally (issue 7).

Integration tests start real servers in fixtures and stop them afterwards: the Oxigraph server (the
`oxigraph` binary from PyPI) and Virtuoso open source (Debian's virtuoso-opensource, from a private copy
of its virtuoso.ini on free ports). A missing server skips its tests with the reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import GOLDEN, diff_rows
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.errors import EndpointError, PushError, QueryError, RrpError
from rrp_graph.graph.store import read_manifest
from rrp_graph.query import catalogue as queries
from rrp_graph.query.engine import open_engine
from rrp_graph.share import remote
from rrp_graph.share.endpoints import DEFAULT_GRAPH, Credentials, Endpoint, query_url_for_store, redact, resolve
from rrp_graph.share.push import push_graph
from rrp_graph.share.remote import RemoteEngine

CASES = json.loads((GOLDEN / "queries" / "cases.json").read_text(encoding="utf-8"))
GRAPH = "https://w3id.org/rrp-graph/test/graph"
VIRTUOSO_INI = [Path("/etc/virtuoso-opensource-7/virtuoso.ini"), Path("/usr/share/virtuoso-opensource-7/virtuoso.ini")]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, process: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped at once: {log.read_text(errors='replace')[-2000:]}")
        try:
            remote.request("GET", url, timeout=2)
            return
        except EndpointError as exc:
            if "cannot reach" not in str(exc) and "connection failed" not in str(exc):
                return  # it answers (an HTTP error is an answer)
        time.sleep(0.1)
    pytest.fail(f"the server did not answer {url} within {seconds:g} s: {log.read_text(errors='replace')[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Server:
    name: str
    query: str                  # SPARQL query endpoint
    store: str                  # Graph Store Protocol endpoint
    credentials: Credentials | None
    needs_login: bool

    def store_endpoint(self, graph: str = GRAPH) -> Endpoint:
        return Endpoint(self.store, graph, self.credentials)

    def engine(self, graph: str = GRAPH) -> RemoteEngine:
        return RemoteEngine(Endpoint(self.query, graph), timeout=60)


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    from rrp_graph.share.serve import oxigraph_binary

    try:
        binary = oxigraph_binary()
    except RrpError as exc:
        pytest.skip(f"Oxigraph server missing: {exc}")
    folder = tmp_path_factory.mktemp("oxigraph")
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen([binary, "serve", "--location", str(folder / "store"),
                                    "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=out)
    try:
        wait_for_http(f"http://127.0.0.1:{port}/query", process, 20, log)
        yield Server("oxigraph", f"http://127.0.0.1:{port}/query", f"http://127.0.0.1:{port}/store", None, False)
    finally:
        stop(process)


def virtuoso_ini(source: str, folder: Path, sql_port: int, http_port: int) -> str:
    """Virtuoso's packaged ini with every file under `folder` and both ports changed."""
    changes = {
        ("Database", "DatabaseFile"): folder / "virtuoso.db", ("Database", "ErrorLogFile"): folder / "virtuoso.log",
        ("Database", "LockFile"): folder / "virtuoso.lck", ("Database", "TransactionFile"): folder / "virtuoso.trx",
        ("Database", "xa_persistent_file"): folder / "virtuoso.pxa",
        ("TempDatabase", "DatabaseFile"): folder / "virtuoso-temp.db",
        ("TempDatabase", "TransactionFile"): folder / "virtuoso-temp.trx",
        ("Parameters", "ServerPort"): sql_port, ("HTTPServer", "ServerPort"): http_port,
        ("Parameters", "DirsAllowed"): f"., {folder}", ("SPARQL", "ResultSetMaxRows"): 10000,
        # Virtuoso's cost estimator guesses hours for tracker queries that run in 0.3 s once several copies
        # of the graph are loaded; the real bound (MaxQueryExecutionTime, 60 s) stays.
        ("SPARQL", "MaxQueryCostEstimationTime"): 0,
        ("URIQA", "DefaultHost"): f"localhost:{http_port}",
    }
    lines, section = [], ""
    for line in source.splitlines():
        if match := re.match(r"\s*\[([^\]]+)\]", line):
            section = match.group(1)
        elif (match := re.match(r"\s*([A-Za-z_0-9]+)\s*=", line)) and (section, match.group(1)) in changes:
            line = f"{match.group(1)} = {changes[(section, match.group(1))]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    binary = shutil.which("virtuoso-t") or ("/usr/bin/virtuoso-t" if Path("/usr/bin/virtuoso-t").exists() else None)
    ini = next((p for p in VIRTUOSO_INI if p.is_file()), None)
    if binary is None or ini is None:
        pytest.skip("Virtuoso missing: apt-get install virtuoso-opensource (needs virtuoso-t and its virtuoso.ini)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(virtuoso_ini(ini.read_text(encoding="utf-8"), folder, sql_port, http_port),
                                         encoding="utf-8")
    log = folder / "stdout.log"
    with log.open("wb") as out:
        process = subprocess.Popen([binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                                   cwd=folder, stdout=out, stderr=out)
    try:
        wait_for_http(f"http://127.0.0.1:{http_port}/sparql", process, 90, log)
        yield Server("virtuoso", f"http://127.0.0.1:{http_port}/sparql",
                     f"http://127.0.0.1:{http_port}/sparql-graph-crud-auth", Credentials("dba", "dba"), True)
    finally:
        stop(process)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> Server:
    return request.getfixturevalue(f"{request.param}_server")


@pytest.fixture(scope="module")
def pushed(server: Server, build_dir: Path):
    report = push_graph(build_dir, server.store_endpoint(), batch_size=10_000)
    print(f"\n{server.name}: pushed {report.triples} triples in {report.batches} batches, {report.seconds:.2f} s")
    return report


@pytest.fixture(scope="module")
def embedded(build_dir: Path):
    return open_engine(build_dir)


# --- push ----------------------------------------------------------------------------------------


@pytest.mark.integration
def test_push_sends_every_triple_and_the_server_counts_them(server, pushed, build_dir):
    expected = read_manifest(build_dir)["triples"]
    assert pushed.triples == expected and pushed.remote_count == expected
    assert pushed.batches == -(-expected // 10_000)
    assert server.engine().count() == expected


@pytest.mark.integration
def test_push_replaces_the_graph_and_append_adds_to_it(server, pushed, build_dir, tmp_path):
    # Another graph on the same server, so the corpus graph stays as the other tests expect it.
    other = server.store_endpoint(GRAPH + "/replace")
    first = push_graph(build_dir, other, batch_size=7_000)
    again = push_graph(build_dir, other, batch_size=100_000)  # PUT replaces: the count does not double
    assert first.batches == -(-pushed.triples // 7_000) > 1 and again.batches == 1
    assert first.remote_count == again.remote_count == pushed.triples
    appended = push_graph(build_dir, other, append=True)
    assert appended.before == pushed.triples and appended.remote_count == pushed.triples


@pytest.mark.integration
def test_a_batch_failing_midway_is_reported_as_a_partial_graph(server, pushed, build_dir, monkeypatch):
    real = remote.request
    calls = {"data": 0}

    def failing(method, url, **kwargs):
        if method in ("PUT", "POST") and kwargs.get("data"):
            calls["data"] += 1
            if calls["data"] == 2:
                raise EndpointError(f"{redact(url)}: the server answered 500 Internal Server Error: disk full")
        return real(method, url, **kwargs)

    monkeypatch.setattr(remote, "request", failing)
    endpoint = server.store_endpoint(GRAPH + "/partial")
    with pytest.raises(PushError) as caught:
        push_graph(build_dir, endpoint, batch_size=5_000)
    message = str(caught.value)
    batches = -(-len((build_dir / "graph.nt").read_text(encoding="utf-8").splitlines()) // 5_000)
    assert "PARTIAL" in message and "5,000 of" in message and f"batch 2 of {batches}" in message and "\n" not in message
    assert caught.value.partial and caught.value.sent == 5_000
    monkeypatch.setattr(remote, "request", real)
    assert server.engine(GRAPH + "/partial").count() == 5_000  # what the message says is what the server holds


# --- canned queries, remote against embedded -----------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_canned_query_gives_the_embedded_answer(case, server, pushed, embedded):
    spec = CASES[case]
    query = queries.get(spec["query"])
    expected = queries.run_query(query, embedded, spec["params"])
    started = time.perf_counter()
    actual = queries.run_query(query, server.engine(), spec["params"], timeout=60)
    elapsed = time.perf_counter() - started
    print(f"{server.name} {case}: {len(actual.rows)} rows, {elapsed * 1000:.0f} ms")
    assert actual.columns == expected.columns
    assert actual.rows == expected.rows, diff_rows(expected.rows, actual.rows)


@pytest.mark.integration
def test_rrp_query_endpoint_prints_what_the_local_build_prints(server, pushed, build_dir):
    runner = CliRunner()
    local = runner.invoke(app, ["query", "targets", "--param", "region=East Midlands", "--format", "csv",
                                "--build-dir", str(build_dir)])
    there = runner.invoke(app, ["query", "targets", "--param", "region=East Midlands", "--format", "csv",
                                "--endpoint", server.query, "--graph", GRAPH])
    assert there.exit_code == 0, there.output
    assert there.stdout == local.stdout


@pytest.mark.integration
def test_a_capped_answer_is_an_error_not_a_silent_truncation(server, pushed, tmp_path):
    everything = tmp_path / "everything.rq"
    everything.write_text("SELECT ?s ?p ?o WHERE { ?s ?p ?o }\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["query", "--file", str(everything), "--endpoint", server.query,
                                      "--graph", GRAPH, "--format", "csv"])
    if server.name == "virtuoso":  # ResultSetMaxRows = 10000 < 23,797 triples
        assert result.exit_code == 1
        assert "cut the answer at 10,000 rows (X-SPARQL-MaxRows)" in result.stderr
    else:  # Oxigraph has no row cap
        assert result.exit_code == 0, result.output
        assert len(result.stdout.splitlines()) > pushed.triples  # every triple, plus a header line


# --- refusals and errors -------------------------------------------------------------------------

REFUSED = {
    "update": ("INSERT DATA { <urn:x> <urn:y> <urn:z> }", "refused: only SELECT, ASK, CONSTRUCT and DESCRIBE"),
    "delete": ("DELETE WHERE { ?s ?p ?o }", "refused: only SELECT, ASK, CONSTRUCT and DESCRIBE"),
    "service": ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE calls another"),
    "from": ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", "FROM reads an outside dataset"),
}


@pytest.mark.integration
@pytest.mark.parametrize("kind", sorted(REFUSED))
def test_an_update_is_refused_before_it_leaves_the_machine(kind, server, pushed, tmp_path, monkeypatch):
    text, message = REFUSED[kind]
    path = tmp_path / f"{kind}.rq"
    path.write_text(text + "\n", encoding="utf-8")
    sent = []
    monkeypatch.setattr(remote, "request", lambda *args, **kwargs: sent.append(args) or pytest.fail("sent"))
    result = CliRunner().invoke(app, ["query", "--file", str(path), "--endpoint", server.query, "--graph", GRAPH])
    assert result.exit_code == 1 and not sent
    assert message in result.stderr and result.stderr.count("\n") == 1
    monkeypatch.undo()
    assert server.engine().count() == pushed.triples


@pytest.mark.integration
def test_a_wrong_password_is_one_clear_line_without_the_password(server, pushed, build_dir, monkeypatch):
    if not server.needs_login:
        pytest.skip(f"{server.name} server has no login to get wrong")
    monkeypatch.setenv("RRP_SPARQL_USER", "dba")
    monkeypatch.setenv("RRP_SPARQL_PASSWORD", "not-the-password")
    result = CliRunner().invoke(app, ["push", "--store", server.store, "--graph", GRAPH + "/wrong",
                                      "--build-dir", str(build_dir)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "not-the-password" not in result.output + result.stderr
    assert result.stderr.startswith(f"Error: {server.store}: the server refused the credentials (401")
    assert "the user name or password is wrong" in result.stderr
    # the same with the password in the URL: it never shows
    url = server.store.replace("http://", "http://dba:s3cret-in-url@")
    monkeypatch.delenv("RRP_SPARQL_PASSWORD")
    result = CliRunner().invoke(app, ["push", "--store", url, "--build-dir", str(build_dir)])
    assert result.exit_code == 1 and "s3cret-in-url" not in result.output + result.stderr
    assert server.engine().count() == pushed.triples


@pytest.mark.integration
def test_no_credentials_for_a_login_server_says_how_to_give_them(server, pushed, build_dir, monkeypatch):
    if not server.needs_login:
        pytest.skip(f"{server.name} server has no login")
    monkeypatch.delenv("RRP_SPARQL_USER", raising=False)
    monkeypatch.delenv("RRP_SPARQL_PASSWORD", raising=False)
    with pytest.raises(EndpointError, match="needs a user name and password: set RRP_SPARQL_USER"):
        push_graph(build_dir, Endpoint(server.store, GRAPH + "/anonymous"))


def test_an_unreachable_endpoint_is_one_clear_line(build_dir):
    url = f"http://127.0.0.1:{free_port()}/query"
    result = CliRunner().invoke(app, ["query", "regions", "--endpoint", url])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {url}: cannot reach the server (connection refused)\n"
    store = url.replace("/query", "/store")
    result = CliRunner().invoke(app, ["push", "--store", store, "--build-dir", str(build_dir)])
    assert result.exit_code == 1 and "cannot reach the server (connection refused)" in result.stderr


def test_an_unknown_host_is_one_clear_line():
    with pytest.raises(EndpointError, match=r"^http://no-such-host\.invalid/sparql: cannot reach the server"):
        RemoteEngine(Endpoint("http://no-such-host.invalid/sparql", GRAPH), timeout=5).count()


# --- Basic auth and server error texts, against a tiny local HTTP server ---------------------------


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_POST(self) -> None:
        import base64

        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        expected = "Basic " + base64.b64encode(b"analyst:right").decode()
        if self.path.startswith("/forbidden"):
            self._answer(403, b"<html><body><h1>Forbidden</h1><p>read-only user</p></body></html>", "text/html")
        elif self.path.startswith("/broken"):
            self._answer(500, b"Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error\nmore\n")
        elif self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="sparql"')
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {
                "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#int", "value": "7"}}]}})
            self._answer(200, body.encode(), "application/sparql-results+json")

    def _answer(self, code: int, body: bytes, content_type: str = "text/plain") -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def basic_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_basic_auth_and_virtuoso_typed_literals(basic_server):
    right = RemoteEngine(Endpoint(basic_server + "/sparql", GRAPH, Credentials("analyst", "right")))
    assert right.count() == 7 and isinstance(right.count(), int)  # "typed-literal" xsd:int -> int
    with pytest.raises(EndpointError, match="refused the credentials .401.*user name or password is wrong"):
        RemoteEngine(Endpoint(basic_server + "/sparql", GRAPH, Credentials("analyst", "wrong"))).count()


def test_server_error_texts_are_trimmed_to_their_first_line(basic_server):
    with pytest.raises(EndpointError) as caught:
        RemoteEngine(Endpoint(basic_server + "/broken", GRAPH)).count()
    assert str(caught.value) == (f"{basic_server}/broken: the server answered 500 Internal Server Error: "
                                 "Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error")
    forbidden = r"not allowed \(403 Forbidden\): this user may not do that here: Forbidden$"
    with pytest.raises(EndpointError, match=forbidden):
        RemoteEngine(Endpoint(basic_server + "/forbidden", GRAPH)).count()


# --- endpoints and configuration -----------------------------------------------------------------


def test_urls_are_shown_without_credentials_and_credentials_never_repr():
    endpoint = resolve("http://alice:pa%40ss@example.org:8890/sparql?api_key=xyz&graph=g")
    assert endpoint.url == "http://example.org:8890/sparql?api_key=xyz&graph=g"
    assert endpoint.credentials == Credentials("alice", "pa@ss")
    assert endpoint.display == "http://example.org:8890/sparql?api_key=%2A%2A%2A&graph=g"
    assert "pa@ss" not in repr(endpoint) + repr(endpoint.credentials)
    with pytest.raises(EndpointError, match="not an http"):
        resolve("file:///etc/passwd")


def test_query_endpoints_are_derived_from_store_endpoints():
    assert query_url_for_store("http://localhost:7878/store") == "http://localhost:7878/query"
    assert query_url_for_store("http://h:8890/sparql-graph-crud-auth") == "http://h:8890/sparql"
    assert query_url_for_store("http://h:3030/rrp/data") == "http://h:3030/rrp/query"
    assert query_url_for_store("http://h/graphs") is None


def test_config_entries_name_endpoints_and_keep_passwords_in_the_environment(tmp_path, monkeypatch):
    config = tmp_path / "rrp.toml"
    config.write_text('[endpoint.team]\nurl = "https://sparql.example.org/sparql"\n'
                      'store = "https://sparql.example.org/sparql-graph-crud-auth"\n'
                      'graph = "https://example.org/g"\nuser = "analyst"\npassword-env = "TEAM_PW"\n'
                      '[endpoint.leaky]\nurl = "https://x.org/sparql"\npassword = "oops"\n', encoding="utf-8")
    monkeypatch.setenv("RRP_CONFIG", str(config))
    monkeypatch.setenv("TEAM_PW", "from-env")
    query = resolve("team")
    assert (query.url, query.graph, query.credentials) == ("https://sparql.example.org/sparql", "https://example.org/g",
                                                           Credentials("analyst", "from-env"))
    assert resolve("team", key="store", graph="urn:other").graph == "urn:other"
    with pytest.raises(EndpointError, match="holds a password: keep it out of the file"):
        resolve("leaky")
    with pytest.raises(EndpointError, match="no endpoint named 'nobody'"):
        resolve("nobody")
    monkeypatch.delenv("TEAM_PW")
    with pytest.raises(EndpointError, match="TEAM_PW .password-env. is not set"):
        resolve("team")
    assert resolve("http://h/sparql").graph == DEFAULT_GRAPH


def test_remote_engine_checks_the_exact_text_it_would_send():
    engine = RemoteEngine(Endpoint("http://127.0.0.1:9/sparql", GRAPH))
    with pytest.raises(QueryError, match="refused"):
        engine.run("INSERT DATA { <urn:a> <urn:b> <urn:c> }", {}, "SELECT")


def test_statement_classes_are_at_most_two_levels_below_statement(embedded):
    # The most-specific-type rule (rrp_graph/graph/summary.py, rrp:statementKind) looks two levels down, as
    # search.rq and partner-profile.rq did when they spelt rdfs:subClassOf* out (Virtuoso 7.2 mishandles the path).
    rows = embedded.run("""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
        SELECT ?c WHERE { ?c rdfs:subClassOf/rdfs:subClassOf/rdfs:subClassOf+ rrp:Statement }""", {}, "SELECT").rows
    assert rows == []


# --- rrp serve -----------------------------------------------------------------------------------


@pytest.mark.integration
def test_rrp_serve_answers_canned_queries_and_refuses_updates(build_dir, embedded):
    from rrp_graph.share.serve import oxigraph_binary

    try:
        oxigraph_binary()
    except RrpError as exc:
        pytest.skip(f"Oxigraph server missing: {exc}")
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "rrp_graph", "serve", "--port", str(port),
                                "--build-dir", str(build_dir), "--timeout", "10"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        banner = process.stdout.readline()
        assert banner.startswith(f"Serving {build_dir} read-only at http://127.0.0.1:{port}/query"), (
            banner + process.stderr.read() if process.poll() is not None else banner)
        url = f"http://127.0.0.1:{port}/query"
        for graph in (DEFAULT_GRAPH, None):  # the named graph, and the default graph of tools that name none
            engine = RemoteEngine(Endpoint(url, graph))
            for name in ("regions", "partners-by-pathway"):
                query = queries.get(name)
                assert queries.run_query(query, engine).rows == queries.run_query(query, embedded).rows
        update = b"update=" + b"INSERT%20DATA%20%7B%20%3Curn%3Aa%3E%20%3Curn%3Ab%3E%20%3Curn%3Ac%3E%20%7D"
        with pytest.raises(EndpointError, match=r"the server answered|not allowed|not found"):
            remote.request("POST", f"http://127.0.0.1:{port}/update", data=update,
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(EndpointError):
            remote.request("PUT", f"http://127.0.0.1:{port}/store?graph=urn:x", data=b"<urn:a> <urn:b> <urn:c> .\n",
                           headers={"Content-Type": "application/n-triples"})
        assert RemoteEngine(Endpoint(url, DEFAULT_GRAPH)).count() == read_manifest(build_dir)["triples"]
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail("rrp serve did not stop on SIGTERM")
    with pytest.raises(EndpointError, match="cannot reach"):  # the Oxigraph child went with it
        RemoteEngine(Endpoint(url, DEFAULT_GRAPH), timeout=2).count()
