"""Render the graph as one self-contained, offline pyvis/vis-network HTML page."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from .model import Edge, Graph, Node
from .relate import CO_MENTIONED, relation_types

__all__ = ["TYPE_COLORS", "render_html", "write_html", "script_json", "MAX_EVIDENCE_IN_TOOLTIP"]

TYPE_COLORS = {
    "Person": "#4e79a7",
    "Organization": "#f28e2b",
    "Place": "#59a14f",
    "Group": "#b07aa1",
    "Event": "#edc948",
}
MAX_EVIDENCE_IN_TOOLTIP = 5
LAYOUT_IN_PYTHON_ABOVE = 500  # nodes; larger pages get positions computed here, physics off


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as unicode escapes, so no text can close the
    element or open another; line separators are escaped for old parsers.

    >>> script_json({"name": "</script><img src=x onerror=alert(1)>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text("utf-8")
    css = (lib / "vis-network.css").read_text("utf-8")
    return js.replace("</script", "<\\/script"), css.replace("</style", "<\\/style")


def _node_tooltip(node: Node) -> str:
    lines = [f"{node.name} ({node.type})"]
    others = [a for a in node.aliases if a != node.name]
    if others:
        lines.append("Also: " + ", ".join(others))
    lines.append(f"Mentions: {node.mentions} in {node.documents} document(s)")
    for key in ("pagerank", "betweenness", "degree"):
        if key in node.metrics:
            lines.append(f"{key}: {node.metrics[key]:.4g}")
    if node.community is not None:
        lines.append(f"Community: {node.community}")
    return "\n".join(lines)


def _edge_tooltip(edge: Edge, names: dict[str, str], titles: dict[str, str]) -> str:
    label = relation_types()[edge.type].label if edge.type in relation_types() else edge.type
    arrow = "\u2192" if edge.directed else "\u2014"
    lines = [f"{names[edge.source]} {arrow} {names[edge.target]}: {label} ({edge.weight}\u00d7)"]
    recent = sorted(edge.evidence, key=lambda ev: ev.date or "", reverse=True)
    for ev in recent[:MAX_EVIDENCE_IN_TOOLTIP]:
        when = ev.date or ev.date_text or "undated"
        lines.append(f"\n[{when}] {titles.get(ev.doc_id, ev.doc_id)}\n\u201c{ev.sentence}\u201d")
    if len(edge.evidence) > MAX_EVIDENCE_IN_TOOLTIP:
        lines.append(f"\n\u2026 {len(edge.evidence) - MAX_EVIDENCE_IN_TOOLTIP} more")
    return "\n".join(lines)


def _sizes(graph: Graph, size_by: str) -> dict[str, float]:
    values = {n.id: n.metrics.get(size_by, float(n.mentions)) for n in graph.nodes}
    top = max(values.values(), default=0.0) or 1.0
    return {k: 10 + 40 * math.sqrt(max(v, 0.0) / top) for k, v in values.items()}


def _positions(graph: Graph) -> dict[str, tuple[float, float]]:
    import networkx as nx

    from .analyze import undirected

    layout = nx.spring_layout(undirected(graph), seed=42, iterations=50)
    scale = 60 * math.sqrt(len(graph.nodes))
    return {k: (float(x) * scale, float(y) * scale) for k, (x, y) in layout.items()}


def _network_data(graph: Graph, size_by: str) -> dict[str, Any]:
    """Nodes, edges and options assembled with pyvis."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    sizes = _sizes(graph, size_by)
    positions = _positions(graph) if len(graph.nodes) > LAYOUT_IN_PYTHON_ABOVE else {}
    for node in graph.nodes:
        extra: dict[str, Any] = {}
        if node.id in positions:
            extra = {"x": positions[node.id][0], "y": positions[node.id][1]}
        net.add_node(node.id, label=node.name, title=_node_tooltip(node), shape="dot",
                     size=round(sizes[node.id], 2), color=TYPE_COLORS.get(node.type, "#999999"),
                     **extra)
    names = {n.id: n.name for n in graph.nodes}
    titles = graph.meta.get("titles", {})
    types = relation_types()
    parallel: dict[frozenset[str], int] = defaultdict(int)
    for edge in graph.edges:
        pair = frozenset((edge.source, edge.target))
        index = parallel[pair]
        parallel[pair] += 1
        rt = types.get(edge.type)
        net.add_edge(
            edge.source, edge.target, id=edge.id, title=_edge_tooltip(edge, names, titles),
            label=None if edge.type == CO_MENTIONED else (rt.label if rt else edge.type),
            relation=edge.type, value=edge.weight, color=rt.color if rt else "#888888",
            dashes=edge.type == CO_MENTIONED, arrows={"to": {"enabled": edge.directed}},
            smooth={"enabled": True, "type": "curvedCW", "roundness": 0.1 + 0.15 * index},
        )
    physics = not positions
    options = {
        "nodes": {"font": {"size": 14}, "borderWidth": 1},
        "edges": {"font": {"size": 11, "align": "middle"}, "scaling": {"min": 1, "max": 8},
                  "arrows": {"to": {"scaleFactor": 0.6}}},
        "physics": {"enabled": physics, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
                    "stabilization": {"enabled": physics, "iterations": 400}},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    }
    return {"nodes": net.nodes, "edges": net.edges, "options": options}


def render_html(graph: Graph, *, title: str = "newsgraph", size_by: str = "pagerank") -> str:
    """The page as a string: vis-network inlined, data embedded as escaped JSON, and a
    Content-Security-Policy that forbids any network request."""
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(resources.files("graph").joinpath("templates/graph.html").read_text("utf-8"))
    js, css = _vis_assets()
    counts = graph.counts()
    dates = sorted(d for e in graph.edges for d in e.dates)
    span = f"; evidence dated {dates[0]} to {dates[-1]}" if dates else ""
    caption = (f"{len(graph.nodes)} entities and {len(graph.edges)} relations from "
               f"{graph.meta.get('documents', 0)} document(s); {graph.meta.get('selection', 'whole graph')}"
               f"{span}; built {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")
    present = set(counts["nodes"])
    entity_legend = [(t, c) for t, c in TYPE_COLORS.items() if t in present]
    rel_present = set(counts["edges"])
    relation_legend = [(rt.label, rt.color, rt.name == CO_MENTIONED)
                       for rt in relation_types().values() if rt.name in rel_present]
    return template.render(
        title=title, caption=caption, entity_legend=entity_legend, relation_legend=relation_legend,
        size_by=size_by, vis_js=jinja2.utils.markupsafe.Markup(js),
        vis_css=jinja2.utils.markupsafe.Markup(css),
        data_json=jinja2.utils.markupsafe.Markup(script_json(_network_data(graph, size_by))),
    )


def write_html(graph: Graph, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`render_html` to ``path``."""
    path = Path(path)
    path.write_text(render_html(graph, **kwargs), encoding="utf-8")
    return path
