"""The HTML page: offline by construction, escaped, pyvis-compatible; its embedded data."""

from __future__ import annotations

import random
import re
import time
from dataclasses import replace

import networkx as nx
import pytest

from graph.analysis.centrality import analyze
from graph.errors import SelectionError
import numpy as np

from graph.analysis.layout import force_layout, positions, spread_boxes
from graph.model import Edge, Evidence, Graph, Node
from graph.export.html import (EVIDENCE_PER_EDGE, LAYOUT_IN_PYTHON_ABOVE, OVERVIEW_NODES, caption, inline, pack,
                               page_data, plausible_dates, render_html, script_json)

from .small import small_graph


def test_page_loads_nothing_from_the_network():
    html = render_html(analyze(small_graph()))
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", html, re.I)
    assert "default-src 'none'" in html  # the CSP forbids any request
    assert "vis.Network" in html and "var network" in html
    assert "https://" not in html.split('<script id="graph-data"')[1]  # our data and script


def test_untrusted_text_is_escaped():
    html = render_html(analyze(small_graph()), title="<script>alert(1)</script>")
    assert "<img src=x" not in html and "<b>Cox</b>" not in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\\u003cb\\u003eCox\\u003c/b\\u003e" in html  # the name, inside the JSON


def test_script_json_cannot_close_the_element():
    assert "</" not in script_json({"a": "</script><script>alert(1)</script>"})
    assert "\u2028" not in script_json({"a": "line\u2028sep"})


def test_multi_edges_stay_distinct_and_directed():
    g = small_graph()
    extra = Edge("e5", "a", "b", "SPOKE_TO", 1, True, g.edges[0].evidence)
    data = page_data(analyze(replace(g, edges=(*g.edges, extra))))
    between = [(e["relation"], e["directed"]) for e in data["edges"] if (e["from"], e["to"]) == ("a", "b")]
    assert between == [("MET", True), ("SPOKE_TO", True)]
    co = next(e for e in data["edges"] if e["relation"] == "CO_MENTIONED")
    assert co["directed"] is False


def test_evidence_is_recent_first_capped_and_sentences_stored_once():
    g = small_graph()
    many = tuple(Evidence("d1", f"Sentence {i}.", 0, 10, f"2025-05-{i:02d}") for i in range(1, 9))
    undated = Evidence("d2", "Written date.", 0, 10, None, "May 19")
    g = replace(g, edges=(replace(g.edges[0], evidence=(undated, *many), weight=9), *g.edges[1:]))
    data = page_data(analyze(g))
    met = data["edges"][0]
    assert len(met["evidence"]) == EVIDENCE_PER_EDGE and met["weight"] == 9
    assert [ev["date"] for ev in met["evidence"]] == [f"2025-05-{i:02d}" for i in range(8, 3, -1)]
    assert met["dates"][0] == ("2025-05-01", 1)
    dover = data["edges"][3]
    assert len({ev["s"] for ev in dover["evidence"]}) == 1  # three co-mentions, one sentence
    assert data["docs"][dover["evidence"][0]["doc"]] == "Second"


def test_nodes_carry_what_the_panel_shows():
    data = page_data(analyze(small_graph()))
    alice = data["nodes"][0]
    assert alice["aliases"] == ["Ms Adams"]  # the name itself is not repeated
    assert {"pagerank", "betweenness", "degree", "eigenvector"} <= set(alice["metrics"])
    assert "community" in alice and data["physics"] is True
    assert [t["name"] for t in data["types"]] == ["Person", "Place"]
    assert {r["name"]: r["count"] for r in data["relations"]} == {"CO_MENTIONED": 2, "SPOKE_TO": 1, "MET": 1}


def ring(n: int) -> Graph:
    nodes = tuple(Node(f"n{i}", f"N{i}", "Person") for i in range(n))
    edges = tuple(Edge(f"e{i}", f"n{i}", f"n{(i + 1) % n}", "MET", 1, False) for i in range(n))
    return Graph(nodes, edges)


def test_large_graphs_get_positions_and_no_physics():
    data = page_data(ring(LAYOUT_IN_PYTHON_ABOVE + 1))
    assert data["physics"] is False
    placed = data["nodes"][:0] + [data["nodes"][i] for i in data["overview"][:OVERVIEW_NODES]]
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in placed)


def test_layout_is_repeatable_and_fast():
    assert positions(ring(30)) == positions(ring(30))
    g = nx.barabasi_albert_graph(5000, 2, seed=1)
    start = time.perf_counter()
    xy = force_layout(5000, list(g.edges()))
    assert time.perf_counter() - start < 15
    linked = sum(float(((xy[a] - xy[b]) ** 2).sum()) ** 0.5 for a, b in g.edges()) / g.number_of_edges()
    spread = float(xy.std(axis=0).mean())
    assert linked < spread  # linked nodes sit closer than nodes at random


def test_inline_page_for_notebooks_is_an_escaped_iframe():
    html = inline(analyze(small_graph()), height=300)._repr_html_()
    assert html.startswith('<iframe srcdoc="&lt;!DOCTYPE html&gt;') and "height: 300px" in html
    assert "<script" not in html


def test_page_size_grows_with_the_graph_not_the_evidence():
    g = small_graph()
    heavy = tuple(Evidence("d1", f"A long sentence number {i} " * 10, 0, 10) for i in range(500))
    small = len(render_html(analyze(g)))
    big = len(render_html(analyze(replace(g, edges=(replace(g.edges[0], evidence=heavy, weight=500),
                                                   *g.edges[1:])))))
    assert big - small < 3_000  # only EVIDENCE_PER_EDGE sentences are embedded


def test_a_thousand_node_page_stays_under_the_size_budget():
    """The budget is ~5 MB for the top 1,000 entities of the BBC corpus (3.6 MB measured).
    A graph of that shape: 8,545 edges with 1.7 evidence sentences each, drawn from 6,200
    sentences of about 140 characters that several edges cite."""
    rng = random.Random(1)
    nodes = tuple(Node(f"n{i}", f"Entity number {i}", "Person", (f"Entity number {i}", f"Number {i}"), 5, 2,
                       {"pagerank": rng.random(), "degree": 9.0}) for i in range(1000))
    words = ["the", "minister", "said", "talks", "government", "on", "Monday", "would", "economy"]
    sentences = [" ".join(rng.choices(words, k=22)) for _ in range(6_200)]
    edges = []
    for k in range(8_545):
        weight = rng.choice((1, 1, 2, 3))
        edges.append(Edge(f"e{k}", f"n{rng.randrange(1000)}", f"n{rng.randrange(1000)}", "CO_MENTIONED", weight,
                          False, tuple(Evidence(f"d{rng.randrange(1656)}", rng.choice(sentences), 0, 10)
                                       for _ in range(weight))))
    titles = {f"d{i}": f"Headline of article number {i}" for i in range(1656)}
    size = len(render_html(Graph(nodes, tuple(edges), {"documents": 2088, "titles": titles})).encode("utf-8"))
    assert 2_000_000 < size < 5_000_000


def test_unknown_size_or_colour_is_an_error():
    with pytest.raises(SelectionError, match="Unknown metric 'fame'"):
        render_html(small_graph(), size_by="fame")
    with pytest.raises(SelectionError, match="Unknown colouring 'mood'"):
        render_html(small_graph(), color_by="mood")


def test_caption_leaves_out_implausible_evidence_dates():
    g = small_graph()
    odd = tuple(Evidence("d1", f"In {y} it happened.", 0, 10, y) for y in ("1800", "0021", "2046"))
    g = replace(g, edges=(replace(g.edges[0], evidence=g.edges[0].evidence + odd), *g.edges[1:]))
    text = caption(g)
    assert "evidence dated 2025-05-01 to 2025-05-" in text and "1800" not in text and "2046" not in text
    assert page_data(analyze(g))["dateRange"][0] == "2025-05-01"
    # A known publication date is the reference: four years after it is too late.
    dated = replace(g, meta={**g.meta, "dates": {"d1": "2020-01-01"}})
    assert all(d < "2024" for d in plausible_dates(dated) if d)


def test_large_pages_embed_everything_packed_and_lay_out_only_the_overview():
    g = analyze(ring(OVERVIEW_NODES * 5))
    data = page_data(g)
    assert len(data["nodes"]) == OVERVIEW_NODES * 5 and len(data["overview"]) == OVERVIEW_NODES * 5
    placed = [n for n in data["nodes"] if "x" in n]
    assert len(placed) == OVERVIEW_NODES
    packed = pack(data)
    assert packed["nodes"][0][0] == data["nodes"][0]["id"] and isinstance(packed["edges"][0][1], int)
    assert len(script_json(packed)) < 0.7 * len(script_json(data))


def test_overview_layout_keeps_labels_apart():
    boxes = np.array([[120.0, 40.0]] * 50)
    out = spread_boxes(np.random.default_rng(1).normal(size=(50, 2)), boxes)
    dx = np.abs(out[:, None, 0] - out[None, :, 0]) < 120
    dy = np.abs(out[:, None, 1] - out[None, :, 1]) < 40
    assert ((dx & dy).sum() - 50) / 2 < 0.05 * 50 * 49 / 2


def test_layout_does_not_import_scipy_signal():
    import subprocess
    import sys

    code = ("import sys; from graph.analysis.layout import force_layout; force_layout(3000, [(0, 1)], iterations=2); "
            "print('scipy.signal' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
