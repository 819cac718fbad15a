"""Start-up latency: `mirror-audit scan` on 5 small files, beside `ruff check` on the same files.

    /work/venv/bin/python -m tests.bench.startup [--runs 30] [--json]     # from the repo root

A pre-commit hook pays the start-up on every commit, so this is the number that matters for a
handful of staged files. Each round runs every command once, in a rotated order (the same
load for each); the table shows the median, the fastest and the 90th percentile in ms, and
the CPU time (user + system: what the run costs when the machine is busy), and the modules a
scan of these files imports that it should not (libcst, tomlkit, reporters).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FILES = {
    "requirements.txt": "-i https://pypi.python.org/simple\nrequests==2.32.3\n",
    "pip.conf": "[global]\nindex-url = https://pypi.org/simple/\n",
    "tox.ini": "[tox]\nenv_list = py3\n[testenv]\ndeps = pytest\n",
    "install.sh": "#!/bin/sh\npip install --use-mirrors -r requirements.txt\n",
    "Dockerfile": "FROM python:3.12\nRUN pip install -i https://pypi.org/simple/ app\n",
}
HEAVY = (
    "libcst",
    "tomlkit",
    "mirror_audit.report.sarif",
    "mirror_audit.report.github",
    "mirror_audit.report.jsonl",
    "mirror_audit.report.statistics",
    "mirror_audit.baseline",
    "jsonschema",
    "mirror_audit.fleet",
    "mirror_audit.merging",
    "mirror_audit.write",
    "hashlib",
    "socket",
    "pathlib",  # with urllib.parse and ipaddress: 5 ms
    "shutil",  # with zlib, bz2 and lzma: 3 ms
    "mirror_audit.extract.conda",
)


def commands(bin_dir: Path) -> dict[str, list[str]]:
    names = list(FILES)
    python = str(bin_dir / "python")
    return {
        "python -c pass (interpreter alone)": [python, "-c", "pass"],
        "mirror-audit scan (5 files)": [
            str(bin_dir / "mirror-audit"),
            "scan",
            "--isolated",
            *names,
        ],
        "mirror-audit scan --format sarif": [
            str(bin_dir / "mirror-audit"),
            "scan",
            "--isolated",
            "--format",
            "sarif",
            *names,
        ],
        "ruff check (same 5 files)": [
            _ruff(bin_dir),
            "check",
            "--isolated",
            "--no-cache",
            "--exit-zero",
            "--quiet",
            *names,
        ],
    }


def _ruff(bin_dir: Path) -> str:
    return str(bin_dir / "ruff") if (bin_dir / "ruff").exists() else shutil.which("ruff") or "ruff"


Times = dict[str, list[float]]


def measure(runs: int, bin_dir: Path, work: Path) -> tuple[Times, Times]:
    """Wall-clock and CPU (user + system) milliseconds of each command, per run."""
    table = commands(bin_dir)
    wall: Times = {name: [] for name in table}
    cpu: Times = {name: [] for name in table}
    order = list(table)
    env = _env(work)
    for round_ in range(runs + 1):
        for name in order[round_ % len(order) :] + order[: round_ % len(order)]:
            before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
            subprocess.run(
                table[name],
                cwd=work,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            elapsed, after = (
                time.perf_counter() - start,
                resource.getrusage(resource.RUSAGE_CHILDREN),
            )
            if round_:  # round 0 warms the page cache and .pyc files
                wall[name].append(elapsed * 1000)
                used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                cpu[name].append(used * 1000)
    return wall, cpu


def _env(work: Path) -> dict[str, str]:
    # As installed: byte code cached (here in a scratch prefix; PYTHONDONTWRITEBYTECODE in a
    # development shell would otherwise compile every module on every run).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPYCACHEPREFIX": str(work / ".pycache")}


#: Runs the command line and, at exit, names every module the run imported (-X importtime
#: misses what importlib.import_module loads, which is how extractors and reporters come in).
PROBE = (
    "import atexit, runpy, sys\n"
    "names = lambda: ' '.join(sorted(sys.modules))\n"
    "atexit.register(lambda: sys.stderr.write('\\nMODULES ' + names() + '\\n'))\n"
    "sys.argv[0] = 'mirror-audit'\n"
    "runpy.run_module('mirror_audit', run_name='__main__')\n"
)


def modules(python: str, args: list[str], cwd: Path) -> set[str]:
    """Every module ``mirror-audit ARGS`` imports."""
    run = subprocess.run([python, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True)
    line = next(x for x in run.stderr.splitlines() if x.startswith("MODULES "))
    return set(line.split()[1:])


def imported(bin_dir: Path, work: Path) -> list[str]:
    """Heavy modules a plain scan of the five files imports (should be none)."""
    names = modules(str(bin_dir / "python"), ["scan", "--isolated", *FILES], work)
    return sorted(n for n in names if n.startswith(HEAVY))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", action="store_true", help="print the numbers as JSON")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, text in FILES.items():
            (work / name).write_text(text)
        wall, cpu = measure(args.runs, bin_dir, work)
        heavy = imported(bin_dir, work)
    rows = {
        name: {
            "median_ms": _ms(statistics.median(t)),
            "min_ms": _ms(min(t)),
            "p90_ms": _ms(sorted(t)[int(len(t) * 0.9) - 1]),
            "cpu_median_ms": _ms(statistics.median(cpu[name])),
        }
        for name, t in wall.items()
    }
    load = os.getloadavg()[0]
    if args.json:
        print(
            json.dumps(
                {
                    "runs": args.runs,
                    "cpus": os.cpu_count(),
                    "load": load,
                    "rows": rows,
                    "heavy_imports": heavy,
                },
                indent=2,
            )
        )
        return 0
    print(
        f"{args.runs} runs each, {os.cpu_count()} CPUs (load {load:.1f}),"
        f" Python {sys.version.split()[0]}"
    )
    print(f"{'command':36} {'median':>8} {'min':>8} {'p90':>8} {'cpu':>8}")
    for name, row in rows.items():
        print(
            f"{name:36} {row['median_ms']:>6.1f}ms {row['min_ms']:>6.1f}ms {row['p90_ms']:>6.1f}ms"
            f" {row['cpu_median_ms']:>6.1f}ms"
        )
    print(f"heavy modules imported by the plain scan: {', '.join(heavy) or 'none'}")
    return 0


def _ms(value: float) -> float:
    return round(value, 1)


if __name__ == "__main__":
    sys.exit(main())
