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

import importlib
import sys
import types
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from graph.errors import (
    EntityNotFoundError,
    InputError,
    ModelNotFoundError,
    NewsgraphError,
    SelectionError,
    StoreError,
)
from graph.model import Document, Edge, Entity, Evidence, Graph, Mention, Node, Relation

if TYPE_CHECKING:
    from graph.analysis.centrality import analyze, analyze_store, to_networkx, top  # noqa: F401
    from graph.analysis.metrics import METRICS
    from graph.analysis.select import Selection, select
    from graph.build import BuildResult, build
    from graph.export import FORMATS, export, node_link
    from graph.export.html import inline, render_html, write_html
    from graph.ingest import IngestReport, ingest, run_pipeline
    from graph.pipeline.nlp import load_model
    from graph.pipeline.read import Fields, Skipped, read_documents
    from graph.schema import relation_types
    from graph.store import Store
    from graph.store.lookup import find_node

#: Public name -> the module it comes from. Imported on first use (PEP 562), so that a
#: command loads only what it needs: `newsgraph top` answers from the store without
#: importing networkx, igraph, numpy or the pipeline.
_LAZY = {
    **dict.fromkeys(["analyze", "analyze_store", "to_networkx", "top"], "graph.analysis.centrality"),
    "METRICS": "graph.analysis.metrics",
    **dict.fromkeys(["Selection", "select"], "graph.analysis.select"),
    **dict.fromkeys(["BuildResult", "build"], "graph.build"),
    **dict.fromkeys(["FORMATS", "export", "node_link"], "graph.export"),
    **dict.fromkeys(["inline", "render_html", "write_html"], "graph.export.html"),
    **dict.fromkeys(["IngestReport", "ingest", "run_pipeline"], "graph.ingest"),
    "load_model": "graph.pipeline.nlp",
    **dict.fromkeys(["Fields", "Skipped", "read_documents"], "graph.pipeline.read"),
    "relation_types": "graph.schema",
    "Store": "graph.store",
    "find_node": "graph.store.lookup",
}


def __getattr__(name: str) -> Any:
    """A public name (or a subpackage) on first use; later uses find it in the module."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif not name.startswith("__"):
        try:
            value = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":  # the subpackage exists, a dependency of it is missing
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from exc
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


class _Package(types.ModuleType):
    """The package's module type: three submodules are named like the function each
    exports (``build``, ``export``, ``ingest``), and importing one binds the module here.
    ``graph.build`` stays the function, as it was when the package imported them eagerly."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _SHADOWED and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


_SHADOWED = {name for name, module in _LAZY.items() if module == f"{__name__}.{name}"}
sys.modules[__name__].__class__ = _Package


__version__ = "0.1.0"

__all__ = [
    "METRICS", "FORMATS", "analyze", "run_pipeline", "build", "export", "find_node", "ingest",
    "inline", "load_model", "node_link", "read_documents", "relation_types", "render_html", "select",
    "to_networkx", "top", "write_html", "BuildResult", "Document", "Edge", "Entity", "Evidence",
    "Fields", "Graph", "IngestReport", "Mention", "Node", "Relation", "Selection", "Skipped",
    "Store", "EntityNotFoundError", "InputError", "ModelNotFoundError", "NewsgraphError",
    "SelectionError", "StoreError", "load_entity", "load_graph", "load_nodes",
]


def load_graph(db: str, *, analysed: bool = True, metrics: Sequence[str] | None = None) -> Graph:
    """The graph in the store at ``db``, with centralities and communities when ``analysed``.

    ``metrics`` limits the centralities the nodes carry (all of :data:`METRICS` by default).
    The analysis is computed once per store state and saved in the store
    (:func:`graph.analysis.centrality.analyze_store`).
    """
    from graph.analysis.centrality import analyze_store
    from graph.store import Store

    with Store(db, create=False) as store:
        return analyze_store(store, metrics=metrics) if analysed else store.load_graph()


def load_nodes(db: str, *, metrics: Sequence[str] | None = None) -> Graph:
    """The analysed nodes of the store at ``db``, without edges: what ranking and name
    lookups need, read from the saved analysis (:func:`graph.analysis.cached.analysed_nodes`)."""
    from graph.analysis.cached import analysed_nodes
    from graph.store import Store

    with Store(db, create=False) as store:
        return analysed_nodes(store, metrics=metrics)


def load_entity(db: str, name: str, *, metrics: Sequence[str] | None = None) -> Graph:
    """The analysed nodes of the store at ``db`` and the edges of the entity ``name`` finds:
    what an entity sheet shows (:func:`graph.analysis.cached.entity_graph`)."""
    from graph.analysis.cached import entity_graph
    from graph.store import Store

    with Store(db, create=False) as store:
        return entity_graph(store, name, metrics=metrics)
