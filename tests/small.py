"""A small hand-checked graph used by analysis, selection and export tests."""

from __future__ import annotations

from graph.model import Edge, Evidence, Graph, Node


def ev(sentence: str, date: str | None = None, doc: str = "d1") -> Evidence:
    return Evidence(doc, sentence, 0, len(sentence), date, None, None)


def small_graph() -> Graph:
    """A -MET-> B, B -SPOKE_TO-> C, A, B, C co-mentioned, D (a place) linked to C only.

    Paths: A-B-C-D, plus A-C through a co-mention.
    """
    nodes = (
        Node("a", "Alice Adams", "Person", ("Alice Adams", "Ms Adams"), 3, 1),
        Node("b", "Bob Brown", "Person", ("Bob Brown",), 2, 1),
        Node("c", "Carol <b>Cox</b>", "Person", ("Carol <b>Cox</b>",), 2, 1),
        Node("d", "Dover", "Place", ("Dover",), 1, 1),
    )
    edges = (
        Edge("e1", "a", "b", "MET", 2, True, (ev("Alice met Bob.", "2025-05-01"),
                                               ev("Alice met Bob again.", "2025-05-03"))),
        Edge("e2", "b", "c", "SPOKE_TO", 1, True, (ev("Bob spoke to Carol <img src=x onerror=alert(1)>."),)),
        Edge("e3", "a", "c", "CO_MENTIONED", 1, False, (ev("Alice and Carol."),)),
        Edge("e4", "c", "d", "CO_MENTIONED", 3, False, (ev("Carol in Dover.", doc="d2"),) * 3),
    )
    return Graph(nodes, edges, {"documents": 2, "titles": {"d1": "First", "d2": "Second"}})
