"""The per-host report contract: host identity, counts, and every field documented."""

from __future__ import annotations

import json
import os
import re
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from mirror_audit import __version__
from mirror_audit.cli import main
from mirror_audit.merging import merge
from mirror_audit.report.fleet.json import fleet_dict

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "json-report.md").read_text(encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "pip.conf").write_text("[global]\nindex-url = https://f.pypi.python.org/simple\n")
    (tmp_path / "requirements.txt").write_text(
        "--use-mirrors\n-i http://pypi.python.org/simple\nclick\n"
    )
    (tmp_path / "README.md").write_text("Mirror: https://pypi.python.org/pypi/x\n")
    (tmp_path / "tox.ini").write_text("[tox]\nenvlist = py3\n")
    os.mkfifo(tmp_path / "constraints.txt")  # a FIFO is never opened: one error entry
    return tmp_path


def scan_json(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["scan", "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


HOST_NAMES = [
    pytest.param([], socket.gethostname(), id="default-is-the-hostname"),
    pytest.param(["--host-name", "web01.dc2"], "web01.dc2", id="inventory-name"),
    pytest.param(["--host-name", "nat-host-7"], "nat-host-7", id="behind-nat"),
]


@pytest.mark.parametrize(("args", "name"), HOST_NAMES)
def test_host_name_names_the_report_and_keeps_the_real_hostname(
    tree: Path, args: list[str], name: str
) -> None:
    host = scan_json(*args, str(tree / "tox.ini"))["host"]
    assert host == {"name": name, "hostname": socket.gethostname(), "fqdn": host["fqdn"]}
    assert host["fqdn"].startswith(socket.gethostname())


def test_report_counts_files_findings_and_errors(tree: Path) -> None:
    report = scan_json("--host-name", "h1", str(tree))
    summary = report["summary"]
    assert report["version"] == 1
    assert report["tool"] == {
        "name": "mirror-audit",
        "version": __version__,
        "rules_version": report["tool"]["rules_version"],
    }
    assert report["roots"] == [str(tree)]
    assert report["started"] <= report["finished"] and report["finished"].endswith("+00:00")
    assert [e["category"] for e in report["errors"]] == ["special"]
    assert {
        k: summary[k]
        for k in (
            "files_seen",
            "files_scanned",
            "files_skipped",
            "errors",
            "files_with_findings",
            "files_changed",
        )
    } == {
        "files_seen": 4,
        "files_scanned": 4,
        "files_skipped": 1,
        "errors": 1,
        "files_with_findings": 3,
        "files_changed": 0,
    }
    assert summary["by_rule"] == {"MA101": 1, "MA102": 2, "MA301": 1}
    assert summary["by_severity"] == {"error": 3, "info": 1}
    assert summary["findings"] == 4 and summary["failing"] == 3


def documented(section: str) -> set[str]:
    """The field names in the first table under a heading of docs/json-report.md."""
    body = DOC.split(section + "\n", 1)[1].split("\n#", 1)[0]
    cells = re.findall(r"^\| (.+?) \|", body, re.MULTILINE)
    return {
        name
        for cell in cells
        if cell not in ("field", "---")
        for name in re.findall(r"`([a-z_]+)`", cell)
    }


def test_every_scan_report_field_is_documented(tree: Path) -> None:
    report = scan_json("--fail-on", "info", str(tree))
    objects = {
        "## Scan report": report,
        "### `tool`": report["tool"],
        "### `host`": report["host"],
        "### `summary`": report["summary"],
        "### A finding": report["findings"][0],
        "### An error": report["errors"][0],
    }
    for section, value in objects.items():
        assert documented(section) == set(value), section


def test_every_fleet_report_field_is_documented(tree: Path) -> None:
    fleet = fleet_dict(merge([scan_json("--host-name", "a", str(tree))], expected=["a", "b"]))
    objects = {
        "## Fleet report": fleet,
        "### Fleet `summary`": fleet["summary"],
        "### A `legacy_hosts` entry": fleet["legacy_hosts"][0],
        "### A `hosts` entry": fleet["hosts"][0],
    }
    for section, value in objects.items():
        assert documented(section) == set(value), section
