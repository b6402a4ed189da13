"""Score partners-by-pathway against the hand annotation (tests/golden/annotation/), for the record.

    .venv/bin/python benchmarks/relations.py [--verbose]

Builds the bundled plans into a temporary folder and prints precision and recall of the default answer
(words and the theme-section rule) and of --param words_only=true, each against the annotation's second
pass (which lets a single-pathway theme supply a pathway) and its first pass (which lets no heading), with
the per-region figures. --verbose lists every row that differs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from gold import Score, annotated_rows, pathway_ids, tool_rows  # noqa: E402

from rrp_graph.extract.corpus import extract  # noqa: E402
from rrp_graph.graph.builder import build  # noqa: E402
from rrp_graph.query import catalogue as queries  # noqa: E402
from rrp_graph.query.engine import open_engine  # noqa: E402
from rrp_graph.resources import sample_plans  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    regions = {d.source.name.rsplit(".", 1)[0]: d.info.region for d in extract(sample_plans()).documents}
    with tempfile.TemporaryDirectory() as tmp:
        build(sample_plans(), Path(tmp) / "build")
        engine = open_engine(Path(tmp) / "build")
        ids = pathway_ids(engine)
        for answer, params in (("default (words + theme-section)", {}), ("words_only", {"words_only": True})):
            found = tool_rows(queries.run_query(queries.get("partners-by-pathway"), engine, params).as_dicts(), ids)
            for gold_name, first in (("second pass", False), ("first pass", True)):
                gold = set(annotated_rows(regions, first_pass_only=first))
                score = Score(found, gold)
                print(f"{answer:34} vs {gold_name:11}: precision {score.precision:.3f}  recall {score.recall:.3f}"
                      f"  ({len(found)} rows, {len(gold)} annotated)")
                if gold_name == "second pass" and not params:
                    for region in sorted(set(regions.values())):
                        part = Score({r for r in found if r[2] == region}, {r for r in gold if r[2] == region})
                        print(f"    {region:26} precision {part.precision:.3f}  recall {part.recall:.3f}")
                if args.verbose:
                    print(score.report())


if __name__ == "__main__":
    main()
