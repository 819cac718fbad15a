"""pyproject.toml, uv.toml, poetry.toml, pdm.toml and Pipfile: key paths, escapes, positions."""

from __future__ import annotations

import hypothesis.strategies as st
import pytest
import tomlkit
from hypothesis import assume, example, given, settings

from mirror_audit import kinds
from mirror_audit.extract import tomlscan
from tests.conftest import findings_for
from tests.extract.inicases import errors, fixed, found

try:
    from tomllib import loads as load_toml  # the reference parser
except ImportError:  # Python 3.10

    def load_toml(source: str) -> dict[str, object]:
        return tomlkit.parse(source).unwrap()


NOOP = [
    pytest.param(
        "pyproject.toml",
        '[[tool.poetry.source]]\nname = "x"\nurl = "https://pypi.org/simple/"\n',
        id="current-index",
    ),
    pytest.param(
        "pyproject.toml", '[[tool.poetry.source]]\nname = "pypi"\n', id="poetry-pypi-no-url"
    ),
    pytest.param(
        "pyproject.toml",
        '[project]\nname = "x"\n# https://pypi.org/classifiers/\n',
        id="comment-current",
    ),
    pytest.param(
        "pyproject.toml",
        '[project.urls]\nDocs = "https://docs.python.org/3/"\n',
        id="docs-python-org",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.uv]\nindex-url = "https://notpypi.python.org/simple"\n',
        id="lookalike",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.uv]\nindex-url = "http://localhost:3141/simple"\n',
        id="http-localhost",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.uv]\nallow-insecure-host = ["localhost:8080"]\n',
        id="trusted-other",
    ),
    pytest.param(
        "Pipfile",
        '[[source]]\nurl = "https://pypi.org/simple"\nverify_ssl = true\nname = "pypi"\n',
        id="pipfile-current",
    ),
    pytest.param(
        "uv.toml", '[[index]]\nurl = "https://test.pypi.org/simple/"\n', id="uv-toml-current"
    ),
    pytest.param(
        "pyproject.toml", 'a = """\n\\\n  https://pypi.org/simple"""\n', id="line-ending-backslash"
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.mirror-audit]\nmap = { "pypi.python.org" = "https://pypi.python.org/x" }\n',
        id="own-configuration",
    ),
]

Row = tuple[str, str, int, int, str]
FINDS: list[object] = [
    pytest.param(
        "pyproject.toml",
        '[[tool.poetry.source]]\nname = "old"\nurl = "https://pypi.python.org/simple/"\n',
        [("MA102", "https://pypi.python.org/simple/", 3, 8, "setting")],
        id="poetry-source",
    ),
    pytest.param(
        "pyproject.toml",
        '[[tool.pdm.source]]\ntype = "find_links"\nurl = "http://mirror.example/links/"\n',
        [("MA202", "http://mirror.example/links/", 3, 8, "setting")],
        id="pdm-find-links-http",
    ),
    pytest.param(
        "pyproject.toml",
        "[[tool.uv.index]]\nurl = 'https://testpypi.python.org/simple'\n"
        "publish-url = 'https://testpypi.python.org/pypi'\n",
        [
            ("MA103", "https://testpypi.python.org/simple", 2, 8, "setting"),
            ("MA103", "https://testpypi.python.org/pypi", 3, 16, "setting"),
        ],
        id="uv-index-and-publish",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.uv.pip]\nextra-index-url = [\n  "https://pypi.org/simple",  # ok\n  "http://m.example/simple",\n]\n',
        [("MA202", "http://m.example/simple", 4, 4, "setting")],
        id="uv-pip-array",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.uv]\nallow-insecure-host = ["pypi.python.org"]\n',
        [("MA102", "pypi.python.org", 2, 25, "setting")],
        id="uv-insecure-host",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.uv.sources]\n'
        'foo = { url = "https://pypi.python.org/packages/source/f/foo/foo-1.tar.gz" }\n',
        [
            (
                "MA102",
                "https://pypi.python.org/packages/source/f/foo/foo-1.tar.gz",
                2,
                16,
                "dependency",
            )
        ],
        id="uv-sources-url",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.hatch.envs.default.env-vars]\nPIP_INDEX_URL = "https://pypi.python.org/simple"\n'
        'PIP_USE_MIRRORS = "true"\n',
        [
            ("MA102", "https://pypi.python.org/simple", 2, 18, "setting"),
            ("MA301", "PIP_USE_MIRRORS", 3, 1, "setting"),
        ],
        id="hatch-env-vars",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.tox]\nlegacy_tox_ini = """\n[testenv]\n# was https://b.pypi.python.org/simple\n'
        'install_command = pip install --use-mirrors {packages}\n"""\n',
        [
            ("MA101", "https://b.pypi.python.org/simple", 4, 7, "comment"),
            ("MA301", "--use-mirrors", 5, 31, "command"),
        ],
        id="legacy-tox-ini",
    ),
    pytest.param(
        "pyproject.toml",
        '[project.urls]\nHomepage = "https://pypi.python.org/pypi/x"\n',
        [("MA102", "https://pypi.python.org/pypi/x", 2, 13, "link")],
        id="project-urls-table",
    ),
    pytest.param(
        "pyproject.toml",
        '[project]\nurls = {Home = "https://pypi.io/project/x/"}\n',
        [("MA104", "https://pypi.io/project/x/", 2, 17, "link")],
        id="project-urls-inline",
    ),
    pytest.param(
        "pyproject.toml",
        '[project]\ndependencies = ["foo @ https://pypi.python.org/packages/foo-1.tar.gz"]\n',
        [("MA102", "https://pypi.python.org/packages/foo-1.tar.gz", 2, 24, "dependency")],
        id="direct-reference",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.uv]  # was http://pypi.python.org/simple\nx = "# not a comment pypi.io"\n',
        [
            ("MA102", "http://pypi.python.org/simple", 1, 18, "comment"),
            ("MA104", "pypi.io", 2, 22, "command"),
        ],
        id="comment-only-outside-strings",
    ),
    pytest.param(
        "pyproject.toml",
        'tool.uv.index-url = "https:\\u002F/pypi.python.org/simple"\n',
        [("MA102", "https:\\u002F/pypi.python.org/simple", 1, 22, "setting")],
        id="escape-dotted-key",
    ),
    pytest.param(
        "pyproject.toml",
        "[tool.uv]\nindex-url = '''\nhttps://pypi.python.org/simple'''\n",
        [("MA102", "https://pypi.python.org/simple", 3, 1, "setting")],
        id="multi-line-literal",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.uv]\r\nindex = [{ name = "a", url = "https://pypi.python.org/simple" }]\r\n',
        [("MA102", "https://pypi.python.org/simple", 2, 31, "setting")],
        id="crlf-inline-table",
    ),
    pytest.param(
        "uv.toml",
        '[pip]\nindex-url = "https://pypi.python.org/simple"\n[[index]]\nurl = "https://pypi.io/simple"\n',
        [
            ("MA102", "https://pypi.python.org/simple", 2, 14, "setting"),
            ("MA104", "https://pypi.io/simple", 4, 8, "setting"),
        ],
        id="uv-toml",
    ),
    pytest.param(
        "poetry.toml",
        '[repositories.test]\nurl = "https://testpypi.python.org/pypi"\n',
        [("MA103", "https://testpypi.python.org/pypi", 2, 8, "setting")],
        id="poetry-toml-repository",
    ),
    pytest.param(
        "pdm.toml",
        '[pypi]\nurl = "https://pypi.python.org/simple"\n[pypi.extra]\nurl = "http://x.example/simple"\n',
        [
            ("MA102", "https://pypi.python.org/simple", 2, 8, "setting"),
            ("MA202", "http://x.example/simple", 4, 8, "setting"),
        ],
        id="pdm-toml",
    ),
    pytest.param(
        "Pipfile",
        '[[source]]\n\nurl = "https://pypi.python.org/simple"\nverify_ssl = true\n',
        [("MA102", "https://pypi.python.org/simple", 3, 8, "setting")],
        id="pipfile-source",
    ),
    pytest.param(
        "Pipfile.py3",
        '[[source]]\nurl = "https://pypi.python.org/simple"\n',
        [("MA102", "https://pypi.python.org/simple", 2, 8, "setting")],
        id="pipfile-odd-name",
    ),
    pytest.param(
        "Pipfile",
        '[packages]\nfoo = {file = "https://pypi.python.org/packages/f/foo.tgz"}  # pinned\n',
        [("MA102", "https://pypi.python.org/packages/f/foo.tgz", 2, 16, "dependency")],
        id="pipfile-file",
    ),
]

FIXES = [
    pytest.param(
        "pyproject.toml",
        '[tool.uv]\nindex-url = "https:\\u002F/pypi.python.org/simple/\\u0041b/"\n',
        '[tool.uv]\nindex-url = "https://pypi.org/simple/Ab/"\n',
        id="escapes-written-plain",
    ),
    pytest.param(
        "pyproject.toml",
        "[tool.uv]\nallow-insecure-host = ['x.example', 'pypi.python.org']\n",
        "[tool.uv]\nallow-insecure-host = ['x.example', 'pypi.org', 'files.pythonhosted.org']\n",
        id="trusted-host-array-literal",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.uv]\nallow-insecure-host = [\n  "testpypi.python.org",\n]\n',
        '[tool.uv]\nallow-insecure-host = [\n'
        '  "test.pypi.org", "test-files.pythonhosted.org",\n]\n',
        id="trusted-host-array-basic",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.hatch.envs.x.env-vars]\nA = "1"\nPIP_USE_MIRRORS = "1"  \nB = "2"\n',
        '[tool.hatch.envs.x.env-vars]\nA = "1"\nB = "2"\n',
        id="env-key-line",
    ),
    pytest.param(
        "pyproject.toml",
        '[tool.pdm.scripts]\nt = {cmd = "x", env = {PIP_USE_MIRRORS = "1", B = "2"}}\n',
        '[tool.pdm.scripts]\nt = {cmd = "x", env = {B = "2"}}\n',
        id="env-key-inline",
    ),
    pytest.param(
        "Pipfile",
        '[[source]]\nurl = """https://pypi.python.org/simple"""\n',
        '[[source]]\nurl = """https://pypi.org/simple/"""\n',
        id="multi-line-basic",
    ),
]

LEFT = [
    pytest.param('[tool.uv]\nallow-insecure-host = "pypi.python.org"\n', id="one-host-string"),
    pytest.param('[tool.uv]\nallow-insecure-host = ["pypi\\u002Epython.org"]\n', id="escaped-host"),
]


@pytest.mark.parametrize(("name", "text"), NOOP)
def test_noop(name: str, text: str) -> None:
    assert found(text, name) == []


@pytest.mark.parametrize(("name", "text", "rows"), FINDS)
def test_finds(name: str, text: str, rows: list[Row]) -> None:
    assert found(text, name) == rows


@pytest.mark.parametrize(("name", "before", "after"), FIXES)
def test_fixes(name: str, before: str, after: str) -> None:
    result = fixed(before, name)
    assert result == after
    load_toml(result)


@pytest.mark.parametrize("text", LEFT)
def test_left_as_written(text: str) -> None:
    """A value that cannot take the fix where it is written is reported and left alone."""
    (finding,) = findings_for(text, "pyproject.toml")
    assert (finding.rule, finding.replacement, finding.fix_safety.value) == ("MA102", None, "none")
    assert fixed(text, "pyproject.toml") == text


def test_kinds_of_names() -> None:
    assert {kinds.kind_of(n) for n in ("Pipfile", "Pipfile.py3")} == {kinds.PIPFILE}
    assert {kinds.kind_of(n) for n in ("uv.toml", "poetry.toml", "pdm.toml")} == {kinds.TOOL_TOML}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        pytest.param('[tool.uv\nindex-url = "x"\n', "line 1", id="header"),
        pytest.param('a = "x"\na = "y"\n', "line 2", id="duplicate-key"),
        pytest.param('a = "\\q"\n', "line 1", id="bad-escape"),
    ],
)
def test_parse_error_then_text(text: str, where: str) -> None:
    (reason,) = errors(text, "pyproject.toml", kinds.PYPROJECT)
    assert "does not parse as pyproject" in reason and where in reason


def test_parse_error_still_finds() -> None:
    text = '[tool.uv\nindex-url = "https://pypi.python.org/simple"\n'
    assert [r[:4] for r in found(text, "pyproject.toml")] == [
        ("MA102", "https://pypi.python.org/simple", 2, 14)
    ]


# -- the reader against a real TOML parser ---------------------------------------------------

_STYLES = st.sampled_from(["basic", "literal", "ml-basic", "ml-literal"])


def _item(value: str, style: str) -> tomlkit.items.String:
    literal, multiline = style.endswith("literal"), style.startswith("ml")
    try:
        return tomlkit.string(value, literal=literal, multiline=multiline)
    except Exception:  # not representable in that style (a quote in a literal string)
        return tomlkit.string(value)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=30), _STYLES, st.booleans()), min_size=1, max_size=6))
@example([("\r\n", "ml-basic", False)])  # tomllib reads a CRLF in a multi-line string as "\n"
@example([("a\r\nb\\", "ml-literal", True)])
def test_reader_decodes_as_tomllib(values: list[tuple[str, str, bool]]) -> None:
    """Every string the reader finds has tomllib's value, at a key path tomllib agrees with."""
    doc = tomlkit.document()
    for index, (value, style, in_array) in enumerate(values):
        item = _item(value, style)
        table = tomlkit.table()
        table.add(f"k{index}", tomlkit.array([item]) if in_array else item)
        doc.add(f"t{index}", table)
    source = tomlkit.dumps(doc)
    try:
        parsed = load_toml(source)
    except ValueError:  # tomlkit writes TOML 1.1 escapes (\x1f) that 1.0 refuses
        assume(False)
    strings = tomlscan.read(source).strings
    assert len(strings) == len(values)
    for string in strings:
        table, key = string.path
        expected = parsed[table][key]
        assert string.decoded.value == (expected[0] if string.in_array else expected)
        if string.decoded.offsets is None:
            assert (
                source[string.start : string.start + len(string.decoded.value)]
                == string.decoded.value
            )
