"""Relations: co-mentions per sentence and typed actions read from the dependency parse
through the verb lexicon in ``graph/data/relations.yaml``."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import combinations
from typing import TYPE_CHECKING

import yaml

from .dates import is_point, resolve_date
from .extract import Sentence
from .model import Document, Evidence, Mention, Relation

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Pattern", "RelationType", "RawAction", "DateSpan", "relation_types", "actions",
           "date_spans", "document_relations", "CO_MENTIONED"]

CO_MENTIONED = "CO_MENTIONED"
_SUBJECTS = ("nsubj",)
_MODAL_LEMMAS = {"will", "would", "may", "might", "could", "should", "must", "shall", "can"}


@dataclass(frozen=True)
class Pattern:
    verbs: frozenset[str]
    object: bool = False
    preps: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    reciprocal: bool = False


@dataclass(frozen=True)
class RelationType:
    name: str
    label: str
    description: str
    symmetric: bool
    color: str
    patterns: tuple[Pattern, ...]


@lru_cache(maxsize=1)
def relation_types() -> dict[str, RelationType]:
    """The relation vocabulary, keyed by type name (the whitelist for every output)."""
    text = resources.files("graph").joinpath("data/relations.yaml").read_text("utf-8")
    types = {}
    for name, spec in yaml.safe_load(text).items():
        patterns = tuple(Pattern(frozenset(p["verbs"]), bool(p.get("object")),
                                 frozenset(p.get("preps", ())), frozenset(p.get("nouns", ())),
                                 bool(p.get("reciprocal")))
                         for p in spec.get("patterns", ()))
        types[name] = RelationType(name, spec["label"], spec["description"],
                                   bool(spec["symmetric"]), spec["color"], patterns)
    return types


@dataclass(frozen=True)
class RawAction:
    """An action found in a sentence; arguments are char spans still to map to entities.

    Each argument is a tuple of candidate spans, best first: the head word, then the
    names in apposition to it ("his counterpart Vladimir Putin").
    """

    type: str
    verb: str
    sentence: int
    sources: tuple[tuple[tuple[int, int], ...], ...]
    targets: tuple[tuple[tuple[int, int], ...], ...]
    date_text: str | None = None


@dataclass(frozen=True)
class DateSpan:
    sentence: int
    text: str


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj":
            out.extend(_conjuncts(child))
    return out


def _candidates(tok: Token, offset: int) -> tuple[tuple[int, int], ...]:
    spans = [(offset + tok.idx, offset + tok.idx + len(tok))]
    stack = [c for c in tok.children if c.dep_ == "appos"]
    while stack:
        child = stack.pop(0)
        spans.append((offset + child.idx, offset + child.idx + len(child)))
        stack.extend(c for c in child.children if c.dep_ == "appos")
    return tuple(spans)


def _args(heads: Iterable[Token], offset: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    return tuple(_candidates(t, offset) for head in heads for t in _conjuncts(head))


def _subjects(verb: Token) -> list[Token]:
    while True:
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subjects or verb.dep_ != "conj":
            return subjects
        verb = verb.head  # "Obama phoned Cameron and talked with Hollande"


def _asserted(verb: Token) -> bool:
    """Negated, modal or passive verbs do not state that the action happened."""
    for child in verb.children:
        if child.dep_ in ("neg", "nsubjpass", "auxpass"):
            return False
        if child.dep_ == "aux" and (child.tag_ == "MD" or child.lemma_ in _MODAL_LEMMAS):
            return False
    return verb.dep_ not in ("xcomp", "relcl", "acl", "amod")


def _prep_objects(head: Token, preps: frozenset[str]) -> list[Token]:
    return [g for c in head.children if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def _attached_date(verb: Token, sent: Span) -> str | None:
    """The DATE that modifies the verb itself: "spoke on May 19", "met Monday"."""
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        head = ent.root.head
        if head.i == verb.i or head.dep_ == "prep" and head.head.i == verb.i:
            return ent.text
    return None


def actions(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[RawAction]:
    """Typed actions in ``doc`` matched by the lexicon's verb patterns."""
    lexicon = [(name, p) for name, rt in relation_types().items() for p in rt.patterns]
    for index, sent in enumerate(doc.sents):
        for verb in sent:
            if verb.pos_ not in ("VERB", "AUX") or not _asserted(verb):
                continue
            lemma = verb.lemma_.lower()
            for name, pattern in lexicon:
                if lemma not in pattern.verbs:
                    continue
                targets = _pattern_targets(verb, pattern)
                subjects = _subjects(verb)
                if not subjects:
                    continue
                if not targets and pattern.reciprocal:
                    # "Trump and Putin met": the coordinated subjects met each other.
                    people = [t for s in subjects for t in _conjuncts(s)]
                    if len(people) > 1:
                        yield RawAction(name, verb.text, sentence_base + index,
                                        (_candidates(people[0], offset),),
                                        tuple(_candidates(t, offset) for t in people[1:]),
                                        _attached_date(verb, sent))
                    continue
                if targets:
                    yield RawAction(name, verb.text, sentence_base + index,
                                    _args(subjects, offset), _args(targets, offset),
                                    _attached_date(verb, sent))


def _pattern_targets(verb: Token, pattern: Pattern) -> list[Token]:
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if pattern.nouns:
        nouns = [o for o in objects if o.lemma_.lower() in pattern.nouns or o.lower_ in pattern.nouns]
        if not nouns:
            return []
        found = _prep_objects(verb, pattern.preps)
        for noun in nouns:
            found.extend(_prep_objects(noun, pattern.preps))
        return found
    found = list(objects) if pattern.object else []
    if pattern.preps:
        found.extend(_prep_objects(verb, pattern.preps))
    return found


def date_spans(doc: Doc, *, sentence_base: int = 0) -> Iterator[DateSpan]:
    """DATE entities with the index of their sentence."""
    starts = {s.start: i for i, s in enumerate(doc.sents)}
    for ent in doc.ents:
        if ent.label_ == "DATE":
            yield DateSpan(sentence_base + starts[ent.sent.start], ent.text)


class _SpanIndex:
    """Find the entity whose mention covers a character position."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self._mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._mentions]

    def entity_at(self, start: int) -> str | None:
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and start < self._mentions[i].end:
            return self._mentions[i].entity_id
        return None

    def resolve(self, arg: tuple[tuple[int, int], ...]) -> str | None:
        for start, _ in arg:
            entity = self.entity_at(start)
            if entity is not None:
                return entity
        return None


def document_relations(doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                       raw_actions: Iterable[RawAction], dates: Iterable[DateSpan] = ()) -> list[Relation]:
    """Co-mentions and typed actions of one document, each with its evidence.

    An evidence's date is the date its sentence states (for an action, only a date that
    modifies its verb), resolved against the document date; failing that, the document date.
    """
    first_date: dict[int, str] = {}
    for d in dates:
        if is_point(d.text):
            first_date.setdefault(d.sentence, " ".join(d.text.split()))

    def evidence(index: int, date_text: str | None, verb: str | None = None) -> Evidence:
        sent = sentences[index]
        if verb is None:  # a co-mention: the date the sentence states, if any
            text = first_date.get(index)
        else:  # an action: only a date that modifies its verb
            text = date_text if date_text and is_point(date_text) else None
        date = resolve_date(text, doc.date) if text else None
        return Evidence(doc.id, sent.text, sent.start, sent.end, date or doc.date, text, verb)

    relations: list[Relation] = []
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for m in mentions:
        if m.entity_id not in by_sentence[m.sentence]:
            by_sentence[m.sentence].append(m.entity_id)
    for index, entity_ids in sorted(by_sentence.items()):
        if len(entity_ids) < 2:
            continue
        ev = evidence(index, None)
        for a, b in combinations(sorted(entity_ids), 2):
            relations.append(Relation(a, b, CO_MENTIONED, ev))

    index_ = _SpanIndex(mentions)
    for action in raw_actions:
        ev = evidence(action.sentence, action.date_text, action.verb)
        for source_arg in action.sources:
            source = index_.resolve(source_arg)
            if source is None:
                continue
            for target_arg in action.targets:
                target = index_.resolve(target_arg)
                if target is not None and target != source:
                    relations.append(Relation(source, target, action.type, ev))
    return relations
