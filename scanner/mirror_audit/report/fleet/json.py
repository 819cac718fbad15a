"""Fleet JSON: one versioned object (fields in docs/json-report.md, "Fleet JSON")."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from ... import __version__
from ...fleet import Fleet, HostRow, Place

SCHEMA_VERSION = 1
PLACES = 100  # files listed per legacy host and in top_paths; the counts cover every file


def fleet_dict(fleet: Fleet) -> dict[str, Any]:
    """The merged view as plain data, the way ``mirror-audit merge --format json`` writes it."""
    return {
        "version": SCHEMA_VERSION,
        "kind": "fleet",
        "tool": {"name": "mirror-audit", "version": __version__},
        "generated": fleet.generated,
        "summary": fleet.summary(),
        "warnings": list(fleet.warnings),
        "versions": fleet.versions(),
        "rules": [
            {"rule": r, "rule_name": n, "findings": c, "hosts": h} for r, n, c, h in fleet.rules()
        ],
        "top_paths": [_place(p) for p in fleet.top_paths(PLACES)],
        "legacy_hosts": [
            {
                "legacy_host": r.legacy_host,
                "findings": r.findings,
                "hosts": dict(r.hosts),
                "rules": list(r.rules),
                "places": [_place(p) for p in r.places],
            }
            for r in fleet.referenced(PLACES)
        ],
        "hosts": [host_dict(row) for row in fleet.rows()],
    }


def host_dict(row: HostRow) -> dict[str, Any]:
    data = dataclasses.asdict(row)
    data["roots"] = list(row.roots)
    return data


def _place(place: Place) -> dict[str, Any]:
    return {"host": place.host, "path": place.path, "findings": place.findings}


def render(fleet: Fleet) -> str:
    return json.dumps(fleet_dict(fleet), indent=1, ensure_ascii=False) + "\n"
