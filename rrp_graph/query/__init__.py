"""Query: a build folder or RDF file -> answers. The read-only SPARQL guard and safe parameter binding
(sparql), the Oxigraph and rdflib engines (engine), the canned `.rq` queries (catalogue), result formats."""
