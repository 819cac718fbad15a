"""Rule files: the default pack loads; a malformed user file is refused with file, rule and key."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from mirror_audit.errors import RuleError
from mirror_audit.rules import load_rules
from tests.conftest import findings_for

ORG_RULE = """
    [[rule]]
    id = "ORG101"
    name = "old-devpi"
    severity = "error"
    summary = "Our devpi server was retired in 2021"
    [rule.match]
    hosts = ["devpi.corp.example"]
    [rule.fix]
    safety = "safe"
    target = "corp"

    [[target]]
    name = "corp"
    web = "https://artifactory.corp.example/api/pypi/pypi"
    index = "https://artifactory.corp.example/api/pypi/pypi/simple/"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_default_pack_loads_with_unique_ids_and_a_version() -> None:
    rules = load_rules()
    ids = [r.id for r in rules.rules]
    assert len(ids) == len(set(ids)) >= 12
    assert rules.version
    assert all(r.summary and r.rationale and r.references is not None for r in rules.rules)


def test_a_user_rule_retires_an_organisation_host(tmp_path: Path) -> None:
    rules = load_rules([write(tmp_path, ORG_RULE)])
    (finding,) = findings_for("[global]\nindex-url = https://devpi.corp.example/simple/\n",
                              "pip.conf", ruleset=rules)
    assert (finding.rule, finding.replacement) == ("ORG101", "https://artifactory.corp.example/api/pypi/pypi/simple/")


def test_map_sends_a_legacy_host_to_the_users_mirror(tmp_path: Path) -> None:
    rules = load_rules([write(tmp_path, '[map]\n"f.pypi.python.org" = "https://pypi.example.com/simple/"\n')])
    (finding,) = findings_for("pip install -i http://f.pypi.python.org/simple/ x\n", "x.sh",
                              ruleset=rules)
    assert finding.replacement == "https://pypi.example.com/simple/"
    (other,) = findings_for("pip install -i http://g.pypi.python.org/simple/ x\n", "x.sh",
                            ruleset=rules)
    assert other.replacement == "https://pypi.org/simple/"


BROKEN = [
    pytest.param("[[rule]]\nid = 'ORG1'\nseverity = 'fatal'\n", "rule ORG1: key 'severity'",
                 id="bad-severity"),
    pytest.param("[[rule]]\nid = 'ORG1'\ncolour = 'red'\n", "rule ORG1: key 'colour'",
                 id="unknown-key"),
    pytest.param("[[rule]]\nid = 'ORG1'\n[rule.match]\nhosts = 'x.example'\n",
                 "rule ORG1: key 'hosts'", id="wrong-type"),
    pytest.param("[[rule]]\nid = 'ORG1'\n[rule.match]\nhost-patterns = ['(']\n",
                 "rule ORG1: key 'host-patterns'", id="bad-regex"),
    pytest.param("[[rule]]\nid = 'ORG1'\n[rule.match]\nhost-patterns = ['" + "a" * 600 + "']\n",
                 "key 'host-patterns'", id="huge-regex"),
    pytest.param("[[rule]]\nid = 'MA101'\n", "rule MA101: id already defined", id="duplicate-id"),
    pytest.param("[[rule]]\nid = 'lower'\n", "key 'id'", id="bad-id"),
    pytest.param("[[rule]]\nid = 'ORG1'\n[rule.fix]\ntarget = 'nowhere'\n",
                 "rule ORG1: key 'fix.target'", id="unknown-target"),
    pytest.param("[map]\n'a.example' = 'ftp://x'\n", "[map] key 'a.example'", id="bad-map"),
    pytest.param("[[rule]\n", "not valid TOML", id="not-toml"),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_malformed_rule_files_name_file_rule_and_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(RuleError) as caught:
        load_rules([path])
    message = str(caught.value)
    assert message.startswith(str(path)) and expected in message
