"""Storage: the embedded SQLite store, the curation rules it applies when the graph is read,
entity lookup by name, and the curation commands."""

from __future__ import annotations

from graph.store.sqlite import SCHEMA_VERSION, Store, StoreStats

__all__ = ["SCHEMA_VERSION", "Store", "StoreStats"]
