"""The relation taxonomy: types, CAMEO codes, direction and patterns, from
``graph/data/relations.yaml``. It is the whitelist of relationship types for every output."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["Pattern", "RelationType", "relation_types", "CO_MENTIONED", "QUAD_CLASSES", "INTERACTION_CLASSES"]

CO_MENTIONED = "CO_MENTIONED"
QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                4: "material conflict"}


@dataclass(frozen=True)
class Pattern:
    verbs: frozenset[str]
    object: bool = False
    preps: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    reciprocal: bool = False
    targets: frozenset[str] = frozenset()  # entity types the target must have; any if empty
    agents: frozenset[str] = frozenset()  # prepositions naming a passive's agent besides "by"
    passive: bool = False  # only in the passive voice ("was held by X"; "held X in high regard" is none)


@dataclass(frozen=True)
class RelationType:
    name: str
    label: str
    description: str
    cameo: str | None
    quad: int | None
    symmetric: bool
    color: str
    patterns: tuple[Pattern, ...]
    events: tuple[str, ...] = ()
    interaction_class: str | None = None  # the guideline's class: communicate, meet, ... force


#: The interaction classes of the annotation guideline, in its order.
INTERACTION_CLASSES = ("communicate", "meet", "cooperate", "demand", "criticize", "threaten", "sanction",
                       "force")


@lru_cache(maxsize=1)
def relation_types() -> dict[str, RelationType]:
    """The relation vocabulary, keyed by type name (the whitelist for every output)."""
    text = resources.files("graph").joinpath("data/relations.yaml").read_text("utf-8")
    types = {}
    for name, spec in yaml.safe_load(text).items():
        for p in spec.get("patterns", ()):
            odd = [w for key in ("verbs", "preps", "nouns", "targets", "agents") for w in p.get(key, ())
                   if not isinstance(w, str)]
            if odd:  # YAML reads a bare on/off/yes/no as a boolean: quote such words
                raise ValueError(f"relations.yaml {name}: not strings: {odd!r}")
        patterns = tuple(Pattern(frozenset(p["verbs"]), bool(p.get("object")),
                                 frozenset(p.get("preps", ())), frozenset(p.get("nouns", ())),
                                 bool(p.get("reciprocal")), frozenset(p.get("targets", ())),
                                 frozenset(p.get("agents", ())), bool(p.get("passive")))
                         for p in spec.get("patterns", ()))
        types[name] = RelationType(name, spec["label"], spec["description"], spec.get("cameo"),
                                   spec.get("quad"), bool(spec["symmetric"]), spec["color"], patterns,
                                   tuple(spec.get("events", ())), spec.get("class"))
        if name != CO_MENTIONED and types[name].interaction_class not in INTERACTION_CLASSES:
            raise ValueError(f"relations.yaml {name}: class must be one of {', '.join(INTERACTION_CLASSES)}")
    return types
