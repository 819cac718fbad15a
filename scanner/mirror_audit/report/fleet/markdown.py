"""Fleet Markdown: the same tables as the HTML page, for a wiki or a pull request."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ...fleet import Fleet
from ..common import safe_text
from .common import COLUMNS, headline, missing


def render(fleet: Fleet) -> str:
    lines = ["# mirror-audit fleet report", "", f"Generated {fleet.generated}.", ""]
    lines += [f"- {sentence}" for sentence in headline(fleet)]
    lines += [f"- **warning:** {cell(w)}" for w in fleet.warnings]
    lines += _section("Findings per rule", ["rule", "name", "findings", "hosts"], fleet.rules())
    lines += _section(
        "Files with most findings",
        ["host", "path", "findings"],
        ((p.host, p.path, p.findings) for p in fleet.top_paths(20)),
    )
    lines += _section(
        "Legacy hosts still referenced",
        ["legacy host", "findings", "hosts", "where (most findings)"],
        (
            (
                r.legacy_host,
                r.findings,
                len(r.hosts),
                ", ".join(f"{p.host}:{p.path} ({p.findings})" for p in r.places),
            )
            for r in fleet.referenced(places=5)
        ),
    )
    lines += _section(
        "Hosts without a report",
        ["host", "why"],
        ((r.name, r.problem or r.status) for r in missing(fleet)),
    )
    lines += _section(
        "Hosts", [h for h, _ in COLUMNS], ([v(r) for _, v in COLUMNS] for r in fleet.rows())
    )
    return "\n".join(lines) + "\n"


def _section(title: str, headings: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    if not body:
        return []
    head = [
        "",
        f"## {title}",
        "",
        "| " + " | ".join(headings) + " |",
        "|" + " --- |" * len(headings),
    ]
    return head + body


def cell(value: object) -> str:
    """A table cell: pipes, backticks and markup characters cannot break the table."""
    text = safe_text(str(value))
    for char in "\\|`*_<>[]":
        text = text.replace(char, "\\" + char)
    return text
