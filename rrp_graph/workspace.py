"""Where the analyst's plans and builds live: a workspace folder, found like git finds a repository.

A workspace is a folder whose `rrp.toml` has a `[workspace]` table (the same file may hold
`[endpoint.NAME]` tables). `rrp init DIR` makes one: `plans/` for the analyst's documents
(seeded with the sample plans unless `empty=True`), `build/` for the graph.

Which build folder a command uses, first match wins:

    1. --build-dir           (build_dir=)
    2. $RRP_BUILD_DIR
    3. --workspace           (workspace=)       that workspace's build folder
    4. $RRP_WORKSPACE                           that workspace's build folder
    5. a workspace found from the current folder upwards
    6. ./build

The corpus (plans folder): --corpus, else the workspace chosen by 3-5, else the bundled sample
plans, which are read-only: `ingest` never writes there, nor anywhere inside the installed package.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rrp_graph.errors import RrpError
from rrp_graph.resources import sample_plans

CONFIG = "rrp.toml"
WORKSPACE_ENV = "RRP_WORKSPACE"
BUILD_ENV = "RRP_BUILD_DIR"
_KEYS = {"plans", "build"}
_TEMPLATE = """
[workspace]
# Folders, relative to this file: the plans to read and where the graph is built.
plans = "plans"
build = "build"
"""


class WorkspaceError(RrpError):
    """A workspace that cannot be found, read or made."""


@dataclass(frozen=True)
class Workspace:
    root: Path
    plans: Path
    build: Path

    @property
    def config(self) -> Path:
        return self.root / CONFIG


@dataclass(frozen=True)
class Location:
    """The folders one command works on, and why those."""

    build_dir: Path
    corpus: Path
    workspace: Workspace | None
    why: str  # which rule chose the build folder, for `rrp where` and error messages

    @property
    def corpus_is_sample(self) -> bool:
        return _same(self.corpus, sample_plans())


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _read_table(config: Path) -> dict | None:
    """The `[workspace]` table of an rrp.toml, or None when the file has none."""
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise WorkspaceError(f"{config}: cannot read the workspace settings ({exc})") from None
    table = data.get("workspace")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise WorkspaceError(f"{config}: [workspace] must be a table")
    if unknown := sorted(set(table) - _KEYS):
        raise WorkspaceError(f"{config}: [workspace]: unknown key {unknown[0]!r} (known: plans, build)")
    for key, value in table.items():
        if not isinstance(value, str) or not value.strip():
            raise WorkspaceError(f"{config}: [workspace] {key} must be a folder name (a string)")
    return table


def open_workspace(root: Path | str) -> Workspace:
    """The workspace whose rrp.toml is in `root`; an error if there is none."""
    root = Path(root).expanduser()
    config = root / CONFIG
    if not config.is_file():
        raise WorkspaceError(f"{root}: not a workspace (no {CONFIG}); make one with `rrp init {root}`")
    table = _read_table(config)
    if table is None:
        raise WorkspaceError(f"{config}: no [workspace] table; make one with `rrp init {root}`")
    root = root.resolve()
    return Workspace(root, root / table.get("plans", "plans"), root / table.get("build", "build"))


def find_workspace(start: Path | None = None) -> Workspace | None:
    """The nearest workspace at or above `start` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        config = folder / CONFIG
        if config.is_file() and _read_table(config) is not None:
            return open_workspace(folder)
    return None


def locate(*, build_dir: Path | str | None = None, workspace: Path | str | None = None,
           corpus: Path | str | None = None, env: Mapping[str, str] | None = None,
           cwd: Path | None = None) -> Location:
    """The build folder and corpus a command uses, by the precedence in this module's docstring."""
    env = os.environ if env is None else env
    chosen: Workspace | None = None
    if workspace is not None:
        chosen, why = open_workspace(workspace), "--workspace"
    elif env.get(WORKSPACE_ENV):
        chosen, why = open_workspace(env[WORKSPACE_ENV]), f"${WORKSPACE_ENV}"
    elif found := find_workspace(cwd):
        chosen, why = found, f"the workspace at {found.root}"
    else:
        why = "no workspace: ./build"
    if build_dir is not None:
        build, why = Path(build_dir), "--build-dir"
    elif env.get(BUILD_ENV):
        build, why = Path(env[BUILD_ENV]), f"${BUILD_ENV}"
    elif chosen is not None:
        build = chosen.build
    else:
        build = cwd / "build" if cwd else Path("build")
    plans = Path(corpus) if corpus is not None else chosen.plans if chosen else sample_plans()
    return Location(build, plans, chosen, why)


def writable_corpus(corpus: Path) -> Path:
    """`corpus`, if `ingest` may add files to it: never the bundled sample plans, nor anywhere in the package."""
    package = sample_plans().parents[2].resolve()  # resources/data/plans -> rrp_graph
    if _same(corpus, sample_plans()) or package in corpus.resolve().parents or _same(corpus, package):
        raise WorkspaceError("the bundled sample plans are read-only: make a workspace for your own plans with "
                             "`rrp init DIR`, then run `rrp ingest` inside it (or give --corpus FOLDER)")
    return corpus


def init_workspace(root: Path | str, *, empty: bool = False) -> Workspace:
    """Make `root` a workspace: rrp.toml's [workspace] table, plans/ (seeded with the samples), build/.

    An existing rrp.toml (endpoint settings, say) is kept and the table appended to it; a folder that
    is already a workspace is refused, so nothing of an analyst's is overwritten.
    """
    root = Path(root).expanduser()
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root}: exists and is not a folder")
    config = root / CONFIG
    existing = ""
    if config.is_file():
        if _read_table(config) is not None:
            raise WorkspaceError(f"{root}: already a workspace ({config} has a [workspace] table)")
        existing = config.read_text(encoding="utf-8")
    plans = root / "plans"
    if plans.exists() and any(plans.iterdir()):
        raise WorkspaceError(f"{plans}: exists and is not empty; move it away or choose another folder")
    try:
        plans.mkdir(parents=True, exist_ok=True)
        (root / "build").mkdir(exist_ok=True)
        if not empty:
            for sample in sorted(sample_plans().iterdir()):
                if sample.is_file():
                    shutil.copyfile(sample, plans / sample.name)
        separator = "" if not existing or existing.endswith("\n") else "\n"
        config.write_text(existing + separator + (_TEMPLATE if existing else _TEMPLATE.lstrip()),
                          encoding="utf-8")
    except OSError as exc:
        raise WorkspaceError(f"{root}: cannot make the workspace ({exc.strerror or exc})") from None
    return open_workspace(root)
