"""The exceptions newsgraph raises; the CLI turns them into one-line errors."""

from __future__ import annotations

__all__ = [
    "NewsgraphError",
    "InputError",
    "ModelNotFoundError",
    "StoreError",
    "EntityNotFoundError",
    "SelectionError",
    "CurationError",
    "QueryError",
    "Neo4jError",
]


class NewsgraphError(Exception):
    """Base class of every error newsgraph raises on purpose."""


class InputError(NewsgraphError):
    """An input path, pattern or record cannot be used."""


class ModelNotFoundError(NewsgraphError):
    """No installed spaCy model matches the configured name."""


class StoreError(NewsgraphError):
    """The store cannot be opened, read or written."""


class SelectionError(NewsgraphError):
    """A subgraph selection or metric name is not valid."""


class EntityNotFoundError(SelectionError):
    """A name given by a user matches no entity; carries close matches."""

    def __init__(self, name: str, suggestions: list[str] | None = None) -> None:
        self.name = name
        self.suggestions = list(suggestions or [])
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"No entity named {name!r}.{hint}")


class CurationError(NewsgraphError):
    """A merge, split, rename or aliases file cannot be applied."""


class QueryError(NewsgraphError):
    """A Cypher query cannot be run: bad syntax, a write in read-only mode, a timeout."""


class Neo4jError(NewsgraphError):
    """A Neo4j server cannot be reached, refuses the credentials or fails a request."""
