"""Running queries on a SPARQL server over HTTP (SPARQL 1.1 Protocol), and the HTTP plumbing push shares.

    RemoteEngine   the Engine protocol over a query endpoint (Oxigraph /query, Virtuoso /sparql,
                   Fuseki /DATASET/query, GraphDB, Stardog …): same query text, same bound terms, same
                   Result of plain Python values as the embedded engines
    request()      one HTTP request with Basic or Digest authentication and every failure turned into
                   one EndpointError line naming the URL without credentials

The query is checked by `query_form` (no update, no SERVICE, no FROM) and parameters are bound as a
VALUES block of escaped N-Triples terms *before* anything leaves the machine. The named graph goes
in `default-graph-uri`, so canned queries need no FROM. Only the standard library's urllib is used.
"""

from __future__ import annotations

import http.client
import json
import socket
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib import request as urlrequest
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit

from rrp_graph.errors import EndpointError, QueryError, shown
from rrp_graph.query.engine import DEFAULT_TIMEOUT, Result, one_line, python_value
from rrp_graph.query.sparql import Term, bind_values, query_form
from rrp_graph.share.endpoints import Credentials, Endpoint

JSON_RESULTS = "application/sparql-results+json"
GRAPH_RESULTS = "application/n-triples, text/turtle;q=0.9"
USER_AGENT = "rrp-graph (SPARQL 1.1 Protocol client)"
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()


class _RememberingDigestAuth(urlrequest.HTTPDigestAuthHandler):
    """Digest authentication that answers the server's last challenge up front on the next request.

    urllib sends each request without credentials first; Virtuoso then answers 401 and closes the
    connection while a large body (a push batch) is still being sent, and the send fails with a broken
    pipe. Push's first request is an empty POST, so the challenge is learnt before any large body goes.
    """

    def __init__(self, passwords: urlrequest.HTTPPasswordMgr) -> None:
        super().__init__(passwords)
        self.challenge: dict[str, str] | None = None

    def http_request(self, req: urlrequest.Request) -> urlrequest.Request:
        if (self.challenge is not None and not req.has_header(self.auth_header)
                and (auth := self.get_authorization(req, self.challenge))):
            req.add_unredirected_header(self.auth_header, f"Digest {auth}")
        return req

    https_request = http_request

    def retry_http_digest_auth(self, req: urlrequest.Request, auth: str) -> Any:
        self.challenge = urlrequest.parse_keqv_list(filter(None, urlrequest.parse_http_list(auth.split(" ", 1)[-1])))
        return super().retry_http_digest_auth(req, auth)


_OPENERS: dict[tuple[str, str, Credentials | None], urlrequest.OpenerDirector] = {}


def _opener(url: str, credentials: Credentials | None) -> urlrequest.OpenerDirector:
    """One opener per server and login, kept so that authentication learnt once is reused."""
    parts = urlsplit(url)
    key = (parts.scheme, parts.netloc, credentials)
    if key in _OPENERS:
        return _OPENERS[key]
    handlers: list[Any] = []
    if (parts.hostname or "") in _LOOPBACK:
        handlers.append(urlrequest.ProxyHandler({}))  # a proxy from the environment never sees local traffic
    if credentials is not None:
        # Sent only to this scheme://host:port; Basic goes up front once it has worked (PriorAuth).
        passwords = urlrequest.HTTPPasswordMgrWithPriorAuth()
        passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", credentials.user, credentials.password)
        handlers += [_RememberingDigestAuth(passwords), urlrequest.HTTPBasicAuthHandler(passwords)]
    _OPENERS[key] = opener = urlrequest.build_opener(*handlers)
    return opener


def request(method: str, url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
            timeout: float = DEFAULT_TIMEOUT, credentials: Credentials | None = None,
            display: str | None = None) -> Response:
    """One HTTP request; any failure becomes an EndpointError naming `display` (the URL without credentials)."""
    from rrp_graph.share.endpoints import redact

    shown = display or redact(url)
    req = urlrequest.Request(url, data=data, method=method, headers={"User-Agent": USER_AGENT, **(headers or {})})
    try:
        with _opener(url, credentials).open(req, timeout=timeout) as answer:
            return Response(answer.status, answer.headers, answer.read())
    except HTTPError as exc:
        try:
            body = exc.read() or b""
        except (OSError, http.client.HTTPException):
            body = b""
        raise EndpointError(http_error_message(shown, exc.code, exc.reason, body, exc.headers,
                                               credentials is not None)) from None
    except URLError as exc:
        raise EndpointError(f"{shown}: cannot reach the server ({_reason(exc.reason)})") from None
    except TimeoutError:
        raise EndpointError(f"{shown}: no answer within {timeout:g} s (raise it with --timeout)") from None
    except (OSError, http.client.HTTPException) as exc:
        raise EndpointError(f"{shown}: the connection failed ({_reason(exc)})") from None
    except ValueError as exc:  # urllib's digest handler refuses unknown auth schemes this way
        raise EndpointError(f"{shown}: {one_line(str(exc))}") from None


def _reason(reason: Any) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "unknown host name"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return one_line(str(reason) or type(reason).__name__, 120)


def server_text(body: bytes, content_type: str = "") -> str:
    """The first line of the server's own error text, without markup, trimmed."""
    import html
    import re

    text = body.decode("utf-8", errors="replace")
    if "html" in content_type or text.lstrip().startswith("<"):
        text = re.sub(r"(?is)<(script|style|head).*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", "\n", text))
    for line in text.splitlines():
        if line.strip():
            return one_line(line, 200)
    return ""


def http_error_message(shown: str, code: int, reason: str, body: bytes, headers: Message | None,
                       had_credentials: bool) -> str:
    content_type = (headers.get("Content-Type") or "") if headers is not None else ""
    text = server_text(body, content_type)
    status = f"{code} {reason}".strip()
    if code == 401:
        hint = ("the user name or password is wrong" if had_credentials else
                "it needs a user name and password: set RRP_SPARQL_USER and RRP_SPARQL_PASSWORD, "
                "or user and password-env in rrp.toml")
        return f"{shown}: the server refused the credentials ({status}): {hint}"
    if code == 403:
        return f"{shown}: not allowed ({status}): this user may not do that here" + (f": {text}" if text else "")
    if code == 404:
        return f"{shown}: not found ({status}): is this the right URL?" + (f" {text}" if text else "")
    return f"{shown}: the server answered {status}" + (f": {text}" if text else "")


# --- the engine ----------------------------------------------------------------------------------


class RemoteEngine:
    """The Engine protocol over a SPARQL 1.1 Protocol query endpoint."""

    name = "remote"

    def __init__(self, endpoint: Endpoint | str, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        if isinstance(endpoint, str):
            from rrp_graph.share.endpoints import resolve

            endpoint = resolve(endpoint)
        self.endpoint = endpoint
        self.timeout = timeout

    def run(self, query: str, bindings: dict[str, Term], form: str) -> Result:
        text = bind_values(query, bindings)
        # Checked again on the exact text that would be sent: nothing but a read query leaves the machine.
        checked = query_form(text, source=self.endpoint.display)
        if checked != form:
            raise QueryError(f"query is a {checked}, not a {form}")
        fields = {"query": text}
        if self.endpoint.graph:
            fields["default-graph-uri"] = self.endpoint.graph
        accept = GRAPH_RESULTS if form in ("CONSTRUCT", "DESCRIBE") else JSON_RESULTS
        answer = request("POST", self.endpoint.url, data=urlencode(fields).encode("utf-8"),
                         headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
                         timeout=self.timeout, credentials=self.endpoint.credentials, display=self.endpoint.display)
        self._check_complete(answer)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self._graph(answer)
        return self._results(answer, form)

    def count(self) -> int:
        """How many triples the endpoint's graph holds."""
        result = self.run("SELECT (COUNT(*) AS ?triples) WHERE { ?s ?p ?o }", {}, "SELECT")
        if not result.rows:
            return 0
        value = result.rows[0][0] if len(result.columns) == 1 and len(result.rows) == 1 else None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)  # a count without its datatype
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            found = f"{len(result.rows)} rows of {', '.join(result.columns) or 'no columns'}"
            if len(result.rows) == 1 and result.columns:
                found = f"{', '.join(result.columns)} = {shown(result.rows[0][0], 40)}"
            raise EndpointError(f"{self.endpoint.display}: the answer to the triple count is not one count "
                                f"(got {found})")
        return value

    def _check_complete(self, answer: Response) -> None:
        shown = self.endpoint.display
        if state := answer.headers.get("X-SQL-State"):  # Virtuoso's "anytime" answer: partial after a time limit
            message = one_line(answer.headers.get("X-SQL-Message") or "", 160)
            raise EndpointError(f"{shown}: the server returned a partial answer ({state}: {message}); "
                                f"the query hit the server's own time limit")

    def _results(self, answer: Response, form: str) -> Result:
        shown = self.endpoint.display
        if "json" not in answer.content_type:
            raise EndpointError(f"{shown}: expected SPARQL JSON results, got {answer.content_type or 'no type'}: "
                                f"{server_text(answer.body, answer.content_type)}")
        try:
            data = json.loads(answer.body.decode("utf-8"))
            if "boolean" in data:
                value = bool(data["boolean"])
                return Result(["answer"], [(value,)], boolean=value)
            columns, bindings = data["head"]["vars"], data["results"]["bindings"]
            if not (isinstance(columns, list) and all(isinstance(c, str) for c in columns)
                    and isinstance(bindings, list)):
                raise TypeError("head.vars is not a list of names or results.bindings not a list")
            rows = [tuple(_cell(binding.get(name)) for name in columns) for binding in bindings]
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
            if answer.body.rstrip().endswith(b"has been cancelled"):  # Oxigraph's --timeout-s cuts the stream
                raise EndpointError(f"{shown}: the server stopped the query at its own time limit and cut the "
                                    f"answer off") from None
            raise EndpointError(f"{shown}: unreadable SPARQL JSON results ({type(exc).__name__}: "
                                f"{one_line(str(exc), 100)})") from None
        if form == "ASK":
            raise EndpointError(f"{shown}: expected a true/false answer to ASK, got a table")
        capped = answer.headers.get("X-SPARQL-MaxRows")
        if capped and capped.strip().isdigit() and len(rows) >= int(capped):
            raise EndpointError(f"{shown}: the server cut the answer at {int(capped):,} rows (X-SPARQL-MaxRows), "
                                f"so it is incomplete; narrow the query with parameters or raise the server's "
                                f"limit (Virtuoso: ResultSetMaxRows in [SPARQL] of virtuoso.ini)")
        return Result(columns, rows)

    def _graph(self, answer: Response) -> Result:
        import pyoxigraph

        shown = self.endpoint.display
        fmt = pyoxigraph.RdfFormat.from_media_type(answer.content_type or "application/n-triples")
        if fmt is None:
            raise EndpointError(f"{shown}: expected N-Triples or Turtle, got {answer.content_type}")
        try:
            quads = pyoxigraph.parse(answer.body, format=fmt)
            lines = sorted({str(quad.triple) + " ." for quad in quads})
        except (SyntaxError, ValueError) as exc:
            raise EndpointError(f"{shown}: unreadable {fmt.name} answer ({one_line(str(exc), 120)})") from None
        return Result(["subject", "predicate", "object"], [], triples=lines)


def _cell(term: dict[str, Any] | None) -> Any:
    """One JSON-results term as the Python value the embedded engines give (Virtuoso's "typed-literal" too)."""
    if term is None:
        return None
    value = term["value"]
    if not isinstance(value, str):
        raise TypeError(f"a term's value is a JSON {type(value).__name__}, not a string")
    if term.get("type") in ("literal", "typed-literal"):
        if "xml:lang" in term:
            return value
        return python_value(value, term.get("datatype"))
    return value
