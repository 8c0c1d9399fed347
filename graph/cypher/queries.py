"""Cypher queries: the named ones shipped in ``graph/data/queries.yaml``, parameters given as
``k=v`` text, and the choice of engine (a Neo4j server, or the embedded one over the store).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import yaml

from graph.cypher.propgraph import CENTRALITIES
from graph.cypher.results import QueryResult
from graph.cypher.statements import ENTITY_LABELS
from graph.errors import QueryError
from graph.model import Graph
from graph.schema import relation_types

__all__ = ["Param", "NamedQuery", "named_queries", "describe", "parse_params", "prepare", "run", "Engine",
           "ENGINES"]

ENGINES = ("neo4j", "embedded")
_TYPES: dict[str, Callable[[str], Any]] = {"string": str, "int": int, "float": float,
                                           "bool": lambda v: _bool(v)}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("true", "yes", "1", "on"):
        return True
    if value in ("false", "no", "0", "off"):
        return False
    raise ValueError(text)


def _choices(spec: Any) -> tuple[str, ...]:
    if spec == "relation_types":
        return tuple(relation_types())
    if spec == "entity_types":
        return ("", *ENTITY_LABELS)
    if spec == "centralities":
        return CENTRALITIES
    return tuple(str(c) for c in spec or ())


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "string"
    help: str = ""
    default: Any = None  # None: required
    choices: tuple[str, ...] = ()

    def coerce(self, raw: str, query: str) -> Any:
        try:
            value = _TYPES[self.type](raw)
        except ValueError:
            raise QueryError(f"@{query}: {self.name}={raw!r} is not a {self.type}.") from None
        if self.choices and value not in self.choices:
            matches = [c for c in self.choices if c.casefold() == str(value).casefold()]
            if not matches:
                shown = ", ".join(c or "''" for c in self.choices)
                raise QueryError(f"@{query}: {self.name} must be one of {shown}; got {raw!r}.")
            value = matches[0]
        return value


@dataclass(frozen=True)
class NamedQuery:
    """A documented query with typed parameters and, where dialects differ, one text per engine."""

    name: str
    description: str
    params: tuple[Param, ...]
    cypher: str
    engines: dict[str, str] = field(default_factory=dict)

    def text(self, engine: str) -> str:
        return (self.engines.get(engine) or self.cypher).strip()

    def bind(self, raw: Mapping[str, str]) -> dict[str, Any]:
        """Typed parameter values from ``raw`` text, with defaults; unknown or missing ones fail."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(raw) - set(known))
        if unknown:
            raise QueryError(f"@{self.name} takes no parameter {unknown[0]!r}; it takes "
                             f"{', '.join(known) or 'none'}.")
        values = {}
        for p in self.params:
            if p.name in raw:
                values[p.name] = p.coerce(raw[p.name], self.name)
            elif p.default is None:
                raise QueryError(f"@{self.name} needs --param {p.name}=... ({p.help}).")
            else:
                values[p.name] = p.default
        return values

    def usage(self) -> str:
        """``@name name=... [limit=50]``: required parameters bare, optional ones in brackets."""
        parts = [f"{p.name}=..." if p.default is None else f"[{p.name}={p.default}]" for p in self.params]
        return " ".join([f"@{self.name}", *parts])


@lru_cache(maxsize=1)
def named_queries() -> dict[str, NamedQuery]:
    """The named queries shipped in ``graph/data/queries.yaml``."""
    data = yaml.safe_load(resources.files("graph").joinpath("data/queries.yaml").read_text("utf-8"))
    out = {}
    for name, spec in data.items():
        params = tuple(Param(pname, p.get("type", "string"), p.get("help", ""), p.get("default"),
                             _choices(p.get("choices"))) for pname, p in (spec.get("params") or {}).items())
        engines = {e: spec[e] for e in ENGINES if spec.get(e)}
        out[name] = NamedQuery(name, spec["description"], params, spec.get("cypher") or "", engines)
    return out


def describe() -> str:
    """The named queries, their parameters and what they return, for ``query --list``."""
    blocks = []
    for q in named_queries().values():
        lines = [q.usage(), f"    {q.description}"]
        for p in q.params:
            choices = f" ({', '.join(c for c in p.choices if c)})" if p.choices else ""
            lines.append(f"    {p.name}: {p.help}{choices}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def parse_params(pairs: Sequence[str]) -> dict[str, str]:
    """``["k=v", ...]`` -> ``{"k": "v"}`` (values stay text until bound).

    >>> parse_params(["name=Vladimir Putin", "limit=5"])
    {'name': 'Vladimir Putin', 'limit': '5'}
    """
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not _NAME.match(key):
            raise QueryError(f"--param {pair!r} is not NAME=VALUE.")
        out[key] = value
    return out


def _guess(value: str) -> Any:
    """Ad-hoc parameter values: JSON when they parse (5, 1.5, true, ["a"]), else text."""
    try:
        return json.loads(value)
    except ValueError:
        return value


@dataclass(frozen=True)
class Prepared:
    name: str | None
    texts: dict[str, str]
    params: dict[str, Any]

    def text(self, engine: str) -> str:
        return self.texts[engine]


def prepare(query: str, pairs: Sequence[str] = ()) -> Prepared:
    """The text for each engine and the typed parameters of ``query``: Cypher, or ``@name``."""
    raw = parse_params(pairs)
    if query.startswith("@"):
        name = query[1:].strip()
        queries = named_queries()
        if name not in queries:
            import difflib

            close = difflib.get_close_matches(name, list(queries), n=3)
            hint = f" Did you mean: {', '.join('@' + c for c in close)}?" if close else ""
            raise QueryError(f"No named query {query!r}.{hint} Hint: `newsgraph query --list` shows them.")
        named = queries[name]
        return Prepared(name, {e: named.text(e) for e in ENGINES}, named.bind(raw))
    if not query.strip():
        raise QueryError("The query is empty.")
    return Prepared(None, dict.fromkeys(ENGINES, query), {k: _guess(v) for k, v in raw.items()})


class Engine(Protocol):
    engine: str

    def query(self, text: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> QueryResult:
        ...

    def subgraph(self, text: str, params: Mapping[str, Any] | None = None) -> Graph:
        ...

    def close(self) -> None:
        ...


def run(engine: Engine, query: str, pairs: Sequence[str] = (), *, write: bool = False) -> QueryResult:
    """Run ``query`` (Cypher or ``@name``) with ``k=v`` ``pairs`` on ``engine``."""
    prepared = prepare(query, pairs)
    return engine.query(prepared.text(engine.engine), prepared.params, write=write)
