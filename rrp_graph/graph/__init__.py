"""Graph: a `Corpus` -> RDF under the ontology (model, builder), written atomically to a build folder with an
on-disk Oxigraph store (store); SHACL validation, counts, and ingest (add plan files to a corpus, rebuild)."""
