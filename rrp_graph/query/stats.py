"""Counts of the built graph: by class, and by region and statement kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rrp_graph.graph.model import PREFIXES

if TYPE_CHECKING:
    from rrp_graph.query.engine import Engine

_PROLOGUE = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())

_BY_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a ?class .
  FILTER(STRSTARTS(STR(?s), "https://w3id.org/rrp-graph/id/"))
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""

_BY_REGION = """
SELECT ?region ?kind (COUNT(DISTINCT ?s) AS ?n) WHERE {
  ?s a rrp:Statement ; rrp:region/rdfs:label ?region ; a ?cls .
  ?cls rdfs:subClassOf* rrp:Statement .
  FILTER NOT EXISTS { ?sub rdfs:subClassOf ?cls . ?s a ?sub . FILTER(?sub != ?cls) }
  BIND(REPLACE(STR(?cls), "^.*#", "") AS ?kind)
} GROUP BY ?region ?kind ORDER BY ?region ?kind
"""


def _short(iri: str) -> str:
    for prefix, base in PREFIXES.items():
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base):]}"
    return iri


def counts_by_class(engine: Engine) -> list[tuple[str, int]]:
    return [(_short(cls), n) for cls, n in engine.run(_PROLOGUE + _BY_CLASS, {}, "SELECT").rows]


def counts_by_region(engine: Engine) -> list[tuple[str, str, int]]:
    """(region, most specific statement class, count)."""
    return [(r, k, n) for r, k, n in engine.run(_PROLOGUE + _BY_REGION, {}, "SELECT").rows]
