"""newsgraph: turn news text into an explorable entity-relationship graph.

The public API; every stage is also importable from its own module.

Examples:
    >>> from graph import Store, ingest, analyze, select, Selection, export
    >>> store = Store(":memory:")
    >>> store.stats().documents
    0
"""

from __future__ import annotations

from collections.abc import Sequence

from .analyze import METRICS, analyze, to_networkx, top
from .build import BuildResult, build
from .errors import (EntityNotFoundError, InputError, ModelNotFoundError, NewsgraphError,
                     SelectionError, StoreError)
from .export import FORMATS, export, node_link
from .ingest import IngestReport, analyse, ingest
from .model import Document, Edge, Entity, Evidence, Graph, Mention, Node, Relation
from .nlp import load_model
from .read import Fields, Skipped, read_documents
from .relate import relation_types
from .render import inline, render_html, write_html
from .select import Selection, find_node, select
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "METRICS", "FORMATS", "analyze", "analyse", "build", "export", "find_node", "ingest",
    "inline", "load_model", "node_link", "read_documents", "relation_types", "render_html", "select",
    "to_networkx", "top", "write_html", "BuildResult", "Document", "Edge", "Entity", "Evidence",
    "Fields", "Graph", "IngestReport", "Mention", "Node", "Relation", "Selection", "Skipped",
    "Store", "EntityNotFoundError", "InputError", "ModelNotFoundError", "NewsgraphError",
    "SelectionError", "StoreError", "load_graph",
]


def load_graph(db: str, *, analysed: bool = True, metrics: Sequence[str] | None = None) -> Graph:
    """The graph in the store at ``db``, with centralities and communities when ``analysed``.

    ``metrics`` limits the centralities computed (all of :data:`METRICS` by default);
    betweenness dominates the time on large graphs.
    """
    with Store(db, create=False) as store:
        graph = store.load_graph()
    return analyze(graph, metrics=metrics) if analysed else graph
