"""Writing fixed files: atomic replace, links, ownership, stale files, failures and kills."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mirror_audit import write

OLD = b"pip install -i https://pypi.python.org/simple x\n"
NEW = b"pip install -i https://pypi.org/simple/ x\n"


def _snapshot(path: Path) -> write.Snapshot:
    return write.Snapshot.of(os.stat(path), path.read_bytes())


def _strays(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if write.STRAY.match(p.name))


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "build.sh"
    path.write_bytes(OLD)
    path.chmod(0o751)
    return path


def test_atomic_replace_keeps_mode_and_leaves_no_temp(target: Path) -> None:
    inode = target.stat().st_ino
    assert write.write_fixed(str(target), _snapshot(target), NEW, [str(target.parent)]) == ""
    assert target.read_bytes() == NEW
    assert stat.S_IMODE(target.stat().st_mode) == 0o751
    assert target.stat().st_ino != inode  # a new file took its place
    assert _strays(target.parent) == []


def test_backup_keeps_the_original_beside_it(target: Path) -> None:
    assert (
        write.write_fixed(str(target), _snapshot(target), NEW, [str(target.parent)], backup=".orig")
        == ""
    )
    backup = target.with_name("build.sh.orig")
    assert backup.read_bytes() == OLD and stat.S_IMODE(backup.stat().st_mode) == 0o751
    assert target.read_bytes() == NEW


def test_hard_links_stay_one_file(target: Path) -> None:
    other = target.with_name("hardlink.sh")
    os.link(target, other)
    inode = target.stat().st_ino
    assert write.write_fixed(str(target), _snapshot(target), NEW, [str(target.parent)]) == ""
    assert (
        target.stat().st_ino == inode and other.read_bytes() == NEW and target.stat().st_nlink == 2
    )
    assert _strays(target.parent) == []


def test_symlink_inside_the_roots_is_followed_and_kept(tmp_path: Path, target: Path) -> None:
    link = tmp_path / "link.sh"
    link.symlink_to(target.name)
    assert write.write_fixed(str(link), _snapshot(link), NEW, [str(tmp_path)]) == ""
    assert link.is_symlink() and target.read_bytes() == NEW


def test_symlink_outside_the_roots_is_not_written(tmp_path: Path, target: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    link = root / "link.sh"
    link.symlink_to(target)
    reason = write.write_fixed(str(link), _snapshot(link), NEW, [str(root)])
    assert "outside the scanned paths" in reason and target.read_bytes() == OLD


CHANGES = [
    pytest.param(lambda p: p.write_bytes(OLD.replace(b"x", b"y")), id="content-same-size"),
    pytest.param(lambda p: p.write_bytes(OLD + b"more\n"), id="content-grown"),
    pytest.param(lambda p: os.utime(p, ns=(0, 0)), id="mtime-only"),
    pytest.param(lambda p: (p.unlink(), p.write_bytes(OLD)), id="replaced-by-another-file"),
]


@pytest.mark.parametrize("change", CHANGES)
def test_a_file_changed_since_it_was_read_is_skipped(target: Path, change) -> None:  # type: ignore[no-untyped-def]
    snapshot = _snapshot(target)
    change(target)
    before = target.read_bytes()
    reason = write.write_fixed(str(target), snapshot, NEW, [str(target.parent)])
    assert "changed since it was read" in reason and target.read_bytes() == before


def test_same_stat_different_content_is_skipped(target: Path) -> None:
    snapshot = write.Snapshot.of(os.stat(target), b"something else")
    assert "changed since it was read" in write.write_fixed(
        str(target), snapshot, NEW, [str(target.parent)]
    )
    assert target.read_bytes() == OLD


# -- failures during the write leave the original intact ---------------------------------------


def _boom(*args: object, **kwargs: object) -> None:
    raise OSError(28, "No space left on device")


FAILURES = [
    pytest.param("write", id="write"),
    pytest.param("fsync", id="fsync"),
    pytest.param("replace", id="replace"),
    pytest.param("fchmod", id="chmod"),
    pytest.param("open", id="open-read-only-filesystem"),
]


@pytest.mark.parametrize("call", FAILURES)
@pytest.mark.parametrize("links", [1, 2], ids=["atomic", "in-place"])
def test_an_injected_failure_leaves_the_original(
    target: Path, monkeypatch: pytest.MonkeyPatch, call: str, links: int
) -> None:
    if links == 2:
        os.link(target, target.with_name("other.sh"))
    snapshot = _snapshot(target)
    monkeypatch.setattr(os, call, _boom)
    reason = write.write_fixed(str(target), snapshot, NEW, [str(target.parent)])
    monkeypatch.undo()
    assert reason.startswith("not written") and target.read_bytes() == OLD
    assert _strays(target.parent) == []


def test_a_failure_halfway_through_an_in_place_write_is_undone(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.link(target, target.with_name("other.sh"))
    snapshot = _snapshot(target)
    real_write, real_ftruncate = os.write, os.ftruncate
    calls = []

    def ftruncate_fails_once(fd: int, size: int) -> None:
        calls.append(size)
        if len(calls) == 1:
            _boom()
        real_ftruncate(fd, size)

    monkeypatch.setattr(
        os, "write", lambda fd, data: real_write(fd, bytes(data[:7]))
    )  # short writes
    monkeypatch.setattr(os, "ftruncate", ftruncate_fails_once)
    reason = write.write_fixed(str(target), snapshot, NEW, [str(target.parent)])
    assert (
        reason.startswith("not written")
        and target.read_bytes() == OLD
        and _strays(target.parent) == []
    )
    assert calls == [len(NEW), len(OLD)]  # the new content was all there, untruncated, then undone


def test_an_in_place_write_that_cannot_be_undone_keeps_its_journal(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.link(target, target.with_name("other.sh"))
    snapshot = _snapshot(target)
    calls = []

    def torn_then_dead(where: write._Dir, name: str, data: bytes, *args: object) -> None:
        if not calls:  # the disk goes away mid-write
            with open(os.path.join(where.path, name), "r+b") as handle:
                handle.write(data[:35])
        calls.append(data)
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(write, "_overwrite", torn_then_dead)
    assert write.write_fixed(str(target), snapshot, NEW, [str(target.parent)]).startswith(
        "not written"
    )
    monkeypatch.undo()
    assert (
        calls == [NEW, OLD] and target.read_bytes() == NEW[:35] + OLD[35:]
    )  # torn; undo failed too
    ((_, what),) = write.clean_strays(str(target.parent))  # the next run puts the original back
    assert "restored" in what and target.read_bytes() == OLD and _strays(target.parent) == []


def test_a_keyboard_interrupt_before_replace_leaves_the_original(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write.write_fixed(str(target), _snapshot(target), NEW, [str(target.parent)])
    assert target.read_bytes() == OLD and _strays(target.parent) == []


# -- what an interrupted run leaves ------------------------------------------------------------


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stray_temp_files_of_dead_runs_are_removed_live_ones_kept(target: Path) -> None:
    dead = target.with_name(f".build.sh.{write.TEMP_TAG}-{_dead_pid()}-0a1b2c3d")
    live = target.with_name(f".build.sh.{write.TEMP_TAG}-{os.getppid()}-0a1b2c3d")
    dead.write_bytes(NEW[:5])
    live.write_bytes(NEW)
    done = write.clean_strays(str(target.parent))
    assert not dead.exists() and live.exists() and [name for name, _ in done] == ["build.sh"]
    assert target.read_bytes() == OLD


def _journal(target: Path, old: bytes, new: bytes) -> Path:
    journal = target.with_name(f".{target.name}.{write.JOURNAL_TAG}-{_dead_pid()}-00ff")
    journal.write_bytes(b"mirror-audit journal 1 %d %d\n" % (len(old), len(new)) + old + new)
    return journal


JOURNALS = [
    pytest.param(NEW[:10] + OLD[10:], OLD, id="torn-is-restored"),
    pytest.param(NEW + OLD[len(NEW) :], OLD, id="untruncated-is-restored"),
    pytest.param(OLD, OLD, id="original-untouched"),
    pytest.param(NEW, NEW, id="completed-is-kept"),
    pytest.param(
        b"edited by hand since\n", b"edited by hand since\n", id="edited-since-is-left-alone"
    ),
]


@pytest.mark.parametrize(("current", "after"), JOURNALS)
def test_an_interrupted_in_place_write_is_recovered(
    target: Path, current: bytes, after: bytes
) -> None:
    target.write_bytes(current)
    journal = _journal(target, OLD, NEW)
    ((name, what),) = write.clean_strays(str(target.parent))
    assert name == "build.sh" and target.read_bytes() == after
    assert journal.exists() == (current == b"edited by hand since\n"), what


TORN = [
    pytest.param(b"abcdef", b"XYZ", b"XYcdef", True, id="prefix-written"),
    pytest.param(b"abcdef", b"XYZ", b"XYZdef", True, id="not-truncated"),
    pytest.param(b"abc", b"WXYZ12", b"WXYZ", True, id="growing"),
    pytest.param(b"abcdef", b"XYZ", b"XbZdef", False, id="scattered"),
    pytest.param(b"abcdef", b"XYZ", b"abcdefg", False, id="longer-than-both"),
]


@pytest.mark.parametrize(("old", "new", "current", "torn"), TORN)
def test_torn(old: bytes, new: bytes, current: bytes, torn: bool) -> None:
    assert write._torn(current, old, new) is torn


# -- a run killed with SIGKILL -----------------------------------------------------------------

SCRIPT = "pip install --use-mirrors -i https://pypi.python.org/simple pkg{n}\n"
FIXED = "pip install -i https://pypi.org/simple/ pkg{n}\n"


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_run_killed_mid_way_leaves_whole_files_and_the_next_run_finishes(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    for n in range(12):
        (tree / f"s{n:02}.sh").write_text(SCRIPT.format(n=n))
    env = {**os.environ, write.DELAY_ENV: "0.3"}
    argv = [sys.executable, "-m", "mirror_audit", "scan", "--fix", "-q", str(tree)]
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (_changed(tree) >= 2 and _strays(tree)):
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    strays = _strays(tree)
    assert strays, "the kill should land while a temporary file exists"
    for n in range(12):
        assert (tree / f"s{n:02}.sh").read_text() in (SCRIPT.format(n=n), FIXED.format(n=n))
    assert 2 <= _changed(tree) < 12
    rerun = subprocess.run(
        argv[:-1] + ["--format", "json", str(tree)], capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert _strays(tree) == [] and _changed(tree) == 12
    assert "removed" in rerun.stdout and strays[0] in rerun.stdout


def _changed(tree: Path) -> int:
    return sum(1 for p in tree.glob("s*.sh") if "pypi.org" in p.read_text())


def test_two_concurrent_runs_end_as_one_run_would(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    tree.mkdir()
    for n in range(40):
        (tree / f"s{n:02}.sh").write_text(SCRIPT.format(n=n) * 3)
    argv = [sys.executable, "-m", "mirror_audit", "scan", "--fix", "-q", str(tree)]
    runs = [
        subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(2)
    ]
    for run in runs:
        run.wait()
    for n in range(40):
        assert (tree / f"s{n:02}.sh").read_text() == FIXED.format(n=n) * 3
    assert _strays(tree) == []


def test_directory_syncs_can_be_deferred_and_made_once(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    monkeypatch.setattr(write, "_sync_directory", synced.append)
    unsynced: set[str] = set()
    assert (
        write.write_fixed(str(target), _snapshot(target), NEW, [str(target.parent)], None, unsynced)
        == ""
    )
    assert target.read_bytes() == NEW and synced == [] and unsynced == {str(target.parent)}
    write.sync_directories(unsynced)
    assert synced == [str(target.parent)] and unsynced == set()


def test_strays_are_cleaned_in_a_directory_reached_through_a_link(tmp_path: Path) -> None:
    real = tmp_path / "releases" / "42"
    real.mkdir(parents=True)
    (tmp_path / "current").symlink_to(real)
    stray = real / f".build.sh.{write.TEMP_TAG}-{_dead_pid()}-0a1b2c3d"
    stray.write_bytes(NEW[:5])
    ((name, what),) = write.clean_strays(str(tmp_path / "current"))
    assert name == "build.sh" and "removed" in what and not stray.exists()


def test_an_in_place_write_goes_on_where_files_cannot_be_locked(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    def no_locks(*args: object) -> None:
        raise OSError(errno.ENOLCK, "No locks available")  # NFS without lockd

    os.link(target, target.with_name("other.sh"))
    monkeypatch.setattr(fcntl, "flock", no_locks)
    assert write.write_fixed(str(target), _snapshot(target), NEW, [str(target.parent)]) == ""
    assert target.read_bytes() == NEW and _strays(target.parent) == []
