"""The generic extractor: scripts, CI YAML and documentation, read as text."""

from __future__ import annotations

import pytest

from tests.conftest import findings_for

NOOP = [
    pytest.param("pip install -i https://pypi.org/simple/ requests\n", "build.sh",
                 id="current-pypi"),
    pytest.param("curl https://testpypi.python.org.example.com/x\n", "x.sh", id="lookalike-suffix"),
    pytest.param("see https://notpypi.python.org/simple\n", "x.sh", id="lookalike-prefix"),
    pytest.param("docs at https://docs.python.org/3/\n", "x.sh", id="docs-python-org"),
    pytest.param("curl https://inspector.pypi.io/project/x/\n", "x.sh", id="inspector-is-live"),
    pytest.param("files at https://files.pythonhosted.org/packages/a/b\n", "x.sh", id="files-host"),
    pytest.param("mail distutils-sig@python.org\n", "x.sh", id="email"),
    pytest.param("allow = *.python.org\n", "x.sh", id="glob"),
    pytest.param("curl -f http://example.com/x.tgz\n", "x.sh", id="curl-f-is-not-pip"),
    pytest.param("wget http://example.com/archive.tar.gz\n", "x.sh", id="plain-http-download"),
    pytest.param("python -m pip install x\n", "x.sh", id="python-dash-m"),
]

FINDS = [
    pytest.param("pip install --use-mirrors x\n", "x.sh", "MA301", "--use-mirrors", 1, 13,
                 id="use-mirrors"),
    pytest.param("pip install -M x\n", "x.sh", "MA301", "-M", 1, 13, id="short-M-in-pip-line"),
    pytest.param("PIP_INDEX_URL=http://mirror.local/simple pip install x\n", "x.sh", "MA202",
                 "http://mirror.local/simple", 1, 15, id="env-http-index"),
    pytest.param("  - pip install -i https://b.pypi.python.org/simple x\n", ".travis.yml", "MA101",
                 "https://b.pypi.python.org/simple", 1, 18, id="mirror-host"),
    pytest.param("url: https://pypi.io/packages/source/r/requests/requests-{{ version }}.tar.gz\n",
                 "meta.yaml", "MA104", "https://pypi.io/packages/source/r/requests/requests-{{",
                 1, 6, id="conda-pypi-io"),
    pytest.param("x = 'HTTPS://PyPI.Python.Org./simple'\n", "x.py", "MA102",
                 "HTTPS://PyPI.Python.Org./simple", 1, 6, id="case-and-trailing-dot"),
    pytest.param("pip install --trusted-host pypi.python.org x\n", "x.sh", "MA102",
                 "pypi.python.org", 1, 28, id="bare-trusted-host"),
    pytest.param("pip install --allow-external foo x\n", "x.sh", "MA302", "--allow-external",
                 1, 13, id="pep470"),
    pytest.param("ENV PIP_USE_MIRRORS=1\n", "Dockerfile.txt", "MA301", "PIP_USE_MIRRORS", 1, 5,
                 id="env-name"),
]


@pytest.mark.parametrize(("text", "name"), NOOP)
def test_noop(text: str, name: str) -> None:
    assert findings_for(text, name) == []


@pytest.mark.parametrize(("text", "name", "rule", "match", "line", "column"), FINDS)
def test_finds(text: str, name: str, rule: str, match: str, line: int, column: int) -> None:
    found = findings_for(text, name)
    assert [(f.rule, f.match, f.line, f.column) for f in found] == [(rule, match, line, column)]


def test_documentation_mentions_are_info() -> None:
    (finding,) = findings_for("Install from https://pypi.python.org/simple\n", "README.md")
    assert (finding.context.value, finding.severity.value) == ("mention", "info")


def test_comment_in_script_is_info() -> None:
    (finding,) = findings_for("# old: https://pypi.python.org/simple\n", "x.sh")
    assert (finding.context.value, finding.severity.value) == ("comment", "info")


@pytest.mark.parametrize(
    ("url", "replacement"),
    [
        ("https://pypi.python.org/simple", "https://pypi.org/simple/"),
        ("http://pypi.python.org/simple/", "https://pypi.org/simple/"),
        ("https://pypi.python.org/simple/requests/", "https://pypi.org/simple/requests/"),
        ("https://pypi.python.org/pypi/requests/json", "https://pypi.org/pypi/requests/json"),
        ("https://pypi.python.org/pypi/requests/2.0/json", "https://pypi.org/pypi/requests/2.0/json"),
        ("https://pypi.python.org/pypi/requests", "https://pypi.org/project/requests/"),
        ("https://pypi.python.org/pypi/requests/2.0", "https://pypi.org/project/requests/2.0/"),
        ("https://pypi.python.org/packages/source/r/x/x-1.tar.gz#md5=ab",
         "https://files.pythonhosted.org/packages/source/r/x/x-1.tar.gz#md5=ab"),
        ("http://f.pypi.python.org/simple", "https://pypi.org/simple/"),
        ("http://last.pypi.python.org/simple/", "https://pypi.org/simple/"),
        ("https://testpypi.python.org/simple/", "https://test.pypi.org/simple/"),
        ("https://pypi.io/packages/source/a/b/b.tgz", "https://files.pythonhosted.org/packages/source/a/b/b.tgz"),
        ("http://pypi.org/simple/", "https://pypi.org/simple/"),
    ],
)
def test_path_aware_replacement(url: str, replacement: str) -> None:
    (finding,) = findings_for(f"pip download --index-url {url} x\n", "x.sh")
    assert finding.replacement == replacement


def test_never_maps_to_invented_hosts(default_rules) -> None:  # type: ignore[no-untyped-def]
    text = "a https://testpypi.python.org/x b https://b.pypi.python.org/y c http://last.pypi.python.org/z\n"
    replacements = " ".join(f.replacement or "" for f in findings_for(text, "x.sh"))
    for invented in ("testpypi.org", "b.pypi.org", "last.pypi.org"):
        assert invented not in replacements
