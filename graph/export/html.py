"""Render the graph as one self-contained, offline HTML page: the explorer.

The page inlines vis-network (shipped in the pyvis package) and embeds the graph as JSON
inside a ``<script type="application/json">`` element, with ``<``, ``>`` and ``&`` escaped.
Its own script builds every piece of text with ``textContent``, and a
Content-Security-Policy forbids network requests. Like pyvis pages, it keeps the vis
Network object in the global ``network``.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from graph.analysis.centrality import METRICS
from graph.analysis.layout import positions
from graph.errors import SelectionError
from graph.model import Edge, Evidence, Graph, Node
from graph.schema import CO_MENTIONED, entity_colors, relation_types

__all__ = ["TYPE_COLORS", "COMMUNITY_COLORS", "EVIDENCE_PER_EDGE", "LAYOUT_IN_PYTHON_ABOVE",
           "OVERVIEW_NODES", "EXPAND_BATCH", "overview", "plausible_dates", "render_html", "write_html", "page_data", "pack", "caption", "script_json", "InlinePage", "inline"]

TYPE_COLORS = entity_colors()
#: Colours of the largest communities (Louvain numbers them by size); the rest are grey.
COMMUNITY_COLORS = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
                    "#9a6324", "#469990", "#800000", "#808000", "#000075", "#bfef45", "#fabed4")
#: Evidence sentences embedded per edge, most recent first; the panel counts the rest.
EVIDENCE_PER_EDGE = 5
#: Above this many nodes, positions come from Python and physics is off, so the page opens
#: at once; below, vis-network's physics settles in a few seconds from those positions.
LAYOUT_IN_PYTHON_ABOVE = 500
#: Above LAYOUT_IN_PYTHON_ABOVE nodes the page embeds everything but first draws an overview:
#: this many of the most central entities of the largest connected part (the page has a
#: control for the number). Smaller pages draw everything.
OVERVIEW_NODES = 120
#: Neighbours one "expand" (or "draw more") draws at most, actions first, then the most
#: central by the size measure: a hub's hundreds would make the view unreadable.
EXPAND_BATCH = 40
#: Co-mention lines the overview draws per entity at most: the weakest are left out.
OVERVIEW_COMENTIONS = 1.5
#: Co-mention edges embed fewer evidence sentences than actions: they are most of the page.
EVIDENCE_PER_COMENTION = 2
#: Evidence dated more than this many years after its document (or, for undated
#: documents, after the corpus's median evidence date), or before MIN_YEAR, is misread.
MAX_YEARS_AHEAD = 3
MIN_YEAR = 1900


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as unicode escapes, so no text can close the
    element or open another; line separators are escaped for old parsers.

    >>> script_json({"name": "</script><img src=x onerror=alert(1)>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _vis_js() -> str:
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    return path.read_text("utf-8").replace("</script", "<\\/script")


def _asset(name: str) -> str:
    return resources.files("graph.export").joinpath(f"templates/{name}").read_text("utf-8")


def _recent_first(evidence: tuple[Evidence, ...]) -> list[Evidence]:
    """Dated evidence newest first; then evidence whose date is known only as written
    ("May 19", in an undated article); then the rest, each in document order."""
    dated = sorted((ev for ev in evidence if ev.date), key=lambda ev: ev.date or "", reverse=True)
    return (dated + [ev for ev in evidence if not ev.date and ev.date_text]
            + [ev for ev in evidence if not ev.date and not ev.date_text])


class _Table:
    """Strings stored once and referred to by index (titles, sentences)."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.items)
            self.items.append(text)
        return self.index[text]


def _node_record(node: Node, xy: tuple[float, float] | None) -> dict[str, Any]:
    record: dict[str, Any] = {"id": node.id, "name": node.name, "type": node.type,
                              "aliases": [a for a in node.aliases if a != node.name],
                              "mentions": node.mentions, "documents": node.documents,
                              "metrics": {k: float(f"{v:.3g}") for k, v in node.metrics.items() if k in METRICS}}
    if node.roles:
        record["roles"] = list(node.roles)
    if node.country:
        record["country"] = node.country
    if node.subtype:
        record["subtype"] = node.subtype
    if node.community is not None:
        record["community"] = node.community
    if xy is not None:
        record["x"], record["y"] = xy
    return record


def _edge_record(edge: Edge, sentences: _Table, docs: _Table, titles: dict[str, str]) -> dict[str, Any]:
    evidence = []
    keep = EVIDENCE_PER_COMENTION if edge.type == CO_MENTIONED else EVIDENCE_PER_EDGE
    for ev in _recent_first(edge.evidence)[:keep]:
        item: dict[str, Any] = {"s": sentences(ev.sentence), "doc": docs(titles.get(ev.doc_id, ev.doc_id))}
        for key, value in (("date", ev.date), ("when", ev.date_text), ("verb", ev.verb),
                           ("by", ev.reported_by)):
            if value:
                item[key] = value
        if ev.negated:
            item["negated"] = True
        if ev.hypothetical:
            item["hypothetical"] = True
        evidence.append(item)
    dates = Counter(ev.date for ev in edge.evidence if ev.date)
    record: dict[str, Any] = {"id": edge.id, "from": edge.source, "to": edge.target, "relation": edge.type,
                              "weight": edge.weight, "directed": edge.directed, "status": edge.status,
                              "dates": sorted(dates.items()), "evidence": evidence}
    counted = Counter(ev.date for ev in edge.evidence if ev.date and ev.asserted)
    if counted != dates:
        # The page's date window recounts the weight from these: asserted sentences only.
        record["counted"] = sorted(counted.items())
    return record


def plausible_dates(graph: Graph) -> list[str]:
    """The evidence dates of ``graph`` that can be real, sorted: not before :data:`MIN_YEAR`
    and at most :data:`MAX_YEARS_AHEAD` years after the document's date (``meta["dates"]``,
    document id to ISO date, when the store knows it). For an undated document,
    graph/pipeline/dates.py resolves only phrases that state a year ("by 2046", "in 1800"),
    often targets or history; they are measured against the most common evidence year
    (news mostly dates what happened that year).

    >>> from graph.model import Edge, Evidence, Graph
    >>> ev = [Evidence("d", "s", 0, 1, d) for d in ("1800", "2004-05-01", "2005", "2005-02", "2046")]
    >>> plausible_dates(Graph((), (Edge("e", "a", "b", "MET", 5, True, tuple(ev)),), {}))
    ['2004-05-01', '2005', '2005-02']
    """
    evidence = [ev for e in graph.edges for ev in e.evidence if ev.date]
    if not evidence:
        return []
    known = graph.meta.get("dates") or {}
    recent = Counter(int(ev.date[:4]) for ev in evidence if ev.date).most_common(1)[0][0]
    out = []
    for ev in evidence:
        base = known.get(ev.doc_id)
        year = int(ev.date[:4]) if ev.date else 0
        if MIN_YEAR <= year <= (int(base[:4]) if base else recent) + MAX_YEARS_AHEAD:
            out.append(ev.date or "")
    return sorted(out)


def overview(graph: Graph, size: int = OVERVIEW_NODES) -> tuple[list[str], int]:
    """The order in which a large page draws entities, and the co-mention weight it draws.

    Co-mentions are drawn from the weight that leaves at most :data:`OVERVIEW_COMENTIONS`
    lines per entity among the ``2 * size`` entities of highest PageRank; actions always.
    The order is the largest connected part under those edges, by PageRank: the page draws
    its first ``size``, so isolated fragments are not drawn until asked for.

    Returns:
        Node ids, most central first, and the minimum co-mention weight.
    """
    ranked = sorted(graph.nodes, key=lambda n: -n.metrics.get("pagerank", 0.0))
    top = {n.id for n in ranked[:2 * size]}
    weights = sorted((e.weight for e in graph.edges
                      if e.type == CO_MENTIONED and e.source in top and e.target in top), reverse=True)
    allowed = int(OVERVIEW_COMENTIONS * size)
    min_weight = max(1, weights[allowed] + 1) if len(weights) > allowed else 1
    parent = {n.id: n.id for n in graph.nodes}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for e in graph.edges:
        if (e.type != CO_MENTIONED or e.weight >= min_weight) and e.source in parent and e.target in parent:
            parent[root(e.source)] = root(e.target)
    sizes = Counter(root(n.id) for n in graph.nodes)
    # The part holding the most of the top entities, not merely the most entities.
    main = Counter(root(n.id) for n in ranked[:2 * size]).most_common(1)[0][0] if ranked else None
    return [n.id for n in ranked if root(n.id) == main and sizes[main] > 1], min_weight


def caption(graph: Graph, *, built: datetime | None = None) -> str:
    """What the page shows: selection, counts, date range and when it was built.

    >>> from graph.model import Graph
    >>> caption(Graph((), (), {"documents": 2, "selection": "types Person"}),
    ...         built=datetime(2025, 5, 20, 9, 30, tzinfo=timezone.utc))
    '0 entities and 0 relations from 2 document(s); types Person; built 2025-05-20 09:30 UTC'
    """
    dates = plausible_dates(graph)
    span = f"; evidence dated {dates[0]} to {dates[-1]}" if dates else ""
    when = built or datetime.now(timezone.utc)
    return (f"{len(graph.nodes)} entities and {len(graph.edges)} relations from "
            f"{graph.meta.get('documents', 0)} document(s); {graph.meta.get('selection', 'whole graph')}"
            f"{span}; built {when:%Y-%m-%d %H:%M} UTC")


def _boxes(graph: Graph, ids: list[str], size_by: str) -> dict[str, tuple[float, float]]:
    """Width and height, in page pixels, of each node's dot with its label beneath, as
    graph.js draws them (dot radius 8 + 32 sqrt(value / top), 14 px labels)."""
    value = {n.id: (n.mentions if size_by == "mentions" else n.metrics.get(size_by, 0.0)) for n in graph.nodes}
    top = max(value.values(), default=0.0) or 1.0
    names = {n.id: n.name for n in graph.nodes}
    out = {}
    for node_id in ids:
        radius = 8 + 32 * (max(value[node_id], 0.0) / top) ** 0.5
        # ~7.5 px a character at 14 px, and a margin, so neighbours' labels stay apart.
        out[node_id] = (max(2 * radius, 7.5 * len(names[node_id])) + 12, 2 * radius + 24)
    return out


def page_data(graph: Graph, *, size_by: str = "pagerank", color_by: str = "type") -> dict[str, Any]:
    """Everything the page's script needs, as plain JSON-ready data.

    Raises:
        SelectionError: ``size_by`` is not a metric, or ``color_by`` is neither ``type``
            nor ``community``.
    """
    if size_by not in METRICS:
        raise SelectionError(f"Unknown metric {size_by!r}; choose from {', '.join(METRICS)}.")
    if color_by not in ("type", "community"):
        raise SelectionError(f"Unknown colouring {color_by!r}; choose from type, community.")
    titles = graph.meta.get("titles", {})
    sentences, docs = _Table(), _Table()
    large = len(graph.nodes) > LAYOUT_IN_PYTHON_ABOVE
    order, co_weight = overview(graph) if large else ([], 1)
    if large:
        first = order[:OVERVIEW_NODES]
        xy = positions(graph, only=first, boxes=_boxes(graph, first, size_by))
    else:
        xy = positions(graph) if graph.nodes else {}
    dates = plausible_dates(graph)
    counts = graph.counts()
    types = relation_types()
    relations = [{"name": rt.name, "label": rt.label, "color": rt.color,
                  "directed": not rt.symmetric, "count": counts["edges"][rt.name]}
                 for rt in types.values() if rt.name in counts["edges"]]
    relations += [{"name": name, "label": name.lower().replace("_", " "), "color": "#888888",
                   "directed": True, "count": n}
                  for name, n in counts["edges"].items() if name not in types]
    type_order = {t: i for i, t in enumerate(TYPE_COLORS)}
    index = {n.id: i for i, n in enumerate(graph.nodes)}
    return {
        "sizeBy": size_by,
        "colorBy": color_by,
        "metrics": list(METRICS),
        "coMention": CO_MENTIONED,
        "types": [{"name": t, "color": TYPE_COLORS.get(t, "#999999"), "count": counts["nodes"][t]}
                  for t in sorted(counts["nodes"], key=lambda t: (type_order.get(t, len(type_order)), t))],
        "relations": relations,
        "communityColors": list(COMMUNITY_COLORS),
        "evidencePerEdge": EVIDENCE_PER_EDGE,
        "physics": not large,
        # Large pages: node indexes in drawing order, the first overviewSize drawn at first.
        "overview": ([index[i] for i in order] if large else None),
        "overviewSize": OVERVIEW_NODES if large else len(graph.nodes),
        "expandBatch": EXPAND_BATCH,
        "coMinWeight": co_weight,
        "dateRange": [dates[0], dates[-1]] if dates else None,
        "nodes": [_node_record(n, xy.get(n.id)) for n in graph.nodes],
        "edges": [_edge_record(e, sentences, docs, titles) for e in graph.edges],
        "sentences": sentences.items,
        "docs": docs.items,
    }


# "subtype" last: most nodes have none, so their rows end before it.
_NODE_KEYS = ("id", "name", "type", "aliases", "mentions", "documents", "metrics", "community", "roles",
              "country", "x", "y", "subtype")
_EDGE_KEYS = ("id", "from", "to", "relation", "weight", "directed", "status", "dates", "evidence", "counted")


def pack(data: dict[str, Any]) -> dict[str, Any]:
    """:func:`page_data` with nodes and edges as rows instead of objects (graph.js
    unpacks them): keys, node ids inside edges and metric names are not repeated, which
    halves a large page. Trailing empty fields are dropped."""
    def row(record: dict[str, Any], keys: tuple[str, ...]) -> list[Any]:
        out = [record.get(k) for k in keys]
        while out and out[-1] is None:
            out.pop()
        return out

    index = {n["id"]: i for i, n in enumerate(data["nodes"])}
    types = [t["name"] for t in data["types"]]
    relations = [r["name"] for r in data["relations"]]
    nodes = []
    for n in data["nodes"]:
        rec = dict(n, type=types.index(n["type"]), metrics=[n["metrics"].get(m, 0) for m in data["metrics"]])
        nodes.append(row(rec, _NODE_KEYS))
    edges = []
    for e in data["edges"]:
        rec = dict(e, **{"from": index[e["from"]], "to": index[e["to"]], "relation": relations.index(e["relation"]),
                         "directed": int(e["directed"]), "dates": e["dates"] or None})
        edges.append(row(rec, _EDGE_KEYS))
    return {**data, "nodes": nodes, "edges": edges, "packed": True}


def render_html(graph: Graph, *, title: str = "newsgraph", size_by: str = "pagerank",
                color_by: str | None = None) -> str:
    """The page as a string: vis-network inlined, data embedded as escaped JSON, and a
    Content-Security-Policy that forbids any network request.

    Args:
        graph: the (selected) graph to show.
        title: the page's heading.
        size_by: the metric that sizes nodes at first (the page can switch).
        color_by: ``type`` or ``community``, the first colouring (the page can switch);
            by default communities on a page that opens on an overview, else types.
    """
    if color_by is None:
        color_by = "community" if len(graph.nodes) > LAYOUT_IN_PYTHON_ABOVE else "type"
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_asset("graph.html"))
    return template.render(
        title=title, caption=caption(graph), style=Markup(_asset("graph.css")), vis_js=Markup(_vis_js()),
        data_json=Markup(script_json(pack(page_data(graph, size_by=size_by, color_by=color_by)))),
        app_js=Markup(_asset("graph.js").replace("</script", "<\\/script")),
    )


def write_html(graph: Graph, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`render_html` to ``path``."""
    path = Path(path)
    path.write_text(render_html(graph, **kwargs), encoding="utf-8")
    return path


class InlinePage:
    """The page inside an ``<iframe srcdoc>``, for Jupyter (``_repr_html_``)."""

    def __init__(self, page: str, height: int) -> None:
        self.page, self.height = page, height

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" style="width: 100%; '
                f'height: {int(self.height)}px; border: 1px solid #ddd" sandbox="allow-scripts"></iframe>')


def inline(graph: Graph, *, height: int = 640, **kwargs: Any) -> InlinePage:
    """The page for a notebook cell: ``inline(g)`` as the cell's last line shows it."""
    return InlinePage(render_html(graph, **kwargs), height)
