"""--jobs: the walk and the scan split by directory subtree over worker processes.

The parent lists the first levels of each directory root (breadth first, in walk order) until
there are enough subtrees to share out, then forked workers each take the next unit (a
subtree to walk and scan, or the files of a directory the parent listed) and stream their
(item, result) pairs back in chunks. The parent yields the pairs in the order of a one-process
walk, so a report does not depend on the number of jobs. Small inputs (every directory listed
during the split, or too few entries to pay for the processes) are scanned in this process.

Memory: a worker holds one chunk of results; the parent holds the units, and the chunks of
units that finished before the one being yielded (at worst the results of the units after it).
"""

from __future__ import annotations

import os
import queue
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from . import discover
from .model import Candidate, FileResult, Skip

if TYPE_CHECKING:
    import multiprocessing
    from multiprocessing.process import BaseProcess

AUTO = 0
SPLIT = 8  # subtrees per job wanted from the split: uneven subtrees still even out
ROUNDS = 6  # levels the parent lists at most while splitting
SMALL = 1500  # fewer entries than this, all listed while splitting: one process is quicker
CHUNK = 256  # pairs per message from a worker

Item = Candidate | Skip
Result = FileResult | Skip | None  # None: a Skip from the walk, which has no result
Pair = tuple[Item, Result]
Unit = list[Item] | discover.Subtree
ScanOne = Callable[[Candidate], FileResult | Skip]


def jobs_for(requested: int) -> int:
    """The number of processes: as asked, or (AUTO) one per CPU this process may run on."""
    if requested > 0:
        return requested
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def pairs(
    roots: Sequence[str], options: discover.WalkOptions, scan_one: ScanOne, requested: int = AUTO
) -> Iterator[Pair]:
    """Every item of discover(roots, options) with its scan, in discover's order.

    ``requested`` processes (AUTO: jobs_for, and one process for a small input).
    """
    jobs = jobs_for(requested)
    if jobs <= 1 or not _can_fork():
        yield from _serial([discover.discover(roots, options)], scan_one)
        return
    units, listed = split(list(discover.units(roots, options)), jobs)
    small = not any(isinstance(u, discover.Subtree) for u in units) and listed < SMALL
    if (requested == AUTO and small) or not any(units):
        yield from _serial(units, scan_one)
        return
    yield from _parallel(units, scan_one, jobs)


def split(units: list[Unit], jobs: int) -> tuple[list[Unit], int]:
    """List subtrees breadth first, in place, until there are SPLIT per job (or ROUNDS levels).

    Returns the units, in walk order, and how many entries the listing saw.
    """
    listed = 0
    for _ in range(ROUNDS):
        if sum(isinstance(u, discover.Subtree) for u in units) >= SPLIT * jobs:
            break
        expanded: list[Unit] = []
        for unit in units:
            if isinstance(unit, discover.Subtree):
                items, children = unit.split()
                listed += len(items) + len(children)
                if items:
                    expanded.append(items)
                expanded.extend(children)
            else:
                expanded.append(unit)
        units = expanded
        if not any(isinstance(u, discover.Subtree) for u in units):
            break
    return units, listed


def _serial(units: Sequence[Unit | Iterator[Item]], scan_one: ScanOne) -> Iterator[Pair]:
    for unit in units:
        for item in unit.items() if isinstance(unit, discover.Subtree) else unit:
            yield item, (scan_one(item) if isinstance(item, Candidate) else None)


def _can_fork() -> bool:
    return hasattr(os, "fork")  # NOTE: multiprocessing is imported only when workers start


# What the forked workers inherit: set just before the fork, never pickled.
_WORK: tuple[list[Unit], ScanOne] | None = None


def _worker(
    tasks: multiprocessing.SimpleQueue[int | None], results: multiprocessing.Queue[object]
) -> None:
    assert _WORK is not None
    units, scan_one = _WORK
    try:
        while (index := tasks.get()) is not None:
            chunk: list[Pair] = []
            for pair in _serial([units[index]], scan_one):
                chunk.append(pair)
                if len(chunk) >= CHUNK:
                    results.put((index, chunk, False))
                    chunk = []
            results.put((index, chunk, True))
    except BaseException:  # noqa: BLE001 - the parent re-raises it with the worker's traceback
        results.put((-1, traceback.format_exc(), True))
    finally:
        results.close()
        results.join_thread()


def _parallel(units: list[Unit], scan_one: ScanOne, jobs: int) -> Iterator[Pair]:
    global _WORK
    import multiprocessing

    context = multiprocessing.get_context("fork")
    tasks: multiprocessing.SimpleQueue[int | None] = context.SimpleQueue()
    results: multiprocessing.Queue[object] = context.Queue()
    for index in range(len(units)):
        tasks.put(index)
    for _ in range(jobs):
        tasks.put(None)
    _WORK = (units, scan_one)
    workers = [
        context.Process(target=_worker, args=(tasks, results), daemon=True) for _ in range(jobs)
    ]
    try:
        for worker in workers:
            worker.start()
        yield from _in_order(len(units), results, workers)
    finally:
        _WORK = None
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _in_order(
    count: int, results: multiprocessing.Queue[object], workers: Sequence[BaseProcess]
) -> Iterator[Pair]:
    """The workers' chunks, unit by unit in walk order; later units' chunks wait their turn."""
    waiting: dict[int, list[list[Pair]]] = {}
    finished: set[int] = set()
    current = 0
    while current < count:
        try:
            message: tuple[int, Any, bool] = results.get(timeout=1.0)  # type: ignore[assignment]
        except queue.Empty:
            dead = [w for w in workers if w.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(f"a scan worker died (exit code {dead[0].exitcode})") from None
            continue
        index, chunk, last = message
        if index < 0:
            raise RuntimeError(f"a scan worker failed:\n{chunk}")
        if index == current:
            yield from chunk
        else:
            waiting.setdefault(index, []).append(chunk)
        if last:
            finished.add(index)
        while current in finished:
            current += 1
            for held in waiting.pop(current, []):
                yield from held
