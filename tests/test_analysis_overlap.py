"""The re-analysis after new documents (issue 12): betweenness folds twins and stays exact,
runs wholly in forked children while the parent computes the rest and encodes the edges'
rows, and the rows saved are those encoded in one go. No spaCy."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from graph.analysis import backend, centrality
from graph.model import Edge, Evidence, Graph, Node
from graph.store import Store
from graph.store import analysis as cache


def _neutral(g: nx.Graph) -> Graph:
    return Graph(tuple(Node(f"n{v}", f"N{v}", "Person") for v in g.nodes),
                 tuple(Edge(f"e{u}-{v}", f"n{u}", f"n{v}", "MET", 1, False) for u, v in g.edges))


def _stories(seed: int) -> nx.Graph:
    """A graph shaped as news is: each story a clique of its people, some people in one
    story only (closed twins), some hanging off two hubs (open twins), some leaves."""
    rng = random.Random(seed)
    g = nx.Graph()
    g.add_nodes_from(range(12))  # the regulars
    nxt = 12
    for _ in range(25):
        people = rng.sample(range(12), rng.randint(1, 3)) + list(range(nxt, nxt + rng.randint(0, 4)))
        nxt += len(people)
        g.add_edges_from((a, b) for i, a in enumerate(people) for b in people[i + 1:])
    for hub_a, hub_b in ((0, 1), (2, 3)):
        for _ in range(3):
            g.add_edges_from(((nxt, hub_a), (nxt, hub_b)))
            nxt += 1
    for _ in range(6):
        g.add_edge(nxt, rng.randrange(nxt))
        nxt += 1
    g.add_edge(nxt, nxt + 1)  # a lone pair: twins with no third node
    g.add_node(nxt + 2)  # an isolated node
    return g


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("forked", [False, True])
def test_betweenness_with_twins_folded_is_exact(seed, forked, monkeypatch):
    g = _stories(seed)
    p = backend.project(_neutral(g))
    if forked:
        monkeypatch.setattr(backend, "PARALLEL_MIN_WORK", 0)
        monkeypatch.setattr(backend, "_cores", lambda: 2)
    exact = {f"n{v}": x for v, x in nx.betweenness_centrality(g, normalized=True).items()}
    assert backend.betweenness(p) == pytest.approx(exact, abs=1e-12)
    assert backend.start_betweenness(p)() == pytest.approx(exact, abs=1e-12)


def test_twins_are_grouped_once_each():
    # 0-1-2 a story clique with hub 3 (0, 1, 2 closed twins); 4 and 5 both hang off 3 and 6
    g = nx.Graph([(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3), (4, 3), (4, 6), (5, 3), (5, 6), (6, 7)])
    neighbours = [sorted(g[v]) for v in range(8)]
    classes = backend._twins(neighbours, [0, 1, 2, 3, 4, 5, 6])
    assert sorted(map(sorted, classes)) == [[0, 1, 2], [3], [4, 5], [6]]


def test_started_betweenness_leaves_the_parent_free(monkeypatch):
    g = nx.barabasi_albert_graph(150, 2, seed=3)
    p = backend.project(_neutral(g))
    monkeypatch.setattr(backend, "PARALLEL_MIN_WORK", 0)
    monkeypatch.setattr(backend, "_cores", lambda: 2)
    in_parent: list[int] = []
    original = backend._weighted_sources
    # forked children inherit the patch but their calls are not seen here
    monkeypatch.setattr(backend, "_weighted_sources",
                        lambda graph, jobs: in_parent.append(sum(len(s) for _, s in jobs)) or original(graph, jobs))
    pending = backend.start_betweenness(p)
    assert in_parent == [0]  # both shares run in the children
    exact = {f"n{v}": x for v, x in nx.betweenness_centrality(g, normalized=True).items()}
    assert pending() == pytest.approx(exact, abs=1e-12)


def _graph() -> Graph:
    ev = [Evidence(f"d{i}", f"Sentence {i % 3}.", 0, 11, "2025-01-01", None, "met") for i in range(4)]
    nodes = tuple(Node(f"n{i}", f"N{i}", "Person", (f"N{i}",), mentions=i + 1) for i in range(5))
    edges = tuple(Edge(f"e{i}", f"n{i}", f"n{(i + 1) % 5}", "MET", 1 + i % 2, i % 2 == 0, evidence=(ev[i % 4], ev[0]))
                  for i in range(5))
    return Graph(nodes, edges, {"documents": 4})


def _summary(g: Graph) -> tuple:
    return g, [(n.id, n.metrics, n.community) for n in g.nodes]  # metrics are not in Node's ==


def test_edges_encoded_apart_give_the_same_rows():
    graph = centrality.analyze(_graph())
    assert cache.encode_graph(graph, cache.encode_edges(_graph())) == cache.encode_graph(graph)
    rows = cache.encode_graph(graph)
    assert rows is not None and _summary(cache.decode_graph(rows)) == _summary(graph)


def _loaded(self, *, on_topology=None) -> Graph:
    # the store's order: the topology goes out before the evidence is joined
    g = _graph()
    if on_topology is not None:
        on_topology(tuple(n.id for n in g.nodes), {(e.source, e.target) for e in g.edges})
    return g


def test_the_store_analysis_encodes_the_edges_while_betweenness_runs(tmp_path, monkeypatch):
    events: list[str] = []
    start, encode = backend.start_betweenness_of, cache.encode_edges

    def started(ids, pairs):
        pending = start(ids, pairs)
        return lambda: events.append("betweenness joined") or pending()

    monkeypatch.setattr(backend, "start_betweenness_of", started)
    monkeypatch.setattr(cache, "encode_edges", lambda g: events.append("edges encoded") or encode(g))
    monkeypatch.setattr(Store, "load_graph", _loaded)
    with Store(str(tmp_path / "s.db")) as store:
        first = centrality.analyze_store(store)
        assert events == ["edges encoded", "betweenness joined"]
        assert _summary(first) == _summary(centrality.analyze(_graph()))
        events.clear()
        assert _summary(centrality.analyze_store(store)) == _summary(first)  # read back from the saved rows
        assert events == []


def test_betweenness_starts_from_the_store_before_the_evidence_is_read(tmp_path, monkeypatch):
    """A real store: betweenness starts on the curated topology (merged entities, dropped
    ones gone) before the evidence is read, and gives what the whole graph's projection gives."""
    from graph.model import Document, Entity, Mention, Relation, Sentence

    events: list[str] = []
    start, raw_edges = backend.start_betweenness_of, Store._raw_edges
    monkeypatch.setattr(backend, "start_betweenness_of",
                        lambda ids, pairs: events.append("betweenness started") or start(ids, pairs))
    monkeypatch.setattr(Store, "_raw_edges", lambda self: events.append("evidence read") or raw_edges(self))
    names = ["Ann Lee", "Bob Roe", "Cy Dee", "Lee", "Di Poe"]
    text = " ".join(f"{n} spoke." for n in names)
    ents = [Entity(f"e{i}", n, "Person", (n,)) for i, n in enumerate(names)]
    mentions, sentences, offset = [], [], 0
    for i, n in enumerate(names):
        mentions.append(Mention("d1", offset, offset + len(n), n, f"e{i}", i, "Person"))
        sentences.append(Sentence(offset, offset + len(n) + 7, f"{n} spoke."))
        offset += len(n) + 8
    rels = [Relation(f"e{a}", f"e{b}", "MET", Evidence("d1", sentences[a].text, sentences[a].start, sentences[a].end))
            for a, b in ((0, 1), (1, 2), (3, 2), (2, 4), (1, 4), (3, 0))]
    with Store(str(tmp_path / "s.db")) as store:
        store.add_document(Document("d1", text, "t", "src"), ents, mentions, sentences, rels)
        store.add_rule("drop", "e4")
        analysed = centrality.analyze_store(store)
        plain = store.load_graph()
    assert events[:2] == ["betweenness started", "evidence read"]
    assert plain.meta["merged"]["e3"] == "e0"  # the lone surname joins its full name
    assert "e3" not in {n.id for n in analysed.nodes} and "e4" not in {n.id for n in analysed.nodes}
    expected = {n.id: n.metrics["betweenness"] for n in centrality.analyze(plain).nodes}
    assert {n.id: n.metrics["betweenness"] for n in analysed.nodes} == expected
