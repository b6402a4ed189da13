"""Target charts: Vega-Lite specs rendered to SVG at build time by vl-convert (no browser, no network).

A chart shows one metric: a row per region (and edition), a line from the baseline to the target, the
baseline as an open circle and the target as a filled diamond; the region the page is about is drawn in
vermillion, the others in blue (Okabe-Ito, safe for the common colour-blindnesses; the shapes say the same
as the colours). Every mark links to the sentence its numbers were read from. The SVG goes inline into
the page, so its links work and it needs no script: Vega writes text and attributes escaped; `clean_svg`
refuses anything that could run or fetch.
"""

from __future__ import annotations

import re
from typing import Any

from rrp_graph.errors import RrpError

OWN, OTHER = "#d55e00", "#0072b2"
# vl-convert resolves a mark's href against this base; the site's links are relative, so it is taken off.
_VL_BASE = "https://vega.github.io/vega-datasets/"
_UNSAFE = re.compile(r"<script|<foreignObject|\son[a-z]+\s*=|javascript:|<iframe|<image|<use\b", re.IGNORECASE)
_HREF = re.compile(r'xlink:href="([^"]*)"')


class ChartError(RrpError):
    """A chart could not be drawn."""


def target_spec(rows: list[dict[str, Any]], title: str, own: str | None = None) -> dict[str, Any]:
    """A Vega-Lite spec from rows with label, region, baseline, target, baseline_date, deadline, href."""
    values = []
    for row in rows:
        values.append({
            "label": row["label"], "who": "this region" if row["region"] == own else "other regions",
            "baseline": row["baseline"], "target": row["target"], "href": row["href"],
            "description": row["description"]})
    colour = {"field": "who", "type": "nominal", "title": None,
              "scale": {"domain": ["this region", "other regions"], "range": [OWN, OTHER]},
              "legend": {"orient": "bottom"} if own else None}
    y = {"field": "label", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 260}}
    x = {"type": "quantitative", "scale": {"zero": True}, "title": "per cent"}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "description": title, "width": 360, "height": {"step": 22},
        # vl-convert measures label widths with its own font; the browser's may be wider.
        "padding": {"left": 50, "right": 10, "top": 5, "bottom": 5},
        "data": {"values": values},
        "encoding": {"y": y},
        "layer": [
            {"mark": {"type": "rule", "strokeWidth": 2},
             "encoding": {"x": {**x, "field": "baseline"}, "x2": {"field": "target"}, "color": colour}},
            {"mark": {"type": "point", "shape": "circle", "filled": False, "size": 70, "strokeWidth": 2},
             "encoding": {"x": {**x, "field": "baseline"}, "color": colour, "href": {"field": "href"},
                          "description": {"field": "description"}}},
            {"mark": {"type": "point", "shape": "diamond", "filled": True, "size": 90},
             "encoding": {"x": {**x, "field": "target"}, "color": colour, "href": {"field": "href"},
                          "description": {"field": "description"}}},
        ],
        "config": {"font": "sans-serif", "axis": {"labelFontSize": 11}, "view": {"stroke": "#cccccc"}},
    }


def stacked_spec(parts: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """Several target charts (target_spec) one above the other in one SVG: one rendering instead of many."""
    layers = []
    for part in parts:
        layer = {k: v for k, v in part.items() if k not in ("$schema", "config", "padding")}
        layer["title"] = {"text": part["description"].split(":")[0], "anchor": "start", "fontSize": 12}
        layers.append(layer)
    first = parts[0]
    return {"$schema": first["$schema"], "description": title, "vconcat": layers, "padding": first["padding"],
            "config": first["config"], "resolve": {"scale": {"color": "shared"}}}


def clean_svg(svg: str) -> str:
    """The SVG vl-convert wrote, with its links made relative again; refuses scripts and outside references."""
    svg = svg.replace(f'xlink:href="{_VL_BASE}', 'xlink:href="')
    if _UNSAFE.search(svg):
        raise ChartError("a chart came out with markup that could run; not writing it")
    for href in _HREF.findall(svg):
        if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) or href.startswith("//"):
            raise ChartError(f"a chart links outside the site ({href[:80]})")
    return svg


def render_svg(spec: dict[str, Any]) -> str:
    """The chart as SVG text (vl-convert, no data fetched from anywhere)."""
    import vl_convert

    try:
        svg = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    except Exception as exc:  # vl-convert raises plain ValueError/RuntimeError with the JS message
        raise ChartError(f"a chart could not be drawn ({type(exc).__name__}: {str(exc)[:200]})") from None
    return clean_svg(svg)


def versions() -> dict[str, str]:
    from importlib.metadata import version

    import vl_convert

    return {"vl-convert-python": version("vl-convert-python"), "vega": vl_convert.get_vega_version(),
            "vega-lite": vl_convert.get_vegalite_versions()[-1]}


__all__ = ["ChartError", "clean_svg", "render_svg", "stacked_spec", "target_spec", "versions"]
