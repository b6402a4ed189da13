"""Interactive pages: self-contained, escaped, and drawn by a real browser (headless Chromium)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rrp_graph.cli import app
from rrp_graph.query.engine import open_engine
from rrp_graph.views.network import VIEWS, Filters, build_view
from rrp_graph.views.pages import render_page, script_json, write_page

ALERT = "<img src=x onerror=alert(1)>"
MARKER = "<img src=x onerror=document.documentElement.dataset.pwned=1>"
CLOSER = "</script><script>document.documentElement.dataset.pwned=2</script>"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def engine(build_dir):
    return open_engine(build_dir)


@pytest.fixture(scope="module")
def hostile_build(hostile_plan_build) -> Path:
    """The East Midlands update with hostile markup in a bullet that names NACRO."""
    return hostile_plan_build(f"{ALERT} {MARKER} {CLOSER}")


@pytest.fixture(scope="module")
def hostile_page(hostile_build, tmp_path_factory) -> Path:
    graph = build_view("partner-pathway", open_engine(hostile_build))
    nacro = next(n for n, d in graph.nodes(data=True) if d["label"] == "NACRO")
    assert any(ALERT in item["text"] for item in graph.graph["evidence"][nacro])  # the text reached the view
    path = tmp_path_factory.mktemp("pages") / "hostile.html"
    write_page(graph, path)
    return path


def data_block(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="rrp-data">(.*?)</script>', page, re.DOTALL)
    assert match
    return json.loads(match.group(1))


# --- the page as text --------------------------------------------------------------------------------


def test_page_is_self_contained(engine, tmp_path):
    path = tmp_path / "pp.html"
    size = write_page(build_view("partner-pathway", engine), path)
    page = path.read_text(encoding="utf-8")
    assert size == len(page.encode("utf-8"))
    assert not re.search(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"<link\b|@import|url\(\s*[\"']?(?:https?:)?//", page, re.IGNORECASE)
    assert "vis.Network" in page and ".vis-network" in page  # inlined from the pyvis package
    assert '<meta charset="utf-8">' in page and "Content-Security-Policy" in page


def test_page_lists_every_partner_and_pathway_with_a_legend(engine):
    graph = build_view("partner-pathway", engine)
    page = render_page(graph)
    data = data_block(page)
    assert {n["fullLabel"] for n in data["nodes"]} == {d["label"] for _, d in graph.nodes(data=True)}
    assert len(data["edges"]) == graph.number_of_edges()
    assert '<aside id="legend">' in page
    assert '<li data-type="partner">' in page and '<li data-type="pathway">' in page
    assert data["options"]["physics"]["stabilization"]["iterations"] <= 200
    nacro = next(n for n in data["nodes"] if n["fullLabel"] == "NACRO")
    assert nacro["regions"] == ["East Midlands", "West Midlands"]
    assert nacro["evidence"]["items"][0]["document"] and "more" in nacro["evidence"]


def test_big_views_get_a_layout_and_no_physics(engine):
    data = data_block(render_page(build_view("knowledge-graph", engine)))
    assert data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_hostile_text_appears_only_escaped(hostile_page):
    page = hostile_page.read_text(encoding="utf-8")
    for hostile in (ALERT, MARKER, CLOSER):
        assert hostile not in page
        assert html.escape(hostile, quote=False) not in page  # not even as markup-escaped text outside the JSON
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert page.count("</script>") == 4  # guard, data, vis-network, page script: nothing closed early
    nacro = next(n for n in data_block(page)["nodes"] if n["fullLabel"] == "NACRO")
    assert any(ALERT in item["text"] for item in nacro["evidence"]["items"])


def test_script_hashes_cover_every_script(engine):
    page = render_page(build_view("region-partner", engine))
    policy = re.search(r'Content-Security-Policy" content="([^"]*)"', page).group(1)
    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    assert len(scripts) == 3
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in html.unescape(policy)
    assert "default-src 'none'" in html.unescape(policy) and "unsafe-inline' " not in policy.split("style-src")[0]


def test_titles_and_filters_are_escaped(engine):
    graph = build_view("partner-pathway", engine, Filters(partner="NACRO"))
    graph.graph["title"] = "<script>alert(1)</script>"
    graph.graph["description"] = "a & b <i>"
    page = render_page(graph)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "a &amp; b &lt;i&gt;" in page


def test_script_json_escapes_what_could_end_a_script():
    text = script_json({"t": "</script><!-- & \u2028\u2029 >"})
    assert not re.search("[<>&\u2028\u2029]", text)
    assert json.loads(text) == {"t": "</script><!-- & \u2028\u2029 >"}


def test_cli_view_html(build_dir, tmp_path):
    out = tmp_path / "page.html"
    result = CliRunner().invoke(app, ["view", "html", "partner-pathway", "-o", str(out), "-b", str(build_dir)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Wrote {out}: 53 nodes, 81 edges") or "nodes" in result.stdout
    assert out.read_bytes().decode("utf-8").startswith("<!DOCTYPE html>")


# --- in a browser ------------------------------------------------------------------------------------

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--proxy-server=127.0.0.1:9", "--window-size=1000,700", "--virtual-time-budget=8000"]


def chromium(page: Path, profile: Path, *extra: str) -> str:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    done = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, page.resolve().as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def root_attributes(dom: str) -> dict[str, str]:
    tag = re.search(r"<html\b[^>]*>", dom).group(0)
    return {k: html.unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', tag)}


def rendered(dom: str) -> str:
    return html.unescape(re.search(r'<span id="status" data-rendered="([^"]*)"', dom).group(1))


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_browser_draws_every_view(engine, tmp_path, name):
    graph = build_view(name, engine)
    page = tmp_path / f"{name}.html"
    write_page(graph, page)
    dom = chromium(page, tmp_path / "profile", "--dump-dom")
    assert rendered(dom) == f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
    root = root_attributes(dom)
    assert root["data-errors"] == "0", root.get("data-last-error")
    assert root["data-csp-violations"] == "0", root.get("data-last-violation")  # nothing tried to load
    listed = re.findall(r'<li data-type="(\w[\w ]*)"><div class="tip"><strong>([^<]*)</strong>', dom)
    assert len(listed) == graph.number_of_nodes()
    if name == "partner-pathway":
        labels = {html.unescape(label) for _, label in listed}
        assert labels == {d["label"] for _, d in graph.nodes(data=True)}
        assert {d["type"] for _, d in graph.nodes(data=True)} == {"partner", "pathway"}
        partners = sum(1 for _, d in graph.nodes(data=True) if d["type"] == "partner")
        # The partners with a pathway link in their own region's text; no region's own text links a partner to
        # finance, benefit and debt (DWP's "employment and benefits" is a national passage).
        assert partners == 37
        assert re.search(r'<aside id="legend">.*Partner \(37\).*Pathway \(6\)', dom, re.DOTALL)


@pytest.mark.browser
def test_browser_runs_no_hostile_markup(hostile_page, tmp_path):
    dom = chromium(hostile_page, tmp_path / "profile", "--dump-dom")
    root = root_attributes(dom)
    assert "data-pwned" not in root
    assert root["data-errors"] == "0" and root["data-csp-violations"] == "0"
    assert not re.search(r'<img\b', dom)  # the markup never became an element
    assert html.escape(ALERT, quote=False) in dom  # … it is shown as text in the node list
    assert rendered(dom).endswith("edges")


def png_pixels(path: Path) -> tuple[int, int, int, bytes]:
    """Width, height, bytes per pixel and unfiltered pixel rows of an 8-bit RGB/RGBA PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour = header[:4]
    assert depth == 8 and colour in (2, 6)
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * bpp
    out, previous = bytearray(), bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                corner = previous[i - bpp] if i >= bpp else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        out += line
        previous = line
    return width, height, bpp, bytes(out)


@pytest.mark.browser
def test_browser_screenshot_is_not_blank(engine, tmp_path):
    page = tmp_path / "pp.html"
    write_page(build_view("partner-pathway", engine), page)
    shot = tmp_path / "shot.png"
    chromium(page, tmp_path / "profile", f"--screenshot={shot}")
    width, height, bpp, pixels = png_pixels(shot)
    # The canvas: below the header and search bar, left of the legend.
    colours, coloured = set(), 0
    for y in range(160, height - 60, 2):
        for x in range(20, width - 280, 2):
            i = (y * width + x) * bpp
            pixel = pixels[i:i + 3]
            colours.add(pixel)
            coloured += max(pixel) - min(pixel) > 40  # a partner's blue or a pathway's orange, not grey or white
    assert len(colours) > 50, len(colours)
    assert coloured > 200, coloured
