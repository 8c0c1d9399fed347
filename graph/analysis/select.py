"""Subgraph selection shared by every output: around a name, between two, by type, relation,
date, weight, community or rank."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph.analysis.metrics import METRICS
from graph.errors import SelectionError
from graph.model import Edge, Evidence, Graph, Node
from graph.schema import CO_MENTIONED, TYPE_PRIORITY, relation_types
from graph.schema.organisations import SUBTYPES
from graph.store.lookup import find_node

__all__ = ["Selection", "find_node", "select", "ranked", "in_window", "ENTITY_TYPE_NAMES"]

ENTITY_TYPE_NAMES = TYPE_PRIORITY
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Selection:
    """What part of the graph to keep. Empty fields keep everything.

    Attributes:
        around: keep the entities within ``hops`` steps of this name (or alias).
        hops: steps from ``around``, ignoring direction.
        between: keep the entities on every shortest path between these two names, and
            the edges among them.
        types: entity types to keep.
        subtypes: organisation subtypes to keep (``company``, ``media``, ``party``, ``team``):
            only organisations of these kinds stay.
        relations: relation types to keep.
        since: keep evidence dated on or after this ISO date (``2025``, ``2025-05`` or
            ``2025-05-19``); partial dates compare by prefix.
        until: keep evidence dated on or before this ISO date.
        min_weight: drop edges backed by fewer asserted evidence sentences (after the date
            window). The default 1 keeps every edge, including those read only from negated
            or hypothetical sentences (weight 0): they are shown, not counted.
        top: keep the ``top`` highest-ranked entities by ``by``.
        by: the metric for ``top``.
        community: keep the entities of this Louvain community.
        no_comentions: drop ``CO_MENTIONED`` edges, keeping only actions.
    """

    around: str | None = None
    hops: int = 1
    types: tuple[str, ...] = ()
    relations: tuple[str, ...] = ()
    min_weight: int = 1
    top: int | None = None
    by: str = "pagerank"
    between: tuple[str, str] | None = None
    since: str | None = None
    until: str | None = None
    community: int | None = None
    no_comentions: bool = False
    subtypes: tuple[str, ...] = ()

    def describe(self) -> str:
        """The selection in words, for captions and titles.

        >>> Selection(between=("A", "B"), since="2025-05", no_comentions=True).describe()
        'shortest paths between A and B; actions only; evidence from 2025-05'
        """
        parts = []
        if self.around:
            parts.append(f"within {self.hops} hop{'s' if self.hops != 1 else ''} of {self.around}")
        if self.between:
            parts.append(f"shortest paths between {self.between[0]} and {self.between[1]}")
        if self.types:
            parts.append("types " + ", ".join(self.types))
        if self.subtypes:
            parts.append("subtypes " + ", ".join(self.subtypes))
        if self.relations:
            parts.append("relations " + ", ".join(self.relations))
        if self.no_comentions:
            parts.append("actions only")
        if self.since and self.until:
            parts.append(f"evidence from {self.since} to {self.until}")
        elif self.since:
            parts.append(f"evidence from {self.since}")
        elif self.until:
            parts.append(f"evidence until {self.until}")
        if self.min_weight > 1:
            parts.append(f"weight >= {self.min_weight}")
        if self.community is not None:
            parts.append(f"community {self.community}")
        if self.top:
            parts.append(f"top {self.top} by {self.by}")
        return "; ".join(parts) or "whole graph"

    @property
    def filters_edges(self) -> bool:
        """Whether edges are filtered, so entities left without edges are dropped."""
        return bool(self.relations or self.no_comentions or self.since or self.until
                    or self.min_weight > 1)


def _canonical(value: str, allowed: Sequence[str], what: str) -> str:
    for name in allowed:
        if name.casefold() == value.casefold():
            return name
    raise SelectionError(f"Unknown {what} {value!r}; choose from {', '.join(allowed)}.")


def in_window(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether a (possibly partial) ISO date falls in the window; dates compare by prefix,
    so a month overlaps every day in it. With any bound set, undated evidence is out.

    >>> in_window("2025-05-19", "2025-05", None), in_window("2025", None, "2025-05-01")
    (True, True)
    >>> in_window("2025-04-30", "2025-05", None), in_window(None, "2025", None)
    (False, False)
    """
    if since is None and until is None:
        return True
    if not date:
        return False
    if since is not None:
        n = min(len(date), len(since))
        if date[:n] < since[:n]:
            return False
    if until is not None:
        n = min(len(date), len(until))
        if date[:n] > until[:n]:
            return False
    return True


def _check_date(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not _PARTIAL_DATE.match(value):
        raise SelectionError(f"{option} must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD (got {value!r}).")
    parts = [int(p) for p in value.split("-")]
    try:
        datetime.date(parts[0], *(parts[1:] + [1, 1])[:2])
    except ValueError as exc:
        raise SelectionError(f"{option} {value} is not a valid date ({exc}).") from None
    return value


def _check_dated(graph: Graph, since: str | None, until: str | None) -> str | None:
    """A date window keeps dated evidence only: an error when none is dated at all (the
    window can never match), else why the window is empty when no date falls in it."""
    if not graph.edges:
        return None
    dates = sorted({ev.date for e in graph.edges for ev in e.evidence if ev.date})
    if not dates:
        raise SelectionError("No evidence is dated; --since/--until keep dated evidence only "
                             "(dates come from an article's date or a date in the sentence).")
    if any(in_window(d, since, until) for d in dates):
        return None
    window = " ".join(f"{opt} {v}" for opt, v in (("--since", since), ("--until", until)) if v)
    span = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
    return f"no evidence is dated inside {window}; dated evidence runs {span}"


def _check_community(graph: Graph, community: int) -> None:
    known = sorted({n.community for n in graph.nodes if n.community is not None})
    if not graph.nodes:
        return
    if not known:
        raise SelectionError("The graph has no communities yet: analyse it first.")
    if community not in known:
        span = f"0-{known[-1]}" if known == list(range(len(known))) else ", ".join(map(str, known))
        raise SelectionError(f"No community {community}; communities are {span}.")


def _dated(edge: Edge, since: str | None, until: str | None) -> Edge | None:
    """The edge with only its evidence inside the window (weight recounted), or None."""
    if since is None and until is None:
        return edge
    kept: tuple[Evidence, ...] = tuple(ev for ev in edge.evidence if in_window(ev.date, since, until))
    if not kept:
        return None
    return dataclasses.replace(edge, evidence=kept, weight=Edge.count(kept))


def _neighbours(edges: Iterable[Edge]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for e in edges:
        if e.source != e.target:
            found[e.source].add(e.target)
            found[e.target].add(e.source)
    return found


def _distances(start: str, neighbours: dict[str, set[str]], limit: int | None = None) -> dict[str, int]:
    """Breadth-first steps from ``start`` (up to ``limit``), ignoring direction."""
    seen = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        if limit is not None and seen[current] >= limit:
            continue
        for nxt in neighbours[current]:
            if nxt not in seen:
                seen[nxt] = seen[current] + 1
                queue.append(nxt)
    return seen


def _on_shortest_paths(a: Node, b: Node, edges: Sequence[Edge]) -> set[str]:
    """Ids of the nodes on every shortest path between ``a`` and ``b`` (undirected):
    those whose distances to both ends add up to the distance between the ends."""
    neighbours = _neighbours(edges)
    from_a, from_b = _distances(a.id, neighbours), _distances(b.id, neighbours)
    if b.id not in from_a:
        raise SelectionError(f"No path between {a.name} and {b.name} in this selection.")
    length = from_a[b.id]
    return {k for k, d in from_a.items() if k in from_b and d + from_b[k] == length}


def select(graph: Graph, selection: Selection) -> Graph:
    """The part of ``graph`` that ``selection`` describes.

    Filters apply in order: entity types and organisation subtypes; relation types, co-mentions, the date window
    and the minimum weight on edges (entities left without edges are then dropped); the
    community; the neighbourhood of ``around``; the shortest paths ``between`` two
    entities; then the ``top`` nodes by a metric the nodes already carry (see
    :func:`graph.analyze.analyze`).

    A selection left empty by its date window says why in ``meta["empty_reason"]``.

    The date window keeps the evidence dated inside it, so an edge's weight counts only
    those sentences, and drops edges with none. Undated evidence (an article without a
    date, whose sentences give none) is outside every window.

    Examples:
        >>> from graph.model import Edge, Graph, Node
        >>> g = Graph((Node("a", "A", "Person"), Node("b", "B", "Person"), Node("c", "C", "Place")),
        ...           (Edge("1", "a", "b", "MET", 2, True), Edge("2", "b", "c", "CO_MENTIONED", 1, False)))
        >>> [n.name for n in select(g, Selection(no_comentions=True)).nodes]
        ['A', 'B']
        >>> [n.name for n in select(g, Selection(between=("a", "c"))).nodes]
        ['A', 'B', 'C']
    """
    types = {_canonical(t, ENTITY_TYPE_NAMES, "entity type") for t in selection.types}
    relations = {_canonical(r, list(relation_types()), "relation type") for r in selection.relations}
    subtypes = {_canonical(s, SUBTYPES, "organisation subtype") for s in selection.subtypes}
    since = _check_date(selection.since, "--since")
    until = _check_date(selection.until, "--until")
    if since and until and since[:len(until)] > until[:len(since)]:
        raise SelectionError(f"--since {since} is after --until {until}.")
    if selection.hops < 0:
        raise SelectionError("--hops must be 0 or more.")
    if selection.by not in METRICS:
        raise SelectionError(f"Unknown metric {selection.by!r}; choose from {', '.join(METRICS)}.")
    if selection.top is not None and selection.top < 1:
        raise SelectionError("--top must be 1 or more.")
    empty_reason = _check_dated(graph, since, until) if since or until else None
    if selection.community is not None:
        _check_community(graph, selection.community)

    nodes = {n.id: n for n in graph.nodes
             if (not types or n.type in types) and (not subtypes or n.subtype in subtypes)}
    edges: list[Edge] = []
    for e in graph.edges:
        if e.source not in nodes or e.target not in nodes:
            continue
        if relations and e.type not in relations or selection.no_comentions and e.type == CO_MENTIONED:
            continue
        dated = _dated(e, since, until)
        # Weight-0 edges (only negated or hypothetical evidence) pass the default minimum of 1.
        if dated is not None and (selection.min_weight <= 1 or dated.weight >= selection.min_weight):
            edges.append(dated)
    if selection.filters_edges:
        linked = {e.source for e in edges} | {e.target for e in edges}
        nodes = {k: v for k, v in nodes.items() if k in linked}

    if selection.community is not None:
        nodes = {k: v for k, v in nodes.items() if v.community == selection.community}

    if selection.around:
        focus = find_node(graph, selection.around)
        nodes.setdefault(focus.id, focus)
        inside = [e for e in edges if e.source in nodes and e.target in nodes]
        seen = _distances(focus.id, _neighbours(inside), selection.hops)
        nodes = {k: v for k, v in nodes.items() if k in seen}

    if selection.between:
        a, b = (find_node(graph, name) for name in selection.between)
        nodes.setdefault(a.id, a)
        nodes.setdefault(b.id, b)
        inside = [e for e in edges if e.source in nodes and e.target in nodes]
        on_paths = _on_shortest_paths(a, b, inside)
        nodes = {k: v for k, v in nodes.items() if k in on_paths}

    if selection.top is not None:
        ranked = sorted(nodes.values(), key=lambda n: (-n.metrics.get(selection.by, 0.0), n.name))
        nodes = {n.id: n for n in ranked[:selection.top]}

    kept_edges = tuple(e for e in edges if e.source in nodes and e.target in nodes)
    kept_nodes = tuple(n for n in graph.nodes if n.id in nodes)
    meta = dict(graph.meta, selection=selection.describe())
    if empty_reason and not kept_nodes:
        meta["empty_reason"] = empty_reason  # the CLI prints it: an empty window is not an error
    return dataclasses.replace(graph, nodes=kept_nodes, edges=kept_edges, meta=meta)



def ranked(graph: Graph, by: str = "pagerank", n: int = 10) -> list[Node]:
    """The ``n`` nodes with the highest ``by`` metric, ties by name; a node without it
    counts 0 (see :func:`graph.analysis.centrality.top`, which analyses first)."""
    if by not in METRICS:
        raise SelectionError(f"Unknown metric {by!r}; choose from {', '.join(METRICS)}.")
    return sorted(graph.nodes, key=lambda x: (-x.metrics.get(by, 0.0), x.name))[:n]
