"""Regenerate the golden fix trees: `python tests/golden/regen.py [CASE ...]`, then review the diff.

Each case is a folder holding ``before/`` (files as found), an optional ``args`` file (extra
`scan` options, e.g. ``--unsafe-fixes``), and what `scan --fix` makes of them: ``after/`` (the
tree after the fix, byte for byte) and ``expected.json`` (exit code, what was fixed, what was
left and why). tests/test_golden.py regenerates every case into a temporary folder and fails on
any difference, and checks that a second --fix changes nothing.
"""

from __future__ import annotations

import json
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from mirror_audit.cli import main as cli

HERE = Path(__file__).resolve().parent


def cases() -> list[Path]:
    return sorted(p for p in HERE.iterdir() if (p / "before").is_dir())


def args_of(case: Path) -> list[str]:
    path = case / "args"
    return shlex.split(path.read_text()) if path.exists() else []


def run_fix(tree: Path, args: list[str]) -> tuple[int, dict[str, object]]:
    """`scan --fix --format json ARGS TREE`, in process; report paths made relative to the tree."""
    result = CliRunner().invoke(cli, ["scan", "--fix", "--format", "json", *args, str(tree)])
    if result.exit_code not in (0, 1):
        raise RuntimeError(f"scan --fix failed ({result.exit_code}): {result.output}")
    text = result.stdout.replace(f"{tree}/", "")
    return result.exit_code, json.loads(text)


def summary(code: int, report: dict[str, object]) -> dict[str, object]:
    """What a reviewer reads in expected.json: one line per fixed and per left finding."""
    findings: list[dict[str, object]] = report["findings"]  # type: ignore[assignment]
    fixed = [f for f in findings if f["fixed"]]
    left = [f for f in findings if not f["fixed"]]
    return {
        "exit_code": code,
        "files_changed": report["summary"]["files_changed"],  # type: ignore[index]
        "fixed": [f"{_where(f)} {f['match']} -> {f['replacement'] or '(removed)'}" for f in fixed],
        "left": [f"{_where(f)} {f['match']}: {f['note']}" for f in left],
        "errors": [f"{e['path']}: {e['message']}" for e in report["errors"]],  # type: ignore[attr-defined]
    }


def _where(finding: dict[str, object]) -> str:
    return f"{finding['path']}:{finding['line']}:{finding['column']} {finding['rule']}"


def generate(case: Path, out: Path) -> None:
    """Write ``out/after`` and ``out/expected.json`` for one case."""
    after = out / "after"
    shutil.copytree(case / "before", after, symlinks=True)
    code, report = run_fix(after, args_of(case))
    text = json.dumps(summary(code, report), indent=2, ensure_ascii=False) + "\n"
    (out / "expected.json").write_text(text, encoding="utf-8")


def main(names: list[str]) -> int:
    chosen = [c for c in cases() if not names or c.name in names]
    for case in chosen:
        with tempfile.TemporaryDirectory() as tmp:
            generate(case, Path(tmp))
            shutil.rmtree(case / "after", ignore_errors=True)
            shutil.copytree(Path(tmp) / "after", case / "after", symlinks=True)
            shutil.copyfile(Path(tmp) / "expected.json", case / "expected.json")
        print(f"regenerated {case.name}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parents[1] / "scanner"))
    sys.exit(main(sys.argv[1:]))
