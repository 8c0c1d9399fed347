"""Write the neutral graph model to JSON, GraphML, GEXF, CSV or HTML."""

from __future__ import annotations

import calendar
import csv
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import networkx as nx

from graph.analysis.centrality import METRICS, to_networkx
from graph.errors import InputError
from graph.export.html import render_html
from graph.model import Edge, Graph, Node, xml_safe

__all__ = ["FORMATS", "STREAM_FORMATS", "export", "export_stream", "node_link", "flat_networkx", "clean_graph"]

# CSV headers in neo4j-admin's import format (`neo4j-admin database import full --nodes=nodes.csv
# --relationships=edges.csv`): typed columns, `;` separating array values, which is its default.
NODE_COLUMNS = ("id:ID", "name", "type", ":LABEL", "aliases:string[]", "roles:string[]", "country", "subtype",
                "mentions:int", "documents:int", "community:int",
                *(f"{m}:float" for m in METRICS if m != "mentions"))
EDGE_COLUMNS = (":START_ID", ":END_ID", ":TYPE", "id", "weight:int", "directed:boolean", "status",
                "first_date:date", "last_date:date", "evidence")
ARRAY_DELIMITER = ";"


def _evidence(edge: Edge) -> list[dict[str, Any]]:
    return [ev.as_dict() for ev in edge.evidence]


def _node_record(node: Node) -> dict[str, Any]:
    record: dict[str, Any] = {"id": node.id, "name": node.name, "type": node.type,
                              "aliases": list(node.aliases), "roles": list(node.roles),
                              "country": node.country, "mentions": node.mentions,
                              "documents": node.documents, "community": node.community}
    if node.subtype:  # only organisations have one; absent keeps older readers' records unchanged
        record["subtype"] = node.subtype
    record.update(node.metrics)
    return record


def node_link(graph: Graph) -> dict[str, Any]:
    """networkx node-link data (key ``edges``) with evidence lists on the edges."""
    g = nx.MultiDiGraph()
    for node in graph.nodes:
        g.add_node(node.id, **{k: v for k, v in _node_record(node).items() if k != "id"})
    for edge in graph.edges:
        g.add_edge(edge.source, edge.target, key=edge.id, type=edge.type, weight=edge.weight,
                   directed=edge.directed, status=edge.status, evidence=_evidence(edge))
    data = nx.node_link_data(g, edges="edges")
    data["graph"] = {"selection": graph.meta.get("selection", "whole graph"),
                     "documents": graph.meta.get("documents", 0)}
    return data


def flat_networkx(graph: Graph, *, edge_type_key: str = "type") -> nx.MultiDiGraph:
    """A copy whose attributes are all scalars, as GraphML and GEXF (and Gephi) need:
    aliases and roles joined with `` | ``, evidence as a JSON string, missing values dropped.

    GEXF reserves the edge attribute ``type`` (directed or undirected), so GEXF files
    carry the relation type as ``relation`` (``edge_type_key``)."""
    g = to_networkx(clean_graph(graph))  # XML 1.0 cannot hold control characters at all
    for _, attrs in g.nodes(data=True):
        attrs["label"] = attrs["name"]
        attrs["aliases"] = " | ".join(attrs["aliases"])
        attrs["roles"] = " | ".join(attrs["roles"])
        for key in [k for k, v in attrs.items() if v is None]:
            del attrs[key]
    for _, _, attrs in g.edges(data=True):
        dates = sorted({e["date"] for e in attrs["evidence"] if e["date"]})
        if dates:
            attrs["first_date"], attrs["last_date"] = dates[0], dates[-1]
        attrs["evidence"] = json.dumps(attrs["evidence"], ensure_ascii=False)
        attrs["label"] = attrs[edge_type_key] = attrs.pop("type")
    return g


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def _clean_record(record: Any) -> Any:
    changes = {f.name: _clean(getattr(record, f.name)) for f in dataclasses.fields(record)
               if isinstance(getattr(record, f.name), (str, tuple, dict))}
    return dataclasses.replace(record, **changes)


def clean_graph(graph: Graph) -> Graph:
    """``graph`` without the characters XML 1.0 forbids in any name, alias, sentence or
    caption. The store removes them on write; this covers graphs from older stores,
    Cypher queries and the selection text a user typed.

    >>> g = clean_graph(Graph((Node("a", "A\\x1b[31m", "Person"),), (), {"selection": "x\\x00"}))
    >>> g.nodes[0].name, g.meta["selection"]
    ('A[31m', 'x')
    """
    edges = tuple(dataclasses.replace(_clean_record(e), evidence=tuple(_clean_record(ev) for ev in e.evidence))
                  for e in graph.edges)
    return Graph(tuple(_clean_record(n) for n in graph.nodes), edges, _clean(dict(graph.meta)))


def _write_json(graph: Graph, fh: IO[bytes]) -> None:
    fh.write(json.dumps(node_link(graph), ensure_ascii=False, indent=1).encode("utf-8"))
    fh.write(b"\n")


def _write_graphml(graph: Graph, fh: IO[bytes]) -> None:
    nx.write_graphml(flat_networkx(graph), fh, named_key_ids=True)


def _day(date: str, last: bool) -> str:
    """A full ISO day for a partial date: the first (or ``last``) day of its month or year.

    >>> _day("2024-02", last=True), _day("2025", last=False), _day("2025-05-19", last=True)
    ('2024-02-29', '2025-01-01', '2025-05-19')
    """
    parts = date.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
    if len(parts) > 2:
        return date
    day = calendar.monthrange(year, month)[1] if last else 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def _write_gexf(graph: Graph, fh: IO[bytes]) -> None:
    """GEXF in dynamic mode: each edge lives from its first to its last evidence date and
    each entity from the first to the last date of its edges, so Gephi's timeline works.
    Undated edges and entities have no interval, which Gephi reads as always present."""
    g = flat_networkx(graph, edge_type_key="relation")
    spans: dict[str, list[str]] = {}
    for source, target, attrs in g.edges(data=True):
        if "first_date" in attrs:
            attrs["start"], attrs["end"] = _day(attrs["first_date"], False), _day(attrs["last_date"], True)
            for node in (source, target):
                span = spans.setdefault(node, [attrs["start"], attrs["end"]])
                span[0], span[1] = min(span[0], attrs["start"]), max(span[1], attrs["end"])
    for node, (start, end) in spans.items():
        g.nodes[node]["start"], g.nodes[node]["end"] = start, end
    nx.write_gexf(g, fh)


def _array(values: tuple[str, ...]) -> str:
    return ARRAY_DELIMITER.join(v.replace(ARRAY_DELIMITER, ",") for v in values)


def _write_csv(graph: Graph, out: Path) -> list[Path]:
    """``out`` is a folder (created) receiving nodes.csv and edges.csv, whose headers are
    ready for ``neo4j-admin database import`` (labels ``Entity`` and the entity type)."""
    out.mkdir(parents=True, exist_ok=True)
    nodes_path, edges_path = out / "nodes.csv", out / "edges.csv"
    with nodes_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(NODE_COLUMNS)
        for node in graph.nodes:
            metrics = [node.metrics.get(m, "") for m in METRICS if m != "mentions"]
            writer.writerow([node.id, node.name, node.type, f"Entity{ARRAY_DELIMITER}{node.type}",
                             _array(node.aliases), _array(node.roles), node.country or "", node.subtype or "",
                             node.mentions,
                             node.documents, "" if node.community is None else node.community, *metrics])
    with edges_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(EDGE_COLUMNS)
        for edge in graph.edges:
            dates = edge.dates
            writer.writerow([edge.source, edge.target, edge.type, edge.id, edge.weight,
                             str(edge.directed).lower(), edge.status, dates[0] if dates else "",
                             dates[-1] if dates else "", json.dumps(_evidence(edge), ensure_ascii=False)])
    return [nodes_path, edges_path]


def _write_html(graph: Graph, fh: IO[bytes]) -> None:
    fh.write(render_html(graph, title=f"newsgraph: {graph.meta.get('selection', 'whole graph')}").encode("utf-8"))


def _write_cypher(graph: Graph, fh: IO[bytes]) -> None:
    from graph.export.script import (
        cypher_script,  # a Cypher script that recreates the graph in Neo4j
    )

    for line in cypher_script(graph):
        fh.write(line.encode("utf-8") + b"\n")


#: Formats written as one file, which can also go to a stream (``-o -``: stdout).
STREAM_FORMATS: dict[str, Callable[[Graph, IO[bytes]], None]] = {
    "json": _write_json,
    "graphml": _write_graphml,
    "gexf": _write_gexf,
    "html": _write_html,
    "cypher": _write_cypher,
}


def _to_file(writer: Callable[[Graph, IO[bytes]], None]) -> Callable[[Graph, Path], list[Path]]:
    def write(graph: Graph, out: Path) -> list[Path]:
        with out.open("wb") as fh:
            writer(graph, fh)
        return [out]

    return write


FORMATS: dict[str, Callable[[Graph, Path], list[Path]]] = {
    "json": _to_file(_write_json),
    "graphml": _to_file(_write_graphml),
    "gexf": _to_file(_write_gexf),
    "csv": _write_csv,
    "html": _to_file(_write_html),
    "cypher": _to_file(_write_cypher),
}


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise InputError(f"Unknown format {fmt!r}; choose from {', '.join(FORMATS)}.")


def export(graph: Graph, fmt: str, out: str | Path) -> list[Path]:
    """Write ``graph`` as ``fmt`` to ``out`` and return the files written.

    For ``csv``, ``out`` is a folder that receives ``nodes.csv`` and ``edges.csv``.
    Characters XML 1.0 forbids are removed from every text first (:func:`clean_graph`).
    """
    _check_format(fmt)
    path = Path(out)
    parent = path if fmt == "csv" else path.parent
    if not (parent.exists() or fmt == "csv" and parent.parent.exists()):
        raise InputError(f"Cannot write {str(path)!r}: folder {str(parent)!r} does not exist.")
    return FORMATS[fmt](clean_graph(graph), path)


def export_stream(graph: Graph, fmt: str, stream: IO[bytes]) -> None:
    """Write ``graph`` as ``fmt`` to a binary ``stream`` (stdout for ``-o -``).

    Raises:
        InputError: ``fmt`` is ``csv``, which writes a folder of two files.
    """
    _check_format(fmt)
    if fmt not in STREAM_FORMATS:
        raise InputError(f"--format {fmt} writes a folder (nodes.csv and edges.csv), not one stream: "
                         f"give -o FOLDER instead of -o -.")
    STREAM_FORMATS[fmt](clean_graph(graph), stream)
