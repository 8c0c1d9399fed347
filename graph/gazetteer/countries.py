"""Which country a nationality, capital or seat of power stands for ("Russian", "the
Kremlin", "Washington" -> Russia, Russia, United States)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["country_alias", "country_named", "country_names", "country_of", "national_bodies"]


@lru_cache(maxsize=1)
def _table() -> dict[str, str | None]:
    from countryinfo import all_countries

    table: dict[str, str | None] = {}
    # The most populous country first: a demonym or name two share ("Indian": India and the
    # British Indian Ocean Territory, "French": France and Reunion) is the larger one's.
    infos = sorted((c.info() for c in all_countries()), key=lambda i: -(i.get("population") or 0))
    for info in infos:
        name = info.get("name")
        if not name:
            continue
        keys = [name, *(info.get("altSpellings") or [])]
        demonym = info.get("demonym")
        if demonym:
            keys += [demonym, demonym + "s"]
        if info.get("capital"):
            keys.append(info["capital"])
        for key in keys:
            if isinstance(key, str) and len(key) > 1 and key[:1].isupper():
                table.setdefault(key.casefold(), name)
    data = yaml.safe_load(resources.files("graph").joinpath("data/metonyms.yaml").read_text("utf-8"))
    table.update({k.casefold(): v for k, v in data.items()})
    return table


#: Short names of countries that countryinfo lacks (it has "Great Britain" and "UK", not "Britain").
_OTHER_NAMES = {"britain": "United Kingdom", "america": "United States", "holland": "Netherlands"}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    from countryinfo import all_countries

    table: dict[str, str] = {}
    infos = sorted((c.info() for c in all_countries()), key=lambda i: -(i.get("population") or 0))
    for info in infos:
        name = info.get("name")
        for key in (name, *(info.get("altSpellings") or [])) if name else ():
            if isinstance(key, str) and len(key) > 1 and key[:1].isupper():
                table.setdefault(key.casefold(), name)
    return {**table, **_OTHER_NAMES}


def country_alias(name: str) -> str | None:
    """The country ``name`` is another name of: its own name, a short form or a code, not a
    nationality, a capital or a seat of power (those stand for it only where they act).

    >>> country_alias("Britain"), country_alias("UK"), country_alias("Downing Street"), country_alias("French")
    ('United Kingdom', 'United Kingdom', None, None)
    """
    return _aliases().get(name.casefold().removeprefix("the "))


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Case-folded names of countries (not demonyms or capitals)."""
    return frozenset(v.casefold() for v in _table().values() if v)


def country_of(name: str) -> str | None:
    """The country ``name`` stands for, if it is a nationality, capital or metonym.

    >>> country_of("Russian"), country_of("Kremlin"), country_of("US"), country_of("Keir Starmer")
    ('Russia', 'Russia', 'United States', None)
    """
    key = name.casefold().removeprefix("the ")
    return _table().get(key)


def country_named(name: str) -> str | None:
    """The country ``name`` names or stands for: a country's own name, or a nationality,
    capital or metonym (:func:`country_of`).

    >>> country_named("Scotland"), country_named("Russian"), country_named("Blair")
    ('Scotland', 'Russia', None)
    """
    return country_of(name) or (name if name.casefold() in country_names() else None)


@lru_cache(maxsize=1)
def national_bodies() -> dict[str, str]:
    """Folded name -> country, from ``national_bodies`` in ``coref.yaml``: national bodies,
    parties and the short codes news uses for a country ("UK", "US"; "BT" is no code for Bhutan)."""
    data = yaml.safe_load(resources.files("graph").joinpath("data/coref.yaml").read_text("utf-8"))
    return {str(name).casefold(): country for country, names in (data.get("national_bodies") or {}).items()
            for name in names}
