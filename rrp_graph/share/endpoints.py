"""Where a SPARQL server is and how to log in to it: URLs, named graphs and credentials.

An endpoint is given on the command line either as a URL or as the name of an entry in a config file:

    # ./rrp.toml, or ~/.config/rrp-graph/endpoints.toml (or the file RRP_CONFIG names)
    [endpoint.team]
    url = "https://sparql.example.org/sparql"                       # SPARQL query endpoint
    store = "https://sparql.example.org/sparql-graph-crud-auth"     # Graph Store Protocol endpoint
    graph = "https://w3id.org/rrp-graph/graph"                      # the named graph
    user = "analyst"
    password-env = "TEAM_SPARQL_PASSWORD"                           # the password stays in the environment

Credentials come from the entry (`user`, `password-env`), else from RRP_SPARQL_USER and
RRP_SPARQL_PASSWORD, else from `user:password@` in the URL (taken out of the URL at once). A password is
never written in the config file, never printed, and URLs are shown without user information.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from rrp_graph.errors import EndpointError

DEFAULT_GRAPH = "https://w3id.org/rrp-graph/graph"
USER_ENV, PASSWORD_ENV, CONFIG_ENV = "RRP_SPARQL_USER", "RRP_SPARQL_PASSWORD", "RRP_CONFIG"
_SECRET_WORDS = ("pass", "pwd", "secret", "token", "key", "auth", "sig")
_KEYS = {"url", "store", "graph", "user", "password-env"}


@dataclass(frozen=True)
class Credentials:
    """A user name and password for HTTP Basic or Digest authentication; the password never shows in repr."""

    user: str
    password: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r}, password=***)"


@dataclass(frozen=True)
class Endpoint:
    """A server URL (without user information), the named graph to use there and the credentials, if any."""

    url: str
    graph: str | None = None
    credentials: Credentials | None = field(default=None, repr=False)

    @property
    def display(self) -> str:
        return redact(self.url)


def redact(url: str) -> str:
    """The URL safe to show: no user information, and secret-looking query values masked."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if _port(parts) else "")
    pairs = [(k, "***" if any(w in k.lower() for w in _SECRET_WORDS) else v)
             for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    return urlunsplit((parts.scheme, netloc, parts.path, urlencode(pairs, safe="/:"), ""))


def _port(parts) -> int | None:
    try:
        return parts.port
    except ValueError:
        return None


def with_params(url: str, **params: str) -> str:
    """`url` with query parameters added (the Graph Store Protocol names the graph in the query string)."""
    parts = urlsplit(url)
    extra = urlencode(params, quote_via=quote)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def config_files() -> list[Path]:
    """The config files looked at, first match wins: $RRP_CONFIG, ./rrp.toml, ~/.config/rrp-graph/endpoints.toml."""
    if explicit := os.environ.get(CONFIG_ENV):
        return [Path(explicit)]
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return [Path("rrp.toml"), home / "rrp-graph" / "endpoints.toml"]


def config_entry(name: str) -> tuple[dict[str, str], Path]:
    """The `[endpoint.NAME]` table and the file it came from."""
    looked = []
    for path in config_files():
        if not path.is_file():
            looked.append(str(path))
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise EndpointError(f"{path}: cannot read the endpoint config ({exc})") from None
        entry = data.get("endpoint", {}).get(name)
        if entry is None:
            looked.append(f"{path} (no [endpoint.{name}])")
            continue
        if not isinstance(entry, dict):
            raise EndpointError(f"{path}: [endpoint.{name}] must be a table")
        if "password" in entry:
            raise EndpointError(f"{path}: [endpoint.{name}] holds a password: keep it out of the file and name "
                                f"the environment variable that holds it with password-env")
        if unknown := sorted(set(entry) - _KEYS):
            raise EndpointError(f"{path}: [endpoint.{name}]: unknown key {unknown[0]!r} "
                                f"(known: {', '.join(sorted(_KEYS))})")
        return {k: str(v) for k, v in entry.items()}, path
    raise EndpointError(f"no endpoint named {name!r}: give a URL (http://…) or add [endpoint.{name}] to a config "
                        f"file (looked in {', '.join(looked)})")


def resolve(value: str, *, key: str = "url", graph: str | None = None) -> Endpoint:
    """The endpoint a command-line value names: a URL, or a config entry whose `key` ("url" or "store") is used.

    `graph` (from --graph) wins over the entry's graph; None leaves the entry's graph or DEFAULT_GRAPH.
    """
    user = password = None
    entry_graph = None
    if "://" in value:
        url = value
    else:
        entry, path = config_entry(value)
        url = entry.get(key) or ""
        if not url:
            raise EndpointError(f"{path}: [endpoint.{value}] has no {key} = \"http…\"")
        entry_graph = entry.get("graph")
        user = entry.get("user")
        if env := entry.get("password-env"):
            password = os.environ.get(env)
            if password is None:
                raise EndpointError(f"[endpoint.{value}]: the environment variable {env} (password-env) is not set")
    url, url_credentials = split_credentials(url)
    user = user or os.environ.get(USER_ENV) or (url_credentials.user if url_credentials else None)
    if password is None:
        password = os.environ.get(PASSWORD_ENV)
    if password is None and url_credentials:
        password = url_credentials.password
    credentials = Credentials(user, password or "") if user else None
    return Endpoint(url, graph or entry_graph or DEFAULT_GRAPH, credentials)


def split_credentials(url: str) -> tuple[str, Credentials | None]:
    """The URL without `user:password@`, and those credentials; refuses anything but http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{redact(url)}: not an http(s) URL of a SPARQL server")
    try:
        port = parts.port
    except ValueError:
        raise EndpointError(f"{redact(url)}: bad port in the URL") from None
    credentials = None
    if parts.username is not None:
        credentials = Credentials(unquote(parts.username), unquote(parts.password or ""))
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host + (f":{port}" if port else "")
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), credentials


def query_url_for_store(store_url: str) -> str | None:
    """The query endpoint beside a Graph Store Protocol endpoint, for servers whose layout we know."""
    parts = urlsplit(store_url)
    path = parts.path.rstrip("/")
    for suffix, replacement in (("/store", "/query"),                     # Oxigraph
                                ("/sparql-graph-crud-auth", "/sparql"),   # Virtuoso
                                ("/sparql-graph-crud", "/sparql"),
                                ("/data", "/query")):                     # Fuseki /DATASET/data
        if path.endswith(suffix):
            return urlunsplit((parts.scheme, parts.netloc, path[: -len(suffix)] + replacement, "", ""))
    return None
