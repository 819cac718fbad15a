"""Fuzz targets: bytes in, a scan of them as one file of a kind, any exception a crash.

One target per extractor kind (extract.EXTRACTORS), and ``all``, whose first byte picks the
kind, for a single short run over every extractor. Used by run.py (atheris, coverage-guided)
and by test_crashes.py, which replays every input kept in crashes/ without atheris.
"""

from __future__ import annotations

from collections.abc import Callable

from mirror_audit import api, extract, read
from mirror_audit.rules import RuleSet, load_rules
from tests.hostile.seeds import BY_KIND

KINDS = sorted(extract.EXTRACTORS)
_RULES: list[RuleSet] = []


def scan_as(kind: str, data: bytes) -> None:
    """Decode ``data`` as read.read would and scan it as a file of ``kind``; raise on a bug."""
    decoded = read.decode(data)
    if isinstance(decoded, str):
        return  # binary or undecodable: skipped before any extractor sees it
    text, encoding, _bom = decoded
    if not _RULES:
        _RULES.append(load_rules())
    doc = read.make_document(BY_KIND[kind].name, text, kind, raw=data, encoding=encoding)
    result = api.scan_document(doc, _RULES[0])
    for finding in result.findings:  # a position outside the text is a bug too
        if not 0 <= finding.start <= finding.end <= len(text):
            raise AssertionError(f"finding at {finding.start}:{finding.end} of {len(text)}")


def target(kind: str) -> Callable[[bytes], None]:
    if kind == "all":
        return lambda data: scan_as(KINDS[data[0] % len(KINDS)], data[1:]) if data else None
    if kind not in KINDS:
        raise SystemExit(f"unknown extractor kind {kind!r}; known: all, {', '.join(KINDS)}")
    return lambda data: scan_as(kind, data)


def seeds(kind: str) -> list[bytes]:
    """Valid files to start from: every seed (for ``all``, prefixed with its kind's byte)."""
    if kind == "all":
        return [bytes([KINDS.index(k)]) + BY_KIND[k].filled().encode() for k in KINDS]
    return [BY_KIND[kind].filled().encode(), BY_KIND[kind].text.encode()]
