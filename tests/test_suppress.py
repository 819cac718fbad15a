"""Inline suppressions in each format's comment syntax, and MA901 for those that hide nothing."""

from __future__ import annotations

import pytest

from mirror_audit.config import Config
from mirror_audit.rules import load_rules
from mirror_audit.selection import choose
from tests.conftest import findings_for

# (file name, text): a legacy reference that a suppression in the format's own syntax hides.
SUPPRESSED = [
    pytest.param(
        "requirements.txt",
        "-i https://pypi.python.org/simple  # mirror-audit: ignore[MA102] proxy\n",
        id="requirements-trailing",
    ),
    pytest.param(
        "requirements.txt",
        "# mirror-audit: ignore[MA102] proxy\n-i https://pypi.python.org/simple\n",
        id="requirements-line-above",
    ),
    pytest.param(
        "requirements.txt",
        "# mirror-audit: ignore[legacy-pypi-host]\n-i https://pypi.python.org/simple\n",
        id="by-rule-name",
    ),
    pytest.param(
        "requirements.txt",
        "# mirror-audit: ignore[MA301, MA102]\n--use-mirrors -i https://pypi.python.org/simple\n",
        id="several-rules",
    ),
    pytest.param(
        "pip.conf",
        "[global]\n# mirror-audit: ignore[MA102] proxy\nindex-url = https://pypi.python.org/simple\n",
        id="pip-conf-hash",
    ),
    pytest.param(
        "pip.conf",
        "[global]\n; mirror-audit: ignore[MA102] proxy\nindex-url = https://pypi.python.org/simple\n",
        id="pip-conf-semicolon",
    ),
    pytest.param(
        "setup.cfg",
        "[easy_install]\n# mirror-audit: ignore[MA102]\nindex_url = https://pypi.python.org/simple\n",
        id="setup-cfg",
    ),
    pytest.param(
        "tox.ini",
        "[testenv]\ndeps = -i https://pypi.python.org/simple x  # mirror-audit: ignore[MA102]\n",
        id="tox-trailing",
    ),
    pytest.param(
        "buildout.cfg",
        "[buildout]\n# mirror-audit: ignore[MA102]\nindex = https://pypi.python.org/simple\n",
        id="buildout",
    ),
    pytest.param(
        ".pypirc",
        "[pypi]\n# mirror-audit: ignore[MA102]\nrepository = https://pypi.python.org/pypi\n",
        id="pypirc",
    ),
    pytest.param(
        "Dockerfile",
        "FROM python\n# mirror-audit: ignore[MA102]\n"
        "RUN pip install -i https://pypi.python.org/simple x\n",
        id="dockerfile-line-above",
    ),
    pytest.param(
        "pyproject.toml",
        '[[tool.uv.index]]\nurl = "https://pypi.python.org/simple"'
        "  # mirror-audit: ignore[MA102]\n",
        id="toml-trailing",
    ),
    pytest.param(
        "setup.py",
        'setup(dependency_links=["https://pypi.python.org/simple/x"])'
        "  # mirror-audit: ignore[MA102]\n",
        id="python-trailing",
    ),
    pytest.param(
        "environment.yml",
        "dependencies:\n  - pip:\n    # mirror-audit: ignore[MA102]\n    - -i https://pypi.python.org/simple\n",
        id="conda-yaml",
    ),
    pytest.param(
        "install.sh",
        "pip install -i https://pypi.python.org/simple x # mirror-audit: ignore[MA102]\n",
        id="shell-trailing",
    ),
    pytest.param(
        "setup.bat",
        "REM mirror-audit: ignore[MA102]\npip install -i https://pypi.python.org/simple x\n",
        id="batch-rem",
    ),
    pytest.param(
        "README.md",
        "<!-- mirror-audit: ignore[MA102] history -->\nSee https://pypi.python.org/pypi/x\n",
        id="markdown-html-comment",
    ),
    pytest.param(
        "notes.rst",
        ".. mirror-audit: ignore[MA102] history\n\nSee https://pypi.python.org/pypi/x\n",
        id="rst-comment-covers-its-own-line-and-the-next-only",
    ),
]


@pytest.mark.parametrize(("name", "text"), SUPPRESSED)
def test_suppressed(name: str, text: str) -> None:
    findings = findings_for(text, name)
    if name == "notes.rst":  # a blank line stands between: the finding is not on the next line
        assert [f.rule for f in findings] == ["MA901", "MA102"]
        return
    assert findings == []


# (file name, text): not a suppression in this format, so the finding stays and nothing is unused.
NOT_COMMENTS = [
    pytest.param(
        "pip.conf",
        "[global]\nindex-url = https://pypi.python.org/simple # mirror-audit: ignore[MA102]\n",
        id="pip-conf-has-no-trailing-comments",
    ),
    pytest.param(
        "setup.cfg",
        "[easy_install]\nindex_url = https://pypi.python.org/simple"
        " # mirror-audit: ignore[MA102]\n",
        id="setup-cfg-has-no-trailing-comments",
    ),
    pytest.param(
        "Dockerfile",
        "FROM python\nRUN pip install -i https://pypi.python.org/simple x"
        " # mirror-audit: ignore[MA102]\n",
        id="dockerfile-hash-inside-an-instruction",
    ),
    pytest.param(
        "install.sh",
        'echo "# mirror-audit: ignore[MA102]" && pip install -i https://pypi.python.org/simple x\n',
        id="inside-a-quoted-string",
    ),
    pytest.param(
        "requirements.txt",
        "-i https://pypi.python.org/simple#mirror-audit: ignore[MA102]\n",
        id="hash-without-a-blank-is-a-fragment",
    ),
    pytest.param(
        "data.json",
        '{"index": "https://pypi.python.org/simple", "c": "# mirror-audit: ignore[MA102]"}\n',
        id="json-has-no-comments",
    ),
]


@pytest.mark.parametrize(("name", "text"), NOT_COMMENTS)
def test_not_a_suppression_where_the_format_has_no_such_comment(name: str, text: str) -> None:
    assert [f.rule for f in findings_for(text, name)] == ["MA102"]


# (text of install.sh, the MA901 findings as (line, column, message tail)).
UNUSED = [
    pytest.param(
        "pip install x  # mirror-audit: ignore[MA102] fixed long ago\n",
        [(1, 18, "ignore[MA102] suppresses nothing")],
        id="fixed-since",
    ),
    pytest.param(
        "pip install -i https://pypi.python.org/simple x  # mirror-audit: ignore[MA102,MA201]\n",
        [(1, 52, "ignore[MA201] suppresses nothing")],
        id="one-of-two-unused",
    ),
    pytest.param(
        "# mirror-audit: ignore[MA102]\n\npip install -i https://pypi.python.org/simple x\n",
        [(1, 3, "ignore[MA102] suppresses nothing"), (3, 16, "MA102")],
        id="two-lines-above-is-too-far",
    ),
    pytest.param(
        "pip install x  # mirror-audit: ignore[MA1O2]\n",
        [(1, 18, "ignore[MA1O2] suppresses nothing (MA1O2: not a rule id or name)")],
        id="typo",
    ),
    pytest.param(
        "pip install x  # mirror-audit: ignore[]\n",
        [(1, 18, "ignore[nothing] suppresses nothing (no rule: not a rule id or name)")],
        id="empty",
    ),
]


@pytest.mark.parametrize(("text", "expected"), UNUSED)
def test_unused_suppressions_are_reported(text: str, expected: list[tuple[int, int, str]]) -> None:
    findings = findings_for(text, "install.sh")
    got = [
        (
            f.line,
            f.column,
            f.message.removeprefix("unused suppression: ") if f.rule == "MA901" else f.rule,
        )
        for f in findings
    ]
    assert got == expected
    unused = [f for f in findings if f.rule == "MA901"]
    assert all(f.severity.value == "warning" and f.replacement is None for f in unused)


def test_a_rule_the_run_does_not_select_is_not_unused() -> None:
    text = "pip install -i https://pypi.python.org/simple x  # mirror-audit: ignore[MA102]\n"
    rules = choose(load_rules(), Config(select=("MA3", "MA9")))
    assert findings_for(text, "install.sh", ruleset=rules) == []
    unselected = choose(load_rules(), Config(ignore=("MA901",)))
    assert [
        f.rule
        for f in findings_for(
            "x  # mirror-audit: ignore[MA102]\n", "install.sh", ruleset=unselected
        )
    ] == []


def test_a_suppression_covers_only_the_rules_it_names() -> None:
    text = "pip install --use-mirrors -i http://pypi.python.org/ # mirror-audit: ignore[MA301]"
    assert [f.rule for f in findings_for(text + "\n", "install.sh")] == ["MA102"]


def test_a_file_with_only_a_stale_suppression_is_read() -> None:
    """The byte prefilter lets such a file through, or its MA901 would never be seen."""
    from mirror_audit.extract.vocabulary import vocabulary

    assert vocabulary(load_rules()).prefilter.search(b"x = 1  # mirror-audit: ignore[MA102] gone\n")
