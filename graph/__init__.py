"""newsgraph: turn news text into an explorable entity-relationship graph.

The public API; every stage is also importable from its own module. The subpackages are the
architecture: :mod:`graph.pipeline` (text to mentions and relations, the only spaCy user) feeds
:mod:`graph.store`; :mod:`graph.analysis` reads the stored graph; :mod:`graph.cypher` and
:mod:`graph.export` are the outputs. :mod:`graph.schema` holds the vocabularies all of them read.

Examples:
    >>> from graph import Store, ingest, analyze, select, Selection, export
    >>> store = Store(":memory:")
    >>> store.stats().documents
    0
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.analysis.centrality import METRICS, analyze, analyze_store, to_networkx, top
from graph.analysis.select import Selection, select
from graph.build import BuildResult, build
from graph.errors import (
    EntityNotFoundError,
    InputError,
    ModelNotFoundError,
    NewsgraphError,
    SelectionError,
    StoreError,
)
from graph.export import FORMATS, export, node_link
from graph.export.html import inline, render_html, write_html
from graph.ingest import IngestReport, ingest, run_pipeline
from graph.model import Document, Edge, Entity, Evidence, Graph, Mention, Node, Relation
from graph.pipeline.nlp import load_model
from graph.pipeline.read import Fields, Skipped, read_documents
from graph.schema import relation_types
from graph.store import Store
from graph.store.lookup import find_node

__version__ = "0.1.0"

__all__ = [
    "METRICS", "FORMATS", "analyze", "run_pipeline", "build", "export", "find_node", "ingest",
    "inline", "load_model", "node_link", "read_documents", "relation_types", "render_html", "select",
    "to_networkx", "top", "write_html", "BuildResult", "Document", "Edge", "Entity", "Evidence",
    "Fields", "Graph", "IngestReport", "Mention", "Node", "Relation", "Selection", "Skipped",
    "Store", "EntityNotFoundError", "InputError", "ModelNotFoundError", "NewsgraphError",
    "SelectionError", "StoreError", "load_graph",
]


def load_graph(db: str, *, analysed: bool = True, metrics: Sequence[str] | None = None) -> Graph:
    """The graph in the store at ``db``, with centralities and communities when ``analysed``.

    ``metrics`` limits the centralities the nodes carry (all of :data:`METRICS` by default).
    The analysis is computed once per store state and saved in the store
    (:func:`graph.analysis.centrality.analyze_store`).
    """
    with Store(db, create=False) as store:
        return analyze_store(store, metrics=metrics) if analysed else store.load_graph()
