"""rrp report: the static site, checked as files (links, anchors, escaping, numbers) and in headless Chromium
(no request leaves the site, no console error, charts drawn, axe-core, hostile text, screenshots)."""

from __future__ import annotations

import csv
import html
import io
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.query import catalogue as queries
from rrp_graph.query.formats import cell_text
from rrp_graph.views.report import build_report
from rrp_graph.views.report.site import MARKER
from rrp_graph.views.report.source import marked_text

CHROMIUM = "/usr/bin/chromium"
HOSTILE = "<script>document.documentElement.dataset.pwned='1'</script>"
IMG = "<img src=x onerror=\"document.documentElement.dataset.pwned='2'\">"
QUOTES = "\"double\" & 'single'"
ARTEFACTS = Path(os.environ.get("RRP_ARTEFACTS", Path(__file__).parent.parent / "build" / "ci-artefacts"))


@pytest.fixture(scope="module")
def site(build_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "site"
    summary = build_report(build_dir, out)
    assert summary.regions == 5 and summary.documents == 5
    return out


@pytest.fixture(scope="module")
def hostile_site(hostile_plan_build, tmp_path_factory) -> Path:
    out = hostile_plan_build(f"{HOSTILE} {IMG} {QUOTES}")
    site = tmp_path_factory.mktemp("hostile-report") / "site"
    build_report(out, site)
    return site


# --- links and anchors ---------------------------------------------------------------------------------


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src", "xlink:href") and value is not None:
                self.refs.append(value)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_links(root: Path) -> tuple[int, list[str]]:
    pages = {p: parse(p) for p in root.rglob("*.html")}
    broken, checked = [], 0
    for page, links in pages.items():
        for ref in links.refs:
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith("//"):
                broken.append(f"{page.relative_to(root)}: outside link {ref}")
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            if not target.is_file() or root.resolve() not in target.parents:
                broken.append(f"{page.relative_to(root)}: {ref} (no such file)")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in pages[target].ids:
                broken.append(f"{page.relative_to(root)}: {ref} (no such id)")
    return checked, broken


def test_every_link_and_anchor_of_the_site_resolves(site):
    checked, broken = check_links(site)
    assert not broken, "\n".join(broken[:20])
    assert checked > 2000


def test_every_page_type_is_written(site):
    for path in ("index.html", "regions/east-midlands.html", "partners/index.html", "partners/nacro.html",
                 "pathways/index.html", "pathways/accommodation.html", "metrics/index.html",
                 "metrics/employed-six-weeks-after-release.html", "source/east-midlands-annual-update-2023.html",
                 "search.html", "downloads.html", "downloads/graph.ttl", "networks/east-midlands-partner-pathway.html",
                 "data/regions.csv", MARKER):
        assert (site / path).is_file(), path
    assert len(list((site / "source").glob("*.html"))) == 5
    assert len(list((site / "regions").glob("*.html"))) == 5


def test_every_statement_and_target_is_anchored_on_its_words(site, engine, build_dir):
    spans = queries.run_query(queries.get("statement-spans"), engine).as_dicts()
    page = (site / "source" / "east-midlands-annual-update-2023.html").read_text(encoding="utf-8")
    text = (build_dir / "text" / "east-midlands-annual-update-2023.txt").read_text(encoding="utf-8")
    ids = parse(site / "source" / "east-midlands-annual-update-2023.html").ids
    mine = [r for r in spans if r["document"] == "east-midlands-annual-update-2023"]
    assert len(mine) == 85
    for row in mine:
        anchor = row["statement"].rsplit("/", 1)[-1]
        assert anchor in ids
        element = re.search(rf'<span class="st [^"]*" id="{anchor}"[^>]*><span class="tag">[^<]*</span>(.*?)</span>',
                            page, re.DOTALL)
        assert element, anchor
        words = re.sub(r"<[^>]+>", "", element.group(1))  # the first run of text, up to its first nested name
        assert html.escape(text[int(row["start"]):int(row["end"])], quote=False).startswith(words[:20])


def test_region_target_table_is_the_targets_query(site, engine):
    rows = queries.run_query(queries.get("targets"), engine, {"region": "East Midlands"}).as_dicts()
    page = (site / "regions" / "east-midlands.html").read_text(encoding="utf-8")
    table = re.search(r'<table id="targets-table">(.*?)</table>', page, re.DOTALL).group(1)
    cells = [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)]
             for tr in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.DOTALL)]
    columns = ["metric", "theme", "baseline_pct", "baseline_date", "change_pp", "target_pct", "deadline", "direction",
               "quote"]
    assert cells == [[cell_text(r[c]) for c in columns] for r in rows]
    assert len(cells) == 5 and cells[0][2:4] == ["15", "2023-03"]
    links = re.findall(r'<td class="quote"><a href="\.\./(source/[^"]+)">', table)
    assert links == [f"source/east-midlands-annual-update-2023.html#{r['target'].rsplit('/', 1)[-1]}" for r in rows]
    download = list(csv.reader(io.StringIO((site / "regions" / "east-midlands-targets.csv").read_text())))
    assert download[0] == queries.run_query(queries.get("targets"), engine).columns and len(download) == 6


def test_overview_heat_map_is_pathway_coverage_with_zeros_shown(site, engine):
    rows = queries.run_query(queries.get("pathway-coverage"), engine).as_dicts()
    page = (site / "index.html").read_text(encoding="utf-8")
    first = page.split("Commitments by region and pathway")[1].split("</table>")[0]
    values = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r'<td class="h\d">(.*?)</td>', first)]
    assert values == [str(r["commitments"]) for r in rows]
    zeros = sum(1 for r in rows if r["commitments"] == 0)
    assert zeros > 0 and first.count('class="h0">0<') == zeros
    assert ">498</strong> statements" in page and ">25</strong> quantified targets" in page


def test_charts_are_svg_with_a_mark_per_number_linking_to_the_sentence(site, engine):
    page = (site / "metrics" / "employed-six-weeks-after-release.html").read_text(encoding="utf-8")
    rows = queries.run_query(queries.get("target-comparison"), engine,
                             {"metric": "Employed six weeks after release"}).as_dicts()
    marks = re.findall(r'<a xlink:href="(\.\./source/[^"#]+\.html#[^"]+)"', page)
    assert len(marks) == 2 * len(rows) == 10  # a baseline and a target mark per region
    assert "<script" not in page and "vega.github.io" not in page


def test_page_policies_allow_only_their_own_inlined_code(site):
    import base64
    import hashlib

    for path in ("index.html", "regions/east-midlands.html", "search.html",
                 "source/north-east-annual-update-2023.html"):
        page = (site / path).read_text(encoding="utf-8")
        policy = html.unescape(re.search(r'Content-Security-Policy" content="([^"]*)"', page).group(1))
        assert policy.startswith("default-src 'none'") and "unsafe" not in policy
        scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
        assert bool(scripts) == (path == "search.html")
        for code in scripts + re.findall(r"<style>(.*?)</style>", page, re.DOTALL):
            assert "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'" in policy
        assert not re.search(r"\sstyle=", page) and not re.search(r"\son[a-z]+=", page)


def test_hostile_text_is_shown_escaped_everywhere(hostile_site):
    seen = 0
    for page in hostile_site.rglob("*.html"):
        if page.parent.name == "networks":
            continue  # the network pages' own escaping is tested in test_html.py
        text = page.read_text(encoding="utf-8")
        assert HOSTILE not in text and IMG not in text
        assert "<img" not in text
        seen += "&lt;script&gt;document.documentElement" in text or "\\u003cscript\\u003e" in text
    assert seen >= 3  # the source page, the region page (tracker, evidence), the partner page, search


def test_marked_text_is_well_formed_even_when_spans_cross():
    text = "abcdefghij<>"
    out = marked_text(text, [{"start": 0, "end": 6, "kind": "Commitment", "statement": "http://x/s1"},
                             {"start": 4, "end": 12, "kind": "Narrative", "statement": "http://x/s2"}],
                      [{"start": 2, "end": 5, "entity": "A\"B", "type": "Prison"}])
    assert out.count("<span") == out.count("</span>")
    assert "&lt;&gt;" in out and 'title="A&quot;B (Prison)"' in out
    assert re.sub(r"<[^>]+>", "", out).replace("Commitment", "").replace("Narrative", "") == "abcdefghij&lt;&gt;"


# --- the command -------------------------------------------------------------------------------------


def test_cli_report_and_its_errors(build_dir, tmp_path):
    runner = CliRunner()
    out = tmp_path / "site"
    result = runner.invoke(app, ["report", "-o", str(out), "-b", str(build_dir), "--region", "west midlands"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Wrote the report to {out}:") and "(1 regions, 1 documents)" in result.stdout
    assert [p.name for p in (out / "regions").glob("*.html")] == ["west-midlands.html"]
    checked, broken = check_links(out)
    assert not broken, broken[:5]

    bad = runner.invoke(app, ["report", "-o", str(tmp_path / "other"), "-b", str(build_dir), "--region", "Nowhere"])
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: --region: no region named 'Nowhere'")
    assert len(bad.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "other").exists() and not list(tmp_path.glob(".other*"))

    missing = runner.invoke(app, ["report", "-o", str(tmp_path / "no" / "site"), "-b", str(build_dir)])
    assert missing.exit_code == 1 and missing.stderr.startswith("Error: -o/--output:")

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    refused = runner.invoke(app, ["report", "-o", str(mine), "-b", str(build_dir)])
    assert refused.exit_code == 1 and "not an rrp report" in refused.stderr
    assert (mine / "notes.txt").read_text() == "keep me"


def test_a_failed_report_leaves_the_previous_site(build_dir, tmp_path, monkeypatch):
    out = tmp_path / "site"
    build_report(build_dir, out, regions=["North East"], networks=False)
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    from rrp_graph.views.report import pages

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pages, "search_page", broken)
    with pytest.raises(RuntimeError):
        build_report(build_dir, out)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output_is_one_line_error(build_dir, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = CliRunner().invoke(app, ["report", "-o", str(locked / "site"), "-b", str(build_dir)])
    assert result.exit_code == 1 and result.stderr.startswith("Error: -o/--output:")


# --- in a browser ------------------------------------------------------------------------------------

PAGE_TYPES = {
    "overview": "index.html",
    "region": "regions/east-midlands.html",
    "partner": "partners/nacro.html",
    "pathway": "pathways/accommodation.html",
    "metric": "metrics/employed-six-weeks-after-release.html",
    "source": "source/east-midlands-annual-update-2023.html",
    "search": "search.html",
    "downloads": "downloads.html",
    "partners": "partners/index.html",
}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        chromium.close()


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    problems, requests = [], []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
            else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, problems, requests


@pytest.mark.browser
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_page_loads_offline_without_errors_and_passes_axe(browser, site, kind):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright", reason="pip install axe-playwright-python")

    page, problems, requests = open_page(browser, (site / PAGE_TYPES[kind]).as_uri())
    page.wait_for_timeout(300)
    assert not problems, problems
    outside = [u for u in requests if not u.startswith("file://")]
    assert not outside, outside
    if kind in ("region", "metric"):
        assert page.locator("svg a").count() >= 10  # chart marks drawn, each a link
        assert page.locator("svg path, svg line").count() > 20
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"report-{kind}.png"), full_page=kind not in ("source", "region"))
    results = axe.Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not serious, [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in serious]
    page.close()


@pytest.mark.browser
def test_region_page_embeds_its_networks_drawn_offline(browser, site):
    page, problems, requests = open_page(browser, (site / "regions" / "east-midlands.html").as_uri())
    page.locator("iframe").first.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    frames = [f for f in page.frames if "networks/" in f.url]
    assert len(frames) == 2
    status = frames[0].locator("#status")
    status.wait_for(state="attached")
    assert not problems, problems
    assert all(u.startswith("file://") for u in requests)
    page.close()


@pytest.mark.browser
def test_a_statement_link_lands_on_its_highlighted_words(browser, site):
    page, problems, _ = open_page(browser, (site / "regions" / "east-midlands.html").as_uri())
    link = page.locator("#targets-table td.quote a").first
    href, quote = link.get_attribute("href"), link.inner_text()
    link.click()
    page.wait_for_load_state("load")
    anchor = href.split("#", 1)[1]
    assert page.url.endswith("#" + anchor)
    target = page.locator(f"[id='{anchor}']")
    assert target.evaluate("e => e.matches(':target')")
    assert quote[:40] in target.inner_text()
    assert target.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    box = target.bounding_box()
    assert box and -2 <= box["y"] < 900  # scrolled into view
    assert not problems
    page.close()


@pytest.mark.browser
def test_search_finds_statements_offline_and_links_to_them(browser, site):
    page, problems, requests = open_page(browser, (site / "search.html").as_uri() + "#q=NACRO")
    page.wait_for_function("document.documentElement.dataset.ready === '1'")
    assert int(page.evaluate("document.documentElement.dataset.searched")) >= 3
    first = page.locator("#results a").first
    assert "NACRO" in first.inner_text().upper()
    first.click()
    page.wait_for_load_state("load")
    assert "/source/" in page.url and "#" in page.url
    assert not problems and all(u.startswith("file://") for u in requests)
    page.close()


@pytest.mark.browser
def test_hostile_report_runs_no_script_and_shows_the_text(browser, hostile_site):
    for path in ("source/east-midlands-annual-update-2023.html", "regions/east-midlands.html", "partners/nacro.html",
                 "search.html"):
        url = (hostile_site / path).as_uri() + ("#q=national supplier" if path == "search.html" else "")
        page, problems, requests = open_page(browser, url)
        page.wait_for_timeout(300)
        assert page.evaluate("document.documentElement.dataset.pwned") is None, path
        assert page.locator("img").count() == 0
        assert not [u for u in requests if not u.startswith("file://")]
        assert "<script>document.documentElement" in page.locator("main").inner_text(), path
        assert not problems, (path, problems)
        page.close()


def test_shipped_javascript_is_vendored_with_its_licence():
    from rrp_graph.resources import resource

    folder = resource("templates", "report", "vendor")
    assert "MIT License" in (folder / "minisearch-LICENSE.txt").read_text() or "Permission is hereby granted" in (
        folder / "minisearch-LICENSE.txt").read_text()
    assert "MiniSearch" in (folder / "minisearch-7.2.0.js").read_text()
