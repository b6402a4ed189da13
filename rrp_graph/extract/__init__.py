"""Extract: `SourceText` -> a `Corpus` of documents (what each is: region, kind, period), their passages and
statements (commitments, progress, targets …), the entities they mention (gazetteer), the pathways and cohorts
they speak to (lexicon), and which passages are shared national text. Plain Python, no RDF."""
