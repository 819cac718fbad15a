"""Fleet text: the headline, warnings, then the tables a reader scans first."""

from __future__ import annotations

from ...fleet import Fleet
from ..common import safe_text
from .common import counted, headline, missing

LIMIT = 20


def render(fleet: Fleet) -> str:
    lines = headline(fleet)
    lines += [f"warning: {w}" for w in fleet.warnings]
    rules = fleet.rules()
    if rules:
        lines += ["", "Findings per rule:"]
        lines += [
            f"  {count:7d}  {rule} {name} ({counted(hosts, 'host')})"
            for rule, name, count, hosts in rules
        ]
        lines += ["", "Hosts with most findings:"]
        lines += [
            f"  {r.findings:7d}  {safe_text(r.name)} ({r.failing} failing, {r.errors} errors)"
            for r in fleet.top_hosts(LIMIT)
        ]
        lines += ["", "Files with most findings:"]
        lines += [
            f"  {p.findings:7d}  {safe_text(p.host)}:{safe_text(p.path)}"
            for p in fleet.top_paths(LIMIT)
        ]
    referenced = fleet.referenced(places=3)
    if referenced:
        lines += ["", "Legacy hosts still referenced:"]
        for ref in referenced:
            hosts = ", ".join(f"{safe_text(h)} ({n})" for h, n in list(ref.hosts.items())[:5])
            more = f" and {len(ref.hosts) - 5} more" if len(ref.hosts) > 5 else ""
            lines.append(
                f"  {ref.legacy_host}: {counted(ref.findings, 'finding')} on "
                f"{counted(len(ref.hosts), 'host')}: "
                f"{hosts}{more}"
            )
            lines += [
                f"      {p.findings:5d}  {safe_text(p.host)}:{safe_text(p.path)}"
                for p in ref.places
            ]
    absent = missing(fleet)
    if absent:
        lines += ["", "Hosts without a report:"]
        lines += [f"  {safe_text(r.name)}: {r.problem or r.status}" for r in absent]
    return "\n".join(lines) + "\n"
