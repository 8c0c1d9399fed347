"""Entity types, from ``graph/data/entities.yaml``: the NER labels each comes from, its colour,
and the vote that decides an entity's type from its mentions."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml

from graph.gazetteer.countries import country_named, national_bodies
from graph.gazetteer.places import is_major_place, is_place

__all__ = ["ENTITY_TYPES", "TYPE_PRIORITY", "entity_colors", "vote_type"]


@lru_cache(maxsize=1)
def _types() -> tuple[dict[str, str], dict[str, str]]:
    data = yaml.safe_load(resources.files("graph").joinpath("data/entities.yaml").read_text("utf-8"))
    labels = {label: t["name"] for t in data["types"] for label in t["labels"]}
    colors = {t["name"]: t["color"] for t in data["types"]}
    return labels, colors


#: spaCy NER label -> newsgraph entity type. Labels not listed are ignored.
ENTITY_TYPES: dict[str, str] = _types()[0]
#: Tie-break order when a name's mentions carry as many votes for two types.
TYPE_PRIORITY: tuple[str, ...] = tuple(_types()[1])


def entity_colors() -> dict[str, str]:
    """Entity type -> its colour on the page, in :data:`TYPE_PRIORITY` order."""
    return dict(_types()[1])


def _acronym(name: str) -> bool:
    """"BT", "ICI": a short all-capital name, read as a place or a body alike by the model."""
    return name.isalpha() and name.isupper() and len(name) <= 4


def vote_type(votes: Counter[str], name: str, honorific: bool = False) -> str:
    """The majority type of an entity's mentions, corrected by the place gazetteer.

    >>> vote_type(Counter({"Person": 2, "Place": 1}), "Kyiv")
    'Place'
    >>> vote_type(Counter({"Organization": 1, "Person": 1}), "Donald Trump")
    'Person'
    >>> vote_type(Counter({"Place": 7, "Organization": 6}), "BT")
    'Organization'
    """
    if not votes:
        return "Organization"
    best = max(votes.values())
    type_ = next((t for t in TYPE_PRIORITY if votes.get(t) == best), max(votes, key=votes.__getitem__))
    if type_ == "Person" and not honorific and len(name.split()) == 1 and is_place(name):
        return "Place"  # "Kyiv" read as a person
    if type_ == "Organization" and is_major_place(name):
        return "Place"  # "Ukraine" read as an organisation; but "Leeds" 2 "Chelsea" 1 are teams
    if type_ == "Place" and votes.get("Organization", 0) * 2 >= best and _acronym(name) and not is_place(name) \
            and not (country_named(name) and (len(name) > 2 or name.casefold() in national_bodies())):
        return "Organization"  # "BT" read 7 times as a place and 6 as a firm: no place is called so
    return type_
