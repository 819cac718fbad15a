"""The progress line of a long scan: on stderr when it is a terminal, silent otherwise."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import TextIO

from .model import Candidate, Report, Skip
from .report.common import safe_text

DELAY = 1.0  # seconds before the line first appears: a short scan prints nothing
INTERVAL = 0.1  # at most ten redraws a second
DELAY_VARIABLE = "MIRROR_AUDIT_PROGRESS_DELAY"  # seconds; 0 shows the line at once


def _columns() -> int:
    import shutil  # NOTE: here: shutil (with zlib, bz2 and lzma) is 3 ms of every start-up

    return shutil.get_terminal_size().columns


class Progress:
    """One line, rewritten in place: files seen, files scanned, findings, current directory."""

    def __init__(
        self,
        stream: TextIO,
        delay: float = DELAY,
        clock: Callable[[], float] = time.monotonic,
        width: Callable[[], int] = _columns,
    ) -> None:
        self.stream, self.clock, self.width = stream, clock, width
        self.next = clock() + delay
        self.shown = False

    def __call__(self, report: Report, item: Candidate | Skip) -> None:
        now = self.clock()
        if now < self.next:
            return
        self.next = now + INTERVAL
        where = item.display if isinstance(item, Candidate) else item.path
        self.show(self.line(report, os.path.dirname(where) or where))

    def line(self, report: Report, directory: str) -> str:
        counts = (
            f"{report.files_seen} seen, {report.files_scanned} scanned, "
            f"{len(report.findings)} findings: "
        )
        room = max(self.width() - 1 - len(counts), 10)
        shown = safe_text(directory)
        if len(shown) > room:
            shown = "..." + shown[-(room - 3) :]
        return counts + shown

    def show(self, line: str) -> None:
        self.stream.write("\r\x1b[K" + line)  # back to column 0, clear to the end of the line
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@contextlib.contextmanager
def on_stderr(stream: TextIO | None = None) -> Iterator[Progress | None]:
    """A Progress on stderr if it is a terminal (erased when the scan ends), else None."""
    stream = stream or sys.stderr
    if not stream.isatty():
        yield None
        return
    try:
        delay = float(os.environ.get(DELAY_VARIABLE, DELAY))
    except ValueError:
        delay = DELAY
    tracker = Progress(stream, delay)
    try:
        yield tracker
    finally:
        tracker.close()
