"""Core records and the neutral graph model every adapter reads and writes.

Records are frozen dataclasses holding plain values and character offsets (no spaCy
objects), so they compare, serialize and store cleanly.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
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
    "xml_safe",
    "terminal_safe",
    "plural",
    "sanitize_document",
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


# Characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return,
# lone surrogates, U+FFFE and U+FFFF); SQLite's UTF-8 cannot hold lone surrogates either.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# C0 and C1 controls and DEL, which a terminal would act on, except newline and tab.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def xml_safe(text: str, replacement: str = "") -> str:
    r"""``text`` without the characters XML 1.0 forbids, each replaced by ``replacement``.

    >>> xml_safe("a\x1b[31mb\x00\tc"), xml_safe("a\x07b", " ")
    ('a[31mb\tc', 'a b')
    """
    return _XML_FORBIDDEN.sub(replacement, text)


def terminal_safe(text: str) -> str:
    r"""``text`` with control characters (except newline and tab) shown as ``\xNN`` escapes,
    so article text printed to a terminal cannot move the cursor, recolour or retitle it.

    >>> print(terminal_safe("red \x1b[31m\x9b bell\x07\nok"))
    red \x1b[31m\x9b bell\x07
    ok
    """
    return _TERMINAL_CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                  else f"\\u{ord(m.group()):04x}", text)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word`` in the right number.

    >>> plural(1, "relation"), plural(2, "relation"), plural(1, "entity"), plural(0, "entity")
    ('1 relation', '2 relations', '1 entity', '0 entities')
    """
    if count == 1:
        return f"{count} {word}"
    if many is None:
        many = word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"
    return f"{count} {many}"


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
    subtype: str | None = None  # an organisation's kind: "media", "party"

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
    subtype: str | None = None  # an organisation's kind: "media", "party"


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

    @staticmethod
    def count(evidence: Iterable[Evidence]) -> int:
        """The weight of an edge with this evidence: the sentences that assert it.

        Negated and hypothetical sentences stay on the edge as evidence but are not counted.

        >>> Edge.count([Evidence("d", "A met B.", 0, 8), Evidence("d", "A may meet B.", 9, 22, hypothetical=True)])
        1
        """
        return sum(1 for ev in evidence if ev.asserted)

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


# Fields whose text is indexed by character offsets: forbidden characters become spaces there,
# so offsets stay right; elsewhere (names, titles, verbs) they are dropped.
_OFFSET_FIELDS = frozenset({"text", "sentence"})


def _sanitized(record: Any, offsets: bool) -> Any:
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        replacement = " " if offsets and f.name in _OFFSET_FIELDS else ""
        if isinstance(value, str):
            new: Any = xml_safe(value, replacement)
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            new = tuple(xml_safe(v, replacement) for v in value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            new = _sanitized(value, offsets)
        else:
            continue
        if new != value:
            changes[f.name] = new
    return dataclasses.replace(record, **changes) if changes else record


def sanitize_document(doc: Document, entities: Sequence[Entity], mentions: Sequence[Mention],
                      sentences: Sequence[Sentence], relations: Sequence[Relation]
                      ) -> tuple[Document, list[Entity], list[Mention], list[Sentence], list[Relation]]:
    r"""The records of one analysed document without characters XML 1.0 forbids (see
    :func:`xml_safe`), so every export of the store parses. Document and sentence text
    keep their length (a space per character), so character offsets still hold; mention
    surface forms are cut out of the text and keep it too.

    >>> doc = Document("d", "Hi\x1b there", "T\x00itle", "s")
    >>> clean = sanitize_document(doc, [Entity("e", "A\x1bB", "Person")], [], [], [])
    >>> clean[0].text, clean[0].title, clean[1][0].name
    ('Hi  there', 'Title', 'AB')
    """
    return (_sanitized(doc, True), [_sanitized(e, False) for e in entities],
            [_sanitized(m, True) for m in mentions], [_sanitized(s, True) for s in sentences],
            [_sanitized(r, True) for r in relations])
