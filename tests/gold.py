"""The hand annotation of partner → pathway links (tests/golden/annotation/, see ANNOTATION.md) and scoring.

Shared by tests/test_relations.py and benchmarks/relations.py.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from rrp_graph.extract.gazetteer import Gazetteer

ANNOTATION = Path(__file__).parent / "golden" / "annotation"
Row = tuple[str, str, str]  # (partner id, pathway concept, region)


def annotated_rows(region_of: dict[str, str], *, first_pass_only: bool = False) -> dict[Row, list[str]]:
    """The scored unit: (partner, pathway, region) with its quotes, from passages that are not national.

    `region_of` maps each plan file stem to its region. A `new:Name` partner counts as the gazetteer entity
    of that name once the gazetteer knows it.
    """
    names = {name.lower(): entity.id for entity in Gazetteer.load().entities for name in entity.names}
    rows: dict[Row, list[str]] = {}
    for path in sorted(ANNOTATION.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                if record["national"] != "no" or (first_pass_only and "second pass" in record["note"]):
                    continue
                partner = record["partner"]
                if partner.startswith("new:"):
                    partner = names.get(partner[4:].lower(), partner)
                rows.setdefault((partner, record["pathway"], region_of[path.stem]), []).append(record["quote"])
    return rows


@dataclass(frozen=True)
class Score:
    found: set[Row]
    gold: set[Row]

    @property
    def precision(self) -> float:
        return len(self.found & self.gold) / len(self.found) if self.found else 0.0

    @property
    def recall(self) -> float:
        return len(self.found & self.gold) / len(self.gold) if self.gold else 0.0

    def report(self) -> str:
        extra = "\n".join(f"  + {row}" for row in sorted(self.found - self.gold))
        missing = "\n".join(f"  - {row}" for row in sorted(self.gold - self.found))
        return (f"precision {self.precision:.3f}, recall {self.recall:.3f} ({len(self.found & self.gold)} of "
                f"{len(self.found)} found rows are annotated; {len(self.gold)} annotated)\n"
                f"found, not annotated:\n{extra or '  none'}\nannotated, not found:\n{missing or '  none'}")


def tool_rows(result_dicts: list[dict], pathway_ids: dict[str, str]) -> set[Row]:
    """partners-by-pathway rows as the scored unit: the partner's id is its IRI's last segment, the pathway's
    concept id comes from `pathway_ids` (label -> id, read from the graph)."""
    return {(row["partner_iri"].rsplit("/", 1)[1], pathway_ids[row["pathway"]], row["region"]) for row in result_dicts}


PATHWAY_IDS = """
PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label ?pathway WHERE { ?pathway a rrp:Pathway ; rdfs:label ?label }"""


def pathway_ids(engine) -> dict[str, str]:
    return {str(label): str(iri).rsplit("/", 1)[1] for label, iri in engine.run(PATHWAY_IDS, {}, "SELECT").rows}


# --- the commitment tracker (tests/golden/tracker/, see TRACKER.md) ----------------------------------

TRACKER = Path(__file__).parent / "golden" / "tracker"
# The second, independent annotation of the same commitments (tracker-second/README.md): agreement only
TRACKER_SECOND = Path(__file__).parent / "golden" / "tracker-second"


@dataclass(frozen=True)
class TrackerScore:
    links: dict[tuple[str, str, str], str]  # (stem, commitment id, progress id) -> strength, as found
    gold_links: dict[tuple[str, str, str], str]
    status: dict[tuple[str, str], str]  # (stem, commitment id) -> status, as found
    gold_status: dict[tuple[str, str], str]

    @property
    def precision(self) -> float:
        return len(set(self.links) & set(self.gold_links)) / len(self.links) if self.links else 0.0

    @property
    def strong_recall(self) -> float:
        strong = {k for k, v in self.gold_links.items() if v == "strong"}
        return len(strong & set(self.links)) / len(strong)

    @property
    def status_accuracy(self) -> float:
        return sum(self.status[k] == v for k, v in self.gold_status.items()) / len(self.gold_status)

    def report(self) -> str:
        extra = "\n".join(f"  + {k} {self.links[k]}" for k in sorted(set(self.links) - set(self.gold_links)))
        missing = "\n".join(f"  - {k}" for k, v in sorted(self.gold_links.items())
                            if v == "strong" and k not in self.links)
        wrong = "\n".join(f"  {k}: {self.status[k]}, annotated {v}" for k, v in sorted(self.gold_status.items())
                          if self.status[k] != v)
        return (f"link precision {self.precision:.3f}, strong-link recall {self.strong_recall:.3f}, status accuracy "
                f"{self.status_accuracy:.3f}\nlinks found, not annotated:\n{extra or '  none'}\nstrong links "
                f"annotated, not found:\n{missing or '  none'}\nstatus differs:\n{wrong or '  none'}")


def tracker_annotation(folder: Path = TRACKER) -> tuple[dict[tuple[str, str, str], str], dict[tuple[str, str], str]]:
    """An annotation folder's links, (stem, commitment id, progress id) -> strength, and statuses, (stem,
    commitment id) -> status, from its `<plan file stem>.csv` files (the format of TRACKER.md)."""
    links, status = {}, {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                status[(path.stem, row["commitment"])] = row["status"]
                if row["progress"]:
                    links[(path.stem, row["commitment"], row["progress"])] = row["strength"]
    return links, status


def tracker_score(corpus, folder: Path = TRACKER) -> TrackerScore:
    """The tracker's links and statuses for the four updates against an annotation (the first by default), by the
    items files' ids."""
    tracking = corpus.tracking
    gold_links, gold_status = tracker_annotation(folder)
    links, status = {}, {}
    for document in corpus.documents:
        stem = document.source.name.rsplit(".", 1)[0]
        if not (folder / f"{stem}.csv").is_file():
            continue
        commitments = [s for s in document.statements if s.kind == "commitment"]
        progress = [s for s in document.statements if s.kind == "progress"]
        cid = {id(s): f"C{i}" for i, s in enumerate(commitments, 1)}
        pid = {id(s): f"P{i}" for i, s in enumerate(progress, 1)}
        for link in tracking.links:
            if id(link.commitment) in cid:
                links[(stem, cid[id(link.commitment)], pid[id(link.progress)])] = link.strength
        for statement in commitments:
            status[(stem, cid[id(statement)])] = tracking.status[id(statement)]
    return TrackerScore(links, gold_links, status, gold_status)
