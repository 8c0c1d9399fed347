"""Query results in one neutral shape, whichever engine ran the query, and their text forms.

Engines turn their own node, relationship and path objects into :class:`NodeValue`,
:class:`RelValue` and :class:`PathValue`; :func:`format_result` prints a result as a table,
JSON or CSV. Nodes and relationships print readably: ``(Donald Trump:Person)``,
``[:SPOKE_TO 2025-05-19]``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

__all__ = ["NodeValue", "RelValue", "PathValue", "QueryResult", "FORMATS", "format_result", "plain",
           "readable"]

FORMATS = ("table", "json", "csv")
#: Widest column of a table; longer cells are cut with "…" (json and csv keep everything).
MAX_WIDTH = 60


@dataclass(frozen=True)
class NodeValue:
    """A node: ``key`` is the engine's own id (unique within one result)."""

    key: str
    labels: tuple[str, ...]
    properties: dict[str, Any] = field(compare=False)


@dataclass(frozen=True)
class RelValue:
    """A relationship from the node keyed ``start`` to the node keyed ``end``."""

    key: str
    type: str
    start: str
    end: str
    properties: dict[str, Any] = field(compare=False)


@dataclass(frozen=True)
class PathValue:
    nodes: tuple[NodeValue, ...]
    relationships: tuple[RelValue, ...]


@dataclass(frozen=True)
class QueryResult:
    """Columns and rows of a query, the engine that ran it and, for writes, what changed."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    engine: str
    counters: dict[str, int] = field(default_factory=dict)

    def elements(self) -> tuple[list[NodeValue], list[RelValue]]:
        """Every node and relationship in the rows (inside paths and lists too), once each."""
        nodes: dict[str, NodeValue] = {}
        rels: dict[str, RelValue] = {}

        def visit(value: Any) -> None:
            if isinstance(value, NodeValue):
                nodes.setdefault(value.key, value)
            elif isinstance(value, RelValue):
                rels.setdefault(value.key, value)
            elif isinstance(value, PathValue):
                for item in (*value.nodes, *value.relationships):
                    visit(item)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    visit(item)
            elif isinstance(value, dict):
                for item in value.values():
                    visit(item)

        for row in self.rows:
            visit(row)
        return list(nodes.values()), list(rels.values())


def _name(node: NodeValue) -> str:
    props = node.properties
    label = next((lab for lab in node.labels if lab != "Entity"), node.labels[0] if node.labels else "")
    name = props.get("name") or props.get("title") or props.get("id") or node.key
    return f"({name}:{label})" if label else f"({name})"


def readable(value: Any) -> str:
    """A short text form of any result value.

    >>> readable(NodeValue("1", ("Entity", "Person"), {"name": "Donald Trump"}))
    '(Donald Trump:Person)'
    >>> readable(RelValue("2", "SPOKE_TO", "1", "3", {"date": "2025-05-19"}))
    '[:SPOKE_TO 2025-05-19]'
    >>> readable([1, "a", None])
    '[1, "a", null]'
    """
    if isinstance(value, NodeValue):
        return _name(value)
    if isinstance(value, RelValue):
        props = value.properties
        detail = props.get("date") or props.get("date_text") or (
            f"weight {props['weight']}" if props.get("weight") is not None else "")
        return f"[:{value.type}{' ' + str(detail) if detail else ''}]"
    if isinstance(value, PathValue):
        parts = [_name(value.nodes[0])] if value.nodes else []
        for i, rel in enumerate(value.relationships):
            forward = rel.start == value.nodes[i].key
            parts += [f"-[:{rel.type}]->" if forward else f"<-[:{rel.type}]-", _name(value.nodes[i + 1])]
        return "".join(parts)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(plain(value), ensure_ascii=False)
    return str(value)


def plain(value: Any) -> Any:
    """``value`` with nodes, relationships and paths as JSON-ready dicts."""
    if isinstance(value, NodeValue):
        return {"labels": list(value.labels), "properties": plain(value.properties)}
    if isinstance(value, RelValue):
        return {"type": value.type, "properties": plain(value.properties)}
    if isinstance(value, PathValue):
        keys = [n.key for n in value.nodes]
        return {"nodes": [plain(n) for n in value.nodes],
                "relationships": [{**plain(r), "start": keys.index(r.start), "end": keys.index(r.end)}
                                  for r in value.relationships]}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)  # dates, times and other engine-specific scalars


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """``result`` as an aligned text table, a JSON list of row objects, or CSV."""
    if fmt == "json":
        return json.dumps([dict(zip(result.columns, (plain(v) for v in row))) for row in result.rows],
                          ensure_ascii=False, indent=1)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([readable(v) for v in row] for row in result.rows)
        return out.getvalue().rstrip("\n")
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}")
    if not result.columns:
        return "(no rows)"
    cells = [[" ".join(readable(v).split()) for v in row] for row in result.rows]
    widths = [min(max([len(c)] + [len(r[i]) for r in cells]), MAX_WIDTH) for i, c in enumerate(result.columns)]

    def line(values: list[str]) -> str:
        return "  ".join((v if len(v) <= w else v[:w - 1] + "…").ljust(w) for v, w in zip(values, widths)).rstrip()

    rows = [line(list(result.columns)), "  ".join("-" * w for w in widths), *(line(r) for r in cells)]
    rows.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(rows)
