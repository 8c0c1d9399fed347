"""Relations: co-mentions per sentence and typed actions read from the dependency parse
through the relation taxonomy in ``graph/data/relations.yaml``."""

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
from .model import Document, Evidence, Mention, Relation, relation_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Pattern", "RelationType", "RawAction", "DateSpan", "relation_types", "actions",
           "date_spans", "document_relations", "CO_MENTIONED", "QUAD_CLASSES"]

CO_MENTIONED = "CO_MENTIONED"
QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                4: "material conflict"}
_MODALS = {"will", "would", "may", "might", "could", "should", "must", "shall", "can", "'ll", "wo", "ca"}
# Verbs whose complement has not happened (yet): "promised to brief", "wants to meet".
_INTENT = {"promise", "plan", "want", "hope", "intend", "expect", "seek", "try", "aim", "wish", "offer",
           "agree", "threaten", "propose", "vow", "pledge", "prepare", "consider", "refuse", "decline",
           "fail", "need", "like", "urge", "ask", "invite", "expect", "schedule", "set", "due"}
_SAY = {"say", "tell", "add", "state", "report", "claim", "announce", "confirm", "write", "note", "insist"}
_PLANNED = {"planned", "proposed", "possible", "expected", "upcoming", "future", "potential", "scheduled",
            "mooted", "likely"}


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
    cameo: str | None
    quad: int | None
    symmetric: bool
    color: str
    patterns: tuple[Pattern, ...]
    events: tuple[str, ...] = ()


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
        types[name] = RelationType(name, spec["label"], spec["description"], spec.get("cameo"),
                                   spec.get("quad"), bool(spec["symmetric"]), spec["color"], patterns,
                                   tuple(spec.get("events", ())))
    return types


Arg = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class RawAction:
    """An action found in a sentence; arguments are char spans still to map to entities.

    Each argument is a tuple of candidate spans, best first: the head word, then the
    names in apposition to it ("his counterpart Vladimir Putin").
    """

    type: str
    verb: str  # the verb phrase as read: "held a call with", "was criticised by"
    sentence: int
    sources: tuple[Arg, ...]
    targets: tuple[Arg, ...]
    date_text: str | None = None
    negated: bool = False
    hypothetical: bool = False
    reported_by: str | None = None


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


def _candidates(tok: Token, offset: int) -> Arg:
    spans = [(offset + tok.idx, offset + tok.idx + len(tok))]
    stack = [c for c in tok.children if c.dep_ == "appos"]
    while stack:
        child = stack.pop(0)
        spans.append((offset + child.idx, offset + child.idx + len(child)))
        stack.extend(c for c in child.children if c.dep_ == "appos")
    return tuple(spans)


def _args(heads: Iterable[Token], offset: int) -> tuple[Arg, ...]:
    return tuple(_candidates(t, offset) for head in heads for t in _conjuncts(head))


def _subjects(verb: Token) -> list[Token]:
    """The verb's subject, inherited through coordination ("phoned X and talked with Y"),
    control ("spent a day playing golf with") and relative clauses ("Stubb, who met")."""
    while True:
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:
            if subjects[0].tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return [verb.head]  # "Stubb, who played golf with Graham"
            return subjects
        if verb.dep_ in ("conj", "xcomp", "advcl", "pcomp") and verb.head.i != verb.i:
            verb = verb.head
            continue
        if verb.dep_ in ("relcl", "acl") and verb.tag_ != "VBN":
            return [verb.head]
        return []


def _agents(verb: Token) -> list[Token]:
    return [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]


def _chain(verb: Token) -> Iterator[Token]:
    """The verb and the verbs governing it through control or coordination."""
    tok = verb
    yield tok
    while tok.dep_ in ("xcomp", "conj", "ccomp", "advcl") and tok.head.i != tok.i:
        tok = tok.head
        yield tok


def _negated(verb: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in ("never", "no longer") for t in _chain(verb) for c in t.children)


def _hypothetical(verb: Token) -> bool:
    for i, tok in enumerate(_chain(verb)):
        for c in tok.children:
            if c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ in _MODALS):
                return True
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return True
        if i > 0 and tok.lemma_.lower() in _INTENT:
            return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _INTENT


def _reporter(verb: Token) -> str | None:
    """Who a sentence attributes the action to: "..., the official said"; "according to X"."""
    root = verb
    while root.head.i != root.i and root.dep_ != "ROOT":
        parent = root.head
        if parent.lemma_.lower() in _SAY and root.dep_ in ("ccomp", "parataxis", "conj"):
            subj = [c for c in parent.children if c.dep_ == "nsubj"]
            if subj and subj[0].i != verb.i:
                return _phrase(subj[0])
        root = parent
    for tok in verb.sent:
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to":
            objs = [g for g in tok.nbor(1).children if g.dep_ == "pobj"]
            if objs:
                return _phrase(objs[0])
    return None


def _phrase(tok: Token) -> str:
    """The noun phrase headed by ``tok``, without relative clauses."""
    left = min([tok.i, *(c.left_edge.i for c in tok.lefts)])
    right = tok.i
    for c in tok.rights:
        if c.dep_ in ("compound", "flat", "nummod", "amod"):
            right = c.right_edge.i
    return tok.doc[left:right + 1].text


def _asserting_form(verb: Token) -> bool:
    """Participles used as adjectives and noun modifiers state no action."""
    return verb.dep_ not in ("amod", "acl") or verb.tag_ == "VBG"


def _attached_date(verb: Token, sent: Span) -> str | None:
    """The DATE that modifies the verb, or a verb controlling it: "spoke on May 19",
    "spent a day playing golf with Graham in March"."""
    chain = [t.i for t in _chain(verb) if t.dep_ in ("xcomp", "ROOT", "relcl", "conj") or t.i == verb.i][:2]
    for ent in sent.ents:
        if ent.label_ != "DATE":
            continue
        head = ent.root.head
        if head.i in chain or head.dep_ == "prep" and head.head.i in chain:
            return ent.text
    return None


def _prep_objects(head: Token, preps: frozenset[str]) -> list[tuple[Token, Token]]:
    return [(c, g) for c in head.children if c.dep_ == "prep" and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


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
        return [g for _, g in found], f"{verb.text} {'a ' if noun.tag_ == 'NN' else ''}{noun.text} {found[0][0].text}"
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
    if passive and pattern.object:
        phrase = f"was {verb.text} by"
    return (targets, phrase) if targets else ([], phrase) if pattern.reciprocal else None


def actions(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[RawAction]:
    """Typed actions in ``doc`` matched by the taxonomy's verb and noun patterns."""
    types = relation_types()
    lexicon: dict[str, list[tuple[str, Pattern]]] = defaultdict(list)
    for name, rt in types.items():
        for p in rt.patterns:
            for v in p.verbs:
                lexicon[v].append((name, p))
    events = {noun: name for name, rt in types.items() for noun in rt.events}
    for index, sent in enumerate(doc.sents):
        for tok in sent:
            if tok.pos_ in ("VERB", "AUX") and _asserting_form(tok):
                yield from _verb_actions(tok, sent, lexicon, offset, sentence_base + index)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in events:
                yield from _event_actions(tok, sent, events[tok.lemma_.lower()], offset, sentence_base + index)


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
        sources = _agents(verb) if passive else _subjects(verb)
        if not sources:
            continue
        flags = {"date_text": _attached_date(verb, sent), "negated": _negated(verb),
                 "hypothetical": _hypothetical(verb), "reported_by": _reporter(verb)}
        if targets:
            seen.add(name)
            yield RawAction(name, phrase, sentence, _args(sources, offset), _args(targets, offset), **flags)
        elif pattern.reciprocal:
            people = [t for s in sources for t in _conjuncts(s)]
            if len(people) > 1:  # "Trump and Putin met": the subjects met each other
                seen.add(name)
                yield RawAction(name, phrase, sentence, (_candidates(people[0], offset),),
                                tuple(_candidates(t, offset) for t in people[1:]), **flags)


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
    partners = [g for _, g in _prep_objects(noun, frozenset({"with"}))]
    if owners and partners:
        yield RawAction(type_, f"{noun.text} with", sentence, _args(owners, offset), _args(partners, offset),
                        **flags)


def _governed_hypothetically(noun: Token) -> bool:
    head = noun.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head.pos_ in ("VERB", "AUX") and _hypothetical(head)


def date_spans(doc: Doc, *, sentence_base: int = 0) -> Iterator[DateSpan]:
    """DATE entities with the index of their sentence."""
    starts = {s.start: i for i, s in enumerate(doc.sents)}
    for ent in doc.ents:
        if ent.label_ == "DATE":
            yield DateSpan(sentence_base + starts[ent.sent.start], ent.text)


class _SpanIndex:
    """Find the mention covering a character position."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self._mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self._mentions]

    def mention_at(self, start: int) -> Mention | None:
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and start < self._mentions[i].end:
            return self._mentions[i]
        return None

    def resolve(self, arg: Arg) -> Mention | None:
        for start, _ in arg:
            mention = self.mention_at(start)
            if mention is not None:
                return mention
        return None


def document_relations(doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                       raw_actions: Iterable[RawAction], dates: Iterable[DateSpan] = ()) -> list[Relation]:
    """Co-mentions and typed actions of one document, each with its evidence.

    An evidence's date is the date its sentence states (for an action, only a date that
    modifies its verb), resolved against the document date; failing that, the document date.
    Symmetric relations are stored once per pair.
    """
    types = relation_types()
    first_date: dict[int, str] = {}
    for d in dates:
        if is_point(d.text):
            first_date.setdefault(d.sentence, " ".join(d.text.split()))

    def evidence(index: int, action: RawAction | None = None, inferred: bool = False) -> Evidence:
        sent = sentences[index]
        if action is None:  # a co-mention: the date the sentence states, if any
            text = first_date.get(index)
        else:  # an action: only a date that modifies its verb
            text = action.date_text if action.date_text and is_point(action.date_text) else None
        date = resolve_date(text, doc.date) if text else None
        if action is None:
            return Evidence(doc.id, sent.text, sent.start, sent.end, date or doc.date, text)
        return Evidence(doc.id, sent.text, sent.start, sent.end, date or doc.date, text, action.verb,
                        action.negated, action.hypothetical, action.reported_by, inferred)

    relations: list[Relation] = []
    by_sentence: dict[int, list[str]] = defaultdict(list)
    for m in mentions:
        if not m.inferred and m.entity_id not in by_sentence[m.sentence]:
            by_sentence[m.sentence].append(m.entity_id)
    for index, entity_ids in sorted(by_sentence.items()):
        if len(entity_ids) < 2 or not sentences[index].has_verb:
            continue
        ev = evidence(index)
        for a, b in combinations(sorted(entity_ids), 2):
            relations.append(Relation(a, b, CO_MENTIONED, ev))

    index_ = _SpanIndex(mentions)
    for action in raw_actions:
        symmetric = types[action.type].symmetric
        for source_arg in action.sources:
            source = index_.resolve(source_arg)
            if source is None:
                continue
            for target_arg in action.targets:
                target = index_.resolve(target_arg)
                if target is None or target.entity_id == source.entity_id:
                    continue
                _, a, b = relation_id(action.type, source.entity_id, target.entity_id, symmetric)
                relations.append(Relation(a, b, action.type,
                                          evidence(action.sentence, action, source.inferred or target.inferred)))
    return relations
