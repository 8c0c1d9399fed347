"""Organisation subtypes as data: media and party head words, media cues, party alternative
names, company and team cues, and the words that build bodies' names
(``graph/data/organisations.yaml``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["SUBTYPES", "Organisations", "cue_subtype", "name_subtype", "organisations", "party_of_adjective"]

#: The organisation subtypes entities may carry.
SUBTYPES = ("company", "media", "party", "team")


@dataclass(frozen=True)
class Organisations:
    media_heads: frozenset[str]
    media_weak_heads: frozenset[str]
    media_cues: tuple[tuple[str, ...], ...]
    media_strong_cues: frozenset[tuple[str, ...]]
    party_heads: frozenset[str]
    party_aliases: dict[str, str]  # casefolded alternative name -> the party's full name
    acronym_skip: frozenset[str]
    body_heads: frozenset[str]
    joiners: frozenset[str]
    place_bodies: frozenset[str] = frozenset()
    company_suffixes: frozenset[str] = frozenset()
    # subtype -> word sequences right before / right after a name that tell that subtype
    cues_before: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    cues_after: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def organisations() -> Organisations:
    """The organisation vocabulary shipped in ``graph/data/organisations.yaml``."""
    data = yaml.safe_load(resources.files("graph").joinpath("data/organisations.yaml").read_text("utf-8"))
    media, party, names = data["media"], data["party"], data["names"]
    return Organisations(
        media_heads=frozenset(media["heads"]),
        media_weak_heads=frozenset(media["weak_heads"]),
        media_cues=tuple(tuple(c) for c in media["cues"]),
        media_strong_cues=frozenset(tuple(c) for c in media["strong_cues"]),
        party_heads=frozenset(party["heads"]),
        party_aliases={k.casefold(): v for k, v in party["aliases"].items()},
        acronym_skip=frozenset(names["acronym_skip"]),
        body_heads=frozenset(names["body_heads"]),
        joiners=frozenset(names["joiners"]),
        place_bodies=frozenset(names["place_bodies"]),
        company_suffixes=frozenset(w.casefold() for w in data["company"]["suffixes"]),
        cues_before={k: tuple(tuple(c) for c in data[k].get("cues_before", ())) for k in ("company", "team")},
        cues_after={k: tuple(tuple(c) for c in data[k].get("cues_after", ())) for k in ("company", "team")},
    )


def name_subtype(name: str) -> str | None:
    """The subtype a name's own words tell: ``party`` or ``media``, else None.

    >>> name_subtype("the Liberal Democrats"), name_subtype("Sky News"), name_subtype("Tories")
    ('party', 'media', 'party')
    >>> name_subtype("the Independent") is None  # an outlet only when the context says so
    True
    """
    vocab = organisations()
    words = name.replace("\u2019", "'").split()
    if not words:
        return None
    if name.casefold().removeprefix("the ") in vocab.party_aliases:
        return "party"
    if len(words) > 1 and any(ch.isdigit() for ch in words[-1]):
        words = words[:-1]  # "Channel 4", "Radio 5"
    last = words[-1].casefold().rstrip(".")
    if last in vocab.party_heads:
        return "party"
    if last in vocab.media_heads and last not in vocab.media_weak_heads:
        return "media"
    return None


@lru_cache(maxsize=1024)
def party_of_adjective(name: str) -> str | None:
    """The party a party's adjective stands for ("Conservative claims", "Republican senators"):
    the adjective with "s" or "Party" is a listed party name or alternative name.

    >>> party_of_adjective("Conservative"), party_of_adjective("Democratic"), party_of_adjective("British")
    ('Conservative Party', 'Democratic Party', None)
    """
    aliases = organisations().party_aliases
    names = {full.casefold(): full for full in aliases.values()}
    key = name.casefold()
    for form in (key + "s", key + " party"):
        found = aliases.get(form) or names.get(form)
        if found:
            return found
    return None


def cue_subtype(name: str, before: Sequence[str], after: Sequence[str]) -> str | None:
    """The subtype a company or club cue around a name tells: ``company`` or ``team``, else None.

    Args:
        name: the organisation's name as written ("Yukos", "Marks and Spencer plc").
        before: the words right before the name, in order (any case).
        after: the words right after it, in order; a possessive "'s" may come first.

    >>> cue_subtype("Vodafone plc", [], []), cue_subtype("Yukos", ["shares", "in"], [])
    ('company', 'company')
    >>> cue_subtype("Yukos", [], ["'s", "chief", "executive"]), cue_subtype("Arsenal", [], ["manager"])
    ('company', 'team')
    >>> cue_subtype("Yukos", ["said"], ["said"]) is None
    True
    """
    vocab = organisations()
    words = name.split()
    if len(words) > 1 and words[-1].casefold().rstrip(".") in vocab.company_suffixes:
        return "company"
    before = [w.casefold() for w in before]
    after = [w.replace("\u2019", "'").casefold() for w in after]
    if after[:1] and after[0].rstrip(".") in vocab.company_suffixes:
        return "company"  # the model left the suffix out of the name
    # A cue written with "'s" needs the possessive; others match with or without it.
    bare = after[1:] if after[:1] == ["'s"] else after
    for subtype in ("company", "team"):  # a company cue is the stronger: "Arsenal shares"
        if any(len(c) <= len(before) and tuple(before[-len(c):]) == c for c in vocab.cues_before.get(subtype, ())):
            return subtype
        if any(tuple(after[:len(c)]) == c or c[0] != "'s" and tuple(bare[:len(c)]) == c
               for c in vocab.cues_after.get(subtype, ())):
            return subtype
    return None
