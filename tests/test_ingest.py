"""Ingesting plans as they are published: formats, PDF oddities, messy text, regions, editions, bad input.

The PDF, Word and HTML fixtures in tests/fixtures/ingest/ are made from
data/plans/east-midlands-annual-update-2023.txt by tests/fixtures/make_fixtures.py.
"""

from __future__ import annotations

import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.errors import RrpError
from rrp_graph.extract.corpus import Document, clean_text, extract
from rrp_graph.extract.document import REGIONS, identify
from rrp_graph.extract.parse import parse
from rrp_graph.graph.builder import build
from rrp_graph.graph.store import load_graph
from rrp_graph.read.pdflayout import join_lines, lines_from_text, text_from_lines
from rrp_graph.read.readers import read_document
from rrp_graph.read.text import SourceText
from rrp_graph.resources import sample_plans

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PLAN = sample_plans() / "east-midlands-annual-update-2023.txt"
runner = CliRunner()


def _single(path: Path, tmp_path: Path, name: str | None = None) -> Document:
    folder = tmp_path / f"one-{path.suffix[1:]}-{name or path.name}"
    folder.mkdir()
    shutil.copy(path, folder / (name or path.name))
    return extract(folder).documents[0]


def _statements(document: Document) -> Counter:
    return Counter((s.passage.theme, s.kind, s.text) for s in document.statements)


def _targets(document: Document) -> list[tuple]:
    return sorted((s.target.metric, s.target.direction, s.target.baseline, s.target.baseline_date, s.target.change,
                   s.target.target, s.target.deadline) for s in document.statements if s.target)


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return _single(PLAN, tmp_path_factory.mktemp("plain"))


# --- one plan, four formats ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["east-midlands-2023.pdf", "east-midlands-2023.docx", "east-midlands-2023.html"])
def test_every_format_gives_the_same_targets_and_statements(name: str, plain: Document, tmp_path: Path):
    document = _single(FIXTURES / name, tmp_path)
    assert document.info == plain.info
    assert len(_targets(document)) == 5 and _targets(document) == _targets(plain)
    assert _statements(document) == _statements(plain), (
        f"only in the text: {_statements(plain) - _statements(document)}\n"
        f"only in {name}: {_statements(document) - _statements(plain)}")
    assert [(p.name, p.role) for p in document.people] == [(p.name, p.role) for p in plain.people]


@pytest.mark.parametrize("name", ["east-midlands-2023.pdf", "east-midlands-2023.docx", "east-midlands-2023.html"])
def test_offsets_refer_to_the_normalised_text(name: str, tmp_path: Path):
    document = _single(FIXTURES / name, tmp_path)
    text = document.source.text
    assert document.source.text == read_document(FIXTURES / name).text
    for statement in document.statements:
        assert clean_text(text[statement.passage.start:statement.passage.end]) == statement.text


def test_the_build_stores_the_normalised_text(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(FIXTURES / "east-midlands-2023.docx", corpus)
    build(corpus, tmp_path / "build")
    stored = (tmp_path / "build" / "text" / "east-midlands-annual-update-2023.txt").read_text(encoding="utf-8")
    assert stored == read_document(FIXTURES / "east-midlands-2023.docx").text
    assert "Regional targets\n\n• By April 2024, East Midlands will increase" in stored


def test_html_skips_navigation_contents_and_footer():
    text = read_document(FIXTURES / "east-midlands-2023.html").text
    for chrome in ("Skip to main content", "Cookies on GOV.UK", "Topics", "Crime, justice and law", "Print this page",
                   "Open Government Licence", "Contents"):
        assert chrome not in text
    assert text.startswith("Policy paper\n\n"
                           "East Midlands Reducing Reoffending Plan 2022 to 2025: Annual Update 2023\n\nForeword\n")


def test_docx_bullets_come_from_list_styles_and_numbering():
    text = read_document(FIXTURES / "east-midlands-2023.docx").text
    assert "• launch of the Community Accommodation Service Tier 3" in text  # numPr on a Normal paragraph
    assert "• Co-commission with local authorities" in text  # "List Bullet" style
    assert "Martin Davies, Regional Probation Director and\nMark Livingston" in text  # a manual line break


# --- what PDF extraction produces ---------------------------------------------------------------


def test_pdf_fixture_is_realistic_and_comes_out_clean():
    import pdfplumber

    with pdfplumber.open(FIXTURES / "east-midlands-2023.pdf") as pdf:
        raw = "\n".join(page.extract_text() for page in pdf.pages)
        ligatures = sum(c["text"] in "\ufb01\ufb02" for page in pdf.pages for c in page.chars)
    assert "\uf0b7" in raw and ligatures > 0
    assert "Family, accommodation and\nreadjustment to society progress" in raw  # a heading over two lines
    assert "co-\ncommission" in raw.lower() and "\n8\n" in raw  # words broken at line ends; page numbers
    text = read_document(FIXTURES / "east-midlands-2023.pdf").text
    assert "\nFamily, accommodation and readjustment to society progress\n" in text
    assert "\uf0b7" not in text and "Annual Update 2023\n" not in text.split("Foreword", 1)[1]
    assert "Co-Financing Organisation" in text and "co-commission" in text and "curriculum" in text


def _pdf_text(text: str) -> str:
    return text_from_lines(lines_from_text(text))


@pytest.mark.parametrize("marker", ["•", "\uf0b7", "(cid:127)", "▪"])
def test_bullet_markers_become_one_marker(marker: str):
    assert _pdf_text(f"We said we would:\n\n{marker} Do one thing.\n{marker} Do another.\n") == (
        "We said we would:\n\n• Do one thing.\n• Do another.\n")


def test_markers_printed_before_their_texts_are_paired():
    text = ("Targets\n\n•\n•\n•\nIncrease referrals to the hubs\nfor those in need.\nDeliver a strategy.\n"
            "Embed boards.\n")
    assert _pdf_text(text) == ("Targets\n\n• Increase referrals to the hubs for those in need.\n"
                               "• Deliver a strategy.\n• Embed boards.\n")


def test_words_hyphenated_across_lines_are_mended():
    vocabulary = Counter({"co-commissioning": 2, "accommodation": 3})
    assert join_lines("secure accom-", "modation on release", vocabulary) == "secure accommodation on release"
    assert join_lines("we will co-", "commissioning services", vocabulary) == "we will co-commissioning services"
    assert join_lines("to Co-", "Financing Organisation", Counter()) == "to Co-Financing Organisation"
    assert join_lines("a soft\u00ad", "hyphen", Counter()) == "a softhyphen"
    assert _pdf_text("Work with partners to provide accom-\nmodation for all.\n") == (
        "Work with partners to provide accommodation for all.\n")


def test_ligatures_become_letters(tmp_path: Path):
    path = tmp_path / "ligatures.txt"
    path.write_text("Foreword\n\nThe \ufb01nance and bene\ufb01t service \ufb02ourished.\n", encoding="utf-8")
    assert "The finance and benefit service flourished." in read_document(path).text


def test_page_headers_footers_and_numbers_are_dropped():
    pages = [f"Wales Reducing Reoffending Plan\nParagraph {n} of the body text.\nPage {n} of 3" for n in (1, 2, 3)]
    assert _pdf_text("\f".join(pages)) == (
        "Paragraph 1 of the body text.\n\nParagraph 2 of the body text.\n\nParagraph 3 of the body text.\n")


def test_a_repeated_heading_atop_two_pages_is_kept():
    pages = ["Drugs and alcohol addiction progress\n\nText one.\n\n4",
             "Drugs and alcohol addiction progress\n\nText two.\n\n5"]
    assert _pdf_text("\f".join(pages)).count("Drugs and alcohol addiction progress") == 2


def test_a_paragraph_over_a_page_break_is_one_paragraph():
    pages = ["Header\nIntroduction.\n2", "Header\nWe will work with partners across the\nregion and\n3",
             "Header\nwith employers to find work.\n4"]
    assert "We will work with partners across the region and with employers to find work." in _pdf_text(
        "\f".join(pages))


def test_a_heading_wrapped_over_two_lines_is_a_heading():
    text = ("Foreword\n\nWelcome.\n\nFamily, accommodation and\nreadjustment to society progress\n\n"
            "We said we would:\n\n- Work with NACRO.\n")
    passage = parse(text).passages[-1]
    assert (passage.theme, passage.kind) == ("family", "commitment")


def test_two_column_pages_are_read_column_by_column():
    text = read_document(FIXTURES / "two-columns.pdf").text
    paragraphs = text.strip().split("\n\n")
    assert paragraphs[0] == "Opportunities for the next year"
    assert [p.split(" column ")[0] + " " + p.split()[3] for p in paragraphs[1:]] == [
        "The left starts", "The left goes", "The right starts", "The right goes"]
    assert all(p.endswith(".") for p in paragraphs[1:])


# --- messy text -----------------------------------------------------------------------------------


def _messy(text: str) -> str:
    """The plan as a careless export: CRLF, capital headings, other bullets, odd spaces, U+2028."""
    text = text.replace("\nRegional targets\n", "\nREGIONAL TARGETS\n").replace("\nForeword\n", "\nFOREWORD\n")
    text = text.replace("\n- By April", "\n* By April").replace("\n- Increase", "\n– Increase")
    text = text.replace("East Midlands Region", "East\u00a0Midlands\u00a0Region")
    text = text.replace("We are excited to share", "We are excited\u2028to share")
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize(("encoding", "warned"), [("utf-8", False), ("utf-8-sig", False), ("cp1252", True)])
def test_messy_text_gives_the_same_statements(encoding: str, warned: bool, plain: Document, tmp_path: Path):
    path = tmp_path / "messy.txt"
    messy = _messy(PLAN.read_text(encoding="utf-8"))
    if encoding == "cp1252":  # cp1252 has no U+2028: a Windows export would not hold one
        messy = messy.replace("\u2028", "\r\n")
    path.write_bytes(messy.encode(encoding))
    source = read_document(path)
    assert "\r" not in source.text and "\u00a0" not in source.text and "\ufeff" not in source.text
    assert "“Reducing reoffending remains" in source.text  # smart quotes decoded as quotes, not C1 controls
    assert bool(source.warnings) == warned
    if warned:
        assert "cp1252" in source.warnings[0]
    document = _single(path, tmp_path)
    assert document.info == plain.info
    assert _targets(document) == _targets(plain)
    assert _statements(document) == _statements(plain)


def test_cp1252_warning_reaches_the_build_output(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_bytes(PLAN.read_text(encoding="utf-8").encode("cp1252"))
    result = runner.invoke(app, ["build", "--corpus", str(corpus), "--build-dir", str(tmp_path / "b")])
    assert result.exit_code == 0
    assert "Warning: plan.txt: not UTF-8; read as Windows-1252 (cp1252)" in result.stderr


# --- regions and editions -------------------------------------------------------------------------


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_every_region_kind_period_and_year_is_found(region: str):
    spelling = REGIONS[region][-1]
    text = f"HM Prison &\nProbation Service\n\n{spelling.upper()}\n\nReducing Reoffending Plan 2022 to 2025\n\n" \
           f"Annual Update 2024\n\nForeword\n\nWe work across England and Wales.\n"
    info = identify(SourceText("x.txt", text, "0"))
    assert (info.region, info.kind, info.period, info.year) == (region, "annual-update", "2022-25", 2024)


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_a_document_with_no_title_block_takes_its_region_from_the_body(region: str):
    spelling = REGIONS[region][0]
    text = (f"Foreword\n\nWelcome to the {spelling} Regional Reducing Reoffending Plan annual update. "
            f"Across {spelling}, and with partners in England and Wales, we continue.\n\nRegional targets\n\n"
            f"- By April 2025, {spelling} will increase the proportion housed on the night after release "
            f"by 5 percentage points from 80% in March 2024.\n")
    info = identify(SourceText("x.txt", text, "0"))
    assert (info.region, info.kind, info.year) == (region, "annual-update", 2024)
    assert any("no title page" in note for note in info.notes)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled corpus and its build, made once; tests copy it."""
    root = tmp_path_factory.mktemp("base")
    shutil.copytree(sample_plans(), root / "corpus")
    build(root / "corpus", root / "build")
    return root


@pytest.fixture
def site(base: Path, tmp_path: Path) -> Path:
    shutil.copytree(base / "corpus", tmp_path / "corpus")
    shutil.copytree(base / "build", tmp_path / "build")
    return tmp_path


def _ingest(site: Path, *files: Path, extra: tuple[str, ...] = ()):
    return runner.invoke(app, ["ingest", *map(str, files), "--corpus", str(site / "corpus"),
                               "--build-dir", str(site / "build"), *extra])


WALES_TARGETS = {
    ("employed-weeks", "17", "2024-03", "5", "22", "2025-04"),
    ("employed-months", "31", "2024-03", None, None, None),
    ("housed-night", "81", "2024-03", "9", "90", "2025-04"),
    ("settled-months", "75", "2024-03", "6", "81", "2025-04"),
    ("sexual-offence", "52", "2024-03", "20", "72", "2025-04"),
}


def test_ingesting_a_pdf_for_a_new_region_adds_region_document_and_targets(site: Path):
    result = _ingest(site, FIXTURES / "wales-2024.pdf")
    assert result.exit_code == 0, result.output
    assert ("Added wales-2024.pdf: Wales Reducing Reoffending Plan 2022-25 Annual Update 2024 (new region)"
            in result.output)
    assert "of 6 documents (6 regions" in result.output
    assert (site / "corpus" / "wales-2024.pdf").read_bytes() == (FIXTURES / "wales-2024.pdf").read_bytes()
    graph = load_graph(site / "build")
    rows = graph.query("""
        PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?region ?doc ?metric ?baseline ?date ?change ?target ?deadline WHERE {
          ?r a rrp:Region ; rdfs:label "Wales"@en .
          ?doc a rrp:PlanDocument ; rrp:region ?r ; rrp:year ?year .
          ?t a rrp:QuantifiedTarget ; rrp:inDocument ?doc ; rrp:metric ?metric ; rrp:baselineValue ?baseline .
          OPTIONAL { ?t rrp:baselineDate ?date } OPTIONAL { ?t rrp:changePercentagePoints ?change }
          OPTIONAL { ?t rrp:targetValue ?target } OPTIONAL { ?t rrp:deadline ?deadline }
          BIND(?r AS ?region)
        }""")
    def number(value) -> str | None:
        return None if value is None else f"{Decimal(str(value)).normalize():f}"

    found = set()
    for row in rows:
        assert str(row.region) == "https://w3id.org/rrp-graph/id/region/wales"
        assert str(row.doc) == "https://w3id.org/rrp-graph/id/document/wales-annual-update-2024"
        found.add((str(row.metric).rsplit("/", 1)[1], number(row.baseline), row.date and str(row.date),
                   number(row.change), number(row.target), row.deadline and str(row.deadline)))
    by_metric = {"metric-employed-six-weeks": "employed-weeks", "metric-employed-six-months": "employed-months",
                 "metric-housed-first-night": "housed-night", "metric-settled-accommodation-three-months":
                 "settled-months", "metric-sexual-offence-interventions": "sexual-offence"}
    assert {(by_metric[m], *rest) for m, *rest in found} == WALES_TARGETS
    partners = {str(o) for o in graph.objects(None, graph.namespace_manager.expand_curie("rrp:mentions"))}
    for org in ("welsh-government", "nhs-wales", "public-health-wales", "pcc-dyfed-powys", "pcc-gwent",
                "pcc-north-wales", "pcc-south-wales"):
        assert f"https://w3id.org/rrp-graph/id/org/{org}" in partners


def test_reingesting_the_same_document_changes_nothing(site: Path):
    assert _ingest(site, FIXTURES / "wales-2024.pdf").exit_code == 0
    before = _snapshot(site)
    for path in (FIXTURES / "wales-2024.pdf", site / "corpus" / "wales-2024.pdf"):
        renamed = site.parent / f"copy-of-{path.name}"
        shutil.copy(path, renamed)
        result = _ingest(site, renamed)
        assert result.exit_code == 1
        assert result.stderr == f"Error: {renamed.name}: the same text as wales-2024.pdf, already in the corpus\n"
    assert _ingest(site, FIXTURES / "wales-2024.pdf").stderr == "Error: wales-2024.pdf: already in the corpus\n"
    assert _snapshot(site) == before


def _later_edition(tmp_path: Path) -> Path:
    text = PLAN.read_text(encoding="utf-8").replace("Update\n2023", "Update\n2024")
    text = text.replace("By April 2024", "By April 2025")
    text = text.replace("from 15% in March 2023", "from 18% in March 2024")
    path = tmp_path / "east-midlands-annual-update-2024.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_later_edition_sits_beside_the_earlier_one(site: Path, tmp_path: Path):
    result = _ingest(site, _later_edition(tmp_path))
    assert result.exit_code == 0, result.output
    assert "(new region)" not in result.output
    graph = load_graph(site / "build")
    documents = sorted(str(row.doc).rsplit("/", 1)[1] for row in graph.query("""
        PREFIX rrp: <https://w3id.org/rrp-graph/ontology#>
        SELECT ?doc WHERE {
          ?doc a rrp:PlanDocument ; rrp:region <https://w3id.org/rrp-graph/id/region/east-midlands>
        }"""))
    assert documents == ["east-midlands-annual-update-2023", "east-midlands-annual-update-2024"]


def test_ingest_order_and_file_names_do_not_change_the_graph(base: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the build's time is the only thing meant to differ
    later = _later_edition(tmp_path)
    sites = []
    for order in ((FIXTURES / "wales-2024.pdf", later), (later, FIXTURES / "wales-2024.pdf")):
        site = tmp_path / f"site{len(sites)}"
        shutil.copytree(base / "corpus", site / "corpus")
        for path in order:
            assert _ingest(site, path).exit_code == 0
        sites.append(site)
    assert (sites[0] / "build" / "graph.nt").read_bytes() == (sites[1] / "build" / "graph.nt").read_bytes()
    # Under another file name only dcterms:source differs: every IRI is the same.
    renamed = tmp_path / "renamed"
    shutil.copytree(base / "corpus", renamed / "corpus")
    shutil.copy(FIXTURES / "wales-2024.pdf", tmp_path / "RRP Wales (final).pdf")
    assert _ingest(renamed, tmp_path / "RRP Wales (final).pdf", later).exit_code == 0
    first, second = load_graph(sites[0] / "build"), load_graph(renamed / "build")
    assert set(first.subjects()) == set(second.subjects())


# --- bad input ----------------------------------------------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, tuple[bytes, str]]:
    plan = PLAN.read_bytes()
    return {
        "plan.rtf": (b"{\\rtf1 East Midlands}", "unsupported file type '.rtf'; accepted: .txt, .md, .pdf, .docx, "
                                                 ".html, .htm"),
        "empty.pdf": (b"", "file is empty"),
        "empty.txt": (b" \n\n", "file is empty"),
        "binary.txt": (b"\x00\x01\x02PK\x03\x04" * 20, "binary file, not text"),
        "corrupt.pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n%%EOF", "corrupt or unreadable PDF"),
        "renamed.pdf": (plan, "not a PDF (no %PDF- header): is it another format renamed .pdf?"),
        "corrupt.docx": (b"PK\x03\x04" + b"\x00garbage" * 50, "corrupt Word document"),
        "renamed.docx": (plan, "not a Word document (not a zip package): is it another format renamed .docx?"),
        "scan.pdf": ((FIXTURES / "no-text.pdf").read_bytes(), "the PDF has no text layer"),
        "nowhere.txt": (b"Foreword\n\nWe will work hard on everything.\n", "no probation region is named in the text"),
        "weather.html": (b"<html><body><h1>London Reducing Reoffending Plan 2022-25</h1><h2>Foreword</h2>"
                         b"<p>We wrote about the weather.</p></body></html>", "no plan structure found"),
        "copy.txt": (plan, "the same text as east-midlands-annual-update-2023.txt, already in the corpus"),
        "edition.txt": (plan.replace(b"We are excited", b"We are thrilled"),
                        "the same document as east-midlands-annual-update-2023.txt, already in the "
                        "corpus"),
        "east-midlands-annual-update-2023.txt": (b"other", "a different file of that name is already in the corpus"),
    }


@pytest.mark.parametrize("name", list(_bad_files(Path("."))))
def test_bad_input_is_one_line_and_changes_nothing(name: str, site: Path, tmp_path: Path):
    content, problem = _bad_files(tmp_path)[name]
    path = tmp_path / "incoming" / name
    path.parent.mkdir()
    path.write_bytes(content)
    before = _snapshot(site)
    result = _ingest(site, path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {name}: {problem}") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.output
    assert _snapshot(site) == before


def test_a_file_over_the_size_limit_is_refused(site: Path):
    before = _snapshot(site)
    result = _ingest(site, FIXTURES / "wales-2024.pdf", extra=("--max-bytes", "1000"))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: wales-2024.pdf: file is ") and "over the 1000-byte limit" in result.stderr
    assert _snapshot(site) == before


def test_a_batch_with_one_bad_file_ingests_none(site: Path, tmp_path: Path):
    bad = tmp_path / "nowhere.txt"
    bad.write_text("Foreword\n\nNo region here.\n", encoding="utf-8")
    before = _snapshot(site)
    result = _ingest(site, FIXTURES / "wales-2024.pdf", bad)
    assert result.exit_code == 1 and result.stderr.startswith("Error: nowhere.txt: ")
    assert _snapshot(site) == before


def test_a_failed_rebuild_rolls_the_corpus_back(site: Path, monkeypatch: pytest.MonkeyPatch):
    from rrp_graph.errors import BuildError
    from rrp_graph.graph import ingest

    def broken_build(corpus_dir, out_dir):
        raise BuildError(f"{out_dir}: cannot write the build (disk full)")

    monkeypatch.setattr(ingest, "build", broken_build)
    before = _snapshot(site)
    result = _ingest(site, FIXTURES / "wales-2024.pdf")
    assert result.exit_code == 1 and "disk full" in result.stderr
    assert _snapshot(site) == before


def test_build_accepts_every_format(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("wales-2024.pdf", "east-midlands-2023.html"):
        shutil.copy(FIXTURES / name, corpus)
    shutil.copy(sample_plans() / "north-east-annual-update-2023.txt", corpus)
    (corpus / "~$lock.docx").write_bytes(b"lock")  # Word's lock file is not a plan
    result = runner.invoke(app, ["build", "--corpus", str(corpus), "--build-dir", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    assert "of 3 documents (3 regions" in result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
                      st.binary(max_size=500).map(lambda b: b"%PDF-1.4\n" + b),
                      st.binary(max_size=500).map(lambda b: b"PK\x03\x04" + b)),
       suffix=st.sampled_from([".txt", ".md", ".html", ".pdf", ".docx"]))
def test_readers_and_parser_raise_only_our_errors(data: bytes, suffix: str, tmp_path: Path):
    path = tmp_path / f"any{suffix}"
    path.write_bytes(data)
    try:
        source = read_document(path)
        parse(source.text)
        identify(source)
    except RrpError:
        pass


# --- names the gazetteer does not know ------------------------------------------------------------


def test_entities_unknown_lists_candidates_with_counts_and_examples():
    result = runner.invoke(app, ["entities", "--unknown", "--corpus", str(sample_plans())])
    assert result.exit_code == 0, result.output
    listed = [line for line in result.output.splitlines() if not line.startswith("       ")]
    # Organisation-like names only: no role titles ("Probation Director", "Heads of Education"), no HMPPS
    # teams and units ("Homelessness Prevention Team", "Probation Delivery Unit"), no fragments ("Skills and Work").
    assert listed == ["    1  Health and Justice Partnership  [organisation word]",
                      "    1  Operations Board  [organisation word]"]
    assert "[prison]" not in result.output  # every prison the corpus names is in the gazetteer
    for known in ("Ingeus", "NACRO", "Department for Work and Pensions", "CAS3", "East Midlands  ["):
        assert f"  {known}  [" not in result.output


def test_entities_finds_acronyms_prisons_and_trusts(tmp_path: Path):
    from rrp_graph.extract.entities import unknown_names

    text = PLAN.read_text(encoding="utf-8").replace(
        "Deliver an embedded peer mentoring strategy",
        "Work with the Lighthouse Mentoring Trust, HMP Gateshead and the Tyne Recovery Network (TRN) to deliver "
        "an embedded peer mentoring strategy")
    (tmp_path / "plan.txt").write_text(text, encoding="utf-8")
    names = {n.name: n for n in unknown_names(extract(tmp_path))}
    assert names["Lighthouse Mentoring Trust"].why == "organisation word"
    assert names["HMP Gateshead"].why == "prison"
    assert names["Tyne Recovery Network (TRN)"].why == "acronym"
    assert "Lighthouse Mentoring Trust" in names["Lighthouse Mentoring Trust"].example


def test_entities_without_unknown_lists_the_gazetteer_names_found():
    result = runner.invoke(app, ["entities", "--limit", "3"])
    assert result.exit_code == 0
    assert result.output.count("\n") == 6
