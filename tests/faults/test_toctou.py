"""The file replaced by a symbolic link between read and write (TOCTOU): never written through.

A hook swaps the file for a link at each moment between the fixer's read and the write: before
write_fixed, after its content check, just before the rename (atomic replace) and just before
the overwrite (in-place rewrite of a hard-linked file). The link points at a victim outside the
scanned root or at another file inside it. The victim must keep every byte; the path must be the
link, untouched, or the complete fixed file (a rename over the link replaces the link itself);
and the report must say which.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mirror_audit import api, write

OLD = b"pip install --use-mirrors -i https://pypi.python.org/simple x\n"
FIXED = b"pip install -i https://pypi.org/simple/ x\n"
VICTIM = b"# not yours\npip install -i https://pypi.python.org/simple secret\n"


def _swap(path: Path, victim: Path) -> None:
    path.unlink()
    path.symlink_to(victim)


HOOKS = ["before-write", "after-content-check", "before-rename", "before-overwrite"]


def _install(hook: str, monkeypatch: pytest.MonkeyPatch, swap: Callable[[], None]) -> list[str]:
    """Run ``swap`` once, at ``hook``; the list records that it ran."""
    ran: list[str] = []

    def once() -> None:
        if not ran:
            ran.append(hook)
            swap()

    if hook == "before-write":
        real_write = write.write_fixed

        def write_fixed(*args: object, **kwargs: object) -> str:
            once()
            return real_write(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(write, "write_fixed", write_fixed)
    elif hook == "after-content-check":
        real_unchanged = write._unchanged

        def unchanged(*args: object) -> object:
            found = real_unchanged(*args)  # type: ignore[arg-type]
            once()
            return found

        monkeypatch.setattr(write, "_unchanged", unchanged)
    elif hook == "before-rename":
        real_replace = os.replace

        def replace(source: str, target: str, **kwargs: int | None) -> None:
            if write.TEMP_TAG in source and write.JOURNAL_TAG not in target:
                once()
            real_replace(source, target, **kwargs)

        monkeypatch.setattr(os, "replace", replace)
    else:
        real_overwrite = write._overwrite

        def overwrite(*args: object) -> None:
            once()
            real_overwrite(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(write, "_overwrite", overwrite)
    return ran


CASES = [
    pytest.param(hook, linked, id=f"{hook}-{'in-place' if linked else 'atomic'}")
    for hook in HOOKS
    for linked in (False, True)
    if (hook, linked) not in {("before-rename", True), ("before-overwrite", False)}
]


@pytest.mark.parametrize("inside", [False, True], ids=["victim-outside", "victim-inside"])
@pytest.mark.parametrize(("hook", "linked"), CASES)
def test_a_file_swapped_for_a_link_is_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: str, inside: bool, linked: bool
) -> None:
    root = tmp_path / "root"
    root.mkdir()
    target = root / "install.sh"
    target.write_bytes(OLD)
    if linked:
        os.link(target, tmp_path / "elsewhere.sh")  # a second link: rewritten in place
    victim = (root / "data.bin") if inside else (tmp_path / "victim.sh")
    victim.write_bytes(VICTIM)
    victim_stat = victim.stat()
    ran = _install(hook, monkeypatch, lambda: _swap(target, victim))
    report = api.fix([str(root)])
    monkeypatch.undo()
    assert ran, f"the {hook} hook never ran"
    assert victim.read_bytes() == VICTIM and victim.stat().st_mtime_ns == victim_stat.st_mtime_ns
    (change,) = [c for c in report.changes if c.path.endswith("install.sh")]
    if target.is_symlink():
        assert os.readlink(target) == str(victim)
        assert change.error and not change.written, change
        reason = change.error
        assert "changed since it was read" in reason or "symbolic link" in reason, reason
    else:  # the rename replaced the link itself, after the last check
        assert hook == "before-rename"
        assert target.read_bytes() == FIXED and change.written
    assert sorted(p.name for p in root.iterdir() if write.STRAY.match(p.name)) == []
    if linked:
        assert (tmp_path / "elsewhere.sh").read_bytes() in (OLD, FIXED)


class Flipper:
    """Swaps a directory for a link to a victim directory and back, on cue."""

    def __init__(self, directory: Path, victim: Path) -> None:
        self.directory, self.victim = directory, victim
        self.aside = directory.with_name(directory.name + "-real")
        self.armed, self.flips = False, 0

    def point(self, at_victim: bool) -> None:
        if not self.armed or os.path.islink(self.directory) == at_victim:  # lstat: not hooked
            return
        self.flips += 1
        if at_victim:
            self.directory.rename(self.aside)
            self.directory.symlink_to(self.victim, target_is_directory=True)
        else:
            self.directory.unlink()
            self.aside.rename(self.directory)


@pytest.mark.skipif(not write._DIR_FD, reason="files cannot be named by directory here")
@pytest.mark.parametrize("linked", [False, True], ids=["atomic", "in-place"])
def test_a_directory_swapped_back_and_forth_is_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, linked: bool
) -> None:
    """The race an owner of a directory could run against a root --fix: the directory is a link
    to /etc-like ``victim`` while the temporary file is made and renamed, and itself again
    while the file is checked. Every step works in the directory that was read."""
    root, victim = tmp_path / "root", tmp_path / "victim"
    (root / "sub").mkdir(parents=True)
    victim.mkdir()
    target = root / "sub" / "install.sh"
    target.write_bytes(OLD)
    if linked:
        os.link(target, tmp_path / "elsewhere.sh")
    (victim / "install.sh").write_bytes(VICTIM)
    flipper = Flipper(root / "sub", victim)
    real_open, real_stat, real_replace = os.open, os.stat, os.replace
    real_write_fixed = write.write_fixed

    def opened(path: str, flags: int, *args: object, **kwargs: object) -> int:
        if flags & os.O_CREAT or (flags & 3 in (os.O_WRONLY, os.O_RDWR)):
            flipper.point(at_victim=True)
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    def stat(path: str, *args: object, **kwargs: object) -> os.stat_result:
        flipper.point(at_victim=False)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    def replace(source: str, target: str, **kwargs: int | None) -> None:
        flipper.point(at_victim=True)
        real_replace(source, target, **kwargs)

    def write_fixed(*args: object, **kwargs: object) -> str:
        flipper.armed = True  # after the fixer's read: the race is on
        try:
            return real_write_fixed(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            flipper.armed = False

    monkeypatch.setattr(os, "open", opened)
    monkeypatch.setattr(os, "stat", stat)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(write, "write_fixed", write_fixed)
    report = api.fix([str(root)])
    monkeypatch.undo()
    assert flipper.flips >= 2, "the race never ran"
    assert sorted(p.name for p in victim.iterdir()) == ["install.sh"]
    assert (victim / "install.sh").read_bytes() == VICTIM
    real = flipper.aside if os.path.islink(flipper.directory) else flipper.directory
    (change,) = [c for c in report.changes if c.path.endswith("install.sh")]
    assert real.joinpath("install.sh").read_bytes() == (FIXED if change.written else OLD)
    assert [p.name for p in real.iterdir() if write.STRAY.match(p.name)] == []
