"""Time mirror-audit against find, a bare Python walk, rg and grep on a generated host tree.

    /work/venv/bin/python -m tests.bench.run --files 300000 --repeat 5     # from the repo root

Generates the tree (tests/bench/generate.py) once per size and seed, under --work, then runs
every tool once to warm the page cache and --repeat rounds in which each tool runs once, in a
rotated order, so that every pair of tools is measured under the same load. Prints the machine,
then a table of medians, paired ratios (the median of the per-round ratios to the reference
row), tree files per second, peak resident memory of the tool's process (ru_maxrss from
wait4, through GNU time when there) and how many planted hits it found (rg and grep: the
file of the hit is listed).
--cold drops the page cache before every run; that needs root and a writable
/proc/sys/vm/drop_caches, and the output says when it was not possible.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import generate
from .tools import Tool, patterns, tools

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else ""


@dataclass
class Runs:
    tool: Tool
    wall: list[float] = field(default_factory=list)
    rss: list[int] = field(default_factory=list)  # KiB
    found: tuple[int, int] = (0, 0)
    code: int = 0


def tree_for(work: Path, files: int, seed: int) -> tuple[Path, dict[str, Any]]:
    """The generated tree and its truth, generated only when not already there."""
    out = work / f"tree-{files}-{seed}-v{generate.VERSION}"
    truth_file = out / "truth.json"
    if truth_file.exists():
        return out / "tree", json.loads(truth_file.read_text(encoding="utf-8"))
    start = time.perf_counter()
    truth = generate.generate(out, files, seed)
    print(
        f"generated {truth['files']} files in {time.perf_counter() - start:.0f} s", file=sys.stderr
    )
    return out / "tree", truth


def drop_caches() -> str:
    """'' when the page cache was dropped, else why it could not be."""
    if os.geteuid() != 0:
        return "not root"
    try:
        os.sync()
        with open("/proc/sys/vm/drop_caches", "w") as handle:
            handle.write("3\n")
    except OSError as exc:
        return f"/proc/sys/vm/drop_caches: {exc.strerror or exc}"
    return ""


def run_once(tool: Tool, tree: Path, out: Path) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB and exit code of one run, stdout to ``out``.

    NOTE: a child forked from this process starts with this process's peak RSS (Linux keeps
    the high-water mark across exec), so ru_maxrss comes from GNU time's wait4 on a child it
    forked itself (a ~2 MiB floor), when /usr/bin/time exists.
    """
    rss_file = out.with_suffix(".rss")
    argv = (TIME, "-f", "%M", "-o", str(rss_file), *tool.argv) if TIME else tool.argv
    with open(out, "wb") as stdout:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=tree, stdout=stdout, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = int(rss_file.read_text().split()[-1]) if TIME else usage.ru_maxrss
    return wall, rss, proc.returncode


def measure(
    rows: list[Tool], tree: Path, repeat: int, cold: bool, truth: dict[str, Any]
) -> list[Runs]:
    runs = [Runs(t) for t in rows]
    hits: list[dict[str, Any]] = truth["hits"]
    with tempfile.TemporaryDirectory(prefix="ma-bench-") as scratch:
        out = Path(scratch) / "out"
        for run in runs:  # warm-up, and the hit check on its output
            run_once(run.tool, tree, out)
            if run.tool.check is not None:
                run.found = run.tool.check(
                    out.read_text(encoding="utf-8", errors="replace"),
                    [h for h in hits if run.tool.hits(h)],
                )
        for round_ in range(repeat):
            for run in runs[round_ % len(runs) :] + runs[: round_ % len(runs)]:
                if cold:
                    drop_caches()
                wall, rss, code = run_once(run.tool, tree, out)
                run.wall.append(wall)
                run.rss.append(rss)
                run.code = code
    return runs


def paired(run: Runs, runs: list[Runs], name: str) -> str:
    other = next((r for r in runs if r.tool.name == name), None)
    if other is None or not other.wall:
        return ""
    ratio = statistics.median(a / b for a, b in zip(run.wall, other.wall, strict=True))
    return f"{ratio:.2f}x {name}"


def table(runs: list[Runs], files: int) -> str:
    head = (
        "tool",
        "median s",
        "min s",
        "paired ratio",
        "tree files/s",
        "peak MiB",
        "planted hits found",
    )
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for run in runs:
        median = statistics.median(run.wall)
        found, planted = run.found
        hits = (
            "-"
            if not planted
            else f"{found}/{planted}" + (" all" if found == planted else " MISSING")
        )
        cells = (
            f"`{run.tool.name}`",
            f"{median:.2f}",
            f"{min(run.wall):.2f}",
            paired(run, runs, run.tool.reference),
            f"{files / median:,.0f}",
            f"{max(run.rss) / 1024:.0f}",
            hits,
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine(tree: Path) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "?",
    )
    rg = subprocess.run(["rg", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} CPUs ({cpu}), {memory} memory, Linux {platform.release()}, "
        f"Python {platform.python_version()}, {rg}; load average {load}"
    )


def memory(work: Path, sizes: list[int], seed: int, patterns_file: Path) -> str:
    """Peak memory of the scans as the tree grows: one run each, after a warm-up run."""
    rows = [t for t in tools(patterns_file) if t.name.startswith("mirror-audit")]
    lines = ["| tree files | " + " | ".join(f"`{t.name}` peak MiB" for t in rows) + " |"]
    lines.append("|---|" + "---|" * len(rows))
    with tempfile.TemporaryDirectory(prefix="ma-bench-") as scratch:
        out = Path(scratch) / "out"
        for size in sizes:
            tree, truth = tree_for(work, size, seed)
            peaks = []
            for tool in rows:
                run_once(tool, tree, out)
                peaks.append(run_once(tool, tree, out)[1])
            cells = " | ".join(f"{kib / 1024:.0f}" for kib in peaks)
            lines.append(f"| {int(truth['files']):,} | {cells} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=100000, help="tree size (20k to 300k files)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5, help="timed rounds (medians over these)")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "mirror-audit-bench"
    )
    parser.add_argument(
        "--cold", action="store_true", help="drop the page cache before every run (root)"
    )
    parser.add_argument(
        "--tool", action="append", dest="names", help="run only this row (repeatable)"
    )
    parser.add_argument(
        "--memory-sizes",
        default="",
        help="comma-separated tree sizes at which to report the scan's peak memory too",
    )
    args = parser.parse_args(argv)
    tree, truth = tree_for(args.work, args.files, args.seed)
    reason = drop_caches() if args.cold else "not asked (--cold)"
    cache = (
        "cold: page cache dropped before every run"
        if not reason
        else f"warm page cache (cold: {reason})"
    )
    patterns_file = args.work / "patterns.txt"
    patterns_file.write_text("\n".join(patterns()) + "\n", encoding="utf-8")
    rows = tools(patterns_file, args.names)
    runs = measure(rows, tree, args.repeat, not reason, truth)
    print(machine(tree))
    print(
        f"tree: {truth['files']:,} files, {int(truth['bytes']) / 1e9:.2f} GB "
        f"({tree}); {len(truth['hits'])} planted hits; {args.repeat} rounds; "
        f"{cache}"
    )
    print(table(runs, int(truth["files"])))
    sizes = [int(n) for n in args.memory_sizes.split(",") if n.strip()]
    if sizes:
        print(memory(args.work, sizes, args.seed, patterns_file))
    return (
        0
        if all(r.found[0] == r.found[1] for r in runs if r.tool.name.startswith("mirror-audit"))
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
