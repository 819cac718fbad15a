"""JSON Lines: one finding per line, the JSON report's finding objects, for log pipelines."""

from __future__ import annotations

import json

from ..model import Report
from . import Options
from .common import fingerprints
from .json import finding_dict


def render(report: Report, options: Options) -> str:
    prints = fingerprints(report.findings)
    return "".join(
        json.dumps(finding_dict(f, prints[id(f)]), separators=(",", ":")) + "\n"
        for f in report.findings
    )
