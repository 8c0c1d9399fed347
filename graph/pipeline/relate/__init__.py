"""Relations: typed actions read from the dependency parse (verb patterns, event nouns) with
their modality, negation and attribution, and the co-mentions and evidence built from them.

Modules: :mod:`.arguments` (who acts on whom), :mod:`.modality`, :mod:`.patterns` (verbs),
:mod:`.events` (event nouns) and :mod:`.evidence` (relations of a document).
"""

from __future__ import annotations

from graph.pipeline.relate.arguments import RawAction
from graph.pipeline.relate.evidence import DateSpan, date_spans, document_relations
from graph.pipeline.relate.patterns import actions
from graph.schema import (
           CO_MENTIONED,
           QUAD_CLASSES,
           Pattern,
           RelationType,
           relation_types,
)

__all__ = ["Pattern", "RelationType", "RawAction", "DateSpan", "relation_types", "actions",
           "date_spans", "document_relations", "CO_MENTIONED", "QUAD_CLASSES"]
