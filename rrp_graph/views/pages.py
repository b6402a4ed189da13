"""Interactive pages: a view as one self-contained HTML file that works with no network.

pyvis assembles the nodes, edges and options; the page comes from our own Jinja template
(templates/view.html.j2), because pyvis's templates load Bootstrap and vis-network from CDNs even with
cdn_resources="in_line". vis-network's JS and CSS are read from the installed pyvis package and inlined.

Text from the documents never executes:
- the template is rendered with autoescape, and the one place data enters it is a JSON block with <, >, &,
  U+2028 and U+2029 written as \\u escapes, so nothing can close the <script> element;
- the page script puts text into the DOM with textContent only (hover cards are DOM elements built that
  way, and edge titles are strings, which vis-network shows as text);
- a Content-Security-Policy allows only the page's three scripts (by hash): no inline event handler, no
  request to any URL would run even if markup got in.

Big views (more than LAYOUT_THRESHOLD nodes, e.g. knowledge-graph) get a precomputed layout and physics off;
smaller ones settle with at most STABILIZATION_ITERATIONS physics steps, then physics stops.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rrp_graph.files import write_text_atomic
from rrp_graph.views.exports import ExportError

if TYPE_CHECKING:
    import networkx as nx

LAYOUT_THRESHOLD = 250
STABILIZATION_ITERATIONS = 150
EVIDENCE_LIMIT = 6
LABEL_LIMIT = 32
HEIGHT = "78vh"

# Colour and vis-network shape of each node type (colours from the Tableau 10/20 palettes).
STYLES: dict[str, tuple[str, str]] = {
    "partner": ("#4e79a7", "dot"),
    "pathway": ("#f28e2b", "diamond"),
    "region": ("#59a14f", "square"),
    "prison": ("#9c755f", "triangle"),
    "statement": ("#bab0ac", "dot"),
    "target": ("#e15759", "star"),
    "document": ("#b07aa1", "square"),
    "programme": ("#76b7b2", "triangleDown"),
    "person": ("#ff9da7", "dot"),
    "membership": ("#fabfd2", "dot"),
    "role": ("#edc948", "hexagon"),
    "theme": ("#a0cbe8", "diamond"),
    "cohort": ("#ffbe7d", "diamond"),
    "metric": ("#8cd17d", "star"),
    "direction": ("#ff9d9a", "dot"),
    "organisation type": ("#d4a6c8", "hexagon"),
    "glossary term": ("#d7b5a6", "dot"),
    "scheme": ("#79706e", "square"),
    "concept": ("#86bcb6", "dot"),
    # The commitment-progress view: commitments coloured by tracker status.
    "commitment reported": ("#59a14f", "square"),
    "commitment partial": ("#edc948", "square"),
    "commitment none": ("#e15759", "square"),
    "progress": ("#4e79a7", "dot"),
}
DEFAULT_STYLE = ("#cccccc", "dot")
_SVG = {
    "dot": '<circle cx="8" cy="8" r="6" fill="{c}"/>',
    "square": '<rect x="2" y="2" width="12" height="12" fill="{c}"/>',
    "diamond": '<polygon points="8,1 15,8 8,15 1,8" fill="{c}"/>',
    "triangle": '<polygon points="8,1 15,14 1,14" fill="{c}"/>',
    "triangleDown": '<polygon points="1,2 15,2 8,15" fill="{c}"/>',
    "star": '<polygon points="8,1 10,6 15,6 11,9.5 12.5,15 8,11.5 3.5,15 5,9.5 1,6 6,6" fill="{c}"/>',
    "hexagon": '<polygon points="4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8" fill="{c}"/>',
}
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


def script_json(data: Any) -> str:
    """JSON that is safe inside a <script> element: nothing in it can close the element or break a line."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text)


def vis_assets() -> tuple[str, str, str]:
    """vis-network's (version, JS, CSS) from the installed pyvis package, newest version it ships."""
    import pyvis

    root = Path(pyvis.__file__).parent
    folders = sorted((p for base in (root / "lib", root / "templates" / "lib") if base.is_dir()
                      for p in base.glob("vis-*") if (p / "vis-network.min.js").is_file()),
                     key=lambda p: tuple(int(x) for x in re.findall(r"\d+", p.name)))
    if not folders:
        raise ExportError(f"vis-network is missing from the pyvis package at {root}; reinstall pyvis")
    folder = folders[-1]
    js = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    css = (folder / "vis-network.css").read_text(encoding="utf-8")
    if re.search(r"</script", js, re.IGNORECASE) or re.search(r"</style", css, re.IGNORECASE):
        raise ExportError(f"{folder}: vis-network's files cannot be inlined safely")
    return folder.name.removeprefix("vis-"), js, css


def _template_text(name: str) -> str:
    from rrp_graph.resources import template

    return template(name)


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _short_label(label: str) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= LABEL_LIMIT else label[: LABEL_LIMIT - 1] + "…"


def community_layout(graph: nx.Graph, spacing: float = 38.0) -> dict[Any, tuple[float, float]]:
    """Positions without physics (and without numpy): each Louvain community is a sunflower disc, hubs in
    the middle; discs are placed along a golden-angle spiral without overlapping."""
    golden = math.pi * (3 - math.sqrt(5))
    groups: dict[int, list[Any]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        groups[data.get("community", 0)].append(node)
    ordered = sorted(groups.values(), key=lambda members: (-len(members), str(min(members))))
    placed: list[tuple[float, float, float]] = []
    positions: dict[Any, tuple[float, float]] = {}
    for index, members in enumerate(ordered):
        radius = spacing * (0.9 * math.sqrt(len(members)) + 0.6)
        angle, distance = index * golden * 7, 0.0
        while True:
            cx, cy = distance * math.cos(angle), distance * math.sin(angle)
            if all(math.hypot(cx - x, cy - y) >= radius + r + spacing for x, y, r in placed):
                break
            distance += spacing / 2
        placed.append((cx, cy, radius))
        members.sort(key=lambda n: (-graph.nodes[n].get("weighted_degree", 0), str(graph.nodes[n].get("label"))))
        for k, node in enumerate(members):
            r, theta = spacing * 0.9 * math.sqrt(k), k * golden
            positions[node] = (round(cx + r * math.cos(theta), 1), round(cy + r * math.sin(theta), 1))
    return positions


def page_data(graph: nx.Graph) -> dict[str, Any]:
    """What the page script draws: nodes and edges with style, hover data and options (via pyvis)."""
    from pyvis.network import Network

    big = graph.number_of_nodes() > LAYOUT_THRESHOLD
    positions = community_layout(graph) if big else {}
    evidence = graph.graph.get("evidence", {})
    max_wd = max((d.get("weighted_degree", 0) for _, d in graph.nodes(data=True)), default=0) or 1
    max_w = max((d.get("weight", 1) for _, _, d in graph.edges(data=True)), default=1) or 1
    net = Network(height=HEIGHT, width="100%", directed=False, cdn_resources="in_line")
    for node, data in graph.nodes(data=True):
        kind = str(data.get("type", "resource"))
        colour, shape = STYLES.get(kind, DEFAULT_STYLE)
        items = evidence.get(node, []) if kind in ("partner", "pathway") else []
        extra: dict[str, Any] = {}
        if node in positions:
            extra.update(x=positions[node][0], y=positions[node][1], physics=False)
        net.add_node(
            str(node), label=_short_label(data.get("label", node)), shape=shape,
            color=colour, border="#333333" if kind in ("partner", "pathway", "region") else colour,
            size=round(8 + 24 * math.sqrt(data.get("weighted_degree", 0) / max_wd), 1),
            fontSize=10 if big else 14, type=kind, typeLabel=kind.capitalize(),
            fullLabel=" ".join(str(data.get("label", node)).split()), regions=list(data.get("regions", [])),
            degree=data.get("degree", 0), weightedDegree=data.get("weighted_degree", 0),
            evidence={"items": items[:EVIDENCE_LIMIT], "more": max(0, len(items) - EVIDENCE_LIMIT)} if items else None,
            **extra)
    for a, b, data in graph.edges(data=True):
        weight = data.get("weight", 1)
        names = f"{graph.nodes[a].get('label', a)} – {graph.nodes[b].get('label', b)}"
        regions = data.get("regions") or []
        about = "; ".join(data["predicates"]) if data.get("predicates") else f"{weight} statement" + "s" * (weight != 1)
        # pyvis's add_edge checks every earlier edge for a duplicate (quadratic); a view has none.
        net.edges.append({"from": str(a), "to": str(b), "width": round(1 + 6 * math.sqrt(weight / max_w), 2),
                          "title": f"{names}: {about}" + (f" ({'; '.join(regions)})" if regions else "")})
    net.options = {
        "autoResize": True,
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big},
        "edges": {"smooth": False, "color": {"color": "#b5b5b5", "highlight": "#444444", "hover": "#666666"}},
        "nodes": {"borderWidth": 1},
        "physics": {
            "enabled": not big, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 110, "avoidOverlap": 0.4},
            "stabilization": {"enabled": not big, "iterations": STABILIZATION_ITERATIONS, "updateInterval": 50,
                              "fit": True},
        },
    }
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return {"nodes": nodes, "edges": edges, "options": json.loads(options)}


def _legend(graph: nx.Graph) -> list[dict[str, Any]]:
    counts: dict[str, int] = defaultdict(int)
    for _, data in graph.nodes(data=True):
        counts[str(data.get("type", "resource"))] += 1
    order = list(STYLES)
    legend = []
    for kind in sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k)):
        colour, shape = STYLES.get(kind, DEFAULT_STYLE)
        assert _HEX_COLOUR.match(colour)  # the SVG is ours, built from constants only
        legend.append({"type": kind, "label": kind.capitalize(), "count": counts[kind],
                       "svg": _SVG.get(shape, _SVG["dot"]).format(c=colour)})
    return legend


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rrp-graph")
    except PackageNotFoundError:
        return "dev"


def render_page(graph: nx.Graph) -> str:
    """The page for a view built by views.build_view, as a string."""
    import jinja2

    vis_version, vis_js, vis_css = vis_assets()
    guard_js = _template_text("guard.js")
    page_js = _template_text("view.js")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = environment.from_string(_template_text("view.html.j2"))
    info = graph.graph
    return template.render(
        title=info.get("title", "rrp-graph view"), description=info.get("description", ""),
        filters=info.get("filters", ""), view=info.get("view", ""), version=_version(), vis_version=vis_version,
        node_count=graph.number_of_nodes(), edge_count=graph.number_of_edges(), height=HEIGHT,
        legend=_legend(graph), data_json=script_json(page_data(graph)),
        guard_js=guard_js, vis_js=vis_js, vis_css=vis_css, page_js=page_js,
        script_hashes=" ".join(_sha256(s) for s in (guard_js, vis_js, page_js)),
    )


def write_page(graph: nx.Graph, path: Path) -> int:
    """Write the page as UTF-8, atomically; returns its size in bytes."""
    text = render_page(graph)
    write_text_atomic(Path(path), text)
    return len(text.encode("utf-8"))


__all__ = ["community_layout", "page_data", "render_page", "script_json", "write_page"]
