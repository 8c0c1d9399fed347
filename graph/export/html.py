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
           "render_html", "write_html", "page_data", "caption", "script_json", "InlinePage", "inline"]

TYPE_COLORS = entity_colors()
#: Colours of the largest communities (Louvain numbers them by size); the rest are grey.
COMMUNITY_COLORS = ("#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6",
                    "#9a6324", "#469990", "#800000", "#808000", "#000075", "#bfef45", "#fabed4")
#: Evidence sentences embedded per edge, most recent first; the panel counts the rest.
EVIDENCE_PER_EDGE = 5
#: Above this many nodes, positions come from Python and physics is off, so the page opens
#: at once; below, vis-network's physics settles in a few seconds from those positions.
LAYOUT_IN_PYTHON_ABOVE = 500


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
                              "metrics": {k: v for k, v in node.metrics.items() if k in METRICS}}
    if node.roles:
        record["roles"] = list(node.roles)
    if node.country:
        record["country"] = node.country
    if node.community is not None:
        record["community"] = node.community
    if xy is not None:
        record["x"], record["y"] = xy
    return record


def _edge_record(edge: Edge, sentences: _Table, docs: _Table, titles: dict[str, str]) -> dict[str, Any]:
    evidence = []
    for ev in _recent_first(edge.evidence)[:EVIDENCE_PER_EDGE]:
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


def caption(graph: Graph, *, built: datetime | None = None) -> str:
    """What the page shows: selection, counts, date range and when it was built.

    >>> from graph.model import Graph
    >>> caption(Graph((), (), {"documents": 2, "selection": "types Person"}),
    ...         built=datetime(2025, 5, 20, 9, 30, tzinfo=timezone.utc))
    '0 entities and 0 relations from 2 document(s); types Person; built 2025-05-20 09:30 UTC'
    """
    dates = sorted(d for e in graph.edges for d in e.dates)
    span = f"; evidence dated {dates[0]} to {dates[-1]}" if dates else ""
    when = built or datetime.now(timezone.utc)
    return (f"{len(graph.nodes)} entities and {len(graph.edges)} relations from "
            f"{graph.meta.get('documents', 0)} document(s); {graph.meta.get('selection', 'whole graph')}"
            f"{span}; built {when:%Y-%m-%d %H:%M} UTC")


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
    xy = positions(graph) if graph.nodes else {}
    counts = graph.counts()
    types = relation_types()
    relations = [{"name": rt.name, "label": rt.label, "color": rt.color,
                  "directed": not rt.symmetric, "count": counts["edges"][rt.name]}
                 for rt in types.values() if rt.name in counts["edges"]]
    relations += [{"name": name, "label": name.lower().replace("_", " "), "color": "#888888",
                   "directed": True, "count": n}
                  for name, n in counts["edges"].items() if name not in types]
    order = {t: i for i, t in enumerate(TYPE_COLORS)}
    return {
        "sizeBy": size_by,
        "colorBy": color_by,
        "metrics": list(METRICS),
        "coMention": CO_MENTIONED,
        "types": [{"name": t, "color": TYPE_COLORS.get(t, "#999999"), "count": counts["nodes"][t]}
                  for t in sorted(counts["nodes"], key=lambda t: (order.get(t, len(order)), t))],
        "relations": relations,
        "communityColors": list(COMMUNITY_COLORS),
        "evidencePerEdge": EVIDENCE_PER_EDGE,
        "physics": not large,
        "nodes": [_node_record(n, xy.get(n.id)) for n in graph.nodes],
        "edges": [_edge_record(e, sentences, docs, titles) for e in graph.edges],
        "sentences": sentences.items,
        "docs": docs.items,
    }


def render_html(graph: Graph, *, title: str = "newsgraph", size_by: str = "pagerank",
                color_by: str = "type") -> str:
    """The page as a string: vis-network inlined, data embedded as escaped JSON, and a
    Content-Security-Policy that forbids any network request.

    Args:
        graph: the (selected) graph to show.
        title: the page's heading.
        size_by: the metric that sizes nodes at first (the page can switch).
        color_by: ``type`` or ``community``, the first colouring (the page can switch).
    """
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_asset("graph.html"))
    return template.render(
        title=title, caption=caption(graph), style=Markup(_asset("graph.css")), vis_js=Markup(_vis_js()),
        data_json=Markup(script_json(page_data(graph, size_by=size_by, color_by=color_by))),
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
