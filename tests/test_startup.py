"""Start-up stays small: a scan of a few files imports libcst, tomlkit and the CI reporters only
when a file or an option needs them (tests/bench/startup.py measures the latency)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.bench.startup import FILES, HEAVY, modules


def imported(tmp_path: Path, *args: str) -> set[str]:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "setup.py").write_text(
        'from setuptools import setup\nsetup(url="https://pypi.python.org/pypi/x")\n'
    )
    names = modules(sys.executable, ["scan", *args], tmp_path)
    assert "mirror_audit.api" in names  # the probe sees the run's imports
    return {
        n.split(".")[0] if n.startswith(("libcst", "tomlkit")) else n
        for n in names
        if n.startswith(HEAVY)
    }


CASES = [
    pytest.param(list(FILES), set(), id="five-files-import-nothing-heavy"),
    pytest.param(
        ["--format", "sarif", *FILES],
        {"mirror_audit.report.sarif", "mirror_audit.baseline", "hashlib"},  # fingerprints
        id="sarif-imports-its-reporter",
    ),
    pytest.param(
        ["--format", "github", *FILES],
        {"mirror_audit.report.github"},
        id="github-imports-its-reporter",
    ),
    pytest.param(
        ["--write-baseline", "b.json", *FILES],
        {"mirror_audit.baseline", "hashlib", "pathlib"},
        id="baseline-when-asked",
    ),
    pytest.param(["setup.py"], {"libcst", "pathlib"}, id="setup-py-needs-libcst"),
    pytest.param(["--fix", *FILES], {"mirror_audit.write", "hashlib"}, id="fix-imports-the-writer"),
]


@pytest.mark.parametrize(("args", "heavy"), CASES)
def test_heavy_modules_only_when_needed(tmp_path: Path, args: list[str], heavy: set[str]) -> None:
    assert imported(tmp_path, "--isolated", *args) == heavy
