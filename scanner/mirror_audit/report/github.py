"""GitHub Actions workflow commands: one ``::error file=...::message`` annotation per finding."""

from __future__ import annotations

from ..model import Finding, Report, Severity
from . import Options

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def render(report: Report, options: Options) -> str:
    """Annotations for the findings still in the files (what --fix rewrote is not annotated)."""
    lines = [_annotation(f) for f in report.findings if not f.fixed]
    lines.extend(
        f"::warning file={_property(e.path)},title=mirror-audit::{_data(e.reason)}"
        for e in report.errors
    )
    return "".join(line + "\n" for line in lines)


def _annotation(finding: Finding) -> str:
    fields = {
        "file": finding.path,
        "line": finding.line,
        "col": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "title": f"{finding.rule} {finding.rule_name}",
    }
    properties = ",".join(f"{name}={_property(str(value))}" for name, value in fields.items())
    message = finding.message
    if finding.replacement is not None:
        fix = "remove it" if finding.removal else f"replace with {finding.replacement}"
        message += f"\n{finding.fix_safety.value} fix: {fix}"
    return f"::{_LEVELS[finding.severity]} {properties}::{_data(message)}"


def _data(text: str) -> str:
    # NOTE: the runner's own escaping (actions/toolkit escapeData): %, CR and LF.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    # Property values also escape ':' and ',' (actions/toolkit escapeProperty).
    return _data(text).replace(":", "%3A").replace(",", "%2C")
