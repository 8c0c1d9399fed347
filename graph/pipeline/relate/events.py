"""Event nouns: "talks between X and Y", "a call with X", "held talks with"."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graph.pipeline.relate.arguments import (
    RawAction,
    _args,
    _candidates,
    _conjuncts,
    _prep_objects,
    _subjects,
)
from graph.pipeline.relate.modality import (
    _PLANNED,
    _attached_date,
    _future,
    _governed_hypothetically,
    _hypothetical,
    _negated,
    _noun_date,
    _reporter,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _event_actions(noun: Token, sent: Span, type_: str, offset: int, sentence: int) -> Iterator[RawAction]:
    """Noun forms: "a meeting between X and Y", "X's call with Y", "talks with Y"."""
    between = [g for _, g in _prep_objects(noun, frozenset({"between"}))]
    hypothetical = any(c.lower_ in _PLANNED for c in noun.children) or _governed_hypothetically(noun)
    flags = {"date_text": None, "negated": False, "hypothetical": hypothetical, "reported_by": None}
    if between:
        people = _conjuncts(between[0])
        if len(people) > 1:
            yield RawAction(type_, f"{noun.text} between", sentence, (_candidates(people[0], offset),),
                            tuple(_candidates(t, offset) for t in people[1:]), **flags)
        return
    owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ == "PROPN"]
    partners = [g for _, g in _prep_objects(noun, frozenset({"with", "to"}))]
    if owners and partners:
        yield RawAction(type_, f"{noun.text} with", sentence, _args(owners, offset), _args(partners, offset),
                        **flags)
        return
    # "Hamill's schedule included a panel with Kevin Conroy"
    if noun.dep_ == "dobj" and partners and noun.head.pos_ in ("VERB", "AUX"):
        verb = noun.head
        sources = _subjects(verb)
        if sources:
            flags.update(date_text=_attached_date(verb, sent), negated=_negated(verb),
                         hypothetical=hypothetical or _hypothetical(verb), future=_future(verb))
            yield RawAction(type_, f"{verb.text} {noun.text} with", sentence, _args(sources, offset),
                            _args(partners, offset), **flags)
        return
    # "On a call on May 16, Merz ... made it clear to Mr Trump"; "in remarks to al-Ikhbariya, X said"
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ in ("on", "in", "at", "during"):
        verb = noun.head.head
        if verb.pos_ not in ("VERB", "AUX"):
            return
        if not partners:  # "tried to make it clear to Mr Trump": two clauses down at most
            clauses = [verb]
            for _ in range(2):
                clauses += [c for v in clauses for c in v.children if c.dep_ in ("xcomp", "ccomp")]
            partners = [g for v in dict.fromkeys(clauses) for _, g in _prep_objects(v, frozenset({"to", "with"}))]
        sources = _subjects(verb)
        flags.update(date_text=_noun_date(noun, sent) or _attached_date(verb, sent), negated=_negated(verb),
                     hypothetical=hypothetical or _hypothetical(verb), reported_by=_reporter(verb),
                     future=_future(verb))
        phrase = noun.doc[noun.head.i:noun.i + 1].text
        phrase = phrase[:1].lower() + phrase[1:]
        if sources and partners:
            yield RawAction(type_, phrase, sentence, _args(sources, offset), _args(partners, offset), **flags)
        elif sources and noun.lower_ == noun.lemma_.lower():
            # "Mr Zelensky was also on the May 16 call": an event told before, named by its date
            if flags["date_text"]:
                yield RawAction(type_, phrase, sentence, _args(sources, offset), (), joins=True, **flags)
