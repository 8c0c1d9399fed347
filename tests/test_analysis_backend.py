"""The compiled analysis backend agrees with networkx, and the store caches its results per
store state. Hand-made and seeded random graphs, hand-made store records; no spaCy."""

from __future__ import annotations

import dataclasses
import random
import sqlite3
from collections.abc import Callable

import networkx as nx
import pytest

import graph
from graph.analysis import backend, centrality, reference
from graph.analysis.centrality import METRICS, analyze, analyze_store, undirected
from graph.model import (
    Document,
    Edge,
    Entity,
    Evidence,
    Graph,
    Mention,
    Node,
    Relation,
    Sentence,
)
from graph.store import Store
from graph.store import analysis as cache
from graph.store.curate import merge_entities

from .small import small_graph

TYPES = (("MET", True), ("SPOKE_TO", True), ("CO_MENTIONED", False), ("ALLIED_WITH", False))


def from_networkx(g: nx.Graph, seed: int, *, zero_weights: bool = False) -> Graph:
    """A neutral graph on ``g``'s topology: random relation types and directions (so pairs
    get parallel typed edges), weights 1-4 (some 0 when ``zero_weights``), a few self-loops."""
    rnd = random.Random(seed)
    nodes = tuple(Node(f"n{v}", f"Node {v}", "Person", mentions=rnd.randint(1, 5)) for v in g.nodes)
    edges = []
    for i, (u, v) in enumerate(g.edges):
        for type_, directed in rnd.sample(TYPES, rnd.choice((1, 1, 2))):
            s, t = (u, v) if rnd.random() < 0.5 else (v, u)
            weight = 0 if zero_weights and rnd.random() < 0.1 else rnd.randint(1, 4)
            edges.append(Edge(f"e{i}{type_}", f"n{s}", f"n{t}", type_, weight, directed))
    for v in rnd.sample(list(g.nodes), min(2, len(g))):
        edges.append(Edge(f"loop{v}", f"n{v}", f"n{v}", "CO_MENTIONED", 1, False))
    return Graph(nodes, tuple(edges))


def disconnected(seed: int) -> nx.Graph:
    """Components of every size: isolated nodes, pairs, a path, a star, two random blobs."""
    parts = [nx.empty_graph(3), nx.path_graph(2), nx.path_graph(5), nx.star_graph(6),
             nx.gnp_random_graph(25, 0.2, seed=seed), nx.barabasi_albert_graph(30, 2, seed=seed)]
    return nx.disjoint_union_all(parts)


GRAPHS: dict[str, Callable[[], Graph]] = {
    "small": small_graph,
    "karate": lambda: from_networkx(nx.karate_club_graph(), 1),
    "gnp": lambda: from_networkx(nx.gnp_random_graph(60, 0.08, seed=2), 2),
    "barabasi": lambda: from_networkx(nx.barabasi_albert_graph(80, 2, seed=3), 3),
    "tree": lambda: from_networkx(nx.random_labeled_tree(40, seed=4), 4),
    "disconnected": lambda: from_networkx(disconnected(5), 5),
    "zero-weights": lambda: from_networkx(nx.gnp_random_graph(50, 0.1, seed=6), 6, zero_weights=True),
}
# Per node of the graph. networkx stops its power iterations when a step changes the values by
# less than 1e-6 per node, which leaves them about that far (more on slowly converging trees)
# from the exact values igraph computes; the test below checks those against converged networkx.
TOLERANCE = {"degree": 0.0, "weighted_degree": 0.0, "betweenness": 0.0, "pagerank": 1e-6, "eigenvector": 1e-5}


@pytest.mark.parametrize("name", GRAPHS)
def test_centralities_agree_with_the_old_networkx_analysis(name):
    g = GRAPHS[name]()
    ours = {n.id: n.metrics for n in analyze(g).nodes}
    theirs = {n.id: n.metrics for n in reference.analyze(g, exact_max_nodes=10**6).nodes}
    assert ours.keys() == theirs.keys()
    for metric, tol in TOLERANCE.items():
        worst = max(abs(ours[k][metric] - theirs[k][metric]) for k in ours)
        assert worst <= tol * len(ours) + 1e-6, (metric, worst)  # 1e-6: both round to 6 decimals
    assert all(ours[k]["mentions"] == theirs[k]["mentions"] for k in ours)


@pytest.mark.parametrize("name", GRAPHS)
def test_pagerank_and_eigenvector_match_converged_networkx(name):
    g = GRAPHS[name]()
    p = backend.project(g)
    exact = nx.pagerank(reference.directed(g), weight="weight", tol=1e-13, max_iter=100_000)
    assert backend.pagerank(p) == pytest.approx(exact, abs=1e-10)
    exact = reference.eigenvector(undirected(g), tol=1e-13)
    assert backend.eigenvector(p) == pytest.approx(exact, abs=1e-7)


def _partition(g: Graph) -> list[set[str]]:
    groups: dict[int, set[str]] = {}
    for n in g.nodes:
        groups.setdefault(n.community, set()).add(n.id)
    return list(groups.values())


@pytest.mark.parametrize("name", GRAPHS)
def test_communities_are_as_good_as_networkx_louvain(name):
    g = GRAPHS[name]()
    simple = undirected(g)
    ours = analyze(g)
    assert all(n.community is not None for n in ours.nodes)
    quality = nx.community.modularity(simple, _partition(ours), weight="weight")
    louvain = nx.community.modularity(simple, _partition(reference.analyze(g)), weight="weight")
    assert quality >= louvain - 0.01


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_clear_cut_communities_are_found_exactly_and_numbered_by_size(seed):
    # four cliques of 8, 7, 6 and 5 people, each tied to the next by one weak edge
    cliques = [nx.complete_graph(k) for k in (8, 7, 6, 5)]
    g = nx.disjoint_union_all(cliques)
    starts = [0, 8, 15, 21]
    g.add_edges_from((starts[i], starts[i + 1]) for i in range(3))
    neutral = from_networkx(g, seed)
    ours, theirs = analyze(neutral), reference.analyze(neutral)
    assert sorted(map(sorted, _partition(ours))) == sorted(map(sorted, _partition(theirs)))
    sizes = [sum(n.community == c for n in ours.nodes) for c in range(4)]
    assert sizes == [8, 7, 6, 5]


def test_betweenness_is_exact_beyond_the_old_sampling_threshold():
    # 2,100 nodes: networkx was given 500 sampled pivots here; the path's middle is exact now
    g = nx.disjoint_union(nx.path_graph(41), nx.empty_graph(2059))
    neutral = Graph(tuple(Node(f"n{v}", f"N{v}", "Person") for v in g.nodes),
                    tuple(Edge(f"e{u}", f"n{u}", f"n{v}", "MET", 1, False) for u, v in g.edges))
    n = g.number_of_nodes()
    middle = {n.id: n.metrics["betweenness"] for n in analyze(neutral).nodes}["n20"]
    assert middle == pytest.approx(round(20 * 20 / ((n - 1) * (n - 2) / 2), 6))


def test_analysis_is_repeatable_and_metrics_are_limited_on_request():
    g = GRAPHS["barabasi"]()
    first, second = analyze(g), analyze(g)
    assert [(n.metrics, n.community) for n in first.nodes] == [(n.metrics, n.community) for n in second.nodes]
    assert list(analyze(g, metrics=["betweenness", "pagerank"]).nodes[0].metrics) == ["pagerank", "betweenness"]


def test_empty_and_edgeless_graphs():
    assert analyze(Graph((), ())).nodes == ()
    [node] = analyze(Graph((Node("a", "A", "Person"),), ())).nodes
    assert node.metrics["pagerank"] == 1.0 and node.metrics["betweenness"] == 0 and node.community is None


def test_users_still_get_networkx_graphs():
    g = graph.to_networkx(analyze(small_graph()))
    assert isinstance(g, nx.MultiDiGraph) and g.nodes["c"]["betweenness"] == pytest.approx(2 / 3)


# -- the cache in the store ------------------------------------------------------------------------

def _record(i: int) -> tuple[Document, list[Entity], list[Mention], list[Sentence], list[Relation]]:
    """Document ``i``: Alice{i} met Bob{i}; Carol called Alice{i}."""
    a_name, b_name, hub_name = f"Alice{i}", f"Bob{i}", "Carol"
    first, second = f"{a_name} met {b_name}.", f"{hub_name} called {a_name}."
    text = f"{first} {second}"
    doc = Document(Document.make_id(text), text, f"story {i}", "test", "2025-05-01")
    a, b, hub = (Entity(Entity.make_id(n), n, "Person", (n,)) for n in (a_name, b_name, hub_name))
    s2 = len(first) + 1
    b_at = text.index(b_name)
    mentions = [Mention(doc.id, 0, len(a_name), a_name, a.id, 0, "Person"),
                Mention(doc.id, b_at, b_at + len(b_name), b_name, b.id, 0, "Person"),
                Mention(doc.id, s2, s2 + len(hub_name), hub_name, hub.id, 1, "Person")]
    sentences = [Sentence(0, len(first), first), Sentence(s2, len(text), second)]
    ev1 = Evidence(doc.id, first, 0, len(first), None, None, "met")
    ev2 = Evidence(doc.id, second, s2, len(text), None, None, "called")
    relations = [Relation(a.id, b.id, "MET", ev1), Relation(hub.id, a.id, "SPOKE_TO", ev2)]
    return doc, [a, b, hub], mentions, sentences, relations


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "store.db")
    with Store(path) as store:
        for i in range(4):
            store.add_document(*_record(i))
    return path


def _summary(g: Graph) -> list[tuple[str, dict[str, float], int | None]]:
    return sorted((n.id, n.metrics, n.community) for n in g.nodes)


def _fresh(store: Store, computed: list[int]) -> list[tuple[str, dict[str, float], int | None]]:
    """The analysis computed afresh, not counted as one of the store's."""
    expected = _summary(analyze(store.load_graph()))
    computed.pop()
    return expected


def test_the_analysis_is_computed_once_per_store_state(db, computed):
    with Store(db) as store:
        first = analyze_store(store)
        again = analyze_store(store)
        assert computed == [9]
        assert _summary(first) == _summary(again) == _fresh(store, computed)
        store.add_document(*_record(4))  # a new document: recomputed
        assert len(analyze_store(store).nodes) == 11 and computed == [9, 11]
        analyze_store(store)
        assert computed == [9, 11]
        merge_entities(store, "Bob0", "Alice0")  # a curation rule: recomputed
        merged = analyze_store(store)
        assert len(merged.nodes) == 10 and computed == [9, 11, 10]
        assert _summary(merged) == _fresh(store, computed)
    # another process (here: another connection) reads the saved analysis
    assert _summary(graph.load_graph(db)) == _summary(merged) and computed == [9, 11, 10]


def test_a_new_analysis_version_or_other_code_recomputes(db, computed, monkeypatch):
    with Store(db) as store:
        analyze_store(store)
        monkeypatch.setattr(centrality, "ANALYSIS_VERSION", "something else")
        analyze_store(store)
        analyze_store(store)
        assert len(computed) == 2
        monkeypatch.setattr(cache, "code_digest", lambda: "an edited rules.py")  # the saved graph is stale
        analyze_store(store)
    assert len(computed) == 3


def test_load_graph_gives_the_metrics_asked_for_from_the_cache(db, computed):
    top = graph.load_graph(db, metrics=["pagerank"])
    assert {k for n in top.nodes for k in n.metrics} == {"pagerank"}
    full = graph.load_graph(db)
    assert list(full.nodes[0].metrics) == list(METRICS) and len(computed) == 1
    assert all(n.community is not None for n in full.nodes)


def _edge_record(text: str) -> Callable[[sqlite3.Connection], object]:
    return lambda conn: conn.execute("UPDATE analysis_edges SET data = ? WHERE ix = 0", (text,))


CORRUPTIONS: dict[str, Callable[[sqlite3.Connection], object]] = {
    "not json": _edge_record("not json{"),
    "a node of another shape": lambda conn: conn.execute("UPDATE analysis_nodes SET data = '[1]' WHERE ix = 0"),
    "an edge of another shape": _edge_record("[1, 2]"),
    "a sentence missing": lambda conn: conn.execute("DELETE FROM analysis_sentences"),
    "no meta row": lambda conn: conn.execute("DELETE FROM analysis_meta WHERE key = 'meta'"),
    "stale key": lambda conn: conn.execute("UPDATE analysis_meta SET value = 'old' WHERE key = 'state'"),
    "dropped edges table": lambda conn: conn.execute("DROP TABLE analysis_edges"),
    "dropped meta table": lambda conn: conn.execute("DROP TABLE analysis_meta"),
    "dropped nodes table": lambda conn: conn.execute("DROP TABLE analysis_nodes"),
    "dropped names table": lambda conn: conn.execute("DROP TABLE analysis_names"),
    "other edges shape": lambda conn: conn.executescript(
        "DROP TABLE analysis_edges; CREATE TABLE analysis_edges (x INTEGER)"),
    "other meta shape": lambda conn: conn.executescript(
        "DROP TABLE analysis_meta; CREATE TABLE analysis_meta (x INTEGER)"),
    "a table of an older version": lambda conn: conn.executescript(
        "DROP TABLE analysis_nodes; CREATE TABLE analysis_graph (part TEXT, data BLOB)"),
}


@pytest.mark.parametrize("damage", CORRUPTIONS)
def test_a_damaged_or_absent_cache_is_recomputed_and_repaired(db, computed, damage):
    with Store(db) as store:
        expected = _summary(analyze_store(store))
    conn = sqlite3.connect(db, isolation_level=None)
    CORRUPTIONS[damage](conn)
    conn.close()
    with Store(db) as store:
        assert _summary(analyze_store(store)) == expected and len(computed) == 2
        assert _summary(analyze_store(store)) == expected and len(computed) == 2  # repaired


def test_the_nodes_table_holds_each_nodes_metrics_and_community_for_sql(db):
    with Store(db) as store:
        g = analyze_store(store)
        rows = store.conn.execute("SELECT node_id, community, json_extract(metrics, '$.pagerank') "
                                  "FROM analysis_nodes").fetchall()
    assert sorted(rows) == sorted((n.id, n.community, n.metrics["pagerank"]) for n in g.nodes)


def test_a_locked_store_still_answers_without_saving(db, computed, monkeypatch):
    monkeypatch.setattr(cache, "WRITE_TIMEOUT_MS", 50)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    try:
        with Store(db) as store:
            assert len(analyze_store(store).nodes) == 9
            assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 50  # restored
    finally:
        other.execute("ROLLBACK")
    with Store(db) as store:
        analyze_store(store)
        analyze_store(store)
    assert len(computed) == 2


def test_graph_state_and_cache_come_from_one_snapshot(db, computed):
    """A document committed while the analysis reads is not in that answer, nor in its cache key."""
    with Store(db) as reader, Store(db) as writer:
        analyze_store(reader)
        selects: list[bool] = []

        def commit_during_read(sql: str) -> None:
            selects.append(sql.lstrip().upper().startswith("SELECT"))
            if sum(selects) == 2 and selects[-1]:
                writer.add_document(*_record(99))

        reader.conn.set_trace_callback(commit_during_read)
        try:
            during = analyze_store(reader)
        finally:
            reader.conn.set_trace_callback(None)
        assert writer.stats().documents == 5
        assert len(during.nodes) == 9 and len(computed) == 1  # the old state, from the cache
        assert len(analyze_store(reader).nodes) == 11 and len(computed) == 2


def test_the_saved_graph_is_the_stored_graph_and_spares_reading_the_tables(db, monkeypatch):
    with Store(db) as store:
        merge_entities(store, "Bob0", "Alice0")
        analyze_store(store)
        expected = store.load_graph()

        def no_reading(self):
            raise AssertionError("the graph was rebuilt from the tables")

        monkeypatch.setattr(Store, "load_graph", no_reading)
        warm = analyze_store(store)
    assert all(n.community is not None for n in warm.nodes)
    bare = tuple(dataclasses.replace(n, community=None) for n in warm.nodes)
    assert bare == expected.nodes and warm.edges == expected.edges and warm.meta == expected.meta
    assert [e.evidence for e in warm.edges] == [e.evidence for e in expected.edges]
    assert isinstance(warm.nodes[0].aliases, tuple) and isinstance(warm.edges[0].evidence[0].sentence, str)


def test_a_graph_with_unusual_meta_is_not_saved_but_still_analysed():
    g = dataclasses.replace(small_graph(), meta={"documents": 2, "pair": ("a", "b")})
    assert cache.encode_graph(g) is None
    back = cache.decode_graph(cache.encode_graph(small_graph()))
    assert back == small_graph() and back.meta == small_graph().meta
    with Store(":memory:") as store:
        assert len(analyze_store(store).nodes) == 0  # an empty store: analysed, saved, read back
        assert len(analyze_store(store).nodes) == 0
