"""What the fleet reporters share: the headline sentence and the columns of the host table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...fleet import Fleet, HostRow

# (heading, value of a row): the host table of the Markdown, CSV and HTML reports
COLUMNS: list[tuple[str, Callable[[HostRow], Any]]] = [
    ("host", lambda r: r.name),
    ("status", lambda r: r.status),
    ("findings", lambda r: r.findings),
    ("failing", lambda r: r.failing),
    ("fixed", lambda r: r.fixed),
    ("errors", lambda r: r.errors),
    ("files scanned", lambda r: r.files_scanned),
    ("files changed", lambda r: r.files_changed),
    ("tool version", lambda r: r.tool_version),
    ("rules version", lambda r: r.rules_version),
    ("finished", lambda r: r.finished),
]


def counted(number: int, noun: str) -> str:
    """``1 host``, ``2 hosts``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def headline(fleet: Fleet) -> list[str]:
    """Two sentences: hosts by outcome, then findings and files."""
    s = fleet.summary()
    hosts = (
        f"{counted(s['hosts'], 'host')}: {s['hosts_reported']} reported, {s['hosts_clean']} clean, "
        f"{s['hosts_with_findings']} with findings ({s['hosts_failing']} failing), "
        f"{s['hosts_with_errors']} with errors, {s['hosts_never_reported']} never reported"
    )
    if s["hosts_unexpected"]:
        hosts += f", {s['hosts_unexpected']} not in the inventory"
    findings = (
        f"{counted(s['findings'], 'finding')} ({s['failing']} failing, {s['fixed']} fixed) in "
        f"{s['files_scanned']} files scanned; {s['files_changed']} files changed, "
        f"{s['errors']} errors"
    )
    return [hosts, findings]


def missing(fleet: Fleet) -> list[HostRow]:
    """Hosts without a usable report: never reported, or a report that could not be read."""
    return [r for r in sorted(fleet.hosts.values(), key=lambda r: r.name) if not r.reported]
