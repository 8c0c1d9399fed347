"""Write docs/screenshot.png: the seed graph as a new user meets it.

Builds seeds/ into a temporary store, renders the page and drives it in headless Debian
Chromium with the browser tests' harness (tests/harness.py: Playwright, offline, nothing
downloaded) as the README describes: search for Putin, then click the Trump-Putin "spoke
to" edge, so the picture shows the evidence panel with the sentence and its date.

Usage: python tools/screenshot.py [--out docs/screenshot.png] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph import Store, analyze, find_node, ingest, write_html  # noqa: E402
from tests.harness import click_edge, launch, open_page, search  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "seed.db") as store:
            ingest([str(ROOT / "seeds")], store)
            graph = analyze(store.load_graph())
        trump, putin = find_node(graph, "Donald Trump").id, find_node(graph, "Vladimir Putin").id
        edge = next(e.id for e in graph.edges if (e.source, e.target, e.type) == (trump, putin, "SPOKE_TO"))
        page_path = write_html(graph, Path(tmp) / "graph.html", title="newsgraph: seeds/")
        with sync_playwright() as p:
            browser = launch(p, args.chromium)
            page, external, _, errors = open_page(browser, page_path)
            search(page, "putin")
            click_edge(page, edge)
            page.mouse.move(5, 5)
            page.add_style_tag(content=".vis-tooltip { display: none !important; }")  # no hover tooltip
            page.wait_for_timeout(400)
            page.screenshot(path=args.out)
            browser.close()
        if external or errors:
            raise SystemExit(f"the page requested {external} or failed: {errors}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
