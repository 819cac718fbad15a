"""The command line: every exit code, each output format, rules and explain."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mirror_audit import __version__
from mirror_audit.cli import main


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pip.conf").write_text("[global]\nindex-url = https://pypi.python.org/simple\n")
    (tmp_path / "README.md").write_text("Formerly on https://pypi.python.org/pypi/x\n")
    (tmp_path / "clean").mkdir()
    (tmp_path / "clean" / "pip.conf").write_text("[global]\nindex-url = https://pypi.org/simple/\n")
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


EXIT_CODES = [
    pytest.param(["scan", "{tree}/clean"], 0, id="clean"),
    pytest.param(["scan", "{tree}"], 1, id="findings"),
    pytest.param(["scan", "{tree}/README.md"], 0, id="mentions-do-not-fail"),
    pytest.param(["scan", "--fail-on", "info", "{tree}/README.md"], 1, id="fail-on-info"),
    pytest.param(["scan", "--ignore", "MA102", "{tree}"], 0, id="ignored-rule"),
    pytest.param(["scan", "--select", "MA3", "{tree}"], 0, id="selected-prefix"),
    pytest.param(["scan", "{tree}/missing"], 2, id="missing-path"),
    pytest.param(["scan", "--format", "xml", "{tree}"], 2, id="bad-format"),
    pytest.param(["scan", "--max-file-size", "lots", "{tree}"], 2, id="bad-size"),
    pytest.param(["scan", "--map", "nourl", "{tree}"], 2, id="bad-map"),
    pytest.param(["scan", "--rules", "{tree}/pip.conf", "{tree}"], 2, id="unreadable-rule-file"),
    pytest.param(["explain", "NOPE1"], 2, id="unknown-rule"),
]


@pytest.mark.parametrize(("args", "code"), EXIT_CODES)
def test_exit_codes(tree: Path, args: list[str], code: int) -> None:
    got, out, err = invoke(*(a.format(tree=tree) for a in args))
    assert got == code, out + err


def test_fatal_errors_are_one_line_on_stderr(tree: Path) -> None:
    code, out, err = invoke("scan", f"{tree}/missing")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("mirror-audit: error: path does not exist")


def test_json_report_fields(tree: Path) -> None:
    code, out, _ = invoke("scan", "--format", "json", str(tree))
    report = json.loads(out)
    assert code == 1 and report["version"] == 1
    assert report["tool"] == {"name": "mirror-audit", "version": __version__,
                              "rules_version": report["tool"]["rules_version"]}
    assert set(report) >= {"host", "roots", "findings", "errors", "summary"}
    by_path = {Path(f["path"]).name: f for f in report["findings"]}
    setting = by_path["pip.conf"]
    assert {k: setting[k] for k in ("rule", "severity", "line", "column", "end_line",
                                     "end_column", "match", "context", "replacement",
                                     "fix_safety")} == {
        "rule": "MA102", "severity": "error", "line": 2, "column": 13,
        "end_line": 2, "end_column": 43,
        "match": "https://pypi.python.org/simple", "context": "setting",
        "replacement": "https://pypi.org/simple/", "fix_safety": "safe"}
    assert (by_path["README.md"]["context"] == "mention"
            and by_path["README.md"]["severity"] == "info")
    assert report["summary"]["findings"] == 2 and report["summary"]["failing"] == 1


def test_text_report_lines_and_output_file(tree: Path) -> None:
    out_file = tree.parent / "report.txt"
    code, out, _ = invoke("scan", "--output", str(out_file), str(tree / "pip.conf"))
    assert code == 1 and out == ""
    text = out_file.read_text()
    assert text.startswith(f"{tree}/pip.conf:2:13: MA102 ")
    assert "https://pypi.python.org/simple -> https://pypi.org/simple/ (safe fix)" in text
    assert "\x1b[" not in text


def test_explicit_file_of_unknown_kind_is_scanned_as_text(tmp_path: Path) -> None:
    odd = tmp_path / "deploy.conf.j2"
    odd.write_text("pip install --index-url https://pypi.python.org/simple x\n")
    code, out, _ = invoke("scan", str(odd))
    assert code == 1 and "MA102" in out


def test_rules_and_explain() -> None:
    code, out, _ = invoke("rules")
    assert code == 0 and "MA101" in out and "pep449-mirror-host" in out
    code, out, _ = invoke("explain", "MA101")
    assert code == 0 and "2014-02-15" in out and "https://peps.python.org/pep-0449/" in out
    code, out, _ = invoke("explain", "legacy-pypi-host")
    assert code == 0 and out.startswith("MA102")


def test_python_dash_m_works_the_same(tree: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "mirror_audit", "scan", str(tree / "pip.conf")],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "MA102" in run.stdout
    run = subprocess.run([sys.executable, "-m", "mirror_audit", "--version"],
                         capture_output=True, text=True)
    assert run.returncode == 0 and __version__ in run.stdout


def _legacy_tree(root: Path, files: int = 300) -> Path:
    for index in range(files):  # ~1 MB of JSON: more than a pipe holds
        (root / f"build{index}.sh").write_text("pip install -i https://pypi.python.org/simple x\n")
    return root


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_full_disk_behind_stdout_is_one_line_and_exit_2(tmp_path: Path, fmt: str) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "mirror_audit", "scan", "--format", fmt,
             str(_legacy_tree(tmp_path))],
            stdout=full, stderr=subprocess.PIPE, text=True,
        )
    assert proc.returncode == 2
    assert proc.stderr == "mirror-audit: error: cannot write the report: No space left on device\n"


def test_a_reader_that_stops_early_is_no_error(tmp_path: Path) -> None:
    scan = subprocess.Popen(
        [sys.executable, "-m", "mirror_audit", "scan", "--format", "json",
         str(_legacy_tree(tmp_path))],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert scan.stdout is not None and scan.stderr is not None
    assert scan.stdout.read(10) == b'{\n  "versi'
    scan.stdout.close()  # as `| head -c 10` does
    assert scan.wait(timeout=60) == 1  # the findings' exit code
    assert scan.stderr.read() == b""
