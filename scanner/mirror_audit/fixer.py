"""Fix a run's files one by one: read, scan, fix in memory, verify, write; one FileChange each."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from . import api, extract, match, read, rewrite, suppress, urls, write
from .config import Config
from .model import Candidate, Document, FileChange, FileResult, Finding, Skip
from .rules import RuleSet


@dataclass(frozen=True)
class FixOptions:
    """What --fix may do: unsafe fixes too; ``diff``: compute, write nothing; a backup suffix."""

    unsafe: bool = False
    diff: bool = False
    backup: str | None = None


@dataclass
class FileFixer:
    """Called by api.scan for each candidate instead of a plain scan; collects the changes."""

    rules: RuleSet
    config: Config
    roots: Sequence[str]
    options: FixOptions = FixOptions()
    changes: list[FileChange] = field(default_factory=list)
    changed: int = 0
    _cleaned: set[str] = field(default_factory=set)
    _unsynced: set[str] = field(default_factory=set)  # directories with renames to make durable

    def __call__(self, candidate: Candidate) -> FileResult | Skip:
        if self.options.backup and candidate.path.endswith(self.options.backup):
            return FileResult(candidate.display, candidate.kind)  # our own backup: never "fixed"
        self._clean(candidate)
        try:
            before = os.stat(candidate.path)
        except OSError:
            before = None
        prefilter = extract.prefilter(candidate.kind, extract.vocabulary(self.rules))
        doc = read.read(candidate, self.config.max_file_size, prefilter=prefilter)
        if doc is None:
            return FileResult(candidate.display, candidate.kind)
        if isinstance(doc, Skip):
            return doc
        result = api.scan_document(doc, self.rules)
        self._note_suppressed(doc)
        outcome = rewrite.fix_document(doc, result, self._rescan, self.options.unsafe)
        if outcome.raw is None:
            if outcome.error:
                self.changes.append(FileChange(doc.display, error=outcome.error))
                return self._result(result, outcome.left, outcome.error)
            return self._result(result, outcome.left)
        if self.options.diff:
            # NOTE: passwords in URLs are hidden in a diff too (it lands in terminals and CI
            # logs): such a diff is for reading; --fix writes them back byte for byte.
            shown = urls.redact_text(doc.text), urls.redact_text(outcome.text)
            diff = rewrite.unified_diff(doc.display, *shown)
            self.changes.append(FileChange(doc.display, fixed=outcome.fixed, diff=diff))
            return result
        return self._write(doc, before, result, outcome)

    def close(self) -> None:
        """At the end of a run: one fsync per directory where a file was replaced."""
        for directory, why in write.sync_directories(self._unsynced):
            note = f"written, but the directory could not be synced ({why}): a power cut may undo"
            self.changes.append(FileChange(directory, note=note))

    def _note_suppressed(self, doc: Document) -> None:
        """Say how many findings inline suppressions hide: they are left as they are."""
        if suppress.MARK not in doc.text:  # the common case: one substring search
            return
        references, _ = extract.extract(doc, extract.vocabulary(self.rules))
        found = match.match(doc, references, self.rules)
        kept = suppress.apply(doc, found, self.rules)
        hidden = len(found) - sum(1 for f in kept if f.rule != suppress.UNUSED_RULE)
        if hidden:
            note = f"{hidden} suppressed inline (mirror-audit: ignore): left as they are"
            self.changes.append(FileChange(doc.display, note=note))

    def _rescan(self, doc: Document) -> FileResult:
        return api.scan_document(doc, self.rules)

    def _write(
        self,
        doc: Document,
        before: os.stat_result | None,
        result: FileResult,
        outcome: rewrite.Outcome,
    ) -> FileResult:
        assert outcome.raw is not None
        error = (
            "vanished before it could be written"
            if before is None
            else write.write_fixed(
                doc.path,
                write.Snapshot.of(before, doc.raw),
                outcome.raw,
                self.roots,
                self.options.backup,
                self._unsynced,
            )
        )
        if error:
            refused = rewrite.refused(doc, result, self.options.unsafe, error)
            self.changes.append(FileChange(doc.display, error=error))
            return self._result(result, refused.left, error)
        self.changed += 1
        self.changes.append(FileChange(doc.display, fixed=outcome.fixed, written=True))
        return self._result(result, outcome.fixed + outcome.left)

    def _result(
        self, result: FileResult, findings: Sequence[Finding], error: str = ""
    ) -> FileResult:
        errors = result.errors + (
            (Skip(result.path, f"not fixed: {error}", "fix"),) if error else ()
        )
        return replace(result, findings=tuple(findings), errors=errors)

    def _clean(self, candidate: Candidate) -> None:
        directory = os.path.dirname(candidate.path)
        if directory in self._cleaned:
            return
        self._cleaned.add(directory)
        shown = os.path.dirname(candidate.display)
        for name, what in write.clean_strays(directory):
            self.changes.append(FileChange(os.path.join(shown, name), note=what))
