"""Write the neutral graph model to JSON, GraphML, GEXF, CSV or HTML."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from .analyze import METRICS, to_networkx
from .errors import InputError
from .model import Edge, Graph, Node
from .render import write_html

__all__ = ["FORMATS", "export", "node_link", "flat_networkx"]

NODE_COLUMNS = ("id", "name", "type", "aliases", "mentions", "documents", "community", *METRICS)
EDGE_COLUMNS = ("id", "source", "target", "type", "directed", "weight", "first_date", "last_date",
                "evidence")


def _evidence(edge: Edge) -> list[dict[str, Any]]:
    return [{"doc": ev.doc_id, "sentence": ev.sentence, "date": ev.date, "date_text": ev.date_text,
             "verb": ev.verb} for ev in edge.evidence]


def _node_record(node: Node) -> dict[str, Any]:
    record: dict[str, Any] = {"id": node.id, "name": node.name, "type": node.type,
                              "aliases": list(node.aliases), "mentions": node.mentions,
                              "documents": node.documents, "community": node.community}
    record.update(node.metrics)
    return record


def node_link(graph: Graph) -> dict[str, Any]:
    """networkx node-link data (key ``edges``) with evidence lists on the edges."""
    g = nx.MultiDiGraph()
    for node in graph.nodes:
        g.add_node(node.id, **{k: v for k, v in _node_record(node).items() if k != "id"})
    for edge in graph.edges:
        g.add_edge(edge.source, edge.target, key=edge.id, type=edge.type, weight=edge.weight,
                   directed=edge.directed, evidence=_evidence(edge))
    data = nx.node_link_data(g, edges="edges")
    data["graph"] = {"selection": graph.meta.get("selection", "whole graph"),
                     "documents": graph.meta.get("documents", 0)}
    return data


def flat_networkx(graph: Graph, *, edge_type_key: str = "type") -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars, as GraphML and GEXF (and Gephi) need:
    aliases joined with `` | ``, evidence as a JSON string, missing values dropped.

    GEXF reserves the edge attribute ``type`` (directed or undirected), so GEXF files
    carry the relation type as ``relation`` (``edge_type_key``)."""
    g = to_networkx(graph)
    for _, attrs in g.nodes(data=True):
        attrs["label"] = attrs["name"]
        attrs["aliases"] = " | ".join(attrs["aliases"])
        for key in [k for k, v in attrs.items() if v is None]:
            del attrs[key]
    for _, _, attrs in g.edges(data=True):
        dates = sorted({e["date"] for e in attrs["evidence"] if e["date"]})
        if dates:
            attrs["first_date"], attrs["last_date"] = dates[0], dates[-1]
        attrs["evidence"] = json.dumps(attrs["evidence"], ensure_ascii=False)
        attrs["label"] = attrs[edge_type_key] = attrs.pop("type")
    return g


def _write_json(graph: Graph, out: Path) -> list[Path]:
    out.write_text(json.dumps(node_link(graph), ensure_ascii=False, indent=1), encoding="utf-8")
    return [out]


def _write_graphml(graph: Graph, out: Path) -> list[Path]:
    nx.write_graphml(flat_networkx(graph), out, named_key_ids=True)
    return [out]


def _write_gexf(graph: Graph, out: Path) -> list[Path]:
    nx.write_gexf(flat_networkx(graph, edge_type_key="relation"), out)
    return [out]


def _write_csv(graph: Graph, out: Path) -> list[Path]:
    """``out`` is a folder (created) receiving nodes.csv and edges.csv."""
    out.mkdir(parents=True, exist_ok=True)
    nodes_path, edges_path = out / "nodes.csv", out / "edges.csv"
    with nodes_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, NODE_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        for node in graph.nodes:
            row = _node_record(node)
            row["aliases"] = " | ".join(node.aliases)
            writer.writerow(row)
    with edges_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, EDGE_COLUMNS)
        writer.writeheader()
        for edge in graph.edges:
            dates = edge.dates
            writer.writerow({"id": edge.id, "source": edge.source, "target": edge.target,
                             "type": edge.type, "directed": edge.directed, "weight": edge.weight,
                             "first_date": dates[0] if dates else "", "last_date": dates[-1] if dates else "",
                             "evidence": json.dumps(_evidence(edge), ensure_ascii=False)})
    return [nodes_path, edges_path]


def _write_html(graph: Graph, out: Path) -> list[Path]:
    return [write_html(graph, out, title=f"newsgraph: {graph.meta.get('selection', 'whole graph')}")]


FORMATS: dict[str, Callable[[Graph, Path], list[Path]]] = {
    "json": _write_json,
    "graphml": _write_graphml,
    "gexf": _write_gexf,
    "csv": _write_csv,
    "html": _write_html,
}


def export(graph: Graph, fmt: str, out: str | Path) -> list[Path]:
    """Write ``graph`` as ``fmt`` to ``out`` and return the files written.

    For ``csv``, ``out`` is a folder that receives ``nodes.csv`` and ``edges.csv``.
    """
    if fmt not in FORMATS:
        raise InputError(f"Unknown format {fmt!r}; choose from {', '.join(FORMATS)}.")
    path = Path(out)
    parent = path if fmt == "csv" else path.parent
    if not (parent.exists() or fmt == "csv" and parent.parent.exists()):
        raise InputError(f"Cannot write {str(path)!r}: folder {str(parent)!r} does not exist.")
    return FORMATS[fmt](graph, path)
