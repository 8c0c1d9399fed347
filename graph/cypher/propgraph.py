"""The graph as a property graph (rows of nodes and relationships), and back.

:func:`property_graph` turns the neutral model into the rows that Neo4j, the embedded
engine and Cypher scripts receive; :func:`graph_from_elements` turns the nodes and
relationships a query returns into the neutral model again, for the exports.

The shape, in Cypher::

    (:Entity:Person {id, name, type, aliases, lookup, roles, mentions, documents, community,
                     country, subtype, degree, weighted_degree, pagerank, betweenness, eigenvector})
    (:Document {id, title, source, date, url})
    (:Entity)-[:MENTIONED_IN {count}]->(:Document)
    (:Entity)-[:SPOKE_TO {id, edge_id, doc_id, sentence, date, verb, negated, ...}]->(:Entity)
    (:Entity)-[:CO_MENTIONED {id, weight, docs}]->(:Entity)

Each action relationship is one evidence sentence; its id is a hash of the edge id, the
document and the sentence offset, so re-pushing merges instead of duplicating.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph.cypher.statements import CO_MENTIONED, DOCUMENT_PROPERTIES, ENTITY_LABELS
from graph.errors import QueryError
from graph.model import Edge, Evidence, Graph, Node, relation_id, stable_id
from graph.schema import relation_types

__all__ = ["PropertyGraph", "property_graph", "graph_from_elements", "action_id",
           "CENTRALITIES"]

CENTRALITIES = ("degree", "weighted_degree", "pagerank", "betweenness", "eigenvector")
Row = dict[str, Any]


@dataclass
class PropertyGraph:
    """Rows to write: entities by label, documents, mention counts, relationships by type.

    Relationship rows are ``{"source": id, "target": id, "props": {...}}``; mention rows
    are ``{"entity": id, "doc": id, "count": n}``.
    """

    entities: dict[str, list[Row]] = field(default_factory=dict)
    documents: list[Row] = field(default_factory=list)
    mentions: list[Row] = field(default_factory=list)
    relationships: dict[str, list[Row]] = field(default_factory=dict)

    def entity_labels(self) -> dict[str, str]:
        """Entity id -> its type label."""
        return {row["id"]: label for label, rows in self.entities.items() for row in rows}

    def counts(self) -> dict[str, int]:
        out = {label: len(rows) for label, rows in sorted(self.entities.items()) if rows}
        out["Document"] = len(self.documents)
        out["MENTIONED_IN"] = len(self.mentions)
        out.update({t: len(rows) for t, rows in sorted(self.relationships.items()) if rows})
        return {k: v for k, v in out.items() if v}

    @property
    def relationship_count(self) -> int:
        return len(self.mentions) + sum(len(rows) for rows in self.relationships.values())


def action_id(edge_id: str, ev: Evidence) -> str:
    """The id of the relationship standing for one evidence sentence of an edge."""
    return stable_id(edge_id, ev.doc_id, str(ev.start))


def _entity_row(node: Node) -> Row:
    # lookup: the name and aliases lower-cased, so queries find "putin" with `IN e.lookup`
    lookup = sorted({a.lower() for a in (node.name, *node.aliases)})
    row: Row = {"id": node.id, "name": node.name, "type": node.type, "aliases": list(node.aliases),
                "lookup": lookup, "roles": list(node.roles), "mentions": node.mentions, "documents": node.documents,
                "community": node.community, "country": node.country, "subtype": node.subtype}
    row.update({m: float(node.metrics[m]) if m in node.metrics else None for m in CENTRALITIES})
    return row


def property_graph(graph: Graph, documents: Mapping[str, Mapping[str, Any]] | None = None,
                   mention_counts: Mapping[tuple[str, str], int] | None = None) -> PropertyGraph:
    """Rows for ``graph`` (analysed, so nodes carry centralities).

    ``documents`` (id -> title, source, date, url) and ``mention_counts`` ((entity id,
    document id) -> count, entity ids already merged) add Document nodes and
    MENTIONED_IN relationships; a selected subgraph is written without them.
    """
    types = relation_types()
    pg = PropertyGraph(entities={label: [] for label in ENTITY_LABELS})
    for node in graph.nodes:
        if node.type not in ENTITY_LABELS:
            continue
        pg.entities[node.type].append(_entity_row(node))
    ids = {node.id for node in graph.nodes if node.type in ENTITY_LABELS}
    for doc_id, meta in sorted((documents or {}).items()):
        pg.documents.append({"id": doc_id, **{k: meta.get(k) for k in DOCUMENT_PROPERTIES if k != "id"}})
    docs = {row["id"] for row in pg.documents}
    pg.mentions = [{"entity": e, "doc": d, "count": n} for (e, d), n in sorted((mention_counts or {}).items())
                   if e in ids and d in docs]
    for edge in graph.edges:
        if edge.type not in types or edge.source not in ids or edge.target not in ids:
            continue
        rows = pg.relationships.setdefault(edge.type, [])
        if edge.type == CO_MENTIONED:
            props: Row = {"id": edge.id, "weight": edge.weight,
                          "docs": sorted({ev.doc_id for ev in edge.evidence})}
            rows.append({"source": edge.source, "target": edge.target, "props": props})
            continue
        rt = types[edge.type]
        seen = set()
        for ev in edge.evidence:
            if (ev.doc_id, ev.start) in seen:  # one sentence, one relationship
                continue
            seen.add((ev.doc_id, ev.start))
            props = {"id": action_id(edge.id, ev), "edge_id": edge.id, "doc_id": ev.doc_id,
                     "sentence": ev.sentence, "sentence_start": ev.start, "sentence_end": ev.end,
                     "date": ev.date, "date_text": ev.date_text, "verb": ev.verb, "negated": ev.negated,
                     "hypothetical": ev.hypothetical, "reported_by": ev.reported_by,
                     "inferred": ev.inferred, "cameo": rt.cameo, "quad_class": rt.quad}
            rows.append({"source": edge.source, "target": edge.target, "props": props})
    return pg


# -- back: nodes and relationships from a query result -> the neutral model --------------------

def _node(key: str, labels: Iterable[str], props: Mapping[str, Any]) -> Node | None:
    label = next((lab for lab in labels if lab in ENTITY_LABELS), props.get("type"))
    if label not in ENTITY_LABELS or not props.get("id"):
        return None
    metrics = {m: float(props[m]) for m in CENTRALITIES if isinstance(props.get(m), (int, float))}
    metrics["mentions"] = int(props.get("mentions") or 0)
    return Node(str(props["id"]), str(props.get("name") or props["id"]), label,
                tuple(props.get("aliases") or ()), int(props.get("mentions") or 0),
                int(props.get("documents") or 0), metrics, props.get("community"),
                tuple(props.get("roles") or ()), props.get("country"), props.get("subtype"))


def _evidence(props: Mapping[str, Any]) -> Evidence:
    return Evidence(str(props.get("doc_id") or ""), str(props.get("sentence") or ""),
                    int(props.get("sentence_start") or 0), int(props.get("sentence_end") or 0),
                    props.get("date"), props.get("date_text"), props.get("verb"),
                    bool(props.get("negated")), bool(props.get("hypothetical")), props.get("reported_by"),
                    bool(props.get("inferred")))


def graph_from_elements(nodes: Iterable[Any], rels: Iterable[Any],
                        titles: Callable[[list[str]], dict[str, str]] | None = None,
                        description: str = "query") -> Graph:
    """The neutral graph of the entity nodes and relationships a query returned.

    ``nodes`` and ``rels`` are :class:`graph.results.NodeValue` and ``RelValue``; each
    relationship's end nodes must be among ``nodes``. Documents, MENTIONED_IN and
    relationship types outside the taxonomy are left out. Action relationships of one
    (type, source, target) become one edge whose evidence is their sentences.
    """
    nodes, rels = list(nodes), list(rels)
    if not nodes and not rels:
        raise QueryError("The query returned no nodes, relationships or paths to export. "
                         "Hint: return them, e.g. MATCH p = (:Person)-[:MET]-(:Person) RETURN p.")
    types = relation_types()
    by_key: dict[str, Node] = {}
    for value in nodes:
        node = _node(value.key, value.labels, value.properties)
        if node is not None:
            by_key[value.key] = node
    grouped: dict[str, tuple[str, str, str, dict[str, Evidence], int]] = {}
    for rel in rels:
        if rel.type not in types or rel.start not in by_key or rel.end not in by_key:
            continue
        source, target = by_key[rel.start].id, by_key[rel.end].id
        derived, source, target = relation_id(rel.type, source, target, types[rel.type].symmetric)
        # The id the edge had when pushed (equal to the derived one for stored graphs).
        edge_id = str(rel.properties.get("edge_id" if rel.type != CO_MENTIONED else "id") or derived)
        _, _, _, evidence, weight = grouped.setdefault(edge_id, (rel.type, source, target, {}, 0))
        if rel.type == CO_MENTIONED:
            weight = int(rel.properties.get("weight") or 1)
        else:
            ev = _evidence(rel.properties)
            evidence[str(rel.properties.get("id") or rel.key)] = ev
            weight = Edge.count(evidence.values())  # asserted sentences, as the store counts
        grouped[edge_id] = (rel.type, source, target, evidence, weight)
    edges = []
    for edge_id, (type_, source, target, evidence, weight) in sorted(grouped.items()):
        ev = tuple(sorted(evidence.values(), key=lambda e: (e.date or "", e.doc_id, e.start)))
        edges.append(Edge(edge_id, source, target, type_, weight, not types[type_].symmetric, ev))
    kept = {n.id: n for n in by_key.values()}
    doc_ids = sorted({ev.doc_id for e in edges for ev in e.evidence if ev.doc_id})
    meta: dict[str, Any] = {"documents": len(doc_ids), "titles": titles(doc_ids) if titles and doc_ids else {},
                            "selection": description}
    return Graph(tuple(sorted(kept.values(), key=lambda n: n.id)), tuple(edges), meta)
