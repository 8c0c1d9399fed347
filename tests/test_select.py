"""Subgraph selection."""

from __future__ import annotations

import pytest

from graph.analysis.centrality import analyze
from graph.errors import EntityNotFoundError, SelectionError
from graph.analysis.select import Selection, find_node, select

from .small import small_graph


def ids(g):
    return sorted(n.id for n in g.nodes), sorted(e.id for e in g.edges)


def test_whole_graph_by_default():
    assert ids(select(small_graph(), Selection())) == (["a", "b", "c", "d"], ["e1", "e2", "e3", "e4"])


@pytest.mark.parametrize("sel,expected", [
    (Selection(around="alice adams", hops=1), (["a", "b", "c"], ["e1", "e2", "e3"])),
    (Selection(around="Ms Adams", hops=2), (["a", "b", "c", "d"], ["e1", "e2", "e3", "e4"])),
    (Selection(around="Dover", hops=0), (["d"], [])),
    (Selection(types=("person",)), (["a", "b", "c"], ["e1", "e2", "e3"])),
    (Selection(relations=("MET", "spoke_to")), (["a", "b", "c"], ["e1", "e2"])),
    (Selection(min_weight=2), (["a", "b", "c", "d"], ["e1", "e4"])),
    (Selection(top=2, by="degree"), (["a", "c"], ["e3"])),
    (Selection(between=("alice adams", "DOVER")), (["a", "c", "d"], ["e3", "e4"])),
    (Selection(between=("Ms Adams", "Carol <b>Cox</b>")), (["a", "c"], ["e3"])),
    (Selection(between=("Bob Brown", "Dover")), (["b", "c", "d"], ["e2", "e4"])),
    (Selection(between=("Alice Adams", "Dover"), no_comentions=True, types=("Person", "Place")),
     None),  # the only path runs through co-mentions
    (Selection(no_comentions=True), (["a", "b", "c"], ["e1", "e2"])),
    (Selection(since="2025-05-02"), (["a", "b"], ["e1"])),
    (Selection(since="2025-05", until="2025-05-01"), (["a", "b"], ["e1"])),
    (Selection(until="2025-04"), ([], [])),
    (Selection(since="2025", min_weight=2), (["a", "b"], ["e1"])),
    (Selection(since="2025-05-02", min_weight=2), ([], [])),  # one sentence left in the window
    (Selection(community=0), "community"),
    (Selection(around="Bob Brown", hops=1, relations=("MET", "SPOKE_TO")), (["a", "b", "c"], ["e1", "e2"])),
])
def test_selections(sel, expected):
    g = analyze(small_graph())
    if expected is None:
        with pytest.raises(SelectionError, match="No path between Alice Adams and Dover"):
            select(g, sel)
    elif expected == "community":
        community = g.node("a").community
        members = sorted(n.id for n in g.nodes if n.community == community)
        picked = select(g, Selection(community=community))
        assert ids(picked)[0] == members
        assert all(e.source in members and e.target in members for e in picked.edges)
    else:
        assert ids(select(g, sel)) == expected


def test_date_window_trims_evidence_and_recounts_weight():
    [met] = select(small_graph(), Selection(until="2025-05-02")).edges
    assert met.weight == 1 and [ev.sentence for ev in met.evidence] == ["Alice met Bob."]


def test_community_needs_analysis():
    with pytest.raises(SelectionError, match="analyse it first"):
        select(small_graph(), Selection(community=0))


def test_unknown_name_suggests_close_ones():
    with pytest.raises(EntityNotFoundError) as err:
        find_node(small_graph(), "Alice Adam")
    assert "Alice Adams" in err.value.suggestions
    assert "Did you mean" in str(err.value)


@pytest.mark.parametrize("sel,message", [
    (Selection(types=("Planet",)), "Unknown entity type"),
    (Selection(relations=("HUGGED",)), "Unknown relation type"),
    (Selection(top=0), "--top"),
    (Selection(by="fame"), "Unknown metric"),
    (Selection(since="May 2025"), "--since must be an ISO date"),
    (Selection(until="2025-5-1"), "--until must be an ISO date"),
    (Selection(since="2025-06", until="2025-05-31"), "is after --until"),
    (Selection(between=("Alice Adams", "Nobody")), "No entity named 'Nobody'"),
])
def test_bad_selections(sel, message):
    with pytest.raises(SelectionError, match=message):
        select(small_graph(), sel)


def test_caption_text():
    assert Selection(around="X", hops=2, relations=("MET",)).describe() == "within 2 hops of X; relations MET"


def test_caption_lists_every_filter():
    sel = Selection(around="X", between=("A", "B"), types=("Person",), relations=("MET",), no_comentions=True,
                    since="2025-05", until="2025-06", min_weight=2, community=3, top=10, by="degree")
    assert sel.describe() == ("within 1 hop of X; shortest paths between A and B; types Person; relations MET; "
                              "actions only; evidence from 2025-05 to 2025-06; weight >= 2; community 3; "
                              "top 10 by degree")
