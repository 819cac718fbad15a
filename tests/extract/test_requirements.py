"""Requirements files: every option spelling pip accepts, continuations, comments, includes."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from mirror_audit import api, kinds
from mirror_audit.config import Config
from mirror_audit.read import make_document
from tests.extract.inicases import found
from tests.fixing import default_rules, fixed_text

SIMPLE = "https://pypi.python.org/simple"

NOOP = [
    pytest.param("-i https://pypi.org/simple/\n", id="current-index"),
    pytest.param(
        "--extra-index-url https://pypi.python.org.example.com/simple\n", id="lookalike-host"
    ),
    pytest.param("--index-url https://inspector.pypi.io/x\n", id="inspector-is-live"),
    pytest.param("http://example.com/x-1.0.tar.gz\n", id="http-archive-is-not-an-index"),
    pytest.param("x @ http://example.com/x-1.0.tar.gz\n", id="http-direct-reference"),
    pytest.param("-i http://localhost:3141/root/pypi/+simple/\n", id="http-localhost"),
    pytest.param("-e git+https://github.com/x/y.git#egg=y\n", id="editable-vcs"),
    pytest.param("x==1.0 --hash=sha256:0123456789abcdef\n", id="hash"),
    pytest.param("-r base.txt\n-c constraints.txt\n", id="includes"),
    pytest.param("--pre\n--no-index\n-f ./wheels\n--prefer-binary\n", id="flags"),
    pytest.param("--trusted-host internal.example.com\n", id="trusted-internal"),
    pytest.param("-m pytest\n", id="lower-m-is-not-mirrors"),
    pytest.param("x==1 \\\n  ; python_version < '3'\n", id="continued-marker"),
    pytest.param(
        "#\n# pip-compile --index-url=http://localhost:3141/simple/\n#\n", id="compile-header"
    ),
]

INDEX_SPELLINGS = [
    pytest.param(f"-i{SIMPLE}\n", 3, "-i", id="short-attached"),
    pytest.param(f"-i {SIMPLE}\n", 4, "-i", id="short-separate"),
    pytest.param(f"--index-url={SIMPLE}\n", 13, "--index-url", id="long-equals"),
    pytest.param(f"--index-url {SIMPLE}\n", 13, "--index-url", id="long-separate"),
    pytest.param(f"--index {SIMPLE}\n", 9, "--index", id="prefix-index"),
    pytest.param(f"--ind={SIMPLE}\n", 7, "--ind", id="prefix-ind"),
    pytest.param(f"--pypi-url {SIMPLE}\n", 12, "--pypi-url", id="pypi-url"),
    pytest.param(f"--pypi {SIMPLE}\n", 8, "--pypi", id="prefix-pypi"),
    pytest.param(f"--extra-index-url={SIMPLE}\n", 19, "--extra-index-url", id="extra"),
    pytest.param(f"--extra {SIMPLE}\n", 9, "--extra", id="prefix-extra"),
    pytest.param(f"-f {SIMPLE}\n", 4, "-f", id="find-links-short"),
    pytest.param(f"--find {SIMPLE}\n", 8, "--find", id="prefix-find"),
    pytest.param(f"--find-links='{SIMPLE}'\n", 15, "--find-links", id="quoted"),
    pytest.param(f"x==1 --index-url {SIMPLE}\n", 18, "--index-url", id="on-a-requirement-line"),
    pytest.param(f"-i \\\n{SIMPLE}\n", 1, "-i", id="value-on-continuation"),
]

FINDS = [
    pytest.param(
        "--trusted-host pypi.python.org\n",
        [("MA102", "pypi.python.org", 1, 16, "setting")],
        id="trusted-legacy",
    ),
    pytest.param(
        "--trusted pypi.org:443\n",
        [("MA203", "pypi.org:443", 1, 11, "setting")],
        id="trusted-prefix",
    ),
    pytest.param(
        f"-i {SIMPLE}#frag\n",
        [("MA102", f"{SIMPLE}#frag", 1, 4, "setting")],
        id="fragment-is-not-a-comment",
    ),
    pytest.param(f"# {SIMPLE}\n", [("MA102", SIMPLE, 1, 3, "comment")], id="comment-line"),
    pytest.param(f"x==1  # {SIMPLE}\n", [("MA102", SIMPLE, 1, 9, "comment")], id="inline-comment"),
    pytest.param(
        f"-i https://pypi.org/simple/ \\\n# {SIMPLE}\n",
        [("MA102", SIMPLE, 2, 3, "comment")],
        id="comment-line-ends-the-join",
    ),
    pytest.param(
        f"x==1 # note \\\n-i {SIMPLE}\n",
        [("MA102", SIMPLE, 2, 4, "comment")],
        id="continued-comment-swallows-next-line",
    ),
    pytest.param(
        "M @ http://pypi.python.org/packages/source/M/M/M-2.0.tar.gz\n",
        [("MA102", "http://pypi.python.org/packages/source/M/M/M-2.0.tar.gz", 1, 5, "dependency")],
        id="direct-reference-legacy-host-only",
    ),
    pytest.param(
        "http://pypi.python.org/packages/source/M/M/M-2.0.tar.gz\n",
        [("MA102", "http://pypi.python.org/packages/source/M/M/M-2.0.tar.gz", 1, 1, "dependency")],
        id="bare-archive",
    ),
    pytest.param(
        "-e git+https://testpypi.python.org/x.git#egg=x\n",
        [("MA103", "git+https://testpypi.python.org/x.git#egg=x", 1, 4, "dependency")],
        id="editable",
    ),
    pytest.param(
        "-r https://pypi.python.org/r.txt\n",
        [("MA102", "https://pypi.python.org/r.txt", 1, 4, "dependency")],
        id="remote-include",
    ),
    pytest.param(
        "--use-mirrors\n", [("MA301", "--use-mirrors", 1, 1, "setting")], id="use-mirrors"
    ),
    pytest.param("-M\n", [("MA301", "-M", 1, 1, "setting")], id="short-M"),
    pytest.param(
        "--mirrors http://b.pypi.python.org\n",
        [
            ("MA301", "--mirrors", 1, 1, "setting"),
            ("MA101", "http://b.pypi.python.org", 1, 11, "setting"),
        ],
        id="mirrors-with-value",
    ),
    pytest.param(
        "--allow-external PIL\n--allow-all-external\n--allow-unverified=PIL\n",
        [
            ("MA302", "--allow-external", 1, 1, "setting"),
            ("MA302", "--allow-all-external", 2, 1, "setting"),
            ("MA302", "--allow-unverified", 3, 1, "setting"),
        ],
        id="pep470",
    ),
    pytest.param(
        "x==1 \\\n  --process-dependency-links\n",
        [("MA303", "--process-dependency-links", 2, 3, "setting")],
        id="dependency-links-on-continuation",
    ),
    pytest.param(
        "-i https://${TOKEN}@pypi.python.org/simple\n",
        [("MA102", "https://${TOKEN}@pypi.python.org/simple", 1, 4, "setting")],
        id="variable-in-userinfo",
    ),
    pytest.param(f"x==1\r\n-i {SIMPLE}\r\n", [("MA102", SIMPLE, 2, 4, "setting")], id="crlf"),
    pytest.param(f"x==1\r-i {SIMPLE}\r", [("MA102", SIMPLE, 2, 4, "setting")], id="lone-cr"),
]

FIXES = [
    pytest.param("--use-mirrors\nclick\n", "click\n", id="alone-on-its-line"),
    pytest.param(
        "-i https://pypi.org/simple/ --use-mirrors\n",
        "-i https://pypi.org/simple/\n",
        id="after-an-option",
    ),
    pytest.param(
        "--use-mirrors -i https://pypi.org/simple/\n",
        "-i https://pypi.org/simple/\n",
        id="before-an-option",
    ),
    pytest.param(
        "-i https://pypi.org/simple/ \\\n    --use-mirrors \\\n    --pre\n",
        "-i https://pypi.org/simple/ \\\n    --pre\n",
        id="middle-of-a-continuation",
    ),
    pytest.param(
        "-i https://pypi.org/simple/ \\\n    --use-mirrors\nclick\n",
        "-i https://pypi.org/simple/\nclick\n",
        id="last-of-a-continuation-no-dangling-backslash",
    ),
    pytest.param(
        "--use-mirrors \\\n    -i https://pypi.org/simple/\n",
        "-i https://pypi.org/simple/\n",
        id="first-of-a-continuation",
    ),
    pytest.param(
        "--allow-external \\\n    PIL\nclick\n", "click\n", id="option-and-value-on-two-lines"
    ),
    pytest.param("--allow-unverified=x --pre\n", "--pre\n", id="attached-value"),
    pytest.param(
        "--trusted-host pypi.python.org\n",
        "--trusted-host pypi.org --trusted-host files.pythonhosted.org\n",
        id="trusted-host-becomes-two-flags",
    ),
    pytest.param(
        "--trusted-host=pypi.python.org\n",
        "--trusted-host=pypi.org --trusted-host=files.pythonhosted.org\n",
        id="trusted-host-equals",
    ),
    pytest.param(
        f"--use-mirrors\r\n-i {SIMPLE}\r\n", "-i https://pypi.org/simple/\r\n", id="crlf-kept"
    ),
    pytest.param(
        "M @ https://pypi.python.org/packages/source/M/M/M-2.6.tar.gz\n",
        "M @ https://files.pythonhosted.org/packages/source/M/M/M-2.6.tar.gz\n",
        id="direct-reference",
    ),
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert found(text, "requirements.txt") == []


@pytest.mark.parametrize(("text", "column", "setting"), INDEX_SPELLINGS)
def test_every_index_spelling(text: str, column: int, setting: str) -> None:
    rows = found(text, "requirements.txt")
    assert rows == [
        ("MA102", SIMPLE, text[: text.index("https")].count("\n") + 1, column, "setting")
    ]
    http = found(text.replace(SIMPLE, "http://mirror.example/simple"), "requirements.txt")
    assert [row[0] for row in http] == [
        "MA202"
    ]  # http:// is an insecure index here: the role is index


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_finds(text: str, expected: list[tuple[str, str, int, int, str]]) -> None:
    assert found(text, "requirements.txt") == expected


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fixes(before: str, after: str) -> None:
    assert fixed_text(before, "requirements.txt") == after


def test_unsafe_fix_deletes_a_trusted_pypi_host_with_its_option() -> None:
    text = (
        "-i https://pypi.org/simple/ --trusted-host pypi.org\n"
        "--trusted-host files.pythonhosted.org\nclick\n"
    )
    assert (
        fixed_text(text, "requirements.txt", unsafe=True) == "-i https://pypi.org/simple/\nclick\n"
    )


def test_a_host_port_from_a_variable_is_computed_and_not_fixed() -> None:
    doc = make_document(
        "requirements.txt", "-i https://pypi.python.org:${PORT}/simple\n", kinds.REQUIREMENTS
    )
    (finding,) = api.scan_document(doc, default_rules()).findings
    assert (finding.rule, finding.replacement, finding.note) == (
        "MA102",
        None,
        "computed value: fix where it is defined",
    )


def test_utf16_with_bom_and_crlf_positions(tmp_path: Path) -> None:
    text = "# r\u00e9sum\u00e9\r\nclick\r\n--extra-index-url https://pypi.python.org/simple\r\n"
    (tmp_path / "requirements.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    report = api.scan([str(tmp_path)])
    assert [(f.line, f.column, f.end_column, f.match) for f in report.findings] == [
        (3, 19, 49, "https://pypi.python.org/simple")
    ]


# -- -r/-c includes: scanned as requirements files, whatever their name ------------------------


def scan_tree(
    tmp_path: Path, files: dict[str, str], root: str = "app"
) -> list[tuple[str, int, str, str]]:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    report = api.scan([str(tmp_path / root)])
    prefix = f"{tmp_path}/"
    return sorted(
        (f.path.replace(prefix, ""), f.line, f.rule, f.context.value) for f in report.findings
    )


def test_an_included_file_with_any_name_is_a_requirements_file(tmp_path: Path) -> None:
    files = {
        "app/requirements.txt": "-r base.pip\n-c sub/pins.in\n",
        "app/base.pip": "-M\n",
        "app/sub/pins.in": f"--extra-index-url {SIMPLE}\n",
    }
    assert scan_tree(tmp_path, files) == [
        ("app/base.pip", 1, "MA301", "setting"),
        ("app/sub/pins.in", 1, "MA102", "setting"),
    ]


@pytest.mark.parametrize(
    "common",
    [
        pytest.param("--use-mirrors\n", id="a-mention-as-documentation-first"),
        pytest.param("-M\n", id="nothing-as-documentation-first"),
    ],
)
def test_an_included_file_scanned_by_its_name_first_is_scanned_again(
    tmp_path: Path, common: str
) -> None:
    # common.txt is documentation by its name, and walked before requirements.txt names it
    files = {"app/requirements.txt": "-r common.txt\n", "app/common.txt": common}
    assert scan_tree(tmp_path, files) == [("app/common.txt", 1, "MA301", "setting")]
    for root in (tmp_path / "app", tmp_path):
        report = api.scan([str(root)])
        assert (report.files_seen, report.files_scanned) == (2, 2)
        assert [f.path for f in report.findings] == [str(tmp_path / "app" / "common.txt")]


def test_cycles_and_files_outside_the_root_are_not_followed(tmp_path: Path) -> None:
    files = {
        "app/requirements.txt": "-r a.pip\n-r ../outside/o.pip\n",
        "app/a.pip": "-r requirements.txt\n-M\n",
        "outside/o.pip": "--use-mirrors\n",
    }
    assert scan_tree(tmp_path, files) == [("app/a.pip", 2, "MA301", "setting")]


def test_an_include_of_a_file_named_on_the_command_line_is_followed(tmp_path: Path) -> None:
    files = {"app/requirements.txt": "-r base.pip\n", "app/base.pip": "-M\n"}
    assert scan_tree(tmp_path, files, root="app/requirements.txt") == [
        ("app/base.pip", 1, "MA301", "setting")
    ]


def test_fix_follows_includes(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r base.pip\n")
    (tmp_path / "base.pip").write_text("-M\nclick\n")
    report = api.fix([str(tmp_path)])
    assert (tmp_path / "base.pip").read_text() == "click\n"
    assert [(f.rule, f.fixed) for f in report.findings] == [("MA301", True)]


def test_an_excluded_include_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r base.pip\n-r kept.pip\n")
    (tmp_path / "base.pip").write_text("-M\n")
    (tmp_path / "kept.pip").write_text("-M\n")
    report = api.scan([str(tmp_path)], Config(exclude=("base.pip",)))
    assert [Path(f.path).name for f in report.findings] == ["kept.pip"]
