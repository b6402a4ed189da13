"""Share: the built graph -> other people's tools. SPARQL endpoints and credentials (endpoints), queries on a
remote server (remote), Graph Store Protocol uploads (push), a local read-only endpoint (serve)."""
