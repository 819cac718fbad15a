"""Big and deep inputs: time stays linear and memory stays bounded.

The bound (README "Hostile input"): a scan holds one file at a time, so its peak memory is the
interpreter (about 25 MB) plus a small multiple of the largest file it reads, which is at most
--max-file-size (10 MiB by default). Larger files are skipped by their size before a byte is
read, and a binary file is known from its first 64 KiB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.hostile.runner import GOOD, GOOD_TEXT, scan

LEGACY = "https://pypi.python.org/simple"
FILE_BOUND_MB = 150  # the interpreter and one 10 MiB file read whole: measured 75 MB
FINDING_KB = 1  # per finding kept in the report and rendered: 20,000 took 35 MB in all

# The scan's peak resident set, from getrusage: what the kernel saw, not an estimate. NOTE: a
# small process starts the scan and reads RUSAGE_CHILDREN: on Linux ru_maxrss survives exec, so
# a scan forked straight from pytest would report pytest's own size.
PEAK = """
import resource, subprocess, sys
done = subprocess.run([sys.executable, "-m", "mirror_audit", *sys.argv[1:]], stderr=subprocess.PIPE)
sys.stderr.write(done.stderr.decode("utf-8", "replace"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr)
"""


def peak_mb(*args: str) -> tuple[int, str]:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            PEAK,
            "scan",
            "--isolated",
            "--format",
            "json",
            "-o",
            os.devnull,
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = done.stderr.strip().splitlines()
    assert lines and lines[-1].isdigit(), done.stderr
    return int(lines[-1]), done.stderr


def test_huge_files_are_skipped_without_being_read(tmp_path: Path) -> None:
    with open(tmp_path / "requirements-huge.txt", "wb") as handle:
        handle.truncate(1 << 30)
    with open(tmp_path / "notes.txt", "wb") as handle:
        handle.truncate(200 << 20)
    started = time.monotonic()
    peak, _ = peak_mb(str(tmp_path))
    assert peak < 60, peak
    assert time.monotonic() - started < 10


def test_a_raised_limit_still_knows_a_binary_from_its_first_block(tmp_path: Path) -> None:
    with open(tmp_path / "requirements-huge.txt", "wb") as handle:
        handle.truncate(1 << 30)  # NUL bytes: read whole, this took 2.1 GB and 33 s
    peak, _ = peak_mb("--max-file-size", "2G", str(tmp_path))
    assert peak < 60, peak


def test_memory_of_a_file_at_the_size_limit(tmp_path: Path) -> None:
    for name in ("requirements.txt", "notes.sh"):  # read whole; streamed by the prefilter
        (tmp_path / name.replace(".", "-dir.")).mkdir()
        text = "x" * ((10 << 20) - 100) + f" -i {LEGACY}\n"  # one 10 MiB line
        (tmp_path / name.replace(".", "-dir.") / name).write_text(text)
    peak, stderr = peak_mb(str(tmp_path))
    assert "Traceback" not in stderr
    assert peak < FILE_BOUND_MB, peak  # measured: 75 to 86 MB


def test_a_large_text_file_is_scanned_in_parts(tmp_path: Path) -> None:
    # 9.5 MB of UTF-8 with emoji, 4 bytes a character once decoded: read whole, it peaked at 78 MB
    line = "2026-12-04 INFO worker \U0001f600 handled a request \U0001f680 caf\xe9 ok\n"
    lines = (9_500_000 // len(line.encode())) + 1
    with open(tmp_path / "worker.log", "w", encoding="utf-8") as handle:
        for index in range(lines):
            handle.write(line if index != lines - 5 else f"pip install -i {LEGACY} app\n")
    peak, stderr = peak_mb(str(tmp_path))
    assert "Traceback" not in stderr
    assert peak < 60, peak  # measured: 29 MB
    done = scan(str(tmp_path))
    assert [f["line"] for f in done.report["findings"]] == [lines - 4]


def test_memory_per_finding(tmp_path: Path) -> None:
    # The report keeps every finding: a file packed with references costs about 0.5 KB each.
    count = 20_000
    (tmp_path / "requirements.txt").write_text(f"{LEGACY} --use-mirrors " * (count // 2))
    started = time.monotonic()
    peak, _ = peak_mb(str(tmp_path))
    assert peak < 60 + count * FINDING_KB // 1024, peak
    assert time.monotonic() - started < 30  # linear: one 10 MiB line of 400,000 took 34 s


def test_100000_line_requirements_file_is_linear(tmp_path: Path) -> None:
    lines = [f"package{i}==1.{i} --hash=sha256:{i:064x}" for i in range(100_000)]
    lines[::1000] = [f"-i {LEGACY}"] * 100
    (tmp_path / GOOD).write_text("\n".join(lines) + "\n")
    started = time.monotonic()
    run = scan(str(tmp_path))
    elapsed = time.monotonic() - started
    run.check_survived()
    assert len(run.report["findings"]) == 100
    assert elapsed < 30, elapsed


def test_a_tree_1000_levels_deep(tmp_path: Path) -> None:
    levels = [str(tmp_path / "/".join(["d"] * n)) for n in range(1, 1001)]
    try:
        for level in levels:  # pathlib's mkdir(parents=True) recurses once per level: too deep
            os.mkdir(level)
        Path(levels[-1], GOOD).write_text(GOOD_TEXT)
        (tmp_path / GOOD).write_text(GOOD_TEXT)
        run = scan(str(tmp_path))
        run.check_survived()
        assert run.found("/d" * 1000 + "/" + GOOD)
        assert not run.errors
    finally:  # NOTE: pytest's own clean-up (shutil.rmtree) recurses per level and would fail
        Path(levels[-1], GOOD).unlink(missing_ok=True)
        for level in reversed(levels):
            if os.path.isdir(level):
                os.rmdir(level)


def test_100000_entries_in_one_directory(tmp_path: Path) -> None:
    crowd = tmp_path / "crowd"
    crowd.mkdir()
    for i in range(100_000):
        (crowd / f"f{i:06d}.cfg").touch()
    (crowd / "requirements.txt").write_text(GOOD_TEXT)
    started = time.monotonic()
    run = scan(str(tmp_path))
    run.check_survived()
    assert run.report["summary"]["files_seen"] == 100_001 and not run.errors
    assert time.monotonic() - started < 60
