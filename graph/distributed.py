"""Dask: run a per-partition function on a cluster's workers and get the results back in order.

The scheduling is Dask's (``distributed``); this module only cuts a lazy stream into
partitions, keeps a bounded number of them in flight (``as_completed``) and hands the
results back in input order, so the driver's memory does not grow with the corpus and its
single writer stores documents in the order a sequential run would. A worker plugin runs a
set-up function (loading the spaCy pipeline) once on every worker, joining ones included.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from graph.errors import InputError

if TYPE_CHECKING:
    from distributed import Client, Future, Worker, WorkerPlugin

__all__ = ["PARTITION_SIZE", "LOCAL_WORKER_CONFIG", "parse_target", "connect", "map_partitions"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: Items per partition (one task, one ``nlp.pipe`` batch on a worker). A partition of BBC
#: articles is about 2-3 CPU-seconds: the per-task overhead (milliseconds) is noise, and the
#: last partitions of a run leave a worker idle for at most that long.
PARTITION_SIZE = 16

#: Partitions in flight (submitted, not yet yielded) per worker thread: one running and two
#: behind it, so a worker never waits for the driver, nor for a slower partition ahead of
#: its own to be yielded; the driver never holds more than this many partitions.
IN_FLIGHT_PER_THREAD = 3

#: Dask settings for the workers of a local cluster (see ``distributed.yaml``), each a
#: measured cost for spaCy's CPU-bound, allocation-heavy parsing: the statistical profiler
#: walks the task thread's stack every 10 ms, holding the GIL (a few per cent of a worker's
#: CPU), and Dask's 64 KiB malloc trim threshold hands freed memory back to the system at
#: once (2.5x the page faults under ``perf stat``, about 4% more CPU). The disk counters of
#: the system monitor are not needed either. A worker's memory is bounded by its partitions,
#: so the cluster also runs without a memory limit, which spares the 100 ms memory polling
#: of each worker and its nanny.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.admin.system-monitor.disk": False,
}

_LOCAL = re.compile(r"local(?::(\d+))?")


def parse_target(spec: str) -> int | str:
    """The number of local workers, or a scheduler address, that ``spec`` names.

    >>> parse_target("local:3"), parse_target("tcp://10.0.0.5:8786")
    (3, 'tcp://10.0.0.5:8786')
    >>> parse_target("local") > 0
    True

    Raises:
        InputError: ``spec`` is neither ``local[:N]`` nor a scheduler address.
    """
    spec = spec.strip()
    local = _LOCAL.fullmatch(spec)
    if local:
        if local.group(1) is None:
            import os

            return max(1, len(os.sched_getaffinity(0)))
        workers = int(local.group(1))
        if workers < 1:
            raise InputError(f"--dask {spec!r}: a local cluster needs at least one worker.")
        return workers
    if re.fullmatch(r"(tcp|tls|inproc|ucx)://\S+", spec):
        return spec
    raise InputError(f"--dask {spec!r}: expected local, local:N or a scheduler address such as "
                     "tcp://HOST:8786.")


@contextmanager
def connect(spec: str, *, setup: Callable[[], object] | None = None, name: str = "setup") -> Iterator[Client]:
    """A Dask client: on a new ``LocalCluster`` (``local[:N]``) or on a running scheduler.

    A local cluster has one single-threaded worker process per N (spaCy holds the GIL),
    with :data:`LOCAL_WORKER_CONFIG`, and is shut down on exit; a remote scheduler and its
    workers are left running.

    Args:
        spec: ``local[:N]`` or a scheduler address, see :func:`parse_target`.
        setup: run once on every worker before it gets a partition, and on workers that
            join later (a :class:`distributed.WorkerPlugin`); must be importable there.
        name: the plugin's name: a worker that already ran a set-up of this name skips it.

    Raises:
        InputError: the spec is not valid, the scheduler cannot be reached, or a worker
            cannot import ``setup``'s module.
    """
    import dask
    from distributed import Client, LocalCluster

    target = parse_target(spec)
    if isinstance(target, int):
        # No dashboard: it needs bokeh, and a port clash would fail a batch job.
        with dask.config.set(LOCAL_WORKER_CONFIG), \
                LocalCluster(n_workers=target, threads_per_worker=1, processes=True, memory_limit=0,
                             dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
                Client(cluster) as client:
            _set_up(client, setup, name)
            yield client
        return
    try:
        client = Client(target, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise InputError(f"--dask {target}: cannot reach the Dask scheduler ({exc}).") from exc
    with client:
        if not client.nthreads():
            raise InputError(f"--dask {target}: the scheduler has no workers; start some with "
                             f"`dask worker {target}`.")
        _set_up(client, setup, name)
        yield client


def _set_up(client: Client, setup: Callable[[], object] | None, name: str) -> None:
    if setup is None:
        return
    try:
        client.register_plugin(_plugin(setup), name=name)
    except ModuleNotFoundError as exc:
        raise _not_installed(exc) from exc


def _not_installed(exc: ModuleNotFoundError) -> InputError:
    return InputError(f"A Dask worker cannot import {exc.name!r}: install newsgraph (and its spaCy "
                      "model) on every worker.")


def _plugin(fn: Callable[[], object]) -> WorkerPlugin:
    """A worker plugin that runs ``fn`` once per worker, in a thread, so the worker's event
    loop keeps answering heartbeats while a model loads. Idempotent: registering it again
    under the same name (a second run on a long-lived cluster) does not run ``fn`` again.

    Defined here, not at module level, so that importing this module does not import Dask;
    Dask ships the class to the workers by value (cloudpickle).
    """
    from distributed import WorkerPlugin

    class SetUp(WorkerPlugin):
        idempotent = True

        def __init__(self, fn: Callable[[], object]) -> None:
            self.fn = fn

        async def setup(self, worker: Worker) -> None:
            await asyncio.get_running_loop().run_in_executor(None, self.fn)

    return SetUp(fn)


def map_partitions(client: Client, items: Iterable[T], fn: Callable[[list[T]], list[R]], *,
                   partition_size: int = PARTITION_SIZE, in_flight: int | None = None) -> Iterator[R]:
    """``fn`` over partitions of ``items`` on the workers; yields its results in input order.

    ``items`` is read lazily: at most ``in_flight`` partitions (default
    :data:`IN_FLIGHT_PER_THREAD` per worker thread) are submitted and not yet yielded, which
    is the driver's backpressure. Partitions are collected as they complete
    (``distributed.as_completed``), so one slow partition holds back only the yielding of
    those behind it, and each completed one frees its slot for the next at once. ``fn``
    must be importable on the workers (a module-level function, or a partial of one).
    Stopping the iterator early cancels the partitions still in flight.

    Raises:
        InputError: a worker cannot import ``fn``'s module (newsgraph is not installed there).
    """
    from distributed import as_completed

    limit = in_flight or IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
    batches = _batches(items, partition_size)
    flight: dict[str, tuple[int, Future]] = {}  # by key: partition number and future, until done
    ready: dict[int, list[R]] = {}  # results waiting for an earlier partition
    submitted = yielded = 0
    completed = as_completed(loop=client.loop)

    def refill() -> None:
        nonlocal submitted
        while submitted - yielded < limit and (batch := next(batches, None)) is not None:
            # pure=False: no hashing of the payload to deduplicate, which a stream never repeats.
            future = client.submit(fn, batch, pure=False)
            flight[future.key] = (submitted, future)
            submitted += 1
            completed.add(future)

    try:
        refill()
        for future in completed:
            ready[flight.pop(future.key)[0]] = _result(future)
            while yielded in ready:
                yield from ready.pop(yielded)
                yielded += 1
            refill()
    finally:
        if flight:
            client.cancel([future for _, future in flight.values()])


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _result(future: Future) -> list[R]:
    try:
        return future.result()
    except ModuleNotFoundError as exc:
        raise _not_installed(exc) from exc
    finally:
        future.release()
