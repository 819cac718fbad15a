"""FIFOs, sockets and device nodes under every configuration name kinds.py knows.

Each is one "special" line in errors, never opened (a FIFO would block the scan for ever), and
the scan goes on to the good file. Device nodes need CAP_MKNOD: skipped, with the reason, without.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from mirror_audit import kinds
from tests.hostile.runner import GOOD, GOOD_TEXT, scan

# Every row of the table as a concrete path: "requirements*.txt" -> "requirements-x.txt".
NAMES = sorted({pattern.replace("*", "x") for pattern, _ in kinds._NAME_TABLE} - {GOOD})


def fifo(path: str) -> None:
    os.mkfifo(path)


def unix_socket(path: str) -> None:
    server = socket.socket(socket.AF_UNIX)
    # NOTE: bound by a relative name: sun_path holds 108 bytes, a pytest tmp path may not fit.
    here = os.getcwd()
    os.chdir(os.path.dirname(path))
    try:
        server.bind(os.path.basename(path))
    finally:
        os.chdir(here)
        server.close()


def device(path: str) -> None:
    os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null's numbers


MAKERS: dict[str, Callable[[str], None]] = {"fifo": fifo, "socket": unix_socket, "device": device}


def plant(root: Path, make: Callable[[str], None]) -> list[str]:
    made = []
    for name in NAMES:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            make(str(path))
        except PermissionError as exc:
            pytest.skip(f"cannot create {make.__name__} nodes here: {exc}")
        except OSError as exc:
            if exc.errno == errno.EPERM:
                pytest.skip(f"cannot create {make.__name__} nodes here: {exc}")
            raise
        made.append(name)
    return made


@pytest.mark.parametrize("what", MAKERS)
def test_special_files_under_every_config_name(what: str, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    (root / GOOD).write_text(GOOD_TEXT)
    made = plant(root, MAKERS[what])
    run = scan("--include-vendored", "--", str(root), timeout=60)  # a FIFO opened would hang here
    run.check_survived()
    special = {os.path.relpath(e["path"], root) for e in run.errors if e["category"] == "special"}
    assert special == set(made), sorted(set(made) ^ special)
    assert len(run.errors) == len(made)
    assert all(
        e["message"] == "not a regular file (FIFO, socket or device): not opened"
        for e in run.errors
    )


def test_a_fifo_named_on_the_command_line_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pip.conf")
    (tmp_path / GOOD).write_text(GOOD_TEXT)
    run = scan(str(tmp_path / "pip.conf"), str(tmp_path / GOOD), timeout=60)
    run.check_survived()
    assert [e["category"] for e in run.errors] == ["special"]
