"""Verb patterns: typed actions read off the dependency parse through the relation taxonomy
in ``graph/data/relations.yaml``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from graph.pipeline.relate.arguments import (
    Arg,
    RawAction,
    _agents,
    _args,
    _candidates,
    _conjuncts,
    _including,
    _prep_objects,
    _stray_conjuncts,
    _subjects,
)
from graph.pipeline.relate.events import _event_actions
from graph.pipeline.relate.modality import (
    _asserting_form,
    _attached_date,
    _future,
    _hypothetical,
    _negated,
    _reporter,
)
from graph.pipeline.relate.speech import labels_verdict, quoted_actions, speech_actions
from graph.pipeline.relate.topics import with_owners
from graph.schema import Pattern, relation_types, words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["actions"]

#: Classes whose verbs pass a verdict on their object, which then falls on its owner:
#: "backed BT's proposals" backs BT.
_EVALUATING = frozenset({"cooperate", "criticize"})
#: Adverbs of acting together, and the type such joint action is.
_JOINTLY = words("cooperation.jointly")
_JOINT_TYPE = "AGREED_WITH"


def _match(verb: Token, pattern: Pattern, passive: bool) -> tuple[list[Token], str] | None:
    """Targets of ``pattern`` on ``verb`` and the verb phrase; None when it does not apply."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    if pattern.nouns:
        # "sent tens of thousands of troops into": look through quantity phrases
        heads = list(objects)
        for o in objects:
            tok = o
            for _ in range(3):
                of = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                      if g.dep_ == "pobj"]
                if not of:
                    break
                tok = of[0]
                heads.append(tok)
        nouns = [o for o in heads if o.lemma_.lower() in pattern.nouns or o.lower_ in pattern.nouns]
        if not nouns:
            return None
        found = _prep_objects(verb, pattern.preps)
        for noun in nouns:
            found.extend(_prep_objects(noun, pattern.preps))
        if not found:
            return None
        noun = nouns[0]
        targets = [g for _, g in found]
        targets += _stray_conjuncts(verb, max(t.i for t in targets))
        return targets, f"{verb.text} {'a ' if noun.tag_ == 'NN' else ''}{noun.text} {found[0][0].text}"
    targets: list[Token] = []
    phrase = verb.text
    if pattern.object:
        if passive:
            targets = [c for c in verb.children if c.dep_ == "nsubjpass"]
        else:
            targets = list(objects)
    if pattern.preps:
        preps = _prep_objects(verb, pattern.preps)
        if preps:
            phrase = f"{verb.text} {preps[0][0].text}"
            targets.extend(g for _, g in preps)
            targets += _stray_conjuncts(verb, max(t.i for t in targets))
    if passive and pattern.object:
        phrase = f"was {verb.text} by"
    return (targets, phrase) if targets else ([], phrase) if pattern.reciprocal else None


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, list[tuple[str, Pattern]]], dict[str, str]]:
    """Verb lemma -> (type, pattern) pairs, and event noun -> type, from the taxonomy."""
    lexicon: dict[str, list[tuple[str, Pattern]]] = defaultdict(list)
    for name, rt in relation_types().items():
        for p in rt.patterns:
            for v in p.verbs:
                lexicon[v].append((name, p))
    events = {noun: name for name, rt in relation_types().items() for noun in rt.events}
    return dict(lexicon), events


def actions(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[RawAction]:
    """Typed actions in ``doc`` matched by the taxonomy's verb and noun patterns."""
    lexicon, events = _lexicon()
    for index, sent in enumerate(doc.sents):
        found: dict[tuple[str, tuple[Arg, ...], tuple[Arg, ...]], RawAction] = {}
        for tok in sent:
            if tok.pos_ in ("VERB", "AUX") and _asserting_form(tok):
                new = list(speech_actions(tok, offset, sentence_base + index))
                if not labels_verdict(tok):  # "called the plans 'dangerous'" is no phone call
                    new += _verb_actions(tok, sent, lexicon, offset, sentence_base + index)
                new = new or list(_joint_actions(tok, sent, offset, sentence_base + index))
            elif tok.pos_ == "NOUN" and (tok.lemma_.lower() in events or tok.lower_ in events):
                kind = events.get(tok.lower_) or events[tok.lemma_.lower()]
                new = _event_actions(tok, sent, kind, offset, sentence_base + index)
            else:
                continue
            for action in new:  # a light verb and its noun may both read "held a call with X"
                found.setdefault((action.type, action.sources, action.targets), action)
        yield from found.values()
    yield from quoted_actions(doc, offset, sentence_base)


def _joint_actions(verb: Token, sent: Span, offset: int, sentence: int) -> Iterator[RawAction]:
    """"The Tories and Lib Dems have jointly tabled a motion": coordinated subjects acting
    jointly cooperate with each other, whatever the verb."""
    adverbs = [c for c in verb.children if c.dep_ == "advmod" and c.lower_ in _JOINTLY]
    if not adverbs:
        return
    people = [t for s in _subjects(verb) for t in _conjuncts(s)]
    if len(people) > 1:
        yield RawAction(_JOINT_TYPE, f"{verb.text} {adverbs[0].lower_}", sentence,
                        (_candidates(people[0], offset),), tuple(_candidates(t, offset) for t in people[1:]),
                        date_text=_attached_date(verb, sent), negated=_negated(verb),
                        hypothetical=_hypothetical(verb), reported_by=_reporter(verb), future=_future(verb))


def _joined(verb: Token) -> Token:
    """The verb ``verb`` is really coordinated with. The parser hangs a finite conjunct on the
    bare infinitive of a reported clause: in "Blair said Labour would set out plans and attacked
    the Tory plans", "attacked" (past, like "said") cannot join "would set out"; it joins "said",
    whose subject and mood it shares."""
    head = verb.head
    if verb.dep_ == "conj" and verb.tag_ == "VBD" and head.tag_ == "VB" and head.dep_ == "ccomp" \
            and any(c.dep_ == "aux" and c.tag_ == "MD" for c in head.children) and head.head.tag_ == "VBD":
        return head.head
    return verb


def _verb_actions(verb: Token, sent: Span, lexicon: dict[str, list[tuple[str, Pattern]]], offset: int,
                  sentence: int) -> Iterator[RawAction]:
    lemma = verb.lemma_.lower()
    if lemma not in lexicon:
        return
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    seen: set[str] = set()
    for name, pattern in lexicon[lemma]:
        if name in seen:
            continue
        matched = _match(verb, pattern, passive)
        if matched is None:
            continue
        targets, phrase = matched
        if targets and all(t.pos_ == "NOUN" and not t.ent_type_ for t in targets):
            # "attacked defectors from the organization including Tom Devocht"
            targets = _including(verb) or targets
        anchor = verb if passive else _joined(verb)
        if passive and not pattern.object:  # "Montalvo was put through to Moxon"
            sources = [c for c in verb.children if c.dep_ == "nsubjpass"]
        else:
            sources = _agents(verb) if passive else _subjects(anchor)
            if passive and not sources and pattern.agents:  # "was expelled from the party"
                sources = [g for _, g in _prep_objects(verb, pattern.agents)]
        if not sources:
            continue
        flags = {"date_text": _attached_date(verb, sent), "negated": _negated(verb) or _negated(anchor),
                 "hypothetical": _hypothetical(anchor), "reported_by": _reporter(anchor),
                 "target_types": pattern.targets, "future": _future(anchor)}
        if targets:
            seen.add(name)
            if relation_types()[name].interaction_class in _EVALUATING:
                # "attacked the Tory plans"; "unveiled a billboard accusing the government"
                source_args, by_source = with_owners(sources, offset)
                target_args, by_target = with_owners(targets, offset)
                inferred = by_source or by_target
            else:
                source_args, target_args, inferred = _args(sources, offset), _args(targets, offset), False
            yield RawAction(name, phrase, sentence, source_args, target_args, inferred=inferred, **flags)
        elif pattern.reciprocal:
            people = [t for s in sources for t in _conjuncts(s)]
            if len(people) > 1:  # "Trump and Putin met": the subjects met each other
                seen.add(name)
                yield RawAction(name, phrase, sentence, (_candidates(people[0], offset),),
                                tuple(_candidates(t, offset) for t in people[1:]), **flags)
