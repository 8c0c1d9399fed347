"""Core records and the neutral graph model every adapter reads and writes.

Records are frozen dataclasses holding plain values and character offsets (no spaCy
objects), so they compare, serialize and store cleanly.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Document",
    "Sentence",
    "Mention",
    "Entity",
    "Evidence",
    "Relation",
    "Node",
    "Edge",
    "Graph",
    "relation_id",
    "stable_id",
    "normalize_text",
]

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201f": '"', "\u2033": '"',
                         "\u00a0": " "})


def normalize_text(text: str) -> str:
    """NFC-normalize, straighten curly quotes and collapse whitespace.

    >>> normalize_text("Europe\u2019s  \u201cbloodbath\u201d")
    'Europe\\'s "bloodbath"'
    """
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split())


def stable_id(*parts: str, size: int = 16) -> str:
    """Deterministic id: a hex digest of the normalized, case-folded parts.

    >>> stable_id("Person", "Vladimir Putin") == stable_id("person", " vladimir  putin")
    True
    """
    key = "\x1f".join(normalize_text(p).casefold() for p in parts)
    return hashlib.blake2b(key.encode("utf-8"), digest_size=size // 2).hexdigest()


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, by character offsets."""

    start: int
    end: int
    text: str
    has_verb: bool = True  # datelines and captions have none: no co-mentions from them


@dataclass(frozen=True)
class Document:
    """One article: its text and what is known about where it came from."""

    id: str
    text: str
    title: str
    source: str
    date: str | None = None  # ISO date (YYYY-MM-DD) when known
    url: str | None = None

    @staticmethod
    def make_id(text: str) -> str:
        """The id of a document is the hash of its normalized text."""
        return stable_id(text)


@dataclass(frozen=True)
class Mention:
    """A span of a document naming an entity."""

    doc_id: str
    start: int
    end: int
    text: str  # surface form, honorifics included ("Mr Putin")
    entity_id: str
    sentence: int  # index of the sentence within the document
    type: str = ""  # the type this mention votes for
    inferred: bool = False  # linked by role or pronoun resolution, not by name


@dataclass(frozen=True)
class Entity:
    """A resolved entity: one node of the graph.

    The id depends on the normalized name only, so one name is one node across
    documents; the type is a vote over all its mentions.
    """

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()  # titles seen with the name ("US President")

    @staticmethod
    def make_id(name: str) -> str:
        return stable_id("entity", name)


@dataclass(frozen=True)
class Evidence:
    """Where a relation was read: the sentence of a document and its date."""

    doc_id: str
    sentence: str
    start: int  # character offsets of the sentence in the document
    end: int
    date: str | None = None  # ISO date when it could be resolved
    date_text: str | None = None  # the date as written ("May 19")
    verb: str | None = None  # the verb phrase ("held a call with")
    negated: bool = False  # "did not meet"
    hypothetical: bool = False  # "may meet", "plans to meet", "promised to call"
    reported_by: str | None = None  # who the sentence attributes it to ("the official")
    inferred: bool = False  # an argument was resolved from a role or pronoun

    @property
    def asserted(self) -> bool:
        return not (self.negated or self.hypothetical)

    def as_dict(self) -> dict[str, Any]:
        """The evidence as exports write it (offsets left out)."""
        return {"doc": self.doc_id, "sentence": self.sentence, "date": self.date, "date_text": self.date_text,
                "verb": self.verb, "negated": self.negated, "hypothetical": self.hypothetical,
                "reported_by": self.reported_by, "inferred": self.inferred}


@dataclass(frozen=True)
class Relation:
    """A typed edge between two entities backed by one piece of evidence."""

    source: str
    target: str
    type: str
    evidence: Evidence

    @property
    def id(self) -> str:
        return stable_id(self.type, self.source, self.target)


def relation_id(type_: str, source: str, target: str, symmetric: bool) -> tuple[str, str, str]:
    """The id and endpoints of a relation; symmetric ones are stored once per pair.

    >>> relation_id("MET", "b", "a", True)[1:]
    ('a', 'b')
    """
    if symmetric and target < source:
        source, target = target, source
    return stable_id(type_, source, target), source, target


@dataclass(frozen=True)
class Node:
    """A node of the neutral graph model."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: int = 0
    documents: int = 0
    metrics: dict[str, float] = field(default_factory=dict, compare=False)
    community: int | None = None
    roles: tuple[str, ...] = ()
    country: str | None = None  # the country a nationality or metonym stands for


@dataclass(frozen=True)
class Edge:
    """An edge of the neutral graph model: all evidence of one (type, source, target)."""

    id: str
    source: str
    target: str
    type: str
    weight: int
    directed: bool
    evidence: tuple[Evidence, ...] = ()

    @property
    def dates(self) -> tuple[str, ...]:
        return tuple(sorted({e.date for e in self.evidence if e.date}))

    @property
    def status(self) -> str:
        """``asserted`` if any evidence states it happened, else ``negated`` or ``hypothetical``."""
        if any(e.asserted for e in self.evidence) or not self.evidence:
            return "asserted"
        return "negated" if any(e.negated for e in self.evidence) else "hypothetical"


@dataclass(frozen=True)
class Graph:
    """The neutral graph: what SQLite stores, networkx analyzes and exporters write."""

    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def node(self, node_id: str) -> Node:
        for n in self.nodes:
            if n.id == node_id:
                return n
        raise KeyError(node_id)

    def counts(self) -> dict[str, dict[str, int]]:
        """Nodes by type and edges by type."""
        nodes: dict[str, int] = {}
        edges: dict[str, int] = {}
        for n in self.nodes:
            nodes[n.type] = nodes.get(n.type, 0) + 1
        for e in self.edges:
            edges[e.type] = edges.get(e.type, 0) + 1
        return {"nodes": dict(sorted(nodes.items())), "edges": dict(sorted(edges.items()))}
