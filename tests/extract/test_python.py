"""setup.py, ez_setup.py, distribute_setup.py, bootstrap.py: libcst, never executed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from mirror_audit import kinds
from tests.conftest import findings_for
from tests.extract.inicases import errors, fixed, found

NOOP = [
    pytest.param("setup(url='https://pypi.org/project/x/')\n", id="current-link"),
    pytest.param(
        "setup(dependency_links=['https://github.com/a/b/tarball/main#egg=b'])\n", id="github"
    ),
    pytest.param("URL = 'https://notpypi.python.org/simple'\n", id="lookalike"),
    pytest.param("DOCS = 'https://docs.python.org/3/'\n", id="docs"),
    pytest.param("x = 'python -m pip install x'\n", id="python-dash-m"),
    pytest.param("# see https://pypi.org/simple\nimport os\n", id="comment-current"),
    pytest.param("print(f'{scheme}://files.pythonhosted.org/x')\n", id="f-string-current"),
]

Row = tuple[str, str, int, int, str]
FINDS = [
    pytest.param(
        "setup(\n    dependency_links=['http://pypi.python.org/simple/foo/'],\n)\n",
        [("MA102", "http://pypi.python.org/simple/foo/", 2, 24, "dependency")],
        id="dependency-links",
    ),
    pytest.param(
        "setup(url='https://pypi.python.org/pypi/x', download_url=u'https://pypi.io/x.tgz')\n",
        [
            ("MA102", "https://pypi.python.org/pypi/x", 1, 12, "link"),
            ("MA104", "https://pypi.io/x.tgz", 1, 60, "link"),
        ],
        id="links",
    ),
    pytest.param(
        "setup(project_urls={'Home': 'https://pypi.python.org/pypi/x'})\n",
        [("MA102", "https://pypi.python.org/pypi/x", 1, 30, "link")],
        id="project-urls",
    ),
    pytest.param(
        "setup(options={'easy_install': {'index_url': 'http://b.pypi.python.org/simple'}})\n",
        [("MA101", "http://b.pypi.python.org/simple", 1, 47, "setting")],
        id="options-easy-install",
    ),
    pytest.param(
        "use_setuptools(download_base='https://pypi.python.org/packages/source/s/setuptools/')\n",
        [
            (
                "MA102",
                "https://pypi.python.org/packages/source/s/setuptools/",
                1,
                31,
                "dependency",
            )
        ],
        id="download-base",
    ),
    pytest.param(
        "DEFAULT_URL = 'http://pypi.python.org/packages/source/d/distribute/'\n",
        [("MA102", "http://pypi.python.org/packages/source/d/distribute/", 1, 16, "dependency")],
        id="default-url-constant",
    ),
    pytest.param(
        "p.add_option('-f', '--find-links', default='http://pypi.python.org/simple',\n"
        "             help='links (default https://pypi.python.org/simple)')\n",
        [
            ("MA102", "http://pypi.python.org/simple", 1, 45, "setting"),
            ("MA102", "https://pypi.python.org/simple", 2, 35, "mention"),
        ],
        id="optparse-default-and-help",
    ),
    pytest.param(
        "p.add_argument('--index-url', default='http://m.example/simple')\n"
        "p.add_argument('--name', default='http://m.example/simple')\n",
        [("MA202", "http://m.example/simple", 1, 40, "setting")],
        id="argparse-index-default-only",
    ),
    pytest.param(
        '"""Docs: https://pypi.python.org/pypi/x"""\nx = 1  # was http://pypi.python.org/simple\n',
        [
            ("MA102", "https://pypi.python.org/pypi/x", 1, 10, "mention"),
            ("MA102", "http://pypi.python.org/simple", 2, 14, "comment"),
        ],
        id="docstring-and-comment",
    ),
    pytest.param(
        "cmd = ['pip', 'install', '--use-mirrors', x]\n",
        [("MA301", "--use-mirrors", 1, 27, "command")],
        id="option-element",
    ),
    pytest.param(
        "x = 'é' + \"https:\\/\\/pypi.python.org/simple\"\r\ny = rb'pypi.io'\r\n",
        [
            ("MA102", "https:\\/\\/pypi.python.org/simple", 1, 12, "command"),
            ("MA104", "pypi.io", 2, 8, "command"),
        ],
        id="escapes-prefixes-crlf",
    ),
    pytest.param(
        "x = '''\n  https://pypi.python.org/simple\n'''\n",
        [("MA102", "https://pypi.python.org/simple", 2, 3, "command")],
        id="triple-quoted",
    ),
]

FIXES = [
    pytest.param(
        "setup(dependency_links=['https://pypi.python.org/simple/foo/'])\n",
        "setup(dependency_links=['https://pypi.org/simple/foo/'])\n",
        id="dependency-link",
    ),
    pytest.param(
        "X = 'https:\\x2f/pypi.python.org/simple/\\u0041/'\n",
        "X = 'https://pypi.org/simple/A/'\n",
        id="escapes-written-plain",
    ),
    pytest.param(
        "cmd = ['pip', 'install', '--use-mirrors', 'x']\n",
        "cmd = ['pip', 'install', 'x']\n",
        id="option-element-with-comma",
    ),
    pytest.param(
        "cmd = ['pip', 'install', 'x', '--allow-external', 'x']\n",
        "cmd = ['pip', 'install', 'x']\n",
        id="option-and-value-elements-last",
    ),
    pytest.param("cmd = ('--use-mirrors',)\n", "cmd = ()\n", id="sole-element-trailing-comma"),
    pytest.param(
        "setup(options={'easy_install': {'allow_hosts': '*.example.com,pypi.python.org'}})\n",
        "setup(options={'easy_install': "
        "{'allow_hosts': '*.example.com,pypi.org,files.pythonhosted.org'}})\n",
        id="allow-hosts-comma-list",
    ),
]

# Computed values: the URL runs into something only known when the code runs.
DYNAMIC = [
    pytest.param("URL = f'https://pypi.python.org/simple/{name}/'\n", id="f-string-field"),
    pytest.param("URL = 'https://pypi.python.org/simple/' + name\n", id="concatenation"),
    pytest.param("URL = a + ' https://pypi.python.org/pypi/' + name\n", id="concatenation-chain"),
    pytest.param("URL = 'https://pypi.python.org/packages/%s/s/' % ver\n", id="percent-format"),
    pytest.param("URL = 'https://pypi.python.org/{}/'.format(ver)\n", id="str-format"),
    pytest.param("URL = ('https://pypi.python.org' '/simple/')\n", id="implicit-concatenation"),
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert found(text, "setup.py") == []


@pytest.mark.parametrize(("text", "rows"), FINDS)
def test_finds(text: str, rows: list[Row]) -> None:
    assert found(text, "setup.py") == rows


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fixes(before: str, after: str) -> None:
    assert fixed(before, "setup.py") == after
    compile(after, "setup.py", "exec")


@pytest.mark.parametrize("text", DYNAMIC)
def test_dynamic_is_reported_never_fixed(text: str) -> None:
    (finding,) = findings_for(text, "setup.py")
    assert (finding.rule, finding.replacement) == ("MA102", None)
    assert finding.note == "computed value: fix where it is defined"
    assert fixed(text, "setup.py") == text


def test_literal_whole_url_beside_a_field_is_fixed() -> None:
    text = "msg = f'{name}: see https://pypi.python.org/simple now'\n"
    assert fixed(text, "setup.py") == "msg = f'{name}: see https://pypi.org/simple/ now'\n"


@pytest.mark.parametrize(
    "name",
    ["setup.py", "ez_setup.py", "distribute_setup.py", "bootstrap.py", "bootstrap-buildout.py"],
)
def test_kind(name: str) -> None:
    assert kinds.kind_of(name) == kinds.PYTHON_SETUP


def test_python2_falls_back_to_text() -> None:
    text = "DEFAULT_URL = 'http://pypi.python.org/packages/source/s/setuptools/'\nprint 'x'\n"
    (reason,) = errors(text, "ez_setup.py", kinds.PYTHON_SETUP)
    assert "does not parse as python-setup" in reason and "not Python 3" in reason
    assert [r[:4] for r in found(text, "ez_setup.py")] == [
        ("MA102", "http://pypi.python.org/packages/source/s/setuptools/", 1, 16)
    ]


def test_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"open({str(marker)!r}, 'w').write('x')\nsetup(url='https://pypi.python.org/pypi/x')\n"
    assert len(findings_for(text, "setup.py")) == 1
    assert not marker.exists()


def test_toml_and_libcst_are_imported_only_when_needed(tmp_path: Path) -> None:
    """A scan that meets no TOML or Python file imports neither tomlkit nor libcst."""
    (tmp_path / "requirements.txt").write_text("-i https://pypi.python.org/simple\nx\n")
    script = textwrap.dedent(
        f"""
        import sys
        from mirror_audit import api
        report = api.scan([{str(tmp_path)!r}])
        assert len(report.findings) == 1, report.findings
        print(sorted(m for m in ("libcst", "tomlkit") if m in sys.modules))
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
