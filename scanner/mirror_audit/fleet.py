"""The fleet view: one row per host and the tables every fleet reporter shows."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Statuses of a host row, in the order a reader cares about them.
STATUSES = ("findings", "errors", "unreadable", "never-reported", "clean")


@dataclass(frozen=True)
class HostRow:
    """One host of the fleet: what its report says, or why there is none."""

    name: str
    status: str  # one of STATUSES
    source: str = ""  # the report file ("<memory>" for an object)
    hostname: str = ""
    fqdn: str = ""
    tool_version: str = ""
    rules_version: str = ""
    started: str = ""
    finished: str = ""
    roots: tuple[str, ...] = ()
    files_seen: int = 0
    files_scanned: int = 0
    files_skipped: int = 0
    files_changed: int = 0
    errors: int = 0
    findings: int = 0
    failing: int = 0
    fixed: int = 0
    by_severity: Mapping[str, int] = field(default_factory=dict)
    by_rule: Mapping[str, int] = field(default_factory=dict)
    problem: str = ""  # why the report could not be used

    @property
    def reported(self) -> bool:
        return self.status not in ("never-reported", "unreadable")


@dataclass(frozen=True)
class Place:
    """A file on a host, with how many findings it has."""

    host: str
    path: str
    findings: int


@dataclass(frozen=True)
class Referenced:
    """A legacy host still named somewhere in the fleet, and where."""

    legacy_host: str
    findings: int
    hosts: Mapping[str, int]  # fleet host -> findings naming it there
    rules: tuple[str, ...]
    places: tuple[Place, ...]  # the files naming it, most findings first


@dataclass
class Fleet:
    """The merged view; filled report by report so that memory grows with hosts, not findings."""

    hosts: dict[str, HostRow] = field(default_factory=dict)
    expected: tuple[str, ...] = ()
    by_rule: Counter[str] = field(default_factory=Counter)
    rule_names: dict[str, str] = field(default_factory=dict)
    rule_hosts: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    paths: Counter[tuple[str, str]] = field(default_factory=Counter)
    legacy: defaultdict[str, Counter[tuple[str, str]]] = field(
        default_factory=lambda: defaultdict(Counter)
    )
    legacy_rules: defaultdict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    warnings: list[str] = field(default_factory=list)
    generated: str = ""

    def rows(self) -> list[HostRow]:
        """Every host, reported or not, most findings first."""
        return sorted(self.hosts.values(), key=lambda r: (-r.findings, -r.errors, r.name))

    @property
    def exit_code(self) -> int:
        """1 when a host has failing findings, no report or an unreadable one; else 0."""
        return 1 if any(r.failing or not r.reported for r in self.hosts.values()) else 0

    def summary(self) -> dict[str, Any]:
        """The headline numbers: hosts by outcome, findings, files."""
        rows = list(self.hosts.values())
        reported = [r for r in rows if r.reported]
        expected = set(self.expected)
        return {
            "hosts": len(rows),
            "hosts_expected": len(expected),
            "hosts_reported": len(reported),
            "hosts_clean": sum(1 for r in reported if not r.findings and not r.errors),
            "hosts_with_findings": sum(1 for r in reported if r.findings),
            "hosts_failing": sum(1 for r in reported if r.failing),
            "hosts_with_errors": sum(1 for r in rows if r.errors or r.status == "unreadable"),
            "hosts_never_reported": sum(1 for r in rows if r.status == "never-reported"),
            "hosts_unexpected": sum(1 for r in reported if expected and r.name not in expected),
            "findings": sum(r.findings for r in reported),
            "failing": sum(r.failing for r in reported),
            "fixed": sum(r.fixed for r in reported),
            "errors": sum(r.errors for r in reported),
            "files_scanned": sum(r.files_scanned for r in reported),
            "files_changed": sum(r.files_changed for r in reported),
            "by_severity": dict(sorted(self.by_severity.items())),
            "by_rule": dict(sorted(self.by_rule.items())),
        }

    def rules(self) -> list[tuple[str, str, int, int]]:
        """(rule, name, findings, hosts) across the fleet, most findings first."""
        return [
            (rule, self.rule_names.get(rule, ""), count, self.rule_hosts[rule])
            for rule, count in sorted(self.by_rule.items(), key=lambda i: (-i[1], i[0]))
        ]

    def top_hosts(self, limit: int | None = 20) -> list[HostRow]:
        return [r for r in self.rows() if r.findings][:limit]

    def top_paths(self, limit: int | None = 20) -> list[Place]:
        ranked = sorted(self.paths.items(), key=lambda i: (-i[1], i[0]))[:limit]
        return [Place(host, path, count) for (host, path), count in ranked]

    def referenced(self, places: int | None = 20) -> list[Referenced]:
        """Every legacy host still named in the fleet, most findings first."""
        result = []
        for legacy, counter in self.legacy.items():
            hosts: Counter[str] = Counter()
            for (host, _path), count in counter.items():
                hosts[host] += count
            ranked = sorted(counter.items(), key=lambda i: (-i[1], i[0]))[:places]
            result.append(
                Referenced(
                    legacy,
                    sum(counter.values()),
                    dict(sorted(hosts.items(), key=lambda i: (-i[1], i[0]))),
                    tuple(sorted(self.legacy_rules[legacy])),
                    tuple(Place(h, p, c) for (h, p), c in ranked),
                )
            )
        return sorted(result, key=lambda r: (-r.findings, r.legacy_host))

    def versions(self) -> dict[str, list[str]]:
        """Tool version -> the hosts whose report it wrote, oldest version first."""
        table: defaultdict[str, list[str]] = defaultdict(list)
        for row in sorted(self.hosts.values(), key=lambda r: r.name):
            if row.reported:
                table[row.tool_version or "unknown"].append(row.name)
        return dict(sorted(table.items(), key=lambda item: version_key(item[0])))


def version_key(version: str) -> tuple[int, ...]:
    """Compare "0.10.1" above "0.9": numbers, not characters."""
    return tuple(int(n) for n in re.findall(r"\d+", version)[:4])
