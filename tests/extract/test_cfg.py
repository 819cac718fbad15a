"""Any other *.cfg without [buildout]: lenient INI, pip's key names give roles."""

from __future__ import annotations

import pytest

from mirror_audit import kinds
from tests.extract.inicases import errors, found

NOOP = [
    pytest.param("[app]\nindex_url = https://pypi.org/simple/\n", id="current"),
    pytest.param("[app]\nhomepage = http://example.com/\n", id="http-link"),
    pytest.param("not ini at all\nhttp://example.com/x\n", id="not-ini"),
]

FINDS = [
    pytest.param(
        "[app]\nindex_url = http://mirror.local/simple\n",
        [("MA202", "http://mirror.local/simple", 2, 13, "setting")],
        id="pip-key-name",
    ),
    pytest.param(
        "[deploy]\nrepository = https://testpypi.python.org/pypi\n",
        [("MA103", "https://testpypi.python.org/pypi", 2, 14, "setting")],
        id="repository",
    ),
    pytest.param(
        "top = 1\n[x]\nthis line is no INI: pip install --use-mirrors x\n",
        [("MA301", "--use-mirrors", 3, 34, "command")],
        id="stray-line-scanned",
    ),
    pytest.param(
        "[x]\nsources =\n    https://pypi.python.org/simple\n",
        [("MA102", "https://pypi.python.org/simple", 3, 5, "command")],
        id="unknown-key",
    ),
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert found(text, "app.cfg") == []


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_finds(text: str, expected: list[tuple[str, str, int, int, str]]) -> None:
    assert found(text, "app.cfg") == expected


def test_never_a_parse_error() -> None:
    assert errors("no section\n  odd indent\n=\n", "app.cfg", kinds.CFG) == []
