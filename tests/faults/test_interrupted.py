"""Real ``mirror-audit scan --fix`` processes killed mid-run, their strays, and two runs at once.

The runs write with MIRROR_AUDIT_TEST_WRITE_DELAY set (write.DELAY_ENV: a short sleep with the
new content on disk, before it replaces the original), so that a kill at a random moment often
lands while a temporary file or a journal exists.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mirror_audit import write

from .trees import Expected, check_after_kill, check_whole, cli, expected, strays

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")

FILES = 12  # copies of each layout: 72 files, 48 to fix (12 of them in place, hard-linked)
KILLS = 6
SEED = int(os.environ.get("MIRROR_AUDIT_KILL_SEED", "20261203"))


@pytest.fixture(scope="module")
def want(tmp_path_factory: pytest.TempPathFactory) -> Expected:
    return expected(tmp_path_factory.mktemp("expected"), count=FILES)


def _fix(tree: Path, delay: float = 0.0) -> subprocess.Popen[str]:
    env = {**os.environ, write.DELAY_ENV: str(delay)} if delay else dict(os.environ)
    argv = cli("scan", "--fix", "--isolated", "--format", "json", str(tree))
    return subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _finish(run: subprocess.Popen[str]) -> dict[str, object]:
    out, err = run.communicate(timeout=300)
    assert run.returncode in (0, 1) and "Traceback" not in err, err
    report: dict[str, object] = json.loads(out)
    return report


def _all_fixed(tree: Path, want: Expected) -> None:
    state = check_whole(tree, want)
    assert [n for n in want.changing if state[n] != "fixed"] == []
    assert strays(tree) == []


def _notes(report: dict[str, object]) -> str:
    changes = report.get("changes", [])
    assert isinstance(changes, list)
    return "\n".join(str(c.get("note", "")) for c in changes)


def test_sigkill_at_random_moments_leaves_whole_files_and_the_next_run_finishes(
    tmp_path: Path, want: Expected
) -> None:
    delay = 0.02  # most of a run is then spent with new content on disk, not yet in place
    timed = want.fresh(tmp_path / "timed")
    run = _fix(timed, delay)
    _wait_for_writes(run, timed, want)
    started = time.monotonic()
    _finish(run)
    writing = time.monotonic() - started  # how long the writes of an undisturbed run take
    _all_fixed(timed, want)
    chance = random.Random(SEED)
    stranded = []
    for kill in range(KILLS):
        tree = want.fresh(tmp_path / f"kill{kill}")
        at = chance.uniform(0.0, 0.9) * writing
        run = _fix(tree, delay)
        _wait_for_writes(run, tree, want)
        time.sleep(at)
        run.send_signal(signal.SIGKILL)
        run.communicate()
        where = f"kill {kill} at {at:.2f}s of {writing:.2f}s of writes (seed {SEED})"
        left = check_after_kill(tree, want)  # every file whole, whatever the moment
        stranded += left
        rerun = _finish(_fix(tree))
        _all_fixed(tree, want)
        notes = _notes(rerun)
        for name in left:  # each removed (or a journal's file restored), and said so
            assert os.path.basename(name) in notes or "journal" in notes, (where, name, notes)
    assert stranded, f"no kill landed while a temporary file existed (seed {SEED})"


def _wait_for_writes(run: subprocess.Popen[str], tree: Path, want: Expected) -> None:
    """Until the run has begun to write (a stray or a changed file), or has ended."""
    deadline = time.monotonic() + 120
    while run.poll() is None and time.monotonic() < deadline:
        if strays(tree) or any((tree / n).read_bytes() != want.original[n] for n in want.changing):
            return
        time.sleep(0.005)


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_run_removes_only_its_own_stale_strays(tmp_path: Path, want: Expected) -> None:
    tree = want.fresh(tmp_path / "tree")
    scripts = tree / "scripts"
    dead = _dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        ours = {  # left by a run that is gone: removed
            f".s000.sh.{write.TEMP_TAG}-{dead}-0a1b2c3d": b"pip install -i https://pypi",
            f".s001.sh.{write.TEMP_TAG}-{dead}-ff": b"",
        }
        others = {  # a live run's, or not named as ours: kept, byte for byte
            f".s002.sh.{write.TEMP_TAG}-{live.pid}-0a1b2c3d": b"a run that is still going\n",
            f".s003.sh.{write.TEMP_TAG}-{dead}-0A1B2C3D": b"upper-case hex: not ours\n",
            f"s004.sh.{write.TEMP_TAG}-{dead}-0a1b2c3d": b"no leading dot: not ours\n",
            f".s005.sh.editor-tmp-{dead}-0a1b2c3d": b"an editor's\n",
            f".s006.sh.{write.TEMP_TAG}-x{dead}-0a1b2c3d": b"no pid\n",
            f".s007.sh.{write.TEMP_TAG}-{dead}-0a1b2c3d.swp": b"a suffix after ours\n",
        }
        reused = f".s010.sh.{write.TEMP_TAG}-{live.pid}-0a1b2c3d"  # written before live started
        if sys.platform.startswith("linux"):  # where a reused pid can be told (/proc)
            ours[reused] = b"an hour old\n"
        for name, data in {**ours, **others}.items():
            (scripts / name).write_bytes(data)
        if reused in ours:
            os.utime(scripts / reused, (time.time() - 3600,) * 2)
        (scripts / f".s008.sh.{write.TEMP_TAG}-{dead}-0a1b2c3d").mkdir()  # not a file: not ours
        victim = tmp_path / "victim"
        victim.write_bytes(b"keep\n")
        (scripts / f".s009.sh.{write.TEMP_TAG}-{dead}-0a1b2c3d").symlink_to(victim)
        report = _finish(_fix(tree))
        names = {p.name for p in scripts.iterdir()}
        assert not set(ours) & names, names
        for name, data in others.items():
            assert (scripts / name).read_bytes() == data, name
        assert (scripts / f".s008.sh.{write.TEMP_TAG}-{dead}-0a1b2c3d").is_dir()
        assert (scripts / f".s009.sh.{write.TEMP_TAG}-{dead}-0a1b2c3d").is_symlink()
        assert victim.read_bytes() == b"keep\n"
        notes = _notes(report)
        assert all(f"removed {name}" in notes for name in ours), notes
        assert not any(name in notes for name in others) and ".s008" not in notes, notes
        assert ".s009" not in notes, notes
        for name in want.changing:  # and it finished the job
            assert (tree / name).read_bytes() == want.fixed[name], name
    finally:
        live.kill()
        live.wait()


@pytest.mark.parametrize("delay", [0.0, 0.003], ids=["full-speed", "slowed-writes"])
def test_two_concurrent_runs_end_as_one_run_would(
    tmp_path: Path, want: Expected, delay: float
) -> None:
    tree = want.fresh(tmp_path / "tree")
    runs = [_fix(tree, delay) for _ in range(2)]
    reports = [_finish(run) for run in runs]
    _all_fixed(tree, want)  # byte for byte the single run's end state, nothing left behind
    for report in reports:  # a file the other run got to first is refused, and said so
        errors = report["errors"]
        assert isinstance(errors, list)
        for error in errors:
            assert error["category"] == "fix" and "changed since it was read" in error["message"]
    written = [
        {c["path"] for c in r.get("changes", []) if c.get("written")}  # type: ignore[union-attr]
        for r in reports
    ]
    assert written[0] | written[1], "neither run wrote anything"


@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_an_in_place_write_waits_for_another_runs_and_then_sees_it(tmp_path: Path) -> None:
    """Two runs on one hard-linked file: the second waits for the first's lock, then finds the
    file changed and keeps it, instead of writing between the other's write and truncate."""
    import fcntl
    import threading

    old = b"pip install --use-mirrors -i https://pypi.python.org/simple x\n"
    other = b"pip install -i https://pypi.org/simple/ x  # the other run's\n"
    target = tmp_path / "install.sh"
    target.write_bytes(old)
    os.link(target, tmp_path / "second-link.sh")
    snapshot = write.Snapshot.of(os.stat(target), old)
    result: list[str] = []
    with open(target, "r+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # the other run, mid-write
        second = threading.Thread(
            target=lambda: result.append(
                write.write_fixed(str(target), snapshot, b"fixed\n", [str(tmp_path)])
            )
        )
        second.start()
        deadline = time.monotonic() + 30
        while not strays(tmp_path) and time.monotonic() < deadline:  # its journal is down
            time.sleep(0.005)
        time.sleep(0.2)
        assert second.is_alive() and target.read_bytes() == old  # waiting, nothing written
        held.write(other)
        held.truncate()
        held.flush()
    second.join(30)
    assert result == ["changed since it was read: not written (run again)"]
    assert target.read_bytes() == other and strays(tmp_path) == []
