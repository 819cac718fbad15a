"""A directory the run may not write, and a read-only filesystem: real ones, real processes.

Permission denied: the tree's directories are made 0o555 (its files 0o666: only the directory
refuses); as root (the CI), whom permissions do not stop, the ``mirror-audit`` process runs
without CAP_DAC_OVERRIDE (``setpriv``), so the permission bits hold for it too.
Read-only filesystem: a read-only bind mount of the tree in a mount namespace of its own
(``unshare --mount``, root only). Each is skipped, saying why, where the machine cannot make
it; the same errors injected at every step are in test_write_steps.py, which always runs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .trees import Expected, check_whole, cli, expected, strays


@pytest.fixture(scope="module")
def want(tmp_path_factory: pytest.TempPathFactory) -> Expected:
    return expected(tmp_path_factory.mktemp("expected"), count=2)


def _report(run: subprocess.CompletedProcess[str]) -> dict[str, object]:
    assert run.returncode in (0, 1), run.stdout + run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    report: dict[str, object] = json.loads(run.stdout)
    return report


def _assert_all_refused(report: dict[str, object], want: Expected, why: str) -> None:
    changes = report["changes"]
    assert isinstance(changes, list)
    refused = {c["path"]: c.get("error", "") for c in changes}
    for name in want.changing:
        path = next((p for p in refused if p.endswith("/" + name)), None)
        assert path is not None, f"{name}: not in the report: {changes}"
        assert why in refused[path], refused[path]


@pytest.fixture
def tree(tmp_path: Path, want: Expected) -> Iterator[Path]:
    tree = want.fresh(tmp_path / "tree")
    try:
        yield tree
    finally:  # writable again, for pytest to remove
        for directory, _, _ in os.walk(tree):
            os.chmod(directory, 0o755)


# As root: the same process without the capabilities that let root past file permissions.
_NO_OVERRIDE = ["setpriv", "--inh-caps=-dac_override,-dac_read_search,-fowner",
                "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]  # fmt: skip


def test_a_directory_the_run_may_not_write(tree: Path, want: Expected) -> None:
    argv = cli("scan", "--fix", "--isolated", "--format", "json", str(tree))
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("as root, and no setpriv to drop CAP_DAC_OVERRIDE")
        argv = [*_NO_OVERRIDE, *argv]
    for path in tree.rglob("*"):
        if path.is_file():
            path.chmod(0o666)  # the files could be written: only their directory refuses
    for directory, _, _ in os.walk(tree):
        os.chmod(directory, 0o555)
    run = subprocess.run(argv, capture_output=True, text=True)
    report = _report(run)
    state = check_whole(tree, want)
    assert set(state.values()) == {"original"} and strays(tree) == []
    _assert_all_refused(report, want, "Permission denied")
    assert run.returncode == 1  # the legacy references are still there


def _can_mount_read_only(probe: Path) -> str:
    """Why a read-only bind mount cannot be made here, or ""."""
    if shutil.which("unshare") is None or os.geteuid() != 0:
        return "needs root and unshare"
    probe.mkdir()
    made = subprocess.run(
        ["unshare", "--mount", "--", "sh", "-c", _READ_ONLY + ' ! touch "$1/x"', "sh", str(probe)],
        capture_output=True,
        text=True,
    )
    return "" if made.returncode == 0 else f"cannot mount here: {made.stderr.strip()}"


# Bind the directory onto itself read-only, in this process's own mount namespace only.
_READ_ONLY = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" &&'


def test_a_read_only_filesystem(tmp_path: Path, want: Expected) -> None:
    why_not = _can_mount_read_only(tmp_path / "probe")
    if why_not:
        pytest.skip(why_not)
    tree = want.fresh(tmp_path / "tree")
    argv = cli("scan", "--fix", "--isolated", "--format", "json", str(tree))
    run = subprocess.run(
        ["unshare", "--mount", "--", "sh", "-c", _READ_ONLY + ' shift; exec "$@"', "sh", str(tree),
         *argv],
        capture_output=True, text=True,
    )  # fmt: skip
    report = _report(run)
    state = check_whole(tree, want)
    assert set(state.values()) == {"original"} and strays(tree) == []
    _assert_all_refused(report, want, "Read-only file system")
