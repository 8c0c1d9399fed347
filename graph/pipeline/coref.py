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
by :func:`graph.pipeline.descriptions.descriptions` (re-exported here) and linked here.

A government standing for its country ("the government", "ministers") finds its country
through :mod:`graph.pipeline.governments`; the country's entity then lists those descriptions
among its aliases.

Precision before coverage: a pronoun inside a quotation (:mod:`graph.pipeline.quotes`) is not
the quote's speaker, and one outside is nobody named inside a quote; a main-clause subject is
not the object named right after it ("He described Montalvo as ..."); "it" and "they" take
only a subject one sentence back; a description of a person nobody named ("the prime
minister") stands in the way like a first name NER missed; and when two entities score
within :data:`MARGIN` of each other the pronoun stays unresolved.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from graph.gazetteer.countries import country_alias, country_named, country_names
from graph.gazetteer.places import is_place
from graph.model import Entity, Mention
from graph.pipeline.descriptions import descriptions
from graph.pipeline.extract import Descriptor, NameToken, Pronoun
from graph.pipeline.governments import GOVERNMENT_WORDS, country_for
from graph.pipeline.offices import latest as _latest
from graph.pipeline.offices import led_country
from graph.pipeline.offices import role_holder as _role
from graph.pipeline.quotes import Quote
from graph.pipeline.salience import (
    MAIN,
    OTHER,
    SUBJECT,
    WINDOW,
    Subject,
    gender,
    subjects,
)
from graph.pipeline.salience import Candidate as _Candidate
from graph.pipeline.salience import Roles as _Roles
from graph.pipeline.salience import in_reach as _in_reach
from graph.schema.vocab import coref, first_name_gender

__all__ = ["MARGIN", "WINDOW", "Subject", "descriptions", "gender", "resolve_references", "subjects"]


def resolve_references(doc_id: str, entities: list[Entity], mentions: Sequence[Mention],
                       descriptors: Iterable[Descriptor] = (),
                       pronouns: Iterable[Pronoun] = (),
                       unknown_names: Iterable[NameToken] = (),
                       clause_subjects: Iterable[Subject] = (),
                       quotations: Iterable[Quote] = (), date: str | None = None) -> list[Mention]:
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
        quotations: from :func:`graph.pipeline.quotes.quotes`; a pronoun inside a quote is
            not its speaker, and one outside every quote is nobody named inside one (in its
            sentence or the :data:`WINDOW` before); "I" and "we" inside a quote are its
            speaker.
        date: the document's ISO date, when known: the gazetteer of office holders reads
            who held a role then (:func:`graph.pipeline.offices.listed_holder`).

    Returns:
        The new mentions, all ``inferred``; a pair ("the two men") gives two at one span.
    """
    by_id = {e.id: e for e in entities}
    vocab = coref()
    taken = {(m.start, m.end) for m in mentions}
    roles = _Roles(clause_subjects)
    pool = [_Candidate(by_id[m.entity_id], m.sentence, m.start, m.end, False, *roles.of(m.sentence, m.start, m.end))
            for m in mentions if m.entity_id in by_id]
    weights = Counter(m.entity_id for m in mentions)
    for tok in unknown_names:
        g = first_name_gender(tok.text) if " " not in tok.text and (tok.start, tok.end) not in taken else None
        if g:
            stand_in = Entity("", tok.text, "Person", (tok.text,))
            # as salient as its place in the clause: "The next thing Daniel knows he's in a cell"
            pool.append(_Candidate(stand_in, tok.sentence, tok.start, tok.end, True,
                                   *roles.of(tok.sentence, tok.start, tok.end)))
    heads = _named_heads(descriptors := list(descriptors), pool, ("organisation",))
    labels = _named_heads(descriptors, pool, ("label",))
    authors = _authors(descriptors, pool)
    anaphors: list[Descriptor | Pronoun] = sorted({(a.start, a.end): a for a in (*descriptors, *pronouns)
                                                   if not (isinstance(a, Descriptor) and a.kind in _FACTS)}.values(),
                                                  key=lambda a: a.start)
    speech = _Speech(list(quotations), roles,
                     {a.start: a for a in anaphors if isinstance(a, Pronoun) and a.role == "subject"})
    out: list[Mention] = []
    learnt: dict[str, set[str]] = {}  # entity id -> role descriptions linked to it
    called: dict[str, list[str]] = {}  # country id -> the descriptions that stood for it
    for anaphor in anaphors:
        nationality = isinstance(anaphor, Descriptor) and anaphor.kind == "nationality"
        if (anaphor.start, anaphor.end) in taken and not nationality:
            continue  # a nationality is named as a group: it stands for the country too
        pool.sort(key=lambda c: c.start)
        if isinstance(anaphor, Pronoun) and anaphor.text.casefold() in vocab.speaker_pronouns:
            # "I", "we" inside a quotation: its one speaker; an antecedent for nothing else
            speakers = speech.speakers(anaphor, pool)
            found = [by_id[e] for e in speakers if e in by_id] if len(speakers) == 1 else []
            found = [e for e in (_speaking_for(s, anaphor, entities, by_id, weights) for s in found) if e]
            for entity in found:
                out.append(Mention(doc_id, anaphor.start, anaphor.end, anaphor.text, entity.id, anaphor.sentence,
                                   entity.type, inferred=True))
            taken.add((anaphor.start, anaphor.end))
            continue
        if isinstance(anaphor, Pronoun):
            reach = sorted([*pool, *speech.just_spoken(anaphor, pool)], key=lambda c: c.start)
            found = speech.about(anaphor, pool) \
                or _pronoun(anaphor, reach, roles, speech.speakers(anaphor, pool), speech.hidden(anaphor))
        elif anaphor.kind == "role":
            found = _role(anaphor, pool, learnt, roles, date)
        elif anaphor.kind == "organisation":
            found = _organisation(anaphor, pool, heads, labels)
        elif anaphor.kind == "members":
            found = _body(anaphor, pool)
        elif anaphor.kind == "titled":
            found = _holder(anaphor, pool)
        elif anaphor.kind == "pair":
            found = _pair(anaphor, pool)
        elif anaphor.kind == "document":
            found = _written_by(anaphor, authors)
        elif anaphor.kind == "proxy":
            found = _spoken_for(anaphor, pool)
        elif anaphor.kind == "led":
            found = led_country(anaphor, pool, entities, by_id, learnt, date)
        else:
            found = country_for(anaphor, entities, by_id, weights)
            for entity in found if not nationality else ():  # "French" is no name of France
                called.setdefault(entity.id, []).append(anaphor.text)
        taken.add((anaphor.start, anaphor.end))
        # a linked subject ("He ... He ...") keeps its salience for the next anaphor
        level = MAIN if anaphor.role == "subject" else OTHER
        group = (anaphor.start,) * len(found) if len(found) > 1 and level == MAIN else ()
        if isinstance(anaphor, Descriptor) and anaphor.kind == "role":
            for entity in found:  # "The chancellor said ..." : not the prime minister further on
                learnt.setdefault(entity.id, set()).add(anaphor.text)
            if not found:
                # a person nobody named: "Liam Fox spoke. The prime minister began his tour" is
                # not Fox's tour, so the description stands in the way as a first name NER missed
                stand_in = Entity("", anaphor.text, "Person", (anaphor.text,))
                pool.append(_Candidate(stand_in, anaphor.sentence, anaphor.start, anaphor.end, True,
                                       *roles.of(anaphor.sentence, anaphor.start, anaphor.end)))
        for entity in found:
            out.append(Mention(doc_id, anaphor.start, anaphor.end, anaphor.text, entity.id, anaphor.sentence,
                               entity.type, inferred=True))
            if not nationality:  # an adjective is no antecedent: "the French decision ... it"
                pool.append(_Candidate(entity, anaphor.sentence, anaphor.start, anaphor.end, False, level, group,
                                       len(found) > 1))
    _add_aliases(entities, called)
    return out


_FIRST_PLURAL = frozenset({"we", "us", "our", "ours"})


def _speaking_for(speaker: Entity, pronoun: Pronoun, entities: list[Entity], by_id: dict[str, Entity],
                  weights: Counter[str]) -> Entity | None:
    """Whom a quoted "I" or "we" stands for: "I" is the speaker; "we" the country of an office
    the speaker holds ('"We have advised the Russians," said US Secretary of State Marco Rubio'
    is the United States); "we" doing now what the words do ('"We appeal to the board," said
    David Rose') the speaker, speaking for a side the text may not name; else nobody known
    (a team, a firm, the speaker's side: '"We have suspended him," said Mr Croucher')."""
    if pronoun.text.casefold() not in _FIRST_PLURAL:
        return speaker
    if speaker.type != "Person":
        return speaker  # a body quoted speaks as "we"
    for role in speaker.roles:
        for word in role.split():
            if word[:1].isupper() and country_named(word):
                stand_for = Descriptor(pronoun.start, pronoun.end, pronoun.text, "government", word,
                                       pronoun.sentence, "country")
                found = country_for(stand_for, entities, by_id, weights)
                if found:
                    return found[0]
    return speaker if pronoun.speaking else None


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


def _holder(descriptor: Descriptor, pool: Sequence[_Candidate]) -> list[Entity]:
    """"Chairman of the Environmental Audit Committee Peter Ainsworth MP": the person named
    inside the title's phrase (the descriptor's qualifier, see
    :func:`graph.pipeline.descriptions.descriptions`), in the same sentence."""
    said = (descriptor.qualifier or "").casefold()
    for c in sorted(pool, key=lambda c: c.start):
        if c.sentence == descriptor.sentence and c.start > descriptor.start and c.entity.type == "Person" \
                and not c.unknown and any(a.casefold() in said or said in a.casefold()
                                          for a in (c.entity.name, *c.entity.aliases)):
            return [c.entity]
    return []


def _spoken_for(descriptor: Descriptor, pool: Sequence[_Candidate]) -> list[Entity]:
    """'AOL backed the cuts. "...," a spokesman said': the body a spokesman no one names
    speaks for is the one organisation that is a main-clause subject in the sentence before
    (or earlier in the spokesman's own sentence); none when there are two."""
    for sentence in (descriptor.sentence, descriptor.sentence - 1):
        subjects = {c.entity.id: c.entity for c in pool if c.sentence == sentence and c.level == MAIN
                    and c.entity.type == "Organization" and not c.unknown
                    and (sentence < descriptor.sentence or c.start < descriptor.start)}
        if subjects:
            return list(subjects.values()) if len(subjects) == 1 else []
    return []


def _written_by(descriptor: Descriptor, authors: Sequence[tuple[int, str, Entity]]) -> list[Entity]:
    """"A report by the Audit Commission ... The report said": the author of the last report of
    that kind before it (a report speaks for who wrote it, a spokesman for whom he speaks for)."""
    before = [a for a in authors if a[0] < descriptor.start and a[1] == descriptor.head]
    return [before[-1][2]] if before else []


@lru_cache(maxsize=4096)
def _plural_name(name: str) -> bool:
    """"the Conservatives", "Lib Dems": an organisation named in the plural takes "they" ("BBC
    Radio Wales" ends with a place, no plural), and so does a police force ("West Yorkshire
    Police said they had arrested him": ``bare_heads``, plural in use)."""
    last = name.split()[-1]
    if last.casefold() in coref().bare_heads:
        return True
    return len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "us", "is")) and last[0].isupper() \
        and not (is_place(last) or country_named(last))


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


def _pronoun(pronoun: Pronoun, pool: Sequence[_Candidate], roles: _Roles | None = None,
             barred: Iterable[str] = (), hidden: Iterable[int] = ()) -> list[Entity]:
    """The most salient agreeing candidate: nearest sentence first, a subject (when the parse
    tells subjects, see :data:`_ROLE_COST`) before an object or possessor. "it" and "they" are
    mostly about things and unnamed people: they join an organisation or place only as a
    subject or possessive, and only one that leads its sentence or is its main subject, or
    comes before the pronoun in the pronoun's own sentence, at most one sentence back (a
    clause subject there, when the parse tells); "they" also joins two people named as one
    subject ("Blair and Brown ... they").

    ``barred`` entities are never the answer (the speaker of a quote holding the pronoun), nor
    are candidates starting at ``hidden`` offsets (names inside a quote, for a pronoun outside
    it). The main-clause subject of a sentence is not the object named after it ("He
    described Montalvo as ..." is not Montalvo). When another entity scores within
    :data:`MARGIN` of the best, a person pronoun is left unresolved: a guess between two close
    readings is wrong as often as right.
    """
    kind = coref().pronoun_class(pronoun.text)
    person = kind in ("male", "female")
    parsed = bool(roles)
    if not person and pronoun.role == "object":
        return []
    hidden = set(hidden)
    rows = [[c for c in row if c.start not in hidden] for row in _in_reach(pronoun, pool)]
    barred = set(barred)
    # "Blair praised him", "He praised him": not whoever the clause's subject is
    if pronoun.role == "object" and pronoun.clause_subject is not None:
        lo, hi = pronoun.clause_subject
        barred |= {c.entity.id for c in rows[0] if lo <= c.start < hi}
    # "Mr Blair has failed, he claimed", "He said Blair had failed": not a name in what it says
    barred |= {c.entity.id for c in rows[0] for lo, hi in pronoun.commanded if lo <= c.start < hi}
    if person:
        # "Both Tessa Jowell and John Prescott have welcomed his return": a singular pronoun after
        # a subject of two or more people is someone else ("their" would be the group)
        barred |= {c.entity.id for c in rows[0] if len(set(c.group)) > 1 and pronoun.start > max(c.group)}
    if roles and pronoun.role == "subject" and roles.of(pronoun.sentence, pronoun.start, pronoun.end)[0] == MAIN:
        # "He described Montalvo as ...": not the object of its own verb (the first name after
        # it, when that is no subject; a name deeper in the sentence, "He flew to Florida to
        # meet Devocht, who had told Montalvo ...", is news repeating its actor's name as often)
        after = next((c for c in pool if c.sentence == pronoun.sentence and c.start > pronoun.end), None)
        if after is not None and after.level == OTHER and not after.unknown:
            barred.add(after.entity.id)
    if kind == "plural":
        people = _coordinated_people(rows[:2], barred)
        if people:
            return people
    if person and pronoun.role == "possessive" and parsed:
        # "During his speech, Michael Howard said": a possessive before its sentence's main
        # subject, with no person named before it in the sentence, is that subject's
        ahead = [c for c in pool if c.sentence == pronoun.sentence and c.start > pronoun.start and c.level == MAIN
                 and c.start not in hidden]
        if ahead and not any(c.entity.type == "Person" for c in rows[0]) and _agrees(kind, ahead[0].entity):
            return [] if ahead[0].unknown or ahead[0].entity.id in barred else [ahead[0].entity]
    ranked = _ranked(pronoun, rows, kind, parsed, barred)
    if not ranked:
        return []
    best = ranked[0]
    rival = next((r for r in ranked[1:] if _who(r[2]) != _who(best[2])), None)
    if rival is not None and parsed and person and rival[0] - best[0] < MARGIN:
        return []
    return [] if best[2].unknown else [best[2].entity]


#: How much better (in sentences of distance, see :data:`_ROLE_COST`) the best candidate of a
#: person pronoun must score than the best other entity's for a link to be made.
MARGIN = 0.5


def _who(c: _Candidate) -> str:
    """The entity a candidate names; a first name NER missed is a person of its own."""
    return f"?{c.entity.name}" if c.unknown else c.entity.id


def _ranked(pronoun: Pronoun, rows: Sequence[Sequence[_Candidate]], kind: str | None, parsed: bool,
            barred: set[str]) -> list[tuple[float, int, _Candidate]]:
    """The agreeing candidates of ``pronoun`` as (score, rank, candidate), best first."""
    person = kind in ("male", "female")
    scored: list[tuple[float, int, _Candidate]] = []
    order = 0
    for back, row in enumerate(rows if person else rows[:2]):
        for i, c in enumerate(row):
            order += 1
            if c.entity.id in barred or c.plural and kind != "plural":
                continue  # "They ... he": not one of the group
            if not person and back and i and not (c.level == MAIN and c.entity.type == "Organization"):
                continue  # "Under pressure from X, Reuters dropped it. It said": the subject
            if not person and back and parsed and c.level == OTHER:
                continue  # "... the National Enforcement System. On the document, it referred to": a thing
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
            scored.append((score, rank, c))
    if parsed and person:
        # of the subjects before it in its own sentence, the nearest is clearly the best
        # ("Kennedy said Harry was lucky and said he should apologise" is Harry)
        own = [x for x in scored if x[0] == 0.0 and x[2].sentence == pronoun.sentence]
        nearest = max((x[2].start for x in own), default=None)
        scored = [(x[0] + _FARTHER_SUBJECT, x[1], x[2]) if x in own and x[2].start != nearest else x
                  for x in scored]
    return sorted(scored, key=lambda s: s[:2])


#: What a subject farther back in the pronoun's own sentence costs beyond the nearest one.
_FARTHER_SUBJECT = 0.5


#: The subject forms of a person pronoun that open a clause of its own.
_NOMINATIVE = frozenset({"he", "she"})


class _Speech:
    """Who speaks each quotation, and which names lie inside one."""

    def __init__(self, quotes: list[Quote], roles: _Roles, pending: dict[int, Pronoun]) -> None:
        self._quotes = quotes
        self._roles = roles
        self._pending = pending  # subject pronouns by offset, to read "... he said" ahead of time

    def _holding(self, start: int, end: int) -> Quote | None:
        return next((q for q in self._quotes if q.holds(start, end)), None)

    def hidden(self, pronoun: Pronoun) -> set[int]:
        """Offsets of quoted words a pronoun outside every quote cannot reach, in its sentence
        and up to :data:`WINDOW` sentences back: '"Blair is wrong," he said' is not Blair, nor
        is '"Brown is a great chancellor." And he branded ...' Brown (the narrative's
        pronouns are about the narrative's actors, the quote's names are the speaker's words)."""
        if self._holding(pronoun.start, pronoun.end) is not None:
            return set()
        return {h for q in self._quotes if q.first <= pronoun.sentence and q.last >= pronoun.sentence - WINDOW
                for h in range(q.start, q.end)}

    def about(self, pronoun: Pronoun, pool: Sequence[_Candidate]) -> list[Entity]:
        """The person a quotation holding ``pronoun`` is said about, when the pronoun is a
        third-person one of that person's gender: "Mr Straw said of the Tory leader: 'He is
        not wise'" (see :attr:`Quote.about`)."""
        quote = self._holding(pronoun.start, pronoun.end)
        kind = coref().pronoun_class(pronoun.text)
        if quote is None or quote.about is None or kind not in ("male", "female"):
            return []
        at = quote.about[0]
        found = [c.entity for c in pool if c.start <= at < c.end and not c.unknown and c.entity.type == "Person"]
        if not found or gender(found[-1]) not in (kind, None):
            return []
        return [found[-1]]

    def _said_by(self, sentence: int, quote: Quote) -> list[int]:
        """Heads of the subjects of verbs of saying in ``sentence`` outside every quotation."""
        return [h for s in self._roles.in_sentence(sentence) if s.verb in _speech_verbs() for h in s.heads
                if not quote.start <= h < quote.end and self._holding(h, h + 1) is None]

    def speakers(self, pronoun: Pronoun, pool: Sequence[_Candidate]) -> set[str]:
        """The entities speaking the quotation that holds ``pronoun`` (none outside one): the
        subject of a verb of saying in the quote's sentences ('"He lost," Mr Howard said',
        '"... he lost," he said'), else the last one before it (a quote continuing a speaker's
        words: "He says ... . 'So the woman, she ...'")."""
        quote = self._holding(pronoun.start, pronoun.end)
        return set() if quote is None else self._speakers_of(quote, pool)

    def just_spoken(self, pronoun: Pronoun, pool: Sequence[_Candidate]) -> list[_Candidate]:
        """The one speaker of a quoted passage ending in the sentence before a person pronoun
        outside every quote, a nominative subject or a possessive ("for him to apologise" is
        no narrative going on), as a main subject there: the quote's words are the speaker's, so
        after 'Mr Howard said. "We watched ... . The last week has shown ..."', "He went on to
        reflect" is Howard however many quoted sentences lie between."""
        if coref().pronoun_class(pronoun.text) not in ("male", "female") or self._holding(pronoun.start, pronoun.end) \
                or pronoun.role == "object" or pronoun.role == "subject" and pronoun.text.casefold() not in _NOMINATIVE:
            return []
        # a passage, not words quoted in a narrative sentence ('X branded it "stupid and evil"')
        ended = [q for q in self._quotes if q.last == pronoun.sentence - 1 and q.end <= pronoun.start
                 and (q.opens or q.first < q.last)]
        if not ended:
            return []
        quote = max(ended, key=lambda q: q.end)
        speakers = self._speakers_of(quote, pool)
        entity = next((c.entity for c in pool if c.entity.id in speakers and not c.unknown), None)
        if len(speakers) != 1 or entity is None:
            return []
        return [_Candidate(entity, quote.last, quote.end, quote.end, False, MAIN)]

    def _speakers_of(self, quote: Quote, pool: Sequence[_Candidate]) -> set[str]:
        heads = [h for s in range(quote.first, quote.last + 1) for h in self._said_by(s, quote)]
        for back in range(1, WINDOW + 1):
            if heads:
                break
            heads = self._said_by(quote.first - back, quote)[-1:]
        out: set[str] = set()
        for h in heads:
            named = {c.entity.id for c in pool if c.start <= h < c.end and not c.unknown}
            ahead = self._pending.get(h)
            if not named and ahead is not None and ahead.start > quote.end:
                named = {e.id for e in _pronoun(ahead, pool, self._roles, (), self.hidden(ahead))}
            out |= named
        return out


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
        return last != descriptor.head and (last in vocab.organisation_heads or last in GOVERNMENT_WORDS)

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
    if descriptor.head not in vocab.organisation_kinds and descriptor.head not in vocab.lone_heads:
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

    wanted = {"three": 3, "four": 4}.get((descriptor.qualifier or "").casefold(), 2)
    # In its own sentence a person before "the pair" is mostly who acts on it ("Field criticised
    # the rivalry between the pair"): there too few or too many look further back.
    rows = _in_reach(descriptor, pool)
    for back, row in enumerate(rows):
        people = {c.entity.id: c.entity for c in row if fits(c)}
        if len(people) == wanted:
            return list(people.values())
        if people and wanted == 2 and back:
            if kind == "Person":
                return []  # one or three people: not "the two"
            # "... by the Conservatives. ... Labour said ... The Lib Dems warned both parties":
            # bodies told of one by one, when the text before the sentence names exactly two
            own = {c.entity.id for c in rows[0]}
            earlier = {c.entity.id: c.entity for c in pool
                       if c.sentence < descriptor.sentence and fits(c) and c.entity.id not in own}
            return list(earlier.values()) if len(earlier) == wanted else []
    if wanted > 2:
        # "all three parties": the parties the document has named, when it named that many
        named = {c.entity.id: c.entity for c in pool if c.start < descriptor.start and fits(c)}
        return list(named.values()) if len(named) == wanted else []
    return []


def _speech_verbs() -> frozenset[str]:
    """Verbs whose subject speaks a quote (see :class:`graph.schema.vocab.Coref`)."""
    return coref().speech_verbs
