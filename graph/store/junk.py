"""Corpus-level junk: stored "entities" that name no one, found from how the whole store writes them.

Each finding becomes a ``drop`` proposal of corpus resolution (see :mod:`graph.store.resolution`),
stored as an automatic rule the user sees with ``newsgraph rules`` and undoes with
``rules --undo``. Three mechanisms:

* **terms and units**: an acronym ("SMS", "MP3", "GMT") that the texts never treat as an
  actor (never an argument of a stored action, never followed by a verb or a possessive,
  never followed by a person or a body of it as in "IAEA spokesman", "ODPM committee", never
  spelled out as an organisation as in "International Energy Agency (IEA)", not the initials
  of a stored organisation's name as "UN" of "United Nations") and that is mostly written as a
  noun modifier ("SMS messages", "MP3 players") or after a number ("1900 GMT");
* **plural acronyms** ("MPs", "PCs"): a count noun for a class of things, never one entity;
* **role phrases** ("Labour MPs", "Bolton West MP", "Tory leader"): a name ending in a role
  word, singular or plural, with no person's name before it. Role words are the shipped
  titles plus acronyms the corpus itself writes as titles: right before the full names of
  three or more different people ("Tory MP Tim Yeo").

Whether a word is a verb is learned from the corpus as well: verbs follow a subject
pronoun ("he said", "it has"); nouns ("messages", "players") practically never do. A small
corpus has too few pronouns for that, so the verbs of the relation vocabulary and the speech
verbs, inflected, count as verbs too.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cached_property
from typing import NamedTuple, Protocol

from graph.gazetteer import country_of, is_place
from graph.schema import relation_types
from graph.schema.vocab import coref, first_name_gender, titles, words
from graph.store.rules import RawEntity

__all__ = ["SMALL_WORDS", "Junk", "Usage", "content_word", "initial_forms", "initials", "is_acronym_term", "junk",
           "title_acronyms"]

#: Small words of names that initials skip ("Bank of England" is "BE").
SMALL_WORDS = frozenset({"of", "the", "and", "for", "de", "&", "on", "in", "du", "la", "des", "und"})


class Junk(NamedTuple):
    """A stored entity that is no entity, with the evidence."""

    subject: str
    reason: str
    score: float


class Corpus(Protocol):
    """What these mechanisms read of the store (:class:`graph.store.resolution.Corpus`)."""

    entities: dict[str, RawEntity]
    types: dict[str, str]
    texts: list[str]
    actors: set[str]

    @property
    def usage(self) -> Usage: ...


def initials(name: str) -> str:
    """Initial letters of the significant words of ``name``.

    >>> initials("International Monetary Fund"), initials("Bank of England")
    ('IMF', 'BE')
    """
    return "".join(w[0].upper() for w in re.split(r"[\s-]+", name) if w and w.casefold() not in SMALL_WORDS)


def initial_forms(name: str) -> set[str]:
    """The acronyms ``name`` may have: its initials, and its initials with a word written in
    capitals kept whole ("UK Independence Party" is "UKIP" as well as "UIP").

    >>> sorted(initial_forms("UK Independence Party")), initial_forms("Bank of England")
    (['UIP', 'UKIP'], {'BE'})
    """
    kept = "".join(w if w.isupper() and w.isalpha() else w[0].upper() for w in re.split(r"[\s-]+", name)
                   if w and w.casefold() not in SMALL_WORDS)
    return {initials(name), kept}


# Subject pronouns: what stands right before a finite verb and never before a bare noun.
_SUBJECTS = frozenset({"he", "she", "it", "they", "we", "i", "you", "who"})
# Determiners: what stands right before a noun and never before a finite verb.
_DETERMINERS = frozenset({"the", "a", "an", "their", "its", "his", "her", "our", "your", "these", "those"})
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'\u2019-]*|\S")
_EDGE = r"(?<![A-Za-z0-9&'\u2019-])"  # a token starts here
_CAPITAL = re.compile(rf"{_EDGE}[A-Z][A-Za-z0-9&'\u2019-]*")
# An acronym, letters and digits ("MP3", "IAEA", "Q&A"), with an optional plural "s".
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}(s?)$")
#: Share of a word's occurrences right after a subject pronoun that makes it a verb.
VERB_SHARE = 0.05
#: Share of an acronym's occurrences as a modifier or unit that makes it a term.
TERM_SHARE = 0.5
#: How frequent a word must be to be a function word, share of all words and count.
FUNCTION_SHARE = 0.0025
FUNCTION_COUNT = 20
#: Different people an acronym must stand before to be a title.
TITLE_PEOPLE = 3


def is_acronym_term(name: str) -> bool:
    """Whether ``name`` is written like an acronym: capitals and digits, two capitals at least.

    >>> is_acronym_term("MP3"), is_acronym_term("MPs"), is_acronym_term("Nato")
    (True, True, False)
    """
    return bool(_ACRONYM.match(name)) and sum(ch.isupper() for ch in name) >= 2


def _verb_lemmas() -> frozenset[str]:
    lemmas = {v for rt in relation_types().values() for p in rt.patterns for v in p.verbs}
    return frozenset(lemmas | words("speech.say") | words("speech_evaluation.verbs"))


def _lemma_forms(word: str) -> Iterable[str]:
    """``word`` and what it is with an inflection cut off ("backed" -> "back", "says" -> "say")."""
    yield word
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("ing", ""),
                         ("ing", "e")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            yield word[: -len(suffix)] + repl
    if len(word) > 4 and word[-3] == word[-4] and word.endswith("ed"):  # "banned" -> "ban"
        yield word[:-3]


class Usage:
    """How the corpus writes words: which follow subject pronouns or determiners, which are frequent."""

    def __init__(self, texts: list[str], totals: Counter[str] | None = None) -> None:
        """``totals``: how often each case-folded word occurs, when the caller counted already."""
        self._lemmas = _verb_lemmas()
        self.text = "\n".join(texts)
        # Counting by regular expressions over the whole text, not token by token in Python:
        # this runs over every stored document at each resolution.
        lower = self.text.lower()
        word = r"([a-z0-9][a-z0-9&'\u2019-]*)"
        self._total = totals if totals is not None else Counter(re.findall(word, lower))
        self._after = Counter(re.findall(rf"{_EDGE}(?:{'|'.join(sorted(_SUBJECTS))})\s+{word}", lower))
        self._determined = Counter(re.findall(rf"{_EDGE}(?:{'|'.join(sorted(_DETERMINERS))})\s+{word}", lower))
        # Where each capitalised token starts: names are looked up here, not by scanning.
        self.positions: dict[str, list[int]] = defaultdict(list)
        for m in _CAPITAL.finditer(self.text):
            self.positions[m.group()].append(m.start())

    def around(self, start: int, end: int) -> tuple[str, str, str]:
        """The token before ``text[start:end]`` and the two after it ("" at the edges)."""
        before = _TOKEN.findall(self.text[max(0, start - 40):start])
        after = _TOKEN.findall(self.text[end:end + 60])[:2] + ["", ""]
        return (before[-1] if before else ""), after[0], after[1]

    def verb(self, word: str) -> bool:
        """Written after a subject pronoun often enough to be a verb ("said", "has"), or an
        inflected verb of the vocabularies that the corpus does not write as a noun ("the files")."""
        key = word.casefold()
        if self._total[key] > 0 and self._after[key] >= VERB_SHARE * self._total[key]:
            return True
        if not any(f in self._lemmas for f in _lemma_forms(key)):
            return False
        # "-s" is a plural as often as a verb ("files", "talks"): the pronouns must say verb.
        if key.endswith("s") and key not in self._lemmas:
            return self._after[key] > self._determined[key]
        return self._determined[key] <= self._after[key]

    @cached_property
    def function_words(self) -> frozenset[str]:
        """Words as frequent as "the", "and", "in", "with": a quarter of a percent of all
        words, and at least :data:`FUNCTION_COUNT` times (a few short texts have no such word)."""
        floor = max(FUNCTION_COUNT, FUNCTION_SHARE * sum(self._total.values()))
        return frozenset(w for w, n in self._total.items() if w.isalpha() and n >= floor)

    def occurrences(self, name: str) -> Iterable[tuple[str, str, str]]:
        """``(word before, word after, the one after that)`` of each standalone ``name``; a
        possessive ("NME's") reads as the word after being "'s"."""
        owned = [(i, True) for form in (f"{name}'s", f"{name}\u2019s") for i in self.positions.get(form, ())]
        for i, possessive in sorted([(i, False) for i in self.positions.get(name, ())] + owned):
            before, after, nxt = self.around(i, i + len(name) + (2 if possessive else 0))
            yield (before, "'s", after) if possessive else (before, after, nxt)


def _person_nouns() -> frozenset[str]:
    """People and bodies of an organisation: "IAEA spokesman", "NUJ official", "ODPM committee"."""
    t = titles()
    return (t.person_nouns | t.titles | words("roles.role_words") | coref().organisation_heads
            | words("media.staff") | words("media.body_tails") | words("media.channels"))


def _auxiliaries() -> frozenset[str]:
    """Modals and forms of be/have/do: "SMS could be used" makes SMS no actor, "the IMF has
    warned" does (the verb after the auxiliary decides)."""
    return words("modality.modals") | {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
                                       "do", "does", "did", "not", "also", "now", "still"}


def _actor_use(usage: Usage, before: str, after: str, nxt: str) -> bool:
    """The occurrence treats the name as an actor: an action verb, a possessive or a person or
    body of it follows."""
    if after == "'s":
        return True
    low = after.casefold()
    if not after[:1].islower():
        return False
    if low in _auxiliaries():  # "has warned" acts, "could be used" does not
        return nxt[:1].islower() and nxt.casefold() not in _auxiliaries() and usage.verb(nxt)
    return usage.verb(after) or low in _person_nouns() or low.rstrip("s") in _person_nouns()


def content_word(usage: Usage, word: str) -> bool:
    """A lower-case word that is no function word, verb or auxiliary: a noun it modifies."""
    return (word[:1].islower() and word.isalpha() and len(word) > 2 and not usage.verb(word)
            and word.casefold() not in usage.function_words and word.casefold() not in _auxiliaries())


def _modifier_use(usage: Usage, before: str, after: str) -> bool:
    """A noun modifier ("SMS messages") or a unit after a number ("1900 GMT")."""
    return before[:1].isdigit() or content_word(usage, after)


def _organisation_expansions(c: Corpus) -> set[str]:
    """Acronyms the texts spell out as an organisation: "International Energy Agency (IEA)"."""
    heads = coref().organisation_heads | coref().country_heads
    found = set()
    for text in c.texts:
        for phrase, acronym in re.findall(r"([A-Z][\w&'-]*(?:[ \t]+[\w&'-]+){0,6})\s+\(([A-Z][A-Za-z0-9&]{1,8})\)",
                                          text):
            if any(w.casefold() in heads for w in phrase.split()[-len(acronym) - 2:]):
                found.add(acronym)
    return found


def _terms(c: Corpus, usage: Usage) -> Iterable[Junk]:
    spelled = _organisation_expansions(c)
    named = {form for eid, e in c.entities.items() if len(e.name.split()) >= 2
             and c.types[eid] in ("Organization", "Group") for form in initial_forms(e.name)}
    for eid, ent in sorted(c.entities.items()):
        name = ent.name
        if (not is_acronym_term(name) or name.endswith("s") or eid in c.actors or name in spelled or name in named
                or c.types[eid] == "Place" or country_of(name) or is_place(name)):
            continue
        uses = list(usage.occurrences(name))
        if not uses or any(_actor_use(usage, *u) for u in uses):
            continue
        # Most uses, not most of those a word follows: "at UBS, said" and "the IMF." count
        # against a term, so an organisation written mostly as "UBS economist" stays.
        modifier = sum(_modifier_use(usage, b, a) for b, a, _ in uses)
        if modifier >= TERM_SHARE * len(uses):
            yield Junk(eid, f"a term, never an actor: a modifier or unit in {modifier} of {len(uses)} uses, "
                       "as 'SMS messages' or '1900 GMT'", modifier / len(uses))


def _plural_acronyms(c: Corpus) -> Iterable[Junk]:
    for eid, ent in sorted(c.entities.items()):
        if is_acronym_term(ent.name) and ent.name.endswith("s") and ent.name[-2].isupper():
            yield Junk(eid, "the plural of an acronym names a class, not one entity", 1.0)


def title_acronyms(usage: Usage) -> frozenset[str]:
    """Acronyms written right before the full names of several different people ("MP Ann Lee")."""
    people: dict[str, set[str]] = {}
    for tok, where in usage.positions.items():
        if not is_acronym_term(tok) or tok.endswith("s"):
            continue
        for i in where:
            _, first, last = usage.around(i, i + len(tok))
            if last[:1].isupper() and last.isalpha() and first_name_gender(first):
                people.setdefault(tok, set()).add(f"{first} {last}")
    return frozenset(a.casefold() for a, names in people.items() if len(names) >= TITLE_PEOPLE)


def _role_phrases(c: Corpus, usage: Usage) -> Iterable[Junk]:
    # A role word that is also a surname ("Stephen King", "John Major") ends names too.
    role_words = words("roles.role_words")
    surnames = {last.casefold() for eid, e in c.entities.items()
                if c.types[eid] == "Person" and " " in e.name and (last := e.name.split()[-1]).casefold() in role_words
                and last[:1].isupper() and first_name_gender(e.name.split()[0])}
    roles = (role_words - surnames) | title_acronyms(usage)
    honorifics = titles().honorifics
    for eid, ent in sorted(c.entities.items()):
        parts = ent.name.split()
        if c.types[eid] not in ("Person", "Group") or len(parts) < 2 or (len(parts[0]) <= 2 and parts[0].isupper()):
            continue  # "BB King": initials are a person's name
        last = parts[-1].casefold()
        singular = last[:-1] if last.endswith("s") and not last.endswith("ss") else last
        if singular not in roles and last not in roles:
            continue
        if parts[-1][:1].isupper() and any(first_name_gender(w) or w.casefold().rstrip(".") in honorifics
                                           for w in parts[:-1]):
            continue  # "John Major", "Mr Speaker": a person's name; "Tory leader" is lower-case, no name
        yield Junk(eid, f"a role phrase ({parts[-1]!r} is a role word), not a name", 1.0)


def junk(c: Corpus) -> Iterable[Junk]:
    """Every stored entity of the corpus that is no entity, in a deterministic order."""
    usage = c.usage
    yield from _plural_acronyms(c)
    yield from _terms(c, usage)
    yield from _role_phrases(c, usage)
