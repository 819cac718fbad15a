"""Golden trees: `scan --fix` on golden/<case>/before gives exactly after/ and expected.json."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

from mirror_audit import read
from mirror_audit.rules import load_rules
from tests.golden import regen

CASES = [pytest.param(case, id=case.name) for case in regen.cases()]


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("case", CASES)
def test_golden_case_regenerates_without_a_diff(case: Path, tmp_path: Path) -> None:
    regen.generate(case, tmp_path)
    assert tree(tmp_path / "after") == tree(case / "after"), "run tests/golden/regen.py and review"
    assert (tmp_path / "expected.json").read_text() == (case / "expected.json").read_text()


@pytest.mark.parametrize("case", CASES)
def test_a_second_fix_changes_nothing(case: Path, tmp_path: Path) -> None:
    shutil.copytree(case / "after", tmp_path / "after", symlinks=True)
    code, report = regen.run_fix(tmp_path / "after", regen.args_of(case))
    assert report["summary"]["files_changed"] == 0  # type: ignore[index]
    assert not any(f["fixed"] for f in report["findings"])  # type: ignore[attr-defined]
    assert tree(tmp_path / "after") == tree(case / "after")


# Rules whose golden case waits for a format extractor (remove the entry when it lands).
PENDING: dict[str, str] = {}


def test_every_default_rule_has_a_golden_case() -> None:
    expected = "".join((case / "expected.json").read_text() for case in regen.cases())
    assert {r.id for r in load_rules().rules if f" {r.id} " not in expected} == set(PENDING)


def changed_lines(before: bytes, after: bytes) -> set[int]:
    """1-based numbers of the lines of ``before`` that differ in ``after``."""
    old, new = (_lines(raw) for raw in (before, after))
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return {
        i + 1
        for tag, i1, i2, _, _ in matcher.get_opcodes()
        if tag != "equal"
        for i in range(i1, i2)
    }


def _lines(raw: bytes) -> list[str]:
    decoded = read.decode(raw)
    assert not isinstance(decoded, str)
    return decoded[0].splitlines(keepends=True)


@pytest.mark.parametrize("case", CASES)
def test_only_lines_with_a_fixed_reference_change(case: Path) -> None:
    fixed = json.loads((case / "expected.json").read_text())["fixed"]
    for name, before in tree(case / "before").items():
        lines = {int(entry.split(":")[1]) for entry in fixed if entry.split(":")[0] == name}
        old = _lines(before)
        for number in changed_lines(before, (case / "after" / name).read_bytes()):
            # a removed last continuation line takes the backslash of the line above with it
            above = number + 1 in lines and old[number - 1].rstrip().endswith("\\")
            assert number in lines or above, (
                f"{case.name}/{name}:{number} changed: {old[number - 1]!r}"
            )
