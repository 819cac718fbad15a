"""kind_of answers as the name table read top to bottom, one pattern at a time, would answer."""

from __future__ import annotations

import fnmatch
import posixpath
import re

from mirror_audit import kinds, write


def _reference(path: str) -> str | None:
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    if posixpath.splitext(name)[1].lower() in kinds.BINARY_SUFFIXES or write.STRAY.match(name):
        return None
    for pattern, kind in kinds._NAME_TABLE:
        subject = "/".join(parts[-(pattern.count("/") + 1) :])
        if re.match(fnmatch.translate(pattern), subject, re.IGNORECASE):
            return kind
    return kinds.TEXT


def _instances(pattern: str) -> list[str]:
    filled = pattern.replace("*", "x1")
    return [filled, f"srv/app/{filled}", filled.upper(), f"a/{pattern.replace('*', '')}"]


PATHS = [path for pattern, _ in kinds._NAME_TABLE for path in _instances(pattern)] + [
    "Pipfile.lock",  # Pipfile.lock before Pipfile.*
    "requirements/dev/base.txt",  # a deeper pattern before *.txt
    "docs/requirements.txt",
    "x/requirements/a/b/c.txt",
    "requirements.txt",
    "etc/environment",
    "environment",
    "C:\\proj\\requirements\\dev.in",
    "pkg/__init__.py",
    "README",
    "archive.tar.gz",
    "node_modules/x/index.js",
]


def test_the_first_matching_row_wins() -> None:
    assert [(p, kinds.kind_of(p)) for p in PATHS] == [(p, _reference(p)) for p in PATHS]
    assert [kinds.kind_of(p) for p in PATHS] == [_reference(p) for p in PATHS]  # and from the cache


def test_a_directory_classifies_its_files_as_kind_of_does() -> None:
    # the walk makes one Folder per directory and asks it for every file name in it
    folders: dict[str, kinds.Folder] = {}
    for path in PATHS:
        directory, _, name = path.replace("\\", "/").rpartition("/")
        folder = folders.setdefault(directory, kinds.Folder(directory))
        assert (path, folder.kind(name)) == (path, _reference(path))
