"""How long `build` (nothing new), `top`, `show` and a full re-analysis take on a real store:
the cached igraph analysis against the networkx path it replaced, measured in the same run.

Usage:
    python benchmarks/analysis.py STORE CORPUS [--repeat 3] [--skip-old]

STORE is a newsgraph store already holding CORPUS (e.g. `newsgraph --db /tmp/bbc.db ingest
bbc_news.jsonl`); it is copied first and never changed. Each command runs as its own
`newsgraph` process, as a user runs it; the table gives medians of ``--repeat`` runs and the
ratio old / new. The old path is the same CLI with :func:`graph.load_graph` and the build's
analysis swapped for the networkx analysis (:mod:`graph.analysis.reference`), uncached.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Command -> the target for the new path, in seconds.
TARGETS = {"build (nothing new)": 3.0, "top --by betweenness": 0.5, "show": 0.5,
           "re-analysis (new documents)": 10.0}


def _old_cli(args: list[str]) -> None:
    """Run the CLI with the analysis of before: networkx, recomputed by every command."""
    import graph
    from graph.analysis import reference
    from graph.store import Store

    def load_graph(db: str, *, analysed: bool = True, metrics: list[str] | None = None) -> graph.Graph:
        with Store(db, create=False) as store:
            g = store.load_graph()
        return reference.analyze(g, metrics=metrics) if analysed else g

    graph.load_graph = load_graph
    # `graph.build` is the function; the module is patched through sys.modules
    sys.modules["graph.build"].analyze_store = lambda store, metrics=None: reference.analyze(store.load_graph())
    from cli import cli

    cli.main(args, prog_name="newsgraph")


def _run(mode: str, args: list[str]) -> float:
    """Seconds one `newsgraph ARGS` process takes, start to exit, on the ``mode`` path."""
    start = time.perf_counter()
    command = [sys.executable, __file__, "--cli", mode, "--", *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds


def _clear_cache(db: str) -> None:
    from graph.store import Store
    from graph.store import analysis as cache

    with Store(db, create=False) as store:
        cache.clear(store)


def _hub(db: str) -> str:
    """The entity `show` shows: the top one by PageRank."""
    import graph

    return graph.top(graph.load_graph(db, metrics=["pagerank"]), "pagerank", 1)[0].name


def _median(mode: str, args: list[str], repeat: int, before: object = None) -> float:
    times = []
    for _ in range(repeat):
        if callable(before):
            before()
        times.append(_run(mode, args))
    return statistics.median(times)


def _analysis_seconds(db: str) -> tuple[float, float]:
    """In-process analysis alone (no CLI, no load): igraph backend and networkx, seconds."""
    from graph.analysis import reference
    from graph.analysis.centrality import analyze
    from graph.store import Store

    with Store(db, create=False) as store:
        g = store.load_graph()
    start = time.perf_counter()
    analyze(g)
    new = time.perf_counter() - start
    start = time.perf_counter()
    reference.analyze(g)
    return new, time.perf_counter() - start


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--cli":
        mode_old, args = sys.argv[2] == "old", sys.argv[4:]
        if mode_old:
            _old_cli(args)
        else:
            from cli import cli

            cli.main(args, prog_name="newsgraph")
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store")
    parser.add_argument("corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-old", action="store_true", help="only the new path")
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "store.db")
        shutil.copy(opts.store, db)
        out = str(Path(tmp) / "out")
        build = ["--db", db, "--quiet", "build", opts.corpus, "--out", out, "--workers", "1"]
        commands = {"build (nothing new)": build,
                    "top --by betweenness": ["--db", db, "top", "--by", "betweenness"]}
        _run("new", commands["top --by betweenness"])  # fills the cache
        commands["show"] = ["--db", db, "show", _hub(db)]
        rows = []
        for name, args in commands.items():
            new = _median("new", args, opts.repeat)
            old = None if opts.skip_old else _median("old", args, opts.repeat)
            rows.append((name, old, new))
        # the old path recomputed on every command: its re-analysis is its `top`
        new = _median("new", commands["top --by betweenness"], opts.repeat, lambda: _clear_cache(db))
        rows.append(("re-analysis (new documents)", rows[1][1], new))
        igraph_s, networkx_s = _analysis_seconds(db)
    print(f"{'command':30} {'networkx s':>11} {'cached igraph s':>16} {'ratio':>7} {'target s':>9}")
    for name, old, new in rows:
        ratio = f"{old / new:6.1f}x" if old else "      -"
        old_s = f"{old:11.2f}" if old else f"{'-':>11}"
        print(f"{name:30} {old_s} {new:16.2f} {ratio} {TARGETS[name]:9.1f}")
    print(f"{'analysis only, in-process':30} {networkx_s:11.2f} {igraph_s:16.2f} {networkx_s / igraph_s:6.1f}x")
    print(f"(medians of {opts.repeat}; re-analysis = the first `top` after the store changed: load, "
          "analyse, save)")


if __name__ == "__main__":
    main()
