"""SIGKILL at each exact point of a write, in a real ``mirror-audit scan --fix`` process.

test_interrupted.py kills at random moments; here a ``sitecustomize`` loaded into the process
(through PYTHONPATH) sends the process SIGKILL at the Nth call of one ``os`` function that
write.py makes, before or after it runs: with new content on disk but not in place, just
before and just after the rename, with a journal down, between the in-place write and its
truncate, before the journal is removed. Every file must then be the original or the complete
fixed version, except a hard-linked file killed between its write and its truncate: that one
may be torn, and its journal must be there. The next run must leave every file fixed, no stray
behind, and say what it cleaned up.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from .trees import Expected, check_after_kill, check_whole, cli, expected, strays, torn_files

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")

_HOOK = """\
import os, signal, stat

_FUNCTION, _WHEN, _TEST, _NTH = {function!r}, {when!r}, {test!r}, {nth!r}
_real = getattr(os, _FUNCTION)
_seen = []


def _linked(fd):
    info = os.fstat(fd)
    return stat.S_ISREG(info.st_mode) and info.st_nlink > 1


def _temp(fd):
    info = os.fstat(fd)
    return stat.S_ISREG(info.st_mode) and info.st_nlink == 1


def _matches(args):
    if _TEST == "any":
        return True
    if _TEST == "journal":
        return "mirror-audit-orig" in str(args[-1])
    if _TEST == "not-journal":
        return "mirror-audit-orig" not in str(args[-1])
    return {{"linked": _linked, "temp": _temp}}[_TEST](args[0])


def _hooked(*args, **kwargs):
    hit = _matches(args)
    if hit:
        _seen.append(1)
    if hit and len(_seen) == _NTH and _WHEN == "before":
        os.kill(os.getpid(), signal.SIGKILL)
    result = _real(*args, **kwargs)
    if hit and len(_seen) == _NTH and _WHEN == "after":
        os.kill(os.getpid(), signal.SIGKILL)
    return result


setattr(os, _FUNCTION, _hooked)
"""

# (name, os function, before/after the call, which calls, may a hard-linked file be torn)
POINTS = [
    ("temp-written", "fsync", "after", "temp", False),
    ("before-rename", "replace", "before", "not-journal", False),
    ("after-rename", "replace", "after", "not-journal", False),
    ("journal-down", "replace", "after", "journal", False),
    ("in-place-written", "ftruncate", "before", "linked", True),
    ("in-place-synced", "fsync", "after", "linked", False),
    ("before-journal-removed", "unlink", "before", "journal", False),
]


@pytest.fixture(scope="module")
def want(tmp_path_factory: pytest.TempPathFactory) -> Expected:
    return expected(tmp_path_factory.mktemp("expected"), count=2)


def _run(tree: Path, hook: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if hook is not None:
        env["PYTHONPATH"] = str(hook)
    argv = cli("scan", "--fix", "--isolated", "--format", "json", str(tree))
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("nth", [1, 2], ids=["first-call", "second-call"])
@pytest.mark.parametrize(
    ("function", "when", "test", "torn_ok"),
    [pytest.param(*point[1:], id=point[0]) for point in POINTS],
)
def test_sigkill_at_each_point_of_a_write(
    tmp_path: Path, want: Expected, function: str, when: str, test: str, torn_ok: bool, nth: int
) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        _HOOK.format(function=function, when=when, test=test, nth=nth)
    )
    tree = want.fresh(tmp_path / "tree")
    killed = _run(tree, hook)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    torn = torn_files(tree, want)
    assert bool(torn) == torn_ok, f"torn: {torn}"  # the window exists, and only there
    left = check_after_kill(tree, want)
    rerun = _run(tree)
    assert rerun.returncode in (0, 1) and "Traceback" not in rerun.stderr, rerun.stderr
    check_whole(tree, want)
    assert [n for n in want.changing if (tree / n).read_bytes() != want.fixed[n]] == []
    assert strays(tree) == []
    notes = " ".join(c.get("note", "") for c in json.loads(rerun.stdout).get("changes", []))
    assert len(left) == notes.count("interrupted run"), (left, notes)
