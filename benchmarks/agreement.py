"""Agreement between two hand annotations of the commitment tracker: the ceiling to read the tool's figures against.

    .venv/bin/python benchmarks/agreement.py FIRST_DIR SECOND_DIR [--verbose]

Each folder holds `<plan file stem>.csv` files in the format of tests/golden/TRACKER.md. Prints, over the
documents both annotate, the status agreement (and Cohen's kappa, agreement beyond chance), the second's links
scored against the first as the tool's are (precision, strong-link recall) and the other way round, and how often
a link both annotate has the same strength; --verbose lists every difference.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from gold import TrackerScore, tracker_annotation  # noqa: E402

STATUSES = ("reported", "partial", "none")


def kappa(first: dict, second: dict) -> float:
    """Cohen's kappa of two labellings of the same keys."""
    keys = sorted(first)
    observed = sum(first[k] == second[k] for k in keys) / len(keys)
    a, b = Counter(first[k] for k in keys), Counter(second[k] for k in keys)
    chance = sum(a[label] * b[label] for label in set(a) | set(b)) / len(keys) ** 2
    return (observed - chance) / (1 - chance) if chance < 1 else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", type=Path)
    parser.add_argument("second", type=Path)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    links_a, status_a = tracker_annotation(args.first)
    links_b, status_b = tracker_annotation(args.second)
    stems = {k[0] for k in status_a} & {k[0] for k in status_b}
    if not stems:
        sys.exit(f"Error: {args.first} and {args.second} annotate no document in common")
    status_a, status_b, links_a, links_b = (
        {k: v for k, v in labels.items() if k[0] in stems} for labels in (status_a, status_b, links_a, links_b))
    if set(status_a) != set(status_b):
        sys.exit(f"Error: the commitments differ: {sorted(set(status_a) ^ set(status_b))}")
    b_against_a = TrackerScore(links_b, links_a, status_b, status_a)
    a_against_b = TrackerScore(links_a, links_b, status_a, status_b)
    both = set(links_a) & set(links_b)
    print(f"{len(stems)} documents, {len(status_a)} commitments; links: {len(links_a)} first, {len(links_b)} second, "
          f"{len(both)} in both")
    print(f"status agreement {b_against_a.status_accuracy:.3f} (Cohen's kappa {kappa(status_a, status_b):.3f})")
    print("  first \\ second " + "".join(f"{s:>10}" for s in STATUSES))
    for label in STATUSES:
        row = Counter(status_b[k] for k, v in status_a.items() if v == label)
        print(f"  {label:<15}" + "".join(f"{row[s]:>10}" for s in STATUSES))
    print(f"second against first: link precision {b_against_a.precision:.3f}, strong-link recall "
          f"{b_against_a.strong_recall:.3f}")
    print(f"first against second: link precision {a_against_b.precision:.3f}, strong-link recall "
          f"{a_against_b.strong_recall:.3f}")
    if both:
        same = sum(links_a[k] == links_b[k] for k in both)
        print(f"same strength on {same} of the {len(both)} links both annotate ({same / len(both):.3f})")
    if args.verbose:
        print(b_against_a.report().replace("links found, not annotated", "links of the second only")
              .replace("strong links annotated, not found", "strong links of the first the second lacks")
              .replace("annotated", "first"))


if __name__ == "__main__":
    main()
