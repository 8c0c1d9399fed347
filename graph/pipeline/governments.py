"""Governments standing for their countries: "the government", "ministers", "British officials".

A part of coreference (:mod:`graph.pipeline.coref`): a description of a government finds the
country the document's own evidence votes for: countries, nationalities and seats of power
named in it, and its national bodies and parties (``national_bodies`` in ``coref.yaml``: "the
Commons", "the Tories" tell a British setting); a body the document names as that country's
government ("the Scottish Executive") is preferred to the country itself.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from graph.gazetteer.countries import (
    country_alias,
    country_named,
    country_names,
    country_of,
    national_bodies,
)
from graph.gazetteer.places import is_major_place
from graph.model import Entity
from graph.pipeline.extract import Descriptor
from graph.schema.vocab import coref

__all__ = ["GOVERNMENT_WORDS", "UNNAMED_GOVERNMENT", "country_for", "country_name", "document_country"]


def country_name(entity: Entity) -> str | None:
    """The country a place names ("Britain", "Iraq") or a nationality implies ("French");
    capitals and seats of power stand for their country only where they act ("London")."""
    name = entity.name
    if entity.type == "Group":
        return country_of(name)
    if entity.type != "Place":
        return None
    if name.casefold() in country_names():
        return name
    if is_major_place(name):
        return None  # a capital: the city as often as the country
    return country_of(name)


def _code(name: str) -> bool:
    """"BT", "AOL": a short capitalised name reads as a country code to the gazetteer."""
    return name.isupper() and len(name) <= 3


def _country_vote(entity: Entity) -> str | None:
    """The country a mention of ``entity`` tells the document is about: a country or
    nationality, a seat of power ("Downing Street"), or a national body or party ("the
    Commons", "the Tories", see ``national_bodies``)."""
    bodies = national_bodies()
    for name in (entity.name, *entity.aliases):
        key = name.casefold().removeprefix("the ")
        if key in bodies:
            return bodies[key]
    if _code(entity.name.replace(".", "")):
        return None  # "BT" read as a place is no vote for Bhutan; codes news uses are listed
    if entity.type == "Organization":
        return country_of(entity.name)
    return country_name(entity)


def _document_country(votes: Counter[str]) -> str | None:
    """The country a document is set in, from its own evidence: each mention of a country,
    of a nationality ("British"), of a seat of government ("Downing Street", "Whitehall",
    see ``metonyms.yaml``) or of a national body (:func:`_country_vote`) votes for its
    country; the country with more than half the votes wins. None when the document names
    no country or no country has a majority. ``votes`` from :func:`_country_votes`."""
    if not votes:
        return None
    top, n = votes.most_common(1)[0]
    return top if n * 2 > sum(votes.values()) else None


def _country_votes(entities: Sequence[Entity], weights: Counter[str]) -> Counter[str]:
    votes: Counter[str] = Counter()
    for e in entities:
        country = _country_vote(e)
        if country:
            votes[country] += max(1, weights.get(e.id, 0))
    return votes


def document_country(entities: Sequence[Entity], weights: Counter[str]) -> str | None:
    """The country a document is set in (see :func:`_document_country`); ``weights`` counts
    each entity's mentions."""
    return _document_country(_country_votes(entities, weights))


#: The name of the government a document never places in a country.
UNNAMED_GOVERNMENT = "Government"


#: Armed forces: a bare plural ("troops") is anybody's; "British troops", "the army" are the country's.
_ARMED = frozenset({"forces", "troops", "military", "army", "navy"})

#: Last words of a body named as its country's government ("the Scottish Executive").
GOVERNMENT_WORDS = frozenset({"government", "executive", "administration"})


def _government_of(entity: Entity) -> str | None:
    """The country whose government ``entity`` is named as: "Scottish Executive", "British
    Government", "UK government" (a nationality or country, then a word for a government)."""
    words = entity.name.split()
    if entity.type != "Organization" or len(words) < 2 or words[-1].casefold() not in GOVERNMENT_WORDS:
        return None
    return country_of(" ".join(words[:-1]))


def country_for(descriptor: Descriptor, entities: list[Entity], by_id: dict[str, Entity],
             weights: Counter[str] | None = None) -> list[Entity]:
    """"British officials" -> the United Kingdom; "the government", "ministers" -> the country
    the document is set in (:func:`_document_country`), or, when the document names no country
    at all, a place of its own: the unnamed country's government (:data:`UNNAMED_GOVERNMENT`)."""
    if not descriptor.qualifier and descriptor.head in _ARMED and descriptor.text.casefold() == descriptor.head:
        return []  # "comes into forces", "troops were sent": a country's forces are named with it
    votes = Counter[str]() if descriptor.qualifier else _country_votes(entities, weights or Counter())
    if descriptor.qualifier:
        country = country_named(descriptor.qualifier)
    else:
        country = _document_country(votes)
    if country is None and not descriptor.qualifier and descriptor.head in coref().governing_heads \
            and not votes:
        # "MPs urged the government to ...", with no country, nationality or national body
        # named anywhere: the government acts as the country the text never names
        country = UNNAMED_GOVERNMENT
    if country is None:
        return []
    own = [e for e in entities if _government_of(e) == country]
    if len(own) == 1:
        return own  # "the Scottish Executive ... ministers said", "the British Government ... the government"
    # the country's own names, not a seat of power ("Downing Street" is the prime minister's office)
    places = [e for e in entities if e.type == "Place" and country_name(e) == country
              and country_alias(e.name) == country]
    if places:
        # the country's own name over a short form ("Iraq"; "Britain" over "UK" is a tie: by name)
        return [min(places, key=lambda e: (e.name.casefold() not in country_names(), e.name))]
    known = by_id.get(Entity.make_id(country))
    if known is not None and known.type == "Place":
        return [known]
    entity = Entity(Entity.make_id(country), country, "Place", (country,))
    entities.append(entity)
    by_id[entity.id] = entity
    return [entity]
