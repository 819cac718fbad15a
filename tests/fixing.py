"""Helpers for the fix tests: fix bytes in memory the way `scan --fix` does for one file."""

from __future__ import annotations

from mirror_audit import api, kinds, read, rewrite
from mirror_audit.model import Document
from mirror_audit.rules import RuleSet, load_rules

_RULES: list[RuleSet] = []


def default_rules() -> RuleSet:
    if not _RULES:
        _RULES.append(load_rules())
    return _RULES[0]


def document(raw: bytes, name: str, kind: str | None = None, vendored: bool = False) -> Document:
    """A Document exactly as read.read makes one from these bytes."""
    decoded = read.decode(raw)
    assert not isinstance(decoded, str), decoded
    text, encoding, bom = decoded
    kind = kinds.refine_kind(kind or kinds.kind_of(name) or kinds.TEXT, text)
    return Document(
        name,
        name,
        kind,
        raw,
        text,
        encoding,
        bom,
        vendored=vendored,
        line_starts=read.line_starts(text),
    )


def fix_bytes(
    raw: bytes,
    name: str,
    *,
    unsafe: bool = False,
    rules: RuleSet | None = None,
    kind: str | None = None,
    vendored: bool = False,
) -> rewrite.Outcome:
    ruleset = rules or default_rules()
    doc = document(raw, name, kind, vendored)
    result = api.scan_document(doc, ruleset)
    return rewrite.fix_document(doc, result, lambda d: api.scan_document(d, ruleset), unsafe)


def fixed_text(text: str, name: str, **kwargs: object) -> str:
    """The text after --fix; fails the test if the fix was refused."""
    raw = text.encode("utf-8")
    outcome = fix_bytes(raw, name, **kwargs)  # type: ignore[arg-type]
    assert not outcome.error, outcome.error
    return (raw if outcome.raw is None else outcome.raw).decode("utf-8")
