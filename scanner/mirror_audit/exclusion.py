"""Exclude patterns anchored at a directory (a configuration file's): walked and named files alike.

A pattern is matched against the path relative to that directory, never against the components
above it: ``build/`` in /home/ci/build/repo/pyproject.toml excludes repo/build, not the whole
checkout. Files named on the command line (as pre-commit names them) are excluded too, which is
ruff's --force-exclude lesson: a hook must not report what the configuration leaves out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pathspec  # NOTE: imported only when there are patterns (start-up time)

from .errors import ConfigError


@dataclass(frozen=True)
class Anchored:
    """Exclude patterns that hold relative to one directory (a configuration file's own)."""

    root: str  # absolute directory the patterns are relative to
    spec: pathspec.PathSpec

    @classmethod
    def of(cls, root: str, patterns: Sequence[str]) -> Anchored | None:
        lines = [p for p in patterns if p.strip()]
        if not lines:
            return None
        return cls(os.path.abspath(root), compile_patterns(lines, "exclude"))

    def excludes(self, path: str, is_dir: bool = False) -> bool:
        """Whether ``path`` (absolute, or relative to the working directory) is excluded."""
        relative = os.path.relpath(os.path.abspath(path), self.root)
        if relative == os.curdir or _outside(relative):
            return False
        return self._match(relative.replace(os.sep, "/"), is_dir)

    def matcher(self, scan_root: str) -> Callable[[str, bool], bool]:
        """A test for paths relative to ``scan_root`` ('/'-separated), computed once per walk."""
        here = os.path.relpath(os.path.abspath(scan_root), self.root)
        if here == os.curdir:
            return self._match
        if not _outside(here):  # the walk is inside the anchor: prefix its relative paths
            prefix = here.replace(os.sep, "/") + "/"
            return lambda rel, is_dir: self._match(prefix + rel, is_dir)
        inner = os.path.relpath(self.root, os.path.abspath(scan_root))
        if _outside(inner):
            return lambda rel, is_dir: False  # unrelated trees: the patterns do not apply
        head = inner.replace(os.sep, "/") + "/"  # the anchor is inside the walk
        return lambda rel, is_dir: rel.startswith(head) and self._match(rel[len(head) :], is_dir)

    def _match(self, relative: str, is_dir: bool) -> bool:
        return self.spec.match_file(relative + "/" if is_dir else relative)


def _outside(relative: str) -> bool:
    return (
        relative == os.pardir or relative.startswith(os.pardir + os.sep) or os.path.isabs(relative)
    )


def invalid_pattern(line: str) -> str:
    """Why a gitignore-syntax pattern cannot be used ("!", a trailing "\\", "[z-a]"), or ""."""
    import pathspec

    try:
        pathspec.GitIgnoreSpec.from_lines([line])
    except (ValueError, re.error) as exc:  # pathspec's GitIgnorePatternError, or its regex's
        return str(exc)
    return ""


def compile_patterns(lines: Sequence[str], where: str) -> pathspec.PathSpec:
    """The patterns as one spec; ConfigError naming ``where`` and the first invalid one."""
    bad = next(((line, why) for line in lines if (why := invalid_pattern(line))), None)
    if bad is not None:
        raise ConfigError(f"{where}: {bad[0]!r} is not a valid pattern ({bad[1]})")
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines)


def lenient_patterns(lines: Iterable[str]) -> pathspec.PathSpec:
    """A scanned .gitignore's patterns without its invalid lines (git matches nothing with them)."""
    import pathspec

    kept = list(lines)
    try:
        return pathspec.GitIgnoreSpec.from_lines(kept)
    except (ValueError, re.error):
        valid = [line for line in kept if not invalid_pattern(line)]
        return pathspec.GitIgnoreSpec.from_lines(valid)
