"""The site as files: pages rendered from the report templates, each under its own Content-Security-Policy.

Every page carries `default-src 'none'`: nothing loads from anywhere unless the page's policy names it. The
one stylesheet and every script are inlined and allowed by their SHA-256 hash (`style-src`/`script-src`),
so no page depends on how a browser defines the origin of a file:// URL, and no inline event handler or
injected <script> could run. Most pages carry no script at all (`script-src` is absent, so 'none'); the
search page carries MiniSearch, its index as a JSON data block and its own small script; the network pages
are the views' own pages (rrp_graph.views.pages). Region pages and the overview embed those in an <iframe>
(`frame-src 'self'`) with a plain link beside it for browsers that treat each local file as its own origin.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rrp_graph.errors import RrpError
from rrp_graph.views.report.data import Table
from rrp_graph.views.report.tables import csv_text

MARKER = ".rrp-report"
TEMPLATES = ("templates", "report")


class ReportError(RrpError):
    """The report cannot be written where asked (the message names the option)."""


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy(*, scripts: tuple[str, ...] = (), styles: tuple[str, ...] = (), frames: bool = False) -> str:
    parts = ["default-src 'none'"]
    if scripts:
        parts.append("script-src " + " ".join(sha256(s) for s in scripts))
    if styles:
        parts.append("style-src " + " ".join(sha256(s) for s in styles))
    parts += ["img-src data:"] + (["frame-src 'self'"] if frames else []) + ["base-uri 'none'", "form-action 'none'"]
    return "; ".join(parts)


@dataclass
class Site:
    """The files of the site being written, in a temporary folder until `publish`."""

    root: Path
    version: str
    pages: list[str] = field(default_factory=list)
    _environment: Any = None
    css: str = ""

    def __post_init__(self) -> None:
        import jinja2

        from rrp_graph.resources import resource

        folder = resource(*TEMPLATES)
        self._environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)), autoescape=True, undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        self.css = (folder / "report.css").read_text(encoding="utf-8")

    def asset(self, name: str) -> str:
        from rrp_graph.resources import resource

        return resource(*TEMPLATES, name).read_text(encoding="utf-8")

    def write(self, path: str, data: str | bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8", newline="\n")
        else:
            target.write_bytes(data)

    def page(self, path: str, template: str, *, scripts: tuple[str, ...] = (), frames: bool = False,
             **context: Any) -> None:
        depth = path.count("/")
        html = self._environment.get_template(template).render(
            root="../" * depth, css=self.css, scripts=scripts, version=self.version, here=path,
            csp=policy(scripts=scripts, styles=(self.css,), frames=frames), **context)
        self.write(path, html)
        self.pages.append(path)

    def csv(self, path: str, table: Table) -> str:
        self.write(path, csv_text(table))
        return path


def check_output(out: Path) -> Path:
    """The folder to write the site to: absent, empty, or a site an earlier `rrp report` wrote."""
    out = Path(out)
    parent = out.parent if str(out.parent) else Path(".")
    if out.exists() and not out.is_dir():
        raise ReportError(f"-o/--output: {out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise ReportError(f"-o/--output: {out} holds files that are not an rrp report; choose an empty or "
                          "new folder (rrp report only replaces a report it wrote)")
    if not parent.is_dir():
        raise ReportError(f"-o/--output: {out}: its folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ReportError(f"-o/--output: {out}: cannot write in {parent} (permission denied)")
    return out


def temporary(out: Path) -> Path:
    parent = out.parent if str(out.parent) else Path(".")
    try:
        return Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=parent))
    except OSError as exc:
        raise ReportError(f"-o/--output: {out}: cannot write in {parent} ({exc.strerror or exc})") from None


def publish(tmp: Path, out: Path) -> None:
    """Put the finished site in place of `out`: the old site (if any) is moved aside, the new one renamed in,
    the old one removed. A reader sees the old site or the new one, never a half-written one."""
    (tmp / MARKER).write_text("written by rrp report; the whole folder is replaced by the next one\n",
                              encoding="utf-8")
    os.chmod(tmp, 0o777 & ~_umask())
    old = None
    try:
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent if str(out.parent) else "."))
            os.replace(out, old / "site")
        os.replace(tmp, out)
    except OSError as exc:
        if old is not None and (old / "site").exists() and not out.exists():
            os.replace(old / "site", out)
        raise ReportError(f"-o/--output: {out}: cannot replace ({exc.strerror or exc})") from None
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


__all__ = ["MARKER", "ReportError", "Site", "check_output", "policy", "publish", "sha256", "temporary"]
