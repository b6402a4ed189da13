"""The build folder: the persisted graph, the normalised texts, and a manifest to spot staleness and damage.

    build/
      current  -> versions/ID      the build readers see: a symlink, switched atomically by each build
      versions/ID/                 one complete build
        graph.ttl                  the graph, Turtle (for people)
        graph.nt                   the graph, N-Triples (for fast loading and for other tools)
        oxigraph/                  the graph in an on-disk Oxigraph store: queries open it in milliseconds
        text/NAME.txt              each document's normalised text (the text every offset refers to)
        manifest.json              corpus folder, file hashes, counts, checksums of the files above
      versions/ID.lock             readers hold a shared lock on it while they use that version
      graph.ttl graph.nt oxigraph text manifest.json
                                   symlinks into current/: the paths people and other tools know

A build writes a new version beside the others and, only when it is complete, points `current` at it
(os.replace of a symlink: one atomic step). A reader resolves `current` once (`open_build`), locks that
version and reads only inside it, so a rebuild, even a failed or killed one, is invisible to it. The next
build deletes the versions no reader holds, and temporary folders of builds whose process has died.

The manifest records sha256 checksums of graph.nt, graph.ttl and the store's files, with their sizes and
modification times: opening the store compares sizes and times (hashing only a file whose time changed),
loading graph.nt checks its checksum. A damaged build is one error: "BUILD: the build is damaged (…)".
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rrp_graph.errors import BuildError
from rrp_graph.graph.fulltext import INDEX_FILE, write_index
from rrp_graph.resources import ontology_file, shapes_file

try:  # POSIX; elsewhere versions are not locked (a build may then delete one a reader still uses)
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from rdflib import Graph

    from rrp_graph.extract.corpus import Corpus

MANIFEST = "manifest.json"
OXIGRAPH_DIR = "oxigraph"
CURRENT = "current"
VERSIONS = "versions"
# What a version holds, each also reachable as build/NAME through build/current.
ENTRIES = ("graph.ttl", "graph.nt", OXIGRAPH_DIR, "text", MANIFEST)
# Store files that change when the store is merely opened (RocksDB's info log), or hold nothing (LOCK).
_VOLATILE = re.compile(r"^(LOG(\.old\..*)?|LOCK)$")
_CHUNK = 1 << 20


def damaged(build_dir: Path | str, what: str) -> BuildError:
    """The one error for a build that is there but cannot be trusted."""
    return BuildError(f"{build_dir}: the build is damaged ({_short(what)}): run rrp build")


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def file_hashes(corpus_dir: Path) -> dict[str, str]:
    from rrp_graph.read.readers import corpus_files

    return {p.name: sha256_file(p) for p in corpus_files(corpus_dir)}


def file_stats(corpus_dir: Path) -> dict[str, list[int]]:
    """Size and modification time of each corpus file: when all match the manifest, no file needs hashing."""
    from rrp_graph.read.readers import corpus_files

    return {p.name: [(st := p.stat()).st_size, st.st_mtime_ns] for p in corpus_files(corpus_dir)}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- reading a build: one resolver --------------------------------------------------------------


class BuildVersion:
    """One version of a build, resolved once and locked (shared) until `close()`: a rebuild cannot remove it.

    `path` is the folder holding graph.nt, graph.ttl, oxigraph/, text/ and manifest.json; `manifest` its
    checked manifest. Use as a context manager, or keep it open as long as its files are in use.
    """

    def __init__(self, build_dir: Path, path: Path, manifest: dict[str, Any], lock: IO[bytes] | None) -> None:
        self.build_dir, self.path, self.manifest, self._lock = build_dir, path, manifest, lock

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()  # releases the shared lock
            self._lock = None

    def __del__(self) -> None:  # an engine dropped without closing its version releases it too
        self.close()

    def __enter__(self) -> BuildVersion:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def damaged(self, what: str) -> BuildError:
        """The damaged-build error; paths inside the version are shown relative to it (oxigraph/000009.sst)."""
        for prefix in (str(self.path.resolve()), str(self.path)):
            what = what.replace(prefix + os.sep, "")
        return damaged(self.build_dir, what)

    def stale_reason(self) -> str | None:
        return _stale_reason(self.manifest)

    def refuse_stale(self) -> None:
        if reason := self.stale_reason():
            raise BuildError(f"{self.build_dir}: the build is stale: {reason}; run `rrp build`")

    def file(self, name: str, *, verify: bool = True) -> Path:
        """The path of one of the version's files (graph.nt, graph.ttl), its checksum checked unless not asked."""
        path = self.path / name
        if not path.is_file():
            if "checksums" in self.manifest:
                raise self.damaged(f"{name} is missing")
            raise BuildError(f"{self.build_dir}: no {name} in the build folder (run `rrp build`)")
        if verify:
            self.check([name], full=True)
        return path

    def check(self, names: Iterable[str] | None = None, *, full: bool = False) -> None:
        """Compare the version's files with the manifest: sizes always, contents when a file's modification
        time changed (or always, with `full`). Default: graph.nt, graph.ttl and the store, cheaply."""
        checksums: dict[str, str] = self.manifest.get("checksums") or {}
        stats: dict[str, list[int]] = self.manifest.get("build_stats") or {}
        chosen = checksums if names is None else {n: checksums[n] for n in names if n in checksums}
        for name, digest in chosen.items():
            path = self.path / name
            try:
                status = path.stat()
                size, mtime = status.st_size, status.st_mtime_ns
            except FileNotFoundError:
                raise self.damaged(f"{name} is missing") from None
            except OSError as exc:
                raise BuildError(f"{path}: cannot read ({exc.strerror or exc})") from None
            expected = stats.get(name)
            if expected and size != expected[0]:
                raise self.damaged(f"{name} is {size:,} bytes, the build wrote {expected[0]:,}")
            if full or not expected or mtime != expected[1]:
                try:
                    actual = sha256_file(path)
                except OSError as exc:
                    raise BuildError(f"{path}: cannot read ({exc.strerror or exc})") from None
                if actual != digest:
                    raise self.damaged(f"{name} does not match its checksum")
        if names is None and (self.path / OXIGRAPH_DIR).is_dir() and checksums:
            listed = {n.split("/", 1)[1] for n in checksums if n.startswith(OXIGRAPH_DIR + "/")}
            extra = sorted(p.name for p in (self.path / OXIGRAPH_DIR).iterdir()
                           if p.name not in listed and not _VOLATILE.match(p.name))
            if extra and listed:
                raise self.damaged(f"{OXIGRAPH_DIR}/{extra[0]} was not written by the build (was the store "
                                   f"opened for writing?)")


def _resolve(build_dir: Path) -> tuple[Path, Path | None]:
    """The folder of the build readers should use now, and the lock file of that version (None for a build
    folder without versions: one written before versions, or a copy whose `current` became a folder)."""
    link = build_dir / CURRENT
    try:
        target = os.readlink(link)
    except FileNotFoundError:
        if (build_dir / MANIFEST).is_file() and not (build_dir / MANIFEST).is_symlink():
            return build_dir, None  # a build folder from before versions
        if (build_dir / MANIFEST).is_symlink() or (build_dir / VERSIONS).is_dir():
            raise damaged(build_dir, f"{CURRENT} is missing") from None
        raise BuildError(f"{build_dir}: no build found (run `rrp build` first)") from None
    except OSError:
        if link.is_dir():  # copied without keeping symlinks: the copy of the version it pointed to
            return link, None
        raise damaged(build_dir, f"{CURRENT} is neither a link nor a folder") from None
    name = Path(target).name
    if Path(target) != Path(VERSIONS) / name or name.startswith("."):
        raise damaged(build_dir, f"{CURRENT} points to {target}, outside {VERSIONS}/")
    return build_dir / VERSIONS / name, build_dir / VERSIONS / f"{name}.lock"


def _lock_shared(build_dir: Path) -> tuple[Path, IO[bytes] | None]:
    """Resolve `current` and hold a shared lock on that version; retries when a build removed it meanwhile."""
    for _ in range(100):
        path, lock_path = _resolve(build_dir)
        if lock_path is None or fcntl is None:
            return path, None
        try:
            lock = open(lock_path, "rb")  # noqa: SIM115 - held open as long as the version is in use
        except FileNotFoundError:
            if path.exists():
                return path, None  # a version without a lock file (copied?): readable, unlocked
            if _resolve(build_dir)[0] == path:
                raise damaged(build_dir, f"{CURRENT} points to a missing version ({path.name})") from None
            continue  # a build switched `current` and removed this version meanwhile: resolve again
        except OSError as exc:
            raise BuildError(f"{lock_path}: cannot open ({exc.strerror or exc})") from None
        fcntl.flock(lock, fcntl.LOCK_SH)
        try:
            same = os.stat(lock_path).st_ino == os.fstat(lock.fileno()).st_ino
        except FileNotFoundError:
            same = False
        if same:
            if not path.is_dir():
                lock.close()
                raise damaged(build_dir, f"{CURRENT} points to a missing version ({path.name})")
            return path, lock
        lock.close()  # removed while we waited for the lock: resolve again
    raise BuildError(f"{build_dir}: the build kept changing while it was opened; try again")


def open_build(build_dir: Path | str) -> BuildVersion:
    """The build readers should use now, resolved once, locked and with its manifest checked.

    Every reader of a build goes through here (read_manifest, stale_reason, load_graph, the query
    engines, push, serve): `with open_build(build_dir) as version: … version.path / "graph.nt" …`.
    """
    build_dir = Path(build_dir)
    path, lock = _lock_shared(build_dir)
    try:
        manifest = _read_manifest(build_dir, path, versioned=lock is not None or path != build_dir)
    except BaseException:
        if lock is not None:
            lock.close()
        raise
    return BuildVersion(build_dir, path, manifest, lock)


def _read_manifest(build_dir: Path, version: Path, *, versioned: bool) -> dict[str, Any]:
    path = version / MANIFEST
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if versioned:
            raise damaged(build_dir, f"{MANIFEST} is missing") from None
        raise BuildError(f"{build_dir}: no build found (run `rrp build` first)") from None
    except OSError as exc:
        raise BuildError(f"{path}: cannot read the manifest ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise damaged(build_dir, f"{MANIFEST} is not UTF-8 text") from None
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        raise damaged(build_dir, f"{MANIFEST} is not valid JSON: {exc}") from None
    if problem := _manifest_problem(manifest):
        raise damaged(build_dir, f"{MANIFEST}: {problem}")
    return manifest


def _is_map(value: Any, check) -> bool:
    return isinstance(value, dict) and all(isinstance(k, str) and check(v) for k, v in value.items())


def _is_stat(value: Any) -> bool:
    return (isinstance(value, list) and len(value) == 2
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in value))


def _manifest_problem(manifest: Any) -> str | None:
    """What is wrong with the shape of a manifest, or None."""
    if not isinstance(manifest, dict):
        return f"a JSON {type(manifest).__name__}, not an object"
    required = {
        "corpus": (lambda v: isinstance(v, str) and v != "", "a folder name"),
        "files": (lambda v: _is_map(v, lambda h: isinstance(h, str)), "an object of file names and hashes"),
        "documents": (lambda v: _is_map(v, lambda s: isinstance(s, str)), "an object of file names and slugs"),
        "triples": (lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0, "a count"),
    }
    optional = {
        "stats": (lambda v: _is_map(v, _is_stat), "an object of sizes and times"),
        "checksums": (lambda v: _is_map(v, lambda h: isinstance(h, str) and len(h) == 64), "an object of sha256s"),
        "build_stats": (lambda v: _is_map(v, _is_stat), "an object of sizes and times"),
        "schema": (lambda v: isinstance(v, str) and re.fullmatch(r"[0-9a-f]{64}", v) is not None, "a sha256"),
    }
    for key, (check, what) in required.items():
        if key not in manifest:
            return f"no {key!r}"
        if not check(manifest[key]):
            return f"{key!r} is not {what}"
    for key, (check, what) in optional.items():
        if key in manifest and not check(manifest[key]):
            return f"{key!r} is not {what}"
    for name in manifest.get("checksums", {}):
        if name.startswith("/") or ".." in Path(name).parts:
            return f"checksum of a file outside the build ({name})"
    return None


def read_manifest(build_dir: Path) -> dict:
    """The manifest of the build readers see now (raises BuildError when there is none, or it is damaged)."""
    with open_build(build_dir) as version:
        return version.manifest


@functools.cache
def graph_schema() -> str:
    """The sha256 of the bundled ontology and shapes: what a build's graph was made to. The canned queries read
    values the build derives (rrp:listingPosition, rrp:pathwayList, the summaries): on a graph made by another
    version of rrp they could silently answer nothing, so such a build counts as stale."""
    digest = hashlib.sha256()
    for path in (ontology_file(), shapes_file()):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stale_reason(manifest: dict[str, Any]) -> str | None:
    corpus = Path(manifest["corpus"])
    if not corpus.is_dir():
        return f"its corpus folder {corpus} is gone"
    if manifest.get("schema") != graph_schema():
        return "it was made by another version of rrp (its ontology or shapes differ from this one's)"
    if manifest.get("stats") and file_stats(corpus) == manifest["stats"]:
        return None
    current = file_hashes(corpus)
    if current != manifest["files"]:
        changed = sorted(set(current.items()) ^ set(manifest["files"].items()))
        return f"the corpus changed since the last build ({', '.join(sorted({name for name, _ in changed}))})"
    return None


def stale_reason(build_dir: Path) -> str | None:
    """Why the build no longer matches its corpus folder, or None when it does."""
    with open_build(build_dir) as version:
        return version.stale_reason()


def load_graph(build_dir: Path | None = None, *, check_stale: bool = True) -> Graph:
    """The built graph as an rdflib Graph (default: the workspace's build, see rrp_graph.workspace);
    refuses a stale build rather than answer from it, and a damaged one (graph.nt's checksum)."""
    if build_dir is None:
        from rrp_graph.workspace import locate

        build_dir = locate().build_dir
    with open_build(build_dir) as version:
        if check_stale:
            version.refuse_stale()
        return graph_from_version(version)


def graph_from_version(version: BuildVersion) -> Graph:
    from rrp_graph.graph.model import new_graph

    path = version.file("graph.nt")
    graph = new_graph()
    try:
        graph.parse(path, format="nt")
    except Exception as exc:  # rdflib raises many kinds on a damaged file
        raise version.damaged(f"graph.nt: {type(exc).__name__}: {exc}") from None
    return graph


# --- writing a build ----------------------------------------------------------------------------


def write_oxigraph_store(ntriples: Path, directory: Path, turtle: Path, index: Path) -> None:
    """Bulk-load the N-Triples into an on-disk Oxigraph store (and write the full-text index from it), and
    write the Turtle, the two side by side: Oxigraph's bulk load runs without the interpreter lock, so on two
    cores the Turtle costs no wall time (1,000 synthetic documents: 59 s of load, compaction, index and
    Turtle in turn, 50 s side by side)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rrp-turtle") as pool:
        written = pool.submit(_write_turtle, ntriples, turtle)
        try:
            _load_store(ntriples, directory)
            write_index(directory, index)
        finally:
            written.result()  # its error, if the store's did not come first


def _load_store(ntriples: Path, directory: Path) -> None:
    import pyoxigraph

    try:
        store = pyoxigraph.Store(str(directory))
        store.bulk_load(path=str(ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES)
        # Compacted, a lookup reads one file a level instead of every file bulk_load wrote: at 1,000 synthetic
        # documents (8.5M triples, 40 files) targets 3.3 -> 0.73 s and progress 7.8 -> 1.8 s, for 8.8 s of build;
        # at 100 documents it changes nothing measurable (README, Performance)
        store.optimize()
        store.flush()
        del store  # closes the database before its files are hashed
    except (SyntaxError, ValueError, RuntimeError, MemoryError) as exc:
        raise BuildError(f"cannot write the Oxigraph store ({type(exc).__name__}: {_short(exc)})") from None


def _write_turtle(ntriples: Path, turtle: Path) -> None:
    """Oxigraph's serialiser, two orders of magnitude faster than rdflib's, straight from the N-Triples file,
    not dumped from the store: reading every term back out of the database was super-linear."""
    import pyoxigraph

    from rrp_graph.graph.model import PREFIXES

    try:
        pyoxigraph.serialize(pyoxigraph.parse(path=str(ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES),
                             str(turtle), pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)
    except (SyntaxError, ValueError, RuntimeError, MemoryError) as exc:
        raise BuildError(f"cannot write the Turtle ({type(exc).__name__}: {_short(exc)})") from None
    except OSError as exc:
        raise BuildError(f"{turtle}: cannot write ({exc.strerror or exc})") from None


def _checksums(version: Path) -> tuple[dict[str, str], dict[str, list[int]]]:
    names = ["graph.nt", "graph.ttl", INDEX_FILE]
    names += [f"{OXIGRAPH_DIR}/{p.name}" for p in sorted((version / OXIGRAPH_DIR).iterdir())
              if p.is_file() and not _VOLATILE.match(p.name)]
    sums, stats = {}, {}
    for name in names:
        path = version / name
        sums[name] = sha256_file(path)
        stats[name] = [(st := path.stat()).st_size, st.st_mtime_ns]
    return sums, stats


_VERSION_ID = re.compile(r"^\d{8}-\d{6}-\d+-[0-9a-f]{6}$")


def _new_version_id() -> str:
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"


def write_build(ntriples: list[str], corpus: Corpus, out_dir: Path, corpus_dir: Path) -> None:
    """Write graph (given as N-Triples lines), texts and manifest as a new version of the build folder
    `out_dir` and switch `current` to it when all is written; then remove what no reader holds.

    Interrupted or killed at any point, the build folder answers as before; the next build removes the rest.
    """
    out_dir = Path(out_dir)
    try:
        remove_stale_temporaries(out_dir)
        remove_old_versions(out_dir)  # what killed builds left, even if this one fails too
        versions = out_dir / VERSIONS
        versions.mkdir(parents=True, exist_ok=True)
        version_id = _new_version_id()
        version = versions / version_id
        lock = _exclusive_lock(versions, version_id)
        try:
            try:
                _write_version(version, ntriples, corpus, corpus_dir)
                _switch(out_dir, version_id)
            except BaseException:
                if _current_id(out_dir) != version_id:
                    shutil.rmtree(version, ignore_errors=True)
                    (versions / f"{version_id}.lock").unlink(missing_ok=True)
                raise
        finally:
            lock.close()
        _link_entries(out_dir)
        remove_old_versions(out_dir)
    except OSError as exc:
        raise BuildError(f"{out_dir}: cannot write the build ({exc.strerror or exc})") from None


def _exclusive_lock(versions: Path, version_id: str) -> IO[bytes]:
    """The new version's lock, held exclusively from before its folder exists: made under a temporary name,
    locked, then renamed into place, so no other build can take the version for an abandoned one."""
    tmp = versions / f".{version_id}.lock.tmp"
    lock = open(tmp, "xb")  # noqa: SIM115 - held while the version is written
    try:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        os.replace(tmp, versions / f"{version_id}.lock")
    except BaseException:
        lock.close()
        tmp.unlink(missing_ok=True)
        raise
    return lock


def _write_version(version: Path, ntriples: list[str], corpus: Corpus, corpus_dir: Path) -> None:
    (version / "text").mkdir(parents=True)
    with (version / "graph.nt").open("w", encoding="utf-8", newline="\n") as out:
        out.writelines(ntriples)
    # the index in the version, so switched with the graph
    write_oxigraph_store(version / "graph.nt", version / OXIGRAPH_DIR, version / "graph.ttl", version / INDEX_FILE)
    for document in corpus.documents:
        (version / "text" / f"{document.slug}.txt").write_text(document.source.text, encoding="utf-8", newline="")
    checksums, build_stats = _checksums(version)
    manifest = {
        "corpus": str(Path(corpus_dir).resolve()),
        "files": file_hashes(corpus_dir),
        "stats": file_stats(corpus_dir),
        "documents": {d.source.name: d.slug for d in corpus.documents},
        "triples": len(ntriples),
        "checksums": checksums,
        "build_stats": build_stats,
        "schema": graph_schema(),
    }
    (version / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _trash(out_dir: Path) -> Path:
    return out_dir / VERSIONS / f".trash-{os.getpid()}-{secrets.token_hex(3)}"


def _switch(out_dir: Path, version_id: str) -> None:
    """Point build/current at the new version: one rename, atomic for every reader."""
    link = out_dir / CURRENT
    if link.is_dir() and not link.is_symlink():  # a copy whose link became a folder: set it aside
        aside = _trash(out_dir)
        link.rename(aside)
        shutil.rmtree(aside, ignore_errors=True)
    tmp = out_dir / f".{CURRENT}.tmp-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    os.symlink(f"{VERSIONS}/{version_id}", tmp)
    os.replace(tmp, link)


def _link_entries(out_dir: Path) -> None:
    """build/graph.nt, build/text … as links through build/current (replacing the files of an older layout)."""
    for name in ENTRIES:
        path, target = out_dir / name, f"{CURRENT}/{name}"
        if path.is_symlink() and os.readlink(path) == target:
            continue
        if path.is_dir() and not path.is_symlink():
            aside = _trash(out_dir)
            path.rename(aside)
            shutil.rmtree(aside, ignore_errors=True)
        tmp = out_dir / f".{name}.tmp-{os.getpid()}"
        tmp.unlink(missing_ok=True)
        os.symlink(target, tmp)
        os.replace(tmp, path)


def remove_old_versions(out_dir: Path) -> list[str]:
    """Delete every version but the current one that no reader holds (a shared lock); return their ids.

    A version being written is locked exclusively by its builder, so it is never taken for an old one.
    """
    versions = Path(out_dir) / VERSIONS
    if not versions.is_dir():
        return []
    ids = {p.name.removesuffix(".lock") for p in versions.iterdir() if _VERSION_ID.match(p.name.removesuffix(".lock"))}
    removed = []
    for version_id in sorted(ids):
        if version_id == _current_id(out_dir):
            continue
        lock_path = versions / f"{version_id}.lock"
        try:
            lock = open(lock_path, "ab")  # noqa: SIM115 - creates the lock of a version that lost it
        except OSError:
            continue
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a reader (or its builder) holds it
            if version_id == _current_id(out_dir):  # became current meanwhile: its builder just finished
                continue
            if (versions / version_id).exists():
                aside = _trash(out_dir)
                (versions / version_id).rename(aside)
                shutil.rmtree(aside, ignore_errors=True)
            lock_path.unlink(missing_ok=True)  # while locked: a reader that opened it sees it gone and retries
            removed.append(version_id)
        finally:
            lock.close()
    return removed


def _current_id(out_dir: Path) -> str | None:
    try:
        return Path(os.readlink(Path(out_dir) / CURRENT)).name
    except OSError:
        return None


_TEMPORARY = re.compile(r"^\.(?P<name>.+)\.(?:tmp|old)-(?P<pid>\d+)$")
_TRASH = re.compile(r"^\.(?:trash-(?P<pid>\d+)-[0-9a-f]+|.+-(?P<builder>\d+)-[0-9a-f]+\.lock\.tmp)$")


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    except OverflowError:
        return False
    return True


def remove_stale_temporaries(out_dir: Path) -> list[Path]:
    """Remove what builds killed half-way left: `.BUILD.tmp-PID` and `.BUILD.old-PID` folders beside the build
    folder (earlier releases wrote those), temporary links inside it and set-aside versions, when their
    process is gone. Returns what was removed."""
    out_dir = Path(out_dir)
    places = [(out_dir.parent, _TEMPORARY, out_dir.name), (out_dir, _TEMPORARY, None),
              (out_dir / VERSIONS, _TRASH, None)]
    removed = []
    for folder, pattern, name in places:
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            match = pattern.match(path.name)
            if not match or (name is not None and match["name"] != name):
                continue
            if _process_alive(int(match.groupdict().get("pid") or match.groupdict().get("builder"))):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            removed.append(path)
    return removed
