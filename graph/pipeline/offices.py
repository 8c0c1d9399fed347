"""Role descriptions linked to the person holding the role: "the prime minister", "the
Russian leader", "the Spectator editor".

A part of coreference (:mod:`graph.pipeline.coref`): a description links to the person the
document gave that role (a title before the name, an apposition, or an earlier description
linked to them), with its office words, country and blockers agreeing ("the chancellor" is
not the shadow chancellor, "the foreign secretary" not the home secretary). When nobody
named before holds it, the main subject of the sentence before a verb of saying may be
described, or the one holder the document names further on. When the document gives
nobody the role at all, the gazetteer of office holders (:mod:`graph.gazetteer.offices`)
may name the one person in the document who held it then (:func:`listed_holder`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from graph.gazetteer.countries import country_named, country_of
from graph.gazetteer.offices import Office, Term, holdings, name_key, offices, surnames
from graph.model import Entity
from graph.pipeline.extract import HEAD_OF_STATE, Descriptor
from graph.pipeline.governments import country_for, document_country
from graph.pipeline.salience import MAIN, Candidate, Roles, gender, in_reach
from graph.schema import words as word_list
from graph.schema.vocab import coref, first_name_gender, titles

__all__ = ["latest", "led_country", "listed_holder", "role_holder"]

#: Words naming an office ("mayor", "secretary"): one person holds one of them at a time here.
_OFFICE_HEADS = word_list("roles.descriptor_heads") | HEAD_OF_STATE
_SAY = word_list("speech.say")


def _same_country(a: str, b: str) -> bool:
    if a.casefold() == b.casefold():
        return True
    ca, cb = country_of(a), country_of(b)
    return ca is not None and ca == cb


def _words(text: str) -> list[str]:
    return [w.casefold() for w in text.replace("-", " ").split()]


def _blocked(descriptor: Descriptor, role: str) -> bool:
    """Whether a word that sets an office apart (``role_blockers``) is in only one of the
    description and the role: "the chancellor" is not the shadow chancellor, "the prime
    minister" not the deputy or a former one."""
    words, said = set(_words(role)), set(_words(descriptor.text))
    return any((w in words) != (w in said) for w in coref().role_blockers)


@lru_cache(maxsize=1)
def _title_words() -> frozenset[str]:
    """Words of titles and title phrases ("foreign", "home" of "home secretary")."""
    vocab = titles()
    return (vocab.titles | {w for p in vocab.phrases for w in p.split()}) - {"of", "the", "-", "."}


def _office_modifiers(descriptor: Descriptor) -> set[str]:
    """The words of a role description that say which office of its head it is: "foreign" in
    "the foreign secretary" (not its head, its country, "prime minister" or a blocker word)."""
    # a lower-case word that is no title word says which office too: "the first minister" is not
    # Prime Minister Tony Blair, "the health secretary" not Home Secretary Charles Clarke
    plain = {w.casefold() for w in descriptor.text.replace("-", " ").split()[1:] if w.isalpha() and w.islower() and w not in ("and", "of", "for")}
    said = set(_words(descriptor.text)) & _title_words() | plain
    country = set(_words(descriptor.qualifier or ""))
    return said - country - coref().role_blockers - {descriptor.head, "prime", "minister", "premier", "the"}


def _role_matches(descriptor: Descriptor, role: str) -> bool:
    words = _words(role)
    said = set(_words(descriptor.text))
    if _blocked(descriptor, role):
        return False  # "the chancellor" is not the shadow chancellor, "the prime minister" not the deputy
    if "prime" in said and not {"prime", "premier"} & set(words):
        return False  # "the prime minister" is not "Chancellor Gordon Brown" (but "the Russian leader" may be)
    if _office_modifiers(descriptor) - set(words):
        return False  # "the foreign secretary" is not Home Secretary Charles Clarke
    if descriptor.head == "leader":
        head_ok = any(w in HEAD_OF_STATE for w in words)
    else:
        head_ok = descriptor.head in words
    if not head_ok:
        return False
    if descriptor.qualifier is None:
        return True
    return any(_same_country(descriptor.qualifier, w) for w in role.split())


def _holding(learnt: dict[str, set[str]]) -> Callable[[Candidate], tuple[str, ...]]:
    """The roles a candidate holds: its titles, and the descriptions linked to it so far."""
    def held(c: Candidate) -> tuple[str, ...]:
        return (*c.entity.roles, *learnt.get(c.entity.id, ()))
    return held


def latest(descriptor: Descriptor, pool: Sequence[Candidate], fits: set[str]) -> list[Entity]:
    """The entity of ``fits`` mentioned last before ``descriptor``."""
    before = [c for c in pool if c.entity.id in fits and c.start < descriptor.start]
    return [before[-1].entity] if before else []


def role_holder(descriptor: Descriptor, pool: Sequence[Candidate], learnt: dict[str, set[str]] | None = None,
          roles: Roles | None = None, date: str | None = None) -> list[Entity]:
    """"the Russian leader": the person the document gave that role (or an earlier description
    linked to them); of several, the one mentioned last. When the document gives nobody the
    role, the one person it names who held the office then (:func:`listed_holder`; ``date``
    is the document's, when known). Otherwise, when nobody named before it holds it, see
    :func:`_salient_holder`; failing that, the only holder the document names further on,
    unless that holder's role names a country the description does not."""
    held = _holding(learnt or {})
    fits = {c.entity.id for c in pool if c.entity.type == "Person" and not c.unknown
            and any(_role_matches(descriptor, role) for role in held(c))}
    # a holder named only further on comes last: the description may still be the speaker of
    # the sentence before ("Gordon Brown has issued ... The chancellor said")
    found = latest(descriptor, pool, fits) if fits else []
    if not fits:
        found = listed_holder(descriptor, pool, held, date)
    if found or roles is None or not roles:
        return found
    found = _salient_holder(descriptor, pool, held, roles)
    # "Mr Howard spoke. The prime minister said ... Prime Minister Tony Blair": when the text
    # names the holder further on, the speaker before is someone else unless that is the holder
    found = [e for e in found if not fits or e.id in fits]
    if not found and len(fits) == 1:
        # "The first minister has told MSPs ... First Minister Jack McConnell said": news names the
        # holder of an office it opened with further on; the only one, holding it at home (a
        # country in the role, "Israeli Prime Minister", is the other side as often)
        later = next(c for c in pool if c.entity.id in fits)
        if not any(_role_matches(descriptor, r) and _national(r) for r in held(later)) or descriptor.qualifier:
            found = [later.entity]
    return found


def _national(role: str) -> bool:
    """Whether a role names a country or nationality ("Israeli Prime Minister", "US President")."""
    return any(country_named(w) for w in role.split() if w[:1].isupper()
               and w.casefold() not in _title_words())


def _offices(role: str) -> set[str]:
    """The office words of a role: "London mayor" has "mayor", "the prime minister" has "prime"
    and "minister", "Tory MP" has none."""
    return {w for w in _words(role) if w in _OFFICE_HEADS}


def _salient_holder(descriptor: Descriptor, pool: Sequence[Candidate],
                    held: Callable[[Candidate], tuple[str, ...]], roles: Roles) -> list[Entity]:
    """"Mr Johnson said ... . 'I don't see why', the Spectator editor told the BBC": a role nobody in
    the document holds, said as the main subject of a verb of saying, describes the person who is
    the main subject of the nearest sentence before that has one (news varies how it names its
    actor). Not when the role names a country ("the Russian leader" is most often the other
    side), and not when that person holds another office ("London mayor Mr Livingstone ... the
    prime minister says": someone else)."""
    span = (descriptor.sentence, descriptor.start, descriptor.end)
    if descriptor.role != "subject" or roles.of(*span)[0] != MAIN or roles.verb(*span) not in _SAY:
        return []  # "Also in Gateshead, the prime minister took questions": a new actor as often
    if descriptor.qualifier and country_named(descriptor.qualifier):
        return []
    for row in in_reach(descriptor, pool)[1:]:
        main = [c for c in row if c.level == MAIN and c.entity.type == "Person"]
        if not main:
            continue
        people = {c.entity.id for c in main}
        if len(people) != 1 or main[0].unknown:
            return []  # two people lead that sentence, or one NER missed: no guess
        wanted = _offices(descriptor.text)
        if any(_offices(r) & wanted and _blocked(descriptor, r) for r in held(main[0])):
            return []  # "Former prime minister John Major spoke. The prime minister said": another one
        offices = set().union(*(_offices(r) for r in held(main[0])))
        said = {g for g, known in coref().gender_words.items() if set(_words(descriptor.text)) & known}
        if offices - wanted or said and gender(main[0].entity) not in (*said, None):
            return []  # "the Queen" is not Prince Philip
        if _abroad(descriptor, main[0].entity, pool):
            return []  # "Ariel Sharon arrived in London. The prime minister said": Britain's
        return [main[0].entity]
    return []


def _title_of(office: Office, role: str) -> bool:
    """Whether a title the document gave ("Prime Minister", "British Prime Minister", "Tory
    leader") names ``office``: its words, less a country that must be the office's."""
    return any(o is office for o in _titled(role))


@lru_cache(maxsize=4096)
def _titled(role: str) -> tuple[Office, ...]:
    """The offices a title names (see :func:`_title_of`)."""
    words = [w for w in _words(role) if w not in ("the", "a", "an")]
    plain = " ".join(words)
    countries = {country_of(w) for w in words} - {None}
    rest = " ".join(w for w in words if country_of(w) is None)
    found = []
    for office in offices():
        names = {" ".join(_words(r)) for r in office.roles}
        if plain in names or (not countries or office.country in countries) and rest in names:
            found.append(office)  # "London mayor"; "British Prime Minister"
    return tuple(found)


def _known(entity: Entity) -> bool:
    """Whether the gazetteer may list ``entity``: a full name it holds, or a holder's surname."""
    names = (entity.name, *entity.aliases)
    return any(" " in n.strip() and holdings(n) for n in names) \
        or any(n.split()[-1].casefold() in surnames() for n in names if n.strip())


def _terms(office: Office, entity: Entity) -> list[Term]:
    """``entity``'s terms in ``office``, by its full name or a full-name alias."""
    for name in (entity.name, *entity.aliases):
        if " " in name.strip():
            found = office.terms_of(name)
            if found:
                return found
    return []


def _by_surname(entity: Entity, terms: Sequence[Term]) -> set[str]:
    """The holders of ``terms`` that ``entity``, named by a surname alone ("Mr Blair" with no
    "Tony Blair"), may be: same surname, and a first name of the gender its honorific tells."""
    if any(" " in n.strip() for n in (entity.name, *entity.aliases) if n.split()[0].casefold().rstrip(".")
           not in titles().honorifics):
        return set()  # a full name that is no holder's
    names = {n.split()[-1].casefold() for n in (entity.name, *entity.aliases) if n.strip()}
    said = gender(entity)
    return {t.name for t in terms if t.name.split()[-1].casefold() in names
            and said in (None, first_name_gender(t.name.split()[0]))}


def _window(people: Iterable[Candidate], held: Callable[[Candidate], tuple[str, ...]]) -> tuple[str, str | None] | None:
    """When the document is set, from the titles it gives people the gazetteer lists:
    "Chancellor Gordon Brown" puts it within Brown's time at the Treasury. The days every
    such title shares; None when the document gives none, or they share no day."""
    start, end = "", None
    seen = False
    for c in people:
        for role in held(c):
            for office in _titled(role):
                terms = _terms(office, c.entity)
                if not terms:
                    continue
                seen = True
                start = max(start, min(t.start for t in terms))
                last = None if any(t.end is None for t in terms) else max(t.end for t in terms if t.end)
                end = last if end is None else (end if last is None else min(end, last))
    if not seen or (end is not None and start >= end):
        return None
    return start, end


def _full_terms(entity: Entity) -> list[Term]:
    """Every term of any office ``entity`` held, by its full name or a full-name alias."""
    for name in (entity.name, *entity.aliases):
        if " " in name.strip():
            found = [t for _, t in holdings(name)]
            if found:
                return found
    return []


def _era(people: Iterable[Candidate]) -> list[str]:
    """The days an undated document with no titles is most likely set on: those when the most
    of the people it names in full held some office the gazetteer lists (news names people in
    office: Blair, Brown and Howard together are 2003-05, when Blair, not Brown, was prime
    minister). The start days of the terms achieving that most; none when fewer than two
    people are listed."""
    terms = {c.entity.id: _full_terms(c.entity) for c in people}
    terms = {k: v for k, v in terms.items() if v}
    if len(terms) < 2:
        return []
    days = sorted({t.start for ts in terms.values() for t in ts})
    counts = {d: sum(any(t.covers(d) for t in ts) for ts in terms.values()) for d in days}
    best = max(counts.values())
    return [d for d, n in counts.items() if n == best] if best >= 2 else []


def _people(pool: Sequence[Candidate]) -> list[Candidate]:
    """The first candidate of each named person in ``pool``."""
    return list({c.entity.id: c for c in pool if c.entity.type == "Person" and not c.unknown and c.entity.id}.values())


def _then(terms: Iterable[Term], date: str | None, window: tuple[str, str | None] | None) -> list[Term]:
    """The terms that held on ``date``, or undated, in ``window`` (all of them without one)."""
    if date:
        return [t for t in terms if t.covers(date)]
    return [t for t in terms if window is None or t.overlaps(*window)]


def _home(pool: Sequence[Candidate]) -> str | None:
    weights = Counter(c.entity.id for c in pool if c.entity.id and not c.unknown)
    entities = list({c.entity.id: c.entity for c in pool if c.entity.id and not c.unknown}.values())
    return document_country(entities, weights)


def _abroad(descriptor: Descriptor, entity: Entity, pool: Sequence[Candidate]) -> bool:
    """Whether the gazetteer lists ``entity`` as holding the described office only in another
    country than the one the document is set in (a description without a country of its own)."""
    if descriptor.qualifier or not _known(entity):
        return False
    home = _home(pool)
    if home is None:
        return False
    matching = [o for o in offices() if _terms(o, entity) and any(_role_matches(descriptor, r) for r in o.roles)]
    return bool(matching) and all(o.country is not None and home not in (o.country, o.within) for o in matching)


def _matching_offices(plain: Descriptor, country: str | None, home: str | None, unqualified: bool) -> list[Office]:
    """The offices a role description may name: of its own country when it says one, else of
    the country the text is set in (or an international body's) when known."""
    out = []
    for office in offices():
        if country is not None and office.country != country:
            continue
        if unqualified and office.country is not None and home is not None \
                and home not in (office.country, office.within):
            continue  # "the prime minister" in a text set in Britain is Britain's
        if any(_role_matches(plain, r) for r in office.roles):
            out.append(office)
    return out


def listed_holder(descriptor: Descriptor, pool: Sequence[Candidate],
                  held: Callable[[Candidate], tuple[str, ...]], date: str | None = None) -> list[Entity]:
    """"Tony Blair ... The prime minister said": a role the document gives nobody, read
    through the gazetteer of office holders. The office is the description's own country's
    ("the Russian leader"), or with no country said, one of the country the document is set
    in (:func:`graph.pipeline.governments.document_country`) or an international body's. Its
    holder is the one person the document names in full who held it on the document's
    ``date``, or, undated, at a time the document's other titles allow (:func:`_window`), or
    with no titles either, when most of the people it names held office (:func:`_era`).
    Nobody when two could still be meant, or when the document calls that person a former or
    deputy holder ("former prime minister John Major")."""
    qualifier = descriptor.qualifier
    country = (country_named(qualifier) or country_of(qualifier)) if qualifier else None
    plain = replace(descriptor, qualifier=None) if country else descriptor
    home = None if qualifier else _home(pool)
    people = _people(pool)
    if not any(_known(c.entity) for c in people):
        return []  # nobody the gazetteer lists
    window = None if date else _window(people, held)
    blockers = coref().role_blockers
    found: dict[str, Entity] = {}
    maybe: dict[str, tuple[Entity, set[str]]] = {}
    matching = _matching_offices(plain, country, home, qualifier is None)
    if not matching and home is not None:
        # "the prime minister" in a text set in the United States, which has none: another's
        matching = _matching_offices(plain, country, None, qualifier is None)
    for office in matching:
        then = _then(office.terms, date, window)
        for c in people:
            if any(_blocked(descriptor, r) and _title_of(office, " ".join(w for w in _words(r) if w not in blockers))
                   for r in held(c)):
                continue  # "former prime minister John Major ... the prime minister"
            if [t for t in _terms(office, c.entity) if t in then]:
                found[c.entity.id] = c.entity
            elif holders := _by_surname(c.entity, then):
                entity, known = maybe.setdefault(c.entity.id, (c.entity, set()))
                known |= holders
    # "Tony Blair ... Mr Blair": a surname whose one holder is a person found is that person
    named = {name_key(n) for e in found.values() for n in (e.name, *e.aliases)}
    maybe = {i: m for i, m in maybe.items() if i not in found and not {name_key(h) for h in m[1]} <= named}
    if len(found) > 1 and date is None and window is None and not maybe:
        # "Tony Blair met Gordon Brown ... the prime minister": undated and untitled, the one
        # holder in office when most of the people named were (see _era)
        era = _era(people)
        found = {i: e for i, e in found.items() if any(t.covers(d) for o in matching for t in _terms(o, e) for d in era)}
    if len(found) == 1 and not set(maybe) - set(found):
        return list(found.values())
    if not found and len(maybe) == 1:
        [(entity, holders)] = maybe.values()
        # "Mr Blair ... the prime minister": the one holder of that surname, nobody else
        return [entity] if len(holders) == 1 else []
    return []


def led_country(descriptor: Descriptor, pool: Sequence[Candidate], entities: list[Entity], by_id: dict[str, Entity],
                learnt: dict[str, set[str]] | None = None, date: str | None = None) -> list[Entity]:
    """"Mr Blair's government", "the Bush administration's" kin: the country whose government
    the possessor (``descriptor.qualifier``) heads by the gazetteer (offices that ``leads``),
    on the document's ``date`` or at a time its other titles allow. Nothing when the document
    names no such person, or the gazetteer gives them no government to lead then."""
    held = _holding(learnt or {})
    said = (descriptor.qualifier or "").casefold()
    people = _people(pool)
    named = [c.entity for c in people
             if said in {n.casefold() for n in (c.entity.name, *c.entity.aliases)} | {c.entity.name.split()[-1].casefold()}]
    if len(named) != 1 or not _known(named[0]):
        return []
    window = None if date else _window(people, held)
    countries = set()
    for office in offices():
        if not office.leads:
            continue
        # "Mr Blair's government": a surname alone is the holder of that surname
        terms = _terms(office, named[0]) or [t for t in office.terms if t.name in _by_surname(named[0], office.terms)]
        if _then(terms, date, window) and office.country:
            countries.add(office.country)
    if len(countries) != 1:
        return []
    return country_for(replace(descriptor, qualifier=countries.pop(), kind="country"), entities, by_id)
