"""Subgraph selection."""

from __future__ import annotations

import pytest

from graph.analyze import analyze
from graph.errors import EntityNotFoundError, SelectionError
from graph.select import Selection, find_node, select

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
])
def test_selections(sel, expected):
    assert ids(select(analyze(small_graph()), sel)) == expected


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
])
def test_bad_selections(sel, message):
    with pytest.raises(SelectionError, match=message):
        select(small_graph(), sel)


def test_caption_text():
    assert Selection(around="X", hops=2, relations=("MET",)).describe() == "within 2 hops of X; relations MET"
