"""Merge per-host JSON reports into one fleet view, reading one report at a time."""

from __future__ import annotations

import datetime
import functools
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Union

from . import urls
from .errors import UsageError
from .fleet import Fleet, HostRow, version_key
from .model import Report

#: Newest per-host report schema this merge knows; newer ones merge with a warning.
HOST_SCHEMA = 1
_NAME_ROLES = frozenset({"option", "key", "env"})

Source = Union[str, "os.PathLike[str]", Mapping[str, Any], Report]


def merge(sources: Iterable[Source], expected: Sequence[str] = ()) -> Fleet:
    """Merge per-host reports: JSON report files, parsed report objects or ``Report`` values.

    ``expected`` names the hosts that should have reported (an inventory); those without a
    report are listed as ``never-reported``. Files are read one at a time, and only counts are
    kept, so memory grows with the number of hosts and files, not with the findings.
    """
    fleet = Fleet(expected=tuple(dict.fromkeys(expected)), generated=_now())
    for source, data in _load_all(sources):
        if isinstance(data, str):
            _add_unreadable(fleet, source, data)
        else:
            _add(fleet, source, data)
    for name in fleet.expected:
        if name not in fleet.hosts:
            fleet.hosts[name] = HostRow(name, "never-reported")
    fleet.warnings.extend(_version_warnings(fleet))
    return fleet


def report_files(arguments: Sequence[str]) -> list[str]:
    """The report files named on a command line: files as given, ``*.json`` inside directories."""
    files: list[str] = []
    for argument in arguments:
        if os.path.isdir(argument):
            files.extend(str(p) for p in sorted(Path(argument).glob("*.json")) if p.is_file())
        elif os.path.exists(argument):
            files.append(argument)
        else:
            raise UsageError(f"report does not exist: {argument}")
    if not files:
        raise UsageError(f"no reports (*.json) in {', '.join(arguments)}")
    return files


@functools.lru_cache(maxsize=4096)
def referenced_host(match: str) -> str:
    """The host a finding's matched text names ("" for an option, a key or a variable)."""
    parsed = urls.parse(match)
    return parsed.host if parsed is not None and "." in parsed.host else ""


def _load_all(sources: Iterable[Source]) -> Iterator[tuple[str, dict[str, Any] | str]]:
    for source in sources:
        if isinstance(source, Report):
            from .report.json import report_dict

            yield "<memory>", report_dict(source)
        elif isinstance(source, Mapping):
            yield "<memory>", dict(source)
        else:
            yield str(source), _load(os.fspath(source))


def _load(path: str) -> dict[str, Any] | str:
    """The parsed report, or why it cannot be used."""
    try:
        with open(path, "rb") as handle:
            data = json.loads(handle.read())
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    except ValueError as exc:
        return f"not JSON: {exc}"
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("findings"), list)
        or "version" not in data
    ):
        return "not a mirror-audit scan report"
    return data


def _add_unreadable(fleet: Fleet, source: str, problem: str) -> None:
    name = Path(source).stem  # the playbook names reports <inventory_hostname>.json
    fleet.warnings.append(f"{source}: {problem}")
    if name not in fleet.hosts:
        fleet.hosts[name] = HostRow(name, "unreadable", source, problem=problem)


def _add(fleet: Fleet, source: str, data: dict[str, Any]) -> None:
    row, findings = _row(source, data)
    schema = data.get("version")
    if not isinstance(schema, int) or schema > HOST_SCHEMA:
        fleet.warnings.append(
            f"{source}: report schema {schema!r} is newer than this merge knows ({HOST_SCHEMA})"
        )
    previous = fleet.hosts.get(row.name)
    if previous is not None and previous.reported:
        kept = max(previous, row, key=lambda r: r.finished)
        fleet.warnings.append(
            f"host {row.name}: several reports ({previous.source}, {row.source}); "
            f"kept the newest ({kept.source})"
        )
        if kept is previous:
            return
        _forget(fleet, previous)
    fleet.hosts[row.name] = row
    _count(fleet, row, findings)


def _row(source: str, data: dict[str, Any]) -> tuple[HostRow, list[dict[str, Any]]]:
    host, tool, summary = (_table(data, key) for key in ("host", "tool", "summary"))
    findings = [f for f in data["findings"] if isinstance(f, dict)]
    errors = len(data.get("errors") or ())
    number = functools.partial(_int, summary)
    return HostRow(
        name=str(host.get("name") or host.get("hostname") or Path(source).stem),
        status="findings" if findings else ("errors" if errors else "clean"),
        source=source,
        hostname=str(host.get("hostname", "")),
        fqdn=str(host.get("fqdn", "")),
        tool_version=str(tool.get("version", "")),
        rules_version=str(tool.get("rules_version", "")),
        started=str(data.get("started", "")),
        finished=str(data.get("finished", "")),
        roots=tuple(str(r) for r in data.get("roots") or ()),
        files_seen=number("files_seen"),
        files_scanned=number("files_scanned"),
        files_skipped=number("files_skipped"),
        files_changed=number("files_changed"),
        errors=errors,
        findings=len(findings),
        failing=number("failing"),
        fixed=sum(1 for f in findings if f.get("fixed")),
        by_severity=dict(Counter(str(f.get("severity", "")) for f in findings)),
        by_rule=dict(Counter(str(f.get("rule", "")) for f in findings)),
    ), findings


def _table(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def _int(table: Mapping[str, Any], key: str) -> int:
    value = table.get(key, 0)
    return value if isinstance(value, int) else 0


def _count(fleet: Fleet, row: HostRow, findings: list[dict[str, Any]]) -> None:
    name = row.name
    fleet.by_rule.update(row.by_rule)
    fleet.rule_hosts.update(row.by_rule.keys())
    fleet.by_severity.update(row.by_severity)
    for finding in findings:
        rule, path = str(finding.get("rule", "")), str(finding.get("path", ""))
        if rule not in fleet.rule_names:
            fleet.rule_names[rule] = str(finding.get("rule_name", ""))
        fleet.paths[name, path] += 1
        if finding.get("role") not in _NAME_ROLES:
            legacy = referenced_host(str(finding.get("match", "")))
            if legacy:
                fleet.legacy[legacy][name, path] += 1
                fleet.legacy_rules[legacy].add(rule)


def _forget(fleet: Fleet, row: HostRow) -> None:
    """Take an older duplicate report of a host out of the counts (a host scanned twice)."""
    fleet.by_rule.subtract(row.by_rule)
    fleet.rule_hosts.subtract(row.by_rule.keys())
    fleet.by_severity.subtract(row.by_severity)
    for counter in (fleet.paths, *fleet.legacy.values()):
        for key in [k for k in counter if k[0] == row.name]:
            del counter[key]
    for table in (fleet.by_rule, fleet.rule_hosts, fleet.by_severity):
        for gone in [k for k, v in table.items() if v <= 0]:
            del table[gone]
    for legacy in [k for k, counter in fleet.legacy.items() if not counter]:
        del fleet.legacy[legacy]


def _version_warnings(fleet: Fleet) -> list[str]:
    """One warning per older tool version, naming the hosts that still run it."""
    by_version: defaultdict[str, list[str]] = defaultdict(list)
    for row in fleet.hosts.values():
        if row.reported:
            by_version[row.tool_version or "unknown"].append(row.name)
    if len(by_version) < 2:
        return []
    newest = max(by_version, key=version_key)
    warnings = []
    for version in sorted(by_version, key=version_key):
        if version != newest:
            names = sorted(by_version[version])
            shown = ", ".join(names[:50]) + (
                f" and {len(names) - 50} more" if len(names) > 50 else ""
            )
            warnings.append(
                f"{len(names)} host(s) report with mirror-audit {version}, "
                f"older than {newest}: {shown}"
            )
    return warnings


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
