"""Benchmark: build, load, canned-query and `rrp search` times by corpus size, Oxigraph against plain rdflib.

    .venv/bin/python benchmarks/run.py                 # 100, 240 and 1,000 synthetic documents (240: 2.6M triples)
    .venv/bin/python benchmarks/run.py --sizes 5 100   # quicker; 5 means the real corpus

Prints a table and writes benchmarks/results.json (with the machine's description, also after each size as
"partial"). Every parameter set in tests/golden/queries/cases.json is timed. Timings are medians of --runs
runs. Plain rdflib is compared only up to --rdflib-max-triples, runs once on graphs over 200,000 triples
(one run already takes seconds), and a case whose first rdflib run exceeds --rdflib-budget is not run
again on larger graphs: the table says "rdflib not run" or "over budget". Builds run in a child process so
that their peak memory (ru_maxrss) is their own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rrp_graph.query import catalogue as queries  # noqa: E402
from rrp_graph.query.engine import OxigraphEngine, RdflibEngine  # noqa: E402
from rrp_graph.query.fulltext import search  # noqa: E402

PYTHON = sys.executable
_SCRIPT = Path(sys.executable).parent / "rrp"
RRP = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "rrp_graph"]
SEARCH_TEXT = "employment hub"
CASES = json.loads((ROOT / "tests" / "golden" / "queries" / "cases.json").read_text(encoding="utf-8"))


def timed(work, runs: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def build_in_child(corpus: Path, build_dir: Path) -> dict:
    """Build in a fresh process: wall time, peak RSS and triples."""
    code = (
        "import json, resource, sys, time; from pathlib import Path; from rrp_graph.graph.builder import build; "
        "t = time.perf_counter(); s = build(Path(sys.argv[1]), Path(sys.argv[2])); "
        "print(json.dumps({'seconds': time.perf_counter() - t, 'triples': s.triples, 'documents': s.documents, "
        "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    out = subprocess.run([PYTHON, "-c", code, str(corpus), str(build_dir)], capture_output=True, text=True,
                         cwd=ROOT)
    if out.returncode:
        raise SystemExit(f"build of {corpus} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def synthetic_corpus(documents: int, folder: Path) -> Path:
    subprocess.run([PYTHON, str(ROOT / "benchmarks" / "synth.py"), "--documents", str(documents), "--out",
                    str(folder), "--seed", "7"], check=True, cwd=ROOT, capture_output=True)
    return folder


def process_seconds(args: list[str], runs: int, env: dict | None = None) -> float:
    def once():
        subprocess.run(args, check=True, capture_output=True, cwd=ROOT, env=env)

    return timed(once, runs)[0]


def machine() -> str:
    """CPU model, cores, memory, Python and OS: the figures mean little without them."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines()
                  if line.startswith("MemTotal"))
        memory = f", {kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, StopIteration, ValueError):
        memory = ""
    return (f"{cpu}, {os.cpu_count()} cores{memory}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def measure(label: str, corpus: Path, workdir: Path, runs: int, rdflib_max: int, budget: float,
            over_budget: set[str]) -> dict:
    build_dir = workdir / f"build-{label}"
    row = {"corpus": label, **build_in_child(corpus, build_dir)}
    row["load_oxigraph_s"], engine = timed(lambda: OxigraphEngine.open(build_dir), runs)
    compare = row["triples"] <= rdflib_max
    row["load_rdflib_s"], reference = timed(lambda: RdflibEngine.open(build_dir), 1) if compare else (None, None)
    rdflib_runs = runs if row["triples"] < 200_000 else 1
    row["queries"] = {}
    library = queries.library()
    for case, spec in CASES.items():
        query, params = library[spec["query"]], spec["params"]
        fast, result = timed(lambda q=query, p=params: queries.run_query(q, engine, p, timeout=600), runs)
        slow, skipped = None, None
        if not compare:
            skipped = "rdflib not run"
        elif case in over_budget:
            skipped = "over budget"
        else:
            slow, _ = timed(lambda q=query, p=params: queries.run_query(q, reference, p, timeout=900), rdflib_runs)
            if slow > budget:
                over_budget.add(case)  # larger graphs would only take longer
        row["queries"][case] = {"query": spec["query"], "oxigraph_s": fast, "rdflib_s": slow, "rdflib_skipped": skipped,
                                "rows": len(result.rows), "ratio": slow / fast if slow and fast else None}
    env = {**os.environ, "RRP_BUILD_DIR": str(build_dir)}
    row["query_targets_process_s"] = process_seconds([*RRP, "query", "targets", "--format", "csv"], runs, env)
    # rrp search through the FTS5 index, 20 results: in-process (the index opened and checked each time) and
    # as a whole process.
    row["search_s"], found = timed(lambda: search(SEARCH_TEXT, build_dir, limit=20), runs)
    row["search_rows"] = len(found.rows)
    row["search_process_s"] = process_seconds([*RRP, "search", SEARCH_TEXT, "--format", "csv"], runs, env)
    return row


def _num(value, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def report(rows: list[dict], extra: dict) -> str:
    lines = [f"machine: {extra['machine']}", f"rrp --help: {extra['help_s']:.3f} s (median of {extra['runs']})", ""]
    lines.append(f"{'corpus':<10} {'docs':>5} {'triples':>9} {'build s':>8} {'peak MB':>8} {'load ox s':>9} "
                 f"{'load rdflib s':>13} {'query targets (process) s':>26} {'search s':>8} "
                 f"{'search (process) s':>18}")
    for r in rows:
        lines.append(f"{r['corpus']:<10} {r['documents']:>5} {r['triples']:>9} {r['seconds']:>8.1f} "
                     f"{r['peak_mb']:>8.0f} {r['load_oxigraph_s']:>9.3f} {_num(r['load_rdflib_s'], 2):>13} "
                     f"{r['query_targets_process_s']:>26.3f} {r['search_s']:>8.4f} "
                     f"{r['search_process_s']:>18.3f}")
    lines += ["", "canned queries (every case in cases.json), median seconds on Oxigraph "
                  "(rdflib seconds, rdflib/Oxigraph ratio):"]
    names = list(rows[0]["queries"])
    width = max(len(name) for name in names)
    lines.append(f"{'case':<{width}}" + "".join(f" {r['corpus']:>28}" for r in rows))
    for name in names:
        cells = []
        for r in rows:
            q = r["queries"][name]
            if q["rdflib_s"] is not None:
                slow = f"{q['rdflib_s']:.2f}, {q['ratio']:.1f}x"
            else:
                slow = q.get("rdflib_skipped") or "rdflib not run"
            cells.append(f"{q['oxigraph_s']:.3f} ({slow})".rjust(28))
        lines.append(f"{name:<{width}}" + "".join(f" {cell}" for cell in cells))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 240, 1000],
                        help="corpus sizes; 5 means the real corpus, others are synthetic documents")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rdflib-max-triples", type=int, default=1_500_000,
                        help="compare with plain rdflib up to this size (rdflib took 284 s just to load 4.3M)")
    parser.add_argument("--rdflib-budget", type=float, default=30.0,
                        help="seconds: a case slower than this on rdflib is not run on rdflib at larger sizes")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args()

    environment = {"machine": machine(), "runs": args.runs, "date": time.strftime("%Y-%m-%d"),
                   "rdflib_max_triples": args.rdflib_max_triples, "rdflib_budget_s": args.rdflib_budget}
    rows: list[dict] = []
    over_budget: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="rrp-bench-") as tmp:
        workdir = Path(tmp)
        for size in args.sizes:
            if size == 5:
                corpus, label = ROOT / "data" / "plans", "real-5"
            else:
                corpus, label = synthetic_corpus(size, workdir / f"synthetic-{size}"), f"synth-{size}"
            print(f"measuring {label} …", file=sys.stderr, flush=True)
            rows.append(measure(label, corpus, workdir, args.runs, args.rdflib_max_triples, args.rdflib_budget,
                                over_budget))
            args.out.write_text(json.dumps({"environment": environment, "partial": rows}, indent=2) + "\n",
                                encoding="utf-8")
    environment["help_s"] = process_seconds([*RRP, "--help"], args.runs)
    args.out.write_text(json.dumps({"environment": environment, "results": rows}, indent=2) + "\n",
                        encoding="utf-8")
    print(report(rows, environment))


if __name__ == "__main__":
    main()
