"""The vocabularies: relation taxonomy, entity types and word lists, loaded from ``graph/data/``.

Everything that names a type or a word the pipeline looks for is data here; nothing needs the
relation extractor to learn which relationship types exist.
"""

from __future__ import annotations

from graph.schema.entities import ENTITY_TYPES, TYPE_PRIORITY, entity_colors, vote_type
from graph.schema.taxonomy import (
    CO_MENTIONED,
    INTERACTION_CLASSES,
    QUAD_CLASSES,
    Pattern,
    RelationType,
    relation_types,
)
from graph.schema.vocab import Titles, boilerplate, sections, titles, words

__all__ = ["CO_MENTIONED", "ENTITY_TYPES", "INTERACTION_CLASSES", "QUAD_CLASSES", "TYPE_PRIORITY", "Pattern",
           "RelationType", "Titles", "boilerplate", "entity_colors", "relation_types", "sections", "titles", "vote_type",
           "words"]
