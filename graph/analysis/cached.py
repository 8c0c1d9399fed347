"""Answers read from the analysis saved in the store, for the commands that must be quick
(`top`, `show`): SQL rows of one store state, no graph rebuilt, no networkx or igraph
imported. When the saved analysis is not of the store's current state, the whole analysis
runs once (:func:`graph.analysis.centrality.analyze_store`) and saves it for the next call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from graph.analysis.metrics import METRICS, analysis_version
from graph.errors import SelectionError
from graph.model import Graph
from graph.store import analysis as cache
from graph.store.lookup import find_node
from graph.store.sqlite import Store

__all__ = ["analysed_graph", "analysed_nodes", "entity_graph"]


def _check(metrics: Sequence[str] | None) -> list[str] | None:
    for m in metrics or ():
        if m not in METRICS:
            raise SelectionError(f"Unknown metric {m!r}; choose from {', '.join(METRICS)}.")
    return None if metrics is None else list(metrics)


def _analysed(store: Store, metrics: list[str] | None) -> Graph:
    """The whole analysed graph, computed (and saved) when the saved one is stale."""
    # networkx and igraph: only on a miss
    from graph.analysis.centrality import analyze_store

    return analyze_store(store, metrics=metrics)


def analysed_graph(store: Store, *, metrics: Sequence[str] | None = None) -> Graph:
    """:func:`graph.analysis.centrality.analyze_store`, importing networkx and igraph only
    when the saved analysis is not of the store's current state."""
    wanted = _check(metrics)
    with store.snapshot():
        saved = cache.read(store, cache.state_key(store, analysis_version()), metrics=wanted)
    return saved if saved is not None else _analysed(store, wanted)


def analysed_nodes(store: Store, *, metrics: Sequence[str] | None = None) -> Graph:
    """The analysed graph's nodes, carrying ``metrics`` (all by default), without its edges.

    What ranking, type filters and name lookups need, at a tenth of the cost of the whole
    graph: the nodes are those :func:`graph.analysis.centrality.analyze_store` gives.

    Examples:
        >>> from graph.model import Document, Entity, Mention, Sentence
        >>> store = Store(":memory:")
        >>> doc = Document("d1", "Ann met Bob.", "t", "src")
        >>> ann, bob = Entity("a", "Ann", "Person", ("Ann",)), Entity("b", "Bob", "Person", ("Bob",))
        >>> _ = store.add_document(doc, [ann, bob], [Mention("d1", 0, 3, "Ann", "a", 0, "Person"),
        ...                    Mention("d1", 8, 11, "Bob", "b", 0, "Person")], [Sentence(0, 12, "Ann met Bob.")], [])
        >>> sorted((n.name, n.metrics["degree"]) for n in analysed_nodes(store, metrics=["degree"]).nodes)
        [('Ann', 0.0), ('Bob', 0.0)]
    """
    wanted = _check(metrics)
    with store.snapshot():
        nodes = cache.read_nodes(store, cache.state_key(store, analysis_version()), metrics=wanted)
    return nodes if nodes is not None else dataclasses.replace(_analysed(store, wanted), edges=())


def entity_graph(store: Store, name: str, *, metrics: Sequence[str] | None = None) -> Graph:
    """The entity ``name`` finds (:func:`graph.store.lookup.find_node`), its edges and the
    nodes at their other ends, carrying ``metrics``: all that an entity sheet shows, read
    through the indexes of the saved analysis whatever the graph's size.

    ``find_node`` over these nodes finds the same entity again: it is the best match of
    the whole graph, so of any part that holds it.

    Raises:
        EntityNotFoundError: no entity by that name (with close names).
    """
    wanted = _check(metrics)
    with store.snapshot():  # nodes and edges of one saved analysis
        key = cache.state_key(store, analysis_version())
        # an exact name or alias through the names' index; a surname, or close names, need all
        named = cache.read_named(store, key, name, metrics=wanted)
        candidates = cache.read_nodes(store, key, metrics=wanted) if named is not None and not named.nodes else named
        edges = around = None
        if candidates is not None:
            node = find_node(candidates, name)
            edges = cache.read_edges_of(store, key, node.id)
            ends = {node.id} | {end for e in edges or () for end in (e.source, e.target)}
            around = cache.read_nodes_by_id(store, key, ends, metrics=wanted) if edges is not None else None
    if around is None:  # computed outside the snapshot, so that it can be saved
        return _analysed(store, wanted)
    return dataclasses.replace(around, edges=edges)
