"""The HTML page: offline by construction, escaped, pyvis-compatible."""

from __future__ import annotations

import re

from graph.analyze import analyze
from graph.render import render_html, script_json

from .small import small_graph


def test_page_loads_nothing_from_the_network():
    html = render_html(analyze(small_graph()))
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", html, re.I)
    assert "default-src 'none'" in html  # the CSP forbids any request
    assert "vis.Network" in html and "var network" in html


def test_untrusted_text_is_escaped():
    html = render_html(analyze(small_graph()), title="<script>alert(1)</script>")
    assert "<img src=x" not in html and "<b>Cox</b>" not in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_script_json_cannot_close_the_element():
    assert "</" not in script_json({"a": "</script><script>alert(1)</script>"})
    assert "\u2028" not in script_json({"a": "line\u2028sep"})


def test_multi_edges_stay_distinct_and_directed():
    g = small_graph()
    from dataclasses import replace

    from graph.model import Edge
    extra = Edge("e5", "a", "b", "SPOKE_TO", 1, True, g.edges[0].evidence)
    html = render_html(analyze(replace(g, edges=(*g.edges, extra))))
    assert html.count('"from": "a", "to": "b"') == 2 or html.count('"relation": ') == 5
