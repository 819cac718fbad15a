"""Every input in tests/fuzz/crashes/ replayed through its kind's fuzz target: no crash, no hang.

Each runs in a child process: a segfault (libcst on 5,000 nested brackets) must fail this test,
not end the test run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fuzz.targets import KINDS

CRASHES = sorted(p for p in (Path(__file__).parent / "crashes").iterdir() if p.name != "README.md")
REPLAY = (
    "import sys; from tests.fuzz.targets import target; "
    "target(sys.argv[1])(open(sys.argv[2], 'rb').read())"
)


def kind_of(path: Path) -> str:
    return max((k for k in [*KINDS, "all"] if path.name.startswith(k + "-")), key=len)


def test_every_kept_input_names_its_kind() -> None:
    assert CRASHES and all(kind_of(p) for p in CRASHES)


@pytest.mark.parametrize("path", CRASHES, ids=[p.name for p in CRASHES])
def test_kept_crash_input_is_handled(path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", REPLAY, kind_of(path), str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr[-2000:]
