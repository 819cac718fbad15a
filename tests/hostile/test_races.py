"""Files that vanish or change between the walk that lists them and the read that opens them.

The walk has already yielded the file when read.read opens it; a patched ``os.open`` in
mirror_audit.read does the deed at that moment. Each is one line in errors and the scan goes on.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mirror_audit import api, read
from mirror_audit.config import Config

LEGACY = "-i https://pypi.python.org/simple\n"
VICTIM = "requirements-victim.txt"


def vanish(path: str) -> None:
    os.unlink(path)


def become_fifo(path: str) -> None:
    os.unlink(path)
    os.mkfifo(path)


def become_directory(path: str) -> None:
    os.unlink(path)
    os.mkdir(path)


def grow(path: str) -> None:
    with open(path, "ab") as handle:
        handle.truncate(20 << 20)  # past the size limit


def shrink(path: str) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(0)


def lose_permission(path: str) -> None:
    os.chmod(path, 0)


RACES: dict[str, tuple[Callable[[str], None], tuple[str, str] | None]] = {
    "vanished": (vanish, ("unreadable", "vanished before it could be read")),
    "replaced-by-a-fifo": (become_fifo, ("special", "not a regular file")),
    "replaced-by-a-directory": (become_directory, ("special", "not a regular file")),
    "grew-past-the-limit": (grow, ("too-large", "larger than the size limit")),
    "emptied": (shrink, None),  # an empty file: nothing wrong, nothing found
    "permission-removed": (lose_permission, ("unreadable", "permission denied")),
}


@pytest.mark.parametrize("race", RACES.values(), ids=RACES.keys())
def test_a_file_changed_between_listing_and_reading(
    race: tuple[Callable[[str], None], tuple[str, str] | None],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    change, outcome = race
    if change is lose_permission and os.geteuid() == 0:
        pytest.skip("root reads a file whatever its mode")
    (tmp_path / VICTIM).write_text(LEGACY)
    (tmp_path / "requirements.txt").write_text(LEGACY)
    real_open = os.open

    def racing_open(path: str, flags: int, *args: int) -> int:
        if os.path.basename(path) == VICTIM and os.path.lexists(path) and os.path.isfile(path):
            change(path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(read.os, "open", racing_open)
    report = api.scan([str(tmp_path)], Config())
    assert [f.path for f in report.findings] == [str(tmp_path / "requirements.txt")]
    got = [(e.category, e.reason) for e in report.errors]
    if outcome is None:
        assert got == []
    else:
        assert len(got) == 1 and got[0][0] == outcome[0] and outcome[1] in got[0][1], got


def test_a_directory_that_vanishes_before_it_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "gone").mkdir()
    (tmp_path / "requirements.txt").write_text(LEGACY)
    real_scandir = os.scandir

    def racing_scandir(path: str) -> object:
        if os.path.basename(path) == "gone":
            os.rmdir(path)
        return real_scandir(path)

    from mirror_audit import discover

    monkeypatch.setattr(discover.os, "scandir", racing_scandir)
    report = api.scan([str(tmp_path)], Config())
    assert len(report.findings) == 1
    assert [(e.category, e.reason) for e in report.errors] == [
        ("unreadable", "directory cannot be listed: vanished while the scan ran")
    ]
