"""Walk the roots: choose the files to read, never open what is not a regular file.

One iterative os.scandir walk per root. Directory entries give the file type without an extra
stat call (lstat semantics: symbolic links are not followed unless asked). Third-party trees are
skipped, or scanned and marked vendored with include_vendored.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pathspec

from . import kinds
from .exclusion import Anchored
from .model import Candidate, Skip

# Directories whose contents are someone else's code.
VENDORED_DIRS = frozenset(
    {"site-packages", "dist-packages", "node_modules", ".tox", ".nox", ".git", ".hg", ".svn",
     "bower_components", ".eggs"}
)
# Caches: never worth reading, vendored or not.
CACHE_DIRS = frozenset(
    {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis", ".cache"}
)


@dataclass(frozen=True)
class WalkOptions:
    include_vendored: bool = False
    follow_symlinks: bool = False
    respect_gitignore: bool = False
    exclude: pathspec.PathSpec | None = None
    anchored: Anchored | None = None  # a configuration file's excludes: walked and named files
    kinds: frozenset[str] | None = None  # --kinds: a name filter; other files are never opened

    def wants(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


def exclude_spec(patterns: Sequence[str]) -> pathspec.PathSpec | None:
    patterns = [p for p in patterns if p.strip()]
    return pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None


def discover(roots: Sequence[str], options: WalkOptions) -> Iterator[Candidate | Skip]:
    """Candidates to read, and Skips for what cannot be walked, root by root."""
    for root in roots:
        yield from _root(root, options)


def _root(root: str, options: WalkOptions) -> Iterator[Candidate | Skip]:
    try:
        info = os.stat(root) if options.follow_symlinks else os.lstat(root)
    except OSError as exc:
        yield Skip(root, f"cannot be read: {exc.strerror or exc}", "unreadable")
        return
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(root)  # a root named on the command line is followed, as find -H does
        except OSError:
            yield Skip(root, "dangling symbolic link", "unreadable")
            return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(root, options)
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


def _walk(root: str, options: WalkOptions) -> Iterator[Candidate | Skip]:
    # stack of (directory path, path relative to the root, vendored, gitignore specs in force)
    stack: list[tuple[str, str, bool, tuple[tuple[str, pathspec.PathSpec], ...]]] = [(root, "", False, ())]
    visited: set[tuple[int, int]] = set()
    anchored = options.anchored.matcher(root) if options.anchored else None
    while stack:
        directory, relative, vendored, ignores = stack.pop()
        try:
            with os.scandir(directory) as handle:
                entries = sorted(handle, key=lambda e: e.name)
        except OSError as exc:
            yield Skip(_display(root, relative) or root, f"directory cannot be listed: {exc.strerror or exc}", "unreadable")
            continue
        if options.respect_gitignore:
            ignores = _with_gitignore(directory, relative, ignores, entries)
        pushed = []
        vendored_here = vendored
        for entry in entries:
            rel = f"{relative}/{entry.name}" if relative else entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_link = entry.is_symlink()
                if is_link and options.follow_symlinks:
                    is_dir = entry.is_dir(follow_symlinks=True)
            except OSError as exc:
                yield Skip(_display(root, rel), f"cannot be examined: {exc.strerror or exc}", "unreadable")
                continue
            if _excluded(options, rel, is_dir, ignores) or (anchored and anchored(rel, is_dir)):
                continue
            if is_link and not options.follow_symlinks:
                continue  # not followed by default; --follow-symlinks walks them, loop-safe
            if is_dir:
                if entry.name in CACHE_DIRS:
                    continue
                virtualenv = _is_virtualenv(entry.path)
                third_party = entry.name in VENDORED_DIRS or virtualenv
                if third_party and not options.include_vendored:
                    # a virtualenv's pip.conf is live site configuration, not vendored code
                    if virtualenv and options.wants(kinds.PIP_CONF):
                        yield from _venv_config(entry.path, root, rel)
                    continue
                if options.follow_symlinks or is_link:
                    try:
                        st = entry.stat(follow_symlinks=True)
                    except OSError as exc:
                        yield Skip(_display(root, rel), f"cannot be examined: {exc.strerror or exc}", "unreadable")
                        continue
                    key = (st.st_dev, st.st_ino)
                    if key in visited:
                        yield Skip(_display(root, rel), "symbolic link loop: already walked", "special")
                        continue
                    visited.add(key)
                pushed.append((entry.path, rel, vendored_here or third_party, ignores))
                continue
            yield from _file(entry, root, rel, vendored_here, options)
        stack.extend(reversed(pushed))


def _file(entry: os.DirEntry[str], root: str, rel: str, vendored: bool, options: WalkOptions) -> Iterator[Candidate | Skip]:
    try:
        regular = entry.is_file(follow_symlinks=options.follow_symlinks)
    except OSError as exc:
        yield Skip(_display(root, rel), f"cannot be examined: {exc.strerror or exc}", "unreadable")
        return
    if not regular:
        if entry.is_symlink():
            yield Skip(_display(root, rel), "dangling symbolic link", "unreadable")
        else:
            yield Skip(_display(root, rel), "not a regular file (FIFO, socket or device): not opened", "special")
        return
    kind = kinds.kind_of(rel)
    if kind is not None and options.wants(kind):
        yield Candidate(entry.path, kind, _display(root, rel), vendored=vendored)


def _venv_config(path: str, root: str, rel: str) -> Iterator[Candidate]:
    for name in ("pip.conf", "pip.ini"):
        config = os.path.join(path, name)
        try:
            if stat.S_ISREG(os.lstat(config).st_mode):
                yield Candidate(config, kinds.PIP_CONF, _display(root, f"{rel}/{name}"))
        except OSError:
            continue


def _is_virtualenv(path: str) -> bool:
    return os.path.isfile(os.path.join(path, "pyvenv.cfg"))


def _excluded(options: WalkOptions, rel: str, is_dir: bool, ignores: tuple[tuple[str, pathspec.PathSpec], ...]) -> bool:
    probe = rel + "/" if is_dir else rel
    if options.exclude and options.exclude.match_file(probe):
        return True
    for base, spec in ignores:
        inner = probe[len(base) + 1:] if base else probe
        if spec.match_file(inner):
            return True
    return False


def _with_gitignore(directory: str, relative: str, ignores: tuple[tuple[str, pathspec.PathSpec], ...], entries: list[os.DirEntry[str]]) -> tuple[tuple[str, pathspec.PathSpec], ...]:
    if not any(e.name == ".gitignore" for e in entries):
        return ignores
    try:
        with open(os.path.join(directory, ".gitignore"), encoding="utf-8", errors="replace") as handle:
            spec = pathspec.GitIgnoreSpec.from_lines(handle)
    except OSError:
        return ignores
    return (*ignores, (relative, spec))


def _display(root: str, rel: str) -> str:
    if not rel:
        return root
    return os.path.join(root, rel) if root not in (".", "./") else rel
