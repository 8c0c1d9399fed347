"""How long `build` (nothing new), `top`, `show` and a full re-analysis take on a real store:
the cached igraph analysis against the networkx path it replaced, measured in the same run.

Usage:
    python benchmarks/analysis.py STORE CORPUS [--repeat 3] [--skip-old]

STORE is a newsgraph store already holding CORPUS (e.g. `newsgraph --db /tmp/bbc.db ingest
bbc_news.jsonl`); it is copied first and never changed. Each command runs as its own
`newsgraph` process, as a user runs it; the table gives medians of ``--repeat`` runs and the
ratio old / new, with the CPU seconds (user + system) of the same runs: on a shared machine
the wall time also counts the other processes' turns (the load average is printed). The old
path is the same CLI with every read of the analysis (:func:`graph.load_graph`,
:func:`graph.load_nodes`, :func:`graph.load_entity`, the build's) swapped for the networkx
analysis (:mod:`graph.analysis.reference`), uncached, and the page always rendered.
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
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
    graph.load_nodes = load_graph
    graph.load_entity = lambda db, name, metrics=None: load_graph(db, metrics=metrics)
    build = importlib.import_module("graph.build")  # `graph.build` is the function
    build.analysed_graph = lambda store, metrics=None: reference.analyze(store.load_graph())
    build._page_is_current = lambda *args: False
    from cli import cli

    cli.main(args, prog_name="newsgraph")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(mode: str, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds one `newsgraph ARGS` process takes, start to exit (its forked
    workers included), on the ``mode`` path."""
    start, cpu = time.perf_counter(), _cpu()
    command = [sys.executable, __file__, "--cli", mode, "--", *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds, _cpu() - cpu


def _clear_cache(db: str) -> None:
    from graph.store import Store
    from graph.store import analysis as cache

    with Store(db, create=False) as store:
        cache.clear(store)


def _hub(db: str) -> str:
    """The entity `show` shows: the top one by PageRank."""
    import graph

    return graph.top(graph.load_nodes(db, metrics=["pagerank"]), "pagerank", 1)[0].name


def _median(mode: str, args: list[str], repeat: int, before: object = None) -> tuple[float, float]:
    """Median wall and median CPU seconds of ``repeat`` runs."""
    runs = []
    for _ in range(repeat):
        if callable(before):
            before()
        runs.append(_run(mode, args))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


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
        _run("new", build)  # writes the page: the runs measured have nothing new
        commands["show"] = ["--db", db, "show", _hub(db)]
        rows = []
        load = [os.getloadavg()[0]]
        for name, args in commands.items():
            new = _median("new", args, opts.repeat)
            old = None if opts.skip_old else _median("old", args, opts.repeat)
            rows.append((name, old, new))
            load.append(os.getloadavg()[0])
        # the old path recomputed on every command: its re-analysis is its `top`
        new = _median("new", commands["top --by betweenness"], opts.repeat, lambda: _clear_cache(db))
        rows.append(("re-analysis (new documents)", rows[1][1], new))
        igraph_s, networkx_s = _analysis_seconds(db)
        load.append(os.getloadavg()[0])
    print(f"{'command':28} {'old wall s':>10} {'new wall s':>10} {'ratio':>7} {'target s':>8} "
          f"{'old CPU s':>9} {'new CPU s':>9}")
    for name, old, new in rows:
        ratio = f"{old[0] / new[0]:6.1f}x" if old else "      -"
        old_wall, old_cpu = (f"{old[0]:10.2f}", f"{old[1]:9.2f}") if old else (f"{'-':>10}", f"{'-':>9}")
        print(f"{name:28} {old_wall} {new[0]:10.2f} {ratio} {TARGETS[name]:8.1f} {old_cpu} {new[1]:9.2f}")
    print(f"{'analysis only, in-process':28} {networkx_s:10.2f} {igraph_s:10.2f} {networkx_s / igraph_s:6.1f}x")
    print(f"(medians of {opts.repeat}; old = networkx, recomputed by every command; new = the analysis "
          "saved in the store; re-analysis = the first `top` after the store changed: load, analyse, "
          f"save; load average {min(load):.1f}-{max(load):.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
