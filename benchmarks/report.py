"""Time `rrp report` on the bundled corpus and on a synthetic one (benchmarks/synth.py), as a process.

    .venv/bin/python benchmarks/report.py                      # the bundled corpus only
    .venv/bin/python benchmarks/report.py --documents 240      # and 240 synthetic documents
    .venv/bin/python benchmarks/report.py --documents 240 --work /tmp/bench   # keep (and reuse) the builds

Each size is built first (not timed), then `rrp report -o SITE` runs `--runs` times in a fresh process; the
best and worst wall times, the pages and the site's size are printed. Targets (issue 17): ≤ 5 s on the
bundled corpus, ≤ 60 s at 240 documents.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RRP = [sys.executable, "-m", "rrp_graph"]


def run(args: list[str]) -> str:
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def measure(name: str, build: Path, site: Path, runs: int) -> None:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        out = run([*RRP, "report", "-o", str(site), "--build-dir", str(build)])
        times.append(time.perf_counter() - started)
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"{name}: rrp report {min(times):.2f} s best, {max(times):.2f} s worst of {runs}; "
          f"{out.strip().split(': ', 1)[-1]}; site {size / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, nargs="*", default=[], help="synthetic corpus sizes")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="folder for the builds (default: a temporary one)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = options.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        bundled = work / "bundled-build"
        run([*RRP, "build", "--build-dir", str(bundled)])
        measure("bundled corpus (5 documents)", bundled, work / "bundled-site", options.runs)
        for size in options.documents:
            corpus, build = work / f"synth-{size}", work / f"synth-{size}-build"
            if not build.exists():
                run([sys.executable, "benchmarks/synth.py", "--documents", str(size), "--out", str(corpus)])
                run([*RRP, "build", "--corpus", str(corpus), "--build-dir", str(build)])
            measure(f"synthetic, {size} documents", build, work / f"synth-{size}-site", options.runs)


if __name__ == "__main__":
    main()
