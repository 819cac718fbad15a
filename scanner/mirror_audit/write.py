"""Write a fixed file so that any failure leaves the original: atomic replace, or a journal."""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import stat
import time
from collections.abc import Sequence
from dataclasses import dataclass

from .tempnames import JOURNAL_TAG, STRAY, TEMP_TAG

#: Test hook, inert unless set: seconds to sleep with the new content on disk, just before it
#: replaces the original (tests/test_write.py kills a run there). Never set it in production.
DELAY_ENV = "MIRROR_AUDIT_TEST_WRITE_DELAY"
_JOURNAL_HEAD = b"mirror-audit journal 1 %d %d\n"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # NOTE: Windows has no O_NOFOLLOW
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_DIR_FD = {os.open, os.stat, os.unlink, os.rename} <= os.supports_dir_fd


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
        directory, name = os.path.split(target)
        with _Dir.open(directory) as where:
            info, old = _unchanged(where, name, snapshot)
            if backup:
                _atomic(where, name + backup, old, info, strict_owner=False)
            replaced = info.st_nlink == 1 and _atomic(where, name, new, info, snapshot, False)
            if not replaced:
                _in_place(where, name, info, old, new, snapshot)
            elif unsynced is not None:
                unsynced.add(directory)
            else:
                where.sync()  # best effort: the file is written either way
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


_SWAPPED = "replaced by a symbolic link since it was read: not written"
_CHANGED = "changed since it was read: not written (run again)"


@dataclass
class _Dir:
    """A directory held open while files in it are written. Every step names its file relative
    to it and never follows a link in the file's place, so a file or a directory swapped for a
    symbolic link after the read (TOCTOU) is never written through."""

    path: str
    fd: int | None  # None where files cannot be named by directory (Windows): by path then

    @classmethod
    def open(cls, path: str) -> _Dir:
        if not _DIR_FD:
            return cls(path, None)
        try:
            return cls(path, os.open(path or ".", os.O_RDONLY | _DIRECTORY | _NOFOLLOW))
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENOTDIR):
                raise WriteError(_SWAPPED) from None
            raise

    def __enter__(self) -> _Dir:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)

    def name(self, name: str) -> str:
        return name if self.fd is not None else os.path.join(self.path, name)

    def lstat(self, name: str) -> os.stat_result:
        return os.stat(self.name(name), dir_fd=self.fd, follow_symlinks=False)

    def open_file(self, name: str, flags: int, mode: int = 0o777) -> int:
        """Open ``name`` here, never through a symbolic link."""
        flags |= _NOFOLLOW | getattr(os, "O_BINARY", 0)
        try:
            return os.open(self.name(name), flags, mode, dir_fd=self.fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP and _NOFOLLOW:
                raise WriteError(_SWAPPED) from None
            raise

    def read(self, name: str) -> bytes:
        with os.fdopen(self.open_file(name, os.O_RDONLY), "rb") as handle:
            return handle.read()

    def replace(self, source: str, target: str) -> None:
        os.replace(self.name(source), self.name(target), src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def unlink(self, name: str) -> None:
        os.unlink(self.name(name), dir_fd=self.fd)

    def unlink_quietly(self, name: str) -> None:
        try:
            self.unlink(name)
        except OSError:
            pass

    def sync(self) -> OSError | None:
        """fsync the directory (its renames durable); the error, if any."""
        if self.fd is None:
            return _sync_directory(self.path)
        return _fsync_directory(self.fd)


def _unchanged(where: _Dir, name: str, snapshot: Snapshot) -> tuple[os.stat_result, bytes]:
    info = _check_stat(where, name, snapshot)
    data = where.read(name)
    if _digest(data) != snapshot.digest:
        raise WriteError(_CHANGED)
    return info, data


def _check_stat(where: _Dir, name: str, snapshot: Snapshot) -> os.stat_result:
    info = where.lstat(name)
    now = (info.st_size, info.st_mtime_ns, info.st_dev, info.st_ino)
    if now != (snapshot.size, snapshot.mtime_ns, snapshot.device, snapshot.inode):
        raise WriteError(_SWAPPED if stat.S_ISLNK(info.st_mode) else _CHANGED)
    return info


def _atomic(
    where: _Dir,
    name: str,
    data: bytes,
    info: os.stat_result,
    snapshot: Snapshot | None = None,
    sync: bool = True,
    strict_owner: bool = True,
) -> bool:
    """Write a temporary file beside ``name`` with the mode of ``info``; rename it over ``name``.

    False (nothing changed) when the new file could not get the owner and group of ``info`` and
    ``strict_owner`` is set: the caller then rewrites in place rather than give the file away.
    ``sync=False`` leaves the directory unsynced: until it is, a power cut may undo the rename,
    which leaves the original (the new content itself is on disk before the rename). With
    ``sync``, a directory that cannot be synced is an error: a journal or a backup that a power
    cut may take away is no safety net.
    """
    temp = f".{name}.{TEMP_TAG}-{os.getpid()}-{secrets.token_hex(4)}"
    fd = where.open_file(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        try:
            _write_all(fd, data)
            kept = _keep_owner(fd, info) or not strict_owner
            if kept:
                _set_mode(fd, where, temp, stat.S_IMODE(info.st_mode))
            os.fsync(fd)
        finally:
            os.close(fd)
        if not kept:
            where.unlink(temp)
            return False
        _test_delay()
        if snapshot is not None:
            _check_stat(where, name, snapshot)  # the last moment: a writer that came in wins
        where.replace(temp, name)
    except BaseException:
        where.unlink_quietly(temp)
        raise
    error = where.sync() if sync else None
    if error:
        raise OSError(error.errno, error.strerror)
    return True


def _set_mode(fd: int, where: _Dir, name: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)  # after fchown, which clears the set-id bits
    else:  # NOTE: Windows before Python 3.13 has no fchmod; it has no owners to keep either
        os.chmod(where.name(name), mode)


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


def _in_place(
    where: _Dir, name: str, info: os.stat_result, old: bytes, new: bytes, snapshot: Snapshot
) -> None:
    """Overwrite the file itself (hard links, foreign owner) with a journal to undo a torn write."""
    journal = f".{name}.{JOURNAL_TAG}-{os.getpid()}-{secrets.token_hex(4)}"
    record = _JOURNAL_HEAD % (len(old), len(new)) + old + new
    try:
        _atomic(where, journal, record, info, strict_owner=False)
    except BaseException:
        where.unlink_quietly(journal)  # renamed into place, but not durable: not to be trusted
        raise
    try:
        _test_delay()
        _check_stat(where, name, snapshot)
        _overwrite(where, name, new, snapshot)
    except WriteError:
        where.unlink_quietly(journal)  # refused before a byte was written
        raise
    except BaseException:
        if _restore_if_torn(where, name, old, new):
            where.unlink_quietly(journal)  # kept otherwise: the next run's clean_strays restores
        raise
    where.unlink_quietly(journal)  # the file is whole; a journal left here the next run removes


def _overwrite(where: _Dir, name: str, data: bytes, snapshot: Snapshot | None = None) -> None:
    """Write ``data`` over the file itself (never through a link put in its place), and with
    ``snapshot``, only into the very file that was read, still as it was read, under a lock
    that another run's in-place write of the same file holds too (its write and its truncate
    are two steps)."""
    fd = where.open_file(name, os.O_RDWR)
    try:
        if snapshot is not None:
            _lock(fd)
            _same(fd, snapshot)
        _write_all(fd, data)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    """An exclusive lock on the file until ``fd`` is closed (where the system has flock)."""
    try:
        import fcntl
    except ImportError:  # NOTE: Windows: no flock; two runs at once there are not guarded
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as exc:  # a filesystem without locks (NFS without lockd): go on unguarded
        if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
            raise


def _same(fd: int, snapshot: Snapshot) -> None:
    """The open file is the one read, with the bytes read."""
    now = os.fstat(fd)
    if (now.st_size, now.st_mtime_ns, now.st_dev, now.st_ino) != (
        snapshot.size,
        snapshot.mtime_ns,
        snapshot.device,
        snapshot.inode,
    ):
        raise WriteError(_CHANGED)
    with os.fdopen(os.dup(fd), "rb") as handle:
        if _digest(handle.read()) != snapshot.digest:
            raise WriteError(_CHANGED)
    os.lseek(fd, 0, os.SEEK_SET)


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
    """fsync a directory by its path; the error, if any. Windows cannot open one."""
    if os.name == "nt":
        return None
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError as exc:
        return exc
    try:
        return _fsync_directory(fd)
    finally:
        os.close(fd)


def _fsync_directory(fd: int) -> OSError | None:
    # NOTE: a rename is durable only once its directory is on disk.
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno != errno.EINVAL:  # a filesystem that cannot sync a directory: nothing lost
            return exc
    return None


# -- what an interrupted run left behind ------------------------------------------------------


def clean_strays(directory: str) -> list[tuple[str, str]]:
    """Remove the temporary files of interrupted runs in ``directory``; undo torn in-place writes.

    Returns (file name, what was done) pairs. Only regular files named as this module names
    them (``STRAY``) are touched, and only those of a process that is gone: files of a run
    that is still going are left alone.
    """
    done: list[tuple[str, str]] = []
    try:
        with _Dir.open(os.path.realpath(directory or ".")) as where:
            listed = os.listdir(where.fd) if where.fd is not None else os.listdir(where.path)
            for stray in sorted(listed):
                found = STRAY.match(stray)
                if found and _stale(where, stray, int(found.group("pid"))):
                    name = found.group("name")
                    done.append((name, _clean(where, stray, name, found.group("tag"))))
    except (OSError, WriteError):
        pass
    return done


def _clean(where: _Dir, stray: str, name: str, tag: str) -> str:
    if tag == TEMP_TAG:
        where.unlink_quietly(stray)
        return f"removed {stray}, left by an interrupted run"
    return _recover(where, name, stray)


def _stale(where: _Dir, name: str, pid: int) -> bool:
    """A regular file (a directory or a link so named is someone else's) of a process gone."""
    try:
        info = where.lstat(name)
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and not _running(pid, info.st_mtime)


def _running(pid: int, mtime: float) -> bool:
    if pid == os.getpid():
        return False  # this run leaves none behind: the pid was reused (a container's pid 1)
    if os.name == "nt":  # NOTE: os.kill(pid, 0) would signal a process on Windows: go by age
        return time.time() - mtime < 3600
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass  # another user's process: alive
    return not _started_after(pid, mtime)


def _started_after(pid: int, mtime: float) -> bool:
    """Whether process ``pid`` started after ``mtime``, when its stray was last written: then it
    did not write it (the pid was reused after a kill). Linux only (/proc); else False."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            ticks = int(handle.read().rpartition(b")")[2].split()[19])
        with open("/proc/stat", "rb") as handle:
            boot = next(int(line.split()[1]) for line in handle if line.startswith(b"btime "))
    except (OSError, ValueError, IndexError, StopIteration):
        return False
    return boot + ticks / os.sysconf("SC_CLK_TCK") > mtime + 2  # btime is whole seconds


def _recover(where: _Dir, name: str, journal: str) -> str:
    try:
        data = where.read(journal)
        head, _, body = data.partition(b"\n")
        old_size, new_size = (int(n) for n in head.split()[-2:])
        old, new = body[:old_size], body[old_size : old_size + new_size]
        current = where.read(name)
    except (OSError, ValueError, WriteError):
        return f"{journal}: an interrupted run's journal that cannot be read: compare it by hand"
    if current in (old, new):
        where.unlink_quietly(journal)
        return f"removed {journal}, left by an interrupted run (the file was whole)"
    if not _torn(current, old, new):
        return f"{journal}: the file changed after an interrupted run; its original is in it"
    try:
        _overwrite(where, name, old)
    except (OSError, WriteError) as exc:
        return f"{journal}: the original could not be put back ({exc}); it is in the journal"
    where.unlink_quietly(journal)
    return "restored from the journal of an interrupted run"


def _restore_if_torn(where: _Dir, name: str, old: bytes, new: bytes) -> bool:
    """After a failed overwrite: put the original back; True when the file is the original.

    A file that reads as ``new`` is put back too: the write failed (an fsync, say), and the
    report says the file was not written.
    """
    try:
        current = where.read(name)
        if current != old and (current == new or _torn(current, old, new)):
            try:
                _overwrite(where, name, old)
            except OSError:
                pass  # the truncate may fail where the bytes went down: read what is there
            current = where.read(name)
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
