"""The names of the analysis: its metrics, its seed and its version, importable without
loading networkx or igraph (the CLI's options and the cached fast paths need only these)."""

from __future__ import annotations

import functools
from importlib import metadata

__all__ = ["METRICS", "SEED", "analysis_version"]

#: Metric name -> what it measures. Every node gets each of them from the analysis.
METRICS: dict[str, str] = {
    "degree": "distinct neighbours",
    "weighted_degree": "sum of edge weights (evidence sentences) over all neighbours",
    "pagerank": "PageRank over directed, weighted edges (symmetric relations count both ways)",
    "betweenness": "share of shortest paths through the node (exact, unweighted)",
    "eigenvector": "eigenvector centrality of the weighted undirected graph",
    "mentions": "times the entity is mentioned in the documents",
}
SEED = 42
#: Change it whenever the analysis gives other numbers for the same graph (an algorithm, a
#: parameter), so stores recompute; the backend's version is added by :func:`analysis_version`.
ALGORITHMS = "igraph-leiden-1"


@functools.cache
def analysis_version() -> str:
    """Part of the cache key: :data:`ALGORITHMS` and the installed igraph's version.

    Read from the package metadata, so that a command answering from the cache never
    imports igraph itself.
    """
    return f"{ALGORITHMS}/{metadata.version('igraph')}"
