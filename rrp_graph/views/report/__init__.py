"""The analyst's report: a static site of the whole graph that opens from disk, every fact one click from the
words it came from.

    build_report(build_dir, out)   write the site (see pages.py for its pages, site.py for its security)

    data.py     the canned queries' rows the pages show       source.py   a document's text, marked
    tables.py   rows as tables with their CSV                 charts.py   target charts (Vega-Lite → SVG)
    pages.py    the pages                                     site.py     templates, CSP, writing the folder

The site is written into a temporary folder beside `out` and put in place when complete: a failed report
leaves the previous one (or nothing) and never half a site.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ReportSummary", "build_report"]


@dataclass(frozen=True)
class ReportSummary:
    path: Path
    pages: int
    files: int
    regions: int
    documents: int
    seconds: float


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("rrp-graph")
    except PackageNotFoundError:
        return "dev"


def build_report(build_dir: Path, out: Path, *, regions: list[str] | None = None,
                 timeout: float | None = None, networks: bool = True) -> ReportSummary:
    """Write the report site of the build in `build_dir` to the folder `out` (replacing a report written
    there before); `regions` limits it to those regions; `networks` False leaves out the network pages."""
    from rrp_graph.graph.store import open_build
    from rrp_graph.query.engine import OxigraphEngine
    from rrp_graph.views.report import charts, pages
    from rrp_graph.views.report.data import collect
    from rrp_graph.views.report.site import Site, check_output, publish, temporary

    started = time.perf_counter()
    out = check_output(Path(out))
    version = open_build(build_dir)
    try:
        version.refuse_stale()
        # some forty queries: in memory they run four to seven times faster than on the on-disk store
        engine = OxigraphEngine.in_memory(version)
        data = collect(engine, version, regions, timeout=timeout)
        graph_file = Path(version.path) / "graph.ttl"
        tmp = temporary(out)
        try:
            site = Site(tmp, _version())
            paths = pages.Paths(data)
            pages.overview(site, data, paths)
            for label in data.regions:
                pages.region_page(site, data, paths, label, charts)
            pages.source_pages(site, data, paths)
            pages.partner_pages(site, data, paths)
            pages.pathway_pages(site, data, paths)
            pages.metric_pages(site, data, paths, charts)
            pages.search_page(site, data)
            view_files = _networks(site, engine, data, paths) if networks else []
            (tmp / "downloads").mkdir(exist_ok=True)
            if not regions:
                shutil.copyfile(graph_file, tmp / "downloads" / "graph.ttl")
            _downloads(site, view_files, graph=not regions, libraries=charts.versions())
            files = sum(1 for p in tmp.rglob("*") if p.is_file())
            publish(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    finally:
        version.close()
    return ReportSummary(out, len(site.pages), files, len(data.regions), len(data.table("documents").rows),
                         time.perf_counter() - started)


def _networks(site, engine, data, paths) -> list[tuple[str, str]]:
    """The network pages (the views' own offline pages) and each view's GraphML export."""
    from rrp_graph.views import exports
    from rrp_graph.views.network import Filters, build_view
    from rrp_graph.views.pages import render_page
    from rrp_graph.views.report.pages import CORPUS_VIEWS, REGION_VIEWS

    files = []
    for view, title in CORPUS_VIEWS:
        if data.limited:  # a report of some regions: the corpus-wide views would show the others too
            continue
        graph = build_view(view, engine)
        site.write(paths.network(view), render_page(graph))
        for path, data_bytes in exports.view_files(graph, "graphml", Path(f"downloads/{view}.graphml")).items():
            site.write(str(path), data_bytes)
            files.append((str(path), f"{title} (GraphML)"))
    for label in data.regions:
        for view, _title in REGION_VIEWS:
            graph = build_view(view, engine, Filters(region=label))
            site.write(paths.network(view, label), render_page(graph))
    return files


def _downloads(site, view_files: list[tuple[str, str]], *, graph: bool, libraries: dict[str, str]) -> None:
    csvs = sorted(str(p.relative_to(site.root)) for p in site.root.rglob("*.csv"))
    site.page("downloads.html", "downloads.html.j2", title="Downloads", csvs=csvs, views=view_files, graph=graph,
              libraries=libraries)
