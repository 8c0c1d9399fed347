"""The generated page in a real headless Chromium, offline."""

from __future__ import annotations

import json

import pytest

from graph.analyze import analyze
from graph.export import export
from graph.render import write_html

from .small import small_graph

pytestmark = pytest.mark.browser


def open_page(browser, path):
    """Open ``path`` with every non-file request recorded and refused."""
    page = browser.new_page()
    external, dialogs, errors = [], [], []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-stable=true]", timeout=60_000)
    return page, external, dialogs, errors


def test_seed_graph_opens_offline_and_matches_export(browser, seed_graph, tmp_path):
    html = write_html(seed_graph, tmp_path / "graph.html")
    [out] = export(seed_graph, "json", tmp_path / "graph.json")
    data = json.loads(out.read_text())
    page, external, dialogs, errors = open_page(browser, html)
    assert external == [] and errors == [] and dialogs == []
    drawn = page.evaluate("[network.body.data.nodes.length, network.body.data.edges.length]")
    assert drawn == [len(data["nodes"]), len(data["edges"])]
    putin = next(n["id"] for n in data["nodes"] if n["name"] == "Vladimir Putin")
    trump = next(n["id"] for n in data["nodes"] if n["name"] == "Donald Trump")
    title = page.evaluate(
        "([a, b]) => edges.get({filter: e => e.from === a && e.to === b && e.relation === 'SPOKE_TO'})[0].title",
        [trump, putin])
    assert "spoke to his Russian counterpart Vladimir Putin on May 19" in title
    page.close()


def test_payloads_render_as_text_and_run_nothing(browser, tmp_path):
    g = analyze(small_graph())
    html = write_html(g, tmp_path / "xss.html", title='<img src=x onerror="alert(1)">')
    page, external, dialogs, errors = open_page(browser, html)
    assert dialogs == [] and external == [] and errors == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.querySelector('h1').textContent") == '<img src=x onerror="alert(1)">'
    label = page.evaluate("nodes.get('c').label")
    assert label == "Carol <b>Cox</b>"
    # Hovering a node shows its tooltip as text, not markup.
    x, y = page.evaluate("""() => { const p = network.getPositions(['c']).c;
                                     const d = network.canvasToDOM(p);
                                     const r = document.getElementById('mynetwork').getBoundingClientRect();
                                     return [d.x + r.left, d.y + r.top]; }""")
    page.mouse.move(x, y)
    page.wait_for_selector(".vis-tooltip", state="visible", timeout=5000)
    assert "Carol <b>Cox</b>" in page.inner_text(".vis-tooltip")
    assert page.evaluate("document.querySelectorAll('.vis-tooltip b').length") == 0
    assert "<img src=x onerror=alert(1)>" in page.evaluate("edges.get('e2').title")
    assert page.evaluate("document.querySelectorAll('img').length") == 0 and dialogs == []
    page.close()
