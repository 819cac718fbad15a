"""Every benchmark of issue 7, in one run: the commands the README's Performance section shows.

    /work/venv/bin/python -m tests.bench.all --files 100000      # from the repo root

1. the scan table (tests/bench/run.py): mirror-audit against find, a bare Python walk, rg and
   grep on a generated host tree, as pairs in the same rounds; peak memory as the tree grows;
2. the same, cold: the page cache dropped before every run (needs root; says so otherwise);
3. huge files (tests/bench/huge.py); 4. start-up on 5 files (tests/bench/startup.py);
5. --fix over 10,000 files that each need a fix (tests/bench/fix_bench.py);
6. `mirror-audit merge` of 10,000 host reports (tests/bench/merge_bench.py).
Each section's output is printed as it comes; the exit code is the worst of theirs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time


def sections(files: int, repeat: int, small: int) -> list[tuple[str, list[str]]]:
    python = sys.executable
    return [
        (
            "scan, warm page cache",
            [
                python,
                "-m",
                "tests.bench.run",
                "--files",
                str(files),
                "--repeat",
                str(repeat),
                "--memory-sizes",
                f"{small},{files}",
            ],
        ),
        (
            "scan, cold page cache",
            [
                python,
                "-m",
                "tests.bench.run",
                "--files",
                str(files),
                "--repeat",
                "3",
                "--cold",
                "--tool",
                "python scandir walk",
                "--tool",
                "mirror-audit scan --kinds config",
                "--tool",
                "mirror-audit scan",
            ],
        ),
        ("huge files", [python, "-m", "tests.bench.huge"]),
        ("start-up, 5 files", [python, "-m", "tests.bench.startup", "--runs", "20"]),
        (
            "--fix over 10,000 files",
            [python, "tests/bench/fix_bench.py", "--files", "10000", "--every", "--rounds", "3"],
        ),
        ("merge of 10,000 host reports", [python, "tests/bench/merge_bench.py"]),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=100000, help="scan tree size")
    parser.add_argument("--small", type=int, default=20000, help="smaller tree, for memory")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", action="append", help="run only sections whose title has this")
    args = parser.parse_args(argv)
    worst = 0
    for title, command in sections(args.files, args.repeat, args.small):
        if args.only and not any(word in title for word in args.only):
            continue
        print(f"\n## {title}\n\n$ {' '.join(command[1:])}", flush=True)
        start = time.perf_counter()
        code = subprocess.run(command).returncode
        print(f"({time.perf_counter() - start:.0f} s, exit {code})", flush=True)
        worst = max(worst, code)
    return worst


if __name__ == "__main__":
    sys.exit(main())
