"""Ingest on Dask (`--dask`): the store is the one a sequential ingest makes, an interrupted
run resumes without duplicates, a bad record on a worker is one warning, and the driver
keeps a bounded number of partitions in flight."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from graph.distributed import map_partitions, parse_target
from graph.errors import InputError

from .conftest import ROOT, SEEDS, stored_documents

#: Every table ingest writes; `documents.ingested_at` is when, which no two runs share.
TABLES = ("documents", "entities", "mentions", "roles", "sentences", "relations", "evidence")
POISON = "POISONED RECORD"


# -- the driver's side, without spaCy ---------------------------------------------------------

@pytest.mark.parametrize("spec, expected", [("local:2", 2), ("local:1", 1), ("tcp://10.1.2.3:8786", "tcp://10.1.2.3:8786"),
                                            (" tls://sched:8786 ", "tls://sched:8786")])
def test_parse_target(spec, expected):
    assert parse_target(spec) == expected


@pytest.mark.parametrize("spec", ["local:0", "local:x", "spark://x:7077", "8786", ""])
def test_parse_target_rejects(spec):
    with pytest.raises(InputError, match="--dask"):
        parse_target(spec)


def test_ingest_rejects_a_bad_spec_before_reading(tmp_path):
    from graph import Store, ingest

    with Store(tmp_path / "t.db") as store, pytest.raises(InputError, match="local:N"):
        ingest(["does-not-exist.txt"], store, dask="yarn")
    with Store(tmp_path / "t.db") as store, pytest.raises(InputError, match="alternatives"):
        ingest([str(SEEDS)], store, dask="local:2", workers=2)


def test_cli_reports_a_bad_spec_in_one_line(tmp_path):
    from click.testing import CliRunner

    from cli import cli

    for command in ("ingest", "build"):
        result = CliRunner().invoke(cli, ["--db", str(tmp_path / "t.db"), command, str(SEEDS), "--dask", "yarn"])
        assert result.exit_code == 1, result.output
        assert result.output.strip().splitlines()[-1].startswith("Error: --dask 'yarn': expected local")


def _slow_square(batch: list[int]) -> list[int]:
    time.sleep(0.05 * (len(batch) and batch[0] % 3))  # later partitions often finish first
    return [x * x for x in batch]


@pytest.mark.heavy
def test_map_partitions_keeps_order_and_bounds_the_partitions_in_flight():
    pulled = []

    def items():
        for i in range(200):
            pulled.append(i)
            yield i

    from distributed import Client, LocalCluster

    # Threads, not processes: this is about the driver's loop, and it starts in a second.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        results = map_partitions(client, items(), _slow_square, partition_size=4, in_flight=3)
        first = next(results)
        # One partition waited on, the window behind it: never the whole stream.
        assert len(pulled) <= 4 * 3
        assert [first, *results] == [i * i for i in range(200)]


_SET_UP: list[str] = []


def _record_set_up() -> None:
    import threading

    _SET_UP.append(threading.current_thread().name)


@pytest.mark.heavy
def test_setup_runs_once_on_every_worker_and_on_workers_that_join():
    import functools
    import importlib

    from distributed import LocalCluster

    from graph.distributed import connect

    _SET_UP.clear()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with connect(cluster.scheduler_address, setup=_record_set_up, name="record") as client:
            assert len(_SET_UP) == 2
            # Off the workers' event loops: they answer heartbeats while a model loads.
            assert not any(name.startswith("MainThread") for name in _SET_UP)
        with connect(cluster.scheduler_address, setup=_record_set_up, name="record") as client:
            assert len(_SET_UP) == 2  # a second run on the same cluster loads nothing again
            cluster.scale(3)
            client.wait_for_workers(3, timeout=30)
            deadline = time.monotonic() + 30
            while len(_SET_UP) < 3 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(_SET_UP) == 3
        missing = functools.partial(importlib.import_module, "newsgraph_not_installed_here")
        with pytest.raises(InputError, match="cannot import 'newsgraph_not_installed_here'"), \
                connect(cluster.scheduler_address, setup=missing, name="missing"):
            pass


def _worker_settings(dask_worker) -> dict:
    import dask

    return {"profile": dask.config.get("distributed.worker.profile.enabled"),
            "malloc_trim": os.environ.get("MALLOC_TRIM_THRESHOLD_"),
            "memory_limit": dask_worker.memory_manager.memory_limit}


@pytest.mark.heavy
def test_a_local_cluster_spares_the_workers_the_profiler_malloc_trim_and_memory_polling():
    from graph.distributed import connect

    with connect("local:1") as client:
        (settings,) = client.run(_worker_settings).values()
    assert settings == {"profile": False, "malloc_trim": None, "memory_limit": None}


# -- the whole ingest on a cluster, against a sequential one ----------------------------------

def _corpus(path: Path, copies: int) -> Path:
    """The seed article, then generated articles: its paragraphs, each under its own headline."""
    seed = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    lines = [line for line in seed.splitlines() if len(line) > 80]
    with path.open("w", encoding="utf-8") as f:
        f.write(json.dumps({"title": "seed", "text": seed}) + "\n")
        for i in range(copies):
            body = "\n".join(lines[(i + k) % len(lines)] for k in range(3))
            f.write(json.dumps({"title": f"Report {i}", "text": f"Report {i} from Moscow\n{body}"}) + "\n")
    return path


def _rows(db: Path) -> dict[str, Counter]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
        tables = {}
        for table in TABLES:
            columns = [r[1] for r in c.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
            tables[table] = Counter(c.execute(f"SELECT {', '.join(columns)} FROM {table}"))
        return tables



def _ingest(db: Path, source: Path, **kwargs):
    from graph import Store, ingest

    with Store(db) as store:
        return ingest([str(source)], store, **kwargs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict[str, Counter]]:
    """The inputs and the tables of their sequential ingest."""
    folder = tmp_path_factory.mktemp("dask")
    source = _corpus(folder / "corpus.jsonl", 60)
    _ingest(folder / "sequential.db", source)
    return source, _rows(folder / "sequential.db")


@pytest.fixture(scope="module")
def cluster():
    """A running scheduler with two single-threaded worker processes, as `--dask tcp://` uses."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.mark.slow
def test_local_cluster_makes_the_sequential_store(corpus, tmp_path):
    source, expected = corpus
    report = _ingest(tmp_path / "dask.db", source, dask="local:2")
    assert report.stored == 61 and not report.skipped
    assert _rows(tmp_path / "dask.db") == expected
    assert sum(expected["relations"].values()) > 0 and sum(expected["evidence"].values()) > 0
    again = _ingest(tmp_path / "dask.db", source, dask="local:2")  # nothing new: no cluster started
    assert again.stored == 0 and again.unchanged == 61
    assert _rows(tmp_path / "dask.db") == expected


@pytest.mark.slow
def test_a_killed_driver_resumes_without_duplicates(corpus, cluster, tmp_path):
    source, expected = corpus
    db = tmp_path / "killed.db"
    proc = subprocess.Popen([sys.executable, "-m", "cli", "-q", "--db", str(db), "ingest", str(source),
                             "--dask", "local:2"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not stored_documents(db) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, proc.communicate()[1]
        proc.send_signal(signal.SIGKILL)  # the driver only: no clean-up of any kind
        proc.communicate(timeout=30)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # its orphaned local workers
        except ProcessLookupError:
            pass
    partial = stored_documents(db)
    assert 0 < partial < 61
    report = _ingest(db, source, dask=cluster.scheduler_address)  # resumed on a running scheduler
    assert report.unchanged == partial and report.stored == 61 - partial
    assert _rows(db) == expected


def _poison() -> None:
    """On a worker: the analysis of one document fails, as a bug triggered by a record would."""
    import importlib

    module = importlib.import_module("graph.ingest")  # `graph.ingest` is also the function
    finish = module._finish

    def failing(parts):
        if POISON in parts.document.text:
            raise ValueError("a bad record")
        return finish(parts)

    if not getattr(finish, "poisoned", False):
        failing.poisoned = True
        module._finish = failing


@pytest.mark.slow
def test_a_bad_record_on_a_worker_is_one_warning(cluster, tmp_path):
    from distributed import Client

    seed = next(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    source = tmp_path / "bad.jsonl"
    texts = [seed, f"{POISON}\nVladimir Putin spoke to Donald Trump.", "Angela Merkel met Emmanuel Macron in Paris."]
    source.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    with Client(cluster.scheduler_address) as client:
        client.run(_poison)
    warnings: list = []
    report = _ingest(tmp_path / "bad.db", source, dask=cluster.scheduler_address, on_skip=warnings.append)
    assert report.stored == 2 and report.read == 3
    assert len(warnings) == 1 and warnings == report.skipped
    assert warnings[0].reason == "analysis failed: ValueError: a bad record"
