"""Who held an office and when: the gazetteer ``graph/data/office_holders.yaml`` ("the prime
minister" of the United Kingdom was Tony Blair from 1997-05-02 to 2007-06-27).

News names an office holder by role alone once it has named them by name ("Tony Blair ... the
prime minister said"), often without ever putting the two together. Coreference reads this
list to join them (:mod:`graph.pipeline.offices`); this module only answers questions about it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["Office", "Term", "holdings", "name_key", "offices", "surnames"]


def name_key(name: str) -> str:
    """A person's name as the list compares it: accents, dots, hyphens and case set aside
    ("Gerhard Schröder", "Kim Jong-il", "George W. Bush" -> "gerhard schroder", "kim jong il",
    "george w bush")."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return " ".join(plain.replace(".", " ").replace("-", " ").casefold().split())


@dataclass(frozen=True)
class Term:
    """One holder's time in an office: ISO days, ``end`` None while in office."""

    name: str
    keys: frozenset[str]
    start: str
    end: str | None

    def covers(self, date: str) -> bool:
        return self.start <= date and (self.end is None or date < self.end)

    def overlaps(self, start: str, end: str | None) -> bool:
        """Whether this term shares a day with [start, end) (open-ended when ``end`` is None)."""
        return (end is None or self.start < end) and (self.end is None or start < self.end)


@dataclass(frozen=True)
class Office:
    """An office: its country (None for an international body), the country a devolved
    office sits in, how a title naming it reads, its holders' terms in order, and whether its
    holder heads the country's government."""

    country: str | None
    within: str | None
    roles: tuple[str, ...]
    terms: tuple[Term, ...]
    leads: bool = False

    def terms_of(self, name: str) -> list[Term]:
        """The terms of the person called ``name`` in this office (none: never held it)."""
        return [t for o, t in holdings(name) if o is self]


def _day(value: Any) -> str | None:
    return None if value is None else str(value)


def _office(raw: dict[str, Any]) -> Office:
    terms = []
    for row in raw["holders"]:
        name, start, end, *rest = row
        spellings = rest[0] if rest else []
        keys = frozenset(name_key(n) for n in (name, *spellings))
        terms.append(Term(name, keys, str(start), _day(end)))
    return Office(raw.get("country"), raw.get("within"), tuple(raw["roles"]), tuple(terms), bool(raw.get("leads")))


@lru_cache(maxsize=1)
def offices() -> tuple[Office, ...]:
    """Every office in the gazetteer."""
    text = resources.files("graph").joinpath("data/office_holders.yaml").read_text("utf-8")
    return tuple(_office(raw) for raw in yaml.safe_load(text)["offices"])


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[tuple[Office, Term], ...]]:
    found: dict[str, list[tuple[Office, Term]]] = {}
    for office in offices():
        for term in office.terms:
            for key in term.keys:
                found.setdefault(key, []).append((office, term))
    return {k: tuple(v) for k, v in found.items()}


@lru_cache(maxsize=8192)
def holdings(name: str) -> tuple[tuple[Office, Term], ...]:
    """Every (office, term) the person called ``name`` held, in the gazetteer's order."""
    return _index().get(name_key(name), ())


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """The last words of every holder's name, case set aside."""
    return frozenset(t.name.split()[-1].casefold() for o in offices() for t in o.terms)
