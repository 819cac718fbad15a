"""Write a fixed file so that any failure leaves the original: atomic replace, or a journal."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat
import time
from collections.abc import Sequence
from dataclasses import dataclass

TEMP_TAG = (
    "mirror-audit-tmp"  # .<name>.mirror-audit-tmp-<pid>-<hex>: the new content, not yet in place
)
JOURNAL_TAG = (
    "mirror-audit-orig"  # .<name>.mirror-audit-orig-<pid>-<hex>: an in-place rewrite's undo
)
STRAY = re.compile(
    rf"^\.(?P<name>.+)\.(?P<tag>{TEMP_TAG}|{JOURNAL_TAG})-(?P<pid>[0-9]+)-[0-9a-f]+$"
)
#: Test hook, inert unless set: seconds to sleep with the new content on disk, just before it
#: replaces the original (tests/test_write.py kills a run there). Never set it in production.
DELAY_ENV = "MIRROR_AUDIT_TEST_WRITE_DELAY"
_JOURNAL_HEAD = b"mirror-audit journal 1 %d %d\n"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # NOTE: Windows has no O_NOFOLLOW


class WriteError(Exception):
    """The file was not written; the message says why (one line of the report)."""


@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read: replaced only if it still is."""

    size: int
    mtime_ns: int
    device: int
    inode: int
    digest: str

    @classmethod
    def of(cls, info: os.stat_result, raw: bytes) -> Snapshot:
        return cls(info.st_size, info.st_mtime_ns, info.st_dev, info.st_ino, _digest(raw))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_fixed(
    path: str,
    snapshot: Snapshot,
    new: bytes,
    roots: Sequence[str],
    backup: str | None = None,
    unsynced: set[str] | None = None,
) -> str:
    """Put ``new`` in place of the file at ``path``; "" when written, else why it was not.

    A symbolic link is followed only to a target inside one of ``roots``, and stays a link. A
    file with several hard links is rewritten in place (under a journal) so the links stay one
    file; any other file is replaced atomically. A file that changed since ``snapshot`` is not
    touched. ``backup`` is a suffix: the original is kept beside the file under that name.
    With ``unsynced``, the directory of a replaced file is added to it instead of being synced
    at once (the caller syncs each directory once, with sync_directories).
    """
    try:
        target = resolve(path, roots)
        info, old = _unchanged(target, snapshot)
        if backup:
            _atomic(target + backup, old, info, strict_owner=False)
        replaced = info.st_nlink == 1 and _atomic(target, new, info, snapshot, sync=False)
        if not replaced:
            _in_place(target, old, new, snapshot)
        elif unsynced is not None:
            unsynced.add(os.path.dirname(target))
        else:
            _sync_directory(os.path.dirname(target))  # best effort: the file is written either way
    except WriteError as exc:
        return str(exc)
    except OSError as exc:
        return f"not written: {exc.strerror or exc}"
    return ""


def resolve(path: str, roots: Sequence[str]) -> str:
    """The real file behind ``path``, which must lie inside a scanned root."""
    real = os.path.realpath(path)
    for root in roots:
        top = os.path.realpath(root)
        if real == top or real.startswith(top.rstrip(os.sep) + os.sep):
            return real
    raise WriteError(f"symbolic link to {real}, outside the scanned paths: not written")


def _unchanged(path: str, snapshot: Snapshot) -> tuple[os.stat_result, bytes]:
    info = _check_stat(path, snapshot)
    with open(path, "rb") as handle:
        data = handle.read()
    if _digest(data) != snapshot.digest:
        raise WriteError("changed since it was read: not written (run again)")
    return info, data


def _check_stat(path: str, snapshot: Snapshot) -> os.stat_result:
    info = os.stat(path)
    now = (info.st_size, info.st_mtime_ns, info.st_dev, info.st_ino)
    if now != (snapshot.size, snapshot.mtime_ns, snapshot.device, snapshot.inode):
        raise WriteError("changed since it was read: not written (run again)")
    return info


def _atomic(
    path: str,
    data: bytes,
    info: os.stat_result,
    snapshot: Snapshot | None = None,
    strict_owner: bool = True,
    sync: bool = True,
) -> bool:
    """Write a temporary file beside ``path`` with the mode of ``info``; rename it over ``path``.

    False (nothing changed) when the new file could not get the owner and group of ``info`` and
    ``strict_owner`` is set: the caller then rewrites in place rather than give the file away.
    ``sync=False`` leaves the directory unsynced: until it is, a power cut may undo the rename,
    which leaves the original (the new content itself is on disk before the rename). With
    ``sync``, a directory that cannot be synced is an error: a journal or a backup that a power
    cut may take away is no safety net.
    """
    directory, name = os.path.split(path)
    temp = os.path.join(directory, f".{name}.{TEMP_TAG}-{os.getpid()}-{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
            kept = _keep_owner(fd, info) or not strict_owner
        finally:
            os.close(fd)
        if not kept:
            os.unlink(temp)
            return False
        os.chmod(temp, stat.S_IMODE(info.st_mode))
        _test_delay()
        if snapshot is not None:
            _check_stat(path, snapshot)  # the last moment: a writer that came in meanwhile wins
        os.replace(temp, path)
    except BaseException:
        _unlink_quietly(temp)
        raise
    if sync:
        error = _sync_directory(directory)
        if error:
            raise OSError(error.errno, error.strerror)
    return True


def _keep_owner(fd: int, info: os.stat_result) -> bool:
    if not hasattr(os, "fchown"):
        return True  # Windows: a new file inherits the directory's ACL, as an editor's save does
    mine = os.fstat(fd)
    if (mine.st_uid, mine.st_gid) == (info.st_uid, info.st_gid):
        return True
    try:
        os.fchown(fd, info.st_uid if mine.st_uid != info.st_uid else -1, info.st_gid)
    except OSError:
        return False
    return True


def _in_place(path: str, old: bytes, new: bytes, snapshot: Snapshot) -> None:
    """Overwrite the file itself (hard links, foreign owner) with a journal to undo a torn write."""
    directory, name = os.path.split(path)
    journal = os.path.join(directory, f".{name}.{JOURNAL_TAG}-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        _atomic(
            journal,
            _JOURNAL_HEAD % (len(old), len(new)) + old + new,
            os.stat(path),
            strict_owner=False,
        )
    except BaseException:
        _unlink_quietly(journal)  # renamed into place, but not durable: not a journal to trust
        raise
    try:
        _test_delay()
        _check_stat(path, snapshot)
        _overwrite(path, new, snapshot)
    except WriteError:
        _unlink_quietly(journal)  # refused before a byte was written
        raise
    except BaseException:
        if _restore_if_torn(path, old, new):
            _unlink_quietly(journal)  # kept otherwise: the next run's clean_strays restores it
        raise
    _unlink_quietly(journal)  # the file is whole; a journal left here the next run removes


def _overwrite(path: str, data: bytes, snapshot: Snapshot | None = None) -> None:
    """Write ``data`` over the file itself: never through a symbolic link put in its place
    since it was read (TOCTOU), and with ``snapshot``, only into the very file that was read."""
    fd = _open_nofollow(path, os.O_WRONLY)
    try:
        if snapshot is not None:
            now = os.fstat(fd)
            if (now.st_dev, now.st_ino) != (snapshot.device, snapshot.inode):
                raise WriteError("changed since it was read: not written (run again)")
        _write_all(fd, data)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_nofollow(path: str, flags: int) -> int:
    try:
        return os.open(path, flags | _NOFOLLOW | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP and _NOFOLLOW:
            raise WriteError("replaced by a symbolic link since it was read: not written") from None
        raise


def _read_nofollow(path: str) -> bytes:
    fd = _open_nofollow(path, os.O_RDONLY)
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _test_delay() -> None:
    delay = os.environ.get(DELAY_ENV)
    if delay:
        time.sleep(float(delay))


def sync_directories(directories: set[str]) -> list[tuple[str, str]]:
    """Make the renames in these directories durable, one fsync each; (directory, why) for
    each that could not be synced (its files are written, but a power cut may undo that)."""
    failed = []
    for directory in sorted(directories):
        error = _sync_directory(directory)
        if error:
            failed.append((directory, error.strerror or str(error)))
    directories.clear()
    return failed


def _sync_directory(directory: str) -> OSError | None:
    """fsync a directory; the error, if any. Windows cannot open one: nothing to do there."""
    # NOTE: the rename is durable only once the directory is on disk.
    if os.name == "nt":
        return None
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError as exc:
        return exc
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # a filesystem that cannot sync a directory: nothing lost
            return exc
    finally:
        os.close(fd)
    return None


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# -- what an interrupted run left behind ------------------------------------------------------


def clean_strays(directory: str) -> list[tuple[str, str]]:
    """Remove the temporary files of interrupted runs in ``directory``; undo torn in-place writes.

    Returns (file name, what was done) pairs. Only regular files named as this module names
    them (``STRAY``) are touched, and only those of a process that is gone: files of a run
    that is still going are left alone.
    """
    done: list[tuple[str, str]] = []
    try:
        names = sorted(os.listdir(directory or "."))
    except OSError:
        return done
    for name in names:
        found = STRAY.match(name)
        path = os.path.join(directory, name)
        if not found or not _regular(path) or _running(int(found.group("pid")), path):
            continue
        if found.group("tag") == TEMP_TAG:
            _unlink_quietly(path)
            done.append((found.group("name"), f"removed {name}, left by an interrupted run"))
        else:
            done.append(
                (found.group("name"), _recover(os.path.join(directory, found.group("name")), path))
            )
    return done


def _regular(path: str) -> bool:
    """Only a regular file can be ours: a directory or a link with such a name is someone else's."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _running(pid: int, path: str) -> bool:
    if pid == os.getpid():
        return False  # this run leaves none behind: the pid was reused (a container's pid 1)
    if os.name == "nt":
        try:  # NOTE: os.kill(pid, 0) would signal a process on Windows; go by age instead
            return time.time() - os.stat(path).st_mtime < 3600
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # another user's process: alive
    return not _started_after(pid, path)


def _started_after(pid: int, path: str) -> bool:
    """Whether process ``pid`` started after ``path`` was last written: then it did not write
    it (the pid was reused after a kill). Linux only (/proc); False where it cannot be told."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            ticks = int(handle.read().rpartition(b")")[2].split()[19])
        with open("/proc/stat", "rb") as handle:
            boot = next(int(line.split()[1]) for line in handle if line.startswith(b"btime "))
        started = boot + ticks / os.sysconf("SC_CLK_TCK")
        return started > os.stat(path).st_mtime + 2  # btime is whole seconds
    except (OSError, ValueError, IndexError, StopIteration):
        return False


def _recover(path: str, journal: str) -> str:
    name = os.path.basename(journal)
    try:
        data = _read_nofollow(journal)
        head, _, body = data.partition(b"\n")
        old_size, new_size = (int(n) for n in head.split()[-2:])
        old, new = body[:old_size], body[old_size : old_size + new_size]
        current = _read_nofollow(path)
    except (OSError, ValueError, WriteError):
        return f"{name}: an interrupted run's journal that cannot be read: compare it by hand"
    if current in (old, new):
        os.unlink(journal)
        return f"removed {name}, left by an interrupted run (the file was whole)"
    if not _torn(current, old, new):
        return f"{name}: the file changed after an interrupted run; its original is in the journal"
    try:
        _overwrite(path, old)
    except (OSError, WriteError) as exc:
        return f"{name}: the original could not be put back ({exc}); it is in the journal"
    os.unlink(journal)
    return "restored from the journal of an interrupted run"


def _restore_if_torn(path: str, old: bytes, new: bytes) -> bool:
    """After a failed overwrite: put the original back; True when the file is the original.

    A file that reads as ``new`` is put back too: the write failed (an fsync, say), and the
    report says the file was not written.
    """
    try:
        current = _read_nofollow(path)
        if current != old and (current == new or _torn(current, old, new)):
            try:
                _overwrite(path, old)
            except OSError:
                pass  # the truncate may fail where the bytes went down: read what is there
            current = _read_nofollow(path)
    except (OSError, WriteError):
        return False
    return current == old


def _torn(current: bytes, old: bytes, new: bytes) -> bool:
    """Whether ``current`` is what an interrupted overwrite of ``old`` with ``new`` can leave.

    Writing ``new`` from offset 0 leaves ``new[:k] + old[k:]``; growing past ``old`` leaves
    ``new[:k]``; a missed truncate leaves ``new + old[len(new):]``.
    """
    prefix = 0
    limit = min(len(current), len(new))
    while prefix < limit and current[prefix] == new[prefix]:
        prefix += 1
    if len(current) == len(old):
        same_from = len(old)
        while same_from > prefix and current[same_from - 1] == old[same_from - 1]:
            same_from -= 1
        if same_from <= prefix:
            return True
    return len(old) <= len(current) <= len(new) and prefix == len(current)
