"""Word lists shipped as package data: honorifics, titles, person nouns, page furniture."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from .model import normalize_text

if TYPE_CHECKING:
    from spacy.tokens import Token

__all__ = ["Titles", "titles", "boilerplate", "sections", "word"]


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


def word(tok: Token) -> str:
    return normalize_text(tok.text).casefold().rstrip(".")
