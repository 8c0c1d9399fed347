"""Relations: co-mentions per sentence and typed actions read from the dependency parse
through the relation taxonomy in ``graph/data/relations.yaml``."""

from __future__ import annotations

import bisect
import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING

from .dates import is_point, resolve_date
from .extract import Sentence, sentence_index
from .vocab import titles
from .model import Document, Evidence, Mention, Relation, relation_id
from .taxonomy import CO_MENTIONED, QUAD_CLASSES, Pattern, RelationType, relation_types

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Pattern", "RelationType", "RawAction", "DateSpan", "relation_types", "actions",
           "date_spans", "document_relations", "CO_MENTIONED", "QUAD_CLASSES"]
_MODALS = {"will", "would", "may", "might", "could", "should", "must", "shall", "can", "'ll", "wo", "ca"}
# Verbs whose complement has not happened (yet): "promised to brief", "wants to meet".
_INTENT = {"promise", "plan", "want", "hope", "intend", "expect", "seek", "try", "aim", "wish", "offer",
           "agree", "threaten", "propose", "vow", "pledge", "prepare", "consider", "refuse", "decline",
           "fail", "need", "like", "urge", "ask", "invite", "expect", "schedule", "set", "due"}
_SAY = {"say", "tell", "add", "state", "report", "claim", "announce", "confirm", "write", "note", "insist"}
_GIVING = {"provide", "supply", "give", "offer", "send", "donate", "lend", "grant"}
_PLANNED = {"planned", "proposed", "possible", "expected", "upcoming", "future", "potential", "scheduled",
            "mooted", "likely"}


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
    target_types: frozenset[str] = frozenset()
    joins: bool = False  # "X was also on the May 16 call": X joins that earlier event


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
    """The head word, then names in apposition ("his counterpart Vladimir Putin"), then a
    nationality standing for its country ("Russian negotiators")."""
    spans = [(offset + tok.idx, offset + tok.idx + len(tok))]
    stack = [c for c in tok.children if c.dep_ == "appos"]
    while stack:
        child = stack.pop(0)
        spans.append((offset + child.idx, offset + child.idx + len(child)))
        stack.extend(c for c in child.children if c.dep_ == "appos")
    if tok.pos_ == "NOUN":
        # "al-Ikhbariya television", "the Scientology organization", "Russian negotiators",
        # "Hamill's schedule"
        spans.extend((offset + c.idx, offset + c.idx + len(c)) for c in tok.children
                     if c.dep_ == "compound" and (c.ent_type_ or c.pos_ == "PROPN")
                     or c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE")
                     or c.dep_ == "poss" and c.pos_ == "PROPN")
        if tok.lemma_.lower() in titles().person_nouns:
            # "a detective for the Los Angeles Sheriff's office" acts for the office
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "from", "at", "with"):
                    for obj in prep.children:
                        if obj.dep_ == "pobj":
                            spans.append((offset + obj.idx, offset + obj.idx + len(obj)))
                            spans.extend((offset + c.idx, offset + c.idx + len(c)) for c in obj.children
                                         if c.dep_ in ("poss", "compound") and (c.ent_type_ or c.pos_ == "PROPN"))
    return tuple(spans)


def _including(tok: Token, depth: int = 3) -> list[Token]:
    """"members of Scientology, including Tiziano Lugli and Jason Beghe"; "defectors from
    the organization including Tom Devocht"."""
    found = [c for p in tok.children if p.dep_ == "prep" and p.lower_ in ("including", "like")
             for g in p.children if g.dep_ == "pobj" for c in _conjuncts(g)]
    if found or depth == 0:
        return found
    for child in tok.children:
        if child.dep_ in ("prep", "pobj"):
            found = _including(child, depth - 1)
            if found:
                return found
    return []


def _args(heads: Iterable[Token], offset: int) -> tuple[Arg, ...]:
    out = []
    for head in heads:
        for t in _conjuncts(head):
            included = _including(t)
            out.extend(_candidates(x, offset) for x in included) if included else out.append(_candidates(t, offset))
    return tuple(out)


def _subjects(verb: Token) -> list[Token]:
    """The verb's subject, inherited through coordination ("phoned X and talked with Y"),
    control ("spent a day playing golf with") and relative clauses ("Stubb, who met")."""
    original = verb.i
    while True:
        kinds = ("nsubj",) if verb.i == original else ("nsubj", "nsubjpass")
        subjects = [c for c in verb.children if c.dep_ in kinds]
        if subjects:
            if subjects[0].tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
                return [verb.head]  # "Stubb, who played golf with Graham"
            return subjects
        if verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i != verb.i:
            verb = verb.head
            continue
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":  # "After calling X, Montalvo ..."
            verb = verb.head.head
            continue
        if verb.dep_ == "acl" and verb.head.lower_ == "order" and verb.head.head.dep_ == "prep":
            verb = verb.head.head.head  # "requested donations in order to help Montalvo"
            continue
        if verb.dep_ in ("relcl", "acl") and verb.tag_ != "VBN":
            return [verb.head]
        return []


def _agents(verb: Token) -> list[Token]:
    """The agent of a passive: "by X"; for giving verbs, "from X" ("was provided with
    material from Scientology")."""
    agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not agents and verb.lemma_.lower() in _GIVING:
        agents = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"
                  for g in c.children if g.dep_ == "pobj"]
    return agents


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
        if i > 0 and _lemma_in(tok, _INTENT):
            return True
    return verb.dep_ == "xcomp" and _lemma_in(verb.head, _INTENT)


def _lemma_in(tok: Token, words: set[str]) -> bool:
    """The lemma, or the word with a regular inflection removed ("hopes" is lemmatised "hop")."""
    if tok.lemma_.lower() in words:
        return True
    word = tok.lower_
    return any(word.endswith(end) and (word[:-len(end)] in words or word[:-len(end)] + "e" in words)
               for end in ("s", "d", "ed", "ing"))


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
    """Participles used as adjectives and noun modifiers state no action; "in order to
    help" does."""
    if verb.dep_ not in ("amod", "acl") or verb.tag_ == "VBG":
        return True
    return verb.head.lower_ == "order" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


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
                new = _verb_actions(tok, sent, lexicon, offset, sentence_base + index)
            elif tok.pos_ == "NOUN" and (tok.lemma_.lower() in events or tok.lower_ in events):
                kind = events.get(tok.lower_) or events[tok.lemma_.lower()]
                new = _event_actions(tok, sent, kind, offset, sentence_base + index)
            else:
                continue
            for action in new:  # a light verb and its noun may both read "held a call with X"
                found.setdefault((action.type, action.sources, action.targets), action)
        yield from found.values()


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
        if passive and not pattern.object:  # "Montalvo was put through to Moxon"
            sources = [c for c in verb.children if c.dep_ == "nsubjpass"]
        else:
            sources = _agents(verb) if passive else _subjects(verb)
        if not sources:
            continue
        flags = {"date_text": _attached_date(verb, sent), "negated": _negated(verb),
                 "hypothetical": _hypothetical(verb), "reported_by": _reporter(verb),
                 "target_types": pattern.targets}
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
                         hypothetical=hypothetical or _hypothetical(verb))
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
                     hypothetical=hypothetical or _hypothetical(verb), reported_by=_reporter(verb))
        phrase = noun.doc[noun.head.i:noun.i + 1].text
        phrase = phrase[:1].lower() + phrase[1:]
        if sources and partners:
            yield RawAction(type_, phrase, sentence, _args(sources, offset), _args(partners, offset), **flags)
        elif sources and noun.lower_ == noun.lemma_.lower():
            # "Mr Zelensky was also on the May 16 call": an event told before, named by its date
            if flags["date_text"]:
                yield RawAction(type_, phrase, sentence, _args(sources, offset), (), joins=True, **flags)


def _noun_date(noun: Token, sent: Span) -> str | None:
    """The date of an event noun: "the May 16 call", "a call on May 16"."""
    for ent in sent.ents:
        if ent.label_ == "DATE":
            head = ent.root.head
            if head.i == noun.i or head.dep_ == "prep" and head.head.i == noun.i:
                return ent.text
    return None


def _governed_hypothetically(noun: Token) -> bool:
    head = noun.head
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head.pos_ in ("VERB", "AUX") and _hypothetical(head)


def date_spans(doc: Doc, *, sentence_base: int = 0) -> Iterator[DateSpan]:
    """DATE entities with the index of their sentence."""
    starts = sentence_index(doc)
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
        # Role descriptions ("the US President") may enclose a name ("US"): look back a little.
        for j in range(i, max(i - 4, -1), -1):
            if start < self._mentions[j].end:
                return self._mentions[j]
        return None

    def resolve(self, arg: Arg) -> Mention | None:
        for start, _ in arg:
            mention = self.mention_at(start)
            if mention is not None:
                return mention
        return None


def document_relations(doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                       raw_actions: Iterable[RawAction], dates: Iterable[DateSpan] = (),
                       entity_types: dict[str, str] | None = None) -> list[Relation]:
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
    types_of = entity_types or {}
    raw_actions = list(raw_actions)
    for action in raw_actions:
        if action.joins:  # its partners are the participants of the earlier event of that date
            earlier = [a for a in raw_actions if not a.joins and a.type == action.type
                       and a.sentence < action.sentence and a.date_text == action.date_text]
            action = dataclasses.replace(action, targets=tuple(arg for a in earlier
                                                               for arg in (*a.sources, *a.targets)))
        symmetric = types[action.type].symmetric
        for source_arg in action.sources:
            source = index_.resolve(source_arg)
            if source is None:
                continue
            for target_arg in action.targets:
                target = index_.resolve(target_arg)
                if target is None or target.entity_id == source.entity_id:
                    continue
                if action.target_types and types_of.get(target.entity_id, target.type) not in action.target_types:
                    continue
                _, a, b = relation_id(action.type, source.entity_id, target.entity_id, symmetric)
                relations.append(Relation(a, b, action.type,
                                          evidence(action.sentence, action, source.inferred or target.inferred)))
    return relations
