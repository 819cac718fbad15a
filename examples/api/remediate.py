"""Remediate with mirror-audit's Python API: scan, preview, fix, and merge reports for a fleet.

    python examples/api/remediate.py              # on a copy of examples/ (they stay as they are)
    python examples/api/remediate.py DIR [DIR...] # fixes each DIR in place, each as one "host"

Exit code: 0 when nothing failing is left, 1 when something needs a person (a lock file to
regenerate, a computed value), as `mirror-audit scan --fix` does.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import mirror_audit
from mirror_audit import Config, Report, Severity

EXAMPLES = Path(__file__).resolve().parents[1]


def remediate(root: str, host: str) -> Report:
    """Audit one tree, show what a fix would change, fix it, say what is left."""
    config = Config(host_name=host, fail_on=Severity.WARNING)
    before = mirror_audit.scan([root], config)
    by_rule = Counter(f"{f.rule} {f.rule_name}" for f in before.findings)
    print(f"{host}: {len(before.findings)} findings in {before.files_scanned} files")
    for rule, count in sorted(by_rule.items()):
        print(f"  {count:3d}  {rule}")

    preview = mirror_audit.fix([root], config, diff=True)  # writes nothing
    would = [change for change in preview.changes if change.diff]
    print(f"  --diff: {len(would)} files would change")

    after = mirror_audit.fix([root], config)  # safe fixes only; unsafe=True for the rest
    fixed = sum(f.fixed for f in after.findings)
    print(f"  --fix: {after.files_changed} files changed, {fixed} fixed")
    for finding in after.failing:  # what still fails, and why no fix was made
        where = os.path.relpath(finding.path, root)
        print(f"  left: {where}:{finding.line} {finding.rule} {finding.note or finding.message}")
    return after


def main(arguments: list[str]) -> int:
    work = None
    if not arguments:  # work on a copy, so the example trees stay as they are
        work = Path(tempfile.mkdtemp(prefix="remediate-"))
        for name in ("legacy-project", "clean"):
            shutil.copytree(EXAMPLES / name, work / name)
        arguments = [str(work / "legacy-project"), str(work / "clean")]
    try:
        reports = [remediate(root, Path(root).name) for root in arguments]
        fleet = mirror_audit.merge(reports)  # Report objects, parsed JSON or report files
        summary = fleet.summary()
        print(
            f"fleet: {summary['hosts']} hosts, {summary['hosts_clean']} clean, "
            f"{summary['files_changed']} files changed, {summary['failing']} failing findings left"
        )
        for row in fleet.rows():
            print(f"  {row.name}: {row.status}, {row.findings} findings, {row.fixed} fixed")
        return 1 if any(report.failing for report in reports) else 0
    finally:
        if work is not None:
            shutil.rmtree(work)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
