"""conda environment.yml: ``pip:`` items follow requirements syntax, the rest is scanned as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from mirror_audit import api
from tests.extract.inicases import found
from tests.fixing import fixed_text

HEAD = "name: app\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n"
HTTP = "http://mirror.example/simple"
SIMPLE = "https://pypi.python.org/simple"

NOOP = [
    pytest.param(HEAD + "    - -i https://pypi.org/simple/\n    - requests\n", id="current-index"),
    pytest.param("channels:\n  - https://conda.anaconda.org/conda-forge\n", id="channel"),
    pytest.param(
        HEAD + "    - x @ http://example.com/x-1.0.tar.gz\n", id="http-archive-is-not-an-index"
    ),
    pytest.param(HEAD + "    - --trusted-host internal.example.com\n", id="trusted-internal"),
    pytest.param(HEAD + "    - -r requirements.txt\n", id="include"),
]

FINDS = [
    pytest.param(
        HEAD + f"    - --extra-index-url {SIMPLE}\n",
        [("MA102", SIMPLE, 6, 25, "setting")],
        id="conda-fixture-extra-index-url",
    ),
    pytest.param(
        HEAD + f"    - --ind={HTTP}\n", [("MA202", HTTP, 6, 13, "setting")], id="option-prefix"
    ),
    pytest.param(
        HEAD + f'    - "-i {HTTP}"\n', [("MA202", HTTP, 6, 11, "setting")], id="double-quoted"
    ),
    pytest.param(
        HEAD + f"    - '--index-url {HTTP}'\n",
        [("MA202", HTTP, 6, 20, "setting")],
        id="single-quoted",
    ),
    pytest.param(
        HEAD + f"    - -i https://pypi.org/simple/  # was {SIMPLE}\n",
        [("MA102", SIMPLE, 6, 42, "comment")],
        id="yaml-comment",
    ),
    pytest.param(
        HEAD + "    - --trusted-host pypi.python.org\n",
        [("MA102", "pypi.python.org", 6, 22, "setting")],
        id="trusted-host",
    ),
    pytest.param(
        HEAD + "    - --use-mirrors\n", [("MA301", "--use-mirrors", 6, 7, "setting")], id="removed"
    ),
    pytest.param(
        HEAD + "    - x @ https://pypi.python.org/packages/x-1.tar.gz\n",
        [("MA102", "https://pypi.python.org/packages/x-1.tar.gz", 6, 11, "dependency")],
        id="direct-reference",
    ),
    pytest.param(
        HEAD + "    - requests\n  - other\nscript: pip install -i " + HTTP + " x\n",
        [("MA202", HTTP, 8, 24, "command")],
        id="after-the-list-is-text",
    ),
    pytest.param(
        "dependencies:\n  - pip:\n      - --find " + HTTP + "\n# -i " + SIMPLE + "\n",
        [("MA202", HTTP, 3, 16, "setting"), ("MA102", SIMPLE, 4, 6, "comment")],
        id="deeper-indent-then-comment",
    ),
    pytest.param(
        HEAD.replace("\n", "\r\n") + f"    - -i {SIMPLE}\r\n",
        [("MA102", SIMPLE, 6, 10, "setting")],
        id="crlf",
    ),
]

FIXES = [
    pytest.param(HEAD + "    - --use-mirrors\n    - x\n", HEAD + "    - x\n", id="remove-item"),
    pytest.param(
        HEAD + "    - --trusted-host pypi.python.org\n",
        HEAD + "    - --trusted-host pypi.org --trusted-host files.pythonhosted.org\n",
        id="trusted-host-becomes-two-flags",
    ),
    pytest.param(
        HEAD + f'    - "--index-url={SIMPLE}"\n',
        HEAD + '    - "--index-url=https://pypi.org/simple/"\n',
        id="quoted-item",
    ),
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert found(text, "environment.yml") == []


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_finds(text: str, expected: list[tuple[str, str, int, int, str]]) -> None:
    assert found(text, "environment.yml") == expected


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fixes(before: str, after: str) -> None:
    assert fixed_text(before, "environment.yml") == after


def test_a_file_an_item_includes_is_scanned_as_requirements(tmp_path: Path) -> None:
    (tmp_path / "environment.yml").write_text(HEAD + "    - -r requirements-dev.pip\n")
    (tmp_path / "requirements-dev.pip").write_text("-M\n")
    report = api.scan([str(tmp_path)])
    assert [(f.path, f.rule) for f in report.findings] == [
        (f"{tmp_path}/requirements-dev.pip", "MA301")
    ]
