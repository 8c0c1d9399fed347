"""The seed article end to end: the acceptance checks of the foundation issue."""

from __future__ import annotations

import pytest

from graph import Store, find_node, ingest
from graph.gazetteer.places import is_place

from .conftest import SEEDS

pytestmark = pytest.mark.slow


def _people(graph):
    return {n.name: n for n in graph.nodes if n.type == "Person"}


def test_trump_and_putin_are_single_person_nodes(seed_graph):
    people = _people(seed_graph)
    assert {"Mr Trump", "Trump", "Donald Trump"} <= set(people["Donald Trump"].aliases)
    assert {"Mr Putin", "Putin", "Vladimir Putin"} <= set(people["Vladimir Putin"].aliases)
    for name in seed_graph.nodes:
        assert name.name not in {"Trump", "Putin", "Mr Trump", "Mr Putin"}


def test_every_named_person_is_one_node(seed_graph):
    people = set(_people(seed_graph))
    assert {"Keir Starmer", "Emmanuel Macron", "Friedrich Merz", "Giorgia Meloni", "Volodymyr Zelensky",
            "J.D. Vance", "Bota Iliyas", "Lindsey Graham", "Alexander Stubb", "Marco Rubio",
            "Michael Kofman", "Sergei Markov", "Ben Barry", "Andrii Sybiha"} <= people
    assert not any(name.split()[-1] == other for name in people for other in people if name != other)


def test_no_place_is_a_person(seed_graph):
    for node in seed_graph.nodes:
        if node.type == "Person":
            assert not is_place(node.name), node.name
    types = {n.name: n.type for n in seed_graph.nodes}
    for place in ("Kyiv", "Tallinn", "Luhansk", "Zaporizhzhia", "Kherson", "Moscow", "Russia"):
        assert types[place] == "Place"
    assert "Bill" not in types and "n't" not in types and "n’t" not in types


def test_trump_putin_action_edge_with_evidence(seed_graph):
    trump = find_node(seed_graph, "Donald Trump")
    putin = find_node(seed_graph, "Vladimir Putin")
    [edge] = [e for e in seed_graph.edges if e.type == "SPOKE_TO"
              and (e.source, e.target) == (trump.id, putin.id)]
    [ev] = [ev for ev in edge.evidence if "spoke to his Russian counterpart" in ev.sentence]
    assert "Donald Trump spoke to his Russian counterpart Vladimir Putin on May 19" in ev.sentence
    assert ev.date_text == "May 19" and ev.verb == "spoke to" and ev.asserted
    headline = [ev for ev in edge.evidence if ev.sentence.startswith("Trump speaks to Putin")]
    assert headline and headline[0].asserted


def test_follow_up_call_reaches_four_leaders(seed_graph):
    trump = find_node(seed_graph, "Trump")
    names = {n.id: n.name for n in seed_graph.nodes}
    called = {names[e.target] for e in seed_graph.edges if e.type == "SPOKE_TO" and e.source == trump.id
              and "follow-up call" in e.evidence[0].sentence}
    assert called == {"Friedrich Merz", "Keir Starmer", "Emmanuel Macron", "Giorgia Meloni"}


def test_zelensky_met_vance(seed_graph):
    names = {n.id: n.name for n in seed_graph.nodes}
    met = {(names[e.source], names[e.target]) for e in seed_graph.edges if e.type == "MET"}
    assert ("Volodymyr Zelensky", "J.D. Vance") in met


def test_reingest_changes_nothing(seed_db, tmp_path):
    with Store(seed_db) as store:
        before = store.stats()
        report = ingest([str(SEEDS)], store)
        assert (report.read, report.stored, report.unchanged) == (1, 0, 1)
        assert store.stats() == before
