"""Views: query answers -> networkx graphs of partners, pathways and regions (network), self-contained offline
pages (pages) and exports of the RDF graph and of the views (exports)."""
