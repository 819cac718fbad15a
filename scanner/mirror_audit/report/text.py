"""Text: ``path:line:col: RULE message``, the proposed replacement, then a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..model import Finding, Report, Severity
from . import Options
from .common import safe_text

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, options: Options) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if options.color else text


def render(report: Report, options: Options) -> str:
    return "".join(chunks(report, options))


def chunks(report: Report, options: Options) -> Iterator[str]:
    """The report a line at a time, written as it comes (100,000 findings: 160 MiB when the
    lines were joined first)."""
    for finding in report.findings:
        if not options.quiet or report.fails(finding):
            for line in _finding(finding, options):
                yield line + "\n"
    for error in report.errors:
        if not options.quiet and error.category != "fix":  # a fix that failed: under "Fixes:"
            label = _paint("not fetched" if error.category == "remote" else "skipped", "2", options)
            yield f"{safe_text(error.path)}: {label}: {safe_text(error.reason)}\n"
    for line in _changes(report):
        yield line + "\n"
    if not options.quiet or any(map(report.fails, report.findings)):
        for line in _summary(report, options):
            yield line + "\n"


def _finding(finding: Finding, options: Options) -> list[str]:
    where = f"{safe_text(finding.path)}:{finding.line}:{finding.column}:"
    rule = _paint(finding.rule, _COLORS[finding.severity], options)
    head = f"{_paint(where, '1', options)} {rule} {safe_text(finding.message)}"
    tags = [finding.severity.value, finding.context.value]
    if finding.fixed:
        tags.append("fixed")
    lines = [f"{head} [{', '.join(tags)}]"]
    if finding.replacement is not None:
        arrow = "remove" if finding.removal else f"-> {safe_text(finding.replacement)}"
        why = f"; {finding.note}" if finding.note and not finding.fixed else ""
        lines.append(
            f"    {safe_text(finding.match)} {arrow} ({finding.fix_safety.value} fix{why})"
        )
    elif finding.note:
        lines.append(f"    {finding.note}")
    return lines


def _changes(report: Report) -> list[str]:
    """After --fix: per file, what was rewritten, what could not be, what was cleaned up."""
    lines = []
    for change in report.changes:
        path = safe_text(change.path)
        if change.fixed:
            rules = Counter(f.rule for f in change.fixed)
            what = ", ".join(f"{rule} x{count}" for rule, count in sorted(rules.items()))
            verb = "fixed" if change.written else "would fix"
            lines.append(f"{path}: {verb} {len(change.fixed)} ({what})")
        if change.error:
            lines.append(f"{path}: not fixed: {change.error}")
        if change.note:
            lines.append(f"{path}: {change.note}")
    return ["", "Fixes:", *lines] if lines else []


def _summary(report: Report, options: Options) -> list[str]:
    lines = []
    if report.findings:
        by_rule = Counter(f"{f.rule} {f.rule_name}" for f in report.findings)
        lines.append("")
        lines.append("Findings by rule:")
        lines.extend(f"  {count:6d}  {name}" for name, count in sorted(by_rule.items()))
        by_file = Counter(f.path for f in report.findings)
        lines.append("Findings by file:")
        for path, count in by_file.most_common(20 if not options.statistics else None):
            lines.append(f"  {count:6d}  {safe_text(path)}")
        if len(by_file) > 20 and not options.statistics:
            lines.append(f"  ... and {len(by_file) - 20} more files")
    failing = sum(map(report.fails, report.findings))
    status = (
        _paint(f"{failing} failing", "31", options)
        if failing
        else _paint("no failing findings", "32", options)
    )
    lines.append(
        f"{len(report.findings)} findings ({status}, fail-on {report.fail_on.value}) in "
        f"{report.files_scanned} files scanned; {report.files_skipped} skipped, "
        f"{len(report.errors)} errors"
        + (f"; {report.files_changed} files changed" if report.files_changed else "")
    )
    return lines
