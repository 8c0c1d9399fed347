"""Centrality and communities: networkx over the neutral graph model."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import networkx as nx

from graph.errors import SelectionError
from graph.model import Graph, Node

__all__ = ["METRICS", "to_networkx", "undirected", "analyze", "top", "EXACT_BETWEENNESS_MAX_NODES",
           "BETWEENNESS_SAMPLES", "SEED"]

#: Metric name -> what it measures. Every node gets each of them from :func:`analyze`.
METRICS: dict[str, str] = {
    "degree": "distinct neighbours",
    "weighted_degree": "sum of edge weights (evidence sentences) over all neighbours",
    "pagerank": "PageRank over directed, weighted edges (symmetric relations count both ways)",
    "betweenness": "share of shortest paths through the node (sampled on large graphs)",
    "eigenvector": "eigenvector centrality of the weighted undirected graph",
    "mentions": "times the entity is mentioned in the documents",
}
SEED = 42
EXACT_BETWEENNESS_MAX_NODES = 2000
BETWEENNESS_SAMPLES = 500


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


def _directed(graph: Graph) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(n.id for n in graph.nodes)
    for e in graph.edges:
        pairs = [(e.source, e.target)] if e.directed else [(e.source, e.target), (e.target, e.source)]
        for a, b in pairs:
            if g.has_edge(a, b):
                g[a][b]["weight"] += e.weight
            else:
                g.add_edge(a, b, weight=e.weight)
    return g


def _eigenvector(g: nx.Graph) -> dict[str, float]:
    """Eigenvector centrality per connected component, scaled by component size so that
    small components do not outrank the main one."""
    scores: dict[str, float] = {}
    n = g.number_of_nodes() or 1
    for component in nx.connected_components(g):
        if len(component) < 3:
            scores.update(dict.fromkeys(component, 0.0))
            continue
        sub = g.subgraph(component)
        try:
            values = nx.eigenvector_centrality(sub, weight="weight", max_iter=1000, tol=1e-6)
        except nx.PowerIterationFailedConvergence:
            values = nx.eigenvector_centrality_numpy(sub, weight="weight")
        share = len(component) / n
        scores.update({k: v * share for k, v in values.items()})
    return scores


def analyze(graph: Graph, *, metrics: Sequence[str] | None = None) -> Graph:
    """A copy of ``graph`` whose nodes carry centralities and a Louvain community.

    Betweenness is exact up to :data:`EXACT_BETWEENNESS_MAX_NODES` nodes and sampled
    (:data:`BETWEENNESS_SAMPLES` pivots, fixed seed) beyond. Communities are numbered by
    size, largest first, from Louvain with a fixed seed, so runs are repeatable.

    Examples:
        >>> from graph.model import Edge, Graph, Node
        >>> g = Graph((Node("a", "A", "Person"), Node("b", "B", "Person"), Node("c", "C", "Place")),
        ...           (Edge("1", "a", "b", "MET", 2, True), Edge("2", "b", "c", "CO_MENTIONED", 1, False)))
        >>> {n.name: n.metrics["degree"] for n in analyze(g).nodes}
        {'A': 1.0, 'B': 2.0, 'C': 1.0}
    """
    wanted = list(metrics or METRICS)
    for m in wanted:
        if m not in METRICS:
            raise SelectionError(f"Unknown metric {m!r}; choose from {', '.join(METRICS)}.")
    g = undirected(graph)
    values: dict[str, dict[str, float]] = {}
    if "degree" in wanted:
        values["degree"] = {k: float(v) for k, v in g.degree()}
    if "weighted_degree" in wanted:
        values["weighted_degree"] = {k: float(v) for k, v in g.degree(weight="weight")}
    if "pagerank" in wanted:
        values["pagerank"] = nx.pagerank(_directed(graph), weight="weight") if len(g) else {}
    if "betweenness" in wanted:
        k = None if len(g) <= EXACT_BETWEENNESS_MAX_NODES else BETWEENNESS_SAMPLES
        values["betweenness"] = nx.betweenness_centrality(g, k=k, seed=SEED, normalized=True)
    if "eigenvector" in wanted:
        values["eigenvector"] = _eigenvector(g)
    communities: dict[str, int] = {}
    if len(g) and g.number_of_edges():
        found = nx.community.louvain_communities(g, weight="weight", seed=SEED)
        for index, members in enumerate(sorted(found, key=lambda c: (-len(c), min(c)))):
            communities.update(dict.fromkeys(members, index))
    nodes = []
    for n in graph.nodes:
        scores = {m: round(values[m].get(n.id, 0.0), 6) for m in values}
        if "mentions" in wanted:
            scores["mentions"] = n.mentions
        nodes.append(dataclasses.replace(n, metrics=scores, community=communities.get(n.id)))
    return dataclasses.replace(graph, nodes=tuple(nodes))


def top(graph: Graph, by: str = "pagerank", n: int = 10) -> list[Node]:
    """The ``n`` nodes with the highest ``by`` metric (analysed first when needed)."""
    if by not in METRICS:
        raise SelectionError(f"Unknown metric {by!r}; choose from {', '.join(METRICS)}.")
    if not graph.nodes or by not in graph.nodes[0].metrics:
        graph = analyze(graph, metrics=[by])
    return sorted(graph.nodes, key=lambda x: (-x.metrics[by], x.name))[:n]
