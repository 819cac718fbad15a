"""pip-config reports: text (one block per view) and JSON. URLs are shown with passwords hidden."""

from __future__ import annotations

import json

from ..pipconfig import Setting
from ..pipviews import PipReport, View
from ..urls import redact
from .common import safe_text

SCHEMA_VERSION = 1


def failing(report: PipReport) -> list[View]:
    """Views where pip would use a legacy or insecure location, or refuse its configuration."""
    return [
        v
        for v in report.views
        if v.resolution.errors or any(s.problems for s in v.resolution.settings)
    ]


def render(report: PipReport, fmt: str) -> str:
    return _json(report) if fmt == "json" else _text(report)


def _text(report: PipReport) -> str:
    lines: list[str] = []
    for views in _groups(report.views):
        lines.append(_title(views))
        for setting in views[0].resolution.settings:
            lines.append(_setting(setting))
            lines.extend(
                f"  {'':16} {p.rule} {safe_text(p.message)}"
                + (f" -> {p.replacement}" if p.replacement else "")
                for p in setting.problems
            )
        lines.extend(f"  pip stops: {safe_text(e)}" for e in views[0].resolution.errors)
        lines.extend(f"  note: {safe_text(n)}" for n in views[0].notes)
        read = [safe_text(f.path) for f in views[0].resolution.files if f.state == "read"]
        lines.append(f"  {'files read':16} {', '.join(read) if read else '(none)'}")
    if report.homeless:
        count = len(report.homeless)
        who = (
            "user without a home directory reads"
            if count == 1
            else "users without a home directory read"
        )
        lines.append(f"\n{count} {who} no user file: {', '.join(report.homeless)}")
    bad = len(failing(report))
    lines.append(
        f"\n{len(report.views)} views; {bad} where pip would use a legacy or insecure "
        f"location or refuse its configuration"
    )
    return "\n".join(lines) + "\n"


def _groups(views: list[View]) -> list[list[View]]:
    """Users whose pip sees exactly the same thing share one block (system users, mostly)."""
    groups: dict[object, list[View]] = {}
    for view in views:
        key: object = id(view)
        if view.kind == "user":
            read = tuple(f for f in view.resolution.files if f.state == "read")
            key = (
                view.environment,
                view.resolution.settings,
                view.resolution.errors,
                read,
                view.notes,
            )
        groups.setdefault(key, []).append(view)
    return list(groups.values())


def _title(views: list[View]) -> str:
    view = views[0]
    if len(views) > 1:
        return f"users {', '.join(safe_text(v.name) for v in views)} (the same settings)"
    who = {
        "user": f"home {view.home}",
        "virtualenv": f"owner {view.user}",
        "service": f"user {view.user}",
        "cron": f"user {view.user}",
        "process": f"user {view.user}, home {view.home}",
    }[view.kind]
    return f"{view.kind} {safe_text(view.name)} ({safe_text(who)})"


def _setting(setting: Setting) -> str:
    values = " ".join(redact(v) for v in setting.values)
    return f"  {setting.name:16} {safe_text(values)}    {_where(setting)}"


def _where(setting: Setting) -> str:
    if setting.origin == "default":
        return "pip's default"
    place = f"{safe_text(setting.path)}:{setting.line}"
    if setting.origin == "environment":
        return f"${setting.key}, {place}" + (" (computed by the shell)" if setting.dynamic else "")
    return f"{place} [{setting.section}] ({setting.origin})"


def _json(report: PipReport) -> str:
    data = {
        "version": SCHEMA_VERSION,
        "root": report.root,
        "views": [_view(v) for v in report.views],
        "users_without_home": report.homeless,
        "summary": {"views": len(report.views), "failing": len(failing(report))},
    }
    return json.dumps(data, indent=2) + "\n"


def _view(view: View) -> dict[str, object]:
    return {
        "kind": view.kind,
        "name": view.name,
        "user": view.user,
        "home": view.home,
        "prefix": view.prefix,
        "files": [
            {"path": f.path, "variant": f.variant, "state": f.state} for f in view.resolution.files
        ],
        "environment": [
            {
                "name": v.name,
                "value": redact(v.value),
                "path": v.path,
                "line": v.line,
                "dynamic": v.dynamic,
            }
            for v in view.environment
        ],
        "settings": {s.name: _setting_dict(s) for s in view.resolution.settings},
        "errors": list(view.resolution.errors),
        "notes": list(view.notes),
    }


def _setting_dict(setting: Setting) -> dict[str, object]:
    return {
        "values": [redact(v) for v in setting.values],
        "path": setting.path,
        "line": setting.line,
        "origin": setting.origin,
        "section": setting.section,
        "key": setting.key,
        "dynamic": setting.dynamic,
        "legacy": bool(setting.problems),
        "problems": [
            {
                "value": redact(p.value),
                "rule": p.rule,
                "severity": p.severity,
                "message": p.message,
                "replacement": p.replacement,
            }
            for p in setting.problems
        ],
    }
