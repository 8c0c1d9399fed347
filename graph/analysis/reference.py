"""The networkx analysis that the compiled backend replaced, kept as the reference it must
agree with (``tests/test_analysis_backend.py``) and the baseline ``benchmarks/analysis.py``
measures against. Pure Python: slow on large graphs, not used by the commands."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import networkx as nx

from graph.analysis.centrality import METRICS, SEED, undirected
from graph.errors import SelectionError
from graph.model import Graph

__all__ = ["BETWEENNESS_SAMPLES", "EXACT_BETWEENNESS_MAX_NODES", "analyze", "directed", "eigenvector"]

EXACT_BETWEENNESS_MAX_NODES = 2000
BETWEENNESS_SAMPLES = 500


def directed(graph: Graph) -> nx.DiGraph:
    """The weighted directed projection PageRank walks: symmetric relations count both ways."""
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


def eigenvector(g: nx.Graph, *, tol: float = 1e-6) -> dict[str, float]:
    """Eigenvector centrality per connected component, scaled by component size."""
    scores: dict[str, float] = {}
    n = g.number_of_nodes() or 1
    for component in nx.connected_components(g):
        if len(component) < 3:
            scores.update(dict.fromkeys(component, 0.0))
            continue
        sub = g.subgraph(component)
        try:
            values = nx.eigenvector_centrality(sub, weight="weight", max_iter=100_000, tol=tol)
        except nx.PowerIterationFailedConvergence:
            values = nx.eigenvector_centrality_numpy(sub, weight="weight")
        share = len(component) / n
        scores.update({k: v * share for k, v in values.items()})
    return scores


def analyze(graph: Graph, *, metrics: Sequence[str] | None = None,
            exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES) -> Graph:
    """What :func:`graph.analysis.centrality.analyze` computed before igraph: betweenness exact
    up to ``exact_max_nodes`` nodes and sampled (500 pivots) beyond, Louvain communities."""
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
        values["pagerank"] = nx.pagerank(directed(graph), weight="weight") if len(g) else {}
    if "betweenness" in wanted:
        k = None if len(g) <= exact_max_nodes else BETWEENNESS_SAMPLES
        values["betweenness"] = nx.betweenness_centrality(g, k=k, seed=SEED, normalized=True)
    if "eigenvector" in wanted:
        values["eigenvector"] = eigenvector(g)
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
