"""The files the tool ships and reads at run time, found one way in every install.

    queries/              the canned SPARQL queries (.rq)
    ontology/             rrp.ttl (the OWL ontology) and shapes.ttl (SHACL)
    data/gazetteer/       organisations, prisons, programmes (CSV, curated)
    data/lexicon/         pathway and cohort cues (CSV, curated)
    data/plans/           the bundled sample plans (read-only: analysts' own plans live in a workspace)
    templates/            the page template and scripts of the network views

They live inside the package so a wheel carries them; the repository's top-level `queries/`,
`ontology/` and `data/` are symlinks here, so each file has one source. Everything is looked up
through `importlib.resources`, which gives the same answer from a checkout, an editable install
and an installed wheel.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rrp_graph.errors import RrpError


def resource(*parts: str) -> Path:
    """The path of a bundled file or folder, e.g. `resource("ontology", "rrp.ttl")`."""
    path = Path(str(resources.files(__name__).joinpath(*parts)))
    if not path.exists():
        raise RrpError(f"{'/'.join(parts)}: missing from the installed rrp-graph (a broken install?)")
    return path


def queries_dir() -> Path:
    return resource("queries")


def ontology_file() -> Path:
    return resource("ontology", "rrp.ttl")


def shapes_file() -> Path:
    return resource("ontology", "shapes.ttl")


def gazetteer_dir() -> Path:
    return resource("data", "gazetteer")


def lexicon_dir() -> Path:
    return resource("data", "lexicon")


def sample_plans() -> Path:
    """The bundled sample corpus; never written to."""
    return resource("data", "plans")


def template(name: str) -> str:
    return resource("templates", name).read_text(encoding="utf-8")
