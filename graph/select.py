"""Subgraph selection shared by every output: around a name, by type, relation, weight, rank."""

from __future__ import annotations

import dataclasses
import difflib
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass

from .analyze import METRICS
from .errors import EntityNotFoundError, SelectionError
from .model import Graph, Node
from .relate import relation_types

__all__ = ["Selection", "find_node", "select", "ENTITY_TYPE_NAMES"]

ENTITY_TYPE_NAMES = ("Person", "Organization", "Place", "Group", "Event")


@dataclass(frozen=True)
class Selection:
    """What part of the graph to keep. Empty fields keep everything."""

    around: str | None = None
    hops: int = 1
    types: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    min_weight: int = 1
    top: int | None = None
    by: str = "pagerank"

    def describe(self) -> str:
        parts = []
        if self.around:
            parts.append(f"within {self.hops} hop{'s' if self.hops != 1 else ''} of {self.around}")
        if self.types:
            parts.append("types " + ", ".join(self.types))
        if self.relations:
            parts.append("relations " + ", ".join(self.relations))
        if self.min_weight > 1:
            parts.append(f"weight >= {self.min_weight}")
        if self.top:
            parts.append(f"top {self.top} by {self.by}")
        return "; ".join(parts) or "whole graph"


def _canonical(value: str, allowed: Sequence[str], what: str) -> str:
    for name in allowed:
        if name.casefold() == value.casefold():
            return name
    raise SelectionError(f"Unknown {what} {value!r}; choose from {', '.join(allowed)}.")


def find_node(graph: Graph, name: str) -> Node:
    """The node a user means by ``name``: its name or an alias, case-insensitively.

    Exact names beat aliases; among several, the most mentioned wins.

    Raises:
        EntityNotFoundError: no match; carries up to five close names.
    """
    key = name.casefold().strip()
    exact = [n for n in graph.nodes if n.name.casefold() == key]
    by_alias = [n for n in graph.nodes if any(a.casefold() == key for a in n.aliases)]
    found = exact or by_alias
    if found:
        return max(found, key=lambda n: (n.mentions, n.name))
    names = {a.casefold(): a for n in graph.nodes for a in (n.name, *n.aliases)}
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
    close += [k for k in names if key and key in k and k not in close]
    raise EntityNotFoundError(name, [names[c] for c in close[:5]])


def select(graph: Graph, selection: Selection) -> Graph:
    """The part of ``graph`` that ``selection`` describes.

    Filters apply in order: entity types, relation types, minimum weight, the
    neighbourhood of ``around`` (``hops`` steps, ignoring direction), then the ``top``
    nodes by a metric the nodes already carry (see :func:`graph.analyze.analyze`).
    """
    types = {_canonical(t, ENTITY_TYPE_NAMES, "entity type") for t in selection.types}
    relations = {_canonical(r, list(relation_types()), "relation type") for r in selection.relations}
    if selection.hops < 0:
        raise SelectionError("--hops must be 0 or more.")
    if selection.by not in METRICS:
        raise SelectionError(f"Unknown metric {selection.by!r}; choose from {', '.join(METRICS)}.")

    nodes = {n.id: n for n in graph.nodes if not types or n.type in types}
    edges = [e for e in graph.edges
             if e.source in nodes and e.target in nodes
             and (not relations or e.type in relations) and e.weight >= selection.min_weight]
    if relations or selection.min_weight > 1:
        linked = {e.source for e in edges} | {e.target for e in edges}
        nodes = {k: v for k, v in nodes.items() if k in linked}

    if selection.around:
        focus = find_node(graph, selection.around)
        if focus.id not in nodes:
            nodes[focus.id] = focus
        neighbours: dict[str, set[str]] = defaultdict(set)
        for e in edges:
            neighbours[e.source].add(e.target)
            neighbours[e.target].add(e.source)
        seen = {focus.id: 0}
        queue = deque([focus.id])
        while queue:
            current = queue.popleft()
            if seen[current] >= selection.hops:
                continue
            for nxt in neighbours[current]:
                if nxt not in seen:
                    seen[nxt] = seen[current] + 1
                    queue.append(nxt)
        nodes = {k: v for k, v in nodes.items() if k in seen}

    if selection.top is not None:
        if selection.top < 1:
            raise SelectionError("--top must be 1 or more.")
        ranked = sorted(nodes.values(), key=lambda n: (-n.metrics.get(selection.by, 0.0), n.name))
        nodes = {n.id: n for n in ranked[:selection.top]}

    kept_edges = tuple(e for e in edges if e.source in nodes and e.target in nodes)
    kept_nodes = tuple(n for n in graph.nodes if n.id in nodes)
    meta = dict(graph.meta, selection=selection.describe())
    return dataclasses.replace(graph, nodes=kept_nodes, edges=kept_edges, meta=meta)
