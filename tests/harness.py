"""Driving the generated page in headless Debian Chromium, as a user would.

Shared by the browser tests and ``tools/screenshot.py``, so the README's picture is taken
the way the tests act. Nothing here downloads a browser: Playwright launches the given
executable (Debian's ``chromium``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["CHROMIUM_ARGS", "launch", "open_page", "search", "click_edge", "click_node", "drawn"]

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# Points of an edge that no node covers and nothing covers on the page, after bringing the
# edge into view beside the details panel.
_EDGE_POINTS = """(id) => {
    const e = network.body.edges[id], panel = document.getElementById('details');
    network.moveTo({position: e.edgeType.getPoint(0.5), scale: Math.max(network.getScale(), 1.2),
                    offset: {x: panel.hidden ? 0 : -panel.offsetWidth / 2, y: 0}});
    network.redraw();
    const r = document.getElementById('mynetwork').getBoundingClientRect(), out = [];
    for (let i = 0; i <= 60; i++) {
      const d = network.canvasToDOM(e.edgeType.getPoint(0.2 + i * 0.01));
      if (network.getNodeAt(d) === undefined && network.getEdgeAt(d) === id
          && document.elementFromPoint(d.x + r.left, d.y + r.top).tagName === 'CANVAS') {
        out.push([d.x + r.left, d.y + r.top]);
      }
    }
    return out; }"""


def launch(playwright: Any, executable: str) -> Any:
    """Headless Chromium from ``executable``."""
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def open_page(browser: Any, path: Path) -> tuple[Any, list[str], list[str], list[str]]:
    """Open ``path`` offline, with every non-file request recorded and refused; wait until
    the page is stable. Returns the page and the lists of external requests, dialogs and
    script errors, which fill as the page is used."""
    page = browser.new_page(viewport={"width": 1400, "height": 860})
    page.context.set_offline(True)
    external: list[str] = []
    dialogs: list[str] = []
    errors: list[str] = []

    def route(r: Any) -> None:
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


def search(page: Any, text: str) -> None:
    """Type ``text`` in the search box and press Enter; wait for the focus animation."""
    page.fill("#search", text)
    page.press("#search", "Enter")
    page.wait_for_timeout(500)


def click_edge(page: Any, edge_id: str) -> None:
    """Click the edge: bring it into view, then click points of it that no node covers
    until a click selects it (other edges may cross it there)."""
    for x, y in page.evaluate(_EDGE_POINTS, edge_id)[::3]:
        page.mouse.click(x, y)
        if page.evaluate("network.getSelectedEdges()") == [edge_id]:
            return
    raise AssertionError(f"no click selected edge {edge_id}")


def click_node(page: Any, node_id: str) -> None:
    point = page.evaluate("""(id) => {
        network.moveTo({position: network.getPositions([id])[id], scale: 1.2});
        network.redraw();
        const d = network.canvasToDOM(network.getPositions([id])[id]);
        const r = document.getElementById('mynetwork').getBoundingClientRect();
        return [d.x + r.left, d.y + r.top]; }""", node_id)
    page.mouse.click(*point)


def drawn(page: Any) -> list[int]:
    """Nodes and edges in the network's DataSets, and how many of them are not hidden."""
    return page.evaluate("""() => [network.body.data.nodes.length, network.body.data.edges.length,
        nodes.get({filter: n => !n.hidden}).length, edges.get({filter: e => !e.hidden}).length]""")
