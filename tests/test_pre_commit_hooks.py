""".pre-commit-hooks.yaml: generated from kinds.py, kept in step with it; two well-formed hooks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from mirror_audit import hooks, kinds
from mirror_audit.cli import main

ROOT = Path(__file__).resolve().parents[1]
HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
DEFINED = yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))


def test_the_hooks_file_is_generated_from_the_kinds_table() -> None:
    assert HOOKS_FILE.read_text(encoding="utf-8") == hooks.render(), (
        "run: python -m mirror_audit.hooks > .pre-commit-hooks.yaml"
    )


def sample(pattern: str) -> str:
    return pattern.replace("*", "x").replace("?", "y")


TABLE = [pytest.param(p, k, id=f"{k}:{p}") for p, k in kinds._NAME_TABLE]


@pytest.mark.parametrize(("pattern", "kind"), TABLE)
def test_every_name_of_the_kinds_table_is_a_hook_file(pattern: str, kind: str) -> None:
    regex = re.compile(DEFINED[0]["files"])
    for path in (sample(pattern), f"deep/er/{sample(pattern)}", f"deep/{sample(pattern).upper()}"):
        assert regex.search(path), path


def test_every_kind_reaches_the_hooks() -> None:
    regex = re.compile(DEFINED[0]["files"])
    names = [sample(p) for p in hooks.patterns()]
    assert all(regex.search(n) for n in names)
    assert {kinds.kind_of(n) for n in names} >= kinds.ALL_KINDS


NOT_FILES = [
    pytest.param("logo.png", id="binary"),
    pytest.param("dist/x-1.0-py3-none-any.whl", id="wheel"),
    pytest.param("src/main.c", id="c-source"),
    pytest.param("requirements.txt.orig/x.c", id="a-directory-named-like-a-file"),
    pytest.param("notrequirements/x.sh.bak", id="backup"),
]


@pytest.mark.parametrize("path", NOT_FILES)
def test_other_files_are_not_hook_files(path: str) -> None:
    assert not re.search(DEFINED[0]["files"], path)


def test_the_baseline_is_never_given_to_a_hook() -> None:
    for hook in DEFINED:
        assert re.search(hook["exclude"], "sub/.mirror-audit-baseline.json")
        assert not re.search(hook["exclude"], "sub/x.mirror-audit-baseline.json")


def test_two_hooks_that_take_file_names_and_share_no_state() -> None:
    assert [h["id"] for h in DEFINED] == ["mirror-audit", "mirror-audit-fix"]
    for hook in DEFINED:
        assert hook["language"] == "python" and hook["pass_filenames"] is True
        assert hook["require_serial"] is False  # parallel batches: each writes only its own files
        assert hook["files"] == DEFINED[0]["files"]
    assert DEFINED[0]["entry"] == "mirror-audit scan"
    assert DEFINED[1]["entry"] == "mirror-audit scan --fix --exit-non-zero-on-fix"


def test_the_hook_entries_are_real_options() -> None:
    help_text = CliRunner().invoke(main, ["scan", "--help"]).stdout
    for hook in DEFINED:
        for option in hook["entry"].split()[2:]:
            assert option in help_text
