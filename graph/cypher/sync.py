"""Sync: the store's graph as property-graph rows, pushed into Neo4j.

The orchestration between adapters, as :mod:`graph.build` is for ingest and render: it
reads the SQLite store, analyses the graph, turns it into rows (:mod:`graph.propgraph`) and
hands them to the Neo4j adapter (:mod:`graph.neo4j`), which never reads the store itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from .analyze import analyze
from .model import Graph
from .propgraph import PropertyGraph, property_graph
from .store import Store

if TYPE_CHECKING:
    from .neo4j import Neo4jSettings, PushReport

__all__ = ["graph_rows", "store_rows", "push_graph", "push_store"]


def graph_rows(graph: Graph, store: Store) -> PropertyGraph:
    """Rows for the store's whole ``graph`` (curated and analysed), documents included."""
    return property_graph(graph, store.documents(), store.mention_counts(graph.meta.get("merged")))


def store_rows(db: str) -> tuple[Graph, PropertyGraph]:
    """The store's whole curated, analysed graph and its rows, documents included."""
    with Store(db, create=False) as store:
        graph = analyze(store.load_graph())
        return graph, graph_rows(graph, store)


def push_graph(graph: Graph, store: Store, settings: Neo4jSettings, *, full: bool = False,
               ask_password: Callable[[], str] | None = None,
               progress: Callable[[int], None] | None = None) -> PushReport:
    """Sync the store's whole analysed ``graph`` (and its documents) into Neo4j."""
    from .neo4j import Neo4jClient

    with Neo4jClient(settings, ask_password=ask_password) as client:
        return client.push(graph_rows(graph, store), full=full, progress=progress)


def push_store(db: str, settings: Neo4jSettings, *, full: bool = False,
               ask_password: Callable[[], str] | None = None,
               progress: Callable[[int], None] | None = None) -> PushReport:
    """Sync the store at ``db`` into Neo4j (see :meth:`graph.neo4j.Neo4jClient.push`).

    Connects before analysing the graph, so a wrong address or password fails at once.
    """
    from .neo4j import Neo4jClient

    with Store(db, create=False) as store, Neo4jClient(settings, ask_password=ask_password) as client:
        graph = analyze(store.load_graph())
        return client.push(graph_rows(graph, store), full=full, progress=progress)
