""".pypirc: a repository per index server, index-servers in [distutils]."""

from __future__ import annotations

import pytest

from mirror_audit import kinds
from tests.extract.inicases import errors, fixed, found

NOOP = [
    pytest.param(
        "[distutils]\nindex-servers =\n    pypi\n    testpypi\n\n[pypi]\nusername = __token__\n",
        id="names-only",
    ),
    pytest.param("[pypi]\nrepository = https://upload.pypi.org/legacy/\n", id="current-upload"),
    pytest.param("[testpypi]\nrepository: https://test.pypi.org/legacy/\n", id="current-test"),
    pytest.param("[local]\nrepository = http://localhost:8080\n", id="localhost"),
]

FINDS = [
    pytest.param(
        "[distutils]\nindex-servers =\n    pypitest\n\n[pypitest]\nrepository = https://testpypi.python.org/pypi\n",
        [("MA103", "https://testpypi.python.org/pypi", 6, 14, "setting")],
        id="testpypi",
    ),
    pytest.param(
        "[server-login]\nrepository: http://pypi.python.org/pypi\nusername: me\n",
        [("MA102", "http://pypi.python.org/pypi", 2, 13, "setting")],
        id="server-login",
    ),
    pytest.param(
        "[internal]\nrepository = http://devpi.local/root/dev/\n",
        [("MA202", "http://devpi.local/root/dev/", 2, 14, "setting")],
        id="http-upload",
    ),
    pytest.param(
        "[pypi]\n# repository = https://pypi.python.org/pypi\n",
        [("MA102", "https://pypi.python.org/pypi", 2, 16, "comment")],
        id="commented-repository",
    ),
]

FIXES = [
    pytest.param(
        "[pypi]\nrepository = https://pypi.python.org/pypi\n",
        "[pypi]\nrepository = https://upload.pypi.org/legacy/\n",
        id="upload-endpoint",
    ),
    pytest.param(
        "[testpypi]\r\nrepository = https://testpypi.python.org/pypi\r\n",
        "[testpypi]\r\nrepository = https://test.pypi.org/legacy/\r\n",
        id="test-upload-endpoint",
    ),
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert found(text, ".pypirc") == []


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_finds(text: str, expected: list[tuple[str, str, int, int, str]]) -> None:
    assert found(text, ".pypirc") == expected


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fixes(before: str, after: str) -> None:
    assert fixed(before, ".pypirc") == after


def test_a_file_that_is_not_ini_is_a_parse_error() -> None:
    text = '""" notes\n[pypi]\nrepository=https://pypi.org/\n"""\nchmod 600 ~/.pypirc\n'
    (error,) = errors(text, ".pypirc", kinds.PYPIRC)
    assert error.startswith("does not parse as pypirc: line 1")
