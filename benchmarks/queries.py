"""Benchmark: every case of tests/golden/queries/cases.json on one existing build, Oxigraph's on-disk store.

    .venv/bin/python benchmarks/queries.py --build-dir /tmp/s100-build [--runs 3] [--cases partners search-…]
    .venv/bin/python benchmarks/queries.py --build-dir /tmp/s100-build --queries /path/to/old/queries --json old.json

No build and no rdflib (run.py does both): this is the loop for rewriting a query. Each case prints its median
seconds over --runs runs, its row count and a digest of its rows (sha256 of the CSV), so that a rewrite can be
checked to give the same rows on a large build too, not only on the goldens' five real documents;
--compare OLD.json prints both timings and flags any digest that differs. --queries times .rq files from
another folder (e.g. `git show main:…` copies), --engine rdflib the reference engine (slow over 1M triples).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rrp_graph.query import catalogue as queries  # noqa: E402
from rrp_graph.query.engine import open_engine  # noqa: E402
from rrp_graph.query.formats import render  # noqa: E402

CASES = json.loads((ROOT / "tests" / "golden" / "queries" / "cases.json").read_text(encoding="utf-8"))


def time_case(engine: object, query: queries.CannedQuery, params: dict, runs: int) -> dict:
    """Median seconds of `runs` runs (the rows of the last), with the row count and a digest of the CSV."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = queries.run_query(query, engine, params, timeout=900)
        times.append(time.perf_counter() - started)
    assert result is not None
    digest = hashlib.sha256(render(result, "csv").encode("utf-8")).hexdigest()[:16]
    return {"seconds": statistics.median(times), "runs": times, "rows": len(result.rows), "digest": digest}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", nargs="*", help="only these cases (default: all)")
    parser.add_argument("--queries", type=Path, help="folder of .rq files to time instead of the bundled ones")
    parser.add_argument("--engine", default="oxigraph", choices=["oxigraph", "rdflib"])
    parser.add_argument("--json", type=Path, help="write the timings here")
    parser.add_argument("--compare", type=Path, help="an earlier --json to compare timings and digests with")
    args = parser.parse_args()

    started = time.perf_counter()
    engine = open_engine(args.build_dir, args.engine)
    opened = time.perf_counter() - started
    earlier = json.loads(args.compare.read_text(encoding="utf-8"))["cases"] if args.compare else {}
    load = os.getloadavg()
    print(f"engine {args.engine} opened in {opened:.3f} s; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
          file=sys.stderr)
    results: dict[str, dict] = {}
    for case, spec in CASES.items():
        if args.cases and case not in args.cases:
            continue
        query = queries.get(spec["query"], args.queries)
        results[case] = row = time_case(engine, query, spec["params"], args.runs)
        line = f"{case:<32} {row['seconds']:8.3f} s {row['rows']:>7} rows  {row['digest']}"
        if case in earlier:
            before = earlier[case]
            same = "same rows" if before["digest"] == row["digest"] else "ROWS DIFFER"
            line += f"   before {before['seconds']:8.3f} s  {same}"
        print(line, flush=True)
    if args.json:
        document = {"build_dir": str(args.build_dir), "engine": args.engine, "runs": args.runs,
                    "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "load_average": load,
                    "cases": results}
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
