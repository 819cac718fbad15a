"""Fleet CSV: one row per host, a column per rule, for spreadsheets."""

from __future__ import annotations

import csv
import io

from ...fleet import Fleet
from .common import COLUMNS


def render(fleet: Fleet) -> str:
    rules = [rule for rule, _name, _count, _hosts in sorted(fleet.rules())]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([heading.replace(" ", "_") for heading, _ in COLUMNS] + rules)
    for row in fleet.rows():
        writer.writerow(
            [_cell(value(row)) for _, value in COLUMNS] + [row.by_rule.get(r, 0) for r in rules]
        )
    return out.getvalue()


def _cell(value: object) -> object:
    # NOTE: a host name from a report is data; a spreadsheet must not run it as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
