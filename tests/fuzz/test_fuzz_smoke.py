"""A short coverage-guided run over every extractor, when atheris is installed (a few seconds)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("atheris", reason="atheris is not installed (pip install atheris)")


def test_a_short_fuzz_run_over_every_extractor() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.fuzz.run", "--runs", "3000", "all"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert done.stdout.strip() == "all: 3000 executions, ok"
