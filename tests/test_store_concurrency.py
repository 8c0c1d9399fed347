"""The store under several processes at once: reads during an ingest, racing creation,
concurrent writers and killed writers. Hand-made records, no spaCy, a few seconds in all."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import cli
from graph.model import Document, Entity, Evidence, Mention, Relation, Sentence
from graph.store import Store

# Several processes or hundreds of generated examples: in `make test`, not `make test-fast`.
pytestmark = pytest.mark.heavy

# fork: children start in milliseconds and inherit this module, so records need no pickling.
CTX = multiprocessing.get_context("fork")
HUB = "Carol"


def _record(i: int) -> tuple[Any, ...]:
    """Document ``i``: two new people, one meeting the other, and the hub calling one of them."""
    a_name, b_name = f"Alice{i}", f"Bob{i}"
    first, second = f"{a_name} met {b_name}.", f"{HUB} called {a_name}."
    text = f"{first} {second}"
    doc = Document(Document.make_id(text), text, f"story {i}", "test", "2025-05-01")
    a, b, hub = (Entity(Entity.make_id(n), n, "Person", (n,)) for n in (a_name, b_name, HUB))
    s2 = len(first) + 1
    mentions = [Mention(doc.id, 0, len(a_name), a_name, a.id, 0, "Person"),
                Mention(doc.id, text.index(b_name), text.index(b_name) + len(b_name), b_name, b.id, 0, "Person"),
                Mention(doc.id, s2, s2 + len(HUB), HUB, hub.id, 1, "Person"),
                Mention(doc.id, text.rindex(a_name), text.rindex(a_name) + len(a_name), a_name, a.id, 1,
                        "Person")]
    sentences = [Sentence(0, len(first), first), Sentence(s2, len(text), second)]
    ev1 = Evidence(doc.id, first, 0, len(first), None, None, "met")
    ev2 = Evidence(doc.id, second, s2, len(text), None, None, "called")
    relations = [Relation(a.id, b.id, "SPOKE_TO", ev1), Relation(a.id, b.id, "CO_MENTIONED", ev1),
                 Relation(hub.id, a.id, "SPOKE_TO", ev2), Relation(hub.id, a.id, "CO_MENTIONED", ev2)]
    return doc, [a, b, hub], mentions, sentences, relations


def _write(db: str, numbers: range | list[int], *, pause: float = 0.0, log: str | None = None) -> None:
    """Add the documents ``numbers`` to ``db``; append each committed document id to ``log``."""
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT) if log else None
    with Store(db) as store:
        for i in numbers:
            record = _record(i)
            store.add_document(*record)
            if fd is not None:  # one small write(2): a kill leaves whole lines only
                os.write(fd, f"{record[0].id}\n".encode())
            if pause:
                time.sleep(pause)


def _write_until(db: str, stop: Any, start: int) -> None:
    """Add new documents until ``stop``, about 30 a second: the graph stays small enough for
    `export` (all centralities) to run many times in the test's few seconds."""
    i = start
    while not stop.is_set():
        with Store(db) as store:  # reopen now and then: opening must not disturb readers either
            for _ in range(10):
                store.add_document(*_record(i))
                i += 1
                time.sleep(0.03)


def _dump(db: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every stored row, table by table, sorted; the ingest time is left out."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {}
        for table in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "ingested_at"]
            out[table] = sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall(), key=repr)
        return out
    finally:
        conn.close()


def _sequential(tmp_path: Path, numbers: range) -> dict[str, list[tuple[Any, ...]]]:
    db = tmp_path / "sequential.db"
    if not db.exists():
        _write(str(db), numbers)
    return _dump(db)


def _no_duplicates(dump: dict[str, list[tuple[Any, ...]]]) -> bool:
    return all(len(rows) == len(set(rows)) for rows in dump.values())


# -- item 4: readers see one consistent snapshot while an ingest writes --------------------------

def test_readers_see_a_consistent_store_while_a_writer_adds_documents(tmp_path):
    db = str(tmp_path / "live.db")
    _write(db, range(3))
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", db, "top"]).exit_code == 0  # imports done before the clock starts
    stop = CTX.Event()
    writer = CTX.Process(target=_write_until, args=(db, stop, 3))
    writer.start()
    figures = {"load_graph": 0, "cli": 0, "exceptions": 0, "dangling": 0, "cli_failures": 0}
    failures: list[str] = []
    commands = [["top"], ["show", HUB], ["export", "--format", "json", "-o", str(tmp_path / "g.json")],
                ["query", "MATCH (e:Entity) RETURN count(e) AS n"]]
    try:
        # Three seconds, longer on a loaded machine until the CLI has run each command twice.
        start = time.monotonic()
        while time.monotonic() - start < 3.0 or (figures["cli"] < 8 and time.monotonic() - start < 20.0):
            for _ in range(5):  # load_graph is cheap, the CLI analyses: read more of the former
                try:
                    with Store(db, create=False) as store:
                        g = store.load_graph()
                        stats = store.stats()
                except Exception as exc:  # noqa: BLE001 - counting every crash is the point
                    figures["exceptions"] += 1
                    failures.append(f"load_graph: {exc!r}")
                else:
                    ids = {n.id for n in g.nodes}
                    figures["dangling"] += sum(e.source not in ids or e.target not in ids for e in g.edges)
                    assert stats.documents >= g.meta["documents"] >= 3
                figures["load_graph"] += 1
            result = runner.invoke(cli, ["--db", db, *commands[figures["cli"] % len(commands)]])
            if result.exit_code != 0:
                figures["cli_failures"] += 1
                failures.append(f"{commands[figures['cli'] % len(commands)][0]}: {result.exception!r} "
                                f"{result.output[-300:]}")
            figures["cli"] += 1
    finally:
        stop.set()
        writer.join(10)
    print("reads against the writer:", figures)
    assert writer.exitcode == 0
    written = Store(db, create=False).stats().documents
    assert written > 3 + 40, "the writer did not write while the readers read"
    assert figures["load_graph"] >= 10 and figures["cli"] >= 6
    assert (figures["exceptions"], figures["dangling"], figures["cli_failures"]) == (0, 0, 0), failures[:5]


def _stats_agree(store: Store) -> bool:
    st = store.stats()  # each document adds two entities (and shares one), four mentions, four relations
    return (st.entities, st.mentions, sum(st.relations.values())) == (2 * st.documents + 1, 4 * st.documents,
                                                                     4 * st.documents)


def _graph_agrees(store: Store) -> bool:
    g = store.load_graph()
    ids = {n.id for n in g.nodes}
    return all(e.source in ids and e.target in ids for e in g.edges) and len(ids) == 2 * g.meta["documents"] + 1


def _state_agrees(store: Store) -> bool:
    (documents, _, _), rules = store.state()
    return (documents, len(rules)) in {(2, 0), (3, 1)}


@pytest.mark.parametrize("agrees", [_graph_agrees, _stats_agree, _state_agrees])
def test_every_read_spanning_tables_uses_one_snapshot(tmp_path, agrees):
    """A commit landing between two SELECTs of one answer is invisible to all of that answer."""
    db = tmp_path / "s.db"
    _write(str(db), range(2))
    with Store(db) as reader, Store(db) as writer:
        selects = []

        def commit_after_first_select(sql: str) -> None:
            selects.append(sql.lstrip().upper().startswith("SELECT"))
            if sum(selects) == 2 and selects[-1]:  # the second SELECT is starting
                writer.add_document(*_record(1000))
                writer.add_rule("rename", "x", value="y")

        reader.conn.set_trace_callback(commit_after_first_select)
        try:
            assert agrees(reader)
        finally:
            reader.conn.set_trace_callback(None)
        assert sum(selects) >= 2 and writer.stats().documents == 3
        assert not reader.conn.in_transaction and agrees(reader)


# -- item 5: processes creating the same new store at the same instant ---------------------------

def _create(db: str, barrier: Any, i: int, errors: Any) -> None:
    try:
        barrier.wait(10)
        with Store(db) as store:
            store.add_document(*_record(i))
    except Exception as exc:  # reported to the parent, which fails the test
        errors.put(f"{type(exc).__name__}: {exc}")
        raise SystemExit(1) from exc


def _hold_creation(db: str, started: Any) -> None:
    """A racer part-way through creating the store: its first write transaction is open."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    started.set()
    time.sleep(0.3)
    conn.execute("COMMIT")
    conn.close()


def test_opening_waits_for_a_racer_part_way_through_creation(tmp_path):
    # The deterministic form of the race: switching to WAL while another process holds the
    # write lock was refused at once ("database is locked"), busy timeout or not.
    db = str(tmp_path / "s.db")
    started = CTX.Event()
    racer = CTX.Process(target=_hold_creation, args=(db, started))
    racer.start()
    assert started.wait(10)
    with Store(db) as store:
        assert store.add_document(*_record(0))
        assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    racer.join(10)
    assert racer.exitcode == 0


def test_processes_racing_to_create_a_store_all_succeed(tmp_path):
    # Pairs hit the window most often (one switching to WAL while the other writes the schema);
    # eight at once check that many queue up cleanly.
    errors = CTX.Queue()
    attempted = failed = 0
    for r, processes in enumerate([2] * 16 + [8] * 4):
        db = str(tmp_path / f"race{r}.db")
        barrier = CTX.Barrier(processes)
        children = [CTX.Process(target=_create, args=(db, barrier, i, errors)) for i in range(processes)]
        for child in children:
            child.start()
        for child in children:
            child.join(30)
        attempted += processes
        failed += sum(child.exitcode != 0 for child in children)
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("SELECT COUNT(*) FROM meta WHERE key = 'schema_version'").fetchone() == (1,)
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        finally:
            conn.close()
        with Store(db, create=False) as store:
            assert store.stats().documents == processes - sum(child.exitcode != 0 for child in children)
    messages = []
    while not errors.empty():
        messages.append(errors.get())
    print(f"racing creations: {attempted} attempted, {failed} failed")
    assert failed == 0, messages[:5]


# -- item 6: what already holds -------------------------------------------------------------------

def test_concurrent_writers_with_overlapping_documents_equal_a_sequential_run(tmp_path):
    db = str(tmp_path / "both.db")
    Store(db).close()
    first = CTX.Process(target=_write, args=(db, range(60)))
    second = CTX.Process(target=_write, args=(db, list(reversed(range(30, 90)))))
    first.start(), second.start()
    first.join(30), second.join(30)
    assert (first.exitcode, second.exitcode) == (0, 0)
    dump = _dump(db)
    assert dump == _sequential(tmp_path, range(90))
    assert len(dump["documents"]) == 90 and _no_duplicates(dump)


def test_killed_writer_loses_no_committed_document_and_resumes_without_duplicates(tmp_path):
    numbers = range(150)
    expected = _sequential(tmp_path, numbers)
    for trial, kill_after in enumerate((1, 12, 37, 70, 110)):
        db, log = str(tmp_path / f"killed{trial}.db"), str(tmp_path / f"committed{trial}.log")
        writer = CTX.Process(target=_write, args=(db, numbers), kwargs={"pause": 0.002, "log": log})
        writer.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (
                not os.path.exists(log) or len(Path(log).read_bytes().splitlines()) < kill_after):
            time.sleep(0.0005)
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(10)
        assert writer.exitcode == -signal.SIGKILL, f"trial {trial}: the writer finished before the kill"
        committed = set(Path(log).read_text().split())
        with Store(db, create=False) as store:
            assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            stored = {row[0] for row in store.conn.execute("SELECT id FROM documents")}
        assert committed <= stored and len(stored) < len(numbers), f"trial {trial}"
        _write(db, numbers)  # the re-run
        dump = _dump(db)
        assert dump == expected and _no_duplicates(dump), f"trial {trial}"
    print("kill trials: 5")
