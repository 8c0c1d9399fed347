"""Entity types, from ``graph/data/entities.yaml``: the NER labels each comes from, its colour,
and the vote that decides an entity's type from its mentions."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from importlib import resources

import yaml

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


def vote_type(votes: Counter[str], name: str, honorific: bool = False) -> str:
    """The majority type of an entity's mentions, corrected by the place gazetteer.

    >>> vote_type(Counter({"Person": 2, "Place": 1}), "Kyiv")
    'Place'
    >>> vote_type(Counter({"Organization": 1, "Person": 1}), "Donald Trump")
    'Person'
    """
    if not votes:
        return "Organization"
    best = max(votes.values())
    type_ = next((t for t in TYPE_PRIORITY if votes.get(t) == best), max(votes, key=votes.__getitem__))
    if type_ == "Person" and not honorific and len(name.split()) == 1 and is_place(name):
        return "Place"  # "Kyiv" read as a person
    if type_ == "Organization" and is_major_place(name):
        return "Place"  # "Ukraine" read as an organisation; but "Leeds" 2 "Chelsea" 1 are teams
    return type_
