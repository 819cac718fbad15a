"""SARIF 2.1.0, for code scanning (GitHub, GitLab, Azure DevOps): one run, one result per finding.

Artifact URIs are relative to ``%SRCROOT%`` (the working directory, where CI runs the scan) and
percent-escaped; partialFingerprints carry the baseline key (rule, path, match, occurrence), so
a result keeps its identity when lines move; ``fixes`` carry the replacement text.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import Any

from .. import __version__
from ..baseline import key_path, uri_of
from ..model import Finding, Report, Severity
from ..rules import Rule, RuleSet
from . import Options
from .common import fingerprints

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
PROJECT = "https://github.com/mirror-audit/mirror-audit"
BASE_ID = "%SRCROOT%"
FINGERPRINT = "mirrorAudit/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, options: Options) -> str:
    return json.dumps(sarif_log(report, options.rules, os.getcwd()), indent=2) + "\n"


def sarif_log(report: Report, rules: RuleSet | None, base: str) -> dict[str, Any]:
    """The SARIF log of a report; ``base`` is the directory %SRCROOT% stands for."""
    descriptors = _descriptors(rules.rules if rules else (), report.findings)
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    artifacts = _Artifacts(base)
    shown = [f for f in report.findings if not f.fixed]  # what --fix rewrote is no longer there
    prints = fingerprints(shown, path_of=lambda f: key_path(f.path, base))
    results = [_result(f, index[f.rule], artifacts.location(f.path), prints[id(f)]) for f in shown]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "mirror-audit",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": PROJECT,
                "rules": descriptors,
                "properties": {"rulesVersion": report.rules_version},
            }
        },
        "invocations": [_invocation(report, artifacts)],
        "originalUriBaseIds": {BASE_ID: {"uri": uri_of(base.rstrip(os.sep) + os.sep)}},
        "artifacts": artifacts.entries,
        "columnKind": "unicodeCodePoints",  # columns count characters, as in every other report
        "results": results,
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


# -- rules -----------------------------------------------------------------------------------


def _descriptors(rules: Iterable[Rule], findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Every rule of the run once, then any rule a finding names that the run did not describe."""
    described = {rule.id: _descriptor(rule) for rule in rules}
    for finding in findings:
        described.setdefault(finding.rule, _bare(finding))
    return list(described.values())


def _descriptor(rule: Rule) -> dict[str, Any]:
    summary = rule.summary or rule.message
    links = [_link(r) for r in rule.references]  # "URL (what to read there)"
    text = "\n\n".join(p for p in (summary, rule.rationale, _fix_help(rule)) if p)
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rule.rationale or summary},
        "help": {
            "text": text + "".join(f"\n{url} {note}".rstrip() for url, note in links),
            "markdown": text + "".join(f"\n- <{url}> {note}".rstrip() for url, note in links),
        },
        "helpUri": next(
            (u for u, _ in links if u.startswith(("https://", "http://"))), f"{PROJECT}#rules"
        ),
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": ["packaging", "pypi"], "source": os.path.basename(rule.source)},
    }


def _link(reference: str) -> tuple[str, str]:
    url, _, note = reference.strip().partition(" ")
    return url, note.strip()


def _fix_help(rule: Rule) -> str:
    if rule.fix_safety.value == "none":
        return f"Fix: by hand. {rule.fix_note}".strip()
    return f"Fix: `mirror-audit scan --fix` ({rule.fix_safety.value} fix)."


def _bare(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.rule,
        "name": finding.rule_name,
        "shortDescription": {"text": finding.rule_name},
        "help": {"text": f"`mirror-audit explain {finding.rule}` describes this rule."},
        "helpUri": f"{PROJECT}#rules",
    }


# -- results ---------------------------------------------------------------------------------


class _Artifacts:
    """The files results point at, each listed once; locations refer to them by index."""

    def __init__(self, base: str) -> None:
        self.base, self.entries, self._index = base, [], {}  # type: ignore[var-annotated]

    def location(self, path: str) -> dict[str, Any]:
        if path not in self._index:
            self._index[path] = len(self.entries)
            self.entries.append({"location": self._uri(path)})
        return {**self._uri(path), "index": self._index[path]}

    def _uri(self, path: str) -> dict[str, str]:
        relative = key_path(path, self.base)
        if os.path.isabs(relative):
            return {"uri": uri_of(relative)}  # outside %SRCROOT%: an absolute file: URI
        return {"uri": uri_of(relative), "uriBaseId": BASE_ID}


def _result(
    finding: Finding, rule_index: int, artifact: dict[str, Any], fingerprint: str
) -> dict[str, Any]:
    region = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "snippet": {"text": finding.match},
    }
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
        "partialFingerprints": {FINGERPRINT: fingerprint},
        "properties": {
            "context": finding.context.value,
            "role": finding.role.value,
            "setting": finding.setting,
            "fixSafety": finding.fix_safety.value,
            "note": finding.note,
            "vendored": finding.vendored,
        },
    }
    if _offered(finding):
        result["fixes"] = [_fix(finding, artifact, region)]
    return result


def _offered(finding: Finding) -> bool:
    """A fix goes into the log unless there is none or its text had a password redacted."""
    if finding.replacement is None or finding.fix_safety.value == "none":
        return False
    if finding.fix_text is None:
        return "****" not in finding.replacement
    return finding.fix_text == finding.replacement


def _fix(finding: Finding, artifact: dict[str, Any], region: dict[str, Any]) -> dict[str, Any]:
    if finding.removal:
        # The removal spans more than the match (the option's argument, its line): offsets say it.
        deleted: dict[str, Any] = {
            "charOffset": finding.start,
            "charLength": finding.end - finding.start,
        }
        what = "remove it"
    else:
        deleted = {k: v for k, v in region.items() if k != "snippet"}
        what = f"replace with {finding.replacement}"
    replacement: dict[str, Any] = {"deletedRegion": deleted}
    if finding.replacement:
        replacement["insertedContent"] = {"text": finding.replacement}
    return {
        "description": {"text": f"{finding.fix_safety.value} fix: {what}"},
        "artifactChanges": [{"artifactLocation": artifact, "replacements": [replacement]}],
    }


def _invocation(report: Report, artifacts: _Artifacts) -> dict[str, Any]:
    """Files that could not be read or fixed: notifications, as SARIF keeps tool trouble."""
    notes = [
        {
            "level": "warning",
            "message": {"text": error.reason},
            "locations": [
                {"physicalLocation": {"artifactLocation": artifacts.location(error.path)}}
            ],
            "properties": {"category": error.category},
        }
        for error in report.errors
    ]
    return {"executionSuccessful": True, "toolExecutionNotifications": notes}
