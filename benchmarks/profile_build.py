"""Time the phases of one real `rrp_graph.graph.builder.build` run, optionally under cProfile.

    python benchmarks/profile_build.py CORPUS [--code DIR] [--cprofile out.prof] [--top 25]

The builder's own functions are wrapped with timers and the build runs as `rrp build` runs it (into a
temporary build folder), so the phases cannot drift from what the builder does. The store, the full-text
index and the Turtle are written side by side (store.write_oxigraph_store): their phases overlap, and the
line `store + index + Turtle (wall)` is what they cost together.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

# (module, function, what the line says); nested phases are indented under the one that calls them
PHASES = [
    ("builder", "extract", "extract (read, identify, parse, gazetteer, lexicon, shared text, tracker)"),
    ("builder", "to_triples", "to_triples"),
    ("builder", "ntriples", "ntriples (format)"),
    ("store", "write_oxigraph_store", "store + index + Turtle (wall)"),
    ("store", "_load_store", "  Oxigraph bulk_load + optimize"),
    ("store", "write_index", "  full-text index (SQLite FTS5)"),
    ("store", "_write_turtle", "  graph.ttl from graph.nt (beside the store)"),
    ("store", "_checksums", "checksums for the manifest"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--cprofile", type=Path, help="profile the whole build into this file (main thread)")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from rrp_graph.graph import builder, store

    modules = {"builder": builder, "store": store}
    seconds: dict[str, float] = {}

    def timed(function, label):
        @functools.wraps(function)
        def wrapper(*a, **k):
            started = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                seconds[label] = seconds.get(label, 0.0) + time.perf_counter() - started
        return wrapper

    for module, name, label in PHASES:
        setattr(modules[module], name, timed(getattr(modules[module], name), label))
    work = Path(tempfile.mkdtemp(prefix="rrp-profile-"))
    profiler = cProfile.Profile() if args.cprofile else None
    try:
        started = time.perf_counter()
        if profiler:
            profiler.enable()
        summary = builder.build(args.corpus, work / "build")
        if profiler:
            profiler.disable()
        total = time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{summary.documents} documents, {summary.triples} triples, "
          f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    for _, _, label in PHASES:
        if label in seconds:
            print(f"  {seconds[label]:7.1f} s  {100 * seconds[label] / total:4.0f}%  {label}")
    print(f"  {total:7.1f} s  total (the rest: writing graph.nt, the texts and the manifest)")
    if profiler:
        profiler.dump_stats(args.cprofile)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
