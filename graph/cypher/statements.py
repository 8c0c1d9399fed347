"""Every Cypher statement newsgraph sends, as parameterized constants, and safe literals.

Values always travel as parameters (``$rows``, ``$ids``). Labels and relationship types
cannot be parameters in Cypher, so the statements that need them are built here, once,
from the whitelisted vocabulary only: the entity types and the relation taxonomy
(``graph/data/relations.yaml``), each checked by :func:`identifier`. Nothing a user or an
article wrote is ever pasted into a statement.

:func:`literal` writes a value as a Cypher literal; only the ``cypher`` export uses it,
to write a script that can be replayed with ``cypher-shell``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from graph.errors import InputError

__all__ = [
    "ENTITY", "DOCUMENT", "MENTIONED_IN", "CO_MENTIONED", "ENTITY_LABELS", "identifier", "literal",
    "RELATIONSHIP_TYPES", "SCHEMA", "ENTITY_UPSERT", "DOCUMENT_UPSERT", "MENTIONED_IN_UPSERT",
    "RELATIONSHIP_UPSERT", "RELATIONSHIP_CREATE", "ENTITY_CREATE", "MENTIONED_IN_CREATE", "ENTITY_DELETE",
    "DOCUMENT_DELETE", "MENTIONED_IN_DELETE",
    "RELATIONSHIP_DELETE", "ENTITY_STATE", "DOCUMENT_STATE", "MENTIONED_IN_STATE",
    "RELATIONSHIP_STATE", "COUNT_NODES", "COUNT_RELATIONSHIPS", "NODES_BY_ELEMENT_ID",
    "DOCUMENT_TITLES", "NAIVE_RELATIONSHIP_MERGE", "NAIVE_MENTIONED_IN_MERGE", "LABELS", "CLEAR_BATCH",
    "inline_rows", "ENTITY_PROPERTIES",
    "DOCUMENT_PROPERTIES", "ACTION_PROPERTIES", "CO_MENTIONED_PROPERTIES", "MENTIONED_IN_PROPERTIES",
    "relationship_properties", "EMBEDDED_NODE_TABLES", "EMBEDDED_NODE_CREATE",
    "embedded_relationship_table", "embedded_relationship_create", "EMBEDDED_COUNT_NODES",
    "EMBEDDED_COUNT_RELATIONSHIPS", "embedded_copy",
]

ENTITY = "Entity"
DOCUMENT = "Document"
MENTIONED_IN = "MENTIONED_IN"
CO_MENTIONED = "CO_MENTIONED"
#: Entity type labels; every entity node also carries :data:`ENTITY`.
ENTITY_LABELS = ("Person", "Organization", "Place", "Group", "Event")

# The property schema, with the embedded engine's column types (Neo4j needs none). Dates
# are ISO strings ("2025-05-19") in both engines, so they sort and compare alike.
ENTITY_PROPERTIES: dict[str, str] = {
    "id": "STRING", "name": "STRING", "type": "STRING", "aliases": "STRING[]", "lookup": "STRING[]",
    "roles": "STRING[]",
    "mentions": "INT64", "documents": "INT64", "community": "INT64", "country": "STRING",
    "degree": "DOUBLE", "weighted_degree": "DOUBLE", "pagerank": "DOUBLE", "betweenness": "DOUBLE",
    "eigenvector": "DOUBLE"}
DOCUMENT_PROPERTIES: dict[str, str] = {
    "id": "STRING", "title": "STRING", "source": "STRING", "date": "STRING", "url": "STRING"}
#: One action relationship per evidence sentence.
ACTION_PROPERTIES: dict[str, str] = {
    "id": "STRING", "edge_id": "STRING", "doc_id": "STRING", "sentence": "STRING",
    "sentence_start": "INT64", "sentence_end": "INT64", "date": "STRING", "date_text": "STRING",
    "verb": "STRING", "negated": "BOOLEAN", "hypothetical": "BOOLEAN", "reported_by": "STRING",
    "inferred": "BOOLEAN", "cameo": "STRING", "quad_class": "INT64"}
#: One co-mention relationship per pair: sentences (weight) and documents.
CO_MENTIONED_PROPERTIES: dict[str, str] = {"id": "STRING", "weight": "INT64", "docs": "STRING[]"}
MENTIONED_IN_PROPERTIES: dict[str, str] = {"count": "INT64"}

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


def identifier(name: str) -> str:
    """``name`` as a backquoted Cypher identifier; only plain names are accepted.

    >>> identifier("SPOKE_TO")
    '`SPOKE_TO`'
    >>> identifier("X`]->() DETACH DELETE n //")
    Traceback (most recent call last):
    ...
    graph.errors.InputError: Not a label or relationship type newsgraph writes: 'X`]->() DETACH DELETE n //'.
    """
    if not _IDENTIFIER.match(name):
        raise InputError(f"Not a label or relationship type newsgraph writes: {name!r}.")
    return f"`{name}`"


_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch in "\x7f\x85\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def literal(value: Any) -> str:
    """``value`` as a Cypher literal: strings single-quoted with every quote, backslash and
    control character escaped, so a statement always stays on one line.

    >>> print(literal("O'Brien \\\\ `x` })\\n"))
    'O\\'Brien \\\\ `x` })\\n'
    >>> literal({"name": "a", "n": [1, 2.5, None, True]})
    "{`name`: 'a', `n`: [1, 2.5, null, true]}"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)}: {literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Iterable):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    raise InputError(f"Cannot write {type(value).__name__} as a Cypher literal.")


def _key(name: str) -> str:
    return "`" + str(name).replace("`", "``") + "`"


def _relationship_types() -> tuple[str, ...]:
    from graph.schema import relation_types

    return tuple(name for name in relation_types() if identifier(name))


#: Relationship types between entities: the relation taxonomy, ``CO_MENTIONED`` included.
RELATIONSHIP_TYPES: tuple[str, ...] = _relationship_types()


def inline_rows(statement: str, rows: list[dict[str, Any]]) -> str:
    """A batched statement with its ``$rows`` parameter written as a literal (for scripts)."""
    head = "UNWIND $rows AS row"
    if not statement.startswith(head):
        raise ValueError("only UNWIND $rows statements take inline rows")
    return f"UNWIND {literal(rows)} AS row" + statement[len(head):]


def _labels(names: Iterable[str]) -> str:
    return "".join(":" + identifier(n) for n in names)


# -- schema (idempotent) ----------------------------------------------------------------

def _schema() -> tuple[str, ...]:
    statements = [
        f"CREATE CONSTRAINT newsgraph_entity_id IF NOT EXISTS FOR (n:{ENTITY}) REQUIRE n.id IS UNIQUE",
        f"CREATE CONSTRAINT newsgraph_document_id IF NOT EXISTS FOR (n:{DOCUMENT}) REQUIRE n.id IS UNIQUE",
        f"CREATE INDEX newsgraph_entity_name IF NOT EXISTS FOR (n:{ENTITY}) ON (n.name)",
    ]
    statements += [f"CREATE INDEX newsgraph_{label.lower()}_name IF NOT EXISTS FOR (n:{identifier(label)}) "
                   f"ON (n.name)" for label in ENTITY_LABELS]
    statements += [f"CREATE CONSTRAINT newsgraph_{rel.lower()}_id IF NOT EXISTS "
                   f"FOR ()-[r:{identifier(rel)}]-() REQUIRE r.id IS UNIQUE" for rel in RELATIONSHIP_TYPES]
    return tuple(statements)


#: Constraints and indexes, created idempotently before every push.
SCHEMA: tuple[str, ...] = _schema()


# -- writes: one statement per label or type, rows as parameters ----------------------------

def _entity_upsert(label: str) -> str:
    others = [other for other in ENTITY_LABELS if other != label]
    return (f"UNWIND $rows AS row MERGE (n:{ENTITY} {{id: row.id}}) "
            f"SET n = row, n{_labels([label])} REMOVE n{_labels(others)}")


ENTITY_UPSERT: dict[str, str] = {label: _entity_upsert(label) for label in ENTITY_LABELS}
#: For ids the database does not hold yet (the constraint still refuses duplicates).
ENTITY_CREATE: dict[str, str] = {
    label: f"UNWIND $rows AS row CREATE (n:{ENTITY}{_labels([label])}) SET n = row" for label in ENTITY_LABELS}
DOCUMENT_UPSERT = f"UNWIND $rows AS row MERGE (d:{DOCUMENT} {{id: row.id}}) SET d = row"
MENTIONED_IN_CREATE = (f"UNWIND $rows AS row MATCH (e:{ENTITY} {{id: row.entity}}) "
                       f"MATCH (d:{DOCUMENT} {{id: row.doc}}) CREATE (e)-[:{MENTIONED_IN} {{count: row.count}}]->(d)")
MENTIONED_IN_UPSERT = (f"UNWIND $rows AS row MATCH (e:{ENTITY} {{id: row.entity}}) "
                       f"MATCH (d:{DOCUMENT} {{id: row.doc}}) "
                       f"MERGE (e)-[m:{MENTIONED_IN}]->(d) SET m.count = row.count")


#: Per relationship type: MERGE a batch by id; rows are ``{source, target, props}``.
RELATIONSHIP_UPSERT: dict[str, str] = {
    t: (f"UNWIND $rows AS row MATCH (a:{ENTITY} {{id: row.source}}) MATCH (b:{ENTITY} {{id: row.target}}) "
        f"MERGE (a)-[r:{identifier(t)} {{id: row.props.id}}]->(b) SET r = row.props")
    for t in RELATIONSHIP_TYPES}
RELATIONSHIP_CREATE: dict[str, str] = {
    t: (f"UNWIND $rows AS row MATCH (a:{ENTITY} {{id: row.source}}) MATCH (b:{ENTITY} {{id: row.target}}) "
        f"CREATE (a)-[r:{identifier(t)}]->(b) SET r = row.props")
    for t in RELATIONSHIP_TYPES}
RELATIONSHIP_DELETE: dict[str, str] = {
    t: f"UNWIND $ids AS id MATCH ()-[r:{identifier(t)} {{id: id}}]->() DELETE r" for t in RELATIONSHIP_TYPES}
ENTITY_DELETE = f"UNWIND $ids AS id MATCH (n:{ENTITY} {{id: id}}) DETACH DELETE n"
DOCUMENT_DELETE = f"UNWIND $ids AS id MATCH (d:{DOCUMENT} {{id: id}}) DETACH DELETE d"
MENTIONED_IN_DELETE = (f"UNWIND $rows AS row MATCH (:{ENTITY} {{id: row.entity}})-[m:{MENTIONED_IN}]->"
                       f"(:{DOCUMENT} {{id: row.doc}}) DELETE m")
#: Removes up to $limit newsgraph nodes (with their relationships); repeat until 0.
CLEAR_BATCH = (f"MATCH (n) WHERE n:{ENTITY} OR n:{DOCUMENT} WITH n LIMIT $limit "
               f"DETACH DELETE n RETURN count(*) AS deleted")

# -- reads -----------------------------------------------------------------------------

ENTITY_STATE = f"MATCH (n:{ENTITY}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
DOCUMENT_STATE = f"MATCH (d:{DOCUMENT}) RETURN d.id AS id, properties(d) AS props"
MENTIONED_IN_STATE = (f"MATCH (e:{ENTITY})-[m:{MENTIONED_IN}]->(d:{DOCUMENT}) "
                      f"RETURN e.id AS entity, d.id AS doc, m.count AS count")
#: Ids of entity-to-entity relationships, and the weight and documents of co-mentions.
RELATIONSHIP_STATE = (f"MATCH (:{ENTITY})-[r]->(:{ENTITY}) "
                      f"RETURN type(r) AS type, r.id AS id, r.weight AS weight, r.docs AS docs")
COUNT_NODES = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"
NODES_BY_ELEMENT_ID = "MATCH (n) WHERE elementId(n) IN $ids RETURN n"
#: Portable: runs on Neo4j and on the embedded engine.
DOCUMENT_TITLES = f"MATCH (d:{DOCUMENT}) WHERE d.id IN $ids RETURN d.id AS id, d.title AS title"
#: The labels in use (Neo4j).
LABELS = "CALL db.labels() YIELD label RETURN label"


#: The benchmark's baseline: one statement (and transaction) per relationship.
NAIVE_MENTIONED_IN_MERGE = (f"MERGE (e:{ENTITY} {{id: $entity}}) MERGE (d:{DOCUMENT} {{id: $doc}}) "
                            f"MERGE (e)-[m:{MENTIONED_IN}]->(d) SET m.count = $count")
NAIVE_RELATIONSHIP_MERGE: dict[str, str] = {
    t: (f"MERGE (a:{ENTITY} {{id: $source}}) MERGE (b:{ENTITY} {{id: $target}}) "
        f"MERGE (a)-[r:{identifier(t)} {{id: $props.id}}]->(b) SET r = $props")
    for t in RELATIONSHIP_TYPES}


# -- the embedded engine (LadybugDB): one node table per label, one relationship table per
# type with the (source label, target label) pairs the graph holds --------------------------

def _columns(properties: Mapping[str, str]) -> str:
    return ", ".join(f"{identifier(name)} {type_}" for name, type_ in properties.items())


def _assign(properties: Mapping[str, str]) -> str:
    return "{" + ", ".join(f"{identifier(name)}: row.{identifier(name)}" for name in properties) + "}"


EMBEDDED_NODE_TABLES: dict[str, str] = {
    label: f"CREATE NODE TABLE {identifier(label)}({_columns(props)}, PRIMARY KEY(id))"
    for label, props in [*((label, ENTITY_PROPERTIES) for label in ENTITY_LABELS),
                         (DOCUMENT, DOCUMENT_PROPERTIES)]}
EMBEDDED_NODE_CREATE: dict[str, str] = {
    label: f"UNWIND $rows AS row CREATE (n:{identifier(label)} {_assign(props)})"
    for label, props in [*((label, ENTITY_PROPERTIES) for label in ENTITY_LABELS),
                         (DOCUMENT, DOCUMENT_PROPERTIES)]}


def relationship_properties(type_: str) -> dict[str, str]:
    """The properties of a relationship type."""
    if type_ == MENTIONED_IN:
        return MENTIONED_IN_PROPERTIES
    return CO_MENTIONED_PROPERTIES if type_ == CO_MENTIONED else ACTION_PROPERTIES


def embedded_relationship_table(type_: str, pairs: Iterable[tuple[str, str]]) -> str:
    """DDL of a relationship table joining the given (source, target) label pairs."""
    if type_ not in (*RELATIONSHIP_TYPES, MENTIONED_IN):
        raise InputError(f"Unknown relationship type {type_!r}.")
    ends = ", ".join(f"FROM {identifier(a)} TO {identifier(b)}" for a, b in pairs)
    return f"CREATE REL TABLE {identifier(type_)}({ends}, {_columns(relationship_properties(type_))})"


def embedded_relationship_create(type_: str, source: str, target: str) -> str:
    """Create a batch of relationships between two labels; rows are flat property maps
    plus ``_source`` and ``_target`` ids."""
    if type_ not in (*RELATIONSHIP_TYPES, MENTIONED_IN):
        raise InputError(f"Unknown relationship type {type_!r}.")
    return (f"UNWIND $rows AS row MATCH (a:{identifier(source)} {{id: row._source}}), "
            f"(b:{identifier(target)} {{id: row._target}}) "
            f"CREATE (a)-[r:{identifier(type_)} {_assign(relationship_properties(type_))}]->(b)")


def embedded_copy(type_: str, source: str, target: str, path: str) -> str:
    """Bulk-load relationships between two labels from a headerless CSV file (from id,
    to id, then the properties in schema order). Only for values CSV carries safely: ids,
    numbers and lists of ids."""
    if type_ not in (*RELATIONSHIP_TYPES, MENTIONED_IN):
        raise InputError(f"Unknown relationship type {type_!r}.")
    return (f"COPY {identifier(type_)} FROM {literal(path)} "
            f"(from={literal(source)}, to={literal(target)}, header=false)")


#: Portable: how many nodes and relationships the engine holds, by label and type.
EMBEDDED_COUNT_NODES = "MATCH (n) RETURN label(n) AS label, count(*) AS count ORDER BY label"
EMBEDDED_COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN label(r) AS type, count(*) AS count ORDER BY type"
