"""What the INI-family tests compare: findings (rule, match, line, column, context), fixes."""

from __future__ import annotations

import re

from mirror_audit import api
from mirror_audit.read import make_document
from tests.conftest import findings_for
from tests.fixing import default_rules, fix_bytes

Row = tuple[str, str, int, int, str]


def found(text: str, name: str) -> list[Row]:
    """Every finding of ``text`` scanned as a file called ``name``, in file order.

    Checks on the way that each finding's match is the text written at its line and column.
    """
    findings = findings_for(text, name)
    lines = re.split(r"\r\n|\r|\n", text)
    for f in findings:
        assert lines[f.line - 1][f.column - 1 :].startswith(f.match), f
    return [(f.rule, f.match, f.line, f.column, f.context.value) for f in findings]


def fixed(text: str, name: str, unsafe: bool = False) -> str:
    """The text after --fix (with --unsafe-fixes: ``unsafe``); fails if the fix was refused.

    No dedent: the bytes given are the bytes fixed, CR and CRLF included.
    """
    outcome = fix_bytes(text.encode("utf-8"), name, unsafe=unsafe)
    assert not outcome.error, outcome.error
    return text if outcome.raw is None else outcome.raw.decode("utf-8")


def errors(text: str, name: str, kind: str) -> list[str]:
    """The parse errors a scan reports for the file (it is then scanned as generic text)."""
    doc = make_document(name, text, kind)
    return [e.reason for e in api.scan_document(doc, default_rules()).errors]
