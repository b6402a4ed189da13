"""Faults: every one is a one-line error, and a rebuild is invisible to readers.

Item by item: bad --timeout values; damaged stores, manifests and graph files; rebuilds under running
queries; builds killed half-way (SIGINT, SIGKILL) at random points; what killed builds leave; documents
too large for one literal; UTF-16/UTF-32 and cp1252 text at ingest; duplicates within one ingest; long
parameter values in messages; a SPARQL server answering the push's count in the wrong shape.
"""

from __future__ import annotations

import gc
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.errors import BuildError
from rrp_graph.graph.builder import build
from rrp_graph.graph.store import CURRENT, VERSIONS, open_build, read_manifest, remove_stale_temporaries
from rrp_graph.query import catalogue as queries
from rrp_graph.query.engine import open_engine
from rrp_graph.read.readers import read_document
from rrp_graph.resources import sample_plans

pytestmark = pytest.mark.faults

runner = CliRunner()
PLAN = sample_plans() / "east-midlands-annual-update-2023.txt"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("RRP_")}


def _rrp(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rrp_graph", *args], capture_output=True, text=True, cwd=cwd,
                          env=_env(), timeout=300)


def _build_process(corpus: Path, build_dir: Path, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "rrp_graph", "build", "--corpus", str(corpus), "--build-dir",
                             str(build_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd,
                            env=_env())


def _site(tmp_path: Path, plans: list[str] | None = None) -> tuple[Path, Path]:
    """A corpus folder (a copy of the sample plans, or the ones named) and its build."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in sample_plans().iterdir():
        if path.suffix == ".txt" and (plans is None or path.name in plans):
            shutil.copy2(path, corpus / path.name)
    build(corpus, tmp_path / "build")
    return corpus, tmp_path / "build"


def _regions_csv(build_dir: Path, cwd: Path) -> str:
    done = _rrp("query", "regions", "--format", "csv", "--build-dir", str(build_dir), cwd=cwd)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _one_line_error(result, start: str) -> None:
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(start), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output, result.stderr


def _versions(build_dir: Path) -> list[str]:
    return sorted(p.name for p in (build_dir / VERSIONS).iterdir())


# --- 1. --timeout --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["nan", "inf", "1e10", "0", "-1", "3600.5"])
def test_a_timeout_that_is_not_a_sensible_number_of_seconds_is_one_line(value: str, build_dir: Path):
    result = runner.invoke(app, ["query", "regions", "--timeout", value, "--build-dir", str(build_dir)])
    _one_line_error(result, "Error: --timeout: must be a positive number of seconds, at most 3600, not ")


# --- 2. damaged builds ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the sample plans that the damage tests copy (links kept) before they break the copy."""
    root = tmp_path_factory.mktemp("pristine")
    _site(root)
    return root / "build"


@pytest.fixture
def copy(pristine: Path, tmp_path: Path) -> Path:
    target = tmp_path / "build"
    shutil.copytree(pristine, target, symlinks=True)
    return target


def _store_files(build_dir: Path) -> list[Path]:
    return sorted((build_dir / CURRENT / "oxigraph").glob("*.sst"), key=lambda p: p.stat().st_size)


def _flip(path: Path, seed: int, *, keep_time: bool = False, flips: int = 3, middle: bool = False) -> None:
    status = path.stat()
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for _ in range(flips):
        at = len(data) // 2 if middle else rng.randrange(len(data))
        data[at] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    if keep_time:
        os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))


DAMAGE = {
    "flipped bits in the largest store file": lambda b: _flip(_store_files(b)[-1], 1),
    "flipped bits in every store file": lambda b: [_flip(p, n) for n, p in enumerate(_store_files(b))],
    "flipped bits, modification time kept": lambda b: _flip(_store_files(b)[0], 2, keep_time=True, flips=1,
                                                             middle=True),
    "a truncated store file": lambda b: os.truncate(_store_files(b)[-1], _store_files(b)[-1].stat().st_size // 2),
    "an emptied store file": lambda b: os.truncate(_store_files(b)[0], 0),
    "a missing store file": lambda b: _store_files(b)[1].unlink(),
    "a truncated store MANIFEST": lambda b: [os.truncate(p, p.stat().st_size // 2)
                                            for p in (b / CURRENT / "oxigraph").glob("MANIFEST-*")],
    "a damaged CURRENT file of the store": lambda b: (b / CURRENT / "oxigraph" / "CURRENT").write_bytes(b"xx"),
    "a manifest that is a list": lambda b: (b / CURRENT / "manifest.json").write_text("[1, 2]\n"),
    "a manifest with a number for its corpus": lambda b: _edit_manifest(b, corpus=5),
    "a manifest with files as a list": lambda b: _edit_manifest(b, files=["a.txt"]),
    "a manifest without triples": lambda b: _edit_manifest(b, triples=None),
    "a manifest that is not JSON": lambda b: (b / CURRENT / "manifest.json").write_text("{not json"),
    "a graph.nt with a line added": lambda b: (b / CURRENT / "graph.nt").open("a").write("garbage <x\n"),
    "a truncated graph.nt": lambda b: os.truncate(b / CURRENT / "graph.nt", 1000),
    "a current link to nowhere": lambda b: _relink(b, f"{VERSIONS}/20990101-000000-1-abcdef"),
}


def _edit_manifest(build_dir: Path, **changes) -> None:
    path = build_dir / CURRENT / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is None:
            del manifest[key]
        else:
            manifest[key] = value
    path.write_text(json.dumps(manifest), encoding="utf-8")


def _relink(build_dir: Path, target: str) -> None:
    (build_dir / CURRENT).unlink()
    os.symlink(target, build_dir / CURRENT)


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_build_is_one_clean_error_from_every_command(damage: str, copy: Path, tmp_path: Path):
    DAMAGE[damage](copy)
    expected = f"Error: {copy}: the build is damaged ("
    for command in (["query", "regions"], ["stats"], ["export", "-o", str(tmp_path / "out.ttl")],
                    ["view", "metrics", "partner-pathway"]):
        result = runner.invoke(app, [*command, "--build-dir", str(copy)])
        _one_line_error(result, expected)
        assert result.stderr.endswith("): run rrp build\n"), result.stderr
    assert not (tmp_path / "out.ttl").exists()


def test_a_graph_nt_damaged_in_place_is_caught_where_it_is_read(copy: Path):
    """Same size, same modification time: the quick check cannot see it; its checksum can, on loading it."""
    _flip(copy / CURRENT / "graph.nt", 3, keep_time=True, flips=1)
    expected = f"Error: {copy}: the build is damaged (graph.nt does not match its checksum): run rrp build\n"
    for command in (["validate"], ["query", "regions", "--engine", "rdflib"]):
        result = runner.invoke(app, [*command, "--build-dir", str(copy)])
        assert (result.exit_code, result.stderr) == (1, expected)
    from rrp_graph.share.push import graph_lines

    with pytest.raises(BuildError, match="graph.nt does not match its checksum"):
        graph_lines(copy)


def test_store_corruption_found_while_querying_is_the_damaged_build_error(copy: Path):
    engine = open_engine(copy)

    class Corrupt:
        def query(self, text):
            raise RuntimeError("Corruption: block checksum mismatch: stored = 1, computed = 2 in "
                               f"{engine.version.path}/oxigraph/000011.sst offset 4 size 9")

    engine.store = Corrupt()
    with pytest.raises(BuildError) as caught:
        queries.run_query(queries.get("regions"), engine)
    assert str(caught.value) == (f"{copy}: the build is damaged (the Oxigraph store: Corruption: block checksum "
                                 "mismatch: stored = 1, computed = 2 in oxigraph/000011.sst offset 4 size 9): "
                                 "run rrp build")


def test_a_copied_build_still_answers(pristine: Path, tmp_path: Path):
    """Copied following links (shutil.copytree's default, Windows copies): `current` becomes a folder; copied
    with new modification times (cp -r): the files are hashed instead of trusted by time."""
    expected = queries.run_query(queries.get("regions"), open_engine(pristine)).rows
    followed = tmp_path / "followed"
    shutil.copytree(pristine, followed)
    assert (followed / CURRENT).is_dir() and not (followed / CURRENT).is_symlink()
    assert queries.run_query(queries.get("regions"), open_engine(followed)).rows == expected
    retimed = tmp_path / "retimed"
    shutil.copytree(pristine, retimed, symlinks=True, copy_function=shutil.copy)
    assert queries.run_query(queries.get("regions"), open_engine(retimed)).rows == expected


# --- 3. rebuilds are invisible to readers --------------------------------------------------------


def test_queries_running_while_the_build_is_replaced_all_see_one_whole_build(tmp_path: Path):
    corpus, build_dir = _site(tmp_path)
    query = queries.get("regions")
    expected = queries.run_query(query, open_engine(build_dir)).rows
    held = open_engine(build_dir)  # opened before the rebuilds, used after them
    stop, answers, errors = threading.Event(), [], []

    def ask() -> None:
        while not stop.is_set():
            try:
                answers.append(queries.run_query(query, open_engine(build_dir)).rows)
            except Exception as exc:  # every failure is a finding
                errors.append(f"{type(exc).__name__}: {exc}")

    reader = threading.Thread(target=ask, daemon=True)
    reader.start()
    try:
        for _ in range(3):
            process = _build_process(corpus, build_dir, tmp_path)
            assert process.wait(timeout=300) == 0
    finally:
        stop.set()
        reader.join(60)
    assert not errors, errors[:3]
    assert len(answers) >= 20, len(answers)
    assert all(rows == expected for rows in answers)
    assert queries.run_query(query, held).rows == expected  # its version was kept for it
    kept = held.version.path.name
    assert f"{kept}.lock" in _versions(build_dir)
    del held
    gc.collect()
    build(corpus, build_dir)  # no reader holds the old versions now: only the new one is left
    assert _versions(build_dir) == sorted([os.readlink(build_dir / CURRENT).split("/")[1],
                                           os.readlink(build_dir / CURRENT).split("/")[1] + ".lock"])


def test_the_paths_users_know_follow_the_current_build(tmp_path: Path):
    _, build_dir = _site(tmp_path)
    for name in ("graph.ttl", "graph.nt", "manifest.json"):
        assert (build_dir / name).is_file() and (build_dir / name).is_symlink()
    assert (build_dir / "text" / "east-midlands-annual-update-2023.txt").is_file()
    assert (build_dir / "oxigraph").is_dir()
    with open_build(build_dir) as version:
        assert (build_dir / "graph.nt").resolve() == (version.path / "graph.nt").resolve()


# --- 9. builds killed at random points -----------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_build_killed_at_any_point_leaves_the_previous_one_answering(sig: signal.Signals, tmp_path: Path):
    corpus, build_dir = _site(tmp_path)
    expected = _regions_csv(build_dir, tmp_path)
    started = time.perf_counter()
    assert _build_process(corpus, build_dir, tmp_path).wait(timeout=300) == 0
    duration = time.perf_counter() - started
    seeds = range(4)
    for seed in seeds:  # one kill in each quarter of a build's run, at a random point within it
        delay = duration * (seed + random.Random(f"{seed}-{sig.name}").random()) / len(seeds)
        process = _build_process(corpus, build_dir, tmp_path)
        time.sleep(delay)
        process.send_signal(sig)
        process.wait(timeout=300)
        assert _regions_csv(build_dir, tmp_path) == expected, f"after {sig.name} at {delay:.2f} s"
        with open_build(build_dir) as version:
            version.check(full=True)  # every checksum still matches
    # Leftovers of the killed builds go at the next build.
    build(corpus, build_dir)
    current = os.readlink(build_dir / CURRENT).split("/")[1]
    assert _versions(build_dir) == [current, f"{current}.lock"]
    assert not [p for p in build_dir.iterdir() if ".tmp-" in p.name]
    assert _regions_csv(build_dir, tmp_path) == expected


# --- 4. what killed builds leave ----------------------------------------------------------------


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_temporary_folders_of_dead_builds_are_removed_at_the_next_build(tmp_path: Path):
    corpus, build_dir = _site(tmp_path, ["north-east-annual-update-2023.txt"])
    dead, alive = _dead_pid(), os.getpid()
    leftovers = [tmp_path / f".build.tmp-{dead}", tmp_path / f".build.old-{dead}",
                 build_dir / VERSIONS / f".trash-{dead}-abc123"]
    for folder in leftovers:
        (folder / "oxigraph").mkdir(parents=True)
        (folder / "graph.nt").write_text("<a> <b> <c> .\n")
    os.symlink("versions/x", build_dir / f".current.tmp-{dead}")
    ours = tmp_path / f".build.tmp-{alive}"  # a build still running (this process) is left alone
    ours.mkdir()
    unrelated = tmp_path / f".other.tmp-{dead}"
    unrelated.mkdir()
    abandoned = build_dir / VERSIONS / "20200101-000000-1-abcdef"  # a version a killed build was writing
    (abandoned / "oxigraph").mkdir(parents=True)
    build(corpus, build_dir)
    assert not any(p.exists() or p.is_symlink() for p in [*leftovers, build_dir / f".current.tmp-{dead}", abandoned])
    assert ours.is_dir() and unrelated.is_dir()
    assert remove_stale_temporaries(build_dir) == []


def test_gitignore_covers_the_temporary_folders():
    ignored = (Path(__file__).parent.parent / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert ".*.tmp-[0-9]*" in ignored and ".*.old-[0-9]*" in ignored


# --- 5. large documents --------------------------------------------------------------------------


def test_a_20_mb_plan_is_refused_up_front_with_its_size(tmp_path: Path):
    corpus, build_dir = _site(tmp_path, ["north-east-annual-update-2023.txt"])
    padding = ("This paragraph pads the plan with words about partners, probation and accommodation. " * 4
               + "\n\n") * 60_000
    big = tmp_path / "incoming" / "east-midlands-padded.txt"
    big.parent.mkdir()
    big.write_text(PLAN.read_text(encoding="utf-8") + "\n\n" + padding, encoding="utf-8")
    assert big.stat().st_size > 20_000_000
    before = read_manifest(build_dir)
    started = time.perf_counter()
    result = runner.invoke(app, ["ingest", str(big), "--corpus", str(corpus), "--build-dir", str(build_dir)])
    _one_line_error(result, "Error: east-midlands-padded.txt: its text is 20,")
    assert "characters, over the 1,000,000-character limit for one plan" in result.stderr
    assert time.perf_counter() - started < 30
    assert read_manifest(build_dir) == before and not (corpus / big.name).exists()
    shutil.copy(big, corpus)
    result = runner.invoke(app, ["build", "--corpus", str(corpus), "--build-dir", str(build_dir)])
    _one_line_error(result, "Error: east-midlands-padded.txt: its text is 20,")


def test_no_n_triples_line_reaches_oxigraphs_line_limit():
    from rrp_graph.graph.builder import MAX_LINE_BYTES, check_line_lengths
    from rrp_graph.read.readers import MAX_TEXT_CHARS

    assert MAX_TEXT_CHARS * 4 + 1000 < MAX_LINE_BYTES  # the longest literal, 4 UTF-8 bytes a character
    with pytest.raises(BuildError, match="over the 16,776,192-byte line limit"):
        check_line_lengths(['<a> <b> "' + "x" * MAX_LINE_BYTES + '" .\n'])


# --- 6. encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_read_as_utf8_does(encoding: str, tmp_path: Path):
    text = PLAN.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):  # -be/-le codecs write no mark
        data = ("\ufeff" + text).encode(encoding)
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    source = read_document(path)
    assert source.text == read_document(PLAN).text and source.warnings == ()


def test_a_cp1252_plan_is_warned_about_once_at_ingest_and_stored_as_utf8(tmp_path: Path):
    corpus, build_dir = _site(tmp_path, ["south-west-annual-update-2023.txt", "west-midlands-plan-2022-25.txt"])
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    windows = incoming / "east-midlands.txt"
    windows.write_bytes(PLAN.read_text(encoding="utf-8").encode("cp1252"))
    unicode16 = incoming / "north-east.txt"
    unicode16.write_bytes((sample_plans() / "north-east-annual-update-2023.txt").read_text(encoding="utf-8")
                          .encode("utf-16"))
    first = runner.invoke(app, ["ingest", str(windows), "--corpus", str(corpus), "--build-dir", str(build_dir)])
    assert first.exit_code == 0, first.output
    assert first.stderr.count("not UTF-8; read as Windows-1252 (cp1252)") == 1
    assert "east-midlands.txt: stored in the corpus as UTF-8" in first.stderr
    assert (corpus / "east-midlands.txt").read_text(encoding="utf-8") == PLAN.read_text(encoding="utf-8")
    second = runner.invoke(app, ["ingest", str(unicode16), "--corpus", str(corpus), "--build-dir", str(build_dir)])
    assert second.exit_code == 0, second.output
    assert "cp1252" not in second.stderr and "binary" not in second.stderr
    assert (corpus / "north-east.txt").read_text(encoding="utf-8") == unicode16.read_text(encoding="utf-16")
    assert read_manifest(build_dir)["documents"]["north-east.txt"] == "north-east-annual-update-2023"


# --- 7. messages that name the right thing, briefly ----------------------------------------------


def test_two_new_files_for_one_region_and_year_name_each_other(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(sample_plans() / "north-east-annual-update-2023.txt", corpus)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    shutil.copy(PLAN, incoming / "a-east-midlands.txt")
    (incoming / "b-east-midlands.txt").write_bytes(PLAN.read_bytes().replace(b"We are excited", b"We are thrilled"))
    result = runner.invoke(app, ["ingest", str(incoming / "a-east-midlands.txt"), str(incoming / "b-east-midlands.txt"),
                                 "--corpus", str(corpus), "--build-dir", str(tmp_path / "build")])
    _one_line_error(result, "Error: b-east-midlands.txt: the same document as a-east-midlands.txt (")
    assert "given twice in this ingest" in result.stderr and "already in the corpus" not in result.stderr
    shutil.copy(PLAN, incoming / "c-east-midlands.txt")
    result = runner.invoke(app, ["ingest", str(incoming / "a-east-midlands.txt"), str(incoming / "c-east-midlands.txt"),
                                 "--corpus", str(corpus), "--build-dir", str(tmp_path / "build")])
    _one_line_error(result, "Error: c-east-midlands.txt: the same text as a-east-midlands.txt, given twice in this "
                            "ingest\n")


@pytest.mark.parametrize("param", ["region=" + "x" * 100_000, "y" * 100_000, "include_shared=" + "z" * 100_000])
def test_a_100000_character_parameter_is_not_echoed_whole(param: str, build_dir: Path):
    result = runner.invoke(app, ["query", "partners-by-pathway", "--param", param, "--build-dir", str(build_dir)])
    _one_line_error(result, "Error: ")
    assert len(result.stderr) < 400 and "(100,00" in result.stderr, result.stderr


# --- 8. push checks the server's answers ---------------------------------------------------------


COUNT_ANSWERS = {
    "a word for a count": {"head": {"vars": ["triples"]},
                           "results": {"bindings": [{"triples": {"type": "literal", "value": "many"}}]}},
    "vars as a string": {"head": {"vars": "triples"}, "results": {"bindings": []}},
    "no results": {"head": {"vars": ["triples"]}},
    "a list": [],
    "a boolean": {"boolean": True},
    "a number for a value": {"head": {"vars": ["triples"]}, "results": {"bindings": [{"triples": {"value": 7}}]}},
    "two rows": {"head": {"vars": ["triples"]}, "results": {"bindings": [
        {"triples": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}] * 2}},
    "bindings of strings": {"head": {"vars": ["triples"]}, "results": {"bindings": ["1"]}},
}


class _Shapeless(BaseHTTPRequestHandler):
    answer: bytes = b"{}"

    def log_message(self, *args) -> None:
        pass

    def _read(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_PUT(self) -> None:
        self._read()
        self.send_response(204)
        self.end_headers()

    def do_POST(self) -> None:
        self._read()
        if self.path.startswith("/store"):
            self.send_response(204)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(self.answer)))
        self.end_headers()
        self.wfile.write(self.answer)


@pytest.mark.parametrize("shape", list(COUNT_ANSWERS))
def test_push_checks_the_shape_of_the_servers_count(shape: str, build_dir: Path):
    handler = type("Handler", (_Shapeless,), {"answer": json.dumps(COUNT_ANSWERS[shape]).encode()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        result = runner.invoke(app, ["push", "--store", f"{url}/store", "--endpoint", f"{url}/query",
                                     "--graph", "https://example.org/g", "--build-dir", str(build_dir)])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    progress, error = result.stderr.splitlines()[:-1], result.stderr.splitlines()[-1]
    assert all(line.startswith("  sent ") for line in progress), result.stderr
    assert error.startswith(f"Error: {url}/query: "), error
