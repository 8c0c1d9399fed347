"""The analysis cache: the curated graph with its per-node centralities and communities, saved
in the store's SQLite file for one store state (documents, curation rules) and one analysis
code version.

The tables belong to this module and are created on the first write, so stores made before
it need no migration; a cache that is absent, stale or unreadable is simply a miss, and the
caller computes. The graph is kept as compressed JSON (never pickle: a store file may come
from someone else, and reading it must not run code).
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import json
import logging
import sqlite3
import zlib
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from graph.model import Edge, Evidence, Graph, Node
from graph.store.sqlite import Store

__all__ = ["TABLES", "clear", "code_digest", "decode_graph", "encode_graph", "gc_paused", "read", "state_key", "write"]

log = logging.getLogger(__name__)

#: Table -> (its columns, its definition).
_TABLES = {
    "analysis_meta": ("key, value", "(key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
    "analysis_nodes": ("node_id, community, metrics",
                       "(node_id TEXT PRIMARY KEY, community INTEGER, metrics TEXT NOT NULL) WITHOUT ROWID"),
    "analysis_graph": ("part, data", "(part TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID"),
}
TABLES = tuple(_TABLES)
# Milliseconds a cache write waits for another process's write lock (an ingest): the command
# has its answer already, so it does not wait long to save it.
WRITE_TIMEOUT_MS = 2000

_NODE = [f.name for f in dataclasses.fields(Node)]
_EDGE = [f.name for f in dataclasses.fields(Edge)]
_EVIDENCE = [f.name for f in dataclasses.fields(Evidence)]
# The records' shapes are part of the key: a changed model never decodes an old graph.
_FORMAT = ("graph-json-2", _NODE, _EDGE, _EVIDENCE)


def _tuple_fields(cls: type) -> list[int]:
    """Positions of the fields that hold tuples (JSON gives arrays back)."""
    return [i for i, f in enumerate(dataclasses.fields(cls)) if str(f.type).startswith("tuple")]


#: What the saved graph and its analysis are computed by: the store (curation, type votes),
#: the records, the vocabularies and their data, the analysis. Paths inside ``graph/``.
_CODE = ("store", "schema", "gazetteer", "data", "model.py", "errors.py", "settings.py",
         "analysis/centrality.py", "analysis/backend.py")


@functools.cache
def code_digest() -> str:
    """A digest of the code and vocabularies the saved graph depends on (:data:`_CODE`).

    Another version of them, even an unreleased edit, must not reuse a graph the old one
    read from the tables. A few hundred kB, read once per process.
    """
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in _CODE:
        path = root / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.suffix in {".py", ".yaml", ".txt", ".json"} and f.is_file():
                digest.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def state_key(store: Store, version: str) -> str:
    """A digest of ``store``'s state (:meth:`Store.state`), the analysis ``version``, the
    saved graph's format and the code (:func:`code_digest`)."""
    return hashlib.sha256(repr((store.state(), version, _FORMAT, code_digest())).encode()).hexdigest()


# -- the graph as JSON ------------------------------------------------------------------------------

def encode_graph(graph: Graph) -> bytes | None:
    """``graph`` as compressed JSON; None when something in it (its meta) is not plain JSON.

    Evidence sentences are stored once each: co-mentions and actions share them.
    """
    with gc_paused():
        return _encode(graph)


def _encode(graph: Graph) -> bytes | None:
    sentences: dict[str, int] = {}
    at = _EVIDENCE.index("sentence")

    def evidence(ev: Evidence) -> list[Any]:
        row = [getattr(ev, f) for f in _EVIDENCE]
        row[at] = sentences.setdefault(ev.sentence, len(sentences))
        return row

    nodes = [[getattr(n, f) for f in _NODE] for n in graph.nodes]  # json writes tuples as arrays
    edges = [[[evidence(ev) for ev in e.evidence] if f == "evidence" else getattr(e, f) for f in _EDGE]
             for e in graph.edges]
    try:
        meta = json.dumps(graph.meta)
        if json.loads(meta) != graph.meta:  # tuples, non-string keys: would not come back the same
            return None
        data = {"nodes": nodes, "edges": edges, "sentences": list(sentences), "meta": json.loads(meta)}
        text = json.dumps(data, separators=(",", ":"))
    except (TypeError, ValueError):  # a value JSON has no type for
        return None
    return zlib.compress(text.encode(), 1)


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: reading a graph makes ~100,000 acyclic objects, and
    the collector would walk them again and again for nothing (40% of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _maker(cls: type) -> Callable[[list[Any]], Any]:
    """A constructor from a complete row of field values.

    Tens of thousands of frozen records are rebuilt per read, and a frozen dataclass's
    ``__init__`` sets each field through ``object.__setattr__``: filling ``__dict__`` at
    once, as pickle does, halves the time. Records with slots or a ``__post_init__`` get
    their constructor.
    """
    names = [f.name for f in dataclasses.fields(cls)]
    if hasattr(cls, "__slots__") or hasattr(cls, "__post_init__"):
        return lambda row: cls(*row)
    new = object.__new__

    def make(row: list[Any]) -> Any:
        obj = new(cls)
        obj.__dict__.update(zip(names, row))
        return obj

    return make


def _check_width(row: list[Any], width: int) -> None:
    if not isinstance(row, list) or len(row) != width:
        raise ValueError(f"a record of {width} fields expected, got {row!r:.80}")


def decode_graph(blob: bytes, *, metrics: Collection[str] | None = None) -> Graph:
    """The graph :func:`encode_graph` wrote, its nodes keeping only ``metrics`` (all by default).

    Raises ValueError, TypeError, KeyError or IndexError when the data is malformed.
    """
    with gc_paused():
        return _decode(blob, metrics)


def _decode(blob: bytes, metrics: Collection[str] | None) -> Graph:
    data = json.loads(zlib.decompress(blob))
    sentences = data["sentences"]
    at, ev_at, m_at = _EVIDENCE.index("sentence"), _EDGE.index("evidence"), _NODE.index("metrics")
    node_tuples, edge_tuples, ev_tuples = _tuple_fields(Node), _tuple_fields(Edge), _tuple_fields(Evidence)
    keep = None if metrics is None else set(metrics)
    node, edge, make_evidence = _maker(Node), _maker(Edge), _maker(Evidence)
    nodes = []
    for row in data["nodes"]:
        _check_width(row, len(_NODE))
        for i in node_tuples:
            row[i] = tuple(row[i])
        if keep is not None:
            row[m_at] = {k: v for k, v in row[m_at].items() if k in keep}
        nodes.append(node(row))
    edges = []
    for row in data["edges"]:
        _check_width(row, len(_EDGE))
        evidence = []
        for ev in row[ev_at]:
            _check_width(ev, len(_EVIDENCE))
            ev[at] = sentences[ev[at]]
            for i in ev_tuples:
                ev[i] = tuple(ev[i])
            evidence.append(make_evidence(ev))
        for i in edge_tuples:
            row[i] = tuple(row[i])
        row[ev_at] = tuple(evidence)
        edges.append(edge(row))
    return Graph(tuple(nodes), tuple(edges), data["meta"])


# -- reading and writing ----------------------------------------------------------------------------

def read(store: Store, key: str, *, metrics: Collection[str] | None = None) -> Graph | None:
    """The analysed graph saved under ``key`` (nodes keeping only ``metrics``), or None when
    absent, stale or unreadable.

    One read transaction (joining the caller's :meth:`Store.snapshot` when there is one), so
    the key and the graph are those of one write however another process writes meanwhile.
    """
    q = store.conn.execute
    try:
        with store.snapshot():
            if not set(TABLES) <= {r[0] for r in q("SELECT name FROM sqlite_master WHERE type = 'table'")}:
                return None
            row = q("SELECT value FROM analysis_meta WHERE key = 'state'").fetchone()
            if row is None or row[0] != key:
                return None
            blob = q("SELECT data FROM analysis_graph WHERE part = 'graph'").fetchone()
        return decode_graph(blob[0], metrics=metrics) if blob else None
    except (sqlite3.DatabaseError, zlib.error, ValueError, TypeError, KeyError, IndexError,
            AttributeError) as exc:
        log.warning("ignoring the analysis cache of %s: %s", store.path, exc)
        return None


def write(store: Store, key: str, graph: Graph) -> bool:
    """Save the analysed ``graph`` for state ``key``, in one write transaction: as one document
    that :func:`read` gives back, and each node's metrics and community as rows of the table
    ``analysis_nodes`` for SQL (``SELECT node_id, json_extract(metrics, '$.pagerank') ...``).

    Returns False (and logs) when it cannot: a graph :func:`encode_graph` refuses, a read-only
    file, or a writer holding the lock longer than :data:`WRITE_TIMEOUT_MS`. Readers see the
    old cache or the new one, never a mix.
    """
    c = store.conn
    blob = encode_graph(graph)
    if c.in_transaction or blob is None:  # inside a caller's snapshot a write would fail
        log.debug("not saving the analysis of %s", store.path)
        return False
    timeout = c.execute("PRAGMA busy_timeout").fetchone()[0]
    c.execute(f"PRAGMA busy_timeout = {min(int(timeout), WRITE_TIMEOUT_MS)}")
    try:
        c.execute("BEGIN IMMEDIATE")
        try:
            _replace(c, key, graph, blob)
        except BaseException:
            c.execute("ROLLBACK")
            raise
        c.execute("COMMIT")
        return True
    except sqlite3.DatabaseError as exc:
        log.warning("could not save the analysis in %s: %s", store.path, exc)
        return False
    finally:
        c.execute(f"PRAGMA busy_timeout = {int(timeout)}")


def _replace(c: sqlite3.Connection, key: str, graph: Graph, blob: bytes) -> None:
    for table, (columns, definition) in _TABLES.items():
        try:
            c.execute(f"SELECT {columns} FROM {table} LIMIT 0")
        except sqlite3.OperationalError:
            c.execute(f"DROP TABLE IF EXISTS {table}")  # absent, or not the shape we write
        c.execute(f"CREATE TABLE IF NOT EXISTS {table} {definition}")
        c.execute(f"DELETE FROM {table}")
    c.executemany("INSERT INTO analysis_nodes VALUES (?, ?, ?)",
                  ((n.id, n.community, json.dumps(n.metrics, separators=(",", ":"))) for n in graph.nodes))
    c.execute("INSERT INTO analysis_graph VALUES ('graph', ?)", (blob,))
    c.execute("INSERT INTO analysis_meta VALUES ('state', ?)", (key,))


def clear(store: Store) -> None:
    """Drop the cache tables (the next analysis recomputes)."""
    c = store.conn
    c.execute("BEGIN IMMEDIATE")
    try:
        for table in TABLES:
            c.execute(f"DROP TABLE IF EXISTS {table}")
    except BaseException:
        c.execute("ROLLBACK")
        raise
    c.execute("COMMIT")
