"""The report's pages, each from the rows of the canned queries (rrp_graph.views.report.data).

    index.html                    overview: the corpus in figures, region × pathway heat maps, tracker status
    regions/REGION.html           targets (charts and tables), commitments and progress, partners by pathway,
                                  prisons, programmes and people named, the region's network views
    partners/ pathways/ metrics/  a page per partner, pathway and metric, and an index of each
    source/DOCUMENT.html          the normalised text, every statement and name marked and anchored
    search.html                   every statement, searchable offline (MiniSearch)
    downloads.html                every table's CSV, the graph (Turtle) and the view exports

Every statement shown links to `source/DOCUMENT.html#STATEMENT` (its words, highlighted by :target); a name
to `#m-START`; a figure to the section listing the statements behind it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rrp_graph.read.text import slugify
from rrp_graph.views.report.data import SiteData, Table, comparison_targets, group, tail
from rrp_graph.views.report.site import Site
from rrp_graph.views.report.source import KIND_CLASSES, kind_class, marked_text, mention_anchor
from rrp_graph.views.report.tables import Cell, Grid, grid, heat_class, text

COVERAGE = (("commitments", "Commitments"), ("progress", "Progress statements"), ("partners", "Partners"))
REGION_VIEWS = (("partner-pathway", "Partners and pathways"),
                ("commitment-progress", "Commitments and their reported progress"))
CORPUS_VIEWS = (("region-pathway-partner", "Regions, pathways and partners"),
                ("partner-pathway", "Partners and pathways"))


class Paths:
    """Site paths (relative to the site's root) of every page, made once so that names never collide."""

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.partners: dict[str, str] = {}
        self.partner_labels: dict[str, str] = {}
        used: set[str] = set()
        rows = data.table("partners").rows + data.table("partners-by-pathway").rows
        for row in rows:
            iri = row["partner_iri"]
            if iri in self.partners:
                continue
            slug = tail(iri)
            while slug in used:
                slug += "-2"
            used.add(slug)
            self.partners[iri] = f"partners/{slug}.html"
            self.partner_labels.setdefault(row["partner"], iri)
        pathways = [r["pathway"] for r in data.table("pathway-coverage").rows]
        pathways += [r["pathway"] for r in data.table("partners-by-pathway").rows]
        self.pathways = {p: f"pathways/{slugify(p)}.html" for p in dict.fromkeys(pathways)}
        self.metrics = {m: f"metrics/{slugify(m)}.html" for m in data.comparisons}

    def region(self, label: str, section: str = "") -> str:
        return f"regions/{self.data.region_slug(label)}.html" + (f"#{section}" if section else "")

    def partner(self, iri: str | None) -> str | None:
        return self.partners.get(iri or "")

    def partner_by_label(self, label: str) -> str | None:
        return self.partner(self.partner_labels.get(label))

    def document(self, identifier: str) -> str:
        return f"source/{tail(identifier)}.html"

    def network(self, view: str, region: str | None = None) -> str:
        return f"networks/{self.data.region_slug(region) + '-' if region else ''}{view}.html"


def pathway_anchor(pathway: str) -> str:
    return f"pathway-{slugify(pathway)}"


def unique(rows: list[dict[str, Any]], *keys: str) -> list[dict[str, Any]]:
    """Rows with the first of each combination of `keys` (pathway-evidence gives one row per cue word)."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for row in rows:
        key = tuple(row[k] for k in keys)
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def statement_link(data: SiteData, column: str) -> Any:
    return lambda row: data.anchor(row.get(column))


# --- shared pieces ---------------------------------------------------------------------------------


def heat_maps(site: Site, data: SiteData, paths: Paths, coverage: Table, csv: str, *, by: str) -> list[Grid]:
    """Region × pathway (or pathway × region) coverage as heat-map tables, one per measure, zeros shown."""
    rows_key, cols_key = ("region", "pathway") if by == "region" else ("pathway", "region")
    row_names = list(dict.fromkeys(r[rows_key] for r in coverage.rows))
    col_names = list(dict.fromkeys(r[cols_key] for r in coverage.rows))
    cells = {(r[rows_key], r[cols_key]): r for r in coverage.rows}
    maps = []
    for measure, title in COVERAGE:
        top = max((int(r[measure] or 0) for r in coverage.rows), default=0)
        body = []
        for name in row_names:
            head = Cell(name, paths.region(name) if rows_key == "region" else paths.pathways.get(name))
            line = [head]
            for col in col_names:
                row = cells.get((name, col))
                value = int(row[measure] or 0) if row else 0
                region, pathway = (name, col) if rows_key == "region" else (col, name)
                href = paths.region(region, pathway_anchor(pathway)) if value else None
                line.append(Cell(str(value), href, heat_class(value, top)))
            body.append(line)
        maps.append(Grid(f"{title} by {rows_key} and {cols_key} (pathway-coverage)",
                         [(rows_key.capitalize(), False)] + [(c, True) for c in col_names], body, csv,
                         classes="heat"))
    return maps


def target_rows(data: SiteData, metric: str, own: str | None) -> list[dict[str, Any]]:
    """The rows a metric's chart draws: every target of `own` and each other region's latest edition."""
    rows = comparison_targets(data, metric)
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row["region"] != own and (row["region"] not in latest
                                     or text(row["deadline"]) >= text(latest[row["region"]]["deadline"])):
            latest[row["region"]] = row
    chosen = [r for r in rows if r["region"] == own or latest.get(r["region"]) is r]
    counts: dict[str, int] = defaultdict(int)
    for row in chosen:
        counts[row["region"]] += 1
    out = []
    for row in chosen:
        label = row["region"] + (f" (by {text(row['deadline'])})" if counts[row["region"]] > 1 else "")
        baseline, target = row["baseline_pct"], row["target_pct"]
        description = (f"{label}: {text(baseline)}% in {text(row['baseline_date']) or 'an unstated month'}"
                       + (f" to {text(target)}% by {text(row['deadline']) or 'an unstated date'}"
                          if target is not None else ", no target value stated"))
        out.append({**row, "label": label, "baseline": float(baseline) if baseline is not None else None,
                    "target": float(target) if target is not None else None,
                    "href": "../" + (data.anchor(row["target"]) or ""), "description": description})
    return out


def chart(data: SiteData, metric: str, own: str | None, charts: Any, *, draw: bool = True) -> dict[str, Any]:
    rows = target_rows(data, metric, own)
    title = f"{metric}: baseline (circle) to target (diamond), per cent"
    spec = charts.target_spec(rows, title, own)
    svg = charts.render_svg(spec) if draw else ""
    numbers = Grid(f"The chart's numbers: {metric}",
                   [("Region", False), ("Baseline %", True), ("Baseline date", False), ("Target %", True),
                    ("Deadline", False), ("Source", False)],
                   [[Cell(r["label"]), Cell(text(r["baseline_pct"]), cls="num"), Cell(text(r["baseline_date"])),
                     Cell(text(r["target_pct"]), cls="num"), Cell(text(r["deadline"])),
                     Cell("the sentence", r["href"][3:] or None)] for r in rows])
    return {"metric": metric, "svg": svg, "title": title, "numbers": numbers, "spec": spec}


def region_charts(data: SiteData, metrics: list[str], own: str, charts: Any) -> dict[str, Any]:
    """A region's target charts, one per metric, drawn as one stacked SVG (one vl-convert call per region)."""
    parts = [chart(data, m, own, charts, draw=False) for m in metrics]
    title = f"Targets of {own} beside the other regions' latest: baseline (circle) to target (diamond), per cent"
    svg = charts.render_svg(charts.stacked_spec([p["spec"] for p in parts], title)) if parts else ""
    return {"svg": svg, "title": title, "parts": parts}


# --- pages -----------------------------------------------------------------------------------------


def overview(site: Site, data: SiteData, paths: Paths) -> None:
    regions = data.table("regions")
    documents = data.table("documents")
    figures = [("documents", len(documents.rows), "#documents"), ("regions", len(data.regions), "#regions"),
               ("statements", len(data.table("statement-spans").rows), "search.html"),
               ("quantified targets", len(data.table("targets").rows), "metrics/index.html"),
               ("partners", len(data.table("partners").rows), "partners/index.html")]
    region_grid = grid(regions, ["region", "documents", "commitments", "progress", "targets", "partners"],
                       "Regions (query regions)", csv=site.csv("data/regions.csv", regions),
                       links={"region": lambda r: paths.region(r["region"])})
    doc_grid = grid(documents, ["title", "region", "kind", "period", "year", "statements"],
                    "Documents (query documents)", csv=site.csv("data/documents.csv", documents),
                    links={"title": lambda r: paths.document(r["identifier"]),
                           "region": lambda r: paths.region(r["region"])})
    coverage = data.table("pathway-coverage")
    maps = heat_maps(site, data, paths, coverage, site.csv("data/pathway-coverage.csv", coverage), by="region")
    status = data.table("commitment-status")
    status_grid = grid(status, ["region", "theme", "commitments", "reported", "partial", "none"],
                       "Commitments by tracker status (query commitment-status)",
                       csv=site.csv("data/commitment-status.csv", status),
                       links={"region": lambda r: paths.region(r["region"], "commitments")})
    site.page("index.html", "overview.html.j2", title="Regional Reducing Reoffending Plans: the report",
              built=data.built, figures=figures, regions=region_grid, documents=doc_grid, maps=maps,
              status=status_grid, networks=[] if data.limited else [(paths.network(v), t) for v, t in CORPUS_VIEWS])


def region_page(site: Site, data: SiteData, paths: Paths, label: str, charts: Any) -> None:
    slug = data.region_slug(label)
    base = f"regions/{slug}"
    summary = data.table("regions").where(region=label)
    documents = data.table("documents").where(region=label)
    targets = data.table("targets").where(region=label)
    metrics = list(dict.fromkeys(r["metric"] for r in targets.rows))
    target_grid = grid(targets, ["metric", "theme", "baseline_pct", "baseline_date", "change_pp", "target_pct",
                                 "deadline", "direction", "quote"],
                       f"Targets of {label} (query targets)", csv=site.csv(f"{base}-targets.csv", targets),
                       links={"quote": statement_link(data, "target"),
                              "metric": lambda r: paths.metrics.get(r["metric"])})
    target_grid.extra["id"] = "targets-table"
    tracker = data.table("commitment-tracker").where(region=label)
    themes = []
    for theme, rows in group(tracker.rows, "theme").items():
        part = Table(tracker.query, tracker.columns, rows, tracker.params)
        themes.append(grid(part, ["commitment", "status", "firmness", "deadline", "progress", "strength"],
                           f"{theme or 'No theme'} (query commitment-tracker)", row_headers=False,
                           links={"commitment": statement_link(data, "commitment_iri"),
                                  "progress": statement_link(data, "progress_iri")},
                           classes={"status": lambda r: f"status-{r['status']}"}))
    status = data.table("commitment-status").where(region=label)
    status_grid = grid(status, ["theme", "commitments", "reported", "partial", "none"],
                       f"Commitments of {label} by status (query commitment-status)",
                       csv=site.csv(f"{base}-commitment-status.csv", status))
    links = data.table("partners-by-pathway").where(region=label)
    link_grid = grid(links, ["partner", "pathway", "mentions", "statements", "basis"],
                     f"Partners of {label} by pathway (query partners-by-pathway)",
                     csv=site.csv(f"{base}-partners-by-pathway.csv", links),
                     links={"partner": lambda r: paths.partner(r["partner_iri"]),
                            "pathway": lambda r: paths.region(label, pathway_anchor(r["pathway"]))})
    coverage = {r["pathway"]: r for r in data.table("pathway-coverage").where(region=label).rows}
    evidence = group(data.table("pathway-evidence").where(region=label).rows, "pathway")
    by_pathway = group(links.rows, "pathway")
    pathways = []
    for pathway, row in coverage.items():
        pathways.append({"name": pathway, "anchor": pathway_anchor(pathway), "href": paths.pathways.get(pathway),
                         "coverage": row, "partners": by_pathway.get(pathway, []),
                         "evidence": [{**e, "href": data.anchor(e["statement"]),
                                       "partner_href": paths.partner_by_label(e["partner"])}
                                      for e in unique(evidence.get(pathway, []), "partner", "statement")]})
    tracker_csv = site.csv(f"{base}-commitment-tracker.csv", tracker)
    mentions = data.table("mentions").where(region=label)
    named = {}
    # The mentions query types strategies, policy papers and duties apart from programmes; listed together here.
    kinds = {"Prison": ("Prison",), "Programme": ("Programme", "Strategy", "Policy paper", "Statutory duty")}
    for kind, types in kinds.items():
        entities = []
        for _iri, rows in group([m for m in mentions.rows if m["type"] in types], "entity_iri").items():
            entities.append({"name": rows[0]["entity"], "count": len(rows),
                             "links": [paths.document(m["document"]) + "#" + mention_anchor(m) for m in rows]})
        named[kind] = sorted(entities, key=lambda e: e["name"].casefold())
    prisons = data.table("prisons").where(region=label)
    people = [{**p, "href": data.people_links.get((p["person"], label))}
              for p in data.table("people").rows if p["region"] == label]
    site.page(f"{base}.html", "region.html.j2", frames=True, title=f"{label}: Reducing Reoffending Plan",
              region=label, summary=summary.rows[0] if summary.rows else None,
              documents=[{**d, "href": paths.document(d["identifier"])} for d in documents.rows],
              figure=region_charts(data, metrics, label, charts), targets=target_grid, themes=themes,
              tracker_csv=tracker_csv, status=status_grid, links=link_grid, pathways=pathways, named=named,
              prisons_csv=site.csv(f"{base}-prisons.csv", prisons), people=people,
              networks=[(paths.network(v, label), t) for v, t in REGION_VIEWS])


def partner_pages(site: Site, data: SiteData, paths: Paths) -> None:
    partners = data.table("partners")
    site.page("partners/index.html", "listing.html.j2", title="Partners",
              intro="Every partner the plans name, most widely named first (query partners).",
              grids=[grid(partners, ["partner", "type", "regions", "pathways", "mentions"], "Partners (query partners)",
                          csv=site.csv("data/partners.csv", partners),
                          links={"partner": lambda r: paths.partner(r["partner_iri"])})])
    links = group(data.table("partners-by-pathway").rows, "partner_iri")
    evidence = group(data.table("pathway-evidence").rows, "partner")
    mentions = group(data.table("mentions").rows, "entity_iri")
    info = {r["partner_iri"]: r for r in partners.rows}
    for iri, path in paths.partners.items():
        rows = links.get(iri, [])
        name = info[iri]["partner"] if iri in info else rows[0]["partner"]
        table = Table("partners-by-pathway", data.table("partners-by-pathway").columns, rows, {"partner": name})
        regions = list(dict.fromkeys(r["region"] for r in rows))
        pathways = list(dict.fromkeys(r["pathway"] for r in rows))
        cells = {(r["region"], r["pathway"]): r for r in rows}
        top = max((int(r["statements"]) for r in rows), default=0)
        matrix = Grid(f"{name}: statements by region and pathway (query partners-by-pathway)",
                      [("Region", False)] + [(p, True) for p in pathways],
                      [[Cell(region, paths.region(region))]
                       + [Cell(str(cells[(region, p)]["statements"]) if (region, p) in cells else "0",
                               paths.region(region, pathway_anchor(p)) if (region, p) in cells else None,
                               heat_class(cells[(region, p)]["statements"] if (region, p) in cells else 0, top))
                          for p in pathways] for region in regions],
                      site.csv(path.replace(".html", "-pathways.csv"), table), classes="heat")
        quotes = [{**e, "href": data.anchor(e["statement"])}
                  for e in unique(evidence.get(name, []), "region", "pathway", "statement")]
        named = [{"document": m["document"], "region": m["region"],
                  "href": paths.document(m["document"]) + "#" + mention_anchor(m)} for m in mentions.get(iri, [])]
        site.page(path, "partner.html.j2", title=name, partner=name, info=info.get(iri), matrix=matrix,
                  quotes=quotes, mentions=named, paths=paths)


def pathway_pages(site: Site, data: SiteData, paths: Paths) -> None:
    coverage = data.table("pathway-coverage")
    maps = heat_maps(site, data, paths, coverage, "data/pathway-coverage.csv", by="pathway")
    site.page("pathways/index.html", "listing.html.j2", title="Resettlement pathways",
              intro="Each pathway across the regions: commitments, progress statements and partners "
                    "(query pathway-coverage). Zeros show gaps.",
              grids=maps)
    links = group(data.table("partners-by-pathway").rows, "pathway")
    evidence = group(data.table("pathway-evidence").rows, "pathway")
    for pathway, path in paths.pathways.items():
        rows = Table("partners-by-pathway", data.table("partners-by-pathway").columns, links.get(pathway, []),
                     {"pathway": pathway})
        partner_grid = grid(rows, ["partner", "region", "mentions", "statements", "basis"],
                            f"Partners on {pathway} (query partners-by-pathway)",
                            csv=site.csv(path.replace(".html", "-partners.csv"), rows),
                            links={"partner": lambda r: paths.partner(r["partner_iri"]),
                                   "region": lambda r: paths.region(r["region"], pathway_anchor(r["pathway"]))})
        cover = coverage.where(pathway=pathway)
        cover_grid = grid(cover, ["region", "commitments", "progress", "partners"],
                          f"{pathway} by region (query pathway-coverage)",
                          links={"region": lambda r: paths.region(r["region"], pathway_anchor(r["pathway"]))})
        quotes = [{**e, "href": data.anchor(e["statement"]), "partner_href": paths.partner_by_label(e["partner"])}
                  for e in unique(evidence.get(pathway, []), "region", "partner", "statement")]
        site.page(path, "pathway.html.j2", title=pathway, pathway=pathway, partners=partner_grid,
                  coverage=cover_grid, quotes=quotes)


def metric_pages(site: Site, data: SiteData, paths: Paths, charts: Any) -> None:
    items = []
    for metric, path in paths.metrics.items():
        rows = comparison_targets(data, metric)
        table = data.comparisons[metric]
        items.append((metric, path, len(rows)))
        comparison = grid(Table(table.query, table.columns, rows, table.params),
                          ["region", "baseline_pct", "baseline_date", "target_pct", "change_pp", "deadline", "period",
                           "direction", "document"], f"{metric} across regions (query target-comparison)",
                          csv=site.csv(path.replace(".html", ".csv"), table),
                          links={"region": lambda r: paths.region(r["region"], "targets"),
                                 "document": statement_link(data, "target")})
        site.page(path, "metric.html.j2", title=metric, metric=metric, figure=chart(data, metric, None, charts),
                  comparison=comparison)
    body = [[Cell(metric, path), Cell(str(n), cls="num")] for metric, path, n in items]
    site.page("metrics/index.html", "listing.html.j2", title="Target metrics",
              intro="Each metric the regions set targets on, all regions side by side.",
              grids=[Grid("Metrics", [("Metric", False), ("Targets", True)], body)])


def source_pages(site: Site, data: SiteData, paths: Paths) -> None:
    statements = group(data.table("statement-spans").rows, "document")
    mentions = group(data.table("mentions").rows, "document")
    for document in data.table("documents").rows:
        identifier = document["identifier"]
        rows = statements.get(identifier, [])
        counts: dict[str, int] = defaultdict(int)
        for row in rows:
            counts[row["kind"]] += 1
        legend = [(kind, kind_class(kind), counts[kind]) for kind in sorted(counts, key=lambda k: (
            list(KIND_CLASSES).index(k) if k in KIND_CLASSES else 99, k))]
        body = marked_text(data.texts[identifier], rows, mentions.get(identifier, []),
                           data.people_marks.get(identifier, []))
        site.page(paths.document(identifier), "source.html.j2", title=document["title"], document=document,
                  region_href=paths.region(document["region"]) if document["region"] in data.regions else None,
                  legend=legend, body=body, statements=len(rows))


def search_page(site: Site, data: SiteData) -> None:
    from rrp_graph.views.pages import script_json

    titles = {d["identifier"]: d["title"] for d in data.table("documents").rows}
    items = [{"id": i, "t": r["text"], "r": r["region"], "k": r["kind"], "d": titles.get(r["document"], ""),
              "h": data.anchor(r["statement"]), "s": r["shared"] is True}
             for i, r in enumerate(data.table("statement-spans").rows)]
    library, script = site.asset("vendor/minisearch-7.2.0.js"), site.asset("search.js")
    site.page("search.html", "search.html.j2", title="Search the statements", scripts=(library, script),
              library=library, script=script, index=script_json(items), count=len(items))


__all__ = ["Paths", "metric_pages", "overview", "partner_pages", "pathway_pages", "region_page", "search_page",
           "source_pages"]
