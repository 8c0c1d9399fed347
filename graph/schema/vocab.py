"""Word lists shipped as package data: honorifics, titles, person nouns, page furniture."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["Titles", "titles", "boilerplate", "sections", "words"]


def _load(name: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(resources.files("graph").joinpath(f"data/{name}").read_text("utf-8"))


@dataclass(frozen=True)
class Titles:
    honorifics: frozenset[str]
    titles: frozenset[str]
    phrases: frozenset[str]
    person_nouns: frozenset[str]


@lru_cache(maxsize=1)
def titles() -> Titles:
    """The honorific and title vocabulary shipped in ``graph/data/titles.yaml``."""
    data = _load("titles.yaml")
    return Titles(frozenset(data["honorifics"]), frozenset(data["titles"]), frozenset(data["phrases"]),
                  frozenset(data["person_nouns"]))


@lru_cache(maxsize=1)
def boilerplate() -> tuple[re.Pattern[str], frozenset[str]]:
    data = _load("boilerplate.yaml")
    pattern = re.compile("|".join(f"(?:{p})" for p in data["sentences"]), re.I)
    return pattern, frozenset(data["credits"])


@lru_cache(maxsize=1)
def sections() -> frozenset[str]:
    data = _load("boilerplate.yaml")
    return frozenset(data["sections"])



@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    data = _load("words.yaml")
    out = {}
    for section, lists in data.items():
        for key, values in lists.items():
            odd = [w for w in values if not isinstance(w, str)]
            if odd:  # YAML reads a bare on/off/yes/no as a boolean: quote such words
                raise ValueError(f"words.yaml {section}.{key}: not strings: {odd!r}")
            out[f"{section}.{key}"] = frozenset(values)
    return out


def words(name: str) -> frozenset[str]:
    """A word list from ``graph/data/words.yaml`` by ``section.key``.

    >>> "would" in words("modality.modals")
    True
    """
    return _words()[name]
