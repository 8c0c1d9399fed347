"""The generated page in a real headless Chromium, offline: what a user sees and does."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from graph import Store, ingest, load_graph
from graph.analysis.centrality import analyze
from graph.export import export
from graph.model import Edge, Evidence, Graph, Node
from graph.export.html import write_html
from graph.analysis.select import Selection, select

from .harness import click_edge, click_node, drawn, open_page, search
from .small import small_graph

pytestmark = pytest.mark.browser

XSS = ['<script>window.__pwned = 1</script>', '<img src=x onerror="window.__pwned = 2">',
       'javascript:window.__pwned = 3', '"><svg onload="window.__pwned = 4">']


def exported(graph, tmp_path):
    """Node and edge counts of the JSON export of the same graph."""
    [out] = export(graph, "json", tmp_path / "export.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    return [len(data["nodes"]), len(data["edges"])]


def node_id(graph, name):
    return next(n.id for n in graph.nodes if n.name == name)


def test_seed_graph_opens_offline_and_matches_export(browser, seed_graph, tmp_path):
    html = write_html(seed_graph, tmp_path / "graph.html")
    page, external, dialogs, errors = open_page(browser, html)
    assert external == [] and errors == [] and dialogs == []
    counts = exported(seed_graph, tmp_path)
    assert drawn(page) == counts * 2
    assert page.inner_text("#status") == f"Showing {counts[0]} of {counts[0]} entities and {counts[1]} of {counts[1]} relations."
    # pyvis's convention: the vis Network is the global `network`.
    assert page.evaluate("network instanceof vis.Network")
    assert page.evaluate("document.querySelectorAll('script[src], link[href], img, iframe').length") == 0
    page.close()


@pytest.mark.parametrize("selection", [
    Selection(around="Putin", hops=1),
    Selection(between=("Keir Starmer", "Ukraine")),
    Selection(no_comentions=True),
    Selection(types=("Person",), min_weight=2),
    Selection(top=10, by="betweenness"),
])
def test_selected_page_matches_the_export_and_says_what_it_shows(browser, seed_graph, tmp_path, selection):
    shown = select(seed_graph, selection)
    page, external, dialogs, errors = open_page(browser, write_html(shown, tmp_path / "sel.html"))
    assert external == [] and errors == []
    assert drawn(page) == exported(shown, tmp_path) * 2
    assert selection.describe() in page.inner_text("#caption")
    assert f"{len(shown.nodes)} entities and {len(shown.edges)} relations" in page.inner_text("#caption")
    page.close()


def test_search_finds_putin_and_focuses_him(browser, seed_graph, tmp_path):
    page, *_ = open_page(browser, write_html(seed_graph, tmp_path / "graph.html"))
    search(page, "putin")  # an alias, in lower case
    putin = node_id(seed_graph, "Vladimir Putin")
    assert page.evaluate("network.getSelectedNodes()") == [putin]
    assert page.inner_text("#details h2") == "Vladimir Putin"
    details = page.inner_text("#details")
    assert "Mr Putin" in details and "pagerank" in details and "spoke to Donald Trump" in details
    inside = page.evaluate("""(id) => {
        const d = network.canvasToDOM(network.getPositions([id])[id]);
        const stage = document.getElementById('mynetwork').getBoundingClientRect();
        const panel = document.getElementById('details').getBoundingClientRect();
        return d.x > 0 && d.y > 0 && d.x + stage.left < panel.left && d.y < stage.height; }""", putin)
    assert inside
    search(page, "Putn")
    assert page.inner_text("#search-message") == "No entity matches \u201cPutn\u201d. Did you mean: Vladimir Putin?"
    page.click("#search-message button")
    assert page.evaluate("network.getSelectedNodes()") == [putin]
    page.close()


def test_clicking_the_trump_putin_edge_shows_sentence_title_and_date(browser, seed_graph, tmp_path):
    page, _, _, errors = open_page(browser, write_html(seed_graph, tmp_path / "graph.html"))
    trump, putin = node_id(seed_graph, "Donald Trump"), node_id(seed_graph, "Vladimir Putin")
    edge = next(e for e in seed_graph.edges if (e.source, e.target, e.type) == (trump, putin, "SPOKE_TO"))
    click_edge(page, edge.id)
    assert page.inner_text("#details h2") == "Donald Trump \u2192 Vladimir Putin"
    items = page.query_selector_all("#details ol.evidence li")
    assert len(items) == min(len(edge.evidence), 5)  # shown: all evidence; weight counts asserted
    first = items[0].inner_text()
    assert "spoke to his Russian counterpart Vladimir Putin on May 19" in first
    assert first.startswith("May 19 \u00b7 Trump speaks to Putin amid")  # the date, then the title
    assert errors == []
    click_node(page, putin)
    assert page.inner_text("#details h2") == "Vladimir Putin"
    page.close()


def test_evidence_is_most_recent_first_and_capped(browser, tmp_path):
    g = small_graph()
    many = tuple(Evidence("d1", f"Alice met Bob, part {i}.", 0, 10, f"2025-05-{i:02d}") for i in range(1, 9))
    g = analyze(replace(g, edges=(replace(g.edges[0], evidence=many, weight=8), *g.edges[1:])))
    page, *_ = open_page(browser, write_html(g, tmp_path / "capped.html"))
    click_edge(page, "e1")
    dates = [li.inner_text().split(" \u00b7 ")[0] for li in page.query_selector_all("#details ol.evidence li")]
    assert dates == ["2025-05-08", "2025-05-07", "2025-05-06", "2025-05-05", "2025-05-04"]
    assert page.inner_text("#details .more").startswith("3 more")
    page.close()


def test_filters_agree_with_the_selection_options(browser, seed_graph, tmp_path):
    page, *_ = open_page(browser, write_html(seed_graph, tmp_path / "graph.html"))

    def expect(selection):
        shown = select(seed_graph, selection)
        assert drawn(page)[2:] == [len(shown.nodes), len(shown.edges)], selection

    page.uncheck("#relation-legend input[data-name=CO_MENTIONED]")
    expect(Selection(no_comentions=True))
    page.check("#relation-legend input[data-name=CO_MENTIONED]")
    page.uncheck("#type-legend input[data-name=Place]")
    page.uncheck("#type-legend input[data-name=Group]")
    expect(Selection(types=("Person", "Organization", "Event")))
    page.fill("#min-weight", "2")
    expect(Selection(types=("Person", "Organization", "Event"), min_weight=2))
    page.click("#reset")
    assert drawn(page)[2:] == [len(seed_graph.nodes), len(seed_graph.edges)]
    page.close()


def test_date_filter_agrees_with_since_and_until(browser, tmp_path):
    g = analyze(small_graph())
    page, *_ = open_page(browser, write_html(g, tmp_path / "dates.html"))
    assert page.get_attribute("#since", "min") == "2025-05-01"
    page.fill("#since", "2025-05-02")
    shown = select(g, Selection(since="2025-05-02"))
    assert drawn(page)[2:] == [len(shown.nodes), len(shown.edges)] == [2, 1]
    page.fill("#until", "2025-05-02")
    assert drawn(page)[2:] == [0, 0]
    page.close()


def test_colour_by_community_and_size_by_metric(browser, seed_graph, tmp_path):
    page, *_ = open_page(browser, write_html(seed_graph, tmp_path / "graph.html"))
    putin = node_id(seed_graph, "Vladimir Putin")
    before = page.evaluate("(id) => nodes.get(id).color", putin)
    page.select_option("#color-by", "community")
    after = page.evaluate("(id) => nodes.get(id).color", putin)
    assert before == "#4e79a7" and after != before
    assert page.is_visible("#community-legend") and "0: " in page.inner_text("#community-legend")
    size = page.evaluate("(id) => nodes.get(id).size", putin)
    page.select_option("#size-by", "mentions")
    assert page.evaluate("(id) => nodes.get(id).size", putin) != size
    page.close()


def test_large_graph_is_laid_out_in_python_and_opens_without_physics(browser, tmp_path):
    people = tuple(Node(f"n{i}", f"Person {i}", "Person", (f"Person {i}",), 1, 1) for i in range(600))
    links = tuple(Edge(f"e{i}", f"n{i % 600}", f"n{(i * 7 + 1 + i // 600) % 600}", "CO_MENTIONED", 1, False,
                       (Evidence("d", "A sentence.", 0, 11),)) for i in range(900))
    g = analyze(Graph(people, links, {"documents": 1, "titles": {"d": "T"}}))
    page, external, _, errors = open_page(browser, write_html(g, tmp_path / "large.html"))
    assert external == [] and errors == []
    assert page.evaluate("network.physics.options.enabled") is False
    assert page.evaluate("nodes.get().every(n => typeof n.x === 'number' && typeof n.y === 'number')")
    # Everything is embedded; the overview is drawn.
    assert page.evaluate("[newsgraph.data.nodes.length, newsgraph.data.edges.length]") == exported(g, tmp_path)
    assert drawn(page)[0] == 120
    page.close()


def payload_graph() -> Graph:
    """Every string field the page shows carries a payload."""
    bad = " ".join(XSS)
    a = Node("a", f"Eve {XSS[0]}", "Person", (f"Eve {XSS[0]}", f"Evie {XSS[1]}"), 3, 1, roles=(f"CEO {XSS[2]}",),
             country=XSS[3])
    b = Node("b", f"Mallory {XSS[1]}", "Organization", (f"Mallory {XSS[1]}",), 2, 1)
    ev = Evidence("d1", f"Eve met Mallory {bad}.", 0, 10, None, f"May 19 {XSS[1]}", f"met {XSS[0]}",
                  reported_by=f"the {XSS[2]} source")
    edges = (Edge("x1", "a", "b", "MET", 1, True, (ev,)),
             Edge("x2", "a", "b", "SPOKE_TO", 1, True, (replace(ev, negated=True),)))
    return analyze(Graph((a, b), edges, {"documents": 1, "titles": {"d1": f"Title {bad}"},
                                        "selection": f"within 1 hop of {XSS[1]}"}))


def assert_nothing_ran(page, dialogs, errors):
    assert dialogs == [] and errors == []
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img, svg[onload], iframe, a').length") == 0
    assert page.evaluate("document.querySelectorAll('script').length") == 3  # vis, data, page script
    assert page.evaluate("[...document.querySelectorAll('*')].some(e => [...e.attributes].some("
                         "a => a.name.startsWith('on')))") is False


def test_payloads_in_names_and_evidence_render_as_text_and_run_nothing(browser, tmp_path):
    html = write_html(payload_graph(), tmp_path / "xss.html", title=f"Report {XSS[1]}")
    page, external, dialogs, errors = open_page(browser, html)
    assert external == []
    assert page.inner_text("h1") == f"Report {XSS[1]}"
    assert XSS[1] in page.inner_text("#caption")
    assert page.evaluate("nodes.get('a').label") == f"Eve {XSS[0]}"
    # Hover: vis-network's tooltip is text.
    click_node(page, "a")
    page.mouse.move(*page.evaluate("""() => { const d = network.canvasToDOM(network.getPositions(['a']).a);
        const r = document.getElementById('mynetwork').getBoundingClientRect(); return [d.x + r.left + 2, d.y + r.top]; }"""))
    page.wait_for_selector(".vis-tooltip", state="visible", timeout=5000)
    assert f"Eve {XSS[0]}" in page.inner_text(".vis-tooltip")
    details = page.inner_text("#details")
    assert f"Evie {XSS[1]}" in details and f"CEO {XSS[2]}" in details and XSS[3] in details
    click_edge(page, "x1")
    details = page.inner_text("#details")
    for text in (f"Eve met Mallory {' '.join(XSS)}.", f"Title {' '.join(XSS)}", f"May 19 {XSS[1]}",
                 f"met {XSS[0]}", f"the {XSS[2]} source"):
        assert text in details
    page.fill("#search", "evie <img")
    page.press("#search", "Enter")
    assert page.inner_text("#details h2") == f"Eve {XSS[0]}"
    page.fill("#search", XSS[3])
    page.press("#search", "Enter")
    assert XSS[3] in page.inner_text("#search-message")
    page.select_option("#color-by", "community")
    assert "Mallory <img src=x" in page.inner_text("#community-legend")
    assert_nothing_ran(page, dialogs, errors)
    page.close()


def test_an_article_carrying_payloads_renders_as_text(browser, nlp, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(
        f"Donald Trump met Vladimir Putin {XSS[0]}\n"
        f"Donald Trump met Vladimir Putin in Moscow on May 19, said {XSS[1]} Alice Smith.\n"
        f"Alice Smith spoke to Bob Jones about {XSS[2]} and {XSS[3]}.\n", encoding="utf-8")
    with Store(tmp_path / "x.db") as store:
        ingest([str(article)], store)
    g = load_graph(str(tmp_path / "x.db"))
    page, external, dialogs, errors = open_page(browser, write_html(g, tmp_path / "article.html"))
    assert external == []
    met = next(e for e in g.edges if e.type == "MET")
    click_edge(page, met.id)
    details = page.inner_text("#details")
    assert XSS[0] in details  # the title
    assert any(x in details for x in XSS[1:])  # a sentence
    for edge in g.edges:
        page.evaluate("(id) => newsgraph.showEdge(id)", edge.id)
    for node in g.nodes:
        page.evaluate("(id) => newsgraph.showNode(id)", node.id)
    assert_nothing_ran(page, dialogs, errors)
    page.close()


LABEL_OVERLAP = """(fresh) => {
  // The whole drawing in view, so every label is measured; each boxed where vis-network
  // draws it once readable, hung under its dot. With `fresh`, only pairs holding one of them.
  network.fit({animation: false}); network.redraw();
  const ids = nodes.getIds(), only = fresh ? new Set(fresh) : null, boxes = ids.map(id => {
    const n = network.body.nodes[id], m = n.labelModule.size;
    return [m.left, n.y + n.shape.height / 2 + n.labelModule.fontOptions.size / 2 + 4, m.width, m.height]; });
  let pairs = 0, hit = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    if (only && !only.has(ids[i]) && !only.has(ids[j])) continue;
    const a = boxes[i], b = boxes[j]; pairs++;
    if (a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]) hit++; }
  return {labelled: ids.filter(id => network.body.nodes[id].options.label && m(id)).length, hit, pairs};
  function m(id) { return network.body.nodes[id].labelModule.size.width > 0; } }"""


@pytest.fixture(scope="module")
def big_graph():
    """3,000 entities, news-like: preferential-attachment co-mentions, some actions, names of
    varied length, a few isolated pairs."""
    import networkx as nx

    ba = nx.barabasi_albert_graph(3000, 2, seed=3)
    names = ["Ann", "Rosneft", "European Commission", "Jose Manuel Barroso", "Liverpool FC", "Kyiv"]
    nodes = tuple(Node(f"n{i}", f"{names[i % len(names)]} {i}", ("Person", "Organization", "Place")[i % 3],
                       (f"{names[i % len(names)]} {i}", f"Alias{i}"), 1 + i % 9, 1) for i in range(3010))
    ev = (Evidence("d", "A sentence.", 0, 11, "2005-03-01"),)
    edges = [Edge(f"e{k}", f"n{a}", f"n{b}", "MET" if k % 10 == 0 else "CO_MENTIONED", 1 + k % 4,
                  k % 10 == 0, ev * (1 + k % 4)) for k, (a, b) in enumerate(ba.edges())]
    edges += [Edge(f"x{i}", f"n{3000 + i}", f"n{3001 + i}", "MET", 1, True, ev) for i in range(0, 10, 2)]
    return analyze(Graph(nodes, tuple(edges), {"documents": 1, "titles": {"d": "T"}}))


@pytest.fixture()
def big_page(browser, big_graph, tmp_path):
    page, external, _, errors = open_page(browser, write_html(big_graph, tmp_path / "big.html"))
    assert external == [] and errors == []
    yield page
    assert errors == []
    page.close()


def drawn_ids(page) -> set[str]:
    return set(page.evaluate("nodes.getIds()"))


def test_large_page_opens_on_a_labelled_overview(big_page, big_graph):
    from graph.export.html import OVERVIEW_NODES

    counts = drawn(big_page)
    assert counts[0] == OVERVIEW_NODES and counts[1] < 3 * OVERVIEW_NODES
    assert big_page.inner_text("#status").startswith(f"Showing {OVERVIEW_NODES} of 3010 entities")
    overlap = big_page.evaluate(LABEL_OVERLAP)
    assert overlap["labelled"] == OVERVIEW_NODES
    assert overlap["hit"] < 0.1 * OVERVIEW_NODES  # overlapping label pairs, per drawn entity
    assert not drawn_ids(big_page) & {f"n{i}" for i in range(3000, 3010)}  # isolated pairs hidden
    big_page.fill("#draw-count", "300")
    big_page.press("#draw-count", "Enter")
    assert drawn(big_page)[0] == 300


def test_search_draws_an_entity_that_is_not_drawn(big_page, big_graph):
    assert "n2999" not in drawn_ids(big_page)
    search(big_page, "alias2999")
    assert "n2999" in drawn_ids(big_page)
    assert big_page.evaluate("network.getSelectedNodes()") == ["n2999"]
    assert big_page.inner_text("#details h2") == big_graph.nodes[2999].name


def neighbour_sets(graph: Graph) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in graph.edges:
        out.setdefault(e.source, set()).add(e.target)
        out.setdefault(e.target, set()).add(e.source)
    return out


def test_expand_adds_exactly_its_neighbours_and_focus_keeps_only_them(big_page, big_graph):
    from graph.export.html import EXPAND_BATCH as cap

    neighbours = neighbour_sets(big_graph)
    before = drawn_ids(big_page)
    # The drawn entity with the most neighbours to add, among those one expand draws in full.
    entity = max((i for i in before if len(neighbours[i]) <= cap), key=lambda i: len(neighbours[i] - before))
    assert len(neighbours[entity] - before) > 10
    click_node(big_page, entity)
    big_page.click("#expand")
    assert drawn_ids(big_page) == before | neighbours[entity]
    assert big_page.inner_text("#neighbour-count") == f"{len(neighbours[entity])} of {len(neighbours[entity])} neighbours drawn"
    assert big_page.query_selector("#more") is None
    # The panel lists every relation, drawn or not.
    assert big_page.evaluate("document.querySelectorAll('#relations li').length") == min(
        200, sum(entity in (e.source, e.target) for e in big_graph.edges))
    big_page.click("#focus")
    assert drawn_ids(big_page) == neighbours[entity] | {entity}
    big_page.click("#overview")
    assert drawn_ids(big_page) == before


def expand_order(graph: Graph, hub: str) -> list[str]:
    """The hub's neighbours in the order the page draws them: those it has an action with,
    then by PageRank as embedded (3 significant digits), then by id."""
    acts = {e.target if e.source == hub else e.source for e in graph.edges
            if hub in (e.source, e.target) and e.type != "CO_MENTIONED"}
    pagerank = {n.id: float(f"{n.metrics['pagerank']:.3g}") for n in graph.nodes}
    return sorted(neighbour_sets(graph)[hub], key=lambda i: (i not in acts, -pagerank[i], i))


def test_expanding_a_hub_draws_a_batch_then_more_with_labels_apart(big_page, big_graph):
    from graph.export.html import EXPAND_BATCH as cap

    around = neighbour_sets(big_graph)
    before = drawn_ids(big_page)
    hub = max(before, key=lambda i: len(around[i] - before))
    around, order = around[hub], [i for i in expand_order(big_graph, hub) if i not in before]
    relations = sum(hub in (e.source, e.target) for e in big_graph.edges)
    assert cap < len(order) <= 2 * cap and relations < 200
    click_node(big_page, hub)
    assert big_page.inner_text("#expand") == f"Expand: draw the {cap} most central of its {len(around)} neighbours"
    assert big_page.inner_text("#neighbour-count") == f"{len(around & before)} of {len(around)} neighbours drawn"

    big_page.click("#expand")
    first = drawn_ids(big_page) - before
    assert first == set(order[:cap])  # exactly the cap: actions first, then the most central
    overlap = big_page.evaluate(LABEL_OVERLAP, sorted(first))
    assert overlap["labelled"] == len(before) + cap
    assert overlap["hit"] < 0.1 * cap  # label pairs holding a new entity that overlap
    assert big_page.evaluate(LABEL_OVERLAP)["hit"] < 0.1 * (len(before) + cap)
    assert big_page.inner_text("#neighbour-count") == f"{len(around & before) + cap} of {len(around)} neighbours drawn"
    assert big_page.inner_text("#more") == f"Draw {len(order) - cap} more"
    # The panel still lists every relation from the embedded data, drawn or not.
    assert big_page.evaluate("document.querySelectorAll('#relations li').length") == relations

    big_page.click("#more")
    assert drawn_ids(big_page) == before | around
    assert big_page.evaluate(LABEL_OVERLAP)["hit"] < 0.1 * len(before | around)
    assert big_page.inner_text("#neighbour-count") == f"{len(around)} of {len(around)} neighbours drawn"
    assert big_page.query_selector("#more") is None

    big_page.click("#focus")  # focus draws the first batch too, around the hub
    assert drawn_ids(big_page) == {hub} | set(expand_order(big_graph, hub)[:cap])
    assert big_page.evaluate(LABEL_OVERLAP)["hit"] < 0.1 * (cap + 1)
    assert big_page.inner_text("#more") == f"Draw {cap if len(around) > 2 * cap else len(around) - cap} more"
