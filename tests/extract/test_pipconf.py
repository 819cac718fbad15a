"""pip.conf / pip.ini: every section, pip's key names, full-line comments only, list values."""

from __future__ import annotations

import codecs

import pytest

from mirror_audit import api, kinds
from tests.extract.inicases import errors, fixed, found
from tests.fixing import default_rules, document

NOOP = [
    pytest.param("[global]\nindex-url = https://pypi.org/simple/\n", id="current-index"),
    pytest.param(
        "[global]\nindex-url=http://localhost:3141/root/pypi/+simple/\n", id="http-localhost"
    ),
    pytest.param("[install]\ntrusted-host=mirrors.aliyun.com\n", id="trusted-other-host"),
    pytest.param(
        "[global]\ntrusted-host = notpypi.python.org pypi.python.org.example.com\n", id="lookalikes"
    ),
    pytest.param(
        "# docs: http://example.com/pip.html\n[global]\ntimeout = 60\n", id="prose-comment-http"
    ),
    pytest.param("[global]\n# proxy = http://proxy.local:3128\n", id="commented-unknown-key"),
    pytest.param("[global]\nuse-wheel = true\nno-index = false\n", id="other-keys"),
    pytest.param("[global]\nfind-links = file:///srv/wheels\n", id="file-find-links"),
]

FINDS = [
    pytest.param(
        "[global]\nuse-mirrors = true\n",
        [("MA301", "use-mirrors", 2, 1, "setting")],
        id="use-mirrors-key",
    ),
    pytest.param(
        "[install]\nUSE_MIRRORS=True\n",
        [("MA301", "USE_MIRRORS", 2, 1, "setting")],
        id="key-normalised",
    ),
    pytest.param(
        "[global]\n--use-mirrors = true\n",
        [("MA301", "--use-mirrors", 2, 1, "setting")],
        id="key-with-dashes",
    ),
    pytest.param(
        "[global]\nprocess-dependency-links = yes\n[install]\nallow_all_external: true\n",
        [
            ("MA303", "process-dependency-links", 2, 1, "setting"),
            ("MA302", "allow_all_external", 4, 1, "setting"),
        ],
        id="other-removed-keys",
    ),
    pytest.param(
        "[global]\nmirrors =\n    http://b.pypi.python.org\n",
        [
            ("MA301", "mirrors", 2, 1, "setting"),
            ("MA101", "http://b.pypi.python.org", 3, 5, "setting"),
        ],
        id="mirrors-key-and-host",
    ),
    pytest.param(
        "[global]\nindex-url = http://pypi.python.org/simple\n",
        [("MA102", "http://pypi.python.org/simple", 2, 13, "setting")],
        id="legacy-index",
    ),
    pytest.param(
        "[global]\npypi_url: https://pypi.io/simple\n",
        [("MA104", "https://pypi.io/simple", 2, 11, "setting")],
        id="colon-and-alias",
    ),
    pytest.param(
        "[global]\nextra-index-url =\n    https://pypi.org/simple\n    http://mirror.local/simple\n",
        [("MA202", "http://mirror.local/simple", 4, 5, "setting")],
        id="multi-line-http",
    ),
    pytest.param(
        "[global]\ntrusted-host = example.com pypi.python.org\n",
        [("MA102", "pypi.python.org", 2, 28, "setting")],
        id="trusted-legacy-host",
    ),
    pytest.param(
        "[global]\ntrusted-host =\n    pypi.org:443\n",
        [("MA203", "pypi.org:443", 3, 5, "setting")],
        id="trusted-pypi-with-port",
    ),
    pytest.param(
        "[search]\nindex = https://pypi.python.org/pypi\n",
        [("MA102", "https://pypi.python.org/pypi", 2, 9, "setting")],
        id="search-index",
    ),
    pytest.param(
        "[global]\n  # index-url = http://mirror.local/simple\n",
        [("MA202", "http://mirror.local/simple", 2, 17, "comment")],
        id="indented-commented-setting",
    ),
    pytest.param(
        "[global]\n#index-url=http://mirror.local/simple\n",
        [("MA202", "http://mirror.local/simple", 2, 12, "comment")],
        id="commented-setting-no-blanks",
    ),
    pytest.param(
        "; extra-index-url: https://pypi.python.org/simple\n[global]\n",
        [("MA102", "https://pypi.python.org/simple", 1, 20, "comment")],
        id="semicolon-comment",
    ),
    pytest.param(
        "[global]\nextra-index-url =\n    https://pypi.org/simple\n    # https://pypi.python.org/simple\n",
        [("MA102", "https://pypi.python.org/simple", 4, 7, "comment")],
        id="comment-inside-value",
    ),
    pytest.param(
        "[global]\nindex-url = https://x.org/simple # https://pypi.python.org/simple\n",
        [("MA102", "https://pypi.python.org/simple", 2, 36, "setting")],
        id="no-inline-comments",
    ),
    pytest.param(
        "[global]\r\ntimeout = 1\r\nindex-url = https://pypi.python.org/simple\r\n",
        [("MA102", "https://pypi.python.org/simple", 3, 13, "setting")],
        id="crlf",
    ),
    pytest.param(
        "[global]\rtimeout = 1\rindex-url = https://pypi.python.org/simple\r",
        [("MA102", "https://pypi.python.org/simple", 3, 13, "setting")],
        id="lone-cr",
    ),
    pytest.param(
        "[global]\nindex-url = https://x.org/simple\n\n  extra = http://pypi.python.org/simple\n",
        [("MA102", "http://pypi.python.org/simple", 4, 11, "setting")],
        id="deeper-line-continues",
    ),
]

FIXES = [
    pytest.param(
        "[global]\nindex-url = https://pypi.org/simple/\nuse-mirrors = true\ntimeout = 60\n",
        "[global]\nindex-url = https://pypi.org/simple/\ntimeout = 60\n",
        id="key-line-removed",
    ),
    pytest.param(
        "[global]\nmirrors =\n    http://b.pypi.python.org\n    http://c.pypi.python.org\n"
        "timeout = 60\n",
        "[global]\ntimeout = 60\n",
        id="key-and-continuation-removed",
    ),
    pytest.param(
        "[global]\ntrusted-host = pypi.python.org\n",
        "[global]\ntrusted-host = pypi.org files.pythonhosted.org\n",
        id="one-line-list",
    ),
    pytest.param(
        "[global]\r\ntrusted-host =\r\n  example.com\r\n  pypi.python.org\r\n",
        "[global]\r\ntrusted-host =\r\n  example.com\r\n  pypi.org\r\n  files.pythonhosted.org\r\n",
        id="multi-line-list-crlf",
    ),
    pytest.param(
        "[global]\nindex-url = http://b.pypi.python.org/simple\n",
        "[global]\nindex-url = https://pypi.org/simple/\n",
        id="mirror-index",
    ),
]

UNSAFE_FIXES = [
    pytest.param(
        "[global]\ntrusted-host = pypi.org\ntimeout = 60\n",
        "[global]\ntimeout = 60\n",
        id="only-item",
    ),
    pytest.param(
        "[global]\ntrusted-host = example.com pypi.org\n",
        "[global]\ntrusted-host = example.com\n",
        id="last-item",
    ),
    pytest.param(
        "[global]\ntrusted-host = pypi.org example.com\n",
        "[global]\ntrusted-host = example.com\n",
        id="first-item",
    ),
    pytest.param(
        "[global]\ntrusted-host =\n    pypi.org\n    example.com\n",
        "[global]\ntrusted-host =\n    example.com\n",
        id="item-line",
    ),
    pytest.param(
        "[global]\ntrusted-host = pypi.org\n    example.com\n",
        "[global]\ntrusted-host =\n    example.com\n",
        id="item-on-key-line",
    ),
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert found(text, "pip.conf") == []


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_finds(text: str, expected: list[tuple[str, str, int, int, str]]) -> None:
    assert found(text, "pip.conf") == expected


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fixes(before: str, after: str) -> None:
    assert fixed(before, "pip.ini") == after


@pytest.mark.parametrize(("before", "after"), UNSAFE_FIXES)
def test_unsafe_fixes_delete_one_trusted_host(before: str, after: str) -> None:
    assert fixed(before, "pip.conf", unsafe=True) == after


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        pytest.param(
            "index-url = https://pypi.python.org/simple\n", "MA102", id="key-before-section"
        ),
        pytest.param("[global]\n--use-mirrors\n", "MA301", id="no-delimiter"),
    ],
)
def test_a_file_pip_refuses_is_a_parse_error_scanned_as_text(text: str, rule: str) -> None:
    (error,) = errors(text, "pip.conf", kinds.PIP_CONF)
    assert error.startswith("does not parse as pip-conf: line ")
    assert [row[0] for row in found(text, "pip.conf")] == [rule]


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(
            codecs.BOM_UTF8 + b"[global]\nindex-url = https://pypi.python.org/simple\n",
            id="bom",
        ),
        pytest.param(
            "# é\n[global]\nindex-url = https://pypi.python.org/simple\n".encode("latin-1"),
            id="latin-1",
        ),
    ],
)
def test_positions_in_decoded_text(raw: bytes) -> None:
    doc = document(raw, "pip.conf")
    (finding,) = api.scan_document(doc, default_rules()).findings
    line = 3 if raw.startswith(b"#") else 2
    assert (finding.line, finding.column, finding.match) == (
        line,
        13,
        "https://pypi.python.org/simple",
    )
