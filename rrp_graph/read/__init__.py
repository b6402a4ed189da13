"""Read: a plan file as published (.txt .md .pdf .docx .html) -> `SourceText`, the normalised text in the
one text model (a heading per line, a line per paragraph or bullet) that every later offset refers to."""
