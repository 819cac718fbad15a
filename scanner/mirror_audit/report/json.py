"""JSON: one versioned object per run (schema in the README, "JSON report")."""

from __future__ import annotations

import json

from .. import __version__
from ..model import FileChange, Finding, Report
from . import Options
from .common import fingerprints, summary

SCHEMA_VERSION = 1


def finding_dict(finding: Finding, fingerprint: str) -> dict[str, object]:
    return {
        "rule": finding.rule,
        "rule_name": finding.rule_name,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "match": finding.match,
        "message": finding.message,
        "context": finding.context.value,
        "role": finding.role.value,
        "setting": finding.setting,
        "replacement": finding.replacement,
        "fix_safety": finding.fix_safety.value,
        "note": finding.note,
        "vendored": finding.vendored,
        "fixed": finding.fixed,
        "fingerprint": fingerprint,
    }


def change_dict(change: FileChange) -> dict[str, object]:
    """One file --fix touched: written or not, the rules it fixed, why it was kept."""
    return {
        "path": change.path,
        "written": change.written,
        "fixed": len(change.fixed),
        "rules": sorted({f.rule for f in change.fixed}),
        "error": change.error,
        "note": change.note,
    }


def report_dict(report: Report) -> dict[str, object]:
    prints = fingerprints(report.findings)
    return {
        "version": SCHEMA_VERSION,
        "tool": {
            "name": "mirror-audit", "version": __version__, "rules_version": report.rules_version
        },
        "host": report.host,
        "roots": report.roots,
        "started": report.started,
        "finished": report.finished,
        "findings": [finding_dict(f, prints[id(f)]) for f in report.findings],
        "errors": [
            {"path": e.path, "message": e.reason, "category": e.category} for e in report.errors
        ],
        "summary": summary(report),
        **({"changes": [change_dict(c) for c in report.changes]} if report.changes else {}),
        **report.extra,
    }


def render(report: Report, options: Options) -> str:
    return json.dumps(report_dict(report), indent=2) + "\n"
