"""The lint settings in pyproject.toml hold over the whole tree: ruff on scanner/ and tests/, mypy
on scanner/. No cache is written into the tree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    result = run("ruff", "check", "--no-cache", "scanner", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing(tmp_path: Path) -> None:
    result = run("mypy", "--cache-dir", str(tmp_path), "scanner")
    assert result.returncode == 0, result.stdout + result.stderr
