"""Which country a nationality, capital or seat of power stands for ("Russian", "the
Kremlin", "Washington" -> Russia, Russia, United States)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["country_of", "country_names"]


@lru_cache(maxsize=1)
def _table() -> dict[str, str | None]:
    from countryinfo import all_countries

    table: dict[str, str | None] = {}
    for country in all_countries():
        info = country.info()
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
