"""JSON: one versioned object per run (schema in the README, "JSON report")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import cast

from .. import __version__
from ..model import FileChange, Finding, Report
from . import Options
from .common import fingerprint, identified, summary

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
    return {
        key: list(cast("Iterator[object]", value)) if key in _LISTS else value
        for key, value in _fields(report).items()
    }


def render(report: Report, options: Options) -> str:
    return "".join(chunks(report, options))


def chunks(report: Report, options: Options) -> Iterator[str]:
    """The text render() returns, in pieces: one per finding, error and change.

    Written as they come, a report of many findings never exists as one string, nor as one
    dict per finding (json.dumps of the whole report held ~8 KB per finding at its peak).
    The pieces join to exactly json.dumps(report_dict(report), indent=2) + "\n".
    """
    for index, (key, value) in enumerate(_fields(report).items()):
        yield ("{\n  " if index == 0 else ",\n  ") + json.dumps(key) + ": "
        if key not in _LISTS:
            yield _nested(value, 1)
            continue
        empty = True
        for item in cast("Iterator[object]", value):
            yield ("[\n    " if empty else ",\n    ") + _nested(item, 2)
            empty = False
        yield "[]" if empty else "\n  ]"
    yield "\n}\n"


_LISTS = frozenset({"findings", "errors", "changes"})  # streamed: they grow with the tree


def _nested(value: object, level: int) -> str:
    # NOTE: JSON text has no raw newline inside a value, so each "\n" starts a line to indent.
    return json.dumps(value, indent=2).replace("\n", "\n" + "  " * level)


def _fields(report: Report) -> dict[str, object]:
    """The report's top-level fields in order; the _LISTS ones as generators, made on demand."""
    return {
        "version": SCHEMA_VERSION,
        "tool": {
            "name": "mirror-audit", "version": __version__, "rules_version": report.rules_version
        },
        "host": report.host,
        "roots": report.roots,
        "started": report.started,
        "finished": report.finished,
        "findings": (finding_dict(f, fingerprint(i)) for f, i in identified(report.findings)),
        "errors": (
            {"path": e.path, "message": e.reason, "category": e.category} for e in report.errors
        ),
        "summary": summary(report),
        **({"changes": (change_dict(c) for c in report.changes)} if report.changes else {}),
        **report.extra,
    }
