"""Time the phases of `rrp_graph.build.build` on one corpus, optionally under cProfile.

    python benchmarks/profile_build.py CORPUS [--code DIR] [--cprofile out.prof] [--top 25]

Mirrors build() and store.write_build() step by step (extract, to_triples, ntriples, writing
graph.nt, Oxigraph bulk load, graph.ttl written from graph.nt as store.write_oxigraph_store does:
the builder no longer dumps Turtle out of the store), so it follows the builder's internals as of
commit ef22a34 and may need updating when they change.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--cprofile", type=Path, help="profile extract + to_triples + ntriples into this file")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    import pyoxigraph

    from rrp_graph.extract.corpus import extract
    from rrp_graph.graph import builder as b
    from rrp_graph.graph.model import PREFIXES

    profiler = cProfile.Profile() if args.cprofile else None
    phases: list[tuple[str, float]] = []
    clock = time.perf_counter()

    def mark(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases.append((name, now - clock))
        clock = now

    if profiler:
        profiler.enable()
    corpus = extract(args.corpus)
    mark("extract (read, identify, parse, gazetteer, shared text)")
    triples = b.to_triples(corpus)
    mark("to_triples")
    lines = b.ntriples(triples)
    mark("ntriples (format + sort)")
    if profiler:
        profiler.disable()
    work = Path(tempfile.mkdtemp(prefix="rrp-profile-"))
    try:
        with (work / "graph.nt").open("w", encoding="utf-8", newline="\n") as out:
            out.writelines(lines)
        mark("write graph.nt")
        store = pyoxigraph.Store(str(work / "oxigraph"))
        store.bulk_load(path=str(work / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
        store.flush()
        mark("oxigraph bulk_load")
        del store
        pyoxigraph.serialize(pyoxigraph.parse(path=str(work / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES),
                             str(work / "graph.ttl"), pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)
        mark("graph.ttl from graph.nt")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    total = sum(seconds for _, seconds in phases)
    print(f"{len(corpus.documents)} documents, {len(lines)} triples, "
          f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for name, seconds in phases:
        print(f"  {seconds:7.1f} s  {100 * seconds / total:4.0f}%  {name}")
    print(f"  {total:7.1f} s  total")
    if profiler:
        profiler.dump_stats(args.cprofile)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
