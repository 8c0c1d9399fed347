"""The quick paths over the saved analysis (issue 12): `top` and `show` answer from SQL rows
exactly as from the whole graph, a new document or a curation rule recomputes, `build`
skips the page when nothing changed, betweenness split over processes stays exact, and a
command loads only the modules it needs. Hand-made store records; no spaCy."""

from __future__ import annotations

import subprocess
import sys
from importlib import import_module
from pathlib import Path

import networkx as nx
import pytest

import graph
from graph.analysis import backend, cached
from graph.errors import EntityNotFoundError
from graph.ingest import IngestReport
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
from graph.report import entity_sheet, format_sheet, format_summary, format_top
from graph.store import Store
from graph.store.curate import merge_entities, rename_entity

ROOT = Path(__file__).resolve().parent.parent

#: Each story: sentences of (subject, verb, relation, object); the names are the entities.
STORIES = [
    [("Vladimir Putin", "met", "MET", "Keir Starmer"), ("Keir Starmer", "called", "SPOKE_TO", "José Álvarez")],
    [("Emmanuel Macron", "met", "MET", "Vladimir Putin"), ("Putin", "called", "SPOKE_TO", "Olaf Scholz")],
    [("Keir Starmer", "met", "MET", "Emmanuel Macron"), ("Olaf Scholz", "called", "SPOKE_TO", "Ann Lee")],
    [("Ann Lee", "met", "MET", "Bo Lee"), ("Bo Lee", "called", "SPOKE_TO", "Cy Dee")],
]
ALIASES = {"Putin": "Vladimir Putin"}


def _story(i: int, story: list[tuple[str, str, str, str]]) -> tuple:
    sentences_text = [f"{a} {verb} {b}." for a, verb, _, b in story]
    text = " ".join(sentences_text)
    doc = Document(Document.make_id(text), text, f"story {i}", "test", f"2025-05-0{i + 1}")
    entities: dict[str, Entity] = {}
    mentions, sentences, relations = [], [], []
    start = 0
    for k, ((a, verb, rel, b), sentence) in enumerate(zip(story, sentences_text)):
        sentences.append(Sentence(start, start + len(sentence), sentence))
        ids = []
        for name in (a, b):
            canonical = ALIASES.get(name, name)
            entity = entities.setdefault(canonical, Entity(Entity.make_id(canonical), canonical, "Person",
                                                           tuple(sorted({canonical, name}))))
            if name not in entity.aliases:
                entity = entities[canonical] = Entity(entity.id, entity.name, entity.type,
                                                      tuple(sorted({*entity.aliases, name})))
            at = start + sentence.index(name)
            mentions.append(Mention(doc.id, at, at + len(name), name, entity.id, k, "Person"))
            ids.append(entity.id)
        ev = Evidence(doc.id, sentence, start, start + len(sentence), doc.date, None, verb)
        relations.append(Relation(ids[0], ids[1], rel, ev))
        start += len(sentence) + 1
    return doc, list(entities.values()), mentions, sentences, relations


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "store.db")
    with Store(path) as store:
        for i, story in enumerate(STORIES[:3]):
            store.add_document(*_story(i, story))
    return path


def _same_answers(db: str) -> None:
    """`top` and `show` give, from the saved rows, what they give from the whole graph."""
    full = graph.load_graph(db)
    for by in graph.METRICS:
        for types in ((), ("Person",), ("Place",)):
            fast = graph.load_nodes(db, metrics=[by])
            whole = graph.load_graph(db, metrics=[by])
            if types:
                fast, whole = (graph.select(g, graph.Selection(types=types)) for g in (fast, whole))
            assert format_top(fast, by, 5) == format_top(whole, by, 5)
    for name in ("Vladimir Putin", "putin", "PUTIN", "jose alvarez", "Starmer", "Lee", "Ann Lee", "Macron"):
        try:
            expected = format_sheet(entity_sheet(full, name))
        except EntityNotFoundError as exc:
            with pytest.raises(EntityNotFoundError) as raised:
                graph.load_entity(db, name)
            assert str(raised.value) == str(exc) and raised.value.suggestions == exc.suggestions
            continue
        assert format_sheet(entity_sheet(graph.load_entity(db, name), name)) == expected
        some = ["degree", "pagerank", "mentions"]  # what `show` prints
        assert format_sheet(entity_sheet(graph.load_entity(db, name, metrics=some), name)) == \
            format_sheet(entity_sheet(graph.load_graph(db, metrics=some), name))


def test_top_and_show_from_the_saved_rows_equal_the_whole_graphs(db, computed):
    graph.load_graph(db)
    _same_answers(db)
    assert len(computed) == 1  # every answer above came from the one saved analysis


def test_the_quick_paths_rebuild_no_graph_and_read_one_entitys_edges(db, computed, monkeypatch):
    graph.load_graph(db)

    def no_reading(self):
        raise AssertionError("the graph was rebuilt from the tables")

    monkeypatch.setattr(Store, "load_graph", no_reading)
    with Store(db) as store:
        nodes = cached.analysed_nodes(store, metrics=["betweenness"])
        around = cached.entity_graph(store, "Ann Lee")
    assert nodes.edges == () and len(nodes.nodes) == 6
    assert {n.name for n in around.nodes} == {"Ann Lee", "Olaf Scholz"} and len(around.edges) == 1
    assert {k for n in nodes.nodes for k in n.metrics} == {"betweenness"} and len(computed) == 1


def test_a_new_document_and_a_curation_rule_recompute_what_top_and_show_read(db, computed):
    assert graph.load_nodes(db, metrics=["degree"]) and len(computed) == 1
    graph.load_entity(db, "Ann Lee")
    assert len(computed) == 1
    with Store(db) as store:
        store.add_document(*_story(3, STORIES[3]))  # Ann Lee meets Bo Lee
    sheet = format_sheet(entity_sheet(graph.load_entity(db, "Ann Lee"), "Ann Lee"))
    assert "MET Bo Lee" in sheet and len(computed) == 2
    assert format_top(graph.load_nodes(db, metrics=["degree"]), "degree", 1).splitlines()[2].split()[1:3] == \
        ["Keir", "Starmer"]
    _same_answers(db)
    assert len(computed) == 2
    with Store(db) as store:
        merge_entities(store, "Bo Lee", "Ann Lee")
    assert len(graph.load_nodes(db).nodes) == 7 and len(computed) == 3
    assert "MET Bo Lee" not in format_sheet(entity_sheet(graph.load_entity(db, "Ann Lee"), "Ann Lee"))
    with Store(db) as store:
        rename_entity(store, "Ann Lee", "Ann Lee-Dee")
    assert graph.load_entity(db, "Ann Lee-Dee").nodes and len(computed) == 4
    _same_answers(db)
    assert len(computed) == 4


def test_a_stale_analysis_is_computed_once_by_the_quick_paths(db, computed):
    with Store(db) as store:
        assert len(cached.entity_graph(store, "putin").edges) == 6  # 3 actions, 3 co-mentions
        cached.analysed_nodes(store)
        cached.analysed_graph(store)
    assert len(computed) == 1


# -- build: the page is skipped when nothing changed ----------------------------------------------

@pytest.fixture
def fake_ingest(monkeypatch) -> list[int]:
    """`build`'s ingest, minus spaCy: the sources are story numbers."""
    calls: list[int] = []

    def ingest(sources, store, **kwargs):
        report = IngestReport()
        for source in sources:
            doc = _story(int(source), STORIES[int(source)])
            report.read += 1
            if store.has_document(doc[0].id):
                report.unchanged += 1
            else:
                store.add_document(*doc)
                report.stored += 1
        calls.append(report.stored)
        return report

    monkeypatch.setattr(import_module("graph.build"), "ingest", ingest)  # graph.build is the function
    return calls


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    html = import_module("graph.export.html")  # graph.export is the function
    calls: list[int] = []
    original = html.write_html

    def counting(g, path, **kwargs):
        calls.append(len(g.nodes))
        return original(g, path, **kwargs)

    monkeypatch.setattr(html, "write_html", counting)
    return calls


def test_build_with_nothing_new_skips_layout_and_rendering(tmp_path, fake_ingest, renders, computed):
    out = tmp_path / "out"
    with Store(str(tmp_path / "s.db")) as store:
        first = graph.build(["0", "1"], store, out)
        page = first.html.read_bytes()
        again = graph.build(["0", "1"], store, out)
        assert first.rendered and not again.rendered and renders == [5] and len(computed) == 1
        assert again.html.read_bytes() == page and again.graph.nodes == first.graph.nodes
        assert "unchanged: nothing new since it was written" in format_summary(again)
        assert "unchanged" not in format_summary(first)
        # another selection, an edited page, a new document, a curation rule: rendered again
        graph.build(["0", "1"], store, out, selection=graph.Selection(types=("Person",), min_weight=2))
        assert len(renders) == 2
        graph.build(["0", "1"], store, out)
        assert len(renders) == 3
        first.html.write_text("edited", encoding="utf-8")
        graph.build(["0", "1"], store, out)
        assert len(renders) == 4 and first.html.read_bytes() == page
        graph.build(["0", "1"], store, out)
        assert len(renders) == 4
        graph.build(["2"], store, out)
        assert len(renders) == 5 and len(computed) == 2
        merge_entities(store, "Olaf Scholz", "Emmanuel Macron")
        graph.build([], store, out)
        assert len(renders) == 6 and len(computed) == 3
        graph.build([], store, tmp_path / "elsewhere")  # another page file
        assert len(renders) == 7


# -- betweenness in several processes -------------------------------------------------------------

def _neutral(g: nx.Graph) -> Graph:
    return Graph(tuple(Node(f"n{v}", f"N{v}", "Person") for v in g.nodes),
                 tuple(Edge(f"e{u}-{v}", f"n{u}", f"n{v}", "MET", 1, False) for u, v in g.edges))


@pytest.mark.parametrize("seed", [0, 1])
def test_betweenness_split_over_processes_is_exact(seed, monkeypatch):
    g = nx.disjoint_union(nx.barabasi_albert_graph(120, 2, seed=seed), nx.random_labeled_tree(30, seed=seed))
    p = backend.project(_neutral(g))
    monkeypatch.setattr(backend, "PARALLEL_MIN_WORK", 0)
    monkeypatch.setattr(backend, "_cores", lambda: 2)
    forked = []
    original = backend._split
    monkeypatch.setattr(backend, "_split", lambda jobs, parts: forked.append(parts) or original(jobs, parts))
    ours = backend.betweenness(p)
    assert forked == [2]
    exact = nx.betweenness_centrality(g, normalized=True)
    assert ours == pytest.approx({f"n{v}": x for v, x in exact.items()}, abs=1e-12)


def test_the_shares_hold_every_source_once():
    jobs = [(1, list(range(7))), (3, [10, 11]), (2, [20])]
    shares = backend._split(jobs, 2)
    dealt = sorted((w, v) for share in shares for w, group in share for v in group)
    assert dealt == sorted((w, v) for w, group in jobs for v in group)
    assert abs(sum(len(g) for _, g in shares[0]) - sum(len(g) for _, g in shares[1])) <= 2


# -- a command loads only what it needs ----------------------------------------------------------

def _modules_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys\nprint(' '.join(sys.modules))"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


HEAVY = {"networkx", "igraph", "numpy", "spacy", "scipy"}


def test_importing_the_package_loads_no_heavy_library():
    assert not HEAVY & _modules_after("import graph\nassert 'degree' in graph.METRICS")


def test_top_and_show_from_a_saved_analysis_load_no_heavy_library(db):
    graph.load_graph(db)  # saved
    code = (f"from click.testing import CliRunner\nimport cli\n"
            f"for args in (['top', '--by', 'betweenness'], ['top', '--types', 'Person'], ['show', 'putin']):\n"
            f"    r = CliRunner().invoke(cli.cli, ['--db', {db!r}, *args])\n"
            f"    assert r.exit_code == 0, r.output")
    assert not HEAVY & _modules_after(code)


def test_the_lazy_package_still_names_everything():
    assert set(graph.__all__) <= set(dir(graph))
    for name in graph.__all__:
        assert getattr(graph, name) is not None
    assert graph.analysis.metrics.METRICS is graph.METRICS
    with pytest.raises(AttributeError):
        graph.no_such_name  # noqa: B018
