"""setup.cfg and the distutils config files: easy_install, options, upload, metadata, tox."""

from __future__ import annotations

import pytest

from mirror_audit import kinds
from tests.extract.inicases import errors, fixed, found

NOOP = [
    pytest.param(
        "[metadata]\nurl = https://github.com/x/y\n"
        "classifiers =\n    Programming Language :: Python\n",
        id="metadata",
    ),
    pytest.param("[options]\ninstall_requires =\n    requests>=2\n", id="requirements"),
    pytest.param(
        "# Read more: http://setuptools.readthedocs.io/en/latest/\n[options]\nzip_safe = False\n",
        id="prose-comment-http",
    ),
    pytest.param("[easy_install]\nindex_url = https://pypi.org/simple/\n", id="current-index"),
    pytest.param(
        "[metadata]\nproject_urls =\n    Download = https://pypi.org/project/x/#files\n",
        id="current-link",
    ),
    pytest.param(
        "[options]\ndependency_links = http://example.com/x.tar.gz#egg=x\n",
        id="http-download-not-index",
    ),
    pytest.param("[easy_install]\nallow_hosts = *.python.org,*.example.com\n", id="host-globs"),
]

FINDS = [
    pytest.param(
        "[easy_install]\nindex_url = http://pypi.python.org/simple\n",
        [("MA102", "http://pypi.python.org/simple", 2, 13, "setting")],
        id="easy-install-index",
    ),
    pytest.param(
        "[easy_install]\nindex-url = http://mirror.local/simple\n",
        [("MA202", "http://mirror.local/simple", 2, 13, "setting")],
        id="dash-key-http",
    ),
    pytest.param(
        "[easy_install]\nfind_links =\n    https://example.com/eggs\n    http://mirror.local/eggs\n",
        [("MA202", "http://mirror.local/eggs", 4, 5, "setting")],
        id="find-links-list",
    ),
    pytest.param(
        "[easy_install]\nallow_hosts = *.example.com,pypi.python.org\n",
        [("MA102", "pypi.python.org", 2, 29, "setting")],
        id="allow-hosts",
    ),
    pytest.param(
        "[options]\ndependency_links =\n    https://pypi.python.org/packages/source/x/x/x-1.tar.gz\n",
        [("MA102", "https://pypi.python.org/packages/source/x/x/x-1.tar.gz", 3, 5, "dependency")],
        id="dependency-links",
    ),
    pytest.param(
        "[upload]\nrepository = https://pypi.python.org/pypi\n",
        [("MA102", "https://pypi.python.org/pypi", 2, 14, "setting")],
        id="upload",
    ),
    pytest.param(
        "[register]\nrepository: https://testpypi.python.org/pypi\n",
        [("MA103", "https://testpypi.python.org/pypi", 2, 13, "setting")],
        id="register",
    ),
    pytest.param(
        "[metadata]\ndownload_url = https://pypi.python.org/pypi/x\n",
        [("MA102", "https://pypi.python.org/pypi/x", 2, 16, "link")],
        id="download-url",
    ),
    pytest.param(
        "[metadata]\nproject-urls =\n    Download = https://pypi.python.org/pypi/x\n",
        [("MA102", "https://pypi.python.org/pypi/x", 3, 16, "link")],
        id="project-urls",
    ),
    pytest.param(
        "[metadata]\ndocs_url = http://pypi.python.org/pypi/x\n",
        [("MA102", "http://pypi.python.org/pypi/x", 2, 12, "link")],
        id="url-like-key",
    ),
    pytest.param(
        "[metadata]\ndescription = A mirror of pypi.python.org\n",
        [("MA102", "pypi.python.org", 2, 27, "mention")],
        id="metadata-prose",
    ),
    pytest.param(
        "[easy_install]\n# index_url = http://mirror.local/simple\n",
        [("MA202", "http://mirror.local/simple", 2, 15, "comment")],
        id="commented-setting",
    ),
    pytest.param(
        "# https://pypi.python.org/pypi?%3Aaction=list_classifiers\n",
        [("MA102", "https://pypi.python.org/pypi?%3Aaction=list_classifiers", 1, 3, "comment")],
        id="legacy-host-in-comment",
    ),
    pytest.param(
        "[metadata]\nurl = https://pypi.python.org/simple/a%%2Bb/\n",
        [("MA102", "https://pypi.python.org/simple/a%%2Bb/", 2, 7, "link")],
        id="percent-as-written",
    ),
    pytest.param(
        "[tox:tox]\nindexserver =\n    default = http://pypi.python.org/simple\n",
        [
            ("MA102", "http://pypi.python.org/simple", 3, 15, "setting"),
            ("MA304", "http://pypi.python.org/simple", 3, 15, "setting"),
        ],
        id="tox-indexserver",
    ),
    pytest.param(
        "[testenv]\ndeps = -ihttps://pypi.python.org/simple pytest  # pinned\n",
        [("MA102", "https://pypi.python.org/simple", 2, 10, "command")],
        id="tox-deps",
    ),
    pytest.param(
        "[bdist_wheel]\nuniversal = 1\n[aliases]\nrelease = register -r https://pypi.python.org/pypi\n",
        [("MA102", "https://pypi.python.org/pypi", 4, 23, "command")],
        id="other-section",
    ),
]

FIXES = [
    pytest.param(
        "[upload]\nrepository = https://pypi.python.org/pypi\n",
        "[upload]\nrepository = https://upload.pypi.org/legacy/\n",
        id="upload-endpoint",
    ),
    pytest.param(
        "[metadata]\nurl = https://pypi.python.org/simple/a%%2Bb/\n",
        "[metadata]\nurl = https://pypi.org/simple/a%%2Bb/\n",
        id="percent-stays-doubled",
    ),
    pytest.param(
        "[easy_install]\nallow_hosts = *.example.com,pypi.python.org\n",
        "[easy_install]\nallow_hosts = *.example.com,pypi.org,files.pythonhosted.org\n",
        id="comma-list",
    ),
    pytest.param(
        "[easy_install]\nfind_links = https://x.org/eggs http://pypi.python.org/simple/x/\n",
        "[easy_install]\nfind_links = https://x.org/eggs https://pypi.org/simple/x/\n",
        id="find-links",
    ),
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert found(text, "setup.cfg") == []


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_finds(text: str, expected: list[tuple[str, str, int, int, str]]) -> None:
    assert found(text, "setup.cfg") == expected


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fixes(before: str, after: str) -> None:
    assert fixed(before, "setup.cfg") == after


@pytest.mark.parametrize("name", [".pydistutils.cfg", "pydistutils.cfg", "distutils.cfg"])
def test_distutils_config_files(name: str) -> None:
    text = "[easy_install]\nindex_url = http://pypi.python.org/simple/\n"
    assert found(text, name) == [("MA102", "http://pypi.python.org/simple/", 2, 13, "setting")]
    assert fixed(text, name) == "[easy_install]\nindex_url = https://pypi.org/simple/\n"


def test_a_line_setuptools_refuses_is_a_parse_error() -> None:
    text = "[metadata]\nname = x\nsee pypi.python.org\n"
    (error,) = errors(text, "setup.cfg", kinds.SETUP_CFG)
    assert error.startswith("does not parse as setup-cfg: line 3")
    assert found(text, "setup.cfg") == [("MA102", "pypi.python.org", 3, 5, "command")]
