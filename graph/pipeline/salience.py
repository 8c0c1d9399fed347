"""Salience for coreference: clause subjects from the parse, the candidates an anaphor may
stand for, and how far back it looks.

:mod:`graph.pipeline.coref` ranks the entities named before a pronoun or description by these:
a grammatical subject (:class:`Subject`) is more salient than an object or a possessor, the
subject of a sentence's main clause most of all; candidates are searched for in the anaphor's
own sentence, then up to :data:`WINDOW` sentences back. A person's gender
(:func:`gender`) comes from honorifics, gendered roles and the first-name list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.model import Entity
from graph.pipeline.extract import Descriptor, Pronoun, sentence_index
from graph.schema.vocab import coref, first_name_gender, gender_detector

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["MAIN", "OTHER", "SUBJECT", "WINDOW", "Candidate", "Roles", "Subject", "gender", "in_reach", "subjects"]

#: Sentences before the anaphor's own that are searched for an antecedent.
WINDOW = 3

#: Salience levels of a candidate: the subject of its sentence's main clause, of another
#: clause, or no subject (an object, a possessor, a name inside a phrase).
MAIN, SUBJECT, OTHER = 0, 1, 2


@dataclass(frozen=True)
class Subject:
    """The subject of a clause, from the dependency parse.

    ``heads`` holds the character offset of each conjunct's head word, so "Blair and Brown
    met" gives two; ``main`` tells the subject of the sentence's root verb ("Mr Kennedy
    said ..."), the most salient.
    """

    sentence: int
    heads: tuple[int, ...]
    main: bool = True
    verb: str = ""  # the lemma of the clause's verb ("say")
    # names in apposition to a head ("the Lord Chancellor, Lord Falconer, was insisting"):
    # as salient as the head, but no conjuncts of their own
    appositions: tuple[int, ...] = ()
    # owners of a head ("Michael Howard's only entry is ..."): salient, less than the head
    owners: tuple[int, ...] = ()


def _coordinated(tok: Token) -> list[Token]:
    return [tok, *(t for c in tok.children if c.dep_ == "conj" for t in _coordinated(c))]


def subjects(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[Subject]:
    """The clause subjects of ``doc`` (see :class:`Subject`); relative pronouns ("who") are left
    out, they name nothing themselves."""
    starts = sentence_index(doc)
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.tag_ in ("WP", "WDT"):
            continue
        conjuncts = [t for t in _coordinated(tok) if t.pos_ in ("PROPN", "NOUN", "PRON")]
        if conjuncts:
            appositions = tuple(offset + c.idx for t in conjuncts for c in t.children
                                if c.dep_ == "appos" and c.pos_ == "PROPN")
            # "Howard's only entry is ...", not "Civic Passion's Wong Yeung-tat was ...": a named
            # subject is the topic itself
            owners = tuple(offset + c.idx for t in conjuncts if t.pos_ == "NOUN" for c in t.children
                           if c.dep_ == "poss" and c.pos_ == "PROPN")
            yield Subject(sentence_base + starts[tok.sent.start], tuple(offset + t.idx for t in conjuncts),
                          tok.head.dep_ == "ROOT", tok.head.lemma_.lower(), appositions, owners)


@dataclass(frozen=True)
class Candidate:
    entity: Entity
    sentence: int
    start: int
    end: int
    unknown: bool = False  # a first name NER missed ("Daniel"): a person, but not one we know
    level: int = OTHER  # MAIN, SUBJECT or OTHER
    group: tuple[int, ...] = ()  # the subject conjuncts it belongs to ("Blair and Brown")
    plural: bool = False  # one of several entities one anaphor stands for ("they", "the pair")


class Roles:
    """Which spans are subjects, by sentence."""

    def __init__(self, found: Iterable[Subject]) -> None:
        self._by_sentence: dict[int, list[Subject]] = {}
        for s in found:
            self._by_sentence.setdefault(s.sentence, []).append(s)

    def __bool__(self) -> bool:
        return bool(self._by_sentence)

    def of(self, sentence: int, start: int, end: int) -> tuple[int, tuple[int, ...]]:
        """The level of the span, and its subject's conjunct heads when it is one (a name in
        apposition to a subject is as salient as it; the owner of a main clause's subject
        counts as a subject of another clause)."""
        found = self._by_sentence.get(sentence, ())
        for s in found:
            if any(start <= h < end for h in s.heads):
                return (MAIN if s.main else SUBJECT), s.heads
        for s in found:
            if any(start <= h < end for h in s.appositions):
                return (MAIN if s.main else SUBJECT), ()
        for s in found:
            if s.main and any(start <= h < end for h in s.owners):
                return SUBJECT, ()
        return OTHER, ()

    def in_sentence(self, sentence: int) -> list[Subject]:
        """The subjects of one sentence."""
        return self._by_sentence.get(sentence, [])

    def verb(self, sentence: int, start: int, end: int) -> str:
        """The verb of the clause whose subject the span is; "" when it is none."""
        return next((s.verb for s in self._by_sentence.get(sentence, ()) if any(start <= h < end for h in s.heads)),
                    "")


def in_reach(anaphor: Descriptor | Pronoun, pool: Sequence[Candidate]) -> list[list[Candidate]]:
    """Candidates by sentence, nearest first: the anaphor's sentence up to the anaphor, then
    up to :data:`WINDOW` sentences back; each in text order."""
    rows = [[c for c in pool if c.sentence == anaphor.sentence and c.end <= anaphor.start]]
    rows += [[c for c in pool if c.sentence == anaphor.sentence - back] for back in range(1, WINDOW + 1)]
    return rows


def gender(entity: Entity) -> str | None:
    """"male", "female" or None (not known) for a person."""
    words = coref().gender_words
    tokens = [w.casefold().strip(".") for text in (*entity.aliases, *entity.roles) for w in re.split(r"[\s-]+", text)]
    for g, known in words.items():
        if any(t in known for t in tokens):
            return g
    parts = entity.name.split()
    if not entity.id and len(parts) > 1:
        return None  # a description nobody named ("The prime minister"): no first name to read
    if len(parts) > 1 or not entity.id:
        return first_name_gender(parts[0])
    # a person known by one word ("Gloria", "Thomas") has its gender only when the name list
    # gives it outright: a surname alone is as often a first name of either ("Kennedy")
    return _strict_gender(parts[0])


@lru_cache(maxsize=4096)
def _strict_gender(name: str) -> str | None:
    """"male" or "female" when the gender-guesser name list gives the name to one gender
    only (not "mostly" one)."""
    found = gender_detector().get_gender(name)
    return found if found in ("male", "female") else None
