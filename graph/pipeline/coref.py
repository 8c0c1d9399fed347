"""Coreference across sentences: pronouns and descriptions joined to the entities they stand for.

A stage after name resolution (:mod:`graph.pipeline.resolve`): it takes the entities and
named mentions of one document, and the pronouns and descriptions of
:mod:`graph.pipeline.extract`, and returns one ``inferred`` mention per link at the
anaphor's own span, so the relation builder reads "He later phoned Schroeder" as an action
of the person "he" stands for.

Every candidate must agree with the anaphor: in number, in gender (first names through
the gender-guesser name list, honorifics, gendered roles) and in kind (people for
he/she, organisations and places for it, organisations for they). Among those that agree,
the search runs through the anaphor's sentence and then up to :data:`WINDOW` sentences
back, nearest sentence first. Grammatical subjects (:class:`Subject`, read from the parse)
are the most salient candidates: the subject of a sentence's main clause outranks an object
or possessor one sentence nearer ("Mr Kennedy said ... With the tax plans of Gordon Brown
... He challenged the Treasury" is Kennedy); without a parse, the first entity named in a
sentence stands for its subject. Everything is deterministic.

Descriptions the entity stage does not read (a body's role such as "the Spectator editor", a
body's label such as "telecoms regulator Ofcom", a report and its author, a spokesman and
the body he speaks for, "this government", members of a named body) are read off the parse
here, by :func:`descriptions`.

A government standing for its country ("the government", "ministers") finds the country the
document's own evidence votes for: countries, nationalities and seats of power named in it,
and its national bodies and parties (``national_bodies`` in ``coref.yaml``: "the Commons",
"the Tories" tell a British setting); a body the document names as that country's government
("the Scottish Executive") is preferred to the country itself. The country's entity then lists
those descriptions among its aliases.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from graph.gazetteer.countries import country_alias, country_names, country_of
from graph.gazetteer.places import is_major_place
from graph.model import Entity, Mention
from graph.pipeline.extract import (
    HEAD_OF_STATE,
    Descriptor,
    NameToken,
    Pronoun,
    sentence_index,
)
from graph.schema import words as word_list
from graph.schema.vocab import coref, first_name_gender

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["WINDOW", "Subject", "descriptions", "resolve_references", "subjects"]

#: Sentences before the anaphor's own that are searched for an antecedent.
WINDOW = 3

#: Words naming an office ("mayor", "secretary"): one person holds one of them at a time here.
_OFFICE_HEADS = word_list("roles.descriptor_heads") | HEAD_OF_STATE
_SAY = word_list("speech.say")


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


def _coordinated(tok: Token) -> list[Token]:
    return [tok, *(t for c in tok.children if c.dep_ == "conj" for t in _coordinated(c))]


def subjects(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[Subject]:
    """The clause subjects of ``doc`` (see :class:`Subject`); relative pronouns ("who") are left
    out, they name nothing themselves."""
    starts = sentence_index(doc)
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.tag_ in ("WP", "WDT"):
            continue
        heads = tuple(offset + t.idx for t in _coordinated(tok) if t.pos_ in ("PROPN", "NOUN", "PRON"))
        if heads:
            yield Subject(sentence_base + starts[tok.sent.start], heads, tok.head.dep_ == "ROOT",
                          tok.head.lemma_.lower())


def descriptions(doc: Doc, *, offset: int = 0, sentence_base: int = 0) -> Iterator[Descriptor]:
    """What :func:`graph.pipeline.extract.descriptors` leaves to this stage, read off the parse:

    - roles of a body, kind ``role``: "The Spectator editor", "the BMA chairman" (heads in
      ``role_nouns``; the body is the qualifier);
    - labels, kind ``label``: an organisation named with the kind of body it is, "telecoms
      regulator Ofcom", "Ofcom, the watchdog," or "the watchdog, Ofcom," (heads in
      ``organisation_heads``), so that "the watchdog" later finds Ofcom;
    - reports and spokesmen with the body they speak for, kind ``authored`` ("a report by the
      Audit Commission", "a spokesman for the Home Office", at the body's span), and alone,
      kind ``document`` ("the report", "the spokesman"), which stands for that body.

    - "this government", kind ``country`` (extract reads "the government" only);
    - members of a named body, kind ``members``, at the members' noun with the body as the
      qualifier ("Members of the Transport Committee", "officials at the Home Office").

    Labels and ``authored`` records link nothing themselves.
    """
    vocab = coref()
    starts = sentence_index(doc)
    for tok in doc:
        clause = "subject" if tok.dep_ in ("nsubj", "nsubjpass") else "other"
        if _this_government(tok):
            span = doc[tok.i - 1:tok.i + 1]
            yield Descriptor(offset + span.start_char, offset + span.end_char, span.text, tok.lower_, None,
                             sentence_base + starts[tok.sent.start], "country", clause)
        body = _members(tok) if tok.pos_ in ("NOUN", "PROPN") else None
        if body is not None:
            yield Descriptor(offset + tok.idx, offset + tok.idx + len(tok), tok.text, tok.lower_, body.text,
                             sentence_base + starts[tok.sent.start], "members", clause)
        if tok.pos_ != "NOUN" or tok.ent_type_ or tok.tag_ != "NN":
            continue
        sentence = sentence_base + starts[tok.sent.start]
        lemma = tok.lemma_.lower()
        if lemma in vocab.role_nouns and tok.dep_ not in ("compound", "appos", "conj"):
            kids = list(tok.children)
            if any(c.dep_ in ("appos", "relcl", "acl", "prep") or c.ent_type_ == "PERSON" for c in kids):
                continue  # "the editor, Ian Hislop", "the chairman of the BBC": said there
            the = [c for c in kids if c.dep_ == "det" and c.lower_ == "the"]
            bodies = [c for c in kids if c.dep_ in ("compound", "poss") and c.pos_ == "PROPN"]
            others = [c for c in kids if c.dep_ in ("amod", "compound", "poss", "nummod") and c not in bodies
                      and c.lower_ not in vocab.role_nouns]  # "the chief executive" is one role
            if the and not others:
                first = min(c.i for c in (*the, *bodies, tok))
                span = doc[first:tok.i + 1]
                yield Descriptor(offset + span.start_char, offset + span.end_char, span.text, lemma,
                                 " ".join(b.text for b in bodies) or None, sentence, "role",
                                 "subject" if tok.dep_ in ("nsubj", "nsubjpass") else "other")
        if lemma in vocab.document_nouns or lemma in vocab.proxy_nouns:
            yield from _document(tok, lemma, offset, sentence)
        if lemma in vocab.organisation_heads:
            name = _labelled(tok)
            if name is not None:
                first, last = min(name.start, tok.i), max(name.end - 1, tok.i)
                span = doc[first:last + 1]
                yield Descriptor(offset + span.start_char, offset + span.end_char, span.text, lemma,
                                 name.text, sentence, "label")


def _this_government(tok: Token) -> bool:
    """"this government", "this administration": the speaker's own country's government, a
    description :func:`graph.pipeline.extract.descriptors` leaves out (it reads "the" only)."""
    if tok.pos_ != "NOUN" or tok.ent_type_ or tok.lower_ not in coref().country_heads or tok.i == 0:
        return False
    if tok.dep_ in ("compound", "appos", "conj"):
        return False
    det = tok.doc[tok.i - 1]
    return (det.head == tok and det.dep_ == "det" and det.lower_ in ("this", "these")
            and not any(c.dep_ in ("amod", "compound", "poss", "nummod", "prep", "relcl", "acl", "appos")
                        for c in tok.children))


def _named(tok: Token) -> Span | None:
    """The entity span holding ``tok`` when it names an organisation or a person."""
    return next((e for e in tok.doc.ents if e.label_ in ("ORG", "PERSON") and e.start <= tok.i < e.end), None)


def _author(tok: Token) -> Span | None:
    """Who wrote the report ``tok`` heads ("a report by the Audit Commission", "the NAO's annual
    report", "A National Audit Office report", "Oxfam says in a report"), or whom a spokesman
    or source speaks for ("a spokesman for the Home Office", "a Labour source")."""
    preps = ("by",) if tok.lemma_.lower() in coref().document_nouns else ("for", "at", "of", "from")
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            found = next((_named(g) for g in c.children if g.dep_ == "pobj" and _named(g) is not None), None)
            if found is not None:
                return found
    # the owner before a title: "Oxfam's Paying the Price report" is Oxfam's
    for dep in ("poss", "compound"):
        found = next((_named(c) for c in tok.children if c.dep_ == dep and _named(c) is not None), None)
        if found is not None:
            return found
    if preps == ("by",) and tok.dep_ == "pobj" and tok.head.lower_ == "in" and tok.head.head.pos_ in ("VERB", "AUX"):
        verb = tok.head.head
        return next((_named(c) for c in verb.children if c.dep_ == "nsubj" and _named(c) is not None), None)
    return None


def _document(tok: Token, lemma: str, offset: int, sentence: int) -> Iterator[Descriptor]:
    """A report with its author (kind ``authored``, at the author's span), or "the report" alone
    (kind ``document``), which stands for the author of the last report of that kind; the same
    for a spokesman or a source and the body they speak for ("A Labour source told the Sunday
    Times ... the source told the paper")."""
    author = _author(tok)
    if author is not None:
        yield Descriptor(offset + author.start_char, offset + author.end_char, author.text, lemma, author.text,
                         sentence, "authored")
        return
    kids = list(tok.children)
    if any(c.dep_ in ("relcl", "acl", "appos", "prep", "amod", "compound", "poss") or c.ent_type_ == "PERSON"
           for c in kids) or tok.dep_ in ("compound", "appos"):
        return  # "the report on prisons", "the latest report", "the spokesman, Ian Gray": maybe another one
    the = [c for c in kids if c.dep_ == "det" and c.lower_ == "the"]
    if the:
        span = tok.doc[the[0].i:tok.i + 1]
        yield Descriptor(offset + span.start_char, offset + span.end_char, span.text, lemma, None, sentence,
                         "document", "subject" if tok.dep_ in ("nsubj", "nsubjpass") else "other")


def _labelled(tok: Token) -> Span | None:
    """The organisation ``tok`` labels: "regulator" in "telecoms regulator Ofcom" (a compound of
    the name), "watchdog" in "Ofcom, the watchdog," or "the watchdog, Ofcom," (appositions)."""
    doc = tok.doc
    if tok.dep_ in ("compound", "appos") and tok.head.ent_type_ == "ORG":
        other = tok.head
    else:
        other = next((c for c in tok.children if c.dep_ == "appos" and c.ent_type_ == "ORG"), None)
    if other is None:
        return None
    return next((e for e in doc.ents if e.label_ == "ORG" and e.start <= other.i < e.end), None)


@dataclass(frozen=True)
class _Candidate:
    entity: Entity
    sentence: int
    start: int
    end: int
    unknown: bool = False  # a first name NER missed ("Daniel"): a person, but not one we know
    level: int = OTHER  # MAIN, SUBJECT or OTHER
    group: tuple[int, ...] = ()  # the subject conjuncts it belongs to ("Blair and Brown")
    plural: bool = False  # one of several entities one anaphor stands for ("they", "the pair")


class _Roles:
    """Which spans are subjects, by sentence."""

    def __init__(self, found: Iterable[Subject]) -> None:
        self._by_sentence: dict[int, list[Subject]] = {}
        for s in found:
            self._by_sentence.setdefault(s.sentence, []).append(s)

    def __bool__(self) -> bool:
        return bool(self._by_sentence)

    def of(self, sentence: int, start: int, end: int) -> tuple[int, tuple[int, ...]]:
        """The level of the span, and its subject's conjunct heads when it is one."""
        for s in self._by_sentence.get(sentence, ()):
            if any(start <= h < end for h in s.heads):
                return (MAIN if s.main else SUBJECT), s.heads
        return OTHER, ()

    def verb(self, sentence: int, start: int, end: int) -> str:
        """The verb of the clause whose subject the span is; "" when it is none."""
        return next((s.verb for s in self._by_sentence.get(sentence, ()) if any(start <= h < end for h in s.heads)),
                    "")


def resolve_references(doc_id: str, entities: list[Entity], mentions: Sequence[Mention],
                       descriptors: Iterable[Descriptor] = (),
                       pronouns: Iterable[Pronoun] = (),
                       unknown_names: Iterable[NameToken] = (),
                       clause_subjects: Iterable[Subject] = ()) -> list[Mention]:
    """Link pronouns and descriptions to the entities they stand for.

    Anaphors are read in text order, and each link becomes a candidate for the next one
    ("He ... He ..."). A description of a country's government may add the country's
    entity to ``entities`` when the document names it only through a nationality
    ("British officials").

    Args:
        doc_id: the document.
        entities: the document's entities (may grow, see above).
        mentions: the mentions found by name.
        descriptors: from :func:`graph.pipeline.extract.descriptors`.
        pronouns: from :func:`graph.pipeline.extract.pronouns`.
        unknown_names: capitalised words that named no entity; one that is a first name
            ("Daniel") is a person the pronoun may stand for, so it blocks a link past it.
        clause_subjects: from :func:`subjects`; they rank candidates by salience.

    Returns:
        The new mentions, all ``inferred``; a pair ("the two men") gives two at one span.
    """
    by_id = {e.id: e for e in entities}
    taken = {(m.start, m.end) for m in mentions}
    roles = _Roles(clause_subjects)
    pool = [_Candidate(by_id[m.entity_id], m.sentence, m.start, m.end, False, *roles.of(m.sentence, m.start, m.end))
            for m in mentions if m.entity_id in by_id]
    weights = Counter(m.entity_id for m in mentions)
    for tok in unknown_names:
        g = first_name_gender(tok.text) if " " not in tok.text and (tok.start, tok.end) not in taken else None
        if g:
            stand_in = Entity("", tok.text, "Person", (tok.text,))
            pool.append(_Candidate(stand_in, tok.sentence, tok.start, tok.end, unknown=True))
    heads = _named_heads(descriptors := list(descriptors), pool, ("organisation",))
    labels = _named_heads(descriptors, pool, ("label",))
    authors = _authors(descriptors, pool)
    anaphors: list[Descriptor | Pronoun] = sorted({(a.start, a.end): a for a in (*descriptors, *pronouns)
                                                   if not (isinstance(a, Descriptor) and a.kind in _FACTS)}.values(),
                                                  key=lambda a: a.start)
    out: list[Mention] = []
    learnt: dict[str, set[str]] = {}  # entity id -> role descriptions linked to it
    called: dict[str, list[str]] = {}  # country id -> the descriptions that stood for it
    for anaphor in anaphors:
        if (anaphor.start, anaphor.end) in taken:
            continue
        pool.sort(key=lambda c: c.start)
        if isinstance(anaphor, Pronoun):
            found = _pronoun(anaphor, pool, bool(roles))
        elif anaphor.kind == "role":
            found = _role(anaphor, pool, learnt, roles)
        elif anaphor.kind == "organisation":
            found = _organisation(anaphor, pool, heads, labels)
        elif anaphor.kind == "members":
            found = _body(anaphor, pool)
        elif anaphor.kind == "pair":
            found = _pair(anaphor, pool)
        elif anaphor.kind == "document":
            found = _written_by(anaphor, authors)
        else:
            found = _country(anaphor, entities, by_id, weights)
            for entity in found:
                called.setdefault(entity.id, []).append(anaphor.text)
        taken.add((anaphor.start, anaphor.end))
        # a linked subject ("He ... He ...") keeps its salience for the next anaphor
        level = MAIN if anaphor.role == "subject" else OTHER
        group = (anaphor.start,) * len(found) if len(found) > 1 and level == MAIN else ()
        if isinstance(anaphor, Descriptor) and anaphor.kind == "role":
            for entity in found:  # "The chancellor said ..." : not the prime minister further on
                learnt.setdefault(entity.id, set()).add(anaphor.text)
        for entity in found:
            out.append(Mention(doc_id, anaphor.start, anaphor.end, anaphor.text, entity.id, anaphor.sentence,
                               entity.type, inferred=True))
            pool.append(_Candidate(entity, anaphor.sentence, anaphor.start, anaphor.end, False, level, group,
                                   len(found) > 1))
    _add_aliases(entities, called)
    return out


def _add_aliases(entities: list[Entity], called: dict[str, list[str]]) -> None:
    """A country's entity lists the descriptions the text used for it ("the government",
    "ministers"), as its aliases list a person's "Mr X": the guideline's aliases are the
    strings a text uses, and a document that never names its country is known by them."""
    for i, e in enumerate(entities):
        if e.id in called:
            entities[i] = dataclasses.replace(e, aliases=tuple(dict.fromkeys((*e.aliases, *called[e.id]))))


#: Descriptor kinds that state a fact about a name and link nothing themselves.
_FACTS = ("label", "authored")


def _authors(descriptors: Sequence[Descriptor], pool: Sequence[_Candidate]) -> list[tuple[int, str, Entity]]:
    """(where, document noun, author) of each report whose author is named, in text order."""
    out = []
    for d in descriptors:
        if d.kind == "authored":
            named = [c for c in pool if d.start <= c.start < d.end and not c.unknown
                     and c.entity.type in ("Organization", "Person")]
            if named:
                out.append((d.start, d.head, named[0].entity))
    return sorted(out, key=lambda a: a[0])


def _body(descriptor: Descriptor, pool: Sequence[_Candidate]) -> list[Entity]:
    """"Members of the Transport Committee": the organisation named right after the members
    (the descriptor's qualifier), in the same sentence."""
    said = (descriptor.qualifier or "").casefold()
    for c in sorted(pool, key=lambda c: c.start):
        if c.sentence == descriptor.sentence and c.start > descriptor.start and c.entity.type == "Organization" \
                and not c.unknown and any(a.casefold() in said for a in (c.entity.name, *c.entity.aliases)):
            return [c.entity]
    return []


def _written_by(descriptor: Descriptor, authors: Sequence[tuple[int, str, Entity]]) -> list[Entity]:
    """"A report by the Audit Commission ... The report said": the author of the last report of
    that kind before it (a report speaks for who wrote it, a spokesman for whom he speaks for)."""
    before = [a for a in authors if a[0] < descriptor.start and a[1] == descriptor.head]
    return [before[-1][2]] if before else []


def _in_reach(anaphor: Descriptor | Pronoun, pool: Sequence[_Candidate]) -> list[list[_Candidate]]:
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
    return first_name_gender(parts[0]) if len(parts) > 1 or not entity.id else None


def _plural_name(name: str) -> bool:
    """"the Conservatives", "Lib Dems": an organisation named in the plural takes "they"."""
    last = name.split()[-1]
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")) and last[0].isupper()


def _agrees(kind: str | None, entity: Entity) -> bool:
    if kind in ("male", "female"):
        return entity.type == "Person" and gender(entity) in (kind, None)
    if kind == "neuter":
        return entity.type in ("Organization", "Place")
    return kind == "plural" and entity.type == "Organization" and _plural_name(entity.name)


#: What a candidate's grammatical role costs, in sentences of distance: a main-clause subject
#: one sentence further back still beats an object or possessor in the nearer sentence.
_ROLE_COST = {MAIN: 0.0, SUBJECT: 0.5, OTHER: 1.5}


def _collective(c: _Candidate, back: int, pronoun: Pronoun) -> bool:
    """"Labour said on Monday ... They would": the organisation that is the main subject of the
    previous sentence takes a subject "they" (inside one sentence "they" is mostly its
    members or someone else: "complained to the agency that they could not")."""
    return (c.entity.type == "Organization" and c.level == MAIN and back == 1 and len(c.group) <= 1
            and pronoun.role == "subject")


def _coordinated_people(rows: Sequence[Sequence[_Candidate]], barred: set[str]) -> list[Entity]:
    """"Blair and Brown met ... they", "The Tories and the Lib Dems said ... They": the people or
    bodies of the nearest coordinated subject, if it joins only known ones (two or more)."""
    for row in rows:
        groups: dict[tuple[int, ...], dict[str, Entity]] = {}
        for c in row:
            if len(c.group) > 1:
                groups.setdefault(c.group, {})
                if c.entity.type in ("Person", "Organization") and not c.unknown and c.entity.id not in barred:
                    groups[c.group][c.entity.id] = c.entity
        for heads, people in sorted(groups.items(), key=lambda kv: -kv[0][0]):
            # every conjunct must be one of the people: "Blair and the unions" is no pair
            if len(people) >= 2 and len(people) == len(set(heads)):
                return list(people.values())
    return []


def _pronoun(pronoun: Pronoun, pool: Sequence[_Candidate], parsed: bool = False) -> list[Entity]:
    """The most salient agreeing candidate: nearest sentence first, a subject (when the parse
    tells subjects, see :data:`_ROLE_COST`) before an object or possessor. "it" and "they" are
    mostly about things and unnamed people: they join an organisation or place only as a
    subject or possessive, and only one that leads its sentence or is its main subject, or
    comes before the pronoun in the pronoun's own sentence, at most one sentence back; "they"
    also joins two people named as one subject ("Blair and Brown ... they")."""
    kind = coref().pronoun_class(pronoun.text)
    person = kind in ("male", "female")
    if not person and pronoun.role == "object":
        return []
    rows = _in_reach(pronoun, pool)
    # "Blair praised him", "He praised him": not whoever the clause's subject is
    barred = {c.entity.id for c in rows[0] if pronoun.role == "object" and c.start == pronoun.clause_subject}
    if person:
        # "Both Tessa Jowell and John Prescott have welcomed his return": a singular pronoun after
        # a subject of two or more people is someone else ("their" would be the group)
        barred |= {c.entity.id for c in rows[0] if len(set(c.group)) > 1 and pronoun.start > max(c.group)}
    if kind == "plural":
        people = _coordinated_people(rows[:2], barred)
        if people:
            return people
    if person and pronoun.role == "possessive" and parsed:
        # "During his speech, Michael Howard said": a possessive before its sentence's main
        # subject, with no person named before it in the sentence, is that subject's
        ahead = [c for c in pool if c.sentence == pronoun.sentence and c.start > pronoun.start and c.level == MAIN]
        if ahead and not any(c.entity.type == "Person" for c in rows[0]) and _agrees(kind, ahead[0].entity):
            return [] if ahead[0].unknown else [ahead[0].entity]
    best: tuple[float, int, _Candidate] | None = None
    order = 0
    for back, row in enumerate(rows if person else rows[:2]):
        for i, c in enumerate(row):
            order += 1
            if c.entity.id in barred or c.plural and kind != "plural":
                continue  # "They ... he": not one of the group
            if not person and back and i and not (c.level == MAIN and c.entity.type == "Organization"):
                continue  # "Under pressure from X, Reuters dropped it. It said": the subject
            if not (_agrees(kind, c.entity) or kind == "plural" and _collective(c, back, pronoun)):
                continue
            if not parsed or not person and not back:
                score, rank = float(back), order
            elif back == 0:
                # in the pronoun's own sentence the nearest subject before it ("Washington said
                # that if Moscow refused, the US would say it was not its war")
                # an object or possessor here ties with the previous sentence's main subject
                score, rank = (0.0, -c.start) if c.level != OTHER else (1.0, order)
            else:
                score, rank = back + _ROLE_COST[c.level], order
            if best is None or (score, rank) < best[:2]:
                best = (score, rank, c)
    if best is None:
        return []
    return [] if best[2].unknown else [best[2].entity]


def _same_country(a: str, b: str) -> bool:
    if a.casefold() == b.casefold():
        return True
    ca, cb = country_of(a), country_of(b)
    return ca is not None and ca == cb


def _words(text: str) -> list[str]:
    return [w.casefold() for w in text.replace("-", " ").split()]


def _role_matches(descriptor: Descriptor, role: str) -> bool:
    words = _words(role)
    said = set(_words(descriptor.text))
    if any((w in words) != (w in said) for w in coref().role_blockers):
        return False  # "the chancellor" is not the shadow chancellor, "the prime minister" not the deputy
    if "prime" in said and not {"prime", "premier"} & set(words):
        return False  # "the prime minister" is not "Chancellor Gordon Brown" (but "the Russian leader" may be)
    if descriptor.head == "leader":
        head_ok = any(w in HEAD_OF_STATE for w in words)
    else:
        head_ok = descriptor.head in words
    if not head_ok:
        return False
    if descriptor.qualifier is None:
        return True
    return any(_same_country(descriptor.qualifier, w) for w in role.split())


def _latest(descriptor: Descriptor, pool: Sequence[_Candidate], fits: set[str]) -> list[Entity]:
    """The entity of ``fits`` mentioned last before ``descriptor``."""
    before = [c for c in pool if c.entity.id in fits and c.start < descriptor.start]
    return [before[-1].entity] if before else []


def _role(descriptor: Descriptor, pool: Sequence[_Candidate], learnt: dict[str, set[str]] | None = None,
          roles: _Roles | None = None) -> list[Entity]:
    """"the Russian leader": the person the document gave that role (or an earlier description
    linked to them); of several, the one mentioned last. When nobody holds it, see
    :func:`_salient_holder`."""
    learnt = learnt or {}

    def held(c: _Candidate) -> tuple[str, ...]:
        return (*c.entity.roles, *learnt.get(c.entity.id, ()))

    fits = {c.entity.id for c in pool if c.entity.type == "Person" and not c.unknown
            and any(_role_matches(descriptor, role) for role in held(c))}
    if fits:
        return _latest(descriptor, pool, fits)
    if roles is None or not roles:
        return []
    return _salient_holder(descriptor, pool, held, roles)


def _offices(role: str) -> set[str]:
    """The office words of a role: "London mayor" has "mayor", "the prime minister" has "prime"
    and "minister", "Tory MP" has none."""
    return {w for w in _words(role) if w in _OFFICE_HEADS}


def _salient_holder(descriptor: Descriptor, pool: Sequence[_Candidate],
                    held: Callable[[_Candidate], tuple[str, ...]], roles: _Roles) -> list[Entity]:
    """"Mr Johnson said ... . 'I don't see why', the Spectator editor told the BBC": a role nobody in
    the document holds, said as the main subject of a verb of saying, describes the person who is
    the main subject of the nearest sentence before that has one (news varies how it names its
    actor). Not when the role names a country ("the Russian leader" is most often the other
    side), and not when that person holds another office ("London mayor Mr Livingstone ... the
    prime minister says": someone else)."""
    span = (descriptor.sentence, descriptor.start, descriptor.end)
    if descriptor.role != "subject" or roles.of(*span)[0] != MAIN or roles.verb(*span) not in _SAY:
        return []  # "Also in Gateshead, the prime minister took questions": a new actor as often
    if descriptor.qualifier and (country_of(descriptor.qualifier) or descriptor.qualifier.casefold() in country_names()):
        return []
    for row in _in_reach(descriptor, pool)[1:]:
        main = [c for c in row if c.level == MAIN and c.entity.type == "Person"]
        if not main:
            continue
        people = {c.entity.id for c in main}
        if len(people) != 1 or main[0].unknown:
            return []  # two people lead that sentence, or one NER missed: no guess
        wanted = _offices(descriptor.text)
        offices = set().union(*(_offices(r) for r in held(main[0])))
        said = {g for g, known in coref().gender_words.items() if set(_words(descriptor.text)) & known}
        if offices - wanted or said and gender(main[0].entity) not in (*said, None):
            return []  # "the Queen" is not Prince Philip
        return [main[0].entity]
    return []


def _named_heads(descriptors: Sequence[Descriptor], pool: Sequence[_Candidate],
                 kinds: Iterable[str] = ("organisation", "label")) -> dict[str, set[str]]:
    """Entity id -> heads its descriptions used ("the Labour party": Labour is a party;
    "telecoms regulator Ofcom": Ofcom is a regulator)."""
    heads: dict[str, set[str]] = {}
    for d in descriptors:
        if d.kind in kinds and d.qualifier:
            for c in pool:
                if d.start <= c.start < d.end and c.entity.type == "Organization":
                    heads.setdefault(c.entity.id, set()).add(d.head)
    return heads


def _organisation(descriptor: Descriptor, pool: Sequence[_Candidate], heads: dict[str, set[str]],
                  labels: dict[str, set[str]] | None = None) -> list[Entity]:
    """"the party": the last organisation named with that head ("the Labour Party", "the Labour
    party"), or of its kind: labelled so or with a head of the same kind ("the watchdog" after
    "regulator Ofcom", see ``head_groups``), or of the kind the head names ("the party": a party;
    "the paper": an outlet named "... Times"; see ``subtype_heads`` and ``name_heads``). For
    "the company", "the firm" (``organisation_kinds`` but parties), where business news names
    two or three companies at once, only the head itself counts ("parent company
    DaimlerChrysler ... the company"). Else the only organisation in reach."""
    if descriptor.qualifier:
        return []  # "the Labour party" names its organisation
    vocab = coref()
    labels = labels or {}
    orgs = {c.entity.id: c.entity for c in pool if c.entity.type == "Organization" and c.start < descriptor.start}

    def words_of(entity: Entity) -> set[str]:
        return {w for alias in (entity.name, *entity.aliases) for w in alias.casefold().split()}

    def other_kind(entity: Entity) -> bool:
        # "the assembly" is not the "Welsh Assembly Government": its last word names another kind
        last = entity.name.split()[-1].casefold()
        return last != descriptor.head and (last in vocab.organisation_heads or last in _GOVERNMENT_WORDS)

    named = {i for i, e in orgs.items() if descriptor.head in heads.get(i, set()) | words_of(e) and not other_kind(e)}
    kind = vocab.same_kind(descriptor.head)
    subtypes = {k for k, words in vocab.subtype_heads.items() if descriptor.head in words}
    endings = vocab.name_heads.get(descriptor.head, frozenset())
    of_kind = {i for i, e in orgs.items() if kind & (heads.get(i, set()) | labels.get(i, set()))
               or kind & words_of(e) and not other_kind(e)
               or e.subtype in subtypes or e.name.split()[-1].casefold() in endings}
    if descriptor.head in vocab.organisation_kinds and not subtypes:
        # the head itself only: "Foster's Group ... Southcorp ... the company" is either
        fits = named | {i for i, e in orgs.items() if descriptor.head in labels.get(i, set())
                        or e.name.split()[-1].casefold() in endings}
    else:
        # "the Conservative party ... the Lib Dem figures ... the party": the last party
        fits = named | of_kind
    if fits:
        return _latest(descriptor, pool, fits)  # "told the Sunday Times ... told the paper"
    if descriptor.head not in vocab.organisation_kinds:
        return []  # "the court", "the team": too often a body not named
    near = {c.entity.id: c.entity for row in _in_reach(descriptor, pool) for c in row
            if c.entity.type == "Organization"}
    return list(near.values()) if len(near) == 1 else []


#: Pair heads that stand for two bodies, not two people: "the two countries", "both parties".
_PAIRED_KINDS = {"countries": "Place", "nations": "Place", "governments": "Place", "parties": "Organization"}


def _pair(descriptor: Descriptor, pool: Sequence[_Candidate]) -> list[Entity]:
    """"the pair", "the two men": the two people of the nearest sentence naming exactly two;
    "the two countries", "both parties": the two countries or organisations of that kind."""
    kind = _PAIRED_KINDS.get(descriptor.head, "Person")

    def fits(c: _Candidate) -> bool:
        if c.unknown or c.entity.type != kind:
            return False
        if kind == "Place":
            return country_alias(c.entity.name) is not None or c.entity.name.casefold() in country_names()
        return kind == "Person" or c.entity.subtype == "party"

    for row in _in_reach(descriptor, pool):
        people = {c.entity.id: c.entity for c in row if fits(c)}
        if len(people) == 2:
            return list(people.values())
        if people:
            return []  # one or three people: not "the two"
    return []


def _country_name(entity: Entity) -> str | None:
    """The country a place names ("Britain", "Iraq") or a nationality implies ("French");
    capitals and seats of power stand for their country only where they act ("London")."""
    name = entity.name
    if entity.type == "Group":
        return country_of(name)
    if entity.type != "Place":
        return None
    if name.casefold() in country_names():
        return name
    if is_major_place(name):
        return None  # a capital: the city as often as the country
    return country_of(name)


@lru_cache(maxsize=1)
def _tables() -> dict[str, dict[str, list[str]]]:
    """The mappings of ``coref.yaml`` that :func:`graph.schema.vocab.coref` leaves out."""
    data = yaml.safe_load(resources.files("graph").joinpath("data/coref.yaml").read_text("utf-8"))
    return {key: data.get(key) or {} for key in ("national_bodies", "member_nouns")}


@lru_cache(maxsize=1)
def _national_bodies() -> dict[str, str]:
    """Folded name -> country, from ``national_bodies`` in ``coref.yaml``."""
    return {str(name).casefold(): country for country, names in _tables()["national_bodies"].items()
            for name in names}


def _members(tok: Token) -> Span | None:
    """The named body ``tok`` names members of ("Members of the Transport Committee", "MPs on
    the home affairs committee"; see ``member_nouns``), when it heads its phrase alone."""
    if tok.tag_ not in ("NNS", "NNPS") or tok.ent_type_ or tok.dep_ in ("compound", "appos", "conj", "pobj"):
        return None
    if any(c.dep_ in ("amod", "compound", "poss", "nummod", "relcl", "acl", "quantmod", "predet")
           or c.dep_ == "det" and c.lower_ != "the" for c in tok.children):
        return None  # "Labour MPs" (the compound is read as the actor), "senior officials", "some members"
    preps = _tables()["member_nouns"]
    for c in tok.children:
        if c.dep_ == "prep" and tok.lower_ in (w.casefold() for w in preps.get(c.lower_, ())):
            found = [_named(g) for g in c.children if g.dep_ == "pobj"]
            orgs = [f for f in found if f is not None and f.label_ == "ORG"]
            if orgs:
                return orgs[0]
    return None


def _code(name: str) -> bool:
    """"BT", "AOL": a short capitalised name reads as a country code to the gazetteer."""
    return name.isupper() and len(name) <= 3


def _country_vote(entity: Entity) -> str | None:
    """The country a mention of ``entity`` tells the document is about: a country or
    nationality, a seat of power ("Downing Street"), or a national body or party ("the
    Commons", "the Tories", see ``national_bodies``)."""
    bodies = _national_bodies()
    for name in (entity.name, *entity.aliases):
        key = name.casefold().removeprefix("the ")
        if key in bodies:
            return bodies[key]
    if _code(entity.name.replace(".", "")):
        return None  # "BT" read as a place is no vote for Bhutan; codes news uses are listed
    if entity.type == "Organization":
        return country_of(entity.name)
    return _country_name(entity)


def _document_country(entities: Sequence[Entity], weights: Counter[str]) -> str | None:
    """The country a document is set in, from its own evidence: each mention of a country,
    of a nationality ("British"), of a seat of government ("Downing Street", "Whitehall",
    see ``metonyms.yaml``) or of a national body (:func:`_country_vote`) votes for its
    country; the country with more than half the votes wins. None when the document names
    no country or no country has a majority."""
    votes: Counter[str] = Counter()
    for e in entities:
        country = _country_vote(e)
        if country:
            votes[country] += max(1, weights.get(e.id, 0))
    if not votes:
        return None
    top, n = votes.most_common(1)[0]
    return top if n * 2 > sum(votes.values()) else None


#: Armed forces: a bare plural ("troops") is anybody's; "British troops", "the army" are the country's.
_ARMED = frozenset({"forces", "troops", "military", "army", "navy"})

#: Last words of a body named as its country's government ("the Scottish Executive").
_GOVERNMENT_WORDS = frozenset({"government", "executive", "administration"})


def _government_of(entity: Entity) -> str | None:
    """The country whose government ``entity`` is named as: "Scottish Executive", "British
    Government", "UK government" (a nationality or country, then a word for a government)."""
    words = entity.name.split()
    if entity.type != "Organization" or len(words) < 2 or words[-1].casefold() not in _GOVERNMENT_WORDS:
        return None
    return country_of(" ".join(words[:-1]))


def _country(descriptor: Descriptor, entities: list[Entity], by_id: dict[str, Entity],
             weights: Counter[str] | None = None) -> list[Entity]:
    """"British officials" -> the United Kingdom; "the government", "ministers" -> the country
    the document is set in (:func:`_document_country`)."""
    if not descriptor.qualifier and descriptor.head in _ARMED and descriptor.text.casefold() == descriptor.head:
        return []  # "comes into forces", "troops were sent": a country's forces are named with it
    if descriptor.qualifier:
        country = country_of(descriptor.qualifier)
        if country is None and descriptor.qualifier.casefold() in country_names():
            country = descriptor.qualifier
    else:
        country = _document_country(entities, weights or Counter())
    if country is None:
        return []
    own = [e for e in entities if _government_of(e) == country]
    if len(own) == 1:
        return own  # "the Scottish Executive ... ministers said", "the British Government ... the government"
    # the country's own names, not a seat of power ("Downing Street" is the prime minister's office)
    places = [e for e in entities if e.type == "Place" and _country_name(e) == country
              and country_alias(e.name) == country]
    if places:
        # the country's own name over a short form ("Iraq"; "Britain" over "UK" is a tie: by name)
        return [min(places, key=lambda e: (e.name.casefold() not in country_names(), e.name))]
    entity = Entity(Entity.make_id(country), country, "Place", (country,))
    entities.append(entity)
    by_id[entity.id] = entity
    return [entity]
