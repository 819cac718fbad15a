"""Run the real command line on a tree and read its JSON report, as a user's script would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Any

GOOD = "requirements.txt"  # planted next to every hostile thing: the scan must still find it
GOOD_TEXT = "-i https://pypi.python.org/simple\n"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str
    report: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[dict[str, str]]:
        return list(self.report.get("errors", []))

    def found(self, name: str) -> bool:
        """A finding in a file whose path ends with ``name``."""
        return any(f["path"].endswith(name) for f in self.report.get("findings", []))

    def check_survived(self) -> None:
        """No traceback, exit 1 (the good file's finding), each error one line."""
        assert "Traceback" not in self.stderr, self.stderr
        assert self.code == 1, (self.code, self.stderr)
        assert self.found("/" + GOOD) or self.found(GOOD), self.report.get("findings")
        for error in self.errors:
            assert "\n" not in error["message"] and "\r" not in error["message"], error


def scan(
    *args: str,
    cwd: str | None = None,
    fmt: str = "json",
    timeout: float = 120,
    isolated: bool = True,
) -> Run:
    """``mirror-audit scan [--isolated] --format FMT ARGS`` in a real process."""
    own = ["--isolated"] if isolated else []
    command = [sys.executable, "-m", "mirror_audit", "scan", *own, "--format", fmt, *args]
    done = subprocess.run(
        command, capture_output=True, cwd=cwd, timeout=timeout, env=os.environ.copy()
    )
    stdout = done.stdout.decode("utf-8", "surrogateescape")
    report = json.loads(stdout) if fmt == "json" and stdout.strip() else {}
    return Run(done.returncode, stdout, done.stderr.decode("utf-8", "replace"), report)
