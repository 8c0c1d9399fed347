"""Word lists shipped as package data: honorifics, titles, person nouns, page furniture."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["Coref", "Titles", "coref", "first_name_gender", "gender_detector", "titles", "boilerplate", "sections", "words"]


def _load(name: str) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(resources.files("graph").joinpath(f"data/{name}").read_text("utf-8"))


@dataclass(frozen=True)
class Titles:
    honorifics: frozenset[str]
    titles: frozenset[str]
    phrases: frozenset[str]
    person_nouns: frozenset[str]
    postnominals: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def titles() -> Titles:
    """The honorific and title vocabulary shipped in ``graph/data/titles.yaml``."""
    data = _load("titles.yaml")
    return Titles(frozenset(data["honorifics"]), frozenset(data["titles"]), frozenset(data["phrases"]),
                  frozenset(data["person_nouns"]), frozenset(data.get("postnominals") or ()))


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


@dataclass(frozen=True)
class Coref:
    """The coreference vocabulary of ``graph/data/coref.yaml``."""

    pronouns: dict[str, frozenset[str]]  # male, female, neuter, plural -> pronoun forms
    pleonastic_verbs: frozenset[str]
    organisation_heads: frozenset[str]
    organisation_kinds: frozenset[str]
    pair_heads: frozenset[str]
    pair_words: frozenset[str]
    pair_nouns: frozenset[str]
    country_heads: frozenset[str]
    country_blockers: frozenset[str]
    country_agents: frozenset[str]
    speaker_pronouns: frozenset[str]
    private_nouns: frozenset[str]
    role_blockers: frozenset[str]
    role_nouns: frozenset[str]
    document_nouns: frozenset[str]
    document_makers: frozenset[str]
    proxy_nouns: frozenset[str]
    gender_words: dict[str, frozenset[str]]  # male, female -> honorifics and roles
    subtype_heads: dict[str, frozenset[str]] = field(default_factory=dict)  # party -> heads
    name_heads: dict[str, frozenset[str]] = field(default_factory=dict)  # "paper" -> name endings
    head_groups: tuple[frozenset[str], ...] = ()  # heads naming one kind of body
    bare_heads: frozenset[str] = frozenset()  # heads naming a body with no article ("Police said")
    governing_heads: frozenset[str] = frozenset()  # heads naming a national government itself
    lone_heads: frozenset[str] = frozenset()  # heads that may stand for the only body in reach
    recipient_passives: frozenset[str] = frozenset()  # "it was told that": "it" is who was told
    # verbs whose subject speaks a quote: words.yaml's verbs of saying and the attribution verbs
    speech_verbs: frozenset[str] = frozenset()

    def same_kind(self, head: str) -> frozenset[str]:
        """The heads naming the kind ``head`` names ("watchdog": regulator, watchdog)."""
        return next((g for g in self.head_groups if head in g), frozenset((head,)))

    def pronoun_class(self, form: str) -> str | None:
        """"male", "female", "neuter" or "plural" for a personal pronoun, else None."""
        form = form.casefold()
        return next((k for k, forms in self.pronouns.items() if form in forms), None)


@lru_cache(maxsize=1)
def coref() -> Coref:
    """The pronoun features and description heads shipped in ``graph/data/coref.yaml``.

    >>> coref().pronoun_class("Their"), "party" in coref().organisation_heads
    ('plural', True)
    """
    data = _load("coref.yaml")
    sets = {key: frozenset(str(w).casefold() for w in value) for key, value in data.items()
            if isinstance(value, list) and key != "head_groups"}
    return Coref(pronouns={k: frozenset(v) for k, v in data["pronouns"].items()},
                 gender_words={k: frozenset(v) for k, v in data["gender_words"].items()},
                 subtype_heads={k: frozenset(str(w).casefold() for w in v)
                                for k, v in (data.get("subtype_heads") or {}).items()},
                 name_heads={k: frozenset(str(w).casefold() for w in v)
                             for k, v in (data.get("name_heads") or {}).items()},
                 head_groups=tuple(frozenset(str(w).casefold() for w in g) for g in data.get("head_groups") or ()),
                 speech_verbs=words("speech.say") | frozenset(
                     str(w).casefold() for w in (data.get("quotes") or {}).get("attribution", ())),
                 **sets)


@lru_cache(maxsize=1)
def gender_detector():  # type: ignore[no-untyped-def]
    """The gender-guesser detector (case-insensitive), loaded once per process: loading its
    name list takes about half a second, so only when a pronoun needs it."""
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


_GENDERS = {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}


@lru_cache(maxsize=4096)
def first_name_gender(name: str) -> str | None:
    """"male" or "female" as the first-name list of the gender-guesser package tells it;
    None for names it does not know or gives to both.

    >>> first_name_gender("Angela"), first_name_gender("Xi")
    ('female', None)
    """
    return _GENDERS.get(gender_detector().get_gender(name))
