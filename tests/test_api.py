"""The documented Python API: docs/api.md's snippets run, examples/api/remediate.py runs."""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import mirror_audit

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
EXAMPLE = ROOT / "examples" / "api" / "remediate.py"

APP = {
    "app/pip.conf": "[global]\nindex-url = https://f.pypi.python.org/simple\n",
    "app/requirements.txt": "--use-mirrors\n-i http://pypi.python.org/simple\nclick\n",
    "app/Pipfile.lock": '{"_meta": {"sources": [{"url": "https://pypi.python.org/simple"}]}}\n',
}


def write(base: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (base / name).parent.mkdir(parents=True, exist_ok=True)
        (base / name).write_text(text)


def snippets() -> dict[str, str]:
    """The ```python blocks of docs/api.md, by the heading they stand under."""
    found = {}
    for section in re.split(r"^## ", DOC, flags=re.MULTILINE)[1:]:
        title = section.split("\n", 1)[0].strip().lower()
        for index, code in enumerate(re.findall(r"```python\n(.*?)```", section, re.DOTALL)):
            found[f"{title}-{index}"] = code
    return found


SNIPPETS = [
    pytest.param(
        "scan-0",
        [
            "MA101 f.pypi.python.org is a retired PyPI mirror",
            "-> https://pypi.org/simple/",
            "3 files, 4 failing; exit code 1",
        ],
        id="scan",
    ),
    pytest.param(
        "fix-0",
        [
            "-index-url = https://f.pypi.python.org/simple",
            "2 files changed",
            "left: app/Pipfile.lock 1 MA401 lock file",
        ],
        id="fix",
    ),
    pytest.param(
        "merge-0",
        [
            "1 host never reported",
            f"web01 findings 4 {mirror_audit.__version__}",
            "web03 never-reported 0",
            "pypi.python.org on web01, web02",
            "\n8\n",
        ],
        id="merge",
    ),
]


def test_every_snippet_is_tested() -> None:
    assert sorted(snippets()) == sorted(str(p.values[0]) for p in SNIPPETS)


@pytest.mark.parametrize(("name", "expected"), SNIPPETS)
def test_doc_snippets_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, expected: list[str]
) -> None:
    write(tmp_path, APP)
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(snippets()[name], f"docs/api.md:{name}", "exec"), {"__name__": "__doc__"})
    for text in expected:
        assert text in out.getvalue(), out.getvalue()


def test_documented_names_are_exported() -> None:
    table = DOC.split("| name | what it is |", 1)[1].split("\n\n", 1)[0]
    names = {m.split("(")[0].split(".")[-1] for m in re.findall(r"`(mirror_audit\.[\w.]+)", table)}
    names |= {"Context", "Role", "FixSafety"}
    assert names <= set(mirror_audit.__all__)


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def run_example(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLE), *args], capture_output=True, text=True, timeout=120
    )


def test_example_works_on_a_copy_and_leaves_the_examples_alone() -> None:
    before = tree_hash(ROOT / "examples")
    run = run_example()
    assert run.returncode == 1, run.stderr  # the example lock file is left for `pipenv lock`
    assert tree_hash(ROOT / "examples") == before
    assert re.search(r"^legacy-project: \d+ findings in \d+ files$", run.stdout, re.MULTILINE)
    assert "clean: 0 findings in" in run.stdout
    assert re.search(r"^fleet: 2 hosts, 1 clean, [1-9]\d* files changed", run.stdout, re.MULTILINE)


def test_example_fixes_the_trees_it_is_given(tmp_path: Path) -> None:
    write(tmp_path / "web01", APP)
    write(tmp_path / "web02", {"app/pip.conf": "[global]\nindex-url = https://pypi.org/simple/\n"})
    run = run_example(str(tmp_path / "web01"), str(tmp_path / "web02"))
    assert run.returncode == 1, run.stderr
    assert run.stdout.splitlines()[-3:] == [
        "fleet: 2 hosts, 1 clean, 2 files changed, 1 failing findings left",
        "  web01: findings, 4 findings, 3 fixed",
        "  web02: clean, 0 findings, 0 fixed",
    ]
    assert "  left: app/Pipfile.lock:1 MA401 lock file: never edited" in run.stdout
    assert (
        tmp_path / "web01" / "app" / "pip.conf"
    ).read_text() == "[global]\nindex-url = https://pypi.org/simple/\n"


def test_the_public_names_are_the_documented_ones_and_resolve() -> None:
    for name in mirror_audit.__all__:
        assert getattr(mirror_audit, name) is not None
    assert set(mirror_audit.__all__) - {"__version__"} == set(mirror_audit._PUBLIC)
    assert callable(mirror_audit.merge)  # the function, never the module that holds it
