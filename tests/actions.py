"""The asserted actions the pipeline reads from one made-up text: what the relation tests
compare against their expectations."""

from __future__ import annotations

from typing import Any


def asserted_actions(nlp: Any, text: str) -> set[tuple[str, str, str]]:
    """(source name, relation type, target name) of the asserted actions of ``text``
    (no co-mentions, nothing negated or hypothetical)."""
    from graph.ingest import run_pipeline
    from graph.pipeline.read import parse_text

    [out] = run_pipeline([parse_text(text, "t", title="t")], nlp=nlp)
    names = {e.id: e.name for e in out.entities}
    return {(names[r.source], r.type, names[r.target]) for r in out.relations
            if r.type != "CO_MENTIONED" and not r.evidence.negated and not r.evidence.hypothetical}


def asserted_pairs(nlp: Any, text: str) -> set[tuple[frozenset[str], str]]:
    """({source, target}, relation type) of the asserted actions of ``text``."""
    return {pair(s, t, type_) for s, type_, t in asserted_actions(nlp, text)}


def pair(a: str, b: str, type_: str) -> tuple[frozenset[str], str]:
    return frozenset((a, b)), type_
