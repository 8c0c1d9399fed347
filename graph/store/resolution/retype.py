"""Types from context across documents: company cues ("shares in X", "X plc"), "the X" standing
alone (no person), and acronyms (no person)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from graph.gazetteer import country_of, is_major_place, is_place
from graph.schema.vocab import coref, first_name_gender, titles
from graph.store.junk import content_word, is_acronym_term
from graph.store.resolution.corpus import COMPANY_SUFFIXES, NAME, Corpus, Proposal, variant_key
from graph.store.resolution.people import strip_titles

__all__ = ["acronym_types", "company_types", "definite", "honorific_types"]

# A name after the article, not as a sentence's first word ("The Times" is a name).
_DEFINITE = re.compile(rf"\bthe[ \t]+({NAME})")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z]+)\b(?!['\u2019-])")
# Context cues of a company or a club: evidence for the Organization type wherever they occur.
_COMPANY_CUES = [re.compile(p) for p in (
    rf"\bshares in ({NAME})",
    rf"\bstake in ({NAME})",
    (rf"({NAME})(?:'s)? (?:chief executive|chief financial officer|shareholders|share price|"
     rf"shares|profits?|revenues?|sales|takeover|boss|board)\b"),
    rf"({NAME}) (?:{'|'.join(COMPANY_SUFFIXES)})\b",
    # A club's staff and fans, never a possessive ("Ferguson's side" is a person's team).
    rf"({NAME}) (?:manager|striker|midfielder|defender|goalkeeper|winger|fans|supporters|squad)\b",
)]


def _cues() -> list[re.Pattern[str]]:
    # "oil firm Yukos", "search giant Google": an organisation noun written before the name.
    heads = "|".join(sorted(map(re.escape, coref().organisation_heads)))
    return [*_COMPANY_CUES, re.compile(rf"\b[a-z]+ (?:{heads}) ({NAME})")]


def company_types(c: Corpus) -> Iterable[Proposal]:
    by_name = {variant_key(ent.name): eid for eid, ent in sorted(c.entities.items())}
    hits: Counter[str] = Counter()
    cues = _cues()
    for text in c.texts:
        for cue in cues:
            for name in cue.findall(text):
                words = strip_titles(c, name.split())
                eid = by_name.get(variant_key(" ".join(words)))
                if eid:
                    hits[eid] += 1
    for eid, n in sorted(hits.items()):
        # Cues are rare next to plain mentions ("Yukos said"): a tenth of them is enough.
        name = c.entities[eid].name
        if is_major_place(name) or country_of(name):
            continue  # "England" the team is still England the country
        if c.types[eid] == "Person" and len(name.split()) >= 2 and first_name_gender(name.split()[0]):
            continue  # "Rick Wagoner's board", "chief executive Clara Furse": a person at a company
        if c.types[eid] in ("Person", "Place") and n >= 2 and n * 10 >= c.mentions(eid):
            yield Proposal("type", eid, None, "Organization", f"{n} company cues ('shares in X', 'X plc', 'oil firm X' ...)",
                           n / max(1, c.mentions(eid)), True)


#: Share of a person's mentions written "the X" (standing alone) that makes it no person.
DEFINITE_SHARE = 0.3


def definite(c: Corpus) -> Iterable[Proposal]:
    """"the Lib Dems", "the Beatles": a person's name never takes the article; "the Bush
    administration" (a modifier before a noun) and "the late John Peel" do not count. A first
    name so written ("the Bill") is dropped instead."""
    people = {ent.name: eid for eid, ent in c.entities.items() if c.types[eid] == "Person" and not ent.honorific}
    the: Counter[str] = Counter()
    for text in c.texts:
        for m in _DEFINITE.finditer(text):
            after = _NEXT_WORD.match(text, m.end())
            if m.group(1) in people and not (after and content_word(c.usage, after.group(1))):
                the[m.group(1)] += 1
    total = {name: max(n, c.mentions(people[name])) for name, n in the.items()}
    for name, n in sorted(the.items()):
        eid = people[name]
        if n < 2 or n < DEFINITE_SHARE * total[name]:
            continue
        why = f"written 'the {name}' {n} times, {total[name]} mentions"
        if " " not in name and first_name_gender(name) and c.lower[name.casefold()] >= 2:
            # "the Bill": a first name that is also a common word ("a bill"), with the article, is
            # that common noun capitalised: no entity. "the Tate" is never written lower-case.
            yield Proposal("drop", eid, None, None, f"{why}: a first name never takes 'the'", n / total[name], True)
            continue
        votes = c.entities[eid].votes
        other = max((t for t in votes if t != "Person"), key=lambda t: (votes[t], t), default="Organization")
        yield Proposal("type", eid, None, other, f"{why}: no person", n / total[name], True)


def acronym_types(c: Corpus) -> Iterable[Proposal]:
    """An acronym of three capitals or more ("ODPM", "BAA") names no person: people are named
    by words. It takes its best other type vote, else Organization."""
    for eid, ent in sorted(c.entities.items()):
        name = ent.name
        if c.types[eid] != "Person" or not is_acronym_term(name) or name.endswith("s") \
                or sum(ch.isupper() for ch in name) < 3:
            continue
        votes = ent.votes
        other = max((t for t in votes if t != "Person"), key=lambda t: (votes[t], t), default="Organization")
        yield Proposal("type", eid, None, other, "an acronym names no person", 0.8, True)


def honorific_types(c: Corpus) -> Iterable[Proposal]:
    """A name written after a personal honorific ("Ms Abbott", "Dr Fox") names a person, when at
    least half as many of its mentions read it so as read the top type, and the gazetteer knows
    no such place: "Abbott" read as a place in three sentences is still Ms Abbott. A peer's
    title ("Lord") does not count: "Lord's" is a cricket ground."""
    personal = titles().honorifics - {"lord", "lady"}
    for eid, ent in sorted(c.entities.items()):
        name = ent.name
        votes = ent.votes
        if (c.types[eid] == "Person" or 2 * votes.get("Person", 0) < max(votes.values(), default=0)
                or is_place(name) or is_major_place(name) or country_of(name)):
            continue
        # Capitalised: "miss England" is a verb before a name.
        titled = sum(n for a, n in ent.aliases.items() if " " in a and a[:1].isupper()
                     and a.split()[0].casefold().rstrip(".") in personal and a.split()[-1] == name.split()[-1])
        if titled:
            yield Proposal("type", eid, None, "Person", f"written after an honorific {titled} time(s)", 0.8, True)
