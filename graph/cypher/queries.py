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

__all__ = ["Param", "NamedQuery", "named_queries", "describe", "parse_params", "prepare", "run", "empty_note",
           "Engine",
           "ENGINES", "tokens", "read_only", "READ_CLAUSES", "FORBIDDEN", "READ_PROCEDURES"]

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
            kind = {"int": "an integer", "float": "a number", "bool": "true or false"}.get(self.type, "a string")
            raise QueryError(f"@{query}: {self.name}={raw!r} is not {kind}.") from None
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
    empty: str = ""  # why a query can come back empty, printed as a note when it does

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
        out[name] = NamedQuery(name, spec["description"], params, spec.get("cypher") or "", engines,
                               " ".join(str(spec.get("empty") or "").split()))
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


# -- read-only queries ---------------------------------------------------------------------------

# A line comment ends at any line break, so that the check never reads less code than an
# engine might.
_TOKEN = re.compile(r"""
    (?P<string>'(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?)
  | (?P<quoted>`(?:[^`]|``)*`?)
  | (?P<comment>//[^\n\r\x0b\x0c\x85\u2028\u2029]*|/\*.*?(?:\*/|\Z))
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<space>\s+)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


def tokens(text: str) -> list[tuple[str, str]]:
    """``(kind, text)`` tokens of Cypher: string, quoted (a backtick name), comment, word,
    space or other (one character). Joined back they give ``text``.

    >>> [t for t in tokens("RETURN 'a;b' // x") if t[0] != "space"]
    [('word', 'RETURN'), ('string', "'a;b'"), ('comment', '// x')]
    """
    return [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(text)]


#: What a read-only query may start with.
READ_CLAUSES = frozenset({"MATCH", "OPTIONAL", "WITH", "UNWIND", "RETURN", "CALL"})
#: Clause and statement keywords of Neo4j's Cypher and LadybugDB's that write, reach files,
#: extensions, the network, settings or transactions: rejected wherever they stand as a word.
FORBIDDEN = frozenset({
    "LOAD", "COPY", "INSTALL", "UNINSTALL", "UPDATE", "ATTACH", "DETACH", "USE", "EXPORT", "IMPORT",
    "CHECKPOINT", "BEGIN", "COMMIT", "ROLLBACK", "TRANSACTION", "TRANSACTIONS", "CREATE", "MERGE", "SET",
    "DELETE", "REMOVE", "DROP", "ALTER", "RENAME", "FOREACH", "EXPLAIN", "PROFILE", "MACRO", "SHOW",
    "GRANT", "DENY", "REVOKE", "TERMINATE", "ENABLE", "DEALLOCATE", "REALLOCATE", "PERIODIC",
})
#: The procedures (table functions) a read-only query may CALL, per engine: catalog look-ups only.
#: Neo4j's read-only SHOW commands allowed without --write: ``SHOW [ALL|UNIQUE|...] CONSTRAINTS``,
#: ``SHOW INDEXES``, ``SHOW FUNCTIONS``, ``SHOW PROCEDURES`` (with YIELD/WHERE/RETURN).
SHOW_LISTINGS = frozenset({"CONSTRAINT", "CONSTRAINTS", "INDEX", "INDEXES", "FUNCTION", "FUNCTIONS",
                           "PROCEDURE", "PROCEDURES"})
READ_PROCEDURES = {
    "neo4j": frozenset({"db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.visualization",
                        "db.schema.nodetypeproperties", "db.schema.reltypeproperties"}),
    "embedded": frozenset({"show_tables", "table_info"}),
}
#: Namespaces whose functions reach files, the network or the server's configuration.
_FORBIDDEN_NAMESPACES = frozenset({"apoc", "dbms", "gds"})


def _refuse(engine: str, what: str, note: str = "") -> QueryError:
    note = f" ({note})" if note else ""
    if engine == "embedded":
        return QueryError(f"The embedded engine is a read-only view of the store: {what} is not allowed{note}. "
                          f"Hint: it runs reading queries (MATCH, WITH, UNWIND, RETURN); change the graph "
                          f"with `newsgraph merge`/`rename`, or push to Neo4j and use --write there.")
    return QueryError(f"This query writes or reaches outside the graph, and queries are read-only by default: "
                      f"{what} is not allowed{note}. Hint: add --write to allow writes.")


_CLOSED = {
    "string": re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""", re.DOTALL),
    "quoted": re.compile(r"`(?:[^`]|``)+`", re.DOTALL),
    "comment": re.compile(r"//[^\n]*|/\*.*\*/", re.DOTALL),
}


def _unterminated(kind: str, value: str) -> bool:
    """Whether a string, backtick name or comment token ran to the end of the text unclosed."""
    closed = _CLOSED.get(kind)
    return closed is not None and closed.fullmatch(value) is None


def _keyword(significant: list[tuple[str, str]], i: int) -> str:
    """The keyword at ``i`` upper-cased, with the next word for two-word statements (LOAD FROM,
    LOAD CSV, BEGIN TRANSACTION ...)."""
    word = significant[i][1].upper()
    nxt = significant[i + 1] if i + 1 < len(significant) else ("space", "")
    if word in ("LOAD", "BEGIN", "DETACH", "CREATE", "DROP", "ALTER", "EXPORT", "IMPORT") and nxt[0] == "word":
        return f"{word} {nxt[1].upper()}"
    return word


def _dotted_name(toks: list[tuple[str, str]], i: int) -> tuple[str, int]:
    """The ``a.b.c`` procedure name starting at significant token ``i`` (words or backtick
    names), lower-cased, and the index past it."""
    parts: list[str] = []
    while i < len(toks):
        kind, value = toks[i]
        if kind == "word":
            parts.append(value)
        elif kind == "quoted":
            parts.append(value[1:-1].replace("``", "`"))
        else:
            break
        i += 1
        if i < len(toks) and toks[i] == ("other", ".") and i + 1 < len(toks) and toks[i + 1][0] in ("word", "quoted"):
            i += 1
            continue
        break
    return ".".join(parts).lower(), i


def read_only(text: str, engine: str) -> str:
    """Check that ``text`` is one reading query, and return it without its comments.

    An allow-list on the tokens (strings, backtick names and comments never count): the
    query starts with a reading clause (:data:`READ_CLAUSES`), holds no :data:`FORBIDDEN`
    keyword anywhere, CALLs only :data:`READ_PROCEDURES` of ``engine``, uses no ``apoc.``,
    ``dbms.`` or ``gds.`` names and is one statement (a trailing ``;`` is fine). Comments are
    dropped so that the engine cannot read more code in them than this check did.

    >>> read_only("MATCH (n) /* COPY */ RETURN 'COPY' AS x", "embedded")
    "MATCH (n)   RETURN 'COPY' AS x"

    Raises:
        QueryError: naming the first thing that is not allowed.
    """
    all_tokens = tokens(text)
    for kind, value in all_tokens:
        if _unterminated(kind, value):
            what = {"string": "string", "quoted": "backtick name", "comment": "/* comment"}[kind]
            raise QueryError(f"Cypher syntax error: an unterminated {what} ({value[:20]!r}...). "
                             f"Hint: check the query's quotes.")
    significant = [(k, v) for k, v in all_tokens if k not in ("space", "comment")]
    if not significant:
        raise QueryError("The query is empty.")
    first = significant[0]
    if engine == "neo4j" and first[0] == "word" and first[1].upper() == "SHOW":
        listing = [v.upper() for k, v in significant[1:4] if k == "word"]
        if not any(w in SHOW_LISTINGS for w in listing):
            raise _refuse(engine, "SHOW " + " ".join(listing[:2]), "it may SHOW constraints, indexes, functions "
                          "or procedures")
        significant = significant[1:]  # the listing's own words are not clauses; the rest is checked
        while significant and significant[0][0] == "word" and significant[0][1].upper() not in ("YIELD", "WHERE",
                                                                                              "RETURN"):
            significant = significant[1:]
        if not significant:
            return "".join(" " if kind == "comment" else value for kind, value in all_tokens)
    elif first[0] != "word" or first[1].upper() not in READ_CLAUSES:
        raise _refuse(engine, _keyword(significant, 0) if first[0] == "word" else repr(first[1][:20]),
                      "a query starts with MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN or CALL")
    procedures = READ_PROCEDURES.get(engine, frozenset())
    for i, (kind, value) in enumerate(significant):
        if kind == "other" and value == ";" and i != len(significant) - 1:
            raise _refuse(engine, "several statements (;)")
        if kind != "word":
            continue
        prev = significant[i - 1] if i else ("space", "")
        if prev[0] == "other" and prev[1] in (".", "$"):  # a property or a parameter, not a keyword
            continue
        word = value.upper()
        if word in FORBIDDEN:
            raise _refuse(engine, _keyword(significant, i))
        if value.lower() in _FORBIDDEN_NAMESPACES and i + 1 < len(significant) \
                and significant[i + 1] == ("other", "."):
            raise _refuse(engine, f"{value.lower()}.* (procedures and functions)")
        if word == "CALL":
            nxt = significant[i + 1] if i + 1 < len(significant) else ("other", "")
            if nxt == ("other", "{") and engine == "neo4j":  # a subquery: its clauses are checked too
                continue
            name, end = _dotted_name(significant, i + 1)
            after = significant[end] if end < len(significant) else ("other", "")
            if not name:
                raise _refuse(engine, "CALL " + repr(nxt[1][:20]))
            if after != ("other", "("):
                raise _refuse(engine, f"CALL {name}{after[1][:1]}... (a setting)" if after[1] == "=" else f"CALL {name}")
            if name not in procedures:
                raise _refuse(engine, f"CALL {name}()", f"it may CALL {', '.join(sorted(procedures)) or 'nothing'}")
    return "".join(" " if kind == "comment" else value for kind, value in all_tokens)


class Engine(Protocol):
    engine: str

    def query(self, text: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> QueryResult:
        ...

    def subgraph(self, text: str, params: Mapping[str, Any] | None = None) -> Graph:
        ...

    def close(self) -> None:
        ...


def empty_note(query: str, result: QueryResult) -> str | None:
    """Why a named query returned no rows, when its definition says (``empty:`` in
    ``queries.yaml``); None when there are rows or nothing to say."""
    if result.rows or not query.startswith("@"):
        return None
    named = named_queries().get(query[1:].strip())
    return named.empty or None if named else None


def run(engine: Engine, query: str, pairs: Sequence[str] = (), *, write: bool = False) -> QueryResult:
    """Run ``query`` (Cypher or ``@name``) with ``k=v`` ``pairs`` on ``engine``."""
    prepared = prepare(query, pairs)
    return engine.query(prepared.text(engine.engine), prepared.params, write=write)
