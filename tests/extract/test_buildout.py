"""zc.buildout: index, find-links, allow-hosts, extends, recipe values; column-0 comments only."""

from __future__ import annotations

import pytest

from mirror_audit import kinds
from tests.extract.inicases import errors, fixed, found

NOOP = [
    pytest.param(
        "[buildout]\nextends = http://dist.plone.org/release/5.0/versions.cfg\n", id="http-extends"
    ),
    pytest.param(
        "[buildout]\nparts = x\n[x]\nrecipe = hexagonit.recipe.download\nurl = http://example.com/x.tgz\n",
        id="http-download-is-not-an-index",
    ),
    pytest.param(
        "[buildout]\nallow-hosts =\n    *.python.org\n    *.pythonhosted.org\n", id="globs"
    ),
    pytest.param("[buildout]\nindex = https://pypi.org/simple\n", id="current-index"),
    pytest.param("# docs: http://docs.buildout.org/\n[buildout]\nparts =\n", id="prose-comment"),
    pytest.param("[buildout]\n# allow-hosts = pypi.upc.edu\n", id="commented-other-host"),
    pytest.param("[buildout]\nfind-links = https://example.com/links\n", id="https-links"),
]

FINDS = [
    pytest.param(
        "[buildout]\nindex = http://pypi.python.org/simple\n",
        [("MA102", "http://pypi.python.org/simple", 2, 9, "setting")],
        id="index",
    ),
    pytest.param(
        "[buildout]\nfind-links =\n    https://example.com/eggs\n    http://dist.plone.org\n",
        [("MA202", "http://dist.plone.org", 4, 5, "setting")],
        id="find-links-http",
    ),
    pytest.param(
        "[buildout]\nfind-links +=\n    http://mirror.local/eggs\n",
        [("MA202", "http://mirror.local/eggs", 3, 5, "setting")],
        id="find-links-add",
    ),
    pytest.param(
        "[buildout]\nallow-hosts =\n    pypi.python.org\n    *.example.com\n",
        [("MA102", "pypi.python.org", 3, 5, "setting")],
        id="allow-hosts",
    ),
    pytest.param(
        "[buildout]\nextends = https://pypi.python.org/pypi/x/1.0/versions.cfg\n",
        [("MA102", "https://pypi.python.org/pypi/x/1.0/versions.cfg", 2, 11, "setting")],
        id="extends-legacy",
    ),
    pytest.param(
        "[buildout]\nparts = p\n[p]\nrecipe = iw.recipe.cmd\ncmds =\n"
        "    pip install -i https://pypi.python.org/simple/ --no-install x\n",
        [("MA102", "https://pypi.python.org/simple/", 6, 20, "command")],
        id="pip-in-cmds",
    ),
    pytest.param(
        "[buildout]\nparts = p\n[p]\ncmds =\n    PIP_USE_MIRRORS=1 pip install -M x\n",
        [
            ("MA301", "PIP_USE_MIRRORS", 5, 5, "command"),
            ("MA301", "-M", 5, 35, "command"),
        ],
        id="removed-variable-and-short-option",
    ),
    pytest.param(
        "[buildout]\nfind-links =\n    https://example.com/eggs\n    # https://pypi.python.org/simple\n",
        [("MA102", "https://pypi.python.org/simple", 4, 7, "setting")],
        id="indented-hash-is-value",
    ),
    pytest.param(
        "[buildout]\n# index = http://pypi.upc.edu/mirror\n#index=http://mirror.local/simple\n",
        [
            ("MA202", "http://pypi.upc.edu/mirror", 2, 11, "comment"),
            ("MA202", "http://mirror.local/simple", 3, 8, "comment"),
        ],
        id="commented-index",
    ),
    pytest.param(
        "[buildout]\nfind-links =\n    https://example.com/eggs\n# https://pypi.python.org/simple\n"
        "    http://mirror.local/eggs\n",
        [
            ("MA102", "https://pypi.python.org/simple", 4, 3, "comment"),
            ("MA202", "http://mirror.local/eggs", 5, 5, "setting"),
        ],
        id="column-0-comment-inside-value",
    ),
    pytest.param(
        "[buildout]\nparts = x\n[x]\nrecipe = zc.recipe.egg\nindex = https://pypi.python.org/simple\n",
        [("MA102", "https://pypi.python.org/simple", 5, 9, "setting")],
        id="part-index",
    ),
    pytest.param(
        "[buildout]\nparts = x\n[x]\nurl = https://pypi.python.org/packages/source/x/x/x-1.tgz\n",
        [("MA102", "https://pypi.python.org/packages/source/x/x/x-1.tgz", 4, 7, "dependency")],
        id="part-download",
    ),
    pytest.param(
        "[buildout:python37]\nindex = http://pypi.python.org/simple ; not a comment\n",
        [("MA102", "http://pypi.python.org/simple", 2, 9, "setting")],
        id="conditional-section",
    ),
    pytest.param(
        "[buildout]\rindex = http://pypi.python.org/simple\r",
        [("MA102", "http://pypi.python.org/simple", 2, 9, "setting")],
        id="lone-cr",
    ),
]

FIXES = [
    pytest.param(
        "[buildout]\nallow-hosts = pypi.python.org\nparts =\n",
        "[buildout]\nallow-hosts = pypi.org\n    files.pythonhosted.org\nparts =\n",
        id="one-line-hosts-become-lines",
    ),
    pytest.param(
        "[buildout]\r\nallow-hosts =\r\n\t*.example.com\r\n\tpypi.python.org\r\n",
        "[buildout]\r\nallow-hosts =\r\n\t*.example.com\r\n\tpypi.org\r\n"
        "\tfiles.pythonhosted.org\r\n",
        id="indentation-and-crlf-kept",
    ),
    pytest.param(
        "[buildout]\nindex = http://pypi.python.org/simple\nfind-links = https://pypi.python.org/simple/x/\n",
        "[buildout]\nindex = https://pypi.org/simple/\nfind-links = https://pypi.org/simple/x/\n",
        id="index-and-links",
    ),
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert found(text, "buildout.cfg") == []


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_finds(text: str, expected: list[tuple[str, str, int, int, str]]) -> None:
    assert found(text, "buildout.cfg") == expected


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fixes(before: str, after: str) -> None:
    assert fixed(before, "buildout.cfg") == after


@pytest.mark.parametrize("name", ["base.cfg", ".buildout/default.cfg"])
def test_other_buildout_files(name: str) -> None:
    text = "[buildout]\nindex = http://mirror.local/simple\n"
    assert found(text, name) == [("MA202", "http://mirror.local/simple", 2, 9, "setting")]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        pytest.param(
            "[buildout]\nindex: https://pypi.python.org/simple\n", 2, id="colon-is-no-delimiter"
        ),
        pytest.param(
            "[buildout]\n  index = https://pypi.python.org/simple\n", 2, id="indented-first-option"
        ),
        pytest.param("index = https://pypi.python.org/simple\n", 1, id="no-section"),
    ],
)
def test_a_file_buildout_refuses_is_a_parse_error_scanned_as_text(text: str, line: int) -> None:
    (error,) = errors(text, "buildout.cfg", kinds.BUILDOUT)
    assert error.startswith(f"does not parse as buildout: line {line}")
    assert [row[0] for row in found(text, "buildout.cfg")] == ["MA102"]
