"""Centrality and communities over the neutral graph model, computed by a compiled backend
(igraph) and cached in the store; networkx is the model users get (:func:`to_networkx`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

import networkx as nx

from graph.analysis import backend
from graph.analysis.metrics import METRICS, SEED, analysis_version
from graph.analysis.select import ranked
from graph.errors import SelectionError
from graph.model import Graph, Node
from graph.store import analysis as cache
from graph.store.sqlite import Store

__all__ = [
    "ANALYSIS_VERSION",
    "METRICS",
    "SEED",
    "analyze",
    "analyze_store",
    "to_networkx",
    "top",
    "undirected",
]

#: Part of the cache key: change :data:`graph.analysis.metrics.ALGORITHMS` whenever the
#: analysis gives other numbers for the same graph (an algorithm, a parameter), so stores
#: recompute; the backend's version is in it too.
ANALYSIS_VERSION = analysis_version()
#: The metrics the backend computes (``mentions`` is read from the node).
COMPUTED: dict[str, Callable[[backend.Projection], dict[str, float]]] = {
    "degree": backend.degree, "weighted_degree": backend.weighted_degree, "pagerank": backend.pagerank,
    "betweenness": backend.betweenness, "eigenvector": backend.eigenvector}


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The graph as a networkx MultiDiGraph: one edge per (type, source, target), keyed by type.

    Node and edge attributes are the model's fields; evidence stays a list of dicts.
    """
    g = nx.MultiDiGraph()
    for n in graph.nodes:
        attrs = {**n.metrics, "name": n.name, "type": n.type, "aliases": list(n.aliases),
                 "roles": list(n.roles), "country": n.country,
                 "mentions": n.mentions, "documents": n.documents, "community": n.community}
        g.add_node(n.id, **attrs)
    for e in graph.edges:
        g.add_edge(e.source, e.target, key=e.type, id=e.id, type=e.type, weight=e.weight,
                   directed=e.directed, status=e.status, evidence=[ev.as_dict() for ev in e.evidence])
    return g


def undirected(graph: Graph) -> nx.Graph:
    """A simple weighted undirected projection: parallel edges' weights add up."""
    g = nx.Graph()
    g.add_nodes_from(n.id for n in graph.nodes)
    for e in graph.edges:
        if e.source == e.target:
            continue
        if g.has_edge(e.source, e.target):
            g[e.source][e.target]["weight"] += e.weight
        else:
            g.add_edge(e.source, e.target, weight=e.weight)
    return g


Pending = Callable[[], dict[str, float]]


def _values(graph: Graph, wanted: Sequence[str], meanwhile: Callable[[], object] | None = None,
            started: Pending | None = None) -> tuple[dict[str, dict[str, float]], dict[str, int]]:
    """Each wanted metric (node id -> value) and each node's community, from the backend.

    Betweenness, by far the longest, starts first in forked children
    (:func:`backend.start_betweenness`), unless ``started`` already runs it; the other
    metrics, the communities and then ``meanwhile`` run in this process until its result is
    needed.
    """
    p = backend.project(graph)
    pending = started
    if pending is None and "betweenness" in wanted:
        pending = backend.start_betweenness(p)
    values = {m: f(p) for m, f in COMPUTED.items() if m in wanted and m != "betweenness"}
    communities: dict[str, int] = {}
    for index, members in enumerate(sorted(backend.communities(p, seed=SEED), key=lambda c: (-len(c), min(c)))):
        communities.update(dict.fromkeys(members, index))
    if meanwhile is not None:
        meanwhile()
    if pending is not None:
        values["betweenness"] = pending()
    return {m: values[m] for m in COMPUTED if m in values}, communities


def _with(graph: Graph, values: dict[str, dict[str, float]], communities: dict[str, int],
          wanted: Sequence[str]) -> Graph:
    nodes = []
    for n in graph.nodes:
        scores = {m: values[m].get(n.id, 0.0) for m in METRICS if m in values and m in wanted}
        if "mentions" in wanted:
            scores["mentions"] = n.mentions
        nodes.append(dataclasses.replace(n, metrics=scores, community=communities.get(n.id)))
    return dataclasses.replace(graph, nodes=tuple(nodes))


def _check(metrics: Sequence[str] | None) -> list[str]:
    wanted = list(metrics or METRICS)
    for m in wanted:
        if m not in METRICS:
            raise SelectionError(f"Unknown metric {m!r}; choose from {', '.join(METRICS)}.")
    return wanted


def _computed(graph: Graph, wanted: Sequence[str], meanwhile: Callable[[], object] | None = None,
              started: Pending | None = None) -> tuple[dict[str, dict[str, float]], dict[str, int]]:
    values, communities = _values(graph, wanted, meanwhile, started)
    return {m: {k: round(v, 6) for k, v in vs.items()} for m, vs in values.items()}, communities


def analyze(graph: Graph, *, metrics: Sequence[str] | None = None) -> Graph:
    """A copy of ``graph`` whose nodes carry centralities and a community.

    Computed by the compiled backend (:mod:`graph.analysis.backend`, igraph): betweenness is
    exact; communities come from Leiden (modularity) with a fixed seed and are numbered by
    size, largest first, so runs are repeatable. Values are rounded to 6 decimals.

    Examples:
        >>> from graph.model import Edge, Graph, Node
        >>> g = Graph((Node("a", "A", "Person"), Node("b", "B", "Person"), Node("c", "C", "Place")),
        ...           (Edge("1", "a", "b", "MET", 2, True), Edge("2", "b", "c", "CO_MENTIONED", 1, False)))
        >>> {n.name: n.metrics["degree"] for n in analyze(g).nodes}
        {'A': 1.0, 'B': 2.0, 'C': 1.0}
    """
    wanted = _check(metrics)
    return _with(graph, *_computed(graph, wanted), wanted)


def analyze_store(store: Store, *, metrics: Sequence[str] | None = None) -> Graph:
    """The graph in ``store``, analysed as :func:`analyze` does, computed once per store state.

    The analysed graph is saved in the store (:mod:`graph.store.analysis`) under a digest of
    the documents, the curation rules, :data:`ANALYSIS_VERSION` and the code the graph comes
    from; later calls read it back unless one of them changed. Key and cache are read in one snapshot, so a
    concurrent ingest never pairs a graph with another state's analysis. ``metrics`` only
    limits what the nodes carry.
    """
    wanted = _check(metrics)
    every = set(wanted) == set(METRICS)
    with store.snapshot():
        key = cache.state_key(store, ANALYSIS_VERSION)
        cached = cache.read(store, key, metrics=None if every else wanted)
        if cached is not None:
            return cached
        # betweenness needs the topology only: it starts as soon as the store knows it,
        # and the evidence is read and joined meanwhile
        started: list[Pending] = []
        with cache.gc_paused():
            graph = store.load_graph(on_topology=lambda ids, pairs: started.append(
                backend.start_betweenness_of(ids, pairs)))
    # the edges' rows do not depend on the analysis: encoded while betweenness runs
    edges: list[cache.EdgeRows | None] = []
    full = _with(graph, *_computed(graph, METRICS, lambda: edges.append(cache.encode_edges(graph)),
                                   started[0] if started else None), METRICS)
    cache.write(store, key, full, edges=edges[0] if edges else None)
    return full if every else _with(graph, *_computed_from(full), wanted)


def _computed_from(graph: Graph) -> tuple[dict[str, dict[str, float]], dict[str, int]]:
    values: dict[str, dict[str, float]] = {}
    for n in graph.nodes:
        for m, v in n.metrics.items():
            values.setdefault(m, {})[n.id] = v
    return values, {n.id: n.community for n in graph.nodes if n.community is not None}


def top(graph: Graph, by: str = "pagerank", n: int = 10) -> list[Node]:
    """The ``n`` nodes with the highest ``by`` metric (analysed first when needed)."""
    if by not in METRICS:
        raise SelectionError(f"Unknown metric {by!r}; choose from {', '.join(METRICS)}.")
    if not graph.nodes or by not in graph.nodes[0].metrics:
        graph = analyze(graph, metrics=[by])
    return ranked(graph, by, n)
