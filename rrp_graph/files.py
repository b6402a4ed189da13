"""Files: output written safely (whole or not at all), and the curated CSV data read with one clear error."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rrp_graph.errors import RrpError


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text to a temporary sibling, then rename it over `path`: a reader never sees half a file."""
    write_bytes_atomic(path, text.encode("utf-8"))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    if path.is_dir():
        raise RrpError(f"{path}: is a folder, not a file")
    if not path.parent.exists():
        raise RrpError(f"{path}: its folder {path.parent} does not exist")
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an exported file should be as readable as any
        os.replace(tmp, path)
    except OSError as exc:
        if "tmp" in locals() and os.path.exists(tmp):
            os.unlink(tmp)
        raise RrpError(f"{path}: cannot write ({exc.strerror or exc})") from None


def read_csv(path: Path, what: str) -> list[dict[str, str]]:
    """The rows of a curated CSV file (gazetteer, lexicon, rules) with stripped values; a one-line error naming
    the file and `what` it holds when it cannot be read."""
    import csv

    from rrp_graph.errors import CorpusError

    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(handle)]
    except (OSError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: cannot read the {what} ({getattr(exc, 'strerror', None) or exc})") from None
