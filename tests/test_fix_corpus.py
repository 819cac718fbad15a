"""--fix on a copy of the shared corpus of real files (skipped when ../shared/corpus is absent)."""

from __future__ import annotations

import ast
import configparser
import json
import shutil
from pathlib import Path

import pytest

from mirror_audit import api, rewrite
from mirror_audit.model import Finding, Report
from tests.test_golden import changed_lines

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    tomllib = None  # type: ignore[assignment]

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
pytestmark = pytest.mark.skipif(
    not (CORPUS / "expected.json").exists(), reason="no ../shared/corpus here"
)

INI = {"pip.conf", "pip.ini", "setup.cfg", "tox.ini", ".pypirc", ".pydistutils.cfg"}


def parses(path: Path) -> bool:
    """Whether the file reads in the format its tool reads it in (for the formats we can check)."""
    text = path.read_bytes().decode("utf-8", "replace")
    try:
        if path.name in INI:
            configparser.RawConfigParser(strict=False).read_string(text)
        elif tomllib is not None and (path.suffix == ".toml" or path.name.startswith("Pipfile")):
            tomllib.loads(text)
        elif path.suffix in (".yml", ".yaml"):
            yaml = pytest.importorskip("yaml")
            yaml.safe_load(text.replace("{%", "#{%"))  # conda recipes hold Jinja
        elif path.suffix == ".py":
            ast.parse(text)
    except Exception:
        return False
    return True


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Report, Report]:
    entries = json.loads((CORPUS / "expected.json").read_text())
    before, after = tmp_path_factory.mktemp("before"), tmp_path_factory.mktemp("after")
    for entry in entries:
        number = entry["file"].split("_", 1)[0]
        name = Path(entry.get("path") or entry["file"].split("_", 1)[1]).name
        for root in (before, after):
            (root / number).mkdir()
            shutil.copyfile(CORPUS / "files" / entry["file"], root / number / name)
    scanned = api.scan([str(before)])
    fixed = api.fix([str(after)])
    return before, after, scanned, fixed


def _lines(findings: list[Finding], root: Path) -> dict[str, set[int]]:
    lines: dict[str, set[int]] = {}
    for finding in findings:
        lines.setdefault(str(Path(finding.path).relative_to(root)), set()).add(finding.line)
    return lines


def test_every_changed_line_holds_a_reference(corpus: tuple[Path, Path, Report, Report]) -> None:
    before, after, scanned, fixed = corpus
    assert fixed.files_changed > 0
    referenced = _lines(scanned.findings, before)
    for path in sorted(p for p in before.rglob("*") if p.is_file()):
        name = str(path.relative_to(before))
        old = path.read_bytes().decode("utf-8", "replace").splitlines()
        for number in changed_lines(path.read_bytes(), (after / name).read_bytes()):
            above = number + 1 in referenced.get(name, ()) and old[number - 1].rstrip().endswith(
                "\\"
            )
            assert number in referenced.get(name, ()) or above, (
                f"{name}:{number}: {old[number - 1]!r}"
            )


def test_every_file_still_parses(corpus: tuple[Path, Path, Report, Report]) -> None:
    before, after, _, fixed = corpus
    broken = [
        str(p.relative_to(before))
        for p in before.rglob("*")
        if p.is_file() and parses(p) and not parses(after / p.relative_to(before))
    ]
    assert broken == []
    assert not [e for e in fixed.errors if e.category == "fix"], fixed.errors


def test_a_rescan_finds_only_what_has_no_safe_fix(
    corpus: tuple[Path, Path, Report, Report],
) -> None:
    _, after, _, _ = corpus
    rescan = api.scan([str(after)])
    assert [f"{f.path}:{f.line} {f.rule}" for f in rescan.findings if rewrite.fixable(f)] == []
    assert api.fix([str(after)]).files_changed == 0
