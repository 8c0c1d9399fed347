"""How long corpus resolution takes on a real store, against the ingest time of that store,
and what it changes: nodes before and after, automatic rules by mechanism.

Usage:
    python benchmarks/resolution.py STORE [--ingest-seconds 775]

STORE is copied first and never changed. Resolution runs twice on the copy: the first run
adds the automatic rules, the second (nothing new) must add none. The target is under 10%
of the ingest time (the BBC store of 2,088 articles took 775 s to ingest on this machine).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store")
    parser.add_argument("--ingest-seconds", type=float, default=775.0)
    args = parser.parse_args()
    from graph.store import Store
    from graph.store.resolution import resolve_store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "store.db"
        shutil.copy(args.store, db)
        with Store(db, create=False) as store:
            before = len(store.load_graph().nodes)
            started = time.perf_counter()
            added = resolve_store(store)
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            again = resolve_store(store)
            rerun = time.perf_counter() - started
            graph = store.load_graph()
            after = len(graph.nodes)
    kinds = Counter(r.note.split(": ", 2)[2].split(" (")[0].split(";")[0].split(":")[0] if r.kind == "merge" else "type"
                    for r in added)
    share = 100 * seconds / args.ingest_seconds
    print(f"nodes: {before} before, {after} after ({before - after} fewer)")
    print(f"automatic rules: {len(added)} ({sum(r.kind == 'merge' for r in added)} merges, "
          f"{sum(r.kind == 'type' for r in added)} types); second run added {len(again)}")
    for reason, n in kinds.most_common(12):
        print(f"  {n:5d}  {reason}")
    print(f"resolution: {seconds:.1f} s ({share:.1f}% of {args.ingest_seconds:.0f} s ingest; target < 10%); "
          f"re-run {rerun:.1f} s")
    print("OK" if share < 10 else "SLOWER THAN TARGET")


if __name__ == "__main__":
    main()
