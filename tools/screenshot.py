"""Write docs/screenshot.png: the seed graph as a new user first sees it.

Builds seeds/ into a temporary store, renders the page and photographs it in headless
Debian Chromium (Playwright drives it; nothing is downloaded).

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

from graph import Store, analyze, ingest, write_html  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        with Store(Path(tmp) / "seed.db") as store:
            ingest([str(ROOT / "seeds")], store)
            graph = analyze(store.load_graph())
        page_path = write_html(graph, Path(tmp) / "graph.html", title="newsgraph: seeds/")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            page = browser.new_page(viewport={"width": 1400, "height": 860})
            page.goto(page_path.as_uri())
            page.wait_for_selector("body[data-stable=true]", timeout=60_000)
            page.screenshot(path=args.out)
            browser.close()
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
