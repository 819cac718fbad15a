"""The system being audited: a directory taken as ``/`` (--root), its paths, users and homes.

Paths are resolved as a chroot would: a symbolic link ``/etc/pip.conf -> /opt/pip.conf`` inside
an image at /mnt/img leads to /mnt/img/opt/pip.conf, never to the scanning machine's /opt.
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from dataclasses import dataclass

from . import read

MAX_LINKS = 40  # as the kernel's ELOOP limit


@dataclass(frozen=True)
class User:
    """An account on the audited system, with its home there."""

    name: str
    uid: int
    home: str  # as on the audited system ("/home/alice")
    listed: bool = True  # False: a directory under /home that /etc/passwd does not name
    shell: str = ""  # the login shell, which decides the profile files read at login


def system_path(name: str) -> str:
    """A path as on the audited system: absolute and normalised (relative names start at /)."""
    return posixpath.normpath("/" + name.lstrip("/")) if name not in ("", "/") else "/"


def host_path(root: str, path: str) -> str:
    """Where ``path`` (a path on the audited system) is on this machine, without resolving links."""
    inner = system_path(path).lstrip("/")
    return os.path.join(root, inner) if inner else root


def resolve(root: str, path: str) -> str:
    """``host_path`` with every symbolic link resolved inside ``root``; OSError when it fails.

    A missing component ends the resolution: the rest is joined as written (the caller's
    lstat then reports it missing).
    """
    pending = [p for p in system_path(path).split("/") if p]
    done: list[str] = []
    links = 0
    while pending:
        part = pending.pop(0)
        if part in (".", ""):
            continue
        if part == "..":
            if done:
                done.pop()  # ".." stops at the root, as in a chroot
            continue
        current = os.path.join(root, *done, part)
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            return os.path.join(root, *done, part, *pending)
        if not stat.S_ISLNK(info.st_mode):
            done.append(part)
            continue
        links += 1
        if links > MAX_LINKS:
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), current)
        target = os.readlink(current)
        if target.startswith("/"):
            done = []
        pending[:0] = [p for p in target.split("/") if p]
    return os.path.join(root, *done) if done else root


def users(root: str) -> list[User]:
    """Users of the audited system: /etc/passwd entries, then the /home/* directories it omits."""
    found: list[User] = []
    seen: set[str] = set()
    for line in _lines(host_path(root, "/etc/passwd")):
        fields = line.split(":")
        if len(fields) < 7 or line.startswith("#"):
            continue
        try:
            uid = int(fields[2])
        except ValueError:
            continue
        found.append(User(fields[0], uid, system_path(fields[5] or "/"), shell=fields[6].strip()))
        seen.add(fields[0])
    for name in _listdir(host_path(root, "/home")):
        home = f"/home/{name}"
        if name not in seen and home not in {u.home for u in found} and _is_dir(root, home):
            found.append(User(name, -1, home, listed=False))
    return found


def homes(root: str) -> list[User]:
    """One user per existing home directory (the first user that names it)."""
    chosen: dict[str, User] = {}
    for user in users(root):
        if user.home not in chosen and _is_dir(root, user.home):
            chosen[user.home] = user
    return list(chosen.values())


def user_of(root: str, uid: int) -> User | None:
    return next((u for u in users(root) if u.uid == uid and u.listed), None)


def _is_dir(root: str, path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(resolve(root, path)).st_mode)
    except OSError:
        return False


def _listdir(path: str) -> list[str]:
    try:
        return sorted(os.listdir(path))
    except OSError:
        return []


def _lines(path: str) -> list[str]:
    raw = read.read_bytes(path, 16 << 20)  # never blocks, even if someone made it a FIFO
    if not isinstance(raw, bytes):
        return []
    return raw.decode("utf-8", "surrogateescape").splitlines()
