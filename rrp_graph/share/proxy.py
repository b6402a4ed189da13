"""The public side of `rrp serve`: an HTTP server that speaks the SPARQL 1.1 Protocol query operation and
forwards only what the read-only guard lets through to the Oxigraph server behind it (see serve.py).

    client ──► Handler (this module, 127.0.0.1:--port)      ──► oxigraph serve-read-only (127.0.0.1:random)
               parse the protocol request                       --timeout-s, a memory limit, restarted by
               guard.check: no SERVICE, FROM or update            serve.Server when it dies or runs away
               one local exchange, Connection: close
               buffer the whole answer, up to a byte cap
               check a streamed answer ended as its format ends
               a real status: 400 refused, 403 update, 503 engine down, 504 time limit, 507 too large

Why a layer of our own in front of Oxigraph's server: Oxigraph's server runs SERVICE (a query sent to
the endpoint fetches from other servers), its --timeout-s does not stop every query (a cartesian ORDER BY
or COUNT runs on), and it streams: a query stopped partway is a 200 with the error text after the rows.
None of that can be fixed by options; it takes something that sees each request and each whole answer.

Why the standard library's ThreadingHTTPServer and not an async framework: the work per request is small
(parse, guard, one exchange on the loopback, buffer), the heavy lifting is in Oxigraph's process, and a
thread per connection with a cap on connections and on queries in flight is enough for a local endpoint.
No dependency to add or keep up to date.

The internal exchange is a small HTTP/1.1 client over a socket rather than http.client: it must stop at a
deadline wherever the answer is (before the headers, mid-body), and after the deadline it hands the open
socket to a watcher that tells whether Oxigraph ends the query by itself (its answer closes) or must be
restarted to end it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit

from rrp_graph.errors import QueryError

QUERY_PATHS = ("/query", "/sparql")
UPDATE_PATHS = ("/update",)
UPDATE_FIELDS = ("update", "using-graph-uri", "using-named-graph-uri", "using-union-graph")
DATASET_FIELDS = ("default-graph-uri", "named-graph-uri")
MAX_REQUEST_BYTES = 2_000_000    # the guard takes 100,000 characters; percent-encoded UTF-8 is up to 12 bytes each
MAX_FIELDS = 50
GUARD_CACHE = 512                 # guard verdicts kept, by SHA-256 of the query text
HEAD_ROOM = 1 << 20               # chunk framing and headers on top of the result cap
TEXT = "text/plain; charset=utf-8"
_HOST = re.compile(r"^[A-Za-z0-9.\-]{1,253}(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?$")
_LOOPBACK_NAMES = ("localhost", "0.0.0.0", "::1", "[::1]")


class Refused(Exception):
    """A request answered with an error status by the proxy itself; never forwarded."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class Engine(Protocol):
    """What the proxy needs of the supervised Oxigraph child (serve._Engine)."""

    def wait_ready(self, deadline: float, *, not_generation: int = 0) -> tuple[int, int] | None: ...
    def changed(self, generation: int) -> bool: ...                        # that child is gone
    def request_restart(self, generation: int, reason: str) -> None: ...


@dataclass
class Settings:
    """What the handlers share: set up by serve.Server."""

    engine: Engine
    graph: str
    timeout: float                   # seconds a query may take, from the request to the last byte
    max_result_bytes: int
    max_queries: int                 # queries in flight at the internal server
    grace: float = 1.0               # after the deadline: time Oxigraph gets to end the query itself
    loopback_only: bool = True       # refuse Host headers that do not name this machine (DNS rebinding)
    on_event: Callable[[str], None] | None = None
    slots: threading.BoundedSemaphore = field(init=False)
    guard_lock: threading.Lock = field(default_factory=threading.Lock)
    verdicts: OrderedDict[bytes, tuple[bool, str]] = field(default_factory=OrderedDict)

    def __post_init__(self) -> None:
        self.slots = threading.BoundedSemaphore(self.max_queries)

    def event(self, message: str) -> None:
        if self.on_event is not None:
            self.on_event(message)


@dataclass(frozen=True)
class Forward:
    """A request the proxy sends on: method, internal path, form fields and what the answer must be."""

    method: str
    path: str
    fields: list[tuple[str, str]]
    form: str | None = None          # SELECT, ASK, CONSTRUCT, DESCRIBE; None for the store and the service page


@dataclass(frozen=True)
class Reply:
    status: int
    reason: str
    headers: dict[str, str]
    body: bytes
    streamed: bool                   # chunked: Oxigraph wrote it as it went, so it may end in an error

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "application/octet-stream")


class EngineGone(Exception):
    """The connection to the internal server failed or closed before a whole answer."""


class Overdue(Exception):
    """The deadline passed; `sock` is the still-open connection, for the watcher."""

    def __init__(self, sock: socket.socket | None) -> None:
        super().__init__("overdue")
        self.sock = sock


class TooLarge(Exception):
    """The answer is over the result cap."""


# --- the public server ---------------------------------------------------------------------------


class PublicServer(ThreadingHTTPServer):
    """The listening socket and a thread per connection, at most `max_connections` at once."""

    daemon_threads = True
    allow_reuse_address = True        # restart at once after a stop (TIME_WAIT); a live listener still blocks
    allow_reuse_port = False          # never share the port with another server
    request_queue_size = 64
    max_connections = 64

    settings: Settings   # set by serve.Server before serve_forever()

    def __init__(self, address: tuple[str, int]) -> None:
        self._active = 0
        self._count = threading.Lock()
        super().__init__(address, Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host's FQDN up in DNS, which can hang; the name is not needed.
        import socketserver

        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        with self._count:
            busy = self._active >= self.max_connections
            if not busy:
                self._active += 1
        if busy:
            body = b"the endpoint is busy: too many connections at once; try again\n"
            with contextlib.suppress(OSError):
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: " + TEXT.encode() +
                                b"\r\nRetry-After: 1\r\nContent-Length: " + str(len(body)).encode() +
                                b"\r\n\r\n" + body)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self._count:
                self._active -= 1

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        import sys

        kind, value = sys.exc_info()[:2]
        self.settings.event(f"request from {client_address[0]} failed: {kind.__name__ if kind else '?'}: {value}")


class PublicServer6(PublicServer):
    address_family = socket.AF_INET6


class Handler(BaseHTTPRequestHandler):
    """One request: refuse it, or forward it and answer with a status that says what happened."""

    server: PublicServer
    protocol_version = "HTTP/1.0"     # one request per connection: no idle keep-alive threads
    server_version = "rrp-serve"
    timeout = 15                      # seconds to send the request itself (slow clients do not hold threads)

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:
        self._handle()

    # --- the request -----------------------------------------------------------------------------

    def _handle(self) -> None:
        settings = self.server.settings
        deadline = time.monotonic() + settings.timeout
        try:
            forward = self._route()
            reply = self._forward(forward, deadline)
        except Refused as refusal:
            self._send(refusal.status, (refusal.message + "\n").encode("utf-8"), TEXT, refusal.headers)
            return
        headers = {"Vary": "Accept"} if forward.form else {}
        self._send(reply.status, reply.body, reply.content_type, headers)

    def _route(self) -> Forward:
        settings = self.server.settings
        if settings.loopback_only:
            self._check_host()
        parts = urlsplit(self.path)
        path, method = parts.path, self.command
        if path in UPDATE_PATHS or path.startswith("/update/"):
            raise Refused(403, "this endpoint is read-only: updates are refused")
        if method not in ("GET", "POST"):
            raise Refused(405, f"{method} is not allowed: this endpoint is read-only (GET and POST queries only)",
                          {"Allow": "GET, POST"})
        if path in QUERY_PATHS:
            return self._query(method, parts.query)
        if path == "/store":
            if method != "GET":
                raise Refused(405, "the graph store is read-only here: GET only", {"Allow": "GET"})
            return self._store(parts.query)
        if path == "/" and method == "GET" and not parts.query:
            return Forward("GET", "/", [])   # Oxigraph's query page (YASGUI), which posts to /query
        raise Refused(404, f"no such path: {path}; queries go to /query (or /sparql)")

    def _check_host(self) -> None:
        host = (self.headers.get("Host") or "").strip()
        if not host:
            return
        name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        name = name.lower()
        if name in _LOOPBACK_NAMES or name.endswith(".localhost") or re.fullmatch(r"127(\.\d{1,3}){3}", name):
            return
        raise Refused(403, f"Host {host[:80]} is not this machine: the endpoint answers only requests addressed "
                           f"to 127.0.0.1 or localhost (start it with --bind to listen elsewhere)")

    def _query(self, method: str, url_query: str) -> Forward:
        settings = self.server.settings
        fields = _fields(url_query)
        text: str | None = None
        if method == "POST":
            kind, charset = self._content_type()
            body = self._body()
            if kind == "application/x-www-form-urlencoded":
                fields += _fields(_decode(body, charset))
            elif kind == "application/sparql-query":
                text = _decode(body, charset)
            elif kind == "application/sparql-update":
                raise Refused(403, "this endpoint is read-only: updates are refused")
            else:
                raise Refused(415, "send the query as ?query=…, as a form field query=… "
                                   "(application/x-www-form-urlencoded) or as an application/sparql-query body")
        names = {name for name, _ in fields}
        if names & set(UPDATE_FIELDS):
            raise Refused(403, "this endpoint is read-only: updates are refused")
        queries = [value for name, value in fields if name == "query"]
        if text is not None:
            if queries:
                raise Refused(400, "the query is both in the URL and in the body: send it once")
            queries = [text]
        if not queries:
            if method == "GET" and not names:
                return Forward("GET", "/query", [])   # the service description
            raise Refused(400, "no query: send ?query=…, a form field query=… or an application/sparql-query body")
        if len(queries) > 1:
            raise Refused(400, "more than one query: send one")
        dataset = []
        for name, value in fields:
            if name in DATASET_FIELDS:
                if value != settings.graph:
                    raise Refused(400, f"query: refused: {name} <{value[:200]}>: this endpoint serves one graph, "
                                       f"<{settings.graph}> (also the default graph); a protocol dataset "
                                       f"may name only that")
                dataset.append((name, value))
        form = self._guard(queries[0])
        return Forward("POST", "/query", [("query", queries[0]), *dataset], form)

    def _guard(self, text: str) -> str:
        """The query's form if the read-only guard passes it, else Refused(400) with the guard's message.

        The guard is a pure function of the text and costs 10-70 ms of rdflib parsing (under the GIL), so
        its verdicts on the last GUARD_CACHE texts are kept: tools repeat the same queries."""
        from rrp_graph.query.guard import check

        settings = self.server.settings
        key = hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).digest()
        with settings.guard_lock:       # one at a time: rdflib's parser is not documented as thread-safe
            verdict = settings.verdicts.get(key)
            if verdict is None:
                try:
                    verdict = (True, check(text, source="query"))
                except QueryError as exc:
                    verdict = (False, " ".join(str(exc).split()))
                settings.verdicts[key] = verdict
                if len(settings.verdicts) > GUARD_CACHE:
                    settings.verdicts.popitem(last=False)
            else:
                settings.verdicts.move_to_end(key)
        passed, value = verdict
        if not passed:
            raise Refused(400, value)
        return value

    def _store(self, url_query: str) -> Forward:
        fields = _fields(url_query)
        if any(name not in ("graph", "default") for name, _ in fields) or len(fields) > 1:
            raise Refused(400, "the graph store takes ?graph=IRI or ?default")
        return Forward("GET", "/store", fields)

    def _content_type(self) -> tuple[str, str | None]:
        from email.message import Message

        message = Message()
        message["Content-Type"] = self.headers.get("Content-Type") or ""
        charset = message.get_param("charset")
        return message.get_content_type().lower(), str(charset) if isinstance(charset, str) else None

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise Refused(411, "send the request with a Content-Length (chunked requests are not read)")
        try:
            length = int(self.headers.get("Content-Length") or "")
        except ValueError:
            raise Refused(411, "a POST needs a Content-Length") from None
        if length < 0 or length > MAX_REQUEST_BYTES:
            self.close_connection = True
            raise Refused(413, f"the request is {length:,} bytes (at most {MAX_REQUEST_BYTES:,})")
        try:
            body = self.rfile.read(length)
        except (OSError, ValueError):
            raise Refused(400, "the request body did not arrive") from None
        if len(body) != length:
            raise Refused(400, "the request body is shorter than its Content-Length")
        return body

    # --- the internal exchange -------------------------------------------------------------------

    def _forward(self, forward: Forward, deadline: float) -> Reply:
        settings = self.server.settings
        if not settings.slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise Refused(503, f"the endpoint is busy: {settings.max_queries} queries are running; try again",
                          {"Retry-After": "1"})
        try:
            return self._exchange_with_retry(forward, deadline)
        finally:
            settings.slots.release()

    def _exchange_with_retry(self, forward: Forward, deadline: float) -> Reply:
        settings = self.server.settings
        dead = 0
        for attempt in (1, 2):
            ready = settings.engine.wait_ready(deadline, not_generation=dead)   # (generation, port)
            if ready is None:
                if time.monotonic() >= deadline:
                    raise _over_time(settings.timeout)
                raise _engine_down()
            generation, port = ready
            try:
                reply = exchange(port, self._request_bytes(forward, port), deadline=deadline,
                                 cap=settings.max_result_bytes)
            except EngineGone:
                if not _wait_changed(settings.engine, generation):
                    raise Refused(502, "the query engine closed the connection before a whole answer") from None
                if attempt == 1 and time.monotonic() < deadline:
                    dead = generation
                    continue            # the child died (or was restarted) under this query: once more on the next
                raise _engine_down() from None
            except Overdue as overdue:
                _watch(overdue.sock, generation, settings)
                raise _over_time(settings.timeout) from None
            except TooLarge:
                raise Refused(507, f"the answer is over {settings.max_result_bytes:,} bytes, the endpoint's cap: "
                                   f"narrow the query (LIMIT, fewer columns, a parameter)") from None
            return _checked(reply, forward, settings)
        raise _engine_down()

    def _request_bytes(self, forward: Forward, port: int) -> bytes:
        host = (self.headers.get("Host") or "").strip()
        if not _HOST.match(host):          # Oxigraph builds base IRIs and the service description from it
            host = f"127.0.0.1:{port}"
        accept = (self.headers.get("Accept") or "").strip()
        target = forward.path
        if forward.method == "GET" and forward.fields:
            target += "?" + urlencode(forward.fields)
        lines = [f"{forward.method} {target} HTTP/1.1", f"Host: {host}", "Connection: close", "User-Agent: rrp-serve"]
        if accept and len(accept) <= 1000 and all(32 <= ord(c) < 127 for c in accept):
            lines.append(f"Accept: {accept}")
        body = b""
        if forward.method == "POST":
            body = urlencode(forward.fields).encode("utf-8")
            lines += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + body

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except OSError:          # the client went away: nothing to tell it
            self.close_connection = True


def _fields(text: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError:
        raise Refused(400, "the request parameters are not UTF-8") from None
    except ValueError:
        raise Refused(400, f"too many request parameters (at most {MAX_FIELDS})") from None


def _decode(body: bytes, charset: str | None) -> str:
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii", "ascii"):
        raise Refused(415, f"charset={charset[:40]}: send the query as UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the request body is not UTF-8") from None


def _over_time(timeout: float) -> Refused:
    return Refused(504, f"query: stopped: it did not finish within the time limit of {timeout:g} s "
                        f"(rrp serve --timeout); narrow it or add a LIMIT")


def _engine_down() -> Refused:
    return Refused(503, "the query engine stopped while answering and is restarting; try again in a few seconds",
                   {"Retry-After": "2"})


def _wait_changed(engine: Engine, generation: int, seconds: float = 1.0) -> bool:
    """Whether the child that served `generation` is gone; a dying child takes a moment to be seen."""
    end = time.monotonic() + seconds
    while True:
        if engine.changed(generation):
            return True
        if time.monotonic() >= end:
            return False
        time.sleep(0.05)


def _watch(sock: socket.socket | None, generation: int, settings: Settings) -> None:
    """After a deadline: give Oxigraph `grace` seconds to end the query (its answer then closes); else ask
    for a restart, the only way to stop a query it does not cancel. Runs in its own thread."""

    def watch() -> None:
        end = time.monotonic() + settings.grace
        try:
            while True:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                sock.settimeout(remaining)
                if not sock.recv(1 << 16):
                    return                  # Oxigraph ended it (its own --timeout-s): no restart needed
        except TimeoutError:
            settings.engine.request_restart(generation, f"a query ran past the time limit ({settings.timeout:g} s) "
                                                        f"and Oxigraph did not stop it")
        except OSError:
            return
        finally:
            sock.close()

    if sock is None:   # not even connected in time: the child is wedged
        settings.engine.request_restart(generation, "the Oxigraph server did not accept a connection in time")
        return
    threading.Thread(target=watch, name="rrp-serve-watch", daemon=True).start()


# --- one exchange with the internal server --------------------------------------------------------


def exchange(port: int, request: bytes, *, deadline: float, cap: int) -> Reply:
    """Send `request` to 127.0.0.1:port and read the whole answer (the server closes: Connection: close).

    EngineGone if the connection fails or ends early, Overdue at the deadline (with the socket still open),
    TooLarge past `cap` bytes of body."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise Overdue(None)
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=remaining)
    except TimeoutError:
        raise Overdue(None) from None
    except OSError as exc:
        raise EngineGone(str(exc)) from None
    handed_over = False
    data = bytearray()
    try:
        sock.sendall(request)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                handed_over = True
                raise Overdue(sock)
            sock.settimeout(remaining)
            chunk = sock.recv(1 << 16)
            if not chunk:
                break
            data += chunk
            if len(data) > cap + HEAD_ROOM:
                raise TooLarge()
    except TimeoutError:
        handed_over = True
        raise Overdue(sock) from None
    except OSError as exc:
        raise EngineGone(str(exc)) from None
    finally:
        if not handed_over:
            sock.close()
    reply = parse_reply(bytes(data))
    if len(reply.body) > cap:
        raise TooLarge()
    return reply


def parse_reply(data: bytes) -> Reply:
    """An HTTP/1.1 answer read to the end; EngineGone if it is not whole."""
    head, separator, rest = data.partition(b"\r\n\r\n")
    if not separator:
        raise EngineGone("the answer ended before its headers")
    lines = head.decode("latin-1").split("\r\n")
    status_line = lines[0].split(" ", 2)
    try:
        status = int(status_line[1])
    except (IndexError, ValueError):
        raise EngineGone(f"not an HTTP answer: {lines[0][:80]!r}") from None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body, whole = dechunk(rest)
        if not whole:
            raise EngineGone("the answer stopped partway (chunked stream cut)")
        return Reply(status, status_line[2] if len(status_line) > 2 else "", headers, body, True)
    if "content-length" in headers:
        try:
            length = int(headers["content-length"])
        except ValueError:
            raise EngineGone("the answer has a bad Content-Length") from None
        if len(rest) < length:
            raise EngineGone("the answer stopped partway (shorter than its Content-Length)")
        rest = rest[:length]
    return Reply(status, status_line[2] if len(status_line) > 2 else "", headers, rest, False)


def dechunk(data: bytes) -> tuple[bytes, bool]:
    """A chunked body decoded, and whether it reached its last (zero-length) chunk."""
    out = bytearray()
    position = 0
    view = memoryview(data)
    while True:
        end = data.find(b"\r\n", position)
        if end < 0:
            return bytes(out), False
        try:
            size = int(data[position:end].split(b";")[0].strip() or b"x", 16)
        except ValueError:
            return bytes(out), False
        position = end + 2
        if size == 0:
            return bytes(out), True
        if position + size + 2 > len(data):
            return bytes(out), False
        out += view[position:position + size]
        position += size + 2


# --- is a good-looking answer whole? -------------------------------------------------------------


def _checked(reply: Reply, forward: Forward, settings: Settings) -> Reply:
    """The reply to pass on, or a Refused saying why it cannot be: Oxigraph streams results, and a query it
    stops partway (its --timeout-s) or that fails partway is a 200 whose body ends with the error text."""
    if reply.status != 200:
        text = reply.body.decode("utf-8", errors="replace").strip().splitlines()
        message = " ".join(text[0].split())[:300] if text else reply.reason
        raise Refused(reply.status if 400 <= reply.status < 600 else 502, f"query: the engine answered: {message}")
    if not reply.streamed:
        return reply              # built whole before it was sent (ASK, the service page, errors)
    problem = incomplete(reply.body, reply.content_type)
    if problem is None:
        return reply
    if b"cancelled" in reply.body[-200:]:
        raise _over_time(settings.timeout)
    settings.event(f"an answer was cut off partway: {problem}")
    raise Refused(500, f"query: the engine failed partway through the answer ({problem}); nothing of it was sent")


def incomplete(body: bytes, content_type: str) -> str | None:
    """Why a streamed answer is not a whole document of its type, or None if it is."""
    kind = content_type.split(";")[0].strip().lower()
    tail = " ".join(body[-120:].decode("utf-8", errors="replace").split())
    if kind in ("application/sparql-results+json", "application/json"):
        try:
            json.loads(body)
        except ValueError:
            return f"not whole JSON: …{tail}"
        return None
    if kind in ("application/sparql-results+xml", "application/xml", "text/xml"):
        import xml.parsers.expat

        parser = xml.parsers.expat.ParserCreate()
        parser.EntityDeclHandler = _no_entities
        try:
            parser.Parse(body, True)
        except (xml.parsers.expat.ExpatError, ValueError):
            return f"not whole XML: …{tail}"
        return None
    if kind in ("text/csv", "text/tab-separated-values"):
        # Every row ends with a line break; the error text Oxigraph writes in place of the rest does not.
        if body and not body.endswith(b"\n"):
            return f"the last row is not whole: …{tail}"
        return None
    return _rdf_incomplete(body, kind, tail)


def _no_entities(*args: object) -> None:
    raise ValueError("entity declarations are not expected in SPARQL results")


def _rdf_incomplete(body: bytes, kind: str, tail: str) -> str | None:
    import pyoxigraph

    fmt = pyoxigraph.RdfFormat.from_media_type(kind)
    if fmt is None:
        return None if kind.startswith("text/html") else f"an answer of unknown type {kind}"
    try:
        for _ in pyoxigraph.parse(body, format=fmt):
            pass
    except (SyntaxError, ValueError) as exc:
        return f"not whole {fmt.name}: {' '.join(str(exc).split())[:120]}"
    return None
