"""README's "On a whole host" and "Fleets and the Python API" stay true: their examples run."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

import mirror_audit
from mirror_audit.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


HOST, FLEET = section("On a whole host"), section("Fleets and the Python API")
CONSOLE = re.findall(r"```console\n\$ mirror-audit ([^\n]+)\n(.*?)```", HOST, re.DOTALL)


def test_the_sections_stand_just_before_rules() -> None:
    headings = re.findall(r"^## (.+)$", README, re.MULTILINE)
    at = headings.index("Rules")
    assert headings[at - 2 : at] == ["On a whole host", "Fleets and the Python API"]


def test_the_host_section_shows_both_commands() -> None:
    assert [command.split()[0] for command, _ in CONSOLE] == ["scan", "pip-config"]


@pytest.mark.parametrize(("command", "shown"), CONSOLE, ids=[c.split()[0] for c, _ in CONSOLE])
def test_the_host_examples_print_what_is_shown(
    monkeypatch: pytest.MonkeyPatch, command: str, shown: str
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, shlex.split(command))
    assert result.exit_code == 1  # examples/host is full of legacy references
    assert result.stdout == shown


def test_the_api_example_prints_what_is_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    [code] = re.findall(r"```python\n(.*?)```", FLEET, re.DOTALL)
    [shown] = re.findall(r"prints\n\n```text\n(.*?)```", FLEET, re.DOTALL)
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md:api", "exec"), {"__name__": "__readme__"})
    assert out.getvalue() == shown


def test_the_api_names_it_uses_are_the_stable_ones() -> None:
    for name in ("scan", "fix", "merge", "Config", "Report", "Finding", "Fleet"):
        assert f"`{name}`" in FLEET and name in mirror_audit.__all__, name


def test_the_scale_figures_come_from_the_benchmark() -> None:
    scale = FLEET.split("### Scale on paper", 1)[1]
    assert "tests/bench/merge_bench.py" in scale and (ROOT / "tests/bench/merge_bench.py").exists()
    figures = r"10,000\s+reports.*?([\d.]+) s in process.*?([\d.]+) s \([^)]*\) for\s+`mirror-audit"
    found = re.search(figures, scale, re.DOTALL)
    assert found and 0 < float(found[1]) < float(found[2]) < 10  # the benchmark's budget: 10 s


def test_the_linked_documents_exist() -> None:
    for link in re.findall(r"\]\(([^)#]+)\)", HOST + FLEET):
        assert (ROOT / link).exists(), link
