"""What several reporters share: safe path display, counts, finding identity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator

from ..model import Finding, Report


def safe_text(value: str) -> str:
    """A path or value fit for one terminal line: control characters and bad bytes escaped."""
    out = []
    for char in value:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 in a file name
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 0x20 or code == 0x7F:
            out.append(repr(char)[1:-1] if char in "\n\r\t" else f"\\x{code:02x}")
        else:
            out.append(char)
    return "".join(out)


#: (rule, path, matched text, occurrence index): who a finding is, whatever line it moved to.
Identity = tuple[str, str, str, int]


def identities(
    findings: Iterable[Finding], path_of: Callable[[Finding], str] | None = None
) -> dict[int, Identity]:
    """Per finding (by id()), its identity; ``path_of`` names its file another way."""
    return {id(finding): identity for finding, identity in identified(findings, path_of)}


def identified(
    findings: Iterable[Finding], path_of: Callable[[Finding], str] | None = None
) -> Iterator[tuple[Finding, Identity]]:
    """Each finding with its identity, in order, as they come (nothing kept per finding)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for finding in findings:
        key = (finding.rule, path_of(finding) if path_of else finding.path, finding.match)
        yield finding, (*key, seen[key])
        seen[key] += 1


def fingerprint(identity: Identity) -> str:
    """The identity as 32 hex digits: the JSON ``fingerprint``, SARIF's partialFingerprints."""
    import hashlib  # here: the text report of a pre-commit run needs no fingerprint (3 ms)

    text = "\0".join((*identity[:3], str(identity[3])))
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def fingerprints(
    findings: Iterable[Finding], path_of: Callable[[Finding], str] | None = None
) -> dict[int, str]:
    """A stable identity per finding: rule, path, matched text and occurrence, no line numbers."""
    return {key: fingerprint(identity) for key, identity in identities(findings, path_of).items()}


def summary(report: Report) -> dict[str, object]:
    by_rule = Counter(f.rule for f in report.findings)
    by_severity = Counter(f.severity.value for f in report.findings)
    by_context = Counter(f.context.value for f in report.findings)
    return {
        "files_seen": report.files_seen,
        "files_scanned": report.files_scanned,
        "files_skipped": report.files_skipped,
        "files_with_findings": len({f.path for f in report.findings}),
        "files_changed": report.files_changed,
        "errors": len(report.errors),
        "findings": len(report.findings),
        "failing": len(report.failing),
        "fixed": sum(1 for f in report.findings if f.fixed),
        "by_rule": dict(sorted(by_rule.items())),
        "by_severity": dict(sorted(by_severity.items())),
        "by_context": dict(sorted(by_context.items())),
        "fail_on": report.fail_on.value,
    }
