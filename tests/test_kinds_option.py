"""scan --kinds: a name filter in the walker; files of other kinds are never opened."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mirror_audit import api, kinds, read
from mirror_audit.cli import main
from mirror_audit.config import Config

LEGACY = "https://pypi.python.org/simple/"
FILES = {
    "pip.conf": f"[global]\nindex-url = {LEGACY}\n",
    "requirements-dev.txt": f"-i {LEGACY}\n",
    "setup.py": f'from setuptools import setup\nsetup(url="{LEGACY}")\n',
    "uv.lock": f'source = {{ registry = "{LEGACY}" }}\n',
    "tools/deploy.py": f'INDEX = "{LEGACY}"\n',
    "build.sh": f"pip install -i {LEGACY} app\n",
    "README.md": f"Formerly on {LEGACY}\n",
    ".venv/pyvenv.cfg": "home = /usr/bin\n",
    ".venv/pip.conf": f"[global]\nindex-url = {LEGACY}\n",
}

SELECT = [
    pytest.param(
        ("config",),
        {"pip.conf", "requirements-dev.txt", "setup.py", "uv.lock", ".venv/pip.conf"},
        id="config-group",
    ),
    pytest.param(("docs", "text"), {"build.sh", "README.md"}, id="two-kinds"),
    pytest.param(("python",), {"tools/deploy.py"}, id="plain-python-is-not-config"),
    pytest.param(("pip-conf", "lock"), {"pip.conf", "uv.lock", ".venv/pip.conf"}, id="kind-names"),
]


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.mark.parametrize(("names", "expected"), SELECT)
def test_only_files_of_the_chosen_kinds_are_opened(
    tree: Path, monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...], expected: set[str]
) -> None:
    opened: list[str] = []
    real = read.open_regular

    def spy(path: str, max_size: int) -> int | object:
        opened.append(Path(path).relative_to(tree).as_posix())
        return real(path, max_size)

    monkeypatch.setattr(read, "open_regular", spy)
    report = api.scan([str(tree)], Config(kinds=kinds.select(names)))
    assert set(opened) == expected
    assert {Path(f.path).relative_to(tree).as_posix() for f in report.findings} == expected


def test_the_config_group_holds_every_configuration_kind() -> None:
    assert kinds.GROUPS["config"] == kinds.ALL_KINDS - {kinds.TEXT, kinds.DOCS, kinds.PYTHON}
    assert {kinds.PIP_CONF, kinds.REQUIREMENTS, kinds.LOCK, kinds.DOCKERFILE} <= kinds.GROUPS[
        "config"
    ]


def test_an_unknown_kind_is_a_usage_error(tree: Path) -> None:
    result = CliRunner().invoke(main, ["scan", "--kinds", "config,yaml", str(tree)])
    assert result.exit_code == 2
    assert "unknown kind 'yaml'" in result.stderr


def test_the_cli_option_takes_comma_separated_names(tree: Path) -> None:
    result = CliRunner().invoke(
        main, ["scan", "--kinds", "docs,text", "--fail-on", "info", str(tree)]
    )
    assert result.exit_code == 1
    assert "build.sh" in result.stdout and "pip.conf" not in result.stdout
