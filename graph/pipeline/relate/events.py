"""Event nouns: "talks between X and Y", "a call with X", "held talks with", "X's attack on
Y", "criticism of Y from X", "a letter to Y from X"."""

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
from graph.pipeline.relate.topics import with_owners
from graph.schema import relation_types

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

#: Prepositions naming the partner of a symmetric event ("talks with Y") and the target of a
#: directed one ("criticism of Y", "an attack on Y", "a rebuke for Y", "a letter to Y",
#: "sanctions against Y", "a swipe at Y").
_WITH = frozenset({"with", "to"})
_TARGETING = frozenset({"of", "on", "for", "to", "with", "against", "at"})
#: Prepositions naming the author of an event: "criticism from X", "an attack by X".
_AUTHORS = frozenset({"from", "by"})
#: Verbs whose subject is the author of the event noun they take as object: "X launched an
#: attack on Y", "X issued a warning to Y" (not "X welcomed the criticism of Y").
_LIGHT_VERBS = frozenset({"make", "launch", "issue", "deliver", "send", "write", "give", "lodge", "mount",
                          "level", "voice", "express", "renew", "step", "hold", "have", "pay", "impose",
                          "extend", "announce", "file", "direct", "aim", "unleash", "post"})
#: Verbs whose subject is the target of the event noun they take as object: "X faced
#: criticism from Y", "X drew a rebuke from Y".
_RECEIVING = frozenset({"face", "receive", "draw", "attract", "suffer", "get", "earn", "incur", "provoke"})


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
    directed = not relation_types()[type_].symmetric
    preps = _TARGETING if directed else _WITH
    # "a call on May 16": a date is no partner
    found = [(p, g) for p, g in _prep_objects(noun, preps) if g.ent_type_ not in ("DATE", "TIME")]
    partners = [g for _, g in found]
    # the owner ("X's attack on Y", "his criticism of Y") or, of a directed event, its author
    # ("criticism of Y from X"); a pronoun owner stands for whom coreference links it to
    adjunct = noun.dep_ == "pobj" and noun.head.lower_ in ("in", "on", "at", "during")
    # ... but in a fronted adjunct ("During his response to X, Howard said") the clause's
    # subject is the author: read below
    owners = [c for c in noun.children if c.dep_ == "poss"
              and (c.pos_ in ("PROPN", "NOUN") or c.pos_ == "PRON" and not adjunct)]
    # the parser often hangs "from X" on the target: "criticism of Y from X"
    authors = [g for head in (noun, *partners) for _, g in _prep_objects(head, _AUTHORS)] if directed else []
    if (owners or authors) and partners:
        phrase = f"{noun.text} {found[0][0].lower_}"
        yield RawAction(type_, phrase, sentence, _args(owners or authors, offset), _args(partners, offset),
                        **flags)
        return
    if directed and partners and noun.dep_ == "attr" and noun.head.pos_ in ("AUX", "VERB"):
        # "The report was a stinging rebuke for the government": the subject is the author,
        # or what the subject is of ("the committee's report")
        verb = noun.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            sources, inferred = with_owners(subjects, offset)
            flags.update(date_text=_attached_date(verb, sent), negated=_negated(verb),
                         hypothetical=hypothetical or _hypothetical(verb), reported_by=_reporter(verb),
                         future=_future(verb))
            yield RawAction(type_, f"{verb.text} a {noun.text} {found[0][0].lower_}", sentence, sources,
                            _args(partners, offset), inferred=inferred, **flags)
        return
    if authors and not owners and noun.dep_ == "dobj" and noun.head.lemma_.lower() in _RECEIVING:
        verb = noun.head
        targets = _subjects(verb)
        if targets:
            flags.update(date_text=_attached_date(verb, sent), negated=_negated(verb),
                         hypothetical=hypothetical or _hypothetical(verb), reported_by=_reporter(verb),
                         future=_future(verb))
            yield RawAction(type_, f"{verb.text} {noun.text} from", sentence, _args(authors, offset),
                            _args(targets, offset), **flags)
        return
    light = noun.head.lemma_.lower() in _LIGHT_VERBS
    if not (directed and light and noun.dep_ == "dobj"):
        # "in an interview on CBS's programme": only "with" and "to" name a partner here
        partners = [g for p, g in found if p.lower_ in _WITH]
    # "Hamill's schedule included a panel with Kevin Conroy"; "X launched an attack on Y"
    if noun.dep_ == "dobj" and partners and noun.head.pos_ in ("VERB", "AUX") \
            and (not directed or light):
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
            partners = [g for v in dict.fromkeys(clauses) for _, g in _prep_objects(v, _WITH)]
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
