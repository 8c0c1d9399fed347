"""The store as corpus resolution reads it (:class:`Corpus`), what each mechanism proposes
(:class:`Proposal`), and the spelling key names are compared by."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache

from graph.schema.entities import vote_type
from graph.schema.taxonomy import CO_MENTIONED
from graph.schema.vocab import first_name_gender, titles
from graph.store.junk import Usage, title_acronyms
from graph.store.lookup import fold
from graph.store.rules import RawEntity, Rule, merge_map
from graph.store.sqlite import Store

__all__ = ["COMPANY_SUFFIXES", "NAME", "Corpus", "Proposal", "first_name", "is_acronym", "singular", "variant_key"]

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Capitalised words, with the small words of names between them; never across a full stop.
NAME = r"[A-Z][\w&'-]*(?:[ \t]+(?:(?:of|the|and|for|de|&)[ \t]+)*[A-Z][\w&'-]*)*"
# Words after a company's name that say it is one ("Multiplex Group", "Yukos Ltd").
COMPANY_SUFFIXES = ("Inc", "plc", "Plc", "PLC", "Corp", "Ltd", "Group", "AG", "SA")


@dataclass(frozen=True)
class Proposal:
    """A merge of ``subject`` into ``object`` (or a type for ``subject``) with its evidence.

    ``sure`` proposals become automatic rules; the others are listed by ``duplicates``.
    """

    kind: str  # "merge", "type" or "drop"
    subject: str
    object: str | None
    value: str | None
    reason: str
    score: float
    sure: bool


@lru_cache(maxsize=1 << 16)  # called for every entity by several mechanisms
def variant_key(name: str) -> str:
    """The spelling key of a name: case, accents, hyphens, dots and a possessive do not count.

    >>> variant_key("Kilroy-Silk's") == variant_key("kilroy silk"), variant_key("Zelenskyy")
    (True, 'zelenskyy')
    """
    text = fold(name).replace("&#191;s", "").replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[-./'’,]", " ", text)
    return " ".join(text.split())


def singular(key: str) -> str:
    head, _, last = key.rpartition(" ")
    if len(last) > 4 and last.endswith("ies"):
        last = last[:-3] + "y"
    elif len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return f"{head} {last}".strip()


def first_name(name: str) -> bool:
    """Whether ``name`` starts with a known first name or an initial ("Manchester United" does not)."""
    first = name.split()[0].rstrip(".")
    return len(first) <= 2 and first.isupper() or first_name_gender(first) is not None


def is_acronym(name: str) -> bool:
    return 2 <= len(name) <= 8 and name.isalpha() and sum(ch.isupper() for ch in name) >= max(2, len(name) - 1)


class Corpus:
    """The store as resolution sees it: entities, types, documents and word counts."""

    def __init__(self, store: Store) -> None:
        with store.snapshot():
            self.entities: dict[str, RawEntity] = store.raw_entities()
            self.rules: list[Rule] = store.rules()
            # The texts are read here, not kept in the store's API: only this stage scans them.
            self.texts: list[str] = [row[0] for row in store.conn.execute("SELECT text FROM documents ORDER BY id")]
            # Entities an action was read for: the texts treat them as actors.
            self.actors: set[str] = {eid for row in store.conn.execute(
                "SELECT source, target FROM relations WHERE type != ?", (CO_MENTIONED,)) for eid in row}
        active = [r for r in self.rules if r.active]
        self.types = {eid: vote_type(e.votes, e.name, e.honorific) for eid, e in self.entities.items()}
        self.mapping = merge_map(self.entities, self.types, active)
        self.doc_entities: dict[str, set[str]] = defaultdict(set)
        for eid, ent in self.entities.items():
            for doc in ent.docs:
                self.doc_entities[doc].add(eid)
        self.lower: Counter[str] = Counter()
        self.capital: Counter[str] = Counter()
        for text in self.texts:
            for word in _WORD.findall(text):
                (self.lower if word[0].islower() else self.capital)[word.casefold()] += 1
        self._context: dict[str, Counter[str]] = {}
        self._joined: str | None = None

    def context(self, eid: str) -> Counter[str]:
        """Entities co-mentioned with ``eid`` (in how many of its documents)."""
        if eid not in self._context:
            counts: Counter[str] = Counter()
            for doc in self.entities[eid].docs:
                counts.update(self.doc_entities[doc])
            counts.pop(eid, None)
            self._context[eid] = counts
        return self._context[eid]

    def similarity(self, a: str, b: str) -> float:
        """Share of ``a``'s context (weighted by rarity) that ``b``'s context also has."""
        ca, cb = self.context(a), self.context(b)
        total = len(self.doc_entities) + 1
        weight = {n: math.log(total / (1 + len(self.entities[n].docs))) for n in ca if n != b}
        norm = sum(weight.values())
        return sum(w for n, w in weight.items() if n in cb) / norm if norm > 0 else 0.0

    def together(self, a: str, b: str) -> bool:
        return bool(self.entities[a].docs & self.entities[b].docs)

    def common_word(self, word: str) -> bool:
        """Written lower-case more often than capitalised: a verb or noun, not a name.

        A known first name ("Bill") must be written lower-case ten times as often ("Said").
        """
        key = word.casefold()
        ratio = 10 if first_name_gender(word) else 1
        return self.lower[key] >= 2 and self.lower[key] >= ratio * self.capital[key]

    def mid_sentence(self, name: str) -> bool:
        """Whether ``name`` is written after a lower-case word or a comma somewhere: then its
        first word is not a capitalised sentence start fused into it ("in Family Guy")."""
        if self._joined is None:
            self._joined = "\n".join(self.texts)
        text, start = self._joined, 0
        # str.find, not a look-behind regex: this runs for every candidate over all texts.
        while (at := text.find(name, start)) >= 0:
            start = at + 1
            before, after = text[at - 2:at], text[at + len(name):at + len(name) + 1]
            if len(before) == 2 and before[1] == " " and (before[0].islower() or before[0] == ",") \
                    and not after.isalnum():
                return True
        return False

    def mentions(self, eid: str) -> int:
        return self.entities[eid].mentions

    @cached_property
    def usage(self) -> Usage:
        """Which words the corpus writes as verbs, function words and nouns."""
        return Usage(self.texts, self.lower + self.capital)

    @cached_property
    def titles(self) -> frozenset[str]:
        """Titles, case-folded: the shipped honorifics and titles, and the acronyms the corpus
        writes before several people's full names ("MP Ann Lee")."""
        t = titles()
        return frozenset(t.honorifics | t.titles) | title_acronyms(self.usage)

