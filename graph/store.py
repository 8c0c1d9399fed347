"""The embedded store: documents, entities, mentions, relations and evidence in SQLite."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .errors import StoreError
from .extract import Sentence
from .model import Document, Edge, Entity, Evidence, Graph, Mention, Node, Relation
from .relate import relation_types

__all__ = ["Store", "StoreStats"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, date TEXT, url TEXT,
    text TEXT NOT NULL, words INTEGER NOT NULL, ingested_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, type TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS entities_name ON entities (name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS mentions (
    doc_id TEXT NOT NULL REFERENCES documents (id), start INTEGER NOT NULL, end INTEGER NOT NULL,
    text TEXT NOT NULL, entity_id TEXT NOT NULL REFERENCES entities (id),
    sentence INTEGER NOT NULL, PRIMARY KEY (doc_id, start, end)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions (entity_id);
CREATE VIEW IF NOT EXISTS aliases AS
    SELECT entity_id, text AS alias, COUNT(*) AS count FROM mentions GROUP BY entity_id, text;
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
    PRIMARY KEY (relation_id, doc_id, start),
    FOREIGN KEY (doc_id, start) REFERENCES sentences (doc_id, start)) WITHOUT ROWID;
"""


@dataclass(frozen=True)
class StoreStats:
    documents: int
    entities: dict[str, int]
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
            self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL" if self.path != ":memory:" else "PRAGMA journal_mode = MEMORY")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            version = self._version()
            if version is not None and version != SCHEMA_VERSION:
                raise StoreError(f"{self.path!r} has store schema {version}; this newsgraph reads {SCHEMA_VERSION}.")
            self.conn.executescript(_SCHEMA)
            self.conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"Cannot open the store {self.path!r}: {exc}.") from exc

    def _version(self) -> int | None:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.OperationalError:
            return None
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

    def known_documents(self, doc_ids: Iterable[str]) -> set[str]:
        ids = list(doc_ids)
        known: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            known.update(r[0] for r in self.conn.execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk))
        return known

    def add_document(self, doc: Document, entities: Sequence[Entity], mentions: Sequence[Mention],
                     sentences: Sequence[Sentence], relations: Sequence[Relation]) -> bool:
        """Write one analysed document in a single transaction.

        Returns False, writing nothing, when the document is already stored.
        """
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            if self.has_document(doc.id):
                c.execute("ROLLBACK")
                return False
            c.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                      (doc.id, doc.title, doc.source, doc.date, doc.url, doc.text, len(doc.text.split()),
                       datetime.now(timezone.utc).isoformat(timespec="seconds")))
            c.executemany("INSERT OR IGNORE INTO entities VALUES (?, ?, ?)",
                          [(e.id, e.name, e.type) for e in entities])
            c.executemany("INSERT OR IGNORE INTO mentions VALUES (?, ?, ?, ?, ?, ?)",
                          [(m.doc_id, m.start, m.end, m.text, m.entity_id, m.sentence) for m in mentions])
            used = {r.evidence.start for r in relations}
            c.executemany("INSERT OR IGNORE INTO sentences VALUES (?, ?, ?, ?)",
                          [(doc.id, s.start, s.end, s.text) for s in sentences if s.start in used])
            c.executemany("INSERT OR IGNORE INTO relations VALUES (?, ?, ?, ?)",
                          [(r.id, r.source, r.target, r.type) for r in relations])
            c.executemany("INSERT OR IGNORE INTO evidence VALUES (?, ?, ?, ?, ?, ?)",
                          [(r.id, r.evidence.doc_id, r.evidence.start, r.evidence.date,
                            r.evidence.date_text, r.evidence.verb) for r in relations])
            c.execute("COMMIT")
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise
        return True

    # -- reading -------------------------------------------------------------

    def stats(self) -> StoreStats:
        q = self.conn.execute
        return StoreStats(
            documents=q("SELECT COUNT(*) FROM documents").fetchone()[0],
            entities=dict(q("SELECT type, COUNT(*) FROM entities GROUP BY type ORDER BY type").fetchall()),
            relations=dict(q("SELECT type, COUNT(*) FROM relations GROUP BY type ORDER BY type").fetchall()),
            evidence=q("SELECT COUNT(*) FROM evidence").fetchone()[0],
            mentions=q("SELECT COUNT(*) FROM mentions").fetchone()[0],
        )

    def load_graph(self) -> Graph:
        """The whole store as the neutral graph model (no metrics yet)."""
        q = self.conn.execute
        aliases: dict[str, set[str]] = defaultdict(set)
        for entity_id, alias in q("SELECT entity_id, alias FROM aliases"):
            aliases[entity_id].add(alias)
        counts = {row[0]: (row[1], row[2]) for row in q(
            "SELECT entity_id, COUNT(*), COUNT(DISTINCT doc_id) FROM mentions GROUP BY entity_id")}
        nodes = []
        for entity_id, name, type_ in q("SELECT id, name, type FROM entities ORDER BY id"):
            mentions, documents = counts.get(entity_id, (0, 0))
            nodes.append(Node(entity_id, name, type_, tuple(sorted(aliases[entity_id] | {name})),
                              mentions, documents))
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        for rel_id, doc_id, start, end, text, date, date_text, verb in q(
                "SELECT e.relation_id, e.doc_id, e.start, s.end, s.text, e.date, e.date_text, e.verb "
                "FROM evidence e JOIN sentences s USING (doc_id, start) ORDER BY e.relation_id, e.date, e.doc_id, e.start"):
            evidence[rel_id].append(Evidence(doc_id, text, start, end, date, date_text, verb))
        types = relation_types()
        edges = []
        for rel_id, source, target, type_ in q("SELECT id, source, target, type FROM relations ORDER BY id"):
            ev = tuple(evidence[rel_id])
            symmetric = types[type_].symmetric if type_ in types else False
            edges.append(Edge(rel_id, source, target, type_, len(ev), not symmetric, ev))
        titles = dict(q("SELECT id, title FROM documents").fetchall())
        return Graph(tuple(nodes), tuple(edges), {"documents": len(titles), "titles": titles})

    def document_titles(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT id, title FROM documents").fetchall())
