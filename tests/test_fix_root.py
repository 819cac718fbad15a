"""--fix on an audited system: under --root and with --host it writes the files the scan read."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mirror_audit.cli import main

PIP_CONF = "[global]\nindex-url = https://f.pypi.python.org/simple\n"
REQUIREMENTS = "-i http://pypi.python.org/simple\nclick\n"
FIXED = {
    "etc/pip.conf": "[global]\nindex-url = https://pypi.org/simple/\n",
    "srv/app/requirements.txt": "-i https://pypi.org/simple/\nclick\n",
}

CASES = [
    pytest.param(
        ["--root", "{root}", "--", "/srv"], {"srv/app/requirements.txt"}, id="root-and-a-path"
    ),
    pytest.param(["--host", "--root", "{root}"], {"etc/pip.conf"}, id="host-locations"),
    pytest.param(["--host", "--root", "{root}", "--", "/srv"], set(FIXED), id="host-and-a-path"),
]


@pytest.mark.parametrize(("args", "fixed"), CASES)
def test_fix_writes_inside_the_root(tmp_path: Path, args: list[str], fixed: set[str]) -> None:
    root = tmp_path / "image"
    (root / "etc").mkdir(parents=True)
    (root / "srv" / "app").mkdir(parents=True)
    (root / "etc" / "pip.conf").write_text(PIP_CONF)
    (root / "srv" / "app" / "requirements.txt").write_text(REQUIREMENTS)
    before = {name: (root / name).read_text() for name in FIXED}
    result = CliRunner().invoke(main, ["scan", "--fix", *(a.format(root=root) for a in args)])
    assert result.exit_code == 0, result.output
    assert "not fixed" not in result.output
    for name in FIXED:
        assert (root / name).read_text() == (FIXED[name] if name in fixed else before[name]), name
