"""Rewrite tests/golden/queries/*.csv from the current build (run after a deliberate change, then review
the diff in git before committing: the golden files are the specification, not a snapshot to wave through).

    .venv/bin/python tests/make_golden_queries.py
"""

import json
import tempfile
from pathlib import Path

from rrp_graph.graph.builder import build
from rrp_graph.query import catalogue as queries
from rrp_graph.query.engine import open_engine
from rrp_graph.query.formats import render
from rrp_graph.resources import sample_plans

GOLDEN = Path(__file__).parent / "golden" / "queries"

if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        build(sample_plans(), Path(tmp) / "build")
        engine = open_engine(Path(tmp) / "build")
        for case, spec in json.loads((GOLDEN / "cases.json").read_text()).items():
            result = queries.run_query(queries.get(spec["query"]), engine, spec["params"])
            (GOLDEN / f"{case}.csv").write_text(render(result, "csv"), encoding="utf-8")
            print(f"{case}: {len(result.rows)} rows")
