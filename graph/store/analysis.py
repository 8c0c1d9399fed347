"""The analysis cache: the curated graph with its per-node centralities and communities, saved
in the store's SQLite file for one store state (documents, curation rules) and one analysis
code version.

The tables belong to this module and are created on the first write, so stores made before
it need no migration; a cache that is absent, stale or unreadable is simply a miss, and the
caller computes. Records are kept as JSON rows (never pickle: a store file may come from
someone else, and reading it must not run code), one row per node and per edge, so that
`top` reads the nodes alone and `show` one entity's edges through an index.
"""

from __future__ import annotations

import dataclasses
import functools
import gc
import hashlib
import json
import logging
import operator
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.model import Edge, Evidence, Graph, Node
from graph.store.lookup import fold
from graph.store.sqlite import Store

__all__ = ["TABLES", "EdgeRows", "Rows", "clear", "code_digest", "decode_graph", "encode_edges", "encode_graph", "gc_paused", "read",
           "read_edges_of", "read_named", "read_nodes", "read_nodes_by_id", "read_value", "state_key", "write", "write_value"]

log = logging.getLogger(__name__)

#: Table -> (its columns, its definition).
_TABLES = {
    "analysis_meta": ("key, value", "(key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
    "analysis_nodes": ("ix, node_id, community, metrics, data",
                       "(ix INTEGER PRIMARY KEY, node_id TEXT NOT NULL UNIQUE, community INTEGER, "
                       "metrics TEXT NOT NULL, data TEXT NOT NULL)"),
    "analysis_edges": ("ix, source, target, data",
                       "(ix INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, data TEXT NOT NULL)"),
    "analysis_sentences": ("ix, text", "(ix INTEGER PRIMARY KEY, text TEXT NOT NULL)"),
    "analysis_names": ("folded, ix", "(folded TEXT NOT NULL, ix INTEGER NOT NULL)"),
}
_INDEXES = ("CREATE INDEX IF NOT EXISTS analysis_edges_source ON analysis_edges (source)",
            "CREATE INDEX IF NOT EXISTS analysis_edges_target ON analysis_edges (target)",
            "CREATE INDEX IF NOT EXISTS analysis_names_folded ON analysis_names (folded)")
#: Tables of earlier versions of this module, dropped by the next write.
_OLD_TABLES = ("analysis_graph",)
TABLES = tuple(_TABLES)
# Milliseconds a cache write waits for another process's write lock (an ingest): the command
# has its answer already, so it does not wait long to save it.
WRITE_TIMEOUT_MS = 2000

_NODE = [f.name for f in dataclasses.fields(Node)]
_EDGE = [f.name for f in dataclasses.fields(Edge)]
_EVIDENCE = [f.name for f in dataclasses.fields(Evidence)]
# The records' shapes are part of the key: a changed model never decodes an old graph.
_FORMAT = ("graph-rows-3", _NODE, _EDGE, _EVIDENCE)


def _tuple_fields(cls: type) -> list[int]:
    """Positions of the fields that hold tuples (JSON gives arrays back)."""
    return [i for i, f in enumerate(dataclasses.fields(cls)) if str(f.type).startswith("tuple")]


#: What the saved graph and its analysis are computed by: the store (curation, type votes),
#: the records, the vocabularies and their data, the analysis. Paths inside ``graph/``.
_CODE = ("store", "schema", "gazetteer", "data", "model.py", "errors.py", "settings.py",
         "analysis/centrality.py", "analysis/backend.py", "analysis/metrics.py")


#: The kinds of file :func:`code_digest` reads: code, data, and the page's templates.
_SOURCES = {".py", ".yaml", ".txt", ".json", ".html", ".js", ".css"}


@functools.cache
def code_digest(parts: Sequence[str] = _CODE) -> str:
    """A digest of the code and vocabularies the saved graph depends on (``parts``, paths
    inside ``graph/``; :data:`_CODE` by default).

    Another version of them, even an unreleased edit, must not reuse a graph the old one
    read from the tables. A few hundred kB, read once per process.
    """
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in parts:
        path = root / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for f in files:
            if f.suffix in _SOURCES and f.is_file():
                digest.update(str(f.relative_to(root)).encode() + b"\0" + f.read_bytes())
    return digest.hexdigest()


def state_key(store: Store, version: str) -> str:
    """A digest of ``store``'s state (:meth:`Store.state`), the analysis ``version``, the
    saved graph's format and the code (:func:`code_digest`)."""
    return hashlib.sha256(repr((store.state(), version, _FORMAT, code_digest())).encode()).hexdigest()


# -- the graph as rows -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Rows:
    """A graph as the cache tables hold it, each record a JSON array of its fields.

    ``sentences``: the evidence sentences, each once (co-mentions and actions share them);
    an evidence row holds its sentence's position in that list. ``meta``: JSON text.
    ``names``: each node's name and aliases as lookups compare them
    (:func:`graph.store.lookup.fold`), with the node's position.
    """

    nodes: list[tuple[str, int | None, str, str]]  # id, community, metrics, record
    edges: list[tuple[str, str, str]]  # source, target, record
    sentences: list[str]
    meta: str
    names: list[tuple[str, int]] = dataclasses.field(default_factory=list)


@dataclass(frozen=True)
class EdgeRows:
    """The edges of a graph as :class:`Rows` holds them, with their sentences: the part of the
    rows that does not depend on the analysis, so it can be encoded while the analysis runs
    (:func:`encode_edges`)."""

    edges: list[tuple[str, str, str]]
    sentences: list[str]
    count: int  # edges of the graph they were encoded from


def encode_graph(graph: Graph, edges: EdgeRows | None = None) -> Rows | None:
    """``graph`` as the cache's rows; None when something in it (its meta) is not plain JSON.

    ``edges``: :func:`encode_edges` of a graph with the same edges (the graph before its
    analysis), not encoded again.
    """
    with gc_paused():
        return _encode(graph, edges)


def encode_edges(graph: Graph) -> EdgeRows | None:
    """The edge rows of ``graph`` (see :class:`EdgeRows`); None when a value is not plain JSON."""
    with gc_paused():
        return _encode_edges(graph)


#: One encoder for every record: ``json.dumps`` with separators builds a new one per call,
#: a third of the time of 50,000 small records.
_dumps = json.JSONEncoder(separators=(",", ":")).encode


def _encode_edges(graph: Graph) -> EdgeRows | None:
    sentences: dict[str, int] = {}
    at = _EVIDENCE.index("sentence")
    ev_at = _EDGE.index("evidence")
    edge_fields = operator.attrgetter(*_EDGE)
    ev_fields = operator.attrgetter(*_EVIDENCE)
    number = sentences.setdefault

    def record(e: Edge) -> str:
        row = list(edge_fields(e))
        evidence = []
        for ev in e.evidence:
            values = list(ev_fields(ev))
            values[at] = number(ev.sentence, len(sentences))
            evidence.append(values)
        row[ev_at] = evidence
        return _dumps(row)  # json writes tuples as arrays

    try:
        edges = [(e.source, e.target, record(e)) for e in graph.edges]
    except (TypeError, ValueError):  # a value JSON has no type for
        return None
    return EdgeRows(edges, list(sentences), len(graph.edges))


def _encode(graph: Graph, edges: EdgeRows | None) -> Rows | None:
    if edges is None or edges.count != len(graph.edges):
        edges = _encode_edges(graph)
        if edges is None:
            return None
    node_fields = operator.attrgetter(*_NODE)
    try:
        meta = _dumps(graph.meta)
        if json.loads(meta) != graph.meta:  # tuples, non-string keys: would not come back the same
            return None
        nodes = [(n.id, n.community, _dumps(n.metrics), _dumps(node_fields(n))) for n in graph.nodes]
    except (TypeError, ValueError):  # a value JSON has no type for
        return None
    names = [(folded, i) for i, n in enumerate(graph.nodes) for folded in dict.fromkeys(map(fold, (n.name, *n.aliases)))]
    return Rows(nodes, edges.edges, edges.sentences, meta, names)


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


def _array(records: Iterable[str]) -> list[Any]:
    """JSON arrays, one a record, parsed in one call (one per record is twice as slow)."""
    return json.loads("[" + ",".join(records) + "]")


def _nodes(records: Iterable[str], metrics: Collection[str] | None) -> list[Node]:
    tuples, m_at, make = _tuple_fields(Node), _NODE.index("metrics"), _maker(Node)
    keep = None if metrics is None else set(metrics)
    nodes = []
    for row in _array(records):
        _check_width(row, len(_NODE))
        for i in tuples:
            row[i] = tuple(row[i])
        if keep is not None:
            row[m_at] = {k: v for k, v in row[m_at].items() if k in keep}
        nodes.append(make(row))
    return nodes


def _edges(records: Iterable[str], sentence: Callable[[int], str]) -> list[Edge]:
    at, ev_at = _EVIDENCE.index("sentence"), _EDGE.index("evidence")
    edge_tuples, ev_tuples = _tuple_fields(Edge), _tuple_fields(Evidence)
    edge, make_evidence = _maker(Edge), _maker(Evidence)
    edges = []
    for row in _array(records):
        _check_width(row, len(_EDGE))
        evidence = []
        for ev in row[ev_at]:
            _check_width(ev, len(_EVIDENCE))
            ev[at] = sentence(ev[at])
            for i in ev_tuples:
                ev[i] = tuple(ev[i])
            evidence.append(make_evidence(ev))
        for i in edge_tuples:
            row[i] = tuple(row[i])
        row[ev_at] = tuple(evidence)
        edges.append(edge(row))
    return edges


def decode_graph(rows: Rows, *, metrics: Collection[str] | None = None) -> Graph:
    """The graph :func:`encode_graph` gave ``rows`` for, its nodes keeping only ``metrics``
    (all by default).

    Raises ValueError, TypeError, KeyError or IndexError when the data is malformed.
    """
    with gc_paused():
        nodes = _nodes((r[3] for r in rows.nodes), metrics)
        edges = _edges((r[2] for r in rows.edges), rows.sentences.__getitem__)
        return Graph(tuple(nodes), tuple(edges), json.loads(rows.meta))


# -- reading and writing ----------------------------------------------------------------------------

#: What a damaged or foreign cache raises while it is read: a miss, not an error.
_DAMAGE = (sqlite3.DatabaseError, ValueError, TypeError, KeyError, IndexError, AttributeError)


@contextmanager
def _current(store: Store, key: str) -> Iterator[Callable[..., sqlite3.Cursor] | None]:
    """Inside one read transaction (joining the caller's :meth:`Store.snapshot`), the
    connection's ``execute`` when the tables hold the analysis of ``key``, else None."""
    q = store.conn.execute
    with store.snapshot():
        tables = {r[0] for r in q("SELECT name FROM sqlite_master WHERE type = 'table'")}
        row = q("SELECT value FROM analysis_meta WHERE key = 'state'").fetchone() if set(TABLES) <= tables else None
        yield q if row is not None and row[0] == key else None


def read(store: Store, key: str, *, metrics: Collection[str] | None = None) -> Graph | None:
    """The analysed graph saved under ``key`` (nodes keeping only ``metrics``), or None when
    absent, stale or unreadable.

    One read transaction (joining the caller's :meth:`Store.snapshot` when there is one), so
    the key and the graph are those of one write however another process writes meanwhile.
    """
    try:
        with _current(store, key) as q:
            if q is None:
                return None
            meta = q("SELECT value FROM analysis_meta WHERE key = 'meta'").fetchone()
            rows = Rows(q("SELECT node_id, community, metrics, data FROM analysis_nodes ORDER BY ix").fetchall(),
                        q("SELECT source, target, data FROM analysis_edges ORDER BY ix").fetchall(),
                        [r[0] for r in q("SELECT text FROM analysis_sentences ORDER BY ix")], meta[0])
        return decode_graph(rows, metrics=metrics)
    except _DAMAGE as exc:
        log.warning("ignoring the analysis cache of %s: %s", store.path, exc)
        return None


def read_nodes(store: Store, key: str, *, metrics: Collection[str] | None = None) -> Graph | None:
    """The nodes of the analysed graph saved under ``key``, without its edges (what `top`
    and name lookups need: a tenth of the data), or None as :func:`read` gives it."""
    return _read_nodes(store, key, "", (), metrics)


def read_named(store: Store, key: str, name: str, *, metrics: Collection[str] | None = None) -> Graph | None:
    """The nodes saved under ``key`` whose name or an alias reads as ``name`` does to
    :func:`graph.store.lookup.find_node` (case and accents aside), found through an index;
    None as :func:`read` gives it."""
    return _read_nodes(store, key, "WHERE ix IN (SELECT ix FROM analysis_names WHERE folded = ?)",
                       (fold(name),), metrics)


def read_nodes_by_id(store: Store, key: str, ids: Iterable[str], *,
                     metrics: Collection[str] | None = None) -> Graph | None:
    """The nodes saved under ``key`` with these ids, in the graph's order; None as
    :func:`read` gives it."""
    return _read_nodes(store, key, "WHERE node_id IN (SELECT value FROM json_each(?))", (_dumps(sorted(ids)),),
                       metrics)


def _read_nodes(store: Store, key: str, where: str, params: Sequence[object],
                metrics: Collection[str] | None) -> Graph | None:
    try:
        with _current(store, key) as q:
            if q is None:
                return None
            meta = q("SELECT value FROM analysis_meta WHERE key = 'meta'").fetchone()
            records = [r[0] for r in q(f"SELECT data FROM analysis_nodes {where} ORDER BY ix", params)]
        with gc_paused():
            return Graph(tuple(_nodes(records, metrics)), (), json.loads(meta[0]))
    except _DAMAGE as exc:
        log.warning("ignoring the analysis cache of %s: %s", store.path, exc)
        return None


def read_edges_of(store: Store, key: str, node_id: str) -> tuple[Edge, ...] | None:
    """The edges at ``node_id`` in the analysed graph saved under ``key``, in the graph's
    order, or None as :func:`read` gives it. Two index look-ups, whatever the graph's size."""
    try:
        with _current(store, key) as q:
            if q is None:
                return None
            records = [r[1] for r in q("SELECT ix, data FROM analysis_edges WHERE source = ?1 UNION "
                                       "SELECT ix, data FROM analysis_edges WHERE target = ?1 ORDER BY ix",
                                       (node_id,))]
            with gc_paused():
                wanted = {ev[_EVIDENCE.index("sentence")] for row in _array(records) for ev in row[_EDGE.index("evidence")]}
                texts = dict(q("SELECT ix, text FROM analysis_sentences WHERE ix IN (SELECT value FROM json_each(?))",
                               (_dumps(sorted(wanted)),)).fetchall())
                return tuple(_edges(records, texts.__getitem__))
    except _DAMAGE as exc:
        log.warning("ignoring the analysis cache of %s: %s", store.path, exc)
        return None


def write(store: Store, key: str, graph: Graph, *, edges: EdgeRows | None = None) -> bool:
    """Save the analysed ``graph`` for state ``key``, in one write transaction, as rows that
    :func:`read` gives back: ``analysis_nodes`` (each node's metrics and community, for SQL:
    ``SELECT node_id, json_extract(metrics, '$.pagerank') ...``, and its record),
    ``analysis_edges`` (indexed by source and target), ``analysis_sentences`` and
    ``analysis_meta``.

    Returns False (and logs) when it cannot: a graph :func:`encode_graph` refuses, a read-only
    file, or a writer holding the lock longer than :data:`WRITE_TIMEOUT_MS`. Readers see the
    old cache or the new one, never a mix. ``edges``: as :func:`encode_graph` takes them.
    """
    c = store.conn
    rows = encode_graph(graph, edges)
    if c.in_transaction or rows is None:  # inside a caller's snapshot a write would fail
        log.debug("not saving the analysis of %s", store.path)
        return False
    return _write(store, lambda: _replace(c, key, rows))


def _write(store: Store, change: Callable[[], None]) -> bool:
    """Run ``change`` in one write transaction that waits at most :data:`WRITE_TIMEOUT_MS`;
    False (logged) when the file is read-only or stays locked."""
    c = store.conn
    timeout = c.execute("PRAGMA busy_timeout").fetchone()[0]
    c.execute(f"PRAGMA busy_timeout = {min(int(timeout), WRITE_TIMEOUT_MS)}")
    try:
        c.execute("BEGIN IMMEDIATE")
        try:
            change()
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


def _replace(c: sqlite3.Connection, key: str, rows: Rows) -> None:
    for table in _OLD_TABLES:
        c.execute(f"DROP TABLE IF EXISTS {table}")
    for table, (columns, definition) in _TABLES.items():
        try:
            c.execute(f"SELECT {columns} FROM {table} LIMIT 0")
        except sqlite3.OperationalError:
            c.execute(f"DROP TABLE IF EXISTS {table}")  # absent, or not the shape we write
        c.execute(f"CREATE TABLE IF NOT EXISTS {table} {definition}")
        c.execute(f"DELETE FROM {table}")
    for index in _INDEXES:
        c.execute(index)
    c.executemany("INSERT INTO analysis_nodes VALUES (?, ?, ?, ?, ?)", ((i, *r) for i, r in enumerate(rows.nodes)))
    c.executemany("INSERT INTO analysis_edges VALUES (?, ?, ?, ?)", ((i, *r) for i, r in enumerate(rows.edges)))
    c.executemany("INSERT INTO analysis_sentences VALUES (?, ?)", enumerate(rows.sentences))
    c.executemany("INSERT INTO analysis_names VALUES (?, ?)", rows.names)
    c.executemany("INSERT INTO analysis_meta VALUES (?, ?)", (("state", key), ("meta", rows.meta)))


def read_value(store: Store, key: str, name: str) -> str | None:
    """A value saved with the analysis of state ``key`` by :func:`write_value`, or None
    (absent, or saved for another state)."""
    try:
        with _current(store, key) as q:
            row = q("SELECT value FROM analysis_meta WHERE key = ?", (f"value:{name}",)).fetchone() if q else None
        return row[0] if row else None
    except _DAMAGE as exc:
        log.warning("ignoring the analysis cache of %s: %s", store.path, exc)
        return None


def write_value(store: Store, key: str, name: str, value: str) -> bool:
    """Save ``value`` under ``name`` with the analysis of state ``key`` (a page written for
    it, say): a new analysis drops it. False when there is no such analysis or it cannot write."""
    c = store.conn
    if c.in_transaction:
        return False

    def change() -> None:
        row = c.execute("SELECT value FROM analysis_meta WHERE key = 'state'").fetchone()
        if row is not None and row[0] == key:
            c.execute("INSERT OR REPLACE INTO analysis_meta VALUES (?, ?)", (f"value:{name}", value))

    try:
        return _write(store, change) and read_value(store, key, name) == value
    except sqlite3.DatabaseError:
        return False


def clear(store: Store) -> None:
    """Drop the cache tables (the next analysis recomputes)."""
    c = store.conn
    c.execute("BEGIN IMMEDIATE")
    try:
        for table in (*TABLES, *_OLD_TABLES):
            c.execute(f"DROP TABLE IF EXISTS {table}")
    except BaseException:
        c.execute("ROLLBACK")
        raise
    c.execute("COMMIT")
