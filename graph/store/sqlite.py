"""The embedded store: documents, entities, mentions, relations and evidence in SQLite."""

from __future__ import annotations

import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from graph.errors import StoreError
from graph.model import Document, Entity, Evidence, Graph, Mention, Relation, Sentence, sanitize_document
from graph.schema import relation_types
from graph.store.rules import (
    RULE_KINDS,
    RawEdge,
    RawEntity,
    Rule,
    build_edges,
    build_nodes,
    linked_pairs,
)

__all__ = ["Store", "StoreStats"]

SCHEMA_VERSION = 2

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, date TEXT, url TEXT,
    text TEXT NOT NULL, words INTEGER NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id TEXT NOT NULL REFERENCES documents (id), start INTEGER NOT NULL, end INTEGER NOT NULL,
    text TEXT NOT NULL, entity_id TEXT NOT NULL REFERENCES entities (id),
    sentence INTEGER NOT NULL, type TEXT NOT NULL, inferred INTEGER NOT NULL DEFAULT 0,
    subtype TEXT,
    PRIMARY KEY (doc_id, start, end)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions (entity_id);
CREATE VIEW IF NOT EXISTS aliases AS
    SELECT entity_id, text AS alias, COUNT(*) AS count FROM mentions WHERE NOT inferred
    GROUP BY entity_id, text;
CREATE TABLE IF NOT EXISTS roles (
    entity_id TEXT NOT NULL REFERENCES entities (id), doc_id TEXT NOT NULL REFERENCES documents (id),
    role TEXT NOT NULL, PRIMARY KEY (entity_id, doc_id, role)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentences (
    doc_id TEXT NOT NULL REFERENCES documents (id), start INTEGER NOT NULL, end INTEGER NOT NULL,
    text TEXT NOT NULL, PRIMARY KEY (doc_id, start)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS relations (
    id TEXT PRIMARY KEY, source TEXT NOT NULL REFERENCES entities (id),
    target TEXT NOT NULL REFERENCES entities (id), type TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS relations_source ON relations (source);
CREATE INDEX IF NOT EXISTS relations_target ON relations (target);
CREATE TABLE IF NOT EXISTS evidence (
    relation_id TEXT NOT NULL REFERENCES relations (id), doc_id TEXT NOT NULL,
    start INTEGER NOT NULL, date TEXT, date_text TEXT, verb TEXT,
    negated INTEGER NOT NULL DEFAULT 0, hypothetical INTEGER NOT NULL DEFAULT 0,
    reported_by TEXT, inferred INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (relation_id, doc_id, start),
    FOREIGN KEY (doc_id, start) REFERENCES sentences (doc_id, start)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS rules (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, subject TEXT NOT NULL, object TEXT,
    value TEXT, active INTEGER NOT NULL DEFAULT 1, note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL);
"""
_SCHEMA_STATEMENTS = [s.strip() for s in _SCHEMA.split(";") if s.strip()]
_SCHEMA_OBJECTS = frozenset(re.findall(r"CREATE (?:TABLE|INDEX|VIEW) IF NOT EXISTS (\w+)", _SCHEMA))

# Seconds a connection waits for another process's lock (an ingest's commit, a racing
# creation) before failing with "database is locked".
BUSY_TIMEOUT = 30.0


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return any(word in str(exc).lower() for word in ("locked", "busy"))


@dataclass(frozen=True)
class StoreStats:
    documents: int
    entities: int
    relations: dict[str, int]
    evidence: int
    mentions: int


class Store:
    """A newsgraph SQLite store. Each document is written in one transaction.

    Examples:
        >>> store = Store(":memory:")
        >>> store.stats().documents
        0
    """

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            if not create and not Path(self.path).is_file():
                raise StoreError(f"No store at {self.path!r}; run `newsgraph ingest` or `newsgraph build` first.")
            if not Path(self.path).parent.exists():
                raise StoreError(f"Cannot create the store {self.path!r}: its folder does not exist.")
        try:
            # isolation_level=None: sqlite3 never opens or ends a transaction by itself, so the
            # explicit BEGIN ... COMMIT of writes and of snapshot() reads are the only ones.
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, isolation_level=None)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot open the store {self.path!r}: {exc}.") from exc
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self._set_journal_mode()
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self._create_schema()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"Cannot open the store {self.path!r}: {exc}.") from exc
        except BaseException:
            self.conn.close()
            raise

    def _set_journal_mode(self) -> None:
        """WAL, so readers keep one snapshot while a writer commits.

        Switching needs the file to itself: a process racing another to create the store can
        be refused (an error, or the old mode returned) despite the busy timeout, so retry.
        """
        if self.path == ":memory:":
            self.conn.execute("PRAGMA journal_mode = MEMORY")
            return
        deadline = time.monotonic() + BUSY_TIMEOUT
        while True:
            try:
                if str(self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower() == "wal":
                    return
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
            if time.monotonic() > deadline:
                raise sqlite3.OperationalError("could not switch the store to WAL mode: database is locked")
            time.sleep(0.005)

    def _create_schema(self) -> None:
        """Create what is missing and the schema version row, all in one write transaction.

        Processes creating the same store at once queue on the write lock; the later ones
        find everything there and write nothing. A current store takes no write lock at all,
        so opening it never waits for an ingest.
        """
        version = self._version()
        self._check_version(version)
        if version == SCHEMA_VERSION and _SCHEMA_OBJECTS <= self._objects() and self._has_subtype():
            return
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            self._check_version(self._version())  # another process may have created it meanwhile
            for statement in _SCHEMA_STATEMENTS:  # not executescript: it would commit first
                c.execute(statement)
            if not self._has_subtype():
                # A store made before organisation subtypes: the new column is nullable, so old
                # rows stay valid and read as "no subtype".
                c.execute("ALTER TABLE mentions ADD COLUMN subtype TEXT")
            c.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self._check_version(self._version())
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise

    def _check_version(self, version: int | None) -> None:
        if version is not None and version != SCHEMA_VERSION:
            raise StoreError(f"{self.path!r} has store schema {version}; this newsgraph reads {SCHEMA_VERSION}.")

    def _has_subtype(self) -> bool:
        return any(row[1] == "subtype" for row in self.conn.execute("PRAGMA table_info(mentions)"))

    def _objects(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master")}

    def _version(self) -> int | None:
        if "meta" not in self._objects():
            return None
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing -------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def add_document(self, doc: Document, entities: Sequence[Entity], mentions: Sequence[Mention],
                     sentences: Sequence[Sentence], relations: Sequence[Relation]) -> bool:
        """Write one analysed document in a single transaction.

        Returns False, writing nothing, when the document is already stored. Characters
        XML 1.0 forbids (control characters, lone surrogates) are removed first, so every
        export of the store parses.
        """
        doc, entities, mentions, sentences, relations = sanitize_document(doc, entities, mentions, sentences,
                                                                          relations)
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            if self.has_document(doc.id):
                c.execute("ROLLBACK")
                return False
            c.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      (doc.id, doc.title, doc.source, doc.date, doc.url, doc.text, len(doc.text.split()),
                       datetime.now(timezone.utc).isoformat(timespec="seconds")))
            c.executemany("INSERT OR IGNORE INTO entities VALUES (?, ?)", [(e.id, e.name) for e in entities])
            c.executemany("INSERT OR IGNORE INTO roles VALUES (?, ?, ?)",
                          [(e.id, doc.id, role) for e in entities for role in e.roles])
            subtypes = {e.id: e.subtype for e in entities}
            c.executemany("INSERT OR IGNORE INTO mentions (doc_id, start, end, text, entity_id, sentence, type, "
                          "inferred, subtype) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [(m.doc_id, m.start, m.end, m.text, m.entity_id, m.sentence, m.type, m.inferred,
                            subtypes.get(m.entity_id)) for m in mentions])
            used = {r.evidence.start for r in relations}
            c.executemany("INSERT OR IGNORE INTO sentences VALUES (?, ?, ?, ?)",
                          [(doc.id, s.start, s.end, s.text) for s in sentences if s.start in used])
            c.executemany("INSERT OR IGNORE INTO relations VALUES (?, ?, ?, ?)",
                          [(r.id, r.source, r.target, r.type) for r in relations])
            c.executemany("INSERT OR IGNORE INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [(r.id, e.doc_id, e.start, e.date, e.date_text, e.verb, e.negated, e.hypothetical,
                            e.reported_by, e.inferred) for r in relations for e in (r.evidence,)])
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return True

    # -- curation rules --------------------------------------------------------

    def add_rule(self, kind: str, subject: str, object: str | None = None, value: str | None = None,
                 note: str = "") -> int:
        """Store a curation rule (see :mod:`graph.curate`) and return its id."""
        if kind not in RULE_KINDS:
            raise StoreError(f"Unknown rule kind {kind!r}.")
        cur = self.conn.execute(
            "INSERT INTO rules (kind, subject, object, value, note, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, subject, object, value, note, datetime.now(timezone.utc).isoformat(timespec="seconds")))
        return int(cur.lastrowid or 0)

    def rules(self, *, active_only: bool = False) -> list[Rule]:
        sql = "SELECT id, kind, subject, object, value, active, note FROM rules"
        sql += " WHERE active ORDER BY id" if active_only else " ORDER BY id"
        return [Rule(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6]) for r in self.conn.execute(sql)]

    def set_rule_active(self, rule_id: int, active: bool) -> None:
        if self.conn.execute("UPDATE rules SET active = ? WHERE id = ?", (active, rule_id)).rowcount == 0:
            raise StoreError(f"No curation rule {rule_id}.")

    # -- reading -------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Read the store as of one instant: every SELECT inside sees the same committed
        documents, however many an ingest in another process commits meanwhile.

        One deferred read transaction: in WAL mode it takes its snapshot at the first SELECT
        and neither blocks nor waits for the writer. Inside an open transaction (a nested
        snapshot, a write) it joins that one.

        Examples:
            >>> with Store(":memory:") as store, store.snapshot():
            ...     store.stats().documents
            0
        """
        c = self.conn
        if c.in_transaction:
            yield self
            return
        c.execute("BEGIN DEFERRED")
        try:
            yield self
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        if c.in_transaction:
            c.execute("COMMIT")

    def state(self) -> tuple[object, ...]:
        """What the graph read from the store depends on: the documents (count, last row,
        last ingest time) and every curation rule. Equal states give equal graphs."""
        with self.snapshot():
            return self._state()

    def _state(self) -> tuple[object, ...]:
        q = self.conn.execute
        docs = q("SELECT COUNT(*), COALESCE(MAX(rowid), 0), COALESCE(MAX(ingested_at), '') FROM documents").fetchone()
        rules = q("SELECT id, kind, subject, object, value, active FROM rules ORDER BY id").fetchall()
        return tuple(docs), tuple(tuple(r) for r in rules)

    def stats(self) -> StoreStats:
        """Counts of what is stored (before curation merges), in one snapshot."""
        with self.snapshot():
            return self._stats()

    def _stats(self) -> StoreStats:
        q = self.conn.execute
        return StoreStats(
            documents=q("SELECT COUNT(*) FROM documents").fetchone()[0],
            entities=q("SELECT COUNT(*) FROM entities").fetchone()[0],
            relations=dict(q("SELECT type, COUNT(*) FROM relations GROUP BY type ORDER BY type").fetchall()),
            evidence=q("SELECT COUNT(*) FROM evidence").fetchone()[0],
            mentions=q("SELECT COUNT(*) FROM mentions").fetchone()[0],
        )

    def raw_entities(self) -> dict[str, RawEntity]:
        """Stored entities with their mentions and roles, in one snapshot."""
        with self.snapshot():
            return self._raw_entities()

    def _raw_entities(self) -> dict[str, RawEntity]:
        q = self.conn.execute
        entities = {eid: RawEntity(eid, name) for eid, name in q("SELECT id, name FROM entities")}
        for eid, text, type_, doc_id, inferred, subtype, n in q(
                "SELECT entity_id, text, type, doc_id, inferred, subtype, COUNT(*) FROM mentions "
                "GROUP BY entity_id, text, type, doc_id, inferred, subtype"):
            ent = entities[eid]
            ent.docs.add(doc_id)
            if not inferred:
                ent.votes[type_] += n
                ent.aliases[text] += n
                if subtype:
                    ent.subtypes[subtype] += n
        for eid, role in q("SELECT DISTINCT entity_id, role FROM roles"):
            entities[eid].roles.add(role)
        return entities

    def raw_edges(self) -> list[RawEdge]:
        """Stored relations with their evidence, in one snapshot."""
        with self.snapshot():
            return self._raw_edges()

    def _raw_edges(self) -> list[RawEdge]:
        q = self.conn.execute
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        for row in q("SELECT e.relation_id, e.doc_id, e.start, s.end, s.text, e.date, e.date_text, e.verb, "
                     "e.negated, e.hypothetical, e.reported_by, e.inferred "
                     "FROM evidence e JOIN sentences s USING (doc_id, start)"):
            rel_id, doc_id, start, end, text, date, date_text, verb, neg, hyp, rep, inf = row
            evidence[rel_id].append(Evidence(doc_id, text, start, end, date, date_text, verb,
                                             bool(neg), bool(hyp), rep, bool(inf)))
        return [RawEdge(rid, s, t, type_, tuple(evidence[rid]))
                for rid, s, t, type_ in q("SELECT id, source, target, type FROM relations")]

    def documents(self) -> dict[str, dict[str, str | None]]:
        """id -> title, source, date and url of every stored document."""
        return {row[0]: {"title": row[1], "source": row[2], "date": row[3], "url": row[4]}
                for row in self.conn.execute("SELECT id, title, source, date, url FROM documents")}

    def mention_counts(self, mapping: dict[str, str] | None = None) -> dict[tuple[str, str], int]:
        """(entity id, document id) -> mentions, with entity ids mapped through ``mapping``."""
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for eid, doc_id, n in self.conn.execute(
                "SELECT entity_id, doc_id, COUNT(*) FROM mentions GROUP BY entity_id, doc_id"):
            counts[((mapping or {}).get(eid, eid), doc_id)] += n
        return dict(counts)

    def load_graph(self, *, on_topology: Callable[[tuple[str, ...], set[tuple[str, str]]], object] | None = None) -> Graph:
        """The whole store as the neutral graph model, curated (no metrics yet).

        Types are votes over all mentions; a lone surname joins the one full name that
        ends with it; the user's active curation rules apply last. Everything is read in one
        snapshot, so an ingest running meanwhile never gives edges to missing entities.

        ``on_topology``, when given, is called with the node ids (in the order of the
        graph's nodes) and the linked pairs (:func:`graph.store.rules.linked_pairs`) as soon
        as they are known, before the evidence is read and joined: an analysis that needs
        only the topology (betweenness) can start while the rest loads.
        """
        with self.snapshot():
            raw_entities, rules = self._raw_entities(), self.rules(active_only=True)
            nodes, mapping = build_nodes(raw_entities, rules)
            if on_topology is not None:
                endpoints = self.conn.execute("SELECT source, target FROM relations")
                on_topology(tuple(n.id for n in nodes), linked_pairs(endpoints, mapping))
            raw_edges, docs = self._raw_edges(), self.documents()
        symmetric = {name: rt.symmetric for name, rt in relation_types().items()}
        edges = build_edges(raw_edges, mapping, symmetric)
        titles = {k: v["title"] for k, v in docs.items()}
        return Graph(tuple(nodes), tuple(edges), {"documents": len(docs), "titles": titles, "merged": mapping})
