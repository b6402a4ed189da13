"""The build folder: the persisted graph, the normalised texts, and a manifest to spot staleness.

    build/
      graph.ttl        the graph, Turtle (for people)
      graph.nt         the graph, N-Triples (for fast loading and for other tools)
      oxigraph/        the graph in an on-disk Oxigraph store: queries open it in milliseconds
      text/NAME.txt    each document's normalised text (the text every offset refers to)
      manifest.json    corpus folder, file hashes, counts

A build is written into a temporary sibling folder and swapped in with renames, so a
failed or interrupted build leaves the previous one as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from rrp_graph.errors import BuildError

if TYPE_CHECKING:
    from rdflib import Graph

    from rrp_graph.extract.corpus import Corpus

MANIFEST = "manifest.json"
OXIGRAPH_DIR = "oxigraph"


def file_hashes(corpus_dir: Path) -> dict[str, str]:
    from rrp_graph.extract.corpus import corpus_files

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in corpus_files(corpus_dir)}


def file_stats(corpus_dir: Path) -> dict[str, list[int]]:
    """Size and modification time of each corpus file: when all match the manifest, no file needs hashing."""
    from rrp_graph.extract.corpus import corpus_files

    return {p.name: [(st := p.stat()).st_size, st.st_mtime_ns] for p in corpus_files(corpus_dir)}


def write_oxigraph_store(ntriples: Path, directory: Path, turtle: Path) -> None:
    """Bulk-load the N-Triples into an on-disk Oxigraph store, and write the Turtle from it: Oxigraph's
    serialiser is two orders of magnitude faster than rdflib's, which dominated build time."""
    import pyoxigraph

    from rrp_graph.graph.model import PREFIXES

    store = pyoxigraph.Store(str(directory))
    store.bulk_load(path=str(ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    del store  # closes the database before the folder is renamed
    # Straight from the N-Triples file, not dumped from the store: reading every term back out of the
    # database made the dump the one super-linear step of a large build.
    pyoxigraph.serialize(pyoxigraph.parse(path=str(ntriples), format=pyoxigraph.RdfFormat.N_TRIPLES),
                         str(turtle), pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_build(ntriples: list[str], corpus: Corpus, out_dir: Path, corpus_dir: Path) -> None:
    """Write graph (given as N-Triples lines), texts and manifest to `out_dir`, replacing any previous build
    only when all is written."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}"
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        (tmp / "text").mkdir(parents=True)
        with (tmp / "graph.nt").open("w", encoding="utf-8", newline="\n") as out:
            out.writelines(ntriples)
        write_oxigraph_store(tmp / "graph.nt", tmp / OXIGRAPH_DIR, tmp / "graph.ttl")
        for document in corpus.documents:
            (tmp / "text" / f"{document.slug}.txt").write_text(document.source.text, encoding="utf-8", newline="")
        manifest = {
            "corpus": str(Path(corpus_dir).resolve()),
            "files": file_hashes(corpus_dir),
            "stats": file_stats(corpus_dir),
            "documents": {d.source.name: d.slug for d in corpus.documents},
            "triples": len(ntriples),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        if out_dir.exists():
            out_dir.rename(old)
        tmp.rename(out_dir)
    except OSError as exc:
        if old.exists() and not out_dir.exists():
            old.rename(out_dir)
        raise BuildError(f"{out_dir}: cannot write the build ({exc.strerror or exc})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def read_manifest(build_dir: Path) -> dict:
    path = Path(build_dir) / MANIFEST
    if not path.is_file():
        raise BuildError(f"{build_dir}: no build found (run `rrp build` first)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"{path}: unreadable manifest ({exc})") from None


def stale_reason(build_dir: Path) -> str | None:
    """Why the build no longer matches its corpus folder, or None when it does."""
    manifest = read_manifest(build_dir)
    corpus = Path(manifest["corpus"])
    if not corpus.is_dir():
        return f"its corpus folder {corpus} is gone"
    if manifest.get("stats") and file_stats(corpus) == manifest["stats"]:
        return None
    current = file_hashes(corpus)
    if current != manifest["files"]:
        changed = sorted(set(current.items()) ^ set(manifest["files"].items()))
        return f"the corpus changed since the last build ({', '.join(sorted({name for name, _ in changed}))})"
    return None


def load_graph(build_dir: Path | None = None, *, check_stale: bool = True) -> Graph:
    """The built graph as an rdflib Graph (default: the workspace's build, see rrp_graph.workspace);
    refuses a stale build rather than answer from it."""
    if build_dir is None:
        from rrp_graph.workspace import locate

        build_dir = locate().build_dir
    from rrp_graph.graph.model import new_graph

    build_dir = Path(build_dir)
    if check_stale and (reason := stale_reason(build_dir)):
        raise BuildError(f"{build_dir}: the build is stale: {reason}; run `rrp build`")
    path = build_dir / "graph.nt"
    if not path.is_file():
        raise BuildError(f"{build_dir}: no graph.nt in the build folder (run `rrp build`)")
    graph = new_graph()
    try:
        graph.parse(path, format="nt")
    except Exception as exc:  # rdflib raises many kinds on a damaged file
        raise BuildError(f"{path}: cannot read the graph ({type(exc).__name__}: {exc})") from None
    return graph
