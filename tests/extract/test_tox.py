"""tox.ini: indexserver entries, install_command, set_env, deps; tox 4's inline '#' comments."""

from __future__ import annotations

import pytest

from mirror_audit import kinds
from tests.extract.inicases import errors, fixed, found

NOOP = [
    pytest.param("[testenv]\ndeps = pytest\ncommands = pytest {posargs}\n", id="plain"),
    pytest.param(
        "[testenv]\nset_env =\n    PIP_INDEX_URL = https://pypi.org/simple\n", id="current-index"
    ),
    pytest.param("[testenv]\ndeps = -r requirements.txt\n", id="requirements-file"),
    pytest.param("[pytest]\naddopts = -i http://example.com/x\n", id="not-pip-short-option"),
    pytest.param("[testenv]\ncommands = curl -f http://example.com/x.tgz\n", id="curl-f"),
    pytest.param(
        "# See https://tox.wiki and http://example.com/\n[tox]\nenvlist = py3\n", id="prose"
    ),
    pytest.param(
        "[testenv]\ndeps = pytest  # from http://mirror.local/simple\n", id="inline-prose"
    ),
]

FINDS = [
    pytest.param(
        "[tox]\nindexserver =\n    default = https://pypi.python.org/simple\n"
        "    internal = http://devpi.local/root/dev/+simple/\n",
        [
            ("MA102", "https://pypi.python.org/simple", 3, 15, "setting"),
            ("MA304", "https://pypi.python.org/simple", 3, 15, "setting"),
            ("MA304", "http://devpi.local/root/dev/+simple/", 4, 16, "setting"),
        ],
        id="indexserver-entry-per-line",
    ),
    pytest.param(
        "[tox]\nindexserver = default = https://devpi.example.com/simple\n",
        [("MA304", "https://devpi.example.com/simple", 2, 25, "setting")],
        id="indexserver-on-key-line",
    ),
    pytest.param(
        "[testenv]\ndeps =\n    -ihttps://pypi.python.org/simple\n    pytest\n",
        [("MA102", "https://pypi.python.org/simple", 3, 7, "command")],
        id="deps-glued-i",
    ),
    pytest.param(
        "[testenv:py3]\ndeps = --index-url=http://mirror.local/simple pytest\n",
        [("MA202", "http://mirror.local/simple", 2, 20, "command")],
        id="deps-index-url",
    ),
    pytest.param(
        "[testenv]\n"
        "install_command = pip install -i https://pypi.python.org/simple {opts} {packages}\n",
        [("MA102", "https://pypi.python.org/simple", 2, 34, "command")],
        id="install-command",
    ),
    pytest.param(
        "[testenv]\nsetenv =\n    PIP_INDEX_URL = http://mirror.local/simple\n",
        [("MA202", "http://mirror.local/simple", 3, 21, "command")],
        id="setenv-index",
    ),
    pytest.param(
        "[testenv]\nset_env =\n    PIP_EXTRA_INDEX_URL = {env:X:http://mirror.local/simple}\n",
        [("MA202", "http://mirror.local/simple", 3, 34, "command")],
        id="setenv-default-in-substitution",
    ),
    pytest.param(
        "[testenv]\nset_env = PIP_USE_MIRRORS=1\n",
        [("MA301", "PIP_USE_MIRRORS", 2, 11, "command")],
        id="set-env-removed-variable",
    ),
    pytest.param(
        "[testenv]\ncommands =\n    pip install --use-mirrors -e .\n",
        [("MA301", "--use-mirrors", 3, 17, "command")],
        id="commands",
    ),
    pytest.param(
        "[testenv]\ndeps = pytest  # -i https://pypi.python.org/simple\n",
        [("MA102", "https://pypi.python.org/simple", 2, 21, "comment")],
        id="inline-comment",
    ),
    pytest.param(
        "[testenv]\ndeps = pytest\n# deps = -i http://mirror.local/simple\n",
        [("MA202", "http://mirror.local/simple", 3, 13, "comment")],
        id="commented-setting",
    ),
    pytest.param(
        "[flake8]\nexclude = x # https://pypi.python.org/simple\n",
        [("MA102", "https://pypi.python.org/simple", 2, 15, "command")],
        id="other-tool-no-inline-comments",
    ),
    pytest.param(
        "[testenv]\r\nsetenv =\r\n    PIP_EXTRA_INDEX_URL={env:X:https://pypi.python.org/simple}\r\n",
        [("MA102", "https://pypi.python.org/simple", 3, 32, "command")],
        id="crlf-and-env-default",
    ),
]

FIXES = [
    pytest.param(
        "[testenv]\ndeps = -ihttps://pypi.python.org/simple pytest\n",
        "[testenv]\ndeps = -ihttps://pypi.org/simple/ pytest\n",
        id="deps",
    ),
    pytest.param(
        "[testenv]\nsetenv =\n    PIP_USE_MIRRORS=1\n    X = 1\n",
        "[testenv]\nsetenv =\n    X = 1\n",
        id="removed-variable-line",
    ),
    pytest.param(
        "[tox]\nindexserver =\n    default = http://pypi.python.org/simple\n",
        "[tox]\nindexserver =\n    default = https://pypi.org/simple/\n",
        id="indexserver-host-only",
    ),
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert found(text, "tox.ini") == []


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_finds(text: str, expected: list[tuple[str, str, int, int, str]]) -> None:
    assert found(text, "tox.ini") == expected


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fixes(before: str, after: str) -> None:
    assert fixed(before, "tox.ini") == after


def test_indexserver_is_left_with_advice() -> None:
    text = "[tox]\nindexserver =\n    default = https://devpi.example.com/simple\n"
    assert fixed(text, "tox.ini") == text


def test_a_file_tox_refuses_is_a_parse_error() -> None:
    (error,) = errors("envlist = py3\n[tox]\n", "tox.ini", kinds.TOX_INI)
    assert error.startswith("does not parse as tox-ini: line 1")
