"""Reported speech that carries a verdict or a demand: "X said Y's plan was a mistake" (X
criticises Y), "X said Y had been lying", "X said Y was right" (praise), "X said Y should
resign" (a demand of Y), and labels: "X called Y's plans 'dangerous'".

The verdict words are data (``evaluation`` in ``graph/data/words.yaml``, reviewed from the
VADER lexicon); talk about someone without a verdict or a request yields nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from graph.pipeline.relate.arguments import RawAction, _args, _subjects
from graph.pipeline.relate.modality import _future, _hypothetical, _negated, _reporter
from graph.schema import words

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["labels_verdict", "speech_actions"]

_SPEECH = words("speech_evaluation.verbs")
_LABELLING = words("evaluation.labelling")
_DEMAND_MODALS = words("evaluation.demand_modals")
_DEMAND_VERBS = words("evaluation.demand_verbs")
_NEGATIVE = words("evaluation.negative_adjectives") | words("evaluation.negative_nouns")
_POSITIVE = words("evaluation.positive_adjectives") | words("evaluation.positive_nouns")
_NEGATIVE_VERBS = words("evaluation.negative_verbs")
_POSITIVE_VERBS = words("evaluation.positive_verbs")
# The relation type each reading becomes, one per guideline class.
_TYPES = {"negative": "CRITICIZED", "positive": "PRAISED", "demand": "APPEALED_TO"}
# Pronouns that stand for a thing or a clause, never an actor.
_NOT_ACTORS = frozenset({"it", "this", "that", "there", "which", "what", "these", "those", "who"})


def _word(tok: Token) -> str:
    return tok.lemma_.lower() if tok.pos_ in ("VERB", "AUX", "NOUN") else tok.lower_


def _polarity(tok: Token) -> str | None:
    """"negative" or "positive" when ``tok`` or an adjective on it is a verdict word."""
    for t in (tok, *(c for c in tok.children if c.dep_ in ("amod", "advmod", "compound", "conj"))):
        w, lower = _word(t), t.lower_
        if w in _NEGATIVE or lower in _NEGATIVE:
            return "negative"
        if w in _POSITIVE or lower in _POSITIVE:
            return "positive"
    return None


def _verdict(clause: Token) -> tuple[str, str] | None:
    """The reading of a complement clause and the word that carries it, or None."""
    if any(c.dep_ == "aux" and c.lower_ in _DEMAND_MODALS for c in clause.children):
        return "demand", clause.text
    if clause.lemma_.lower() in _DEMAND_VERBS and not any(c.tag_ == "MD" for c in clause.children) and any(
            c.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
            for c in clause.children):
        return "demand", clause.text
    if clause.pos_ == "ADJ":  # "Y's remarks were 'highly irresponsible'" parsed with the adjective as head
        polarity = _polarity(clause)
        return (polarity, clause.text) if polarity else None
    # "Y was wrong", "Y's plan is a mistake", "Y's rule has been marked by failure"
    complements = [c for c in clause.children if c.dep_ in ("acomp", "attr", "oprd")]
    complements += [g for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    for c in complements:
        polarity = _polarity(c)
        if polarity:
            return polarity, c.text
    lemma = clause.lemma_.lower()
    if lemma in _NEGATIVE_VERBS:
        return "negative", clause.text
    if lemma in _POSITIVE_VERBS:
        return "positive", clause.text
    return None


def _actor(tok: Token) -> bool:
    if tok.pos_ == "PRON":
        return tok.lower_ not in _NOT_ACTORS
    return tok.pos_ == "PROPN" or bool(tok.ent_type_)


def _topics(clause: Token) -> list[Token]:
    """Who a clause is about: its subject when that is an actor ("Y was wrong"), or the
    actor owning or naming its subject ("Y's plan", "the Tory plans")."""
    out = []
    for subj in (c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")):
        if _actor(subj):
            out.append(subj)
            continue
        owners = [c for c in subj.children if c.dep_ in ("poss", "compound", "amod") and _actor(c)
                  and (c.dep_ != "amod" or c.ent_type_ in ("NORP", "ORG", "GPE"))]
        out.extend(owners[:1])
    return out


def _clauses(verb: Token) -> list[Token]:
    """The clauses a speech verb reports: its complement, or the clause it is inserted in
    ("Y's plan is a mistake, X said"), with their coordinated clauses."""
    found = [c for c in verb.children if c.dep_ == "ccomp"]
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i < verb.i and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
        found.append(verb.head)
    out = []
    for clause in found:
        out.append(clause)
        out.extend(c for c in clause.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))
    return out


def speech_actions(verb: Token, offset: int, sentence: int) -> Iterator[RawAction]:
    """Verdicts and demands that ``verb``, a verb of speech or labelling, reports."""
    lemma = verb.lemma_.lower()
    if lemma in _LABELLING:
        yield from _labelled(verb, offset, sentence)
    if lemma not in _SPEECH:
        return
    speakers = _subjects(verb)
    if not speakers:
        return
    for clause in _clauses(verb):
        reading = _verdict(clause)
        if reading is None:
            continue
        topics = _topics(clause)
        if not topics:
            continue
        kind, word = reading
        # A verdict told under a modal ("would be wrong") is hypothetical; a demand is its modal.
        hypothetical = _hypothetical(verb) or kind != "demand" and any(
            c.dep_ == "aux" and c.tag_ == "MD" for c in clause.children)
        negated = _negated(verb) or kind != "demand" and any(c.dep_ == "neg" for c in clause.children)
        yield RawAction(_TYPES[kind], f"{verb.text} ... {word}", sentence, _args(speakers, offset),
                        _args(topics, offset), negated=negated, hypothetical=hypothetical,
                        reported_by=_reporter(verb), future=_future(verb))


def _label(verb: Token) -> tuple[list[Token], str, str] | None:
    """The objects, polarity and verdict word of "X called Y's plans 'dangerous'"."""
    if verb.lemma_.lower() not in _LABELLING:
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    complements = [c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp", "attr")]
    complements += [c for o in objects for c in o.children if c.dep_ in ("amod", "appos") and c.i > o.i]
    for c in complements:
        polarity = _polarity(c)
        if polarity and objects:
            return objects, polarity, c.text
    return None


def labels_verdict(verb: Token) -> bool:
    """``verb`` gives its object a verdict ("called the plans 'dangerous'")."""
    return _label(verb) is not None


def _labelled(verb: Token, offset: int, sentence: int) -> Iterator[RawAction]:
    """"X called Y's plans 'dangerous'", "X branded Y a failure"."""
    label = _label(verb)
    if label is None:
        return
    objects, polarity, word = label
    topics = [o for o in objects if _actor(o)]
    topics += [c for o in objects if not _actor(o) for c in o.children
               if c.dep_ in ("poss", "compound") and _actor(c)][:1]
    speakers = _subjects(verb)
    if topics and speakers:
        yield RawAction(_TYPES[polarity], f"{verb.text} ... {word}", sentence,
                        _args(speakers, offset), _args(topics, offset), negated=_negated(verb),
                        hypothetical=_hypothetical(verb), reported_by=_reporter(verb), future=_future(verb))
