"""Verify one pass of a fix: parse no worse, fixed findings gone, everything else unchanged."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .model import Document, Edit, FileResult, Finding, Skip


class FixError(Exception):
    """An edit that must not be written: the message says why."""


def reference_span(doc: Document, finding: Finding) -> tuple[int, int]:
    """Character offsets of the written reference (a removal's span is wider)."""
    start = doc.line_starts[finding.line - 1] + finding.column - 1
    return start, doc.line_starts[finding.end_line - 1] + finding.end_column - 1


class _Shift:
    """Maps offsets between the text before a pass and after it."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.old = [(e.start, e.end) for e in edits]
        self.new: list[tuple[int, int]] = []
        self.deltas: list[int] = []
        delta = 0
        for edit in edits:
            self.new.append((edit.start + delta, edit.start + delta + len(edit.replacement)))
            delta += len(edit.replacement) - (edit.end - edit.start)
            self.deltas.append(delta)
        self.old_ends = [e for _, e in self.old]
        self.new_ends = [e for _, e in self.new]

    def forward(self, offset: int) -> int:
        index = bisect.bisect_right(self.old_ends, offset)
        return offset + (self.deltas[index - 1] if index else 0)

    @staticmethod
    def _overlap(spans: list[tuple[int, int]], ends: list[int], start: int, end: int) -> int | None:
        index = bisect.bisect_right(ends, start)  # the first span that ends after ``start``
        if index < len(spans) and spans[index][0] < end and start < spans[index][1]:
            return index
        return None

    def old_overlap(self, start: int, end: int) -> bool:
        return self._overlap(self.old, self.old_ends, start, end) is not None

    def new_overlap(self, start: int, end: int) -> int | None:
        """The edit whose new text overlaps [start, end) (a deletion overlaps nothing)."""
        return self._overlap(self.new, self.new_ends, start, end)


def verify(
    old: Document,
    findings: Sequence[Finding],
    errors: Sequence[Skip],
    edits: Sequence[Edit],
    new: Document,
    result: FileResult,
) -> list[int | None]:
    """Check a pass; return, per new finding, the index of the old one it is (None: new text).

    Refused (FixError): the new text parses worse than the old; an edit leaves its own rule's
    finding in the text it wrote; anything outside the edits reads differently than before.
    """
    _check_parses(old, errors, result)
    shift = _Shift(edits)
    expected = _expected(old, findings, edits, shift)
    mapping: list[int | None] = []
    for finding in result.findings:
        start, end = reference_span(new, finding)
        region = shift.new_overlap(start, end)
        if region is None:
            same = expected.get(_key(finding, start, end))
            if not same:
                raise FixError(f"the fix would add a finding: {_describe(finding)}")
            mapping.append(same.pop(0))
            continue
        if shift.new[region][0] <= start and finding.rule in {
            f.rule for f in edits[region].findings
        }:
            raise FixError(f"the fix leaves what it fixes in place: {_describe(finding)}")
        mapping.append(None)  # text an edit wrote: a finding there is the fix's own consequence
    missing = [findings[i] for same in expected.values() for i in same]
    if missing:
        raise FixError(f"the fix would change how other text reads: {_describe(missing[0])}")
    return mapping


def _expected(
    old: Document, findings: Sequence[Finding], edits: Sequence[Edit], shift: _Shift
) -> dict[tuple[object, ...], list[int]]:
    """The old findings that must be found again, keyed by where they move to."""
    touched = touched_by(old, findings, edits)
    expected: dict[tuple[object, ...], list[int]] = {}
    for index, finding in enumerate(findings):
        start, end = reference_span(old, finding)
        if index in touched or shift.old_overlap(start, end):
            continue  # rewritten, deleted, or straddling an edit: judged on the next pass
        key = _key(finding, shift.forward(start), shift.forward(end))
        expected.setdefault(key, []).append(index)
    return expected


def _describe(finding: Finding) -> str:
    return f"{finding.rule} on line {finding.line} ({finding.match})"


def _key(finding: Finding, start: int, end: int) -> tuple[object, ...]:
    return (
        finding.rule,
        start,
        end,
        finding.role,
        finding.context,
        finding.replacement,
        finding.removal,
    )


def _check_parses(old: Document, errors: Sequence[Skip], result: FileResult) -> None:
    before = sum(1 for e in errors if e.category == "parse")
    after = [e for e in result.errors if e.category == "parse"]
    if len(after) > before:
        reason = after[0].reason.removesuffix("; scanned as text")
        raise FixError(f"the fixed file would not parse: {reason}")


def touched_by(doc: Document, findings: Sequence[Finding], edits: Sequence[Edit]) -> set[int]:
    """Indexes of findings an edit rewrites, or whose written reference a removal deletes.

    Another rule's finding on a rewritten reference (a tox indexserver URL) is not among them:
    the rewritten text still has it.
    """
    done = {id(f) for e in edits for f in e.findings}
    starts = [e.start for e in edits]  # edits are sorted and do not overlap
    touched = set()
    for index, finding in enumerate(findings):
        start, end = reference_span(doc, finding)
        at = bisect.bisect_right(starts, start) - 1
        if id(finding) in done or (at >= 0 and edits[at].removal and end <= edits[at].end):
            touched.add(index)
    return touched
