"""Malformed and hostile rule and configuration files: one line on stderr, exit 2, no traceback.

A rule or configuration file is the user's own input, so a bad one stops the run (README, exit
codes) instead of costing one line in errors; it must never hang the run or show a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.runner import GOOD, GOOD_TEXT, scan

RULE = '[[rule]]\nid = "ORG101"\nname = "org"\nsummary = "x"\n'
RULE_FILES = {
    "not-toml": ("[[rule", "not valid TOML"),
    "binary": ("\udcff\udcfe\x00\x01", "cannot read rule file"),
    "unknown-top-key": ("bogus = 1\n", "key 'bogus': unknown key"),
    "unknown-rule-key": (RULE + "colour = 1\n", "key 'colour': unknown key"),
    "rule-not-a-table": ("rule = 3\n", "key 'rule': expected an array of tables"),
    "id-wrong-type": ("[[rule]]\nid = 5\n", "key 'id': expected letters then digits"),
    "hosts-wrong-type": (RULE + '[rule.match]\nhosts = "x"\n', "key 'hosts': expected an array"),
    "severity-unknown": (RULE + 'severity = "fatal"\n', "key 'severity': expected one of"),
    "huge-regex": (
        RULE + f'[rule.match]\nhost-patterns = ["{"a" * 100_000}"]\n',
        "at most 500 characters",
    ),
    "invalid-regex": (RULE + '[rule.match]\nhost-patterns = ["("]\n', "a valid regular expression"),
    "nested-repeat": (
        RULE + '[rule.match]\nhost-patterns = ["(a+)+$"]\n',
        "cannot backtrack for ever",
    ),
    "repeated-alternation": (
        RULE + '[rule.match]\nhost-patterns = ["(a|aa)+b"]\n',
        "cannot backtrack",
    ),
    "path-nested-repeat": (
        '[[path]]\npattern = "^(/x*)*$"\nto = "{web}"\n',
        "cannot backtrack for ever",
    ),
    "schema-from-the-future": ("schema = 2\n", "unsupported schema"),
    "deep-nesting": ("a = " + "[" * 5000 + "]" * 5000 + "\n", "not valid TOML"),
}

CONFIG_FILES = {
    "unknown-key": ("bogus = 1\n", "key 'bogus': unknown key"),
    "wrong-type": ("exclude = 5\n", "key 'exclude': expected an array of strings"),
    "bad-size": ('max-file-size = "huge"\n', "key 'max-file-size'"),
    "bad-severity": ('fail-on = "never"\n', "key 'fail-on'"),
    "invalid-pattern": ('extend-exclude = ["[z-a]"]\n', "is not a valid pattern"),
    "negation-alone": ('exclude = ["!"]\n', "is not a valid pattern"),
    "not-toml": ("[[[", "not valid TOML"),
    "binary": ("\udcff\udcfe\x00", "cannot read configuration"),
    "rules-not-toml": ("rules = ['/etc/hostname']\n", "/etc/hostname"),
    "deep-nesting": ("a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n", "not valid TOML"),
}


def check_fatal(run_stderr: str, code: int, words: str) -> None:
    assert code == 2, (code, run_stderr)
    lines = run_stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("mirror-audit: error: "), run_stderr
    assert words in lines[0], lines[0]


@pytest.mark.parametrize("body, words", RULE_FILES.values(), ids=RULE_FILES.keys())
def test_hostile_rule_file(body: str, words: str, tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_bytes(body.encode("utf-8", "surrogateescape"))
    (tmp_path / GOOD).write_text(GOOD_TEXT + "-i https://" + "a" * 5000 + "!.example/\n")
    run = scan("--rules", str(rules), str(tmp_path), timeout=30)  # a backtracking regex would hang
    check_fatal(run.stderr, run.code, words)


@pytest.mark.parametrize("body, words", CONFIG_FILES.values(), ids=CONFIG_FILES.keys())
def test_hostile_configuration_file(body: str, words: str, tmp_path: Path) -> None:
    config = tmp_path / ".mirror-audit.toml"
    config.write_bytes(body.encode("utf-8", "surrogateescape"))
    (tmp_path / GOOD).write_text(GOOD_TEXT)
    run = scan("--config", str(config), str(tmp_path), timeout=30, isolated=False)
    check_fatal(run.stderr, run.code, words)


@pytest.mark.parametrize("pattern", ["!", "\\", "[z-a]"])
def test_invalid_exclude_option(pattern: str, tmp_path: Path) -> None:
    (tmp_path / GOOD).write_text(GOOD_TEXT)
    run = scan("--exclude", pattern, str(tmp_path))
    check_fatal(run.stderr, run.code, "--exclude")


def test_a_scanned_gitignore_with_invalid_lines(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("!\n[z-a]\n\\\nignored-requirements.txt\n")
    (tmp_path / "ignored-requirements.txt").write_text(GOOD_TEXT)
    (tmp_path / GOOD).write_text(GOOD_TEXT)
    run = scan("--respect-gitignore", str(tmp_path))
    run.check_survived()
    assert not run.found("ignored-requirements.txt") and not run.errors
