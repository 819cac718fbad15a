"""The README stays true: its rules table and quick start match the project."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from mirror_audit.model import ERROR_CATEGORIES
from mirror_audit.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_rules_table_lists_every_default_rule_with_its_severity_and_fix() -> None:
    rows = {m.group(1): (m.group(2), m.group(3), m.group(4))
            for m in re.finditer(r"^\| (MA\d+) \| ([\w-]+) \| (\w+) \| (\w+) \|", README,
                                 re.MULTILINE)}
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


def _categories_in_source() -> set[str]:
    """Every literal category the scanner gives a Skip: positional, keyword or a module's
    CATEGORY."""
    found: set[str] = set()
    for path in (ROOT / "scanner" / "mirror_audit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Skip":
                args = node.args[2:3] + [k.value for k in node.keywords if k.arg == "category"]
                # ast.walk: a category may be chosen by a conditional expression
                found |= {c.value for a in args for c in ast.walk(a)
                          if isinstance(c, ast.Constant) and isinstance(c.value, str)}
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "CATEGORY"
                                                    for t in node.targets):
                found.add(node.value.value)  # type: ignore[attr-defined]
    return found


def test_every_error_category_the_scanner_gives_is_documented() -> None:
    assert _categories_in_source() == set(ERROR_CATEGORIES)
    reference = (ROOT / "docs" / "json-report.md").read_text(encoding="utf-8")
    for document in (README, reference):
        row = next(line for line in document.splitlines()
                   if re.match(r"\| `(errors|category)` \|", line) and "`too-large`" in line)
        assert set(re.findall(r"`([a-z-]+)`", row)) >= set(ERROR_CATEGORIES)


def test_json_report_table_names_every_host_field() -> None:
    row = next(line for line in README.splitlines() if line.startswith("| `host` |"))
    assert {"name", "hostname", "fqdn"} <= set(re.findall(r"`([a-z]+)`", row))
