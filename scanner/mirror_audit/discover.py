"""Walk the roots: choose the files to read, never open what is not a regular file.

One iterative os.scandir walk per root. Directory entries give the file type without an extra
stat call (lstat semantics: symbolic links are not followed unless asked), and the mount table
says by path where another filesystem starts, so staying on one costs no stat call either.
Third-party trees are skipped, or scanned and marked vendored with include_vendored. What cannot
be walked (permission denied, vanished, a path too long, a loop) is a Skip, never an exception.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import kinds, mounts, system
from .exclusion import Anchored, compile_patterns, lenient_patterns
from .model import Candidate, Skip

if TYPE_CHECKING:
    # NOTE: imported when a pattern is compiled: a scan without excludes never needs it
    import pathspec

# Directories whose contents are someone else's code.
VENDORED_DIRS = frozenset(
    {"site-packages", "dist-packages", "node_modules", ".tox", ".nox", ".git", ".hg", ".svn",
     "bower_components", ".eggs"}
)
# Caches: never worth reading, vendored or not.
CACHE_DIRS = frozenset(
    {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".cache"}
)
# Skips that are notices rather than files left unread: a mount point not entered, a name escaped.
NOTICES = frozenset({"filesystem", "name"})


@dataclass(frozen=True)
class WalkOptions:
    """What the walk yields and skips: vendored trees, links, ignores, kinds and mounts."""

    include_vendored: bool = False
    follow_symlinks: bool = False
    respect_gitignore: bool = False
    exclude: pathspec.PathSpec | None = None
    anchored: Anchored | None = None  # a configuration file's excludes: walked and named files
    kinds: frozenset[str] | None = None  # --kinds: a name filter; other files are never opened
    system_root: str | None = None  # --root DIR ("/" for --host): roots are paths on that system
    cross_filesystems: bool = False  # enter other local filesystems (never pseudo or network ones)
    mount_table: str = mounts.DEFAULT_TABLE

    def wants(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


def exclude_spec(patterns: Sequence[str]) -> pathspec.PathSpec | None:
    patterns = [p for p in patterns if p.strip()]
    return compile_patterns(patterns, "--exclude") if patterns else None


def discover(roots: Sequence[str], options: WalkOptions) -> Iterator[Candidate | Skip]:
    """Candidates to read, and Skips for what cannot be walked, root by root."""
    table = functools.cache(lambda: mounts.load(options.mount_table))  # read on the first directory
    for root in roots:
        yield from _root(root, options, table)


Table = Callable[[], mounts.MountTable]


@dataclass(frozen=True)
class Subtree:
    """A directory still to walk, with the walk it belongs to: the unit --jobs hands out."""

    walk: _Walk
    frame: Frame

    def split(self) -> tuple[list[Candidate | Skip], list[Subtree]]:
        """List this directory only: its files and skips, and its subdirectories as Subtrees."""
        pushed: list[Frame] = []
        items = self.walk.listing(self.frame, pushed)
        return items, [Subtree(self.walk, frame) for frame in pushed]

    def items(self) -> Iterator[Candidate | Skip]:
        """The whole subtree, in the order discover() gives it."""
        return self.walk.walk([self.frame])


def units(roots: Sequence[str], options: WalkOptions) -> Iterator[list[Candidate | Skip] | Subtree]:
    """discover() as units: each directory root as a Subtree, anything else listed.

    Not for --root/--host or --follow-symlinks (one loop guard for the whole walk): those
    roots are listed whole here.
    """
    table = functools.cache(lambda: mounts.load(options.mount_table))
    for root in roots:
        info = None
        if options.system_root is None and not options.follow_symlinks:
            try:
                info = os.lstat(root)
                if stat.S_ISLNK(info.st_mode):
                    info = os.stat(root)  # a root named on the command line is followed
            except OSError:
                info = None
        if info is None or not stat.S_ISDIR(info.st_mode):
            yield list(_root(root, options, table))
            continue
        walk = _Walk(options, root, table(), root)
        real = os.path.realpath(root)
        walk.begin(real, info)
        yield Subtree(walk, (real, "", False, ()))


def _root(root: str, options: WalkOptions, table: Table) -> Iterator[Candidate | Skip]:
    if options.system_root is not None:
        yield from _system_root(root, options, table)
        return
    try:
        info = os.stat(root) if options.follow_symlinks else os.lstat(root)
    except OSError as exc:
        yield Skip(root, f"cannot be read: {_why(exc)}", "unreadable")
        return
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(root)  # a root named on the command line is followed, as find -H does
        except OSError:
            yield Skip(root, "dangling symbolic link", "unreadable")
            return
    if stat.S_ISDIR(info.st_mode):
        yield from _Walk(options, root, table(), root).run(os.path.realpath(root), "", info)
    elif stat.S_ISREG(info.st_mode):
        if options.exclude and options.exclude.match_file(os.path.normpath(root)):
            return
        if options.anchored and options.anchored.excludes(root):
            return  # named on the command line (as pre-commit does) and excluded all the same
        kind = kinds.kind_of(root) or kinds.TEXT
        if options.wants(kind):
            yield Candidate(root, kind, root, explicit=True)
    else:
        yield Skip(root, "not a regular file (FIFO, socket or device): not opened", "special")


def _system_root(root: str, options: WalkOptions, table: Table) -> Iterator[Candidate | Skip]:
    """A path on the audited system (--root, --host): resolved inside it, shown as it is there."""
    assert options.system_root is not None
    shown = system.system_path(root)
    try:
        path = system.resolve(options.system_root, shown)
        info = os.lstat(path)
    except OSError as exc:
        yield Skip(shown, f"cannot be read: {_why(exc)}", "unreadable")
        return
    rel = shown.lstrip("/")
    if stat.S_ISDIR(info.st_mode):
        walk = _Walk(options, "/", table(), options.system_root)
        yield from walk.run(os.path.realpath(path), rel, info)
    elif stat.S_ISREG(info.st_mode):
        if options.exclude and rel and options.exclude.match_file(rel):
            return
        kind = kinds.kind_of(rel) or kinds.TEXT
        if options.wants(kind):
            yield Candidate(path, kind, shown, explicit=True)
    else:
        yield Skip(shown, "not a regular file (FIFO, socket or device): not opened", "special")


Ignores = tuple[tuple[str, "pathspec.PathSpec"], ...]
# directory path, path relative to the root, vendored, gitignores in force
Frame = tuple[str, str, bool, Ignores]


class _Walk:
    """One walk from one root: the stack of directories to list, the mount table, the loop guard."""

    def __init__(
        self, options: WalkOptions, display_root: str, table: mounts.MountTable, anchor: str
    ) -> None:
        self.options, self.display_root, self.table = options, display_root, table
        self.anchored = options.anchored.matcher(anchor) if options.anchored else None
        self.visited: set[tuple[int, int]] = set()
        self.start: mounts.Mount | None = None
        self.device = 0
        self.folder = kinds.Folder("")  # the directory being listed (listing sets it)

    def display(self, rel: str) -> str:
        if not rel:
            return self.display_root
        if self.display_root == "/":
            return "/" + rel
        return os.path.join(self.display_root, rel) if self.display_root not in (".", "./") else rel

    def run(self, path: str, rel: str, info: os.stat_result) -> Iterator[Candidate | Skip]:
        self.begin(path, info)
        yield from self.walk([(path, rel, False, ())])

    def begin(self, path: str, info: os.stat_result) -> None:
        # NOTE: the root is entered whatever it is (proc, NFS): naming it is asking for it.
        self.start, self.device = self.table.containing(path), info.st_dev
        self.visited.add((info.st_dev, info.st_ino))

    def walk(self, stack: list[Frame]) -> Iterator[Candidate | Skip]:
        """Depth first from the frames on ``stack``: a directory's files, then its
        subdirectories."""
        while stack:
            pushed: list[Frame] = []
            yield from self.listing(stack.pop(), pushed)
            stack.extend(reversed(pushed))

    def listing(self, frame: Frame, pushed: list[Frame]) -> list[Candidate | Skip]:
        """One directory: its files and skips, in name order; its subdirectories onto ``pushed``."""
        directory, relative, vendored, ignores = frame
        try:
            with os.scandir(directory) as handle:
                entries = sorted(handle, key=_name)
        except OSError as exc:
            why = f"directory cannot be listed: {_why(exc)}"
            return [Skip(self.display(relative), why, "unreadable")]
        if self.options.respect_gitignore:
            ignores = _with_gitignore(directory, relative, ignores, entries)
        # NOTE: a list per directory, not a generator per entry: the walk costs about half as much.
        out: list[Candidate | Skip] = []
        self.folder = kinds.Folder(relative)  # the kinds of this directory's files
        for entry in entries:
            rel = f"{relative}/{entry.name}" if relative else entry.name
            self.entry(entry, rel, vendored, ignores, pushed, out)
        return out

    def entry(
        self, entry: os.DirEntry[str], rel: str, vendored: bool, ignores: Ignores,
        pushed: list[Frame], out: list[Candidate | Skip],
    ) -> None:
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_link = not is_dir and entry.is_symlink()
        except OSError as exc:
            out.append(Skip(self.display(rel), f"cannot be examined: {_why(exc)}", "unreadable"))
            return
        if is_link:
            if self.options.follow_symlinks:  # not followed by default
                self.link(entry, rel, vendored, ignores, pushed, out)
            return
        if self.excluded(rel, is_dir, ignores):
            return
        if not entry.name.isascii() and _undecodable(entry.name):
            out.append(Skip(self.display(rel), _BAD_NAME, "name"))
        if is_dir:
            self.directory(entry.path, entry.name, rel, vendored, ignores, pushed, entry, out)
            return
        try:
            regular = entry.is_file(follow_symlinks=False)
        except OSError as exc:
            out.append(Skip(self.display(rel), f"cannot be examined: {_why(exc)}", "unreadable"))
            return
        if not regular:
            out.append(Skip(self.display(rel), _SPECIAL, "special"))
            return
        kind = self.folder.kind(entry.name)
        if kind is not None and self.options.wants(kind):
            out.append(Candidate(entry.path, kind, self.display(rel), vendored=vendored))

    def directory(
        self, path: str, name: str, rel: str, vendored: bool, ignores: Ignores, pushed: list[Frame],
        entry: os.DirEntry[str] | None, out: list[Candidate | Skip],
    ) -> None:
        if name in CACHE_DIRS:
            return
        refusal = self.crossing(path, entry)
        if refusal:
            out.append(Skip(self.display(rel), refusal, "filesystem"))
            return
        virtualenv = _is_virtualenv(path)
        third_party = name in VENDORED_DIRS or virtualenv
        if third_party and not self.options.include_vendored:
            # a virtualenv's pip.conf is live site configuration, not vendored code
            if virtualenv and self.options.wants(kinds.PIP_CONF):
                self.venv_config(path, rel, out)
            return
        if self.options.follow_symlinks and entry is not None:
            # NOTE: --follow-symlinks costs a stat per directory: a link may lead back to it.
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as exc:
                out.append(
                    Skip(self.display(rel), f"cannot be examined: {_why(exc)}", "unreadable")
                )
                return
            if not self.first_visit(info):
                return
        pushed.append((path, rel, vendored or third_party, ignores))

    def link(
        self, entry: os.DirEntry[str], rel: str, vendored: bool, ignores: Ignores,
        pushed: list[Frame], out: list[Candidate | Skip],
    ) -> None:
        """--follow-symlinks: the target, resolved inside the audited system, walked once."""
        try:
            root = self.options.system_root
            if root is not None and root != "/":
                target = system.resolve(root, self.display(rel))
            else:
                target = os.path.realpath(entry.path, strict=True)
            info = os.lstat(target)
        except OSError as exc:
            why = f"symbolic link cannot be followed: {_why(exc)}"
            if exc.errno == errno.ENOENT:
                why = "dangling symbolic link"
            out.append(Skip(self.display(rel), why, "unreadable"))
            return
        is_dir = stat.S_ISDIR(info.st_mode)
        if self.excluded(rel, is_dir, ignores):
            return
        if is_dir:
            if (info.st_dev, info.st_ino) in self.visited:
                out.append(Skip(self.display(rel), _WALKED, "special"))
                return
            self.directory(target, entry.name, rel, vendored, ignores, pushed, None, out)
            self.visited.add((info.st_dev, info.st_ino))
        elif stat.S_ISREG(info.st_mode):
            kind = self.folder.kind(entry.name)
            if kind is not None and self.options.wants(kind):
                out.append(Candidate(target, kind, self.display(rel), vendored=vendored))
        else:
            out.append(Skip(self.display(rel), _SPECIAL, "special"))

    def first_visit(self, info: os.stat_result) -> bool:
        key = (info.st_dev, info.st_ino)
        if key in self.visited:
            return False
        self.visited.add(key)
        return True

    def crossing(self, path: str, entry: os.DirEntry[str] | None) -> str:
        """Why a directory is not entered (another filesystem), or "" to enter it."""
        if self.table.available:
            mount = self.table.at(path) if entry is not None else self.table.containing(path)
            if mount is None or mount == self.start:
                return ""
            return _refusal(mount, self.start, self.options.cross_filesystems)
        try:  # no mount table: one lstat per directory tells its device
            info = entry.stat(follow_symlinks=False) if entry is not None else os.stat(path)
        except OSError:
            return ""
        if info.st_dev == self.device or self.options.cross_filesystems:
            return ""
        return "another filesystem: not entered (--cross-filesystems enters it)"

    def excluded(self, rel: str, is_dir: bool, ignores: Ignores) -> bool:
        if _excluded(self.options, rel, is_dir, ignores):
            return True
        return bool(self.anchored and self.anchored(rel, is_dir))

    def venv_config(self, path: str, rel: str, out: list[Candidate | Skip]) -> None:
        for name in ("pip.conf", "pip.ini"):
            config = os.path.join(path, name)
            try:
                if stat.S_ISREG(os.lstat(config).st_mode):
                    out.append(Candidate(config, kinds.PIP_CONF, self.display(f"{rel}/{name}")))
            except OSError:
                continue


def _refusal(mount: mounts.Mount, start: mounts.Mount | None, cross: bool) -> str:
    nature = mount.nature
    if nature == "pseudo":
        return f"{mount.describe()}, a kernel view: not entered (name it to scan it)"
    if nature == "network":
        return f"{mount.describe()}, on the network: not entered (name it to scan it)"
    if cross or (start is not None and mount.device == start.device):
        return ""
    return f"{mount.describe()}, another filesystem: not entered (--cross-filesystems enters it)"


_BAD_NAME = "file name is not valid UTF-8: shown with \\xNN escapes (in JSON \\udcNN: exact bytes)"
_SPECIAL = "not a regular file (FIFO, socket or device): not opened"
_WALKED = "symbolic link to a directory already walked (a loop, or a second link): not walked again"


def _undecodable(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True  # os.scandir kept an undecodable byte as a lone surrogate (surrogateescape)
    return False


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _why(exc: OSError) -> str:
    reasons = {errno.ENOENT: "vanished while the scan ran", errno.EACCES: "permission denied",
               errno.EPERM: "permission denied", errno.ENAMETOOLONG: "path too long",
               errno.ELOOP: "symbolic link loop", errno.ENOTDIR: "not a directory any more"}
    return reasons.get(exc.errno or 0, exc.strerror or str(exc))


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _excluded(options: WalkOptions, rel: str, is_dir: bool, ignores: Ignores) -> bool:
    probe = rel + "/" if is_dir else rel
    if options.exclude and options.exclude.match_file(probe):
        return True
    for base, spec in ignores:
        inner = probe[len(base) + 1:] if base else probe
        if spec.match_file(inner):
            return True
    return False


def _with_gitignore(
    directory: str, relative: str, ignores: Ignores, entries: list[os.DirEntry[str]]
) -> Ignores:
    if not any(e.name == ".gitignore" for e in entries):
        return ignores
    try:
        path = os.path.join(directory, ".gitignore")
        with open(path, encoding="utf-8", errors="replace") as handle:
            spec = lenient_patterns(handle)  # a scanned file: a bad line must not stop the scan
    except OSError:
        return ignores
    return (*ignores, (relative, spec))

