"""Baselines: keyed on rule, path, match and occurrence (no line numbers), stale entries listed,
sorted and timestamp-free so the file diffs cleanly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mirror_audit.cli import main

LEGACY = "pip install -i https://pypi.python.org/simple/ x\n"
TWICE = LEGACY + "pip download -i https://pypi.python.org/simple/ y\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["scan", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "install.sh").write_text(TWICE)
    (tmp_path / "pip.conf").write_text("[global]\nindex-url = https://pypi.python.org/simple\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_written_baseline_is_sorted_keyed_without_lines_or_timestamps(repo: Path) -> None:
    code, out, err = run("--write-baseline", "baseline.json", ".")
    assert (code, out) == (0, "") and "wrote 3 entries to baseline.json" in err
    text = (repo / "baseline.json").read_text()
    document = json.loads(text)
    assert text == json.dumps(document, indent=2, sort_keys=True) + "\n"
    assert [(e["path"], e["rule"], e["occurrence"]) for e in document["entries"]] == [
        ("ci/install.sh", "MA102", 0),
        ("ci/install.sh", "MA102", 1),
        ("pip.conf", "MA102", 0),
    ]
    assert all(
        set(e) == {"rule", "path", "match", "occurrence", "fingerprint"}
        for e in document["entries"]
    )
    assert not re.search(r"\d{4}-\d\d-\d\dT|\"line\"", text)
    run("--write-baseline", "baseline.json", ".")  # the baseline itself is never scanned
    assert (repo / "baseline.json").read_text() == text  # the same findings, the same bytes


def test_baseline_hides_known_findings_and_survives_edits_above_them(repo: Path) -> None:
    run("--write-baseline", "baseline.json", ".")
    assert run("--baseline", "baseline.json", ".")[0] == 0
    (repo / "ci" / "install.sh").write_text("#!/bin/sh\nset -e\n\n" + TWICE)  # every line moves
    (repo / "pip.conf").write_text(
        "[global]\ntimeout = 60\nindex-url = https://pypi.python.org/simple\n"
    )
    code, out, err = run("--baseline", "baseline.json", ".")
    assert code == 0 and "stale" not in err, out + err


def test_only_new_findings_are_reported(repo: Path) -> None:
    run("--write-baseline", "baseline.json", ".")
    (repo / "ci" / "install.sh").write_text(
        TWICE + "pip install -i https://b.pypi.python.org/simple/ z\n"
    )
    code, out, _ = run("--baseline", "baseline.json", "--format", "json", ".")
    report = json.loads(out)
    assert code == 1
    assert [(f["path"], f["line"], f["rule"]) for f in report["findings"]] == [
        ("ci/install.sh", 3, "MA101")
    ]
    assert report["baseline"] == {"path": "baseline.json", "matched": 3, "stale": []}


def test_a_third_identical_finding_is_new_and_a_fixed_one_leaves_a_stale_entry(repo: Path) -> None:
    run("--write-baseline", "baseline.json", ".")
    (repo / "ci" / "install.sh").write_text(TWICE + LEGACY)
    code, out, _ = run("--baseline", "baseline.json", "--format", "json", ".")
    assert code == 1 and [f["line"] for f in json.loads(out)["findings"]] == [3]
    (repo / "ci" / "install.sh").write_text(LEGACY)
    code, out, err = run("--baseline", "baseline.json", "--format", "json", ".")
    stale = json.loads(out)["baseline"]["stale"]
    assert code == 0 and [(e["path"], e["occurrence"]) for e in stale] == [("ci/install.sh", 1)]
    assert "baseline.json: 1 stale entries" in err
    assert "ci/install.sh: MA102 https://pypi.python.org/simple/ (occurrence 2)" in err


def test_paths_are_relative_to_the_baseline_file_not_the_working_directory(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("--write-baseline", "baseline.json", ".")
    monkeypatch.chdir(repo / "ci")
    assert run("--baseline", str(repo / "baseline.json"), str(repo))[0] == 0
    assert run("--baseline", "../baseline.json", "install.sh", "../pip.conf")[0] == 0


BAD = [
    pytest.param("{", "not a baseline (invalid JSON", id="json"),
    pytest.param('{"baseline": 7}', "key 'baseline' must be 1", id="version"),
    pytest.param(
        '{"baseline": 1, "entries": [{"rule": "MA102"}]}',
        "entry #1: key 'path': expected str",
        id="entry",
    ),
    pytest.param(
        '{"baseline": 1, "entries": [{"rule": "R", "path": "p", "match": "m", "occurrence": 1.0}]}',
        "entry #1: key 'occurrence': expected int",
        id="occurrence",
    ),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_a_bad_baseline_exits_2_naming_the_file(repo: Path, text: str, message: str) -> None:
    (repo / "baseline.json").write_text(text)
    code, out, err = run("--baseline", "baseline.json", ".")
    assert (
        code == 2
        and out == ""
        and err.startswith("mirror-audit: error: baseline.json: ")
        and message in err
    )


def test_a_missing_baseline_exits_2(repo: Path) -> None:
    code, _, err = run("--baseline", "nope.json", ".")
    assert code == 2 and "nope.json: cannot read baseline" in err
