"""Centralities and communities on small hand-checked graphs."""

from __future__ import annotations

import pytest

from graph.analysis.centrality import analyze, to_networkx, top
from graph.errors import SelectionError

from .small import small_graph


def test_degrees_by_hand():
    g = analyze(small_graph())
    m = {n.id: n.metrics for n in g.nodes}
    assert {k: v["degree"] for k, v in m.items()} == {"a": 2, "b": 2, "c": 3, "d": 1}
    assert {k: v["weighted_degree"] for k, v in m.items()} == {"a": 3, "b": 3, "c": 5, "d": 3}


def test_betweenness_by_hand():
    # Undirected: a-b, b-c, a-c, c-d. Only c lies on shortest paths (a-d, b-d): 2 of 3 pairs-of-others.
    m = {n.id: n.metrics for n in analyze(small_graph()).nodes}
    assert m["c"]["betweenness"] == pytest.approx(2 / 3)
    assert m["a"]["betweenness"] == m["b"]["betweenness"] == m["d"]["betweenness"] == 0


def test_pagerank_is_a_distribution_and_ranks_the_hub_first():
    g = analyze(small_graph())
    assert sum(n.metrics["pagerank"] for n in g.nodes) == pytest.approx(1, abs=1e-4)
    assert top(g, "pagerank", 1)[0].id == "c"


def test_runs_are_repeatable():
    first = analyze(small_graph())
    second = analyze(small_graph())
    assert [(n.metrics, n.community) for n in first.nodes] == [(n.metrics, n.community) for n in second.nodes]
    assert all(n.community is not None for n in first.nodes)


def test_mentions_metric_and_unknown_metric():
    assert top(small_graph(), "mentions", 1)[0].name == "Alice Adams"
    with pytest.raises(SelectionError, match="Unknown metric"):
        top(small_graph(), "fame")


def test_networkx_keeps_parallel_typed_edges():
    g = to_networkx(small_graph())
    assert g.number_of_edges() == 4 and set(g["a"]["b"]) == {"MET"}
    assert g.nodes["a"]["aliases"] == ["Alice Adams", "Ms Adams"]
