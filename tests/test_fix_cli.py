"""`scan --fix` and its companions on the command line: exit codes, reports, --map, backups."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mirror_audit import api
from mirror_audit.cli import main

SCRIPT = "pip install --use-mirrors -i http://pypi.python.org/simple foo\n"
SCRIPT_FIXED = "pip install -i https://pypi.org/simple/ foo\n"
PRIVATE = "pip install -i http://mirror.internal/simple foo\n"  # MA202: no automatic fix
LOCK = '[[package]]\nname = "x"\nsource = { registry = "https://pypi.python.org/simple" }\n'


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "install.sh").write_text(SCRIPT)
    (tmp_path / "README.md").write_text("Moved from https://pypi.python.org/pypi/x\n")
    return tmp_path


EXIT_CODES = [
    pytest.param({"a.sh": SCRIPT}, [], 0, id="everything-fixed"),
    pytest.param({"a.sh": SCRIPT, "b.sh": PRIVATE}, [], 1, id="failing-finding-left"),
    pytest.param({"a.sh": SCRIPT}, ["--exit-non-zero-on-fix"], 1, id="exit-non-zero-on-fix"),
    pytest.param({"a.sh": SCRIPT_FIXED}, ["--exit-non-zero-on-fix"], 0, id="nothing-to-fix"),
    pytest.param({"uv.lock": LOCK}, [], 1, id="lock-file-left"),
    pytest.param(
        {"a.sh": "pip install -i https://pypi.python.org/pypi x\n"}, [], 1, id="unsafe-left"
    ),
    pytest.param(
        {"a.sh": "pip install -i https://pypi.python.org/pypi x\n"},
        ["--unsafe-fixes"],
        0,
        id="unsafe-applied",
    ),
]


@pytest.mark.parametrize(("files", "flags", "code"), EXIT_CODES)
def test_fix_exit_codes(tmp_path: Path, files: dict[str, str], flags: list[str], code: int) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    got, out, err = invoke("scan", "--fix", *flags, str(tmp_path))
    assert got == code, out + err


USAGE = [
    pytest.param(["--backup", ".orig"], id="backup-needs-fix"),
    pytest.param(["--exit-non-zero-on-fix"], id="exit-on-fix-needs-fix"),
    pytest.param(["--unsafe-fixes"], id="unsafe-needs-fix-or-diff"),
]


@pytest.mark.parametrize("flags", USAGE)
def test_companions_need_fix(tree: Path, flags: list[str]) -> None:
    code, _, err = invoke("scan", *flags, str(tree))
    assert code == 2 and "only works with --fix" in err
    assert (tree / "install.sh").read_text() == SCRIPT


def test_diff_prints_and_writes_nothing(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    code, out, err = invoke("scan", "--diff", ".")
    assert code == 1 and (tree / "install.sh").read_text() == SCRIPT
    assert out == f"--- a/install.sh\n+++ b/install.sh\n@@ -1 +1 @@\n-{SCRIPT}+{SCRIPT_FIXED}"
    assert "2 fixes in 1 files would be applied" in err
    assert invoke("scan", "--fix", ".")[0] == 0
    assert invoke("scan", "--diff", ".")[:2] == (0, "")


def test_text_report_after_fix_says_what_was_rewritten_and_what_is_left(tree: Path) -> None:
    (tree / "uv.lock").write_text(LOCK)
    code, out, _ = invoke("scan", "--fix", str(tree))
    assert code == 1
    assert f"{tree}/install.sh: fixed 2 (MA102 x1, MA301 x1)" in out
    assert "[error, command, fixed]" in out
    assert "not rewritten" in out  # the README mention
    assert "run `uv lock`" in out  # the lock file names its command
    assert "1 files changed" in out


def test_json_after_fix(tree: Path) -> None:
    (tree / "b.sh").write_text(PRIVATE)
    code, out, _ = invoke("scan", "--fix", "--format", "json", str(tree))
    report = json.loads(out)
    assert code == 1
    fixed = sorted(f["rule"] for f in report["findings"] if f["fixed"])
    assert fixed == ["MA102", "MA301"]
    assert report["summary"]["files_changed"] == 1 and report["summary"]["fixed"] == 2
    assert report["summary"]["failing"] == 1  # MA202 on b.sh: no safe fix
    (change,) = report["changes"]
    assert change == {
        "path": f"{tree}/install.sh",
        "written": True,
        "fixed": 2,
        "rules": ["MA102", "MA301"],
        "error": "",
        "note": "",
    }
    left = next(f for f in report["findings"] if f["rule"] == "MA202")
    assert left["fixed"] is False and "no safe fix" in left["note"]


def test_backup_and_a_second_run(tree: Path) -> None:
    assert invoke("scan", "--fix", "--backup", ".orig", str(tree))[0] == 0
    assert (tree / "install.sh.orig").read_text() == SCRIPT
    assert (tree / "install.sh").read_text() == SCRIPT_FIXED
    code, out, _ = invoke("scan", "--fix", "--backup", ".orig", "--format", "json", str(tree))
    assert code == 0 and json.loads(out)["summary"]["files_changed"] == 0
    assert (tree / "install.sh.orig").read_text() == SCRIPT  # a backup is never "fixed"


def test_a_file_that_cannot_be_written_is_reported(
    tree: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "shared.sh"
    outside.write_text(SCRIPT)
    (tree / "link.sh").symlink_to(outside)
    code, out, _ = invoke("scan", "--fix", "--follow-symlinks", str(tree))
    assert code == 1 and outside.read_text() == SCRIPT
    assert "link.sh: not fixed: symbolic link to" in out and (tree / "link.sh").is_symlink()
    assert ": skipped:" not in out  # the file was scanned; only its fix failed
    code, out, _ = invoke("scan", "--fix", "--follow-symlinks", "--format", "json", str(tree))
    (error,) = json.loads(out)["errors"]
    assert error["category"] == "fix" and error["path"] == f"{tree}/link.sh"


MAPS = [
    pytest.param(["--map", "f.pypi.python.org=https://pypi.example.com/simple/"], "", id="option"),
    pytest.param(
        [], '[map]\n"f.pypi.python.org" = "https://pypi.example.com/simple/"\n', id="rule-file"
    ),
]


@pytest.mark.parametrize(("flags", "rule_file"), MAPS)
def test_map_sends_a_host_to_your_own_mirror(
    tmp_path: Path, flags: list[str], rule_file: str
) -> None:
    script = tmp_path / "install.sh"
    script.write_text(
        "pip install -i http://f.pypi.python.org/simple a\n"
        "pip install -i http://g.pypi.python.org/simple b\n"
    )
    if rule_file:
        (tmp_path / "rules.toml").write_text(rule_file)
        flags = ["--rules", str(tmp_path / "rules.toml")]
    code, out, _ = invoke("scan", "--format", "json", *flags, str(script))
    assert code == 1
    assert [f["replacement"] for f in json.loads(out)["findings"]] == [
        "https://pypi.example.com/simple/",
        "https://pypi.org/simple/",
    ]
    assert invoke("scan", "--fix", *flags, str(script))[0] == 0
    assert script.read_text() == (
        "pip install -i https://pypi.example.com/simple/ a\n"
        "pip install -i https://pypi.org/simple/ b\n"
    )


def test_api_fix_diff_writes_nothing(tree: Path) -> None:
    report = api.fix([str(tree)], diff=True)
    assert (tree / "install.sh").read_text() == SCRIPT
    (change,) = report.changes
    assert change.diff.startswith(f"--- {tree}/install.sh\n+++ {tree}/install.sh\n")
    assert not change.written and len(change.fixed) == 2
    assert report.files_changed == 0


def test_fix_keeps_file_mode(tree: Path) -> None:
    os.chmod(tree / "install.sh", 0o755)
    assert invoke("scan", "--fix", str(tree))[0] == 0
    assert os.stat(tree / "install.sh").st_mode & 0o777 == 0o755


def test_suppressed_findings_are_left_and_counted(tmp_path: Path) -> None:
    script = tmp_path / "a.sh"
    kept = "pip install -i https://pypi.python.org/simple x  # mirror-audit: ignore[MA102] pinned\n"
    script.write_text(kept + "pip install --use-mirrors y\n")
    code, out, _ = invoke("scan", "--fix", str(script))
    assert code == 0 and script.read_text() == kept + "pip install y\n"
    assert f"{script}: 1 suppressed inline (mirror-audit: ignore): left as they are" in out


def test_a_fix_that_would_break_the_format_is_refused(tmp_path: Path) -> None:
    toml = tmp_path / "pyproject.toml"
    original = '[[tool.uv.index]]\nurl = "https://pypi.python.org/simple"\n'
    toml.write_text(original)
    bad_map = 'pypi.python.org=https://x.example/simple/"oops'  # a quote ends the TOML string
    code, out, _ = invoke("scan", "--fix", "--map", bad_map, str(tmp_path))
    assert code == 1 and toml.read_text() == original
    assert f"{toml}: not fixed: the fixed file would not parse: does not parse as pyproject" in out
