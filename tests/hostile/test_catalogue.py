"""The catalogue of bad input: each item, the real command line on it, and its stated outcome.

Every case plants one hostile thing next to a good requirements file and runs
``mirror-audit scan`` in a real process. The outcome is the same for all: the good file's
finding is reported (the scan went on), exit code 1, no traceback, and the report's errors hold
exactly the lines the table states (one per hostile file, or none where nothing is wrong).
"""

from __future__ import annotations

import os
import py_compile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.runner import GOOD, GOOD_TEXT, scan

LEGACY = b"https://pypi.python.org/simple"


@dataclass(frozen=True)
class Case:
    build: Callable[[Path], None]
    errors: tuple[tuple[str, str], ...] = ()  # (category, words in the message), in path order
    found: tuple[str, ...] = ()  # files whose legacy reference is still reported
    absent: tuple[str, ...] = ()  # files never reported (binary, outside the root)
    args: tuple[str, ...] = ()


def wheel(root: Path) -> None:
    with zipfile.ZipFile(root / "app-1.0-py3-none-any.whl", "w") as archive:
        archive.writestr("app/pip.conf", b"[global]\nindex-url = " + LEGACY + b"\n")


def pyc(root: Path) -> None:
    (root / "urls.py.src").write_bytes(b"URL = '" + LEGACY + b"'\n")
    py_compile.compile(str(root / "urls.py.src"), cfile=str(root / "urls.pyc"), doraise=True)
    (root / "urls.py.src").unlink()


def image(root: Path) -> None:
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + LEGACY + b"\x00" * 64)


def unknown_binary(root: Path) -> None:
    (root / "blob").write_bytes(b"\x7fELF\x02\x01\x01\x00" + LEGACY + b"\x00" * 64)


def invalid_utf8(root: Path) -> None:
    (root / "requirements-latin.txt").write_bytes(b"# caf\xe9 \xff\xfe\n-i " + LEGACY + b"\n")


def mixed_encodings(root: Path) -> None:
    text = (
        "# café (UTF-8)\n".encode()
        + b"# caf\xe9 (latin-1)\n[global]\nindex-url = "
        + LEGACY
        + b"\n"
    )
    (root / "pip.conf").write_bytes(text)


def bad_utf16(root: Path) -> None:
    (root / "requirements-16.txt").write_bytes(
        b"\xff\xfe-\x00i\x00 \x00\x00\xd8"
    )  # a lone surrogate


def nul_early(root: Path) -> None:
    (root / "pip.ini").write_bytes(b"[global]\x00\nindex-url = " + LEGACY + b"\n")


def nul_late(root: Path) -> None:
    (root / "requirements-nul.txt").write_bytes(b"# x\n" * 2500 + b"-i " + LEGACY + b"\n\x00\n")


def sparse_gib(root: Path) -> None:
    with open(root / "requirements-huge.txt", "wb") as handle:
        handle.truncate(1 << 30)  # sparse: no disk, no time


def one_line_200mb(root: Path) -> None:
    with open(root / "constraints-line.txt", "wb") as handle:
        block = b"x" * (1 << 20)
        for _ in range(200):
            handle.write(block)
        handle.write(b" " + LEGACY + b"\n")


def include_cycles(root: Path) -> None:
    (root / "requirements-a.txt").write_text("-r requirements-b.txt\n-r requirements-a.txt\n")
    (root / "requirements-b.txt").write_text("-c requirements-a.txt\n-r base.pip\n")
    (root / "base.pip").write_text("-r requirements-b.txt\n-i https://pypi.python.org/simple\n")


def include_outside(root: Path) -> None:
    (root.parent / "outside.txt").write_bytes(b"-i " + LEGACY + b"\n")
    (root / "requirements-up.txt").write_text(
        "-r ../outside.txt\n-r /etc/passwd\n-r /proc/self/environ\n"
    )


def names(root: Path) -> None:
    for name in (
        b"new\nline-requirements.txt",
        b"ctl\x1b[31m\x07-requirements.txt",
        b"bad\xff\xfename-requirements.txt",
        b"--help-requirements.txt",
        b"-rf",
    ):
        with open(os.path.join(os.fsencode(root), name), "wb") as handle:
            handle.write(b"-i " + LEGACY + b"\n")


def symlinks(root: Path) -> None:
    os.symlink("loop-b", root / "loop-a")
    os.symlink("loop-a", root / "loop-b")
    os.symlink("loop-dir", root / "loop-dir")  # a link to itself
    os.mkdir(root / "sub")
    os.symlink("..", root / "sub" / "up")  # a loop through a directory
    os.symlink("nowhere.txt", root / "dangling-requirements.txt")
    os.symlink("/proc", root / "proc")
    os.symlink("/proc/self/mem", root / "mem-requirements.txt")


CATALOGUE = {
    "wheel": Case(wheel, absent=(".whl",)),
    "pyc": Case(pyc, absent=(".pyc",)),
    "image": Case(image, absent=(".png",)),
    "binary-without-suffix": Case(unknown_binary, absent=("blob",)),
    "invalid-utf-8": Case(invalid_utf8, found=("requirements-latin.txt",)),
    "mixed-encodings": Case(mixed_encodings, found=("pip.conf",)),
    "utf-16-bom-then-garbage": Case(
        bad_utf16, errors=(("undecodable", "not valid utf-16-le after its BOM"),)
    ),
    "nul-in-first-8k": Case(nul_early, absent=("pip.ini",)),
    "nul-after-8k": Case(nul_late, found=("requirements-nul.txt",)),
    "1-gib-sparse": Case(sparse_gib, errors=(("too-large", "larger than the size limit"),)),
    "200-mb-one-line": Case(one_line_200mb, errors=(("too-large", "larger than the size limit"),)),
    "include-cycles": Case(include_cycles, found=("base.pip",)),
    "include-outside-root": Case(include_outside, absent=("outside.txt", "passwd", "environ")),
    "file-names": Case(
        names,
        errors=(("name", "not valid UTF-8"),),
        found=(
            "new\nline-requirements.txt",
            "ctl\x1b[31m\x07-requirements.txt",
            "bad\udcff\udcfename-requirements.txt",
            "--help-requirements.txt",
            "-rf",
        ),
    ),
    "symlinks-not-followed": Case(
        symlinks, absent=("dangling-requirements.txt", "mem-requirements.txt")
    ),
    "symlinks-followed": Case(
        symlinks,
        errors=(
            ("unreadable", "dangling symbolic link"),
            ("unreadable", "symbolic link loop"),
            ("unreadable", "symbolic link loop"),
            ("unreadable", "symbolic link loop"),
            ("unreadable", "Input/output error"),
            ("filesystem", "a kernel view: not entered"),
            ("special", "already walked"),
        ),
        args=("--follow-symlinks",),
    ),
}


@pytest.mark.parametrize("case", CATALOGUE.values(), ids=CATALOGUE.keys())
def test_catalogue(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    root.mkdir()
    (root / GOOD).write_text(GOOD_TEXT)
    case.build(root)
    run = scan(*case.args, "--", str(root))
    run.check_survived()
    left = [(e["category"], e["message"]) for e in run.errors]
    for category, words in case.errors:  # each stated line matches one error, none is left over
        match = next((e for e in left if e[0] == category and words in e[1]), None)
        assert match is not None, (category, words, left)
        left.remove(match)
    assert not left, left
    for name in case.found:
        assert run.found(name), (name, run.report["findings"])
    for name in case.absent:
        assert not run.found(name) and not any(name in e["path"] for e in run.errors), name


def test_file_names_never_reach_a_terminal_raw(tmp_path: Path) -> None:
    names(tmp_path)
    run = scan("--", str(tmp_path), fmt="text")
    assert run.code == 1 and "Traceback" not in run.stderr
    assert "\x1b" not in run.stdout and "\x07" not in run.stdout
    assert "new\\nline-requirements.txt" in run.stdout
    assert not any(line.startswith("line-requirements.txt") for line in run.stdout.splitlines())
