"""Sync: the store's graph as property-graph rows, pushed into Neo4j or built into the
embedded engine.

The orchestration between adapters, as :mod:`graph.build` is for ingest and render: it
reads the SQLite store, analyses the graph, turns it into rows (:mod:`graph.cypher.propgraph`)
and hands them to the Neo4j adapter (:mod:`graph.cypher.neo4j`) or the embedded one
(:mod:`graph.cypher.embedded`), which never read the store themselves.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from graph.analysis.centrality import analyze
from graph.cypher.propgraph import PropertyGraph, property_graph
from graph.model import Graph
from graph.store import SCHEMA_VERSION, Store

if TYPE_CHECKING:
    from graph.cypher.embedded import EmbeddedGraph
    from graph.cypher.neo4j import Neo4jSettings, PushReport
    from graph.cypher.queries import Engine

__all__ = ["graph_rows", "store_rows", "push_graph", "push_store", "store_state", "embedded_path",
           "open_embedded", "open_engine"]


def graph_rows(graph: Graph, store: Store) -> PropertyGraph:
    """Rows for the store's whole ``graph`` (curated and analysed), documents included."""
    return property_graph(graph, store.documents(), store.mention_counts(graph.meta.get("merged")))


def store_rows(db: str) -> tuple[Graph, PropertyGraph]:
    """The store's whole curated, analysed graph and its rows, documents included."""
    with Store(db, create=False) as store, store.snapshot():  # graph and documents of one instant
        graph = analyze(store.load_graph())
        return graph, graph_rows(graph, store)


def push_graph(graph: Graph, store: Store, settings: Neo4jSettings, *, full: bool = False,
               ask_password: Callable[[], str] | None = None,
               progress: Callable[[int], None] | None = None) -> PushReport:
    """Sync the store's whole analysed ``graph`` (and its documents) into Neo4j."""
    from graph.cypher.neo4j import Neo4jClient

    with Neo4jClient(settings, ask_password=ask_password) as client:
        return client.push(graph_rows(graph, store), full=full, progress=progress)


def push_store(db: str, settings: Neo4jSettings, *, full: bool = False,
               ask_password: Callable[[], str] | None = None,
               progress: Callable[[int], None] | None = None) -> PushReport:
    """Sync the store at ``db`` into Neo4j (see :meth:`graph.neo4j.Neo4jClient.push`).

    Connects before analysing the graph, so a wrong address or password fails at once.
    """
    from graph.cypher.neo4j import Neo4jClient

    with Store(db, create=False) as store, Neo4jClient(settings, ask_password=ask_password) as client:
        graph = analyze(store.load_graph())
        return client.push(graph_rows(graph, store), full=full, progress=progress)


def store_state(store: Store) -> str:
    """A key of everything the store's graph is built from: documents, curation rules, the
    relation vocabulary and the store's schema."""
    vocabulary = resources.files("graph").joinpath("data/relations.yaml").read_text("utf-8")
    return repr((SCHEMA_VERSION, store.state(), vocabulary))


def embedded_path(db: str | os.PathLike[str]) -> Path:
    """The folder holding the embedded copies of the store at ``db``."""
    return Path(f"{db}-cypher")


def open_embedded(db: str, *, timeout: float = 60.0,
                  on_build: Callable[[], None] | None = None) -> EmbeddedGraph:
    """The store at ``db`` as a read-only embedded Cypher database, built when stale."""
    from graph.cypher.embedded import EmbeddedGraph

    with Store(db, create=False) as store:
        state = store_state(store)
    return EmbeddedGraph(embedded_path(db), state, lambda: store_rows(db)[1], timeout=timeout,
                         on_build=on_build)


def open_engine(db: str, uri: str | None = None, *, user: str | None = None, database: str | None = None,
                timeout: float = 60.0, ask_password: Callable[[], str] | None = None,
                on_build: Callable[[], None] | None = None) -> Engine:
    """Neo4j at ``uri`` when given, else the embedded engine over the store at ``db``."""
    if uri:
        from graph.cypher.neo4j import Neo4jClient, Neo4jSettings

        return Neo4jClient(Neo4jSettings.resolve(uri, user, database, timeout=timeout), ask_password=ask_password)
    return open_embedded(db, timeout=timeout, on_build=on_build)
