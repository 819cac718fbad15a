"""JSON Lines: one finding per line, the JSON report's finding objects, for log pipelines."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..model import Report
from . import Options
from .common import fingerprint, identified
from .json import finding_dict


def render(report: Report, options: Options) -> str:
    return "".join(chunks(report, options))


def chunks(report: Report, options: Options) -> Iterator[str]:
    """One line per finding, written as it comes (render() joins them)."""
    for f, identity in identified(report.findings):
        yield json.dumps(finding_dict(f, fingerprint(identity)), separators=(",", ":")) + "\n"
