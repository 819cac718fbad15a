"""--statistics: how many findings per rule, instead of the findings themselves (as ruff does)."""

from __future__ import annotations

import json
from collections import Counter

from ..model import Report
from ..rewrite import fixable
from . import Options


def rows(report: Report) -> list[dict[str, object]]:
    """One row per rule with findings (most first, then by id); ``fixable``: what --fix rewrites."""
    counts = Counter(f.rule for f in report.findings)
    names = {f.rule: f.rule_name for f in report.findings}
    failing = Counter(f.rule for f in report.failing)
    fixes = Counter(f.rule for f in report.findings if fixable(f) and not f.fixed)
    ordered = sorted(counts, key=lambda rule: (-counts[rule], rule))
    return [
        {
            "rule": r,
            "name": names[r],
            "count": counts[r],
            "failing": failing[r],
            "fixable": fixes[r],
        }
        for r in ordered
    ]


def render(report: Report, options: Options) -> str:
    table = rows(report)
    lines = [f"{row['count']:>6}  {row['rule']:<7} {row['name']}" + _tags(row) for row in table]
    lines.append(
        f"{len(report.findings):>6}  findings, {len(report.failing)} failing "
        f"(fail-on {report.fail_on.value}), in {report.files_scanned} files scanned"
    )
    return "\n".join(lines) + "\n"


def render_json(report: Report, options: Options) -> str:
    return json.dumps(rows(report), indent=2) + "\n"


def _tags(row: dict[str, object]) -> str:
    tags = [
        f"{row['failing']} failing" if row["failing"] else "",
        f"{row['fixable']} fixable" if row["fixable"] else "",
    ]
    shown = ", ".join(t for t in tags if t)
    return f"  ({shown})" if shown else ""
