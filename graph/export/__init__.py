"""Outputs: JSON, GraphML, GEXF, CSV and Cypher-script files, and the offline HTML explorer."""

from __future__ import annotations

from graph.export.files import FORMATS, export, flat_networkx, node_link

__all__ = ["FORMATS", "export", "flat_networkx", "node_link"]
