"""Generate synthetic corpora, build each with the real builder, and check what came out.

    python benchmarks/check_synth.py --sizes 5 100 1000 [--seed 7] [--work /tmp/rrp-synth]
                                     [--code DIR] [--json out.json]

For every size: writes the corpus with synth.py, runs `rrp_graph.build.build` in a fresh
child process (wall time and the child's own peak RSS), then loads the built graph.nt into
rdflib and checks that every document came out with its five rrp:QuantifiedTarget, that the
builder's identification matches the file name (no identification notes), and that the
build reported no warnings. `--code` points at the rrp-graph checkout to import (default:
this repository), e.g. a `git archive` snapshot when the working tree is mid-edit.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
started = time.perf_counter()
from rrp_graph.graph.builder import build
summary = build(Path(sys.argv[2]), Path(sys.argv[3]))
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "triples": summary.triples, "documents": summary.documents,
                  "quantified_targets": summary.quantified_targets, "statements": summary.statements,
                  "warnings": summary.warnings}))
"""

CHECK = """
PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?doc ?source (COUNT(DISTINCT ?t) AS ?targets) (COUNT(DISTINCT ?note) AS ?notes) WHERE {
  ?doc a rrp:PlanDocument ; dcterms:source ?source .
  OPTIONAL { ?t a rrp:QuantifiedTarget ; rrp:inDocument ?doc }
  OPTIONAL { ?doc rrp:identificationNote ?note }
} GROUP BY ?doc ?source
"""


def check_graph(build_dir: Path) -> dict:
    from rdflib import Graph

    started = time.perf_counter()
    graph = Graph(bind_namespaces="none")
    graph.parse(build_dir / "graph.nt", format="nt")
    loaded = time.perf_counter() - started
    rows = list(graph.query(CHECK))
    problems = []
    for doc, source, targets, notes in rows:
        slug = str(doc).rsplit("/", 1)[1]
        name = str(source)
        expected = name.removesuffix(".txt")
        if "-plan-" in expected:  # file names say the period, slugs the first year
            region, _, period = expected.partition("-plan-")
            expected = f"{region}-three-year-plan-{period[:4]}"
        if int(targets) != 5:
            problems.append(f"{name}: {targets} quantified targets")
        if int(notes):
            problems.append(f"{name}: {notes} identification notes")
        if slug != expected:
            problems.append(f"{name}: identified as {slug}")
    shared = graph.query("""PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
        SELECT (SUM(IF(?s, 1, 0)) AS ?shared) (COUNT(?s) AS ?all) WHERE { ?x rrp:sharedNationalText ?s }""")
    shared_count, all_count = next(iter(shared))
    return {"rdflib_load_s": round(loaded, 1), "documents_in_graph": len(rows),
            "documents_with_5_targets": sum(1 for r in rows if int(r[2]) == 5),
            "shared_statements": int(shared_count or 0), "all_statements": int(all_count), "problems": problems}


def run(size: int, seed: int, work: Path, code: Path, check: bool) -> dict:
    corpus, build_dir = work / f"corpus-{size}", work / f"build-{size}"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(build_dir, ignore_errors=True)
    started = time.perf_counter()
    synth.generate(size, corpus, seed)
    generated = time.perf_counter() - started
    size_mb = sum(p.stat().st_size for p in corpus.iterdir()) / 1e6
    child = subprocess.run([sys.executable, "-c", CHILD, str(code), str(corpus), str(build_dir)],
                           capture_output=True, text=True, check=False)
    if child.returncode:
        raise SystemExit(f"build of {size} documents failed:\n{child.stderr[-3000:]}")
    result = {"size": size, "generate_s": round(generated, 2), "corpus_mb": round(size_mb, 1),
              **json.loads(child.stdout.strip().splitlines()[-1])}
    result["seconds"] = round(result["seconds"], 1)
    result["peak_mb"] = round(result["peak_mb"])
    if check:
        result.update(check_graph(build_dir))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 100, 1000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/rrp-synth"))
    parser.add_argument("--code", type=Path, default=HERE.parent, help="rrp-graph checkout to import")
    parser.add_argument("--no-check", action="store_true", help="skip the rdflib load and per-document check")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    results = []
    print(f"{'docs':>6} {'triples':>9} {'build s':>8} {'peak MB':>8} {'targets':>8} {'5/doc':>6} {'warn':>5}")
    for size in args.sizes:
        r = run(size, args.seed, args.work, args.code.resolve(), not args.no_check)
        results.append(r)
        print(f"{r['documents']:>6} {r['triples']:>9} {r['seconds']:>8} {r['peak_mb']:>8} "
              f"{r['quantified_targets']:>8} {r.get('documents_with_5_targets', '-'):>6} {len(r['warnings']):>5}",
              flush=True)
        for line in r.get("problems", [])[:10] + r["warnings"][:10]:
            print("   ", line)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(not r.get("problems") and not r["warnings"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
