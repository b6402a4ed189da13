"""Adding published plans to a corpus folder, all or nothing.

`ingest` reads, identifies and parses every given file first, against the documents already
in the corpus; only when all pass are they copied in (each written to a temporary name and
renamed) and the graph rebuilt. If the build fails the copies are removed again, and the
build itself switches to its new version only when complete: a failed ingest leaves the corpus
and the built graph as they were. A batch with one bad file ingests none.

A text file that is not UTF-8 (cp1252, UTF-16, UTF-32) is stored in the corpus as UTF-8: its encoding
is guessed, and warned about, once, at ingest, not again at every build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rrp_graph.errors import DocumentError
from rrp_graph.extract.corpus import check_unique, extract_document
from rrp_graph.extract.document import DocumentIndex, DocumentInfo, complete_periods, identify
from rrp_graph.extract.gazetteer import Gazetteer
from rrp_graph.extract.lexicon import Lexicon
from rrp_graph.files import write_bytes_atomic
from rrp_graph.graph.builder import BuildSummary, build
from rrp_graph.read.readers import MAX_BYTES, corpus_files, read_document, utf8_copy
from rrp_graph.read.text import SourceText
from rrp_graph.workspace import locate, writable_corpus


@dataclass(frozen=True)
class Added:
    """One ingested file and what it was found to be."""

    name: str
    title: str
    slug: str
    new_region: bool
    statements: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestResult:
    added: list[Added]
    summary: BuildSummary


def check_files(files: list[Path], corpus_dir: Path, *, max_bytes: int = MAX_BYTES) -> list[Added]:
    """Everything that can go wrong with the new files, found before anything is written.

    Raises DocumentError naming the first bad file: unreadable, of no plan structure, of no region,
    or a duplicate (same text, or the same document: region, unit, kind, period, year, edition) of a corpus
    document or of another new file.
    """
    corpus_dir = Path(corpus_dir)
    existing_paths = corpus_files(corpus_dir) if corpus_dir.is_dir() and any(corpus_dir.iterdir()) else []
    existing_names = {p.name for p in existing_paths}
    seen_names: set[str] = set()
    for path in files:
        if not Path(path).is_file():
            raise DocumentError(Path(path).name, f"no such file: {path}")
        name = Path(path).name
        if name in seen_names:
            raise DocumentError(name, "given twice")
        seen_names.add(name)
        if name in existing_names:
            same = (corpus_dir / name).read_bytes() in _stored_forms(Path(path))
            raise DocumentError(name, "already in the corpus" if same
                                else f"a different file of that name is already in the corpus ({corpus_dir})")
    new = [read_document(Path(path), max_bytes=max_bytes) for path in files]
    old = [read_document(path) for path in existing_paths]
    infos = complete_periods([identify(source) for source in old + new], [source.text for source in old + new])
    old_infos, new_infos = infos[: len(old)], infos[len(old):]
    _refuse_duplicates(old, old_infos, new, new_infos)
    check_unique(old + new, infos)
    gazetteer, lexicon = Gazetteer.load(), Lexicon.load()
    regions = {info.region for info in old_infos}
    added = []
    for path, source, info in zip(files, new, new_infos, strict=True):
        document = extract_document(source, info, gazetteer, lexicon, [])
        warnings = source.warnings
        if warnings and len(_stored_forms(Path(path))) == 2:
            warnings = (*warnings, f"{source.name}: stored in the corpus as UTF-8, so later builds read it as is")
        added.append(Added(source.name, info.title, info.slug, info.region not in regions,
                           len(document.statements), warnings))
        regions.add(info.region)
    return added


def _stored_forms(path: Path) -> tuple[bytes, ...]:
    """What the corpus keeps of a file (text formats in UTF-8: see rrp_graph.read.readers.utf8_copy), then the
    file's own bytes."""
    data = path.read_bytes()
    try:
        converted = utf8_copy(data, path.suffix, path.name)
    except DocumentError:
        converted = None
    return (converted, data) if converted is not None else (data,)


def _refuse_duplicates(old: list[SourceText], old_infos: list[DocumentInfo], new: list[SourceText],
                       new_infos: list[DocumentInfo]) -> None:
    """A new file that repeats a corpus document is named as the culprit, whatever the file names' order."""
    by_hash = {source.sha256: (source.name, False) for source in old}
    seen: DocumentIndex[tuple[str, bool]] = DocumentIndex()  # -> (file name, given in this ingest)
    for source, info in zip(old, old_infos, strict=True):
        seen.add(info, (source.name, False))
    for source, info in zip(new, new_infos, strict=True):
        if source.sha256 in by_hash:
            other, given = by_hash[source.sha256]
            raise DocumentError(source.name, f"the same text as {other}, given twice in this ingest" if given
                                else f"the same text as {other}, already in the corpus")
        if found := seen.find(info):
            other, given = found[1]
            if given:
                raise DocumentError(source.name, f"the same document as {other} ({info.described}), "
                                                 f"given twice in this ingest: give one of them")
            raise DocumentError(source.name, f"the same document as {other}, already in the corpus "
                                             f"({info.described}); remove that file first to replace it, or say "
                                             f"on its title page that it is a revised edition")
        by_hash[source.sha256] = (source.name, True)
        seen.add(info, (source.name, True))


def ingest(files: list[Path], corpus_dir: Path | None = None, build_dir: Path | None = None, *,
           max_bytes: int = MAX_BYTES) -> IngestResult:
    """Check the files, copy them into the corpus folder and rebuild the graph; on any failure change nothing.

    Default corpus and build: the workspace's (see rrp_graph.workspace). The bundled sample plans, and
    anything inside the installed package, are never written to.
    """
    location = locate(build_dir=build_dir, corpus=corpus_dir)
    corpus_dir, build_dir = writable_corpus(location.corpus), location.build_dir
    added = check_files(files, corpus_dir, max_bytes=max_bytes)
    created = not corpus_dir.exists()
    copied: list[Path] = []
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        for path in files:
            target = corpus_dir / Path(path).name
            write_bytes_atomic(target, _stored_forms(Path(path))[0])
            copied.append(target)
        summary = build(corpus_dir, build_dir)
    except BaseException:
        for target in copied:
            target.unlink(missing_ok=True)
        if created and corpus_dir.is_dir() and not any(corpus_dir.iterdir()):
            corpus_dir.rmdir()
        raise
    return IngestResult(added=added, summary=summary)
