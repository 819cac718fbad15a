"""Lock files: every URL, placed exactly (JSON escapes included), reported, never edited."""

from __future__ import annotations

import pytest

from mirror_audit import kinds
from tests.conftest import findings_for
from tests.extract.inicases import errors, fixed, found

PIPFILE_LOCK = """\
{
    "_meta": {
        "hash": {"sha256": "ab"},
        "sources": [
            {
                "name": "pypi",
                "url": "https:\\/\\/pypi.python.org\\/simple",
                "verify_ssl": true
            }
        ]
    },
    "default": {"x": {"version": "==1.0", "index": "pypi"}}
}
"""

NOOP = [
    pytest.param(
        "uv.lock",
        'version = 1\n[[package]]\nname = "x"\nsource = { registry = "https://pypi.org/simple" }\n'
        'sdist = { url = "https://files.pythonhosted.org/packages/x-1.tar.gz", hash = "sha256:0" }'
        "\n",
        id="uv-current",
    ),
    pytest.param(
        "Pipfile.lock",
        PIPFILE_LOCK.replace("pypi.python.org", "pypi.org"),
        id="pipfile-lock-current",
    ),
    pytest.param(
        "poetry.lock",
        '[[package]]\nname = "x"\n[package.source]\ntype = "legacy"\nurl = "http://m.example/simple"\n',
        id="http-index-is-not-a-lock-rule",
    ),
]

Row = tuple[str, str, int, int, str]
FINDS = [
    pytest.param(
        "Pipfile.lock",
        PIPFILE_LOCK,
        [("MA401", "https:\\/\\/pypi.python.org\\/simple", 7, 25, "lock")],
        id="pipfile-lock-slash-escapes",
    ),
    pytest.param(
        "Pipfile.lock",
        '{"_meta": {"sources": [{"url": "https:\\u002f\\u002fpypi.io/simple", "x": "\\"q\\""}]}}\n',
        [("MA401", "https:\\u002f\\u002fpypi.io/simple", 1, 33, "lock")],
        id="pipfile-lock-unicode-escapes",
    ),
    pytest.param(
        "poetry.lock",
        '[[package]]\nname = "x"\n\n[package.source]\ntype = "legacy"\n'
        'url = "https://pypi.python.org/simple"\nreference = "old"\n',
        [("MA401", "https://pypi.python.org/simple", 6, 8, "lock")],
        id="poetry-lock-source",
    ),
    pytest.param(
        "uv.lock",
        '[[package]]\nname = "x"\nsource = { registry = "https://testpypi.python.org/simple" }\n'
        "wheels = [\n"
        '  { url = "https://pypi.python.org/packages/x-1-py3-none-any.whl", hash = "sha256:0" },\n'
        "]\n",
        [
            ("MA401", "https://testpypi.python.org/simple", 3, 24),
            ("MA401", "https://pypi.python.org/packages/x-1-py3-none-any.whl", 5, 12),
        ],
        id="uv-lock-registry-and-wheel",
    ),
    pytest.param(
        "pdm.lock",
        "# pdm lock: http://b.pypi.python.org/simple\n[[package]]\nfiles = [\n"
        '    {url = "https://pypi.io/packages/x.tgz", hash = "sha256:0"},\n]\n',
        [
            ("MA101", "http://b.pypi.python.org/simple", 1, 13, "comment"),
            ("MA401", "https://pypi.io/packages/x.tgz", 4, 13, "lock"),
        ],
        id="pdm-lock-comment-and-file",
    ),
    pytest.param(
        "pylock.toml",
        'lock-version = "1.0"\n[[packages]]\nname = "x"\nindex = "https://pypi.python.org/simple"\n',
        [("MA401", "https://pypi.python.org/simple", 4, 10, "lock")],
        id="pylock",
    ),
]

COMMANDS = [
    pytest.param("Pipfile.lock", PIPFILE_LOCK, "pipenv lock", id="pipenv"),
    pytest.param(
        "poetry.lock",
        '[metadata]\nurl = "https://pypi.python.org/simple"\n',
        "poetry lock",
        id="poetry",
    ),
    pytest.param("uv.lock", 'x = "https://pypi.python.org/simple"\n', "uv lock", id="uv"),
]


@pytest.mark.parametrize(("name", "text"), NOOP)
def test_noop(name: str, text: str) -> None:
    assert kinds.kind_of(name) == kinds.LOCK
    assert found(text, name) == []


@pytest.mark.parametrize(("name", "text", "rows"), FINDS)
def test_finds(name: str, text: str, rows: list[tuple[object, ...]]) -> None:
    assert [row[: len(rows[0])] for row in found(text, name)] == rows


@pytest.mark.parametrize(("name", "text", "command"), COMMANDS)
def test_regenerate_never_edit(name: str, text: str, command: str) -> None:
    (finding,) = findings_for(text, name)
    assert (finding.replacement, finding.fix_safety.value) == (None, "none")
    assert f"`{command}`" in finding.note
    assert fixed(text, name) == text


def test_bad_json_is_scanned_as_text() -> None:
    text = '{"_meta": {"url": "https://pypi.python.org/simple",}}\n'
    (reason,) = errors(text, "Pipfile.lock", kinds.LOCK)
    assert "does not parse as lock" in reason and "line 1" in reason
    assert [(r[0], r[2], r[3]) for r in found(text, "Pipfile.lock")] == [("MA401", 1, 20)]
