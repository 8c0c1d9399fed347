"""The property graph: rows for Neo4j and the embedded engine, and back to the neutral model."""

from __future__ import annotations

import dataclasses

import pytest

from graph.analysis.centrality import analyze
from graph.errors import QueryError
from graph.model import Evidence
from graph.cypher.propgraph import action_id, graph_from_elements, property_graph
from graph.cypher.results import NodeValue, PathValue, QueryResult, RelValue, format_result, readable
from graph.export.script import cypher_script

from .small import small_graph


def _graph():
    """The small graph, each evidence sentence at its own offset (as in a store)."""
    g = small_graph()
    edges = tuple(dataclasses.replace(e, evidence=tuple(dataclasses.replace(ev, start=i * 100 + k)
                                                        for k, ev in enumerate(e.evidence)))
                  for i, e in enumerate(g.edges))
    return analyze(dataclasses.replace(g, edges=edges))


def _pg():
    docs = {"d1": {"title": "First", "source": "a.txt", "date": "2025-05-01", "url": None},
            "d2": {"title": "Second", "source": "b.txt", "date": None, "url": None}}
    return property_graph(_graph(), docs, {("a", "d1"): 3, ("c", "d2"): 2, ("zz", "d1"): 1})


def test_rows_per_label_and_type():
    pg = _pg()
    assert pg.counts() == {"Person": 3, "Place": 1, "Document": 2, "MENTIONED_IN": 2, "CO_MENTIONED": 2,
                           "MET": 2, "SPOKE_TO": 1}
    # Sentences at one offset are one relationship.
    assert len(property_graph(analyze(small_graph())).relationships["MET"]) == 1
    alice = next(r for r in pg.entities["Person"] if r["id"] == "a")
    assert alice["lookup"] == ["alice adams", "ms adams"] and alice["aliases"] == ["Alice Adams", "Ms Adams"]
    assert alice["pagerank"] > 0 and isinstance(alice["degree"], float)
    met = pg.relationships["MET"]
    assert {r["props"]["date"] for r in met} == {"2025-05-01", "2025-05-03"}
    assert {r["props"]["edge_id"] for r in met} == {"e1"} and met[0]["props"]["cameo"] == "04"
    co = {r["props"]["id"]: r["props"] for r in pg.relationships["CO_MENTIONED"]}
    assert co["e4"] == {"id": "e4", "weight": 3, "docs": ["d2"]}
    assert pg.relationship_count == 2 + 2 + 2 + 1  # mentions of unknown entities are dropped


def test_action_ids_are_stable_per_evidence():
    ev = Evidence("d1", "Alice met Bob.", 0, 14)
    assert action_id("e1", ev) == action_id("e1", Evidence("d1", "other text", 0, 99))
    assert action_id("e1", ev) != action_id("e1", Evidence("d1", "Alice met Bob.", 15, 30))
    assert len({r["props"]["id"] for rows in _pg().relationships.values() for r in rows}) == 5


def _elements(pg):
    labels = pg.entity_labels()
    nodes = [NodeValue(f"n{r['id']}", ("Entity", labels[r["id"]]), dict(r)) for rows in pg.entities.values()
             for r in rows]
    rels = [RelValue(f"r{r['props']['id']}", t, f"n{r['source']}", f"n{r['target']}", dict(r["props"]))
            for t, rows in pg.relationships.items() for r in rows]
    return nodes, rels


def test_query_elements_come_back_as_the_same_graph():
    original = _graph()
    nodes, rels = _elements(property_graph(original))
    back = graph_from_elements(nodes, rels, lambda ids: {i: i.upper() for i in ids})
    assert {n.id: (n.name, n.type, n.aliases, n.mentions) for n in back.nodes} == {
        n.id: (n.name, n.type, n.aliases, n.mentions) for n in original.nodes}
    assert {n.id: n.metrics["pagerank"] for n in back.nodes} == {n.id: n.metrics["pagerank"] for n in original.nodes}
    assert [(e.id, e.source, e.target, e.type, e.weight) for e in back.edges] == sorted(
        (e.id, e.source, e.target, e.type, e.weight) for e in original.edges)
    met = next(e for e in back.edges if e.type == "MET")
    assert [ev.sentence for ev in met.evidence] == ["Alice met Bob.", "Alice met Bob again."]
    assert back.meta["titles"] == {"d1": "D1"}


def test_relationships_without_their_nodes_or_outside_the_taxonomy_are_dropped():
    nodes, rels = _elements(property_graph(analyze(small_graph())))
    rels.append(RelValue("x", "LIKES", nodes[0].key, nodes[1].key, {}))
    back = graph_from_elements(nodes[:2], rels)
    assert len(back.nodes) == 2 and all(e.type != "LIKES" for e in back.edges)
    with pytest.raises(QueryError, match="no nodes, relationships or paths"):
        graph_from_elements([], [])


def test_results_print_readably():
    a = NodeValue("1", ("Entity", "Person"), {"name": "Donald Trump"})
    b = NodeValue("2", ("Entity", "Person"), {"name": "Vladimir Putin"})
    r = RelValue("3", "SPOKE_TO", "1", "2", {"date_text": "May 19"})
    path = PathValue((b, a), (r,))
    assert readable(path) == "(Vladimir Putin:Person)<-[:SPOKE_TO]-(Donald Trump:Person)"
    result = QueryResult(("p", "n"), [(path, 1.5)], "test")
    assert format_result(result).splitlines()[2].startswith("(Vladimir Putin:Person)<-[:SPOKE_TO]-")
    assert format_result(result, "csv").splitlines()[1] == \
        "(Vladimir Putin:Person)<-[:SPOKE_TO]-(Donald Trump:Person),1.5"
    assert '"start": 1' in format_result(result, "json")
    assert result.elements() == ([b, a], [r])


def test_cypher_script_is_one_statement_per_line():
    lines = list(cypher_script(analyze(small_graph())))
    assert all(line.endswith(";") or line.startswith("//") for line in lines)
    assert any("Carol <b>Cox</b>" in line for line in lines)
