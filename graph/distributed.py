"""Dask: run a per-partition function on a cluster's workers and get the results back in order.

The scheduling is Dask's (``distributed``); this module only cuts a lazy stream into
partitions, keeps a bounded number of them in flight and hands the results back in input
order, so the driver's memory does not grow with the corpus and its single writer stores
documents in the order a sequential run would.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from graph.errors import InputError

if TYPE_CHECKING:
    from distributed import Client, Future

__all__ = ["PARTITION_SIZE", "parse_target", "connect", "map_partitions"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

#: Items per partition (one task). Small enough that two workers share a short corpus
#: evenly, large enough that the per-task overhead (milliseconds) is noise next to parsing.
PARTITION_SIZE = 8

#: Partitions in flight per worker thread: one running, one queued behind it, so a worker
#: never waits for the driver, and the driver never holds more than this many results.
IN_FLIGHT_PER_THREAD = 2

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
def connect(spec: str) -> Iterator[Client]:
    """A Dask client: on a new ``LocalCluster`` (``local[:N]``) or on a running scheduler.

    A local cluster has one single-threaded worker process per N (spaCy holds the GIL) and
    is shut down on exit; a remote scheduler and its workers are left running.

    Raises:
        InputError: the spec is not valid, or the scheduler cannot be reached.
    """
    from distributed import Client, LocalCluster

    target = parse_target(spec)
    if isinstance(target, int):
        # No dashboard: it needs bokeh, and a port clash would fail a batch job.
        with LocalCluster(n_workers=target, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
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
        yield client


def map_partitions(client: Client, items: Iterable[T], fn: Callable[[list[T]], list[R]], *,
                   partition_size: int = PARTITION_SIZE, in_flight: int | None = None) -> Iterator[R]:
    """``fn`` over partitions of ``items`` on the workers; yields its results in input order.

    ``items`` is read lazily: at most ``in_flight`` partitions (default two per worker
    thread) are submitted and not yet yielded, which is the driver's backpressure. ``fn``
    must be importable on the workers (a module-level function, or a partial of one).
    Stopping the iterator early cancels the partitions still in flight.

    Raises:
        InputError: a worker cannot import ``fn``'s module (newsgraph is not installed there).
    """
    limit = in_flight or IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
    pending: deque[Future] = deque()
    try:
        for batch in _batches(items, partition_size):
            # pure=False: no hashing of the payload to deduplicate, which a stream never repeats.
            pending.append(client.submit(fn, batch, pure=False))
            if len(pending) >= limit:
                yield from _result(pending.popleft())
        while pending:
            yield from _result(pending.popleft())
    finally:
        if pending:
            client.cancel(list(pending))


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _result(future: Future) -> list[R]:
    try:
        return future.result()
    except ModuleNotFoundError as exc:
        raise InputError(f"A Dask worker cannot import {exc.name!r}: install newsgraph (and its spaCy "
                         "model) on every worker.") from exc
    finally:
        future.release()
