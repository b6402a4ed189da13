"""Score the commitment tracker against the hand annotation (tests/golden/tracker/), for the record.

    .venv/bin/python benchmarks/tracker.py [--annotation DIR] [--verbose]

Prints link precision, strong-link recall and status accuracy over the four annual updates, per document
and overall; --verbose lists every difference. --annotation scores against another annotation folder (the
second one, tests/golden/tracker-second/; benchmarks/agreement.py compares the two annotations).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from gold import TRACKER, TrackerScore, tracker_score  # noqa: E402

from rrp_graph.extract.corpus import extract  # noqa: E402
from rrp_graph.resources import sample_plans  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--annotation", type=Path, default=TRACKER, help="annotation folder (default: the first)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    if not sorted(args.annotation.glob("*.csv")):
        sys.exit(f"Error: --annotation: {args.annotation} holds no <plan file stem>.csv annotation files")
    score = tracker_score(extract(sample_plans()), args.annotation)
    for stem in sorted({k[0] for k in score.gold_status}):
        part = TrackerScore({k: v for k, v in score.links.items() if k[0] == stem},
                            {k: v for k, v in score.gold_links.items() if k[0] == stem},
                            {k: v for k, v in score.status.items() if k[0] == stem},
                            {k: v for k, v in score.gold_status.items() if k[0] == stem})
        print(f"{stem:46} precision {part.precision:.3f}  strong recall {part.strong_recall:.3f}  "
              f"status {part.status_accuracy:.3f}")
    print(f"{'all four updates':46} precision {score.precision:.3f}  strong recall {score.strong_recall:.3f}  "
          f"status {score.status_accuracy:.3f}  ({len(score.links)} links found, {len(score.gold_links)} annotated)")
    if args.verbose:
        print(score.report())


if __name__ == "__main__":
    main()
