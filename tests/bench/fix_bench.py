"""Benchmark `scan --fix` against a plain scan on a generated tree, and check the fix held.

    python tests/bench/fix_bench.py                  # 2,000 files
    python tests/bench/fix_bench.py --files 10000 --keep /tmp/tree

The tree mixes what a repository holds: a third of the files reference legacy hosts or removed
options (scripts, CI YAML, Makefiles, JSON, in LF, CRLF and latin-1), the rest are clean text
of similar size. Each command runs in a fresh process on its own copy, as a user would run it.
Exit 1 when the fix left anything fixable, or a second --fix changed a file.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LINES = [
    "pip install --use-mirrors -i http://pypi.python.org/simple -r requirements.txt",
    "pip install --index-url=https://b.pypi.python.org/simple/ --trusted-host pypi.python.org app",
    "  - pip install -i https://pypi.python.org/simple/ tox  # CI",
    "curl -fsSL https://pypi.python.org/pypi/requests/json",
    "twine upload --repository-url https://testpypi.python.org/pypi dist/*",
    "export PIP_INDEX_URL=http://last.pypi.python.org/simple",
    "wget https://pypi.io/packages/source/s/six/six-1.16.0.tar.gz",
    "# pip install -i https://pypi.python.org/simple (comment: reported, left)",
]
CLEAN = ["echo building", "python -m pytest -q", "make -C docs html", "  - run: tox -e py312"]
NAMES = ["build.sh", ".travis.yml", "Makefile", "deploy.yml", "settings.json", "run.cmd.txt"]


def generate(root: Path, count: int, rng: random.Random, every: bool = False) -> None:
    for index in range(count):
        folder = root / f"repo{index // 50:03d}" / f"part{index % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        legacy = every or index % 3 == 0
        lines = [rng.choice(CLEAN) for _ in range(rng.randint(20, 80))]
        if legacy:
            for _ in range(rng.randint(1, 6)):
                lines.insert(rng.randrange(len(lines) + 1), rng.choice(LINES))
        newline = "\r\n" if index % 7 == 0 else "\n"
        text = newline.join(lines) + newline
        names = [n for n in NAMES if not (every and n.endswith(".txt"))]  # a .txt is docs: reported
        name = f"{index:05d}-{names[index % len(names)]}"
        encoding = "latin-1" if index % 11 == 0 else "utf-8"
        (folder / name).write_bytes(("# caf\xe9" + newline + text).encode(encoding))


def run(args: list[str]) -> tuple[float, int, dict[str, object]]:
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mirror_audit", "scan", "--format", "json", *args],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    return elapsed, proc.returncode, json.loads(proc.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="leave the generated trees here")
    parser.add_argument("--rounds", type=int, default=3, help="scan and fix pairs (medians)")
    parser.add_argument(
        "--every", action="store_true", help="every file needs a fix (default: one in three)"
    )
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="fix-bench-"))
    generate(base / "scan", args.files, random.Random(args.seed), args.every)
    # Pairs: each round scans the tree, then fixes a fresh copy of it, under the same load.
    scans, fixes = [], []
    for round_ in range(args.rounds):
        if round_:
            shutil.rmtree(base / "fix")
        shutil.copytree(base / "scan", base / "fix")
        scan_time, _, scanned = run([str(base / "scan")])
        fix_time, fix_code, fixed = run(["--fix", str(base / "fix")])
        scans.append(scan_time)
        fixes.append(fix_time)
    again_time, _, again = run(["--fix", str(base / "fix")])
    scan_time, fix_time = statistics.median(scans), statistics.median(fixes)
    ratio = statistics.median(f / s for f, s in zip(fixes, scans, strict=True))
    fixable = [
        f
        for f in again["findings"]
        if f["replacement"] is not None and f["context"] != "comment" and f["fix_safety"] == "safe"
    ]
    s, f, a = scanned["summary"], fixed["summary"], again["summary"]
    print(f"files {args.files}: {s['files_with_findings']} with findings, {s['findings']} findings")
    print(f"scan          {scan_time:6.2f} s  (median of {args.rounds})")
    changed = f"{f['fixed']} fixed in {f['files_changed']} files, exit {fix_code}"
    print(f"scan --fix    {fix_time:6.2f} s  ({changed})")
    print(f"second --fix  {again_time:6.2f} s  ({a['files_changed']} files changed)")
    print(f"fix / scan    {ratio:6.2f}x  (median of the paired ratios)")
    if not args.keep:
        shutil.rmtree(base)
    ok = not fixable and a["files_changed"] == 0
    left = f"{len(fixable)} fixable findings left, {a['files_changed']} files changed again"
    print("ok" if ok else f"FAILED: {left}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
