"""Organisation subtypes as data: media and party head words, media cues, party alternative
names and the words that build bodies' names (``graph/data/organisations.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["Organisations", "organisations", "name_subtype"]


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
