"""examples/README.md stays true: each directory described, each summary what a scan prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mirror_audit.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
README = (EXAMPLES / "README.md").read_text(encoding="utf-8")


def sections() -> dict[str, str]:
    """The text under each "## `name/`" heading, by name; under "", the text before them."""
    parts = re.split(r"^## `([^`]+)/`\n", README, flags=re.MULTILINE)
    return {"": parts[0], **dict(zip(parts[1::2], parts[2::2], strict=True))}


def test_every_directory_is_described() -> None:
    directories = {p.name for p in EXAMPLES.iterdir() if p.is_dir()}
    assert set(sections()) - {""} == directories


def expectations() -> list[tuple[str, str, int, str]]:
    """(section, scanned path, exit code, summary line) for each `mirror-audit scan DIR` shown."""
    found = []
    for name, text in sections().items():
        commands = re.findall(
            r"^mirror-audit scan (examples/\S*)\s+# exit (\d)", text, re.MULTILINE
        )
        commands += [("examples/", "1")] if not name else []
        [summary] = re.findall(r"```text\n(.+)\n```", text)
        found.extend((name or "all", path, int(code), summary) for path, code in commands)
    return found


EXPECTED = expectations()


def test_each_section_shows_a_scan_and_its_summary() -> None:
    assert {e[0] for e in EXPECTED} == {*(set(sections()) - {""}), "all"}


@pytest.mark.parametrize(
    ("section", "path", "code", "summary"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_the_summary_is_what_the_scan_prints(
    monkeypatch: pytest.MonkeyPatch, section: str, path: str, code: int, summary: str
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["scan", path])
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (code, summary), result.output
