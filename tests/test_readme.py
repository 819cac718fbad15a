"""The README stays true: its rules table and quick start match the project."""

from __future__ import annotations

import re
from pathlib import Path

from mirror_audit.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_rules_table_lists_every_default_rule_with_its_severity_and_fix() -> None:
    rows = {m.group(1): (m.group(2), m.group(3), m.group(4))
            for m in re.finditer(r"^\| (MA\d+) \| ([\w-]+) \| (\w+) \| (\w+) \|", README, re.MULTILINE)}
    rules = {r.id: (r.name, r.severity.value, r.fix_safety.value) for r in load_rules().rules}
    assert rows == rules


def test_quick_start_has_the_two_commands_ci_runs() -> None:
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"```sh\n(.+?)\n```", quick)
    assert len(commands) == 2
    assert "mirror-audit scan examples/" in commands[0]
    assert "pip install -e '.[test]'" in commands[1] and commands[1].endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]'" in ci and "-m pytest" in ci
