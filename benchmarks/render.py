"""Size of the HTML page and its time to stable in headless Chromium, by graph size.

For each size it renders the graph (timing Python), writes the page, opens it from disk in
Debian's Chromium, and waits for ``body[data-stable]``,
which the page sets once vis-network has drawn a settled layout. "stable" is the page's own
``performance.now()`` at that moment (from navigation start); "open" is the wall time
Playwright waited. Medians of ``--repeat`` page loads.

The graphs are the top N entities by PageRank of a store (``--db``, e.g. the BBC corpus)
or, without ``--db``, synthetic news-like graphs: preferential-attachment co-mentions,
some typed actions, dated evidence sentences.

Usage:
    python benchmarks/render.py [--db bbc.db] [--sizes 100,1000,5000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import Selection, analyze, load_graph, select, write_html  # noqa: E402
from graph.model import Edge, Evidence, Graph, Node  # noqa: E402

TYPES = ("Person", "Person", "Organization", "Place", "Group", "Event")
WORDS = ("minister government talks said officials week statement capital agreement deal "
         "election market report council security leaders meeting summit pressure").split()


def synthetic(n: int, seed: int = 7) -> Graph:
    """A news-like graph: about four co-mentions per entity, one edge in twelve an action."""
    import networkx as nx

    rng = random.Random(seed)
    g = nx.barabasi_albert_graph(n, 4, seed=seed)
    nodes = tuple(Node(f"n{i}", f"Entity {i}", rng.choice(TYPES), (f"Entity {i}", f"E{i}"), 1 + rng.randrange(40),
                       1 + rng.randrange(10)) for i in range(n))
    edges = []
    for k, (a, b) in enumerate(g.edges()):
        rel = rng.choice(("SPOKE_TO", "MET")) if k % 12 == 0 else "CO_MENTIONED"
        weight = min(1 + int(rng.expovariate(0.6)), 30)
        evidence = tuple(Evidence(f"d{rng.randrange(2000)}", " ".join(rng.choices(WORDS, k=24)) + ".", 0, 150,
                                  f"2025-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}")
                         for _ in range(weight))
        edges.append(Edge(f"e{k}", f"n{a}", f"n{b}", rel, weight, rel != "MET", evidence))
    titles = {f"d{i}": f"Article {i}: " + " ".join(rng.choices(WORDS, k=8)) for i in range(2000)}
    return analyze(Graph(nodes, tuple(edges), {"documents": 2000, "titles": titles}))


def measure(browser, path: Path) -> tuple[float, float]:
    # No request interception here: it slows the loading of a large file. The page's
    # Content-Security-Policy blocks requests anyway, and the browser tests check it.
    page = browser.new_page(viewport={"width": 1400, "height": 860})
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-stable=true]", timeout=300_000)
    wall = time.perf_counter() - start
    stable = float(page.get_attribute("body", "data-stable-ms") or 0) / 1000
    page.close()
    return stable, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="a newsgraph store; default: synthetic graphs")
    parser.add_argument("--sizes", default="100,1000,5000",
                        help="node counts, comma-separated; 0 means the whole graph of --db")
    parser.add_argument("--repeat", type=int, default=3, help="page loads per size")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    whole = load_graph(args.db) if args.db else None
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"])
        for n in sizes:
            if whole is not None:
                g = whole if n == 0 else select(whole, Selection(top=n))
            else:
                g = synthetic(n)
            start = time.perf_counter()
            path = write_html(g, Path(tmp) / f"g{n}.html")
            render = time.perf_counter() - start
            runs = [measure(browser, path) for _ in range(args.repeat)]
            rows.append((len(g.nodes), len(g.edges), path.stat().st_size / 1e6, render,
                         statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                         "off; overview of 120 drawn" if len(g.nodes) > 500 else "on, then off"))
            print(f"{n} done", file=sys.stderr)
        browser.close()
    source = f"top N of {args.db}" if args.db else "synthetic"
    print(f"graphs: {source}; Chromium {args.chromium}; median of {args.repeat} loads\n")
    print("| nodes | edges | HTML (MB) | render in Python (s) | stable in Chromium (s) | open, wall (s) | physics |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    for nodes, edges, mb, render, stable, wall, physics in rows:
        print(f"| {nodes:,} | {edges:,} | {mb:.2f} | {render:.2f} | {stable:.2f} | {wall:.2f} | {physics} |")


if __name__ == "__main__":
    main()
