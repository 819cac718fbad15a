"""Huge files: a scan's time must grow with a file's length, not with its square.

    /work/venv/bin/python -m tests.bench.huge [--lines 100000] [--json]     # from the repo root

Writes one file of each shape at LINES/10 and at LINES lines (a log that names a legacy index
on every tenth line and a current host on the others, a requirements file, a shell script
with a finding on every line), scans each alone in a fresh process, and prints the wall
time, the peak memory and the findings of both sizes and the ratio of their times: about 10
for a linear scan, about 100 for a quadratic one (text extraction once took 61 s on a
100,000-line file). Exit 1 when a ratio is over --worst (default 20) or findings are missing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

LEGACY = "https://pypi.python.org/simple"


def log_line(index: int) -> str:
    if index % 10 == 0:
        return f"2024-05-01 12:00:{index % 60:02d} pip install -i {LEGACY} pkg{index}"
    return f"2024-05-01 12:00:{index % 60:02d} job {index} done, see https://docs.python.org/3/"


def requirements_line(index: int) -> str:
    if index % 10 == 0:
        return f"-i {LEGACY}"
    return f"pkg{index}==1.{index % 7} --hash=sha256:{index:064x}"


def shell_line(index: int) -> str:
    return f"pip install --index-url {LEGACY} pkg{index}"


# name -> (line maker, findings per line)
SHAPES: dict[str, tuple[Callable[[int], str], float]] = {
    "build.log": (log_line, 0.1),
    "requirements.txt": (requirements_line, 0.1),
    "install.sh": (shell_line, 1.0),
}


def write(folder: Path, name: str, lines: int) -> Path:
    maker, _ = SHAPES[name]
    path = folder / name
    path.write_text("\n".join(maker(i) for i in range(lines)) + "\n", encoding="utf-8")
    return path


def scan(path: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB (GNU time) and findings of a scan of one file."""
    mirror_audit = str(Path(sys.executable).with_name("mirror-audit"))
    argv = [mirror_audit, "scan", "--isolated", "--format", "jsonl", path.name]
    rss_file = path.with_suffix(".rss")
    timed = ["/usr/bin/time", "-f", "%M", "-o", str(rss_file), *argv]
    use_time = os.access("/usr/bin/time", os.X_OK)
    start = time.perf_counter()
    proc = subprocess.run(
        timed if use_time else argv, cwd=path.parent, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    rss = int(rss_file.read_text().split()[-1]) if use_time else 0
    findings = sum(1 for line in proc.stdout.splitlines() if '"rule"' in line)
    return wall, rss, findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lines", type=int, default=100000)
    parser.add_argument("--worst", type=float, default=20.0, help="largest time ratio allowed")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="ma-huge-") as tmp:
        for name, (_, rate) in SHAPES.items():
            sizes = []
            for lines in (args.lines // 10, args.lines):
                folder = Path(tmp) / str(lines)
                folder.mkdir(exist_ok=True)
                path = write(folder, name, lines)
                wall, rss, findings = scan(path)
                sizes.append((lines, path.stat().st_size, wall, rss, findings, int(lines * rate)))
            rows.append((name, sizes))
    ok = True
    if args.json:
        print(json.dumps(dict(rows), indent=1))
    else:
        print("| file | lines | MB | wall s | peak MiB | findings | time ratio to 1/10 the lines |")
        print("|---|---|---|---|---|---|---|")
    for name, sizes in rows:
        ratio = sizes[1][2] / sizes[0][2]
        for lines, size, wall, rss, found, expected in sizes:
            ok = ok and found >= expected
            if not args.json:
                cell = f"{ratio:.1f}x" if lines == args.lines else ""
                print(
                    f"| `{name}` | {lines:,} | {size / 1e6:.1f} | {wall:.2f} | {rss / 1024:.0f} "
                    f"| {found:,} | {cell} |"
                )
        ok = ok and ratio <= args.worst
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
