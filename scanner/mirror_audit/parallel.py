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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import discover
from .model import Candidate, FileResult, Skip

if TYPE_CHECKING:
    import multiprocessing
    from multiprocessing.process import BaseProcess

AUTO = 0
# Subtrees per job wanted from the split. Sizes are unknown until walked, and a host tree is
# lopsided (ten near-empty homes beside one /srv holding every checkout): at 8 per job the
# whole of /srv/projects was one unit and one worker scanned most of the tree alone.
SPLIT = 64
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


@dataclass(frozen=True)
class Journal:
    """What a ``scan_one`` with side effects (a fix) collects, carried back from the workers."""

    take: Callable[
        [], object
    ]  # in a worker, after each file: what was collected since; forgotten there
    give: Callable[[object], None]  # in this process, in walk order: add what a worker took
    finish: Callable[[], None]  # in a worker, when there is no more work (before its last take)


def pairs(
    roots: Sequence[str],
    options: discover.WalkOptions,
    scan_one: ScanOne,
    requested: int = AUTO,
    journal: Journal | None = None,
) -> Iterator[Pair]:
    """Every item of discover(roots, options) with its scan, in discover's order.

    ``requested`` processes (AUTO: jobs_for, and one process for a small input). A
    ``journal`` is given what each worker's scan_one collected before the pair is yielded.
    """
    jobs = jobs_for(requested)
    # NOTE: --follow-symlinks needs one loop guard for the whole walk, and --root one resolver:
    # those walks stream in this process.
    if jobs <= 1 or not _can_fork() or options.follow_symlinks or options.system_root is not None:
        yield from _serial([discover.discover(roots, options)], scan_one)
        return
    units, listed = split(list(discover.units(roots, options)), jobs)
    small = not any(isinstance(u, discover.Subtree) for u in units) and listed < SMALL
    if (requested == AUTO and small) or not any(units):
        yield from _serial(units, scan_one)
        return
    yield from _parallel(units, scan_one, jobs, journal)


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
_WORK: tuple[list[Unit], ScanOne, Journal | None] | None = None


def _worker(
    tasks: multiprocessing.SimpleQueue[int | None], results: multiprocessing.Queue[object]
) -> None:
    assert _WORK is not None
    units, scan_one, journal = _WORK
    try:
        while (index := tasks.get()) is not None:
            chunk: list[tuple[Item, Result, object]] = []
            for item, result in _serial([units[index]], scan_one):
                chunk.append((item, result, journal.take() if journal else None))
                if len(chunk) >= CHUNK:
                    results.put((index, chunk, False))
                    chunk = []
            results.put((index, chunk, True))
        if journal is not None:
            journal.finish()
            results.put((_FINISHED, journal.take(), True))
    except BaseException:  # noqa: BLE001 - the parent re-raises it with the worker's traceback
        import traceback

        results.put((_FAILED, traceback.format_exc(), True))
    finally:
        results.close()
        results.join_thread()


_FAILED, _FINISHED = -1, -2


def _parallel(
    units: list[Unit], scan_one: ScanOne, jobs: int, journal: Journal | None
) -> Iterator[Pair]:
    global _WORK
    import multiprocessing

    context = multiprocessing.get_context("fork")
    tasks: multiprocessing.SimpleQueue[int | None] = context.SimpleQueue()
    results: multiprocessing.Queue[object] = context.Queue()
    for index in range(len(units)):
        tasks.put(index)
    for _ in range(jobs):
        tasks.put(None)
    _WORK = (units, scan_one, journal)
    workers = [
        context.Process(target=_worker, args=(tasks, results), daemon=True) for _ in range(jobs)
    ]
    try:
        for worker in workers:
            worker.start()
        yield from _in_order(len(units), results, workers, journal)
    finally:
        _WORK = None
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()


def _next(
    results: multiprocessing.Queue[object], workers: Sequence[BaseProcess]
) -> tuple[int, Any, bool]:
    """The next message from a worker; a worker's failure or death raised here."""
    import queue  # NOTE: here, as multiprocessing is: a run in one process never needs them

    while True:
        try:
            message: tuple[int, Any, bool] = results.get(timeout=1.0)  # type: ignore[assignment]
        except queue.Empty:
            dead = [w for w in workers if w.exitcode not in (None, 0)]
            if dead:
                raise RuntimeError(f"a scan worker died (exit code {dead[0].exitcode})") from None
            continue
        if message[0] == _FAILED:
            raise RuntimeError(f"a scan worker failed:\n{message[1]}")
        return message


def _in_order(
    count: int,
    results: multiprocessing.Queue[object],
    workers: Sequence[BaseProcess],
    journal: Journal | None,
) -> Iterator[Pair]:
    """The workers' chunks, unit by unit in walk order; later units' chunks wait their turn."""
    waiting: dict[int, list[list[tuple[Item, Result, object]]]] = {}
    finished: set[int] = set()
    finishing: list[object] = []  # a worker done before the walk is: given at the end
    current = 0

    def pairs_of(chunk: list[tuple[Item, Result, object]]) -> Iterator[Pair]:
        for item, result, taken in chunk:
            if journal is not None:
                journal.give(taken)
            yield item, result

    while current < count:
        index, chunk, last = _next(results, workers)
        if index == _FINISHED:
            finishing.append(chunk)
            continue
        if index == current:
            yield from pairs_of(chunk)
        else:
            waiting.setdefault(index, []).append(chunk)
        if last:
            finished.add(index)
        while current in finished:
            current += 1
            for held in waiting.pop(current, []):
                yield from pairs_of(held)
    if journal is not None:  # each worker's last word (the directories it synced), once all is done
        # only these are left to come
        finishing.extend(_next(results, workers)[1] for _ in range(len(workers) - len(finishing)))
        for taken in finishing:
            journal.give(taken)
