"""Name-form mechanisms of corpus resolution: spelling variants, near-identical spellings,
short forms of organisations, acronyms and a country's other names."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from graph.gazetteer import country_of, is_major_place, is_place
from graph.gazetteer.countries import country_names
from graph.schema.entities import vote_type
from graph.schema.organisations import organisations
from graph.store.junk import SMALL_WORDS, initial_forms
from graph.store.resolution.corpus import (
    COMPANY_SUFFIXES,
    NAME,
    Corpus,
    Proposal,
    first_name,
    is_acronym,
    singular,
    variant_key,
)

__all__ = ["acronyms", "countries", "fuzzy", "outlets", "parties", "place_forms", "short_forms", "variants"]

_ACRONYM = re.compile(rf"({NAME})\s+\(([A-Z][A-Za-z&]{{1,8}})\)")
# Share of a short form's context ("Commons") its full name's must have, when never together.
SHORT_CONTEXT = 0.2
# Share of an acronym's context (or its full name's) they must share, when never together.
ACRONYM_CONTEXT = 0.15
# How much better the best full name's context must be than the next one's, among several.
CONTEXT_MARGIN = 2.0

_FAMILY = {"Group": "Organization"}


def variants(c: Corpus) -> Iterable[Proposal]:
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for eid, ent in c.entities.items():
        type_ = c.types[eid]
        key = variant_key(ent.name)
        if type_ == "Person":
            words = [w for w in key.split() if len(w) > 1]
            if len(words) >= 2:
                key = " ".join(words)  # a middle initial does not count
        elif type_ in ("Group", "Organization", "Event"):
            key = singular(key)
        # A party is a Group by some mentions ("Liberal Democrat") and an Organization by others.
        groups[(_FAMILY.get(type_, type_), key)].append(eid)
    exact = {(_FAMILY.get(c.types[eid], c.types[eid]), variant_key(ent.name)) for eid, ent in c.entities.items()}
    for (type_, key), members in sorted(groups.items()):
        if len(members) < 2 or not key:
            continue
        head = max(members, key=lambda e: (c.mentions(e), len(c.entities[e].name), e))
        for eid in sorted(members):
            if eid == head:
                continue
            if (type_, key) in exact or type_ == "Person" or {c.types[m] for m in members} == {"Group"}:
                yield Proposal("merge", eid, head, None, f"same name up to spelling ({key})", 1.0, True)
            else:  # "Bond" and "Bonds": a plural is the same organisation only in the same context
                sim = c.similarity(eid, head)
                yield Proposal("merge", eid, head, None, f"singular and plural, context {sim:.2f}", 0.9,
                               sim >= 0.2)


def short_forms(c: Corpus) -> Iterable[Proposal]:
    """Short forms of organisations written in the same documents as the full name:

    * without a company word or "Party" at the end: "Multiplex Group", "Conservative Party" ->
      "Multiplex", "Conservative" (typed Organization, whatever the short form's mentions voted);
    * the plural after "of": "House of Commons" -> "Commons" (not "Bank of England", "World of
      Warcraft");
    * without a stored country before it: "US Congress" -> "Congress", when only one country's
      is stored;
    * each word cut short: "Lib Dems" -> "Liberal Democrats".

    The short form must be stored on its own, not be a place nor a stored person's surname,
    and share a document or :data:`SHORT_CONTEXT` of its context with the full name; one full
    name per short form.
    """
    by_key: dict[str, str] = {}
    for eid, ent in sorted(c.entities.items(), key=lambda kv: (-kv[1].mentions, kv[0])):
        by_key.setdefault(variant_key(ent.name), eid)
    kinds = {k.casefold() for k in COMPANY_SUFFIXES} | {"party"}
    # Countries and their codes ("US", "UK"), not cities: "Beijing Olympics" is no "Olympics".
    places = {variant_key(e.name) for eid, e in c.entities.items() if c.types[eid] == "Place" and country_of(e.name)
              and (country_of(e.name) == e.name or e.name.isupper() and len(e.name) <= 3)}
    # Surnames of people's full names ("Tony Blair"), not the last word of any "Person" ("ofNew Labour").
    surnames = {variant_key(e.name.split()[-1]) for eid, e in c.entities.items()
                if c.types[eid] == "Person" and len(e.name.split()) > 1 and first_name(e.name)}
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for eid, ent in sorted(c.entities.items()):
        words = ent.name.split()
        if c.types[eid] != "Organization" or len(words) < 2:
            continue
        if words[-1].casefold() in kinds:
            found[variant_key(" ".join(words[:-1]))].append((eid, f"{words[-1]!r} is a kind word"))
        if (len(words) >= 3 and words[-2].casefold() in ("of", "the") and words[1].casefold() == "of"
                and words[-1].endswith("s")):
            found[variant_key(words[-1])].append((eid, "the name after 'of'"))
        if len(words) == 2 and variant_key(words[0]) in places and not is_place(words[1]):
            found[variant_key(words[1])].append((eid, f"{words[0]!r} is a country"))
    # "Lib Dems" for "Liberal Democrats": each word cut short, at three letters or more.
    # Indexed by word count and first three letters: this compares names of one block only.
    blocks: dict[tuple[int, str], list[tuple[str, list[str]]]] = defaultdict(list)
    for eid, ent in c.entities.items():
        words = singular(variant_key(ent.name)).split()
        if c.types[eid] in ("Organization", "Group") and len(words) >= 2:
            blocks[(len(words), words[0][:3])].append((eid, words))
    for eid, ent in sorted(c.entities.items()):
        words = singular(variant_key(ent.name)).split()
        if c.types[eid] == "Place" or len(words) < 2 or any(len(w) < 3 for w in words):
            continue
        longer = [f for f, long in blocks.get((len(words), words[0][:3]), ())
                  if f != eid and all(lw.startswith(w) and lw != w for w, lw in zip(words, long))]
        # Singular and plural ("Liberal Democrat", "Liberal Democrats") are one name; the
        # variants mechanism joins them.
        if len({singular(variant_key(c.entities[f].name)) for f in longer}) == 1:
            best = max(longer, key=lambda f: (c.mentions(f), f))
            found[variant_key(ent.name)].append((best, "its words cut short"))
    for key, fulls in sorted(found.items()):
        short = by_key.get(key)
        if short is None or short in {f for f, _ in fulls}:
            continue
        full, why = _one_full_name(c, short, fulls)
        if not full:
            continue
        ent = c.entities[short]
        if c.types[short] == "Place" or is_place(ent.name) or country_of(ent.name) or ent.honorific \
                or key in surnames or not (c.together(short, full) or c.similarity(short, full) >= SHORT_CONTEXT):
            continue
        small, big = sorted((short, full), key=lambda e: (c.mentions(e), e))
        yield Proposal("merge", small, big, None, f"short form of {c.entities[full].name} ({why})", 0.9, True)
        if c.types[short] != "Organization":
            yield Proposal("type", big, None, "Organization", f"{c.entities[full].name} names an organisation",
                           0.9, True)


def _one_full_name(c: Corpus, short: str, fulls: list[tuple[str, str]]) -> tuple[str, str]:
    """The full name a short form stands for: the only one, or among several ("UK Treasury",
    "US Treasury" for "Treasury") the one whose context the short form's clearly shares
    (:data:`SHORT_CONTEXT` at least, :data:`CONTEXT_MARGIN` times the next one's); else ``("", "")``."""
    why = dict(sorted(fulls, reverse=True))
    if len(why) == 1:
        return next(iter(why.items()))
    # The full name's context, not the short form's: the short form ("Treasury") is the more
    # frequent, and is written in documents about each.
    scored = sorted(((c.similarity(f, short), f) for f in why), reverse=True)
    (best, full), (second, _) = scored[0], scored[1]
    if best >= SHORT_CONTEXT and best >= CONTEXT_MARGIN * second:
        return full, f"{why[full]}; context {best:.2f} vs {second:.2f}"
    return "", ""


def fuzzy(c: Corpus, cutoff: float = 90.0) -> Iterable[Proposal]:
    blocks: dict[tuple[str, str, int], list[str]] = defaultdict(list)
    for eid, ent in c.entities.items():
        key = variant_key(ent.name)
        if len(key) >= 6:
            blocks[(c.types[eid], key[0], len(key.split()))].append(eid)
    for (type_, _, _), members in sorted(blocks.items()):
        if len(members) < 2:
            continue
        members.sort()
        keys = [variant_key(c.entities[e].name) for e in members]
        scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=cutoff, workers=1)
        for i, j in zip(*scores.nonzero()):
            if i >= j or keys[i] == keys[j]:
                continue
            a, b = members[i], members[j]
            if type_ == "Person" and keys[i].split()[0] != keys[j].split()[0] and len(keys[i].split()) > 1:
                continue  # "Dan Brown" and "Ian Brown": another first name is another person
            small, big = sorted((a, b), key=lambda e: (c.mentions(e), e))
            if c.together(a, b):
                continue  # one article writes both: two entities
            sim = c.similarity(small, big)
            yield Proposal("merge", small, big, None, f"similar spelling ({float(scores[i, j]):.0f}%), "
                           f"context {sim:.2f}", float(scores[i, j]) / 100, sim >= 0.3 and type_ != "Person")


def acronyms(c: Corpus) -> Iterable[Proposal]:
    by_name = {variant_key(e.name): eid for eid, e in sorted(c.entities.items())}
    taught: Counter[tuple[str, str]] = Counter()
    for text in c.texts:
        for phrase, acronym in _ACRONYM.findall(text):
            words = phrase.split()
            for start in range(len(words)):  # "said the International Monetary Fund (IMF)"
                full = " ".join(words[start:])
                if acronym.upper() in initial_forms(full) and full.split()[0].casefold() not in SMALL_WORDS:
                    taught[(full, acronym)] += 1
                    break
    seen = set()
    for (full, acronym), n in sorted(taught.items()):
        f, a = by_name.get(variant_key(full)), by_name.get(variant_key(acronym))
        if f and a and f != a:
            seen.add(a)
            yield Proposal("merge", a, f, None, f"acronym taught in {n} document(s): {full} ({acronym})", 1.0, True)
    by_initials: dict[str, list[str]] = defaultdict(list)
    for eid, ent in c.entities.items():
        if len(ent.name.split()) >= 2 and c.types[eid] in ("Organization", "Group", "Event"):
            for form in initial_forms(ent.name):
                by_initials[form].append(eid)
    for eid, ent in sorted(c.entities.items()):
        if eid in seen or not is_acronym(ent.name) or c.types[eid] == "Place":
            continue
        every = by_initials.get(ent.name.upper(), [])
        candidates = [f for f in every if c.together(eid, f)]
        if len(candidates) == 1:
            yield Proposal("merge", eid, candidates[0], None, "initials agree, co-mentioned", 0.8, True)
        elif not candidates and len(every) == 1:
            # Never in one document: the one name of the store with these initials, written in
            # the same company ("NHS" is no "Norfolk High School").
            sim = max(c.similarity(eid, every[0]), c.similarity(every[0], eid))
            yield Proposal("merge", eid, every[0], None, f"initials agree, the one such name, context {sim:.2f}",
                           0.6, sim >= ACRONYM_CONTEXT)
        elif candidates:
            for f in sorted(candidates):
                yield Proposal("merge", eid, f, None, "initials agree (several names)", 0.5, False)



def countries(c: Corpus) -> Iterable[Proposal]:
    by_name = {ent.name.casefold(): eid for eid, ent in c.entities.items() if c.types[eid] == "Place"}
    countries = country_names()
    for eid, ent in sorted(c.entities.items()):
        name = ent.name
        if c.types[eid] != "Place" or name.casefold() in countries:
            continue
        letters = name.replace(".", "")
        code = letters.isupper() and 2 <= len(letters) <= 3  # "USA", "U.K.": a country's code
        if not code and (is_major_place(name) or is_place(name) or len(name.split()) > 1 or c.common_word(name)):
            continue  # a capital, a city or a seat of power is a place of its own
        if len(c.entities[eid].docs) < 3 and len(name) < 3:
            continue
        country = country_of(name) or (country_of(letters) if code else None)
        if country and not code and country in (country_of(name + "s"), country_of(name[:-1])):
            continue  # a demonym ("Angolan", "Slovaks") is a people, not the country
        target = by_name.get((country or "").casefold())
        if target and target != eid:
            yield Proposal("merge", eid, target, None, f"another name of {country} (gazetteer)", 1.0, True)


def parties(c: Corpus) -> Iterable[Proposal]:
    """A party's standard other names ("Tories", "Tory", "Conservatives" for the Conservative
    Party; "New Labour" for Labour), from the shipped list of party names
    (:func:`graph.schema.organisations.organisations`): all join the stored full name, else the
    most mentioned of them. Only organisations and groups: "Labour" read as a place is no party."""
    aliases = organisations().party_aliases
    full_names = {v.casefold() for v in aliases.values()}
    groups: dict[str, list[str]] = defaultdict(list)
    for eid, ent in sorted(c.entities.items()):
        key = ent.name.casefold()
        party = aliases.get(key, key if key in full_names else None)
        party = aliases.get(party, party) if party else None  # "Tory party" -> "Conservative Party"
        if party and c.types[eid] != "Person":
            groups[party.casefold()].append(eid)
    for party, members in sorted(groups.items()):
        head = max(members, key=lambda e: (c.entities[e].name.casefold() == party, c.mentions(e), e))
        for eid in members:
            if eid != head:
                yield Proposal("merge", eid, head, None, f"another name of the party {c.entities[head].name} "
                               "(party names)", 1.0, True)
        votes: Counter[str] = sum((c.entities[e].votes for e in members), Counter())
        if vote_type(votes, c.entities[head].name) != "Organization":
            # "the Conservatives" read as a group of people, "New Labour" as a place: a party.
            yield Proposal("type", head, None, "Organization", f"{c.entities[head].name} is a party", 1.0, True)


def place_forms(c: Corpus) -> Iterable[Proposal]:
    """A place without its common noun: "Belmarsh" for "Belmarsh Prison", "Heathrow" for
    "Heathrow Airport". Both must be places, the noun written lower-case more often than not,
    the short form no place of the gazetteer ("Liverpool Street" is not Liverpool) nor a
    person's surname, and the two share a document or :data:`SHORT_CONTEXT` of the full name's
    context; one full name per short form."""
    by_key = {variant_key(e.name): eid for eid, e in sorted(c.entities.items()) if c.types[eid] == "Place"}
    fulls: dict[str, list[str]] = defaultdict(list)
    for eid, ent in sorted(c.entities.items()):
        words = ent.name.split()
        if c.types[eid] == "Place" and len(words) == 2 and words[1].isalpha() and c.common_word(words[1]):
            fulls[variant_key(words[0])].append(eid)
    surnames = {variant_key(e.name.split()[-1]) for eid, e in c.entities.items()
                if c.types[eid] == "Person" and len(e.name.split()) > 1 and first_name(e.name)}
    for key, found in sorted(fulls.items()):
        short = by_key.get(key)
        if short is None or len(found) != 1 or key in surnames:
            continue
        name, full = c.entities[short].name, found[0]
        if is_place(name) or is_major_place(name) or country_of(name) or c.common_word(name):
            continue
        if c.together(short, full) or c.similarity(full, short) >= SHORT_CONTEXT:
            small, big = sorted((short, full), key=lambda e: (c.mentions(e), e))
            yield Proposal("merge", small, big, None, f"{c.entities[full].name} without its common noun", 0.9, True)


def outlets(c: Corpus) -> Iterable[Proposal]:
    """An organisation's outlet named by it and a media head ("BBC News", "BBC Radio", "Sky News")
    is the organisation, when one document writes both. Weak heads ("Times", "Post") make
    names of their own ("Radio Times", "Deutsche Post"), and no place owns an outlet ("New
    York Times")."""
    vocab = organisations()
    heads = vocab.media_heads - vocab.media_weak_heads
    by_key: dict[str, str] = {}
    for eid, ent in sorted(c.entities.items(), key=lambda kv: (-kv[1].mentions, kv[0])):
        by_key.setdefault(variant_key(ent.name), eid)
    for eid, ent in sorted(c.entities.items()):
        words = ent.name.split()
        if len(words) != 2 or words[1].casefold() not in heads or c.types[eid] != "Organization":
            continue
        owner = by_key.get(variant_key(words[0]))
        if (owner and owner != eid and c.types[owner] == "Organization" and not is_place(words[0])
                and not country_of(words[0]) and c.together(eid, owner)):
            yield Proposal("merge", eid, owner, None, f"{words[1]!r}: an outlet of {words[0]}", 0.9, True)
