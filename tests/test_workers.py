"""`ingest --workers 2` stops cleanly: SIGTERM and Ctrl-C end the workers without tracebacks,
and workers die with a parent that is killed outright."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.store import Store

from .conftest import ROOT, SEEDS, stored_documents

pytestmark = pytest.mark.slow


def _children(pid: int) -> set[int]:
    """Live children of ``pid``, from /proc (psutil is not a dependency)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _terminal_signals() -> None:
    """Ctrl-C as a terminal delivers it: a suite started in the background (``nohup ... &``)
    runs with SIGINT ignored, which its children would inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def running(tmp_path):
    """`newsgraph ingest --workers 2` on plenty of text, once both workers are busy."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    src = tmp_path / "many.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i in range(3000):
            f.write(json.dumps({"text": f"Report {i}.\n" + texts[i % len(texts)]}) + "\n")
    db = tmp_path / "t.db"
    proc = subprocess.Popen([sys.executable, "-m", "cli", "--db", str(db), "ingest", str(src), "--workers", "2",
                             "--batch-size", "8"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=_terminal_signals)
    proc.__dict__["db"] = db
    deadline = time.monotonic() + 120
    while len(_children(proc.pid)) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.1)
    while not stored_documents(db) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)  # stop it mid-run, once a few documents are stored
    workers = _children(proc.pid)
    assert len(workers) >= 2, proc.communicate()[1] if proc.poll() is not None else "no workers started"
    yield proc, workers
    if proc.poll() is None:
        proc.kill()
        proc.communicate()
    for pid in _alive(workers):
        os.kill(pid, signal.SIGKILL)



def _wait_gone(pids: set[int], seconds: float = 5.0) -> set[int]:
    deadline = time.monotonic() + seconds
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return _alive(pids)


@pytest.mark.parametrize("how", ["sigterm", "ctrl-c"])
def test_interrupt_stops_workers_in_one_line(running, how):
    proc, workers = running
    started = time.monotonic()
    if how == "sigterm":
        proc.send_signal(signal.SIGTERM)
    else:  # a terminal sends Ctrl-C's SIGINT to the whole process group
        os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=15)
    assert time.monotonic() - started < 8
    assert proc.returncode == 1
    assert "Traceback" not in err and "Interrupted; documents stored so far are kept." in err, err
    assert not _wait_gone(workers)
    with Store(proc.db) as store:
        assert store.stats().documents > 0


def test_workers_die_with_a_killed_parent(running):
    proc, workers = running
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=15)
    assert not _wait_gone(workers)


def test_stopping_the_pipe_early_ends_the_workers(nlp):
    """A consumer that stops (an error while storing, say) does not wait for the workers' queue."""
    import multiprocessing

    from graph.pipeline.nlp import pipe_chunks

    text = (SEEDS / sorted(p.name for p in SEEDS.glob("*.txt"))[0]).read_text(encoding="utf-8")
    docs = pipe_chunks(nlp, ((text, i) for i in range(2000)), batch_size=8, workers=2)
    next(docs)
    workers = {p.pid for p in multiprocessing.active_children()}
    started = time.monotonic()
    docs.close()
    assert time.monotonic() - started < 5
    assert not _wait_gone(workers)
