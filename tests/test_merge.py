"""Merging host reports: the fleet counts, version warnings, duplicates, legacy hosts, the CLI."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import mirror_audit
from mirror_audit.cli import main
from mirror_audit.config import Config
from mirror_audit.errors import UsageError
from mirror_audit.merging import merge, referenced_host, report_files
from mirror_audit.report.fleet import render

F_MIRROR = {
    "rule": "MA101",
    "rule_name": "pep449-mirror-host",
    "severity": "error",
    "role": "index",
    "match": "https://f.pypi.python.org/simple",
    "path": "/etc/pip.conf",
}
LEGACY = {
    "rule": "MA102",
    "rule_name": "legacy-pypi-host",
    "severity": "error",
    "role": "index",
    "match": "http://pypi.python.org/simple",
    "path": "/srv/app/requirements.txt",
}
OPTION = {
    "rule": "MA301",
    "rule_name": "removed-mirror-option",
    "severity": "error",
    "role": "option",
    "match": "--use-mirrors",
    "path": "/srv/app/requirements.txt",
}
MENTION = {
    "rule": "MA102",
    "rule_name": "legacy-pypi-host",
    "severity": "info",
    "role": "url",
    "match": "https://pypi.python.org/pypi/x",
    "path": "/srv/app/README.md",
}


def host(
    name: str,
    *findings: dict[str, Any],
    errors: int = 0,
    version: str = "0.1.0",
    finished: str = "2026-01-01T00:00:00+00:00",
    changed: int = 0,
) -> dict[str, Any]:
    """A scan report as `mirror-audit scan --format json --host-name NAME` writes it."""
    failing = sum(1 for f in findings if f["severity"] != "info" and not f.get("fixed"))
    return {
        "version": 1,
        "tool": {"name": "mirror-audit", "version": version, "rules_version": "2026.11.24"},
        "host": {"name": name, "hostname": "box", "fqdn": "box.example.com"},
        "roots": ["/"],
        "started": finished,
        "finished": finished,
        "findings": list(findings),
        "errors": [
            {"path": f"/x{i}", "message": "cannot be read", "category": "unreadable"}
            for i in range(errors)
        ],
        "summary": {
            "files_seen": 10,
            "files_scanned": 9,
            "files_skipped": 1 + errors,
            "files_changed": changed,
            "failing": failing,
        },
    }


SUMMARIES = [
    pytest.param(
        [host("a")],
        [],
        {"hosts": 1, "hosts_reported": 1, "hosts_clean": 1, "hosts_with_findings": 0},
        id="one-clean-host",
    ),
    pytest.param(
        [host("a", F_MIRROR, LEGACY), host("b")],
        [],
        {
            "hosts_clean": 1,
            "hosts_with_findings": 1,
            "hosts_failing": 1,
            "findings": 2,
            "failing": 2,
        },
        id="findings-and-clean",
    ),
    pytest.param(
        [host("a", MENTION)],
        [],
        {"hosts_with_findings": 1, "hosts_failing": 0, "hosts_clean": 0},
        id="mentions-only-are-not-failing",
    ),
    pytest.param(
        [host("a", errors=2)],
        [],
        {"hosts_with_errors": 1, "hosts_clean": 0, "errors": 2},
        id="errors-are-not-clean",
    ),
    pytest.param(
        [host("a")],
        ["a", "b", "c"],
        {"hosts": 3, "hosts_expected": 3, "hosts_reported": 1, "hosts_never_reported": 2},
        id="never-reported",
    ),
    pytest.param(
        [host("a"), host("z")],
        ["a"],
        {"hosts_unexpected": 1, "hosts_never_reported": 0},
        id="not-in-inventory",
    ),
    pytest.param(
        [host("a", {**F_MIRROR, "fixed": True}, changed=1)],
        [],
        {"fixed": 1, "failing": 0, "files_changed": 1},
        id="fixed",
    ),
]


@pytest.mark.parametrize(("reports", "expected", "summary"), SUMMARIES)
def test_fleet_summary(
    reports: list[dict[str, Any]], expected: list[str], summary: dict[str, int]
) -> None:
    got = merge(reports, expected).summary()
    assert {k: got[k] for k in summary} == summary


def test_never_reported_and_unreadable_fail_the_merge(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(host("a")))
    (tmp_path / "b.json").write_text("{not json")
    (tmp_path / "c.json").write_text(json.dumps({"version": 1, "hosts": []}))
    fleet = merge(report_files([str(tmp_path)]), expected=["a", "b", "c", "d"])
    assert {r.name: r.status for r in fleet.rows()} == {
        "a": "clean",
        "b": "unreadable",
        "c": "unreadable",
        "d": "never-reported",
    }
    assert fleet.hosts["c"].problem == "not a mirror-audit scan report"
    assert fleet.exit_code == 1
    assert merge([host("a")], ["a"]).exit_code == 0


VERSIONS = [
    pytest.param({"a": "0.1.0", "b": "0.1.0"}, [], id="one-version-no-warning"),
    pytest.param(
        {"a": "0.1.0", "b": "0.2.0", "c": "0.2.0"},
        ["1 host(s) report with mirror-audit 0.1.0, older than 0.2.0: a"],
        id="one-old-host",
    ),
    pytest.param(
        {"a": "0.9.0", "b": "0.10.0"},
        ["1 host(s) report with mirror-audit 0.9.0, older than 0.10.0: a"],
        id="numeric-not-lexical",
    ),
    pytest.param(
        {"a": "0.1.0", "b": "0.2.0", "c": "1.0.0", "d": "0.1.0"},
        [
            "2 host(s) report with mirror-audit 0.1.0, older than 1.0.0: a, d",
            "1 host(s) report with mirror-audit 0.2.0, older than 1.0.0: b",
        ],
        id="two-old-versions",
    ),
]


@pytest.mark.parametrize(("versions", "warnings"), VERSIONS)
def test_old_tool_versions_merge_with_a_warning_naming_the_hosts(
    versions: dict[str, str], warnings: list[str]
) -> None:
    fleet = merge([host(name, F_MIRROR, version=v) for name, v in versions.items()])
    assert fleet.warnings == warnings
    assert fleet.summary()["findings"] == len(versions)  # every report was merged
    assert sorted(fleet.versions()) == sorted(set(versions.values()))


def test_a_duplicate_host_keeps_the_newest_report_and_counts_once() -> None:
    old = host("a", F_MIRROR, LEGACY, finished="2026-01-01T00:00:00+00:00")
    new = host("a", F_MIRROR, finished="2026-02-01T00:00:00+00:00")
    for order in ([old, new], [new, old]):
        fleet = merge(order)
        assert fleet.summary()["findings"] == 1 and dict(fleet.by_rule) == {"MA101": 1}
        assert [r.legacy_host for r in fleet.referenced()] == ["f.pypi.python.org"]
        assert "host a: several reports" in fleet.warnings[0]


def test_rules_hosts_and_paths_with_most_findings() -> None:
    fleet = merge([host("a", F_MIRROR, LEGACY, OPTION), host("b", LEGACY), host("c")])
    assert fleet.rules() == [
        ("MA102", "legacy-pypi-host", 2, 2),
        ("MA101", "pep449-mirror-host", 1, 1),
        ("MA301", "removed-mirror-option", 1, 1),
    ]
    assert [(r.name, r.findings) for r in fleet.top_hosts()] == [("a", 3), ("b", 1)]
    assert [(p.host, p.path, p.findings) for p in fleet.top_paths(2)] == [
        ("a", "/srv/app/requirements.txt", 2),
        ("a", "/etc/pip.conf", 1),
    ]


def test_legacy_hosts_say_where_they_are_referenced() -> None:
    fleet = merge([host("a", F_MIRROR, LEGACY, LEGACY, OPTION), host("b", LEGACY, MENTION)])
    referenced = {r.legacy_host: r for r in fleet.referenced()}
    assert set(referenced) == {"pypi.python.org", "f.pypi.python.org"}  # not the option
    pypi = referenced["pypi.python.org"]
    assert (pypi.findings, dict(pypi.hosts), pypi.rules) == (4, {"a": 2, "b": 2}, ("MA102",))
    assert [(p.host, p.path, p.findings) for p in pypi.places] == [
        ("a", "/srv/app/requirements.txt", 2),
        ("b", "/srv/app/README.md", 1),
        ("b", "/srv/app/requirements.txt", 1),
    ]


HOSTS_IN_MATCHES = [
    pytest.param("https://F.PyPI.Python.org./simple", "f.pypi.python.org", id="normalised"),
    pytest.param(
        "https://user:****@pypi.python.org/simple", "pypi.python.org", id="redacted-credentials"
    ),
    pytest.param("pypi.python.org", "pypi.python.org", id="bare-trusted-host"),
    pytest.param("--use-mirrors", "", id="option"),
    pytest.param("PIP_USE_MIRRORS", "", id="variable"),
]


@pytest.mark.parametrize(("match", "legacy"), HOSTS_IN_MATCHES)
def test_referenced_host(match: str, legacy: str) -> None:
    assert referenced_host(match) == legacy


def test_real_scan_reports_merge(tmp_path: Path) -> None:
    (tmp_path / "pip.conf").write_text("[global]\nindex-url = https://f.pypi.python.org/simple\n")
    report = mirror_audit.scan([str(tmp_path)], Config(host_name="web01"))
    fleet = mirror_audit.merge([report, host("web02")], expected=["web01", "web02", "web03"])
    assert {r.name: (r.status, r.findings) for r in fleet.rows()} == {
        "web01": ("findings", 1),
        "web02": ("clean", 0),
        "web03": ("never-reported", 0),
    }
    assert [r.legacy_host for r in fleet.referenced()] == ["f.pypi.python.org"]


def test_report_files_reads_directories_and_refuses_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text("{}")
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "notes.txt").write_text("")
    assert report_files([str(tmp_path)]) == [str(tmp_path / "a.json"), str(tmp_path / "b.json")]
    with pytest.raises(UsageError, match="does not exist"):
        report_files([str(tmp_path / "nope")])
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(UsageError, match="no reports"):
        report_files([str(empty)])


# -- the reporters -------------------------------------------------------------------------------


@pytest.fixture
def fleet_reports() -> list[dict[str, Any]]:
    return [
        host("web|01", F_MIRROR, LEGACY, LEGACY),
        host("<b>web02</b>", OPTION),
        host("web03", version="0.0.9"),
    ]


def test_text_report(fleet_reports: list[dict[str, Any]]) -> None:
    text = render(merge(fleet_reports, ["web|01", "<b>web02</b>", "web03", "web04"]), "text")
    assert text.startswith(
        "4 hosts: 3 reported, 1 clean, 2 with findings (2 failing), 0 with errors, "
        "1 never reported\n"
    )
    assert "4 findings (4 failing, 0 fixed)" in text
    assert "warning: 1 host(s) report with mirror-audit 0.0.9, older than 0.1.0: web03" in text
    assert "        2  MA102 legacy-pypi-host (1 host)" in text
    assert "pypi.python.org: 2 findings on 1 host: web|01 (2)" in text
    assert "  web04: never-reported" in text


def test_markdown_cells_cannot_break_the_table(fleet_reports: list[dict[str, Any]]) -> None:
    markdown = render(merge(fleet_reports), "markdown")
    assert "| web\\|01 | findings | 3 | 3 |" in markdown
    assert "| \\<b\\>web02\\<b\\>" not in markdown and "| \\<b\\>web02\\</b\\>" in markdown


def test_csv_has_a_row_per_host_and_a_column_per_rule(fleet_reports: list[dict[str, Any]]) -> None:
    rows = list(csv.DictReader(io.StringIO(render(merge(fleet_reports, ["=cmd()"]), "csv"))))
    by_host = {r["host"]: r for r in rows}
    assert set(by_host) == {"web|01", "<b>web02</b>", "web03", "'=cmd()"}  # no formula injection
    assert (
        by_host["web|01"]["findings"],
        by_host["web|01"]["MA102"],
        by_host["web|01"]["MA301"],
    ) == ("3", "2", "0")
    assert by_host["web03"]["tool_version"] == "0.0.9"


def test_json_report_round_trips(fleet_reports: list[dict[str, Any]]) -> None:
    data = json.loads(render(merge(fleet_reports, ["web04"]), "json"))
    assert data["version"] == 1 and data["kind"] == "fleet"
    assert data["summary"]["hosts_never_reported"] == 1 and data["summary"]["by_rule"] == {
        "MA101": 1,
        "MA102": 2,
        "MA301": 1,
    }
    assert data["versions"] == {"0.0.9": ["web03"], "0.1.0": ["<b>web02</b>", "web|01"]}
    assert data["legacy_hosts"][0]["legacy_host"] == "pypi.python.org"
    assert [h["name"] for h in data["hosts"]] == ["web|01", "<b>web02</b>", "web03", "web04"]


def test_html_is_escaped_and_offline(fleet_reports: list[dict[str, Any]]) -> None:
    page = render(merge(fleet_reports), "html")
    assert "<b>web02</b>" not in page and "&lt;b&gt;web02&lt;/b&gt;" in page
    assert "default-src 'none'" in page
    for external in ("http://", "https://", "src=", "@import", "url("):
        assert external not in page.replace("https://f.pypi.python.org", "").replace(
            "http://pypi.python.org", ""
        ), external


# -- the command line ----------------------------------------------------------------------------


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["merge", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    hosts = tmp_path / "hosts"
    hosts.mkdir()
    (hosts / "a.json").write_text(json.dumps(host("a")))
    (hosts / "b.json").write_text(json.dumps(host("b", F_MIRROR)))
    (tmp_path / "inventory.ini").write_text("[web]\na\nb\n[db]\nc ansible_host=10.0.0.3\n")
    return tmp_path


CLI_CODES = [
    pytest.param(["{dir}/hosts/a.json"], 0, id="clean"),
    pytest.param(["{dir}/hosts"], 1, id="failing-findings"),
    pytest.param(["--expect-hosts", "a,z", "{dir}/hosts/a.json"], 1, id="never-reported"),
    pytest.param(["--inventory", "{dir}/inventory.ini", "{dir}/hosts"], 1, id="inventory"),
    pytest.param(["{dir}/nope"], 2, id="missing-report"),
    pytest.param(["--inventory", "{dir}/nope.ini", "{dir}/hosts"], 2, id="missing-inventory"),
    pytest.param([], 2, id="no-reports"),
]


@pytest.mark.parametrize(("args", "code"), CLI_CODES)
def test_merge_exit_codes(reports: Path, args: list[str], code: int) -> None:
    got, out, err = invoke(*(a.format(dir=reports) for a in args))
    assert got == code, out + err


def test_merge_writes_each_output_in_the_format_of_its_suffix(reports: Path) -> None:
    outputs = {name: reports / f"fleet.{name}" for name in ("html", "json", "md", "csv", "txt")}
    code, out, err = invoke(
        "--inventory",
        str(reports / "inventory.ini"),
        str(reports / "hosts"),
        *(arg for path in outputs.values() for arg in ("-o", str(path))),
    )
    assert (code, out, err) == (1, "", "")
    assert json.loads(outputs["json"].read_text())["summary"]["hosts_never_reported"] == 1
    assert outputs["html"].read_text().startswith("<!DOCTYPE html>")
    assert outputs["md"].read_text().startswith("# mirror-audit fleet report")
    assert outputs["csv"].read_text().startswith("host,status,")
    assert outputs["txt"].read_text().startswith("3 hosts: 2 reported, 1 clean")


def test_merge_prints_warnings_on_stderr(reports: Path) -> None:
    (reports / "hosts" / "c.json").write_text(json.dumps(host("c", version="0.0.1")))
    code, out, err = invoke("--format", "json", str(reports / "hosts"))
    assert code == 1 and json.loads(out)["warnings"] == [
        "1 host(s) report with mirror-audit 0.0.1, older than 0.1.0: c"
    ]
    assert (
        err
        == "mirror-audit: warning: 1 host(s) report with mirror-audit 0.0.1, older than 0.1.0: c\n"
    )


def test_the_merge_benchmark_reproduces_its_generated_totals(tmp_path: Path) -> None:
    """tests/bench/merge_bench.py at a small size: the merged totals equal the generated ones."""
    path = Path(__file__).parent / "bench" / "merge_bench.py"
    spec = importlib.util.spec_from_file_location("merge_bench", path)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    reports = tmp_path / "hosts"
    reports.mkdir()
    assert bench.run(120, reports, budget=60.0, seed=3) == 0
    assert len(list(reports.glob("*.json"))) == 120
