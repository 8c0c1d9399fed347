"""Throughput of `newsgraph ingest` in one process, with `--workers 2` and on Dask, and the
driver's peak memory as the corpus grows.

Each run is a fresh driver process (so its peak RSS, ``resource.getrusage``, is its own)
ingesting the first N distinct documents of CORPUS into an empty store; the timed span is
the whole ingest call, start-up of the workers or the cluster included. The Dask run uses
``--dask local:W`` (W worker processes, one thread each); its driver loads no model. CPU
seconds are those of the driver and all the processes it started (user + system), which,
unlike wall seconds, other jobs on a shared machine hardly change.

Usage:
    python benchmarks/distributed.py CORPUS.jsonl [--limit 1000] [--workers 2]
        [--memory 500,1000,2088]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file's folder would come first and its name hide the `distributed` package.
sys.path[0] = str(ROOT)


def _subset(corpus: str, limit: int, path: Path) -> tuple[int, int]:
    """The first ``limit`` distinct documents of ``corpus`` as JSONL; returns how many, and
    their words."""
    from graph.pipeline.read import Document, read_documents

    seen: set[str] = set()
    words = 0
    with path.open("w", encoding="utf-8") as f:
        for doc in read_documents([corpus]):
            if isinstance(doc, Document) and doc.id not in seen:
                seen.add(doc.id)
                words += len(doc.text.split())
                f.write(json.dumps({"text": doc.text, "title": doc.title}) + "\n")
                if len(seen) >= limit:
                    break
    return len(seen), words


def _child(source: str, workers: int, dask: str | None) -> None:
    """One measured run, in this (fresh) process: prints seconds, documents and peak RSS."""
    from graph import Store, ingest

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.db") as store:
        started = time.perf_counter()
        report = ingest([source], store, workers=workers, dask=dask)
        seconds = time.perf_counter() - started
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    peak_mib = own.ru_maxrss / 1024  # KiB on Linux
    # The workers have exited and been waited for: their time is in RUSAGE_CHILDREN.
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    print(json.dumps({"seconds": seconds, "stored": report.stored, "peak_mib": peak_mib, "cpu": cpu}))


def _run(source: Path, workers: int = 1, dask: str | None = None) -> dict:
    argv = [sys.executable, __file__, "--child", str(source), "--workers", str(workers)]
    if dask:
        argv += ["--dask", dask]
    done = subprocess.run(argv, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"run failed ({' '.join(argv[2:])}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", help="a .jsonl file of articles (fields text, title)")
    parser.add_argument("--limit", type=int, default=1000, help="documents in the throughput runs")
    parser.add_argument("--workers", type=int, default=2, help="--workers W and --dask local:W")
    parser.add_argument("--memory", default="500,1000,2088",
                        help="comma-separated corpus sizes for the driver-memory table (Dask runs)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dask", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.corpus, args.workers, args.dask)
        return

    with tempfile.TemporaryDirectory() as tmp:
        _report(args, Path(tmp))


def _report(args: argparse.Namespace, tmp: Path) -> None:
    load = os.getloadavg()[0]  # other jobs' share of the machine, before and after
    sizes = sorted({args.limit, *(int(n) for n in args.memory.split(",") if n.strip())})
    subsets = {n: _subset(args.corpus, n, tmp / f"subset-{n}.jsonl") for n in sizes}
    dask = f"local:{args.workers}"
    full = tmp / f"subset-{args.limit}.jsonl"
    # The two runs compared side by side run one after the other, so that they share the
    # machine's load as closely as a shared machine allows.
    runs = {
        "1 process": _run(full),
        f"--workers {args.workers}": _run(full, workers=args.workers),
        f"--dask {dask}": _run(full, dask=dask),
    }
    memory = {n: _run(tmp / f"subset-{n}.jsonl", dask=dask) for n in sizes if n != args.limit}
    memory[args.limit] = runs[f"--dask {dask}"]

    n, w = subsets[args.limit]
    base = runs["1 process"]["seconds"]
    print(f"corpus: {Path(args.corpus).name}, first {n} distinct documents, {w:,} words; "
          f"{len(os.sched_getaffinity(0))} CPUs; each run a fresh driver, start-up included; "
          f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after")
    print()
    print("| run | seconds | documents/s | words/s | vs 1 process | CPU seconds | driver peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in runs.items():
        assert r["stored"] == n, (name, r)
        print(f"| {name} | {r['seconds']:.1f} | {n / r['seconds']:.2f} | {w / r['seconds']:,.0f} | "
              f"{base / r['seconds']:.2f} | {r['cpu']:.0f} | {r['peak_mib']:.0f} |")
    ratio = runs[f"--workers {args.workers}"]["seconds"] / runs[f"--dask {dask}"]["seconds"]
    print()
    print(f"--dask {dask} throughput / --workers {args.workers} throughput: {ratio:.2f}")
    print()
    print(f"| documents | --dask {dask} seconds | documents/s | driver peak RSS (MiB) |")
    print("|---:|---:|---:|---:|")
    for size in sizes:
        count = subsets[size][0]
        assert memory[size]["stored"] == count, (size, memory[size])
        print(f"| {count} | {memory[size]['seconds']:.1f} | {count / memory[size]['seconds']:.2f} | "
              f"{memory[size]['peak_mib']:.0f} |")


if __name__ == "__main__":
    main()
