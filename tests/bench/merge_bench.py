"""Benchmark `mirror-audit merge`: generate N host reports, merge them, time it, check the totals.

    python tests/bench/merge_bench.py                  # 10,000 hosts, budget 10 s
    python tests/bench/merge_bench.py --hosts 500 --keep /tmp/reports

The reports are shaped like real ones: their findings are copied from a real scan of
examples/legacy-project and examples/host, spread over hosts the way fleets look (most hosts
clean, some with a handful of findings, a few with hundreds), with a tenth of the hosts on an
older mirror-audit. The generator knows the true totals; the merge must reproduce them.
Exit 1 when the merge takes longer than --budget seconds or a total is wrong.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scanner"))

from mirror_audit import Config, merge, scan  # noqa: E402
from mirror_audit.report.json import report_dict  # noqa: E402


def templates() -> list[dict[str, Any]]:
    """Real findings, from a real scan of the example trees."""
    report = scan([str(ROOT / "examples" / "legacy-project"), str(ROOT / "examples" / "host")])
    return report_dict(report)["findings"]  # type: ignore[return-value]


def host_report(
    index: int, skeleton: dict[str, Any], findings: list[dict[str, Any]], rng: random.Random
) -> dict[str, Any]:
    """A scan report for host number ``index``, built around a real (empty) one."""
    base = {**skeleton, "host": {**skeleton["host"], "name": f"host{index:05d}"}}
    roll = rng.random()
    count = 0 if roll < 0.6 else (rng.randint(1, 20) if roll < 0.95 else rng.randint(50, 200))
    chosen = []
    for n in range(count):
        finding = dict(rng.choice(findings))
        finding["path"] = f"/srv/app{n % 7}/{os.path.basename(finding['path'])}"
        chosen.append(finding)
    base["findings"] = chosen
    base["errors"] = (
        [{"path": "/root/.pip", "message": "cannot be read", "category": "unreadable"}]
        if rng.random() < 0.01
        else []
    )
    if rng.random() < 0.1:
        base["tool"] = {**base["tool"], "version": "0.0.9"}
    base["summary"] = {
        **base["summary"],
        "findings": len(chosen),
        "errors": len(base["errors"]),
        "failing": sum(1 for f in chosen if f["severity"] != "info"),
        "by_rule": dict(Counter(f["rule"] for f in chosen)),
    }
    return base


def generate(directory: Path, hosts: int, seed: int) -> dict[str, Any]:
    """Write the reports; return the totals the merge must find, and their sizes."""
    rng = random.Random(seed)
    findings = templates()
    skeleton = report_dict(scan([], Config()))
    sizes, total, clean, with_findings, old = [], 0, 0, 0, 0
    for index in range(hosts):
        report = host_report(index, skeleton, findings, rng)
        text = json.dumps(report, indent=2)
        (directory / f"host{index:05d}.json").write_text(text)
        sizes.append(len(text.encode()))
        total += len(report["findings"])
        clean += not report["findings"] and not report["errors"]
        with_findings += bool(report["findings"])
        old += report["tool"]["version"] == "0.0.9"
    return {
        "findings": total,
        "hosts_clean": clean,
        "hosts_with_findings": with_findings,
        "old": old,
        "sizes": sizes,
    }


def run(hosts: int, directory: Path, budget: float, seed: int) -> int:
    started = time.perf_counter()
    truth = generate(directory, hosts, seed)
    generated = time.perf_counter() - started
    sizes = truth.pop("sizes")
    print(
        f"generated {hosts} reports in {generated:.1f} s: {sum(sizes) / 1e6:.1f} MB, per host "
        f"median {statistics.median(sizes) / 1e3:.1f} kB, max {max(sizes) / 1e3:.1f} kB, "
        f"{(sum(sizes) - hosts * min(sizes)) / max(1, truth['findings']):.0f} bytes per finding"
    )
    files = sorted(str(p) for p in directory.glob("*.json"))
    expected = [f"host{i:05d}" for i in range(hosts)] + ["never-seen"]
    started = time.perf_counter()
    fleet = merge(files, expected)
    in_process = time.perf_counter() - started
    out = directory.parent / "fleet-out"
    out.mkdir(exist_ok=True)
    inventory = out / "expected-hosts.txt"  # as the playbook passes them: one name a line
    inventory.write_text("\n".join(expected) + "\n")
    started = time.perf_counter()
    command = [
        sys.executable,
        "-m",
        "mirror_audit",
        "merge",
        str(directory),
        "--inventory",
        str(inventory),
        *(a for s in ("html", "json", "md") for a in ("-o", str(out / f"fleet.{s}"))),
    ]
    cli = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "scanner")},
    )
    wall = time.perf_counter() - started
    summary = fleet.summary()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"merge() in process: {in_process:.2f} s; `mirror-audit merge` writing fleet.html, "
        f"fleet.json, fleet.md: {wall:.2f} s (exit {cli.returncode}); "
        f"peak memory {peak:.0f} MB; fleet.html {(out / 'fleet.html').stat().st_size / 1e6:.1f} MB"
    )
    wrong = _check(summary, truth, fleet.warnings, hosts)
    if cli.returncode not in (0, 1) or wall > budget:
        wrong.append(
            f"merge took {wall:.2f} s (budget {budget} s), exit {cli.returncode}: "
            f"{cli.stderr[-500:]}"
        )
    for problem in wrong:
        print("FAIL:", problem)
    return 1 if wrong else 0


def _check(
    summary: dict[str, Any], truth: dict[str, Any], warnings: list[str], hosts: int
) -> list[str]:
    wrong = [
        f"{key}: merged {summary[key]}, generated {truth[key]}"
        for key in ("findings", "hosts_clean", "hosts_with_findings")
        if summary[key] != truth[key]
    ]
    if summary["hosts_never_reported"] != 1 or summary["hosts_reported"] != hosts:
        wrong.append(f"hosts: {summary}")
    if truth["old"] and not any(
        f"{truth['old']} host(s) report with mirror-audit 0.0.9" in w for w in warnings
    ):
        wrong.append(f"no warning naming the {truth['old']} hosts on 0.0.9: {warnings}")
    return wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hosts", type=int, default=10_000)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds the CLI merge may take")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--keep", type=Path, help="write the reports here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="merge-bench-"))
    reports = work / "hosts"
    reports.mkdir(parents=True, exist_ok=True)
    try:
        return run(args.hosts, reports, args.budget, args.seed)
    finally:
        if args.keep is None:
            shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
