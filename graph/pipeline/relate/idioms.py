"""Idioms of criticism: "called Y's plans into question", "cast doubt on Y's figures", "made a
mockery of Y's commitment". The verb, its preposition and noun are data (``questioning.idioms``
in ``graph/data/words.yaml``); read by the verb patterns and by reported speech ('"This makes a
mockery of the government's pledge," said X').
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.pipeline.relate.arguments import _prep_objects
from graph.schema import words

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Idiom", "idiom_of"]


@dataclass(frozen=True)
class Idiom:
    """An idiom found on a verb: what it criticises, and how it reads ("called into question")."""

    phrase: str
    targets: tuple[Token, ...]
    object_first: bool  # "call into question": the verb's object (or passive subject) is criticised
    passive: bool


@lru_cache(maxsize=1)
def _idioms() -> dict[str, list[tuple[str, str, bool]]]:
    """Verb lemma -> (preposition, noun, object first): "call into question" (its object is
    criticised), "cast doubt on" (what "on" names is)."""
    out: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for idiom in words("questioning.idioms"):
        parts = idiom.split()
        if parts[1] == "into":
            out[parts[0]].append(("into", parts[2], True))
        else:
            out[parts[0]].append((parts[-1], parts[-2], False))
    return dict(out)


def idiom_of(verb: Token) -> Idiom | None:
    """The idiom of criticism ``verb`` heads, if any (its targets may be empty)."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for prep, noun, object_first in _idioms().get(verb.lemma_.lower(), ()):
        if object_first:
            if not any(g.lemma_.lower() == noun for _, g in _prep_objects(verb, frozenset({prep}))):
                continue
            targets = [c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        else:
            nouns = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() == noun]
            if not nouns:
                continue
            targets = [g for h in (verb, *nouns) for _, g in _prep_objects(h, frozenset({prep}))]
        phrase = f"{verb.text} {prep} {noun}" if object_first else f"{verb.text} {noun} {prep}"
        return Idiom(phrase, tuple(targets), object_first, passive)
    return None
