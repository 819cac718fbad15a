"""Disk full (ENOSPC), read-only filesystem (EROFS), permission denied, I/O error at each step.

The fault is injected by replacing the ``os`` function that write.py calls at that step, for a
whole in-process ``fix`` over a tree of every layout (plain file: atomic replace; hard-linked
file: journal + in-place rewrite; directory fsync deferred to the end of the run). ``every``:
each call of that step fails (the disk stays full); ``first``: only the first one (the disk
fills up once, mid-run). Every file must end as the original or the complete fixed version, no
temporary file may be left, the report must say per file which it is and why, and the next run
(the disk back) must finish the job.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mirror_audit import api, write
from mirror_audit.model import Report
from mirror_audit.report import render

from .trees import Expected, check_whole, expected, strays


def _is_dir(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


def _linked(fd: int, *rest: object) -> bool:
    """A call on the hard-linked file itself (temporary files and journals have one link)."""
    info = os.fstat(fd)
    return stat.S_ISREG(info.st_mode) and info.st_nlink > 1


def _creates(path: object, flags: int, *rest: object) -> bool:
    return bool(flags & os.O_CREAT)


def _opens_for_overwrite(path: object, flags: int, *rest: object) -> bool:
    return flags & 3 in (os.O_WRONLY, os.O_RDWR) and not flags & os.O_CREAT


def _any(*args: object) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """One step of a write: the ``os`` function it calls and which of its calls are that step."""

    name: str
    function: str
    applies: Callable[..., bool] = _any


STEPS = [
    Step("open-temp", "open", _creates),
    Step("write", "write"),
    Step("fsync-file", "fsync", lambda fd: not _is_dir(fd)),
    Step("chown", "fchown"),
    Step("chmod", "fchmod"),
    Step("rename", "replace"),
    Step("fsync-directory", "fsync", _is_dir),
    # the in-place rewrite of a hard-linked file, after its journal is down
    Step("open-in-place", "open", _opens_for_overwrite),
    Step("write-in-place", "write", _linked),
    Step("truncate", "ftruncate"),
    Step("fsync-in-place", "fsync", _linked),
    Step("remove-journal", "unlink", lambda path, *a: write.JOURNAL_TAG in str(path)),
]
ERRNOS = [errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EIO]


class Injector:
    """Make the matching calls of one ``os`` function fail with ``code``."""

    def __init__(self, step: Step, code: int, first_only: bool) -> None:
        self.step, self.code, self.first_only = step, code, first_only
        self.failed = 0
        self.real: Callable[..., object] = getattr(os, step.function)

    def __call__(self, *args: object, **kwargs: object) -> object:
        if self.step.applies(*args) and not (self.first_only and self.failed):
            self.failed += 1
            raise OSError(self.code, os.strerror(self.code))
        return self.real(*args, **kwargs)


def _fix(
    tree: Path, monkeypatch: pytest.MonkeyPatch, injector: Injector, backup: str | None
) -> Report:
    monkeypatch.setattr(os, injector.step.function, injector)
    try:
        return api.fix([str(tree)], backup=backup)
    finally:
        monkeypatch.undo()


@pytest.fixture(scope="module")
def want(tmp_path_factory: pytest.TempPathFactory) -> Expected:
    return expected(tmp_path_factory.mktemp("expected"), count=2)


@pytest.fixture(scope="module")
def want_backup(tmp_path_factory: pytest.TempPathFactory) -> Expected:
    return expected(tmp_path_factory.mktemp("expected"), count=1, backup=".orig")


def _tree(want: Expected, tmp_path: Path, step: Step) -> Path:
    tree = want.fresh(tmp_path / "tree")
    if step.function == "fchown":
        if os.geteuid() != 0:
            pytest.skip("the chown step runs only for a file of another owner: needs root")
        for path in tree.rglob("*"):  # the replacement must be given back to its owner
            os.lchown(path, 65534, 65534)
    return tree


def _units(want: Expected) -> list[tuple[str, ...]]:
    """The files to fix; the two names of a hard-linked file are one unit."""
    units: dict[str, list[str]] = {}
    for name in want.changing:
        units.setdefault(name.replace("-other.sh", ".sh"), []).append(name)
    return [tuple(names) for names in units.values()]


def _check_report(report: Report, state: dict[str, str], want: Expected, code: int) -> None:
    """The report names every file to fix: fixed, or not fixed with the system's reason."""
    text = render(report, "text")
    written = {c.path for c in report.changes if c.written}
    refused = {c.path: c.error for c in report.changes if c.error}
    why = os.strerror(code)

    def shown(name: str, paths: set[str] | dict[str, str]) -> str | None:
        return next((p for p in paths if p.endswith("/" + name)), None)

    for unit in _units(want):
        if state[unit[0]] == "fixed":
            assert any(shown(n, written) for n in unit), f"{unit}: not reported as fixed\n{text}"
            continue
        for name in unit:
            path = shown(name, refused)
            assert path is not None, f"{name}: kept as it was, and the report does not say\n{text}"
            assert why in refused[path], refused[path]
            assert f"{path}: not fixed: " in text
    if refused or any(c.note for c in report.changes):
        assert why in text, text


@pytest.mark.parametrize("first_only", [False, True], ids=["every-call", "first-call"])
@pytest.mark.parametrize("code", ERRNOS, ids=[errno.errorcode[c] for c in ERRNOS])
@pytest.mark.parametrize("step", STEPS, ids=[s.name for s in STEPS])
def test_a_fault_at_each_step_leaves_each_file_whole(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    want: Expected,
    step: Step,
    code: int,
    first_only: bool,
) -> None:
    tree = _tree(want, tmp_path, step)
    injector = Injector(step, code, first_only)
    report = _fix(tree, monkeypatch, injector, None)
    assert injector.failed, f"the {step.name} step was never reached"
    state = check_whole(tree, want)
    _check_report(report, state, want, code)
    if step.name == "remove-journal":  # the file is whole: the journal waits for the next run
        assert all(write.JOURNAL_TAG in s for s in strays(tree))
    else:
        assert strays(tree) == []
    if step.name == "fsync-directory" and not first_only:
        assert any("could not be synced" in c.note for c in report.changes), report.changes
    after = api.fix([str(tree)])  # the next run, with the disk back, finishes the job
    assert not after.errors, after.errors
    assert strays(tree) == [] and _all_fixed(check_whole(tree, want), want)


def _all_fixed(state: dict[str, str], want: Expected) -> bool:
    return all(state[name] == "fixed" for name in want.changing)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS], ids=["ENOSPC", "EROFS"])
@pytest.mark.parametrize("step", STEPS[:7], ids=[s.name for s in STEPS[:7]])
def test_with_backup_a_fault_leaves_the_original_and_a_whole_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, want_backup: Expected, step: Step, code: int
) -> None:
    tree = _tree(want_backup, tmp_path, step)
    injector = Injector(step, code, first_only=True)
    report = _fix(tree, monkeypatch, injector, ".orig")
    state = check_whole(tree, want_backup, backup=".orig")
    assert strays(tree) == []
    _check_report(report, state, want_backup, code)
