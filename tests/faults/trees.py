"""A tree to fix, the end state one undisturbed run gives it, and the check every fault test makes.

Each fault test fixes a copy of the same small tree while something goes wrong, then asks of every
file: is it byte for byte the original or byte for byte what an undisturbed run writes? Nothing
in between, no stray temporary file, and no other file touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from mirror_audit import api, write

SCRIPT = "pip install --use-mirrors -i https://pypi.python.org/simple pkg{n}\n"
REQUIREMENTS = (
    "--index-url https://pypi.python.org/simple\n--trusted-host b.pypi.python.org\npkg{n}\n"
)
PIP_CONF = "[global]\nindex-url = http://pypi.python.org/simple\n"
CLEAN = "pip install pkg{n}\n"  # nothing to fix: never written


def plant(root: Path, count: int = 1) -> None:
    """``count`` copies of each layout: a plain file (atomic replace), a file with two hard links
    (rewritten in place under a journal), a pip.conf in a directory of its own, a clean file."""
    for n in range(count):
        (root / "scripts").mkdir(parents=True, exist_ok=True)
        (root / "scripts" / f"s{n:03}.sh").write_text(SCRIPT.format(n=n))
        (root / "req").mkdir(exist_ok=True)
        (root / "req" / f"requirements-{n:03}.txt").write_text(REQUIREMENTS.format(n=n))
        linked = root / "linked" / f"l{n:03}.sh"
        linked.parent.mkdir(exist_ok=True)
        linked.write_text(SCRIPT.format(n=n + 1000))
        os.link(linked, root / "linked" / f"l{n:03}-other.sh")
        conf = root / "conf" / f"c{n:03}" / "pip.conf"
        conf.parent.mkdir(parents=True, exist_ok=True)
        conf.write_text(PIP_CONF)
        (root / f"clean-{n:03}.sh").write_text(CLEAN.format(n=n))


def contents(root: Path) -> dict[str, bytes]:
    """Every regular file under ``root`` by relative path (symbolic links by their target)."""
    found = {}
    for directory, _, names in os.walk(root):
        for name in names:
            path = Path(directory, name)
            key = path.relative_to(root).as_posix()
            found[key] = (
                b"-> " + os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
            )
    return found


@dataclass(frozen=True)
class Expected:
    """The original tree (planted in ``source``), and what an undisturbed ``scan --fix`` makes."""

    source: Path
    original: dict[str, bytes]
    fixed: dict[str, bytes]

    @property
    def changing(self) -> list[str]:
        return sorted(k for k in self.original if self.original[k] != self.fixed[k])

    def fresh(self, target: Path) -> Path:
        """A new copy of the original tree at ``target``."""
        return copy(self.source, target)


def expected(make: Path, count: int = 1, backup: str | None = None) -> Expected:
    """Plant a tree in ``make``/original, fix a copy of it undisturbed; both states."""
    original, reference = make / "original", make / "reference"
    plant(original, count)
    shutil.copytree(original, reference, symlinks=True)
    report = api.fix([str(reference)], backup=backup)
    assert not report.errors, report.errors
    before, after = contents(original), contents(reference)
    return Expected(original, before, {name: after[name] for name in before})


def copy(source: Path, target: Path) -> Path:
    """A fresh copy with the hard links kept (shutil.copytree would split them)."""
    subprocess.run(["cp", "-a", str(source), str(target)], check=True)
    return target


def strays(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if write.STRAY.match(p.name))


def check_whole(root: Path, want: Expected, backup: str | None = None) -> dict[str, str]:
    """Assert each file is the original or the fixed version; (path -> "original"/"fixed").

    Temporary files and journals are not looked at here: each test says which it may leave."""
    now = {k: v for k, v in contents(root).items() if not write.STRAY.match(k.rsplit("/")[-1])}
    if backup:  # a backup holds the original, whole
        for name in [n for n in now if n.endswith(backup)]:
            assert now.pop(name) == want.original[name[: -len(backup)]], name
    extra, gone = set(now) - set(want.original), set(want.original) - set(now)
    assert not extra and not gone, f"files nobody asked for: {extra}; files gone: {gone}"
    state = {}
    for name, data in now.items():
        if data == want.original[name]:
            state[name] = "original"
        elif data == want.fixed[name]:
            state[name] = "fixed"
        else:
            raise AssertionError(f"{name} is neither the original nor the fixed version: {data!r}")
    linked = [n for n in now if n.startswith("linked/") and not n.endswith("-other.sh")]
    for name in linked:  # hard links stay one file
        other = name.replace(".sh", "-other.sh")
        assert os.path.samefile(root / name, root / other), name
    return state


def cli(*args: str) -> list[str]:
    """argv for a real ``mirror-audit`` process (the console script of this interpreter)."""
    script = Path(sys.executable).with_name("mirror-audit")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "mirror_audit"]
    return [*head, *args]


def torn_files(root: Path, want: Expected) -> set[str]:
    """Files that are neither the original nor the fixed version."""
    return {
        name
        for name in want.changing
        if (root / name).read_bytes() not in (want.original[name], want.fixed[name])
    }


def check_after_kill(root: Path, want: Expected) -> list[str]:
    """After a SIGKILL: every file whole, except a hard-linked one killed between its in-place
    write and its truncate, torn beside the journal that restores it; the strays left."""
    left = strays(root)
    torn = torn_files(root, want)
    journals = [Path(s).parent for s in left if write.JOURNAL_TAG in s]
    for name in torn:
        assert Path(name).parent in journals, f"{name} is torn and no journal is beside it"
    if not torn:
        check_whole(root, want)
    return left
