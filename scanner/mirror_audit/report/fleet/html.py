"""Fleet HTML: one self-contained page (inline CSS, script and SVG; nothing is fetched)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from ...fleet import Fleet
from ..common import safe_text
from .common import COLUMNS, headline, missing

# NOTE: the policy forbids every fetch, so a page opened from a mail or a share stays offline.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

_CARDS = [
    ("hosts", "hosts"),
    ("hosts_reported", "reported"),
    ("hosts_clean", "clean"),
    ("hosts_with_findings", "with findings"),
    ("hosts_failing", "failing"),
    ("hosts_with_errors", "with errors"),
    ("hosts_never_reported", "never reported"),
    ("findings", "findings"),
    ("failing", "failing findings"),
    ("files_changed", "files changed"),
]

_NUMERIC = {"findings", "failing", "fixed", "errors", "files scanned", "files changed", "hosts"}

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2228;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
.cards{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
.card{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .8rem;min-width:7rem}
.card .value{display:block;font-size:1.5rem;font-weight:600}.card .label{color:#57606a}
.warning{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;
  padding:.4rem .7rem;margin:.3rem 0}
table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}
td.n,th.n{text-align:right}thead th{background:#f6f8fa}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" \\25B2"}
table.sortable th[aria-sort=descending]::after{content:" \\25BC"}
.status-findings{color:#cf222e}.status-errors,.status-unreadable{color:#9a6700}
.status-never-reported{color:#8250df}.status-clean{color:#1a7f37}
svg text{font:12px system-ui,sans-serif;fill:#1d2228}svg rect{fill:#cf222e}
"""

_SCRIPT = """
(function () {
  "use strict";
  function sortKey(cell, numeric) {
    var value = cell.getAttribute("data-sort");
    if (value === null) { value = cell.textContent; }
    return numeric ? Number(value) : value.toLowerCase();
  }
  function sortBy(table, header, index) {
    var numeric = header.getAttribute("data-type") === "number";
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) {
      cell.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var keyed = Array.prototype.map.call(body.rows, function (row, position) {
      return [sortKey(row.cells[index], numeric), position, row];
    });
    keyed.sort(function (a, b) {
      var order = a[0] < b[0] ? -1 : (a[0] > b[0] ? 1 : a[1] - b[1]);
      return ascending ? order : -order;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) { fragment.appendChild(item[2]); });
    body.appendChild(fragment);
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      header.tabIndex = 0;
      header.addEventListener("click", function () { sortBy(table, header, index); });
      header.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          sortBy(table, header, index);
        }
      });
    });
  });
  document.documentElement.setAttribute("data-sortable", "ready");
}());
"""


def render(fleet: Fleet) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>mirror-audit fleet report</title>",
        f"<style>{_STYLE}</style></head><body>",
        "<h1>mirror-audit fleet report</h1>",
        f"<p>Generated {_e(fleet.generated)}. "
        + " ".join(_e(s) + "." for s in headline(fleet))
        + "</p>",
        _cards(fleet),
        *(f'<p class="warning">{_e(w)}</p>' for w in fleet.warnings),
        _chart(fleet),
        _legacy(fleet),
        _table(
            "Files with most findings",
            "paths",
            ["host", "path", "findings"],
            ((p.host, p.path, p.findings) for p in fleet.top_paths(50)),
        ),
        _table(
            "Hosts without a report",
            "missing",
            ["host", "why"],
            ((r.name, r.problem or r.status) for r in missing(fleet)),
        ),
        _hosts(fleet),
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _e(value: object) -> str:
    return escape(safe_text(str(value)))


def _cards(fleet: Fleet) -> str:
    summary = fleet.summary()
    cards = "".join(
        f'<div class="card" data-key="{key}"><span class="value">{summary[key]}</span>'
        f'<span class="label">{label}</span></div>'
        for key, label in _CARDS
    )
    return f'<div class="cards" id="summary">{cards}</div>'


def _chart(fleet: Fleet) -> str:
    """Findings per rule as horizontal bars in inline SVG."""
    rules = fleet.rules()
    if not rules:
        return ""
    top = max(count for _, _, count, _ in rules)
    label_width, bar_width, row = 260, 420, 24
    bars = []
    for index, (rule, name, count, hosts) in enumerate(rules):
        y = index * row
        width = max(1, round(bar_width * count / top))
        bars.append(
            f'<g class="bar" data-rule="{_e(rule)}" data-findings="{count}">'
            f"<title>{_e(rule)} {_e(name)}: {count} findings on {hosts} hosts</title>"
            f'<text x="0" y="{y + 16}">{_e(rule)} {_e(name)}</text>'
            f'<rect x="{label_width}" y="{y + 4}" width="{width}" height="{row - 8}"></rect>'
            f'<text x="{label_width + width + 6}" y="{y + 16}">{count}</text></g>'
        )
    width, height = label_width + bar_width + 60, row * len(rules)
    return (
        "<h2>Findings per rule</h2>"
        f'<svg id="chart" role="img" aria-label="Findings per rule" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">{"".join(bars)}</svg>'
    )


def _legacy(fleet: Fleet) -> str:
    rows = (
        (
            r.legacy_host,
            r.findings,
            len(r.hosts),
            " ".join(r.rules),
            "; ".join(f"{p.host}:{p.path} ({p.findings})" for p in r.places),
        )
        for r in fleet.referenced(places=10)
    )
    return _table(
        "Legacy hosts still referenced",
        "legacy",
        ["legacy host", "findings", "hosts", "rules", "where (most findings)"],
        rows,
    )


def _hosts(fleet: Fleet) -> str:
    headings = [h for h, _ in COLUMNS]
    rows = []
    for row in fleet.rows():
        cells = "".join(_cell(heading, value(row)) for heading, value in COLUMNS)
        rows.append(f'<tr class="status-{_e(row.status)}" data-host="{_e(row.name)}">{cells}</tr>')
    head = "".join(_head(h) for h in headings)
    return (
        "<h2>Hosts</h2><p>Click a column heading to sort.</p>"
        f'<table class="sortable" id="hosts"><thead><tr>{head}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )


def _table(
    title: str, ident: str, headings: Sequence[str], rows: Iterable[Sequence[object]]
) -> str:
    body = "".join(
        "<tr>" + "".join(_cell(h, v) for h, v in zip(headings, row, strict=True)) + "</tr>"
        for row in rows
    )
    if not body:
        return ""
    head = "".join(_head(h) for h in headings)
    return (
        f'<h2>{_e(title)}</h2><table class="sortable" id="{ident}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _head(heading: str) -> str:
    numeric = heading in _NUMERIC
    kind = ' class="n" data-type="number"' if numeric else ""
    return f'<th scope="col" data-key="{_e(heading)}"{kind}>{_e(heading)}</th>'


def _cell(heading: str, value: object) -> str:
    if heading in _NUMERIC:
        return f'<td class="n" data-sort="{_e(value)}">{_e(value)}</td>'
    return f"<td>{_e(value)}</td>"
