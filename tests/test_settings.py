"""Configuration files: found by walking up, validated with file/rule/key errors, overridden by
the command line, excludes anchored at the configuration's directory (named files too)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from mirror_audit import settings
from mirror_audit.cli import main
from mirror_audit.config import Config
from mirror_audit.errors import ConfigError
from mirror_audit.model import Severity

ROOT = Path(__file__).resolve().parents[1]
LEGACY = "pip install -i https://pypi.python.org/simple/ x\n"  # MA102, error
ALIAS = "pip install -i https://pypi.io/simple/ x\n"  # MA104, warning


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def scan(*args: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(main, ["scan", "--format", "json", *args])
    report = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, report, result.stderr


def found(report: dict[str, object]) -> list[tuple[str, str, str]]:
    return [(f["path"], f["rule"], f["severity"]) for f in report["findings"]]  # type: ignore[attr-defined, index]


# -- finding the file -------------------------------------------------------------------------

FIND = [
    pytest.param(
        {"pyproject.toml": "[tool.mirror-audit]\n"}, "sub", "pyproject.toml", id="pyproject-above"
    ),
    pytest.param(
        {"pyproject.toml": "[project]\nname='x'\n", ".mirror-audit.toml": ""},
        "sub",
        ".mirror-audit.toml",
        id="pyproject-without-table-is-passed-by",
    ),
    pytest.param(
        {"pyproject.toml": "[tool.mirror-audit]\n", ".mirror-audit.toml": ""},
        ".",
        ".mirror-audit.toml",
        id="own-file-wins-in-the-same-directory",
    ),
    pytest.param(
        {"sub/pyproject.toml": "[tool.mirror-audit]\n", "pyproject.toml": "[tool.mirror-audit]\n"},
        "sub/x.sh",
        "sub/pyproject.toml",
        id="nearest-wins",
    ),
    pytest.param(
        {"pyproject.toml": "[tool.mirror-audit]\n", "repo/.git/HEAD": ""},
        "repo/sub",
        None,
        id="not-above-the-repository-root",
    ),
    pytest.param(
        {"repo/pyproject.toml": "[tool.mirror-audit]\n", "repo/.git/HEAD": ""},
        "repo/sub",
        "repo/pyproject.toml",
        id="the-repository-root-itself",
    ),
    pytest.param({"pyproject.toml": "[tool.other]\nx = 'mirror-audit'\n"}, ".", None, id="none"),
]


@pytest.mark.parametrize(("files", "scanned", "expected"), FIND)
def test_find(tmp_path: Path, files: dict[str, str], scanned: str, expected: str | None) -> None:
    write(tmp_path / "top", files)
    (tmp_path / "top" / "sub").mkdir(exist_ok=True)
    (tmp_path / "top" / "sub" / "x.sh").touch()
    (tmp_path / "top" / "repo" / "sub").mkdir(parents=True, exist_ok=True)
    got = settings.find([str(tmp_path / "top" / scanned)])
    assert got == (None if expected is None else str(tmp_path / "top" / expected))


def test_paths_under_different_configurations_are_refused(tmp_path: Path) -> None:
    write(tmp_path, {"a/.mirror-audit.toml": "", "b/.mirror-audit.toml": "", "c/x.sh": LEGACY})
    with pytest.raises(ConfigError, match="different configuration files"):
        settings.find([str(tmp_path / "a"), str(tmp_path / "b")])
    # a path with no configuration at all does not disagree with one that has one
    assert settings.find([str(tmp_path / "a"), str(tmp_path / "c" / "x.sh")]) == str(
        tmp_path / "a" / ".mirror-audit.toml"
    )


# -- reading it -------------------------------------------------------------------------------

VALUES = [
    pytest.param('select = ["MA1"]', {"select": ("MA1",)}, id="select"),
    pytest.param(
        'ignore = ["MA104", "trusted-pypi-host"]',
        {"ignore": ("MA104", "trusted-pypi-host")},
        id="ignore",
    ),
    pytest.param('extend-select = ["MA9"]', {"extend_select": ("MA9",)}, id="extend-select"),
    pytest.param(
        'severity = { MA202 = "error", MA3 = "info" }',
        {"severity": {"MA202": Severity.ERROR, "MA3": Severity.INFO}},
        id="severity",
    ),
    pytest.param('exclude = ["build/"]', {"anchored_exclude": ("build/",)}, id="exclude"),
    pytest.param(
        'extend-exclude = ["vendor/"]', {"extend_exclude": ("vendor/",)}, id="extend-exclude"
    ),
    pytest.param("include-vendored = true", {"include_vendored": True}, id="include-vendored"),
    pytest.param("max-file-size = 4096", {"max_file_size": 4096}, id="max-file-size-bytes"),
    pytest.param('max-file-size = "2M"', {"max_file_size": 2 << 20}, id="max-file-size-string"),
    pytest.param('fail-on = "error"', {"fail_on": Severity.ERROR}, id="fail-on"),
    pytest.param(
        'map = { "pypi.python.org" = "https://m.example/simple/" }',
        {"maps": {"pypi.python.org": "https://m.example/simple/"}},
        id="map",
    ),
]


@pytest.mark.parametrize(("line", "values"), VALUES)
def test_keys_become_config_values(tmp_path: Path, line: str, values: dict[str, object]) -> None:
    path = write(tmp_path, {"pyproject.toml": f"[tool.mirror-audit]\n{line}\n"}) / "pyproject.toml"
    assert dict(settings.load(str(path)).values) == values


def test_rule_files_are_relative_to_the_configuration_file(tmp_path: Path) -> None:
    path = (
        write(tmp_path, {"conf/.mirror-audit.toml": 'rules = ["org.toml"]\n'})
        / "conf"
        / ".mirror-audit.toml"
    )
    assert settings.load(str(path)).values["rule_files"] == (str(tmp_path / "conf" / "org.toml"),)


ERRORS = [
    pytest.param(
        "colour = true", "[tool.mirror-audit] key 'colour': unknown key", id="unknown-key"
    ),
    pytest.param(
        'select = "MA1"', "key 'select': expected an array of strings", id="select-not-a-list"
    ),
    pytest.param(
        'fail-on = "fatal"', "key 'fail-on': expected one of info, warning, error", id="fail-on"
    ),
    pytest.param(
        "include-vendored = 1", "key 'include-vendored': expected true or false", id="flag"
    ),
    pytest.param('max-file-size = "lots"', "key 'max-file-size': expected a size", id="size"),
    pytest.param("max-file-size = -1", "key 'max-file-size': expected a size", id="negative-size"),
    pytest.param(
        'severity = { MA102 = "fatal" }',
        "key 'severity': rule 'MA102': expected one of",
        id="severity-level",
    ),
    pytest.param(
        'severity = { MA999 = "error" }',
        "key 'severity': rule 'MA999': no rule has this id",
        id="severity-rule",
    ),
    pytest.param(
        'ignore = ["MA9O1"]', "key 'ignore': rule 'MA9O1': no rule has this id", id="ignore-rule"
    ),
    pytest.param(
        'extend-select = ["ORG1"]',
        "key 'extend-select': rule 'ORG1': no rule",
        id="extend-select-rule",
    ),
    pytest.param(
        'map = { "pypi.python.org" = "ftp://x" }',
        "key 'map': host 'pypi.python.org': expected an http(s) URL",
        id="map-url",
    ),
    pytest.param("[tool.mirror-audit\n", "not valid TOML", id="toml-syntax"),
]


@pytest.mark.parametrize(("line", "message"), ERRORS)
def test_configuration_errors_name_the_file_and_key_and_exit_2(
    tmp_path: Path, line: str, message: str
) -> None:
    write(tmp_path, {"pyproject.toml": f"[tool.mirror-audit]\n{line}\n", "x.sh": LEGACY})
    code, _, err = scan(str(tmp_path / "x.sh"))
    assert code == 2
    assert (
        err.startswith(f"mirror-audit: error: {tmp_path / 'pyproject.toml'}: ") and message in err
    ), err
    assert err.count("\n") == 1


def test_a_bad_rule_file_named_by_the_configuration_names_its_rule_and_key(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".mirror-audit.toml": 'rules = ["org.toml"]\n',
            "org.toml": '[[rule]]\nid = "ORG101"\nseverity = "fatal"\n',
            "x.sh": LEGACY,
        },
    )
    code, _, err = scan(str(tmp_path / "x.sh"))
    assert code == 2 and f"{tmp_path / 'org.toml'}: rule ORG101: key 'severity'" in err, err


def test_unknown_selectors_on_the_command_line_exit_2(tmp_path: Path) -> None:
    write(tmp_path, {"x.sh": LEGACY})
    code, _, err = scan("--select", "MA999", str(tmp_path))
    assert code == 2 and "'MA999' matches no rule" in err


# -- the command line over the file -----------------------------------------------------------

TREE = {"legacy.sh": LEGACY, "alias.sh": ALIAS, "vendor/get.sh": LEGACY}
OVERRIDES = [
    pytest.param(
        "",
        [],
        {"alias.sh": "MA104", "legacy.sh": "MA102", "vendor/get.sh": "MA102"},
        1,
        id="no-config",
    ),
    pytest.param('ignore = ["MA102"]', [], {"alias.sh": "MA104"}, 1, id="file-ignore"),
    pytest.param('ignore = ["MA102"]', ["--ignore", "MA104"], {}, 0, id="cli-ignore-adds"),
    pytest.param(
        'ignore = ["MA102"]',
        ["--select", "MA1"],
        {"alias.sh": "MA104", "legacy.sh": "MA102", "vendor/get.sh": "MA102"},
        1,
        id="cli-select-replaces",
    ),
    pytest.param(
        'select = ["MA104"]\nextend-select = ["MA102"]',
        [],
        {"alias.sh": "MA104", "legacy.sh": "MA102", "vendor/get.sh": "MA102"},
        1,
        id="extend-select",
    ),
    pytest.param(
        'select = ["MA104"]',
        ["--extend-select", "legacy-pypi-host"],
        {"alias.sh": "MA104", "legacy.sh": "MA102", "vendor/get.sh": "MA102"},
        1,
        id="cli-extend-select",
    ),
    pytest.param(
        'fail-on = "error"\nignore = ["MA102"]', [], {"alias.sh": "MA104"}, 0, id="file-fail-on"
    ),
    pytest.param(
        'fail-on = "error"\nignore = ["MA102"]',
        ["--fail-on", "warning"],
        {"alias.sh": "MA104"},
        1,
        id="cli-fail-on-wins",
    ),
    pytest.param(
        'exclude = ["vendor/"]',
        [],
        {"alias.sh": "MA104", "legacy.sh": "MA102"},
        1,
        id="file-exclude",
    ),
    pytest.param(
        'exclude = ["vendor/"]',
        ["--exclude", "alias.sh"],
        {"legacy.sh": "MA102", "vendor/get.sh": "MA102"},
        1,
        id="cli-exclude-replaces-exclude",
    ),
    pytest.param(
        'extend-exclude = ["vendor/"]',
        ["--exclude", "alias.sh"],
        {"legacy.sh": "MA102"},
        1,
        id="cli-exclude-keeps-extend-exclude",
    ),
    pytest.param(
        'ignore = ["MA102"]',
        ["--isolated"],
        {"alias.sh": "MA104", "legacy.sh": "MA102", "vendor/get.sh": "MA102"},
        1,
        id="isolated",
    ),
    pytest.param("max-file-size = 10", [], {}, 0, id="file-max-file-size"),
    pytest.param(
        "max-file-size = 10",
        ["--max-file-size", "1M"],
        {"alias.sh": "MA104", "legacy.sh": "MA102", "vendor/get.sh": "MA102"},
        1,
        id="cli-max-file-size-wins",
    ),
]


@pytest.mark.parametrize(("config", "args", "expected", "code"), OVERRIDES)
def test_command_line_overrides_the_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    args: list[str],
    expected: dict[str, str],
    code: int,
) -> None:
    write(tmp_path, {**TREE, "pyproject.toml": f"[tool.mirror-audit]\n{config}\n"})
    monkeypatch.chdir(tmp_path)
    got, report, err = scan(*args, ".")
    assert got == code, err
    assert {p: r for p, r, _ in found(report)} == expected


def test_per_rule_severity_and_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(
        tmp_path,
        {
            ".mirror-audit.toml": 'severity = { MA104 = "info", legacy-pypi-host = "warning" }\n'
            'fail-on = "warning"\nmap = { "pypi.python.org" = "https://m.example/simple/" }\n',
            **TREE,
        },
    )
    monkeypatch.chdir(tmp_path)
    code, report, _ = scan(".")
    assert code == 1
    by_path = {f["path"]: f for f in report["findings"]}  # type: ignore[attr-defined]
    assert (
        by_path["alias.sh"]["severity"] == "info" and by_path["legacy.sh"]["severity"] == "warning"
    )
    assert by_path["legacy.sh"]["replacement"] == "https://m.example/simple/"


def test_config_option_reads_a_file_elsewhere(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "conf/strict.toml": 'ignore = ["MA102", "MA104"]\n',
            "repo/legacy.sh": LEGACY,
            "repo/pyproject.toml": "[tool.mirror-audit]\nignore = []\n",
        },
    )
    assert scan(str(tmp_path / "repo"))[0] == 1
    assert scan("--config", str(tmp_path / "conf" / "strict.toml"), str(tmp_path / "repo"))[0] == 0


# -- excludes ---------------------------------------------------------------------------------

EXCLUDED = [
    pytest.param("vendor/get.sh", True, id="named-file-under-an-excluded-directory"),
    pytest.param("./vendor/get.sh", True, id="dot-slash"),
    pytest.param("vendor", True, id="excluded-directory-named"),
    pytest.param("legacy.sh", False, id="named-file-not-excluded"),
    pytest.param("sub/vendor/get.sh", True, id="pattern-without-slash-prefix-matches-deeper"),
]


@pytest.mark.parametrize(("name", "excluded"), EXCLUDED)
def test_excludes_apply_to_named_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, excluded: bool
) -> None:
    write(
        tmp_path,
        {
            **TREE,
            "sub/vendor/get.sh": LEGACY,
            "pyproject.toml": '[tool.mirror-audit]\nexclude = ["vendor/"]\n',
        },
    )
    monkeypatch.chdir(tmp_path)
    _, report, _ = scan(name)
    assert (report["summary"]["files_scanned"] == 0) is excluded  # type: ignore[index]


def test_excludes_are_anchored_at_the_configuration_not_above_it(tmp_path: Path) -> None:
    # The checkout itself lives under a directory called "build": a pattern "build/" must not
    # exclude the whole repository, only repo/build.
    repo = write(
        tmp_path / "build" / "repo",
        {
            "pyproject.toml": '[tool.mirror-audit]\nexclude = ["build/", "/only-top.sh"]\n',
            "legacy.sh": LEGACY,
            "build/out.sh": LEGACY,
            "only-top.sh": LEGACY,
            "sub/only-top.sh": LEGACY,
        },
    )
    _, report, _ = scan(str(repo))
    assert sorted(p for p, _, _ in found(report)) == [
        f"{repo}/legacy.sh",
        f"{repo}/sub/only-top.sh",
    ]
    _, named, _ = scan(str(repo / "legacy.sh"), str(repo / "build" / "out.sh"))
    assert [p for p, _, _ in found(named)] == [str(repo / "legacy.sh")]


def test_excludes_hold_when_the_walk_starts_below_or_above_the_configuration(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        {
            "repo/.git/HEAD": "",
            "repo/pyproject.toml": '[tool.mirror-audit]\nexclude = ["sub/vendor/"]\n',
            "repo/sub/vendor/get.sh": LEGACY,
            "repo/sub/ok.sh": LEGACY,
        },
    )
    _, below, _ = scan(str(tmp_path / "repo" / "sub"))
    assert [p for p, _, _ in found(below)] == [str(tmp_path / "repo" / "sub" / "ok.sh")]
    config = Config(anchored_exclude=("sub/vendor/",), anchor=str(tmp_path / "repo"))
    from mirror_audit import scan as api_scan

    above = api_scan([str(tmp_path)], config)
    assert [f.path for f in above.findings] == [str(tmp_path / "repo" / "sub" / "ok.sh")]


# -- the documented example -------------------------------------------------------------------


def test_the_pyproject_example_does_what_its_readme_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, report, _ = scan("examples/pyproject-config/")
    assert code == 1
    failing = [(p, r) for p, r, s in found(report) if s != "info"]
    assert failing == [
        ("examples/pyproject-config/requirements.txt", "ORG101"),
        ("examples/pyproject-config/requirements.txt", "MA102"),
    ]
    replacements = [f["replacement"] for f in report["findings"] if f["severity"] != "info"]  # type: ignore[attr-defined]
    assert replacements == ["https://artifactory.corp.example/api/pypi/pypi/simple/"] * 2
    code, named, _ = scan("examples/pyproject-config/third_party/get-pip-legacy.sh")
    assert code == 0 and named["summary"]["files_scanned"] == 0  # type: ignore[index]


INTERNAL = [
    pytest.param(
        "-i https://devpi.corp.example/root/prod/+simple/\n",
        "https://artifactory.corp.example/api/pypi/pypi/simple/",
        id="index",
    ),
    pytest.param(
        "--extra-index-url https://devpi.corp.example/root/prod/+simple/requests/\n",
        "https://artifactory.corp.example/api/pypi/pypi/simple/requests/",
        id="project-page",
    ),
    pytest.param(
        "--trusted-host devpi.corp.example\n", "artifactory.corp.example", id="trusted-host"
    ),
]


@pytest.mark.parametrize(("line", "replacement"), INTERNAL)
def test_the_internal_mirror_rule_example(line: str, replacement: str) -> None:
    from mirror_audit.rules import load_rules
    from tests.conftest import findings_for

    rules = load_rules([ROOT / "examples" / "rules" / "internal-mirror.toml"])
    (finding,) = findings_for(line, "requirements.txt", ruleset=rules)
    assert (finding.rule, finding.replacement, finding.fix_safety.value) == (
        "ORG101",
        replacement,
        "safe",
    )


def test_no_paths_no_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`scan --host` walks no path of its own: the working directory's configuration is not its."""
    write(tmp_path, {"pyproject.toml": "[tool.mirror-audit]\n"})
    monkeypatch.chdir(tmp_path)
    assert settings.find(["."]) == str(tmp_path / "pyproject.toml")
    assert settings.find([]) is None
