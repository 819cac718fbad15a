"""The fleet HTML page in real headless Chromium: no console errors, the reports' numbers shown."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import mirror_audit
from mirror_audit.config import Config
from mirror_audit.report.fleet import render
from mirror_audit.report.json import report_dict

pytestmark = pytest.mark.integration

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
)
SENTINEL = "fleet-page-test-done"

# Appended by the test, after the page's own script: sort the host table by findings
# (ascending), then say that it ran. Chromium prints every console message on stderr.
PROBE = f"""<script>
document.querySelector('#hosts th[data-key="findings"]').click();
console.log("{SENTINEL}");
</script>"""


def chromium(page: Path, profile: Path) -> tuple[str, list[str]]:
    """The DOM after the page's scripts ran, and every console message it printed."""
    assert CHROMIUM is not None
    run = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    messages = re.findall(r':CONSOLE[^\]]*\] "(.*)", source: ', run.stderr)
    return run.stdout, messages


class Page(HTMLParser):
    """What a reader sees: the summary cards, the host table rows, the chart's bars."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, str] = {}
        self.rows: list[list[str]] = []
        self.bars: dict[str, int] = {}
        self.root: dict[str, str | None] = {}
        self._card: str | None = None
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.root = a
        elif tag == "div" and a.get("class") == "card":
            self._card = a["data-key"]
        elif tag == "table":
            self._table = a.get("id")
        elif tag == "tr" and self._table == "hosts" and "data-host" in a:
            self.rows.append([])
        elif tag == "td" and self._table == "hosts" and self.rows:
            self._cell = []
        elif tag == "g" and a.get("class") == "bar":
            self.bars[str(a["data-rule"])] = int(str(a["data-findings"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._card is not None and data.strip():
            self.cards[self._card] = data.strip()
            self._card = None
        elif self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fleet page from real scans of three fake hosts, one on an older version, one missing."""
    base = tmp_path_factory.mktemp("fleet")
    trees = {
        "web01": {
            "pip.conf": "[global]\nindex-url = https://f.pypi.python.org/simple\n",
            "requirements.txt": "--use-mirrors\n-i https://pypi.python.org/simple\nclick\n",
        },
        "web02": {"pip.conf": "[global]\nindex-url = https://pypi.org/simple/\n"},
        "db01": {"requirements.txt": "-i https://pypi.python.org/simple\n"},
    }
    reports: list[dict[str, Any]] = []
    for name, files in trees.items():
        root = base / name
        root.mkdir()
        for file, text in files.items():
            (root / file).write_text(text)
        reports.append(report_dict(mirror_audit.scan([str(root)], Config(host_name=name))))
    reports[2]["tool"]["version"] = "0.0.9"  # db01 runs an older mirror-audit
    fleet = mirror_audit.merge(reports, expected=[*trees, "web03"])
    out = base / "fleet.html"
    out.write_text(render(fleet, "html"), encoding="utf-8")
    (base / "fleet.json").write_text(render(fleet, "json"))
    return out


needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)


def probed(page: Path, extra: str = "") -> Path:
    copy = page.with_name(f"probe-{len(extra)}.html")
    copy.write_text(
        page.read_text(encoding="utf-8").replace("</body>", extra + PROBE + "</body>"),
        encoding="utf-8",
    )
    return copy


@needs_chromium
def test_page_loads_without_console_errors_and_shows_the_numbers(
    page: Path, tmp_path: Path
) -> None:
    dom, messages = chromium(probed(page), tmp_path / "profile")
    assert messages == [SENTINEL]  # nothing else: no error, no refused fetch, no warning
    seen = Page()
    seen.feed(dom)
    assert seen.root.get("data-sortable") == "ready"
    truth = json.loads(page.with_name("fleet.json").read_text())["summary"]
    assert {k: int(v) for k, v in seen.cards.items()} == {k: truth[k] for k in seen.cards}
    assert (
        seen.cards["hosts"],
        seen.cards["hosts_clean"],
        seen.cards["hosts_never_reported"],
        seen.cards["findings"],
    ) == ("4", "1", "1", "4")
    assert seen.bars == {"MA102": 2, "MA101": 1, "MA301": 1}
    # sorted by the probe's click: findings ascending, ties in their original order
    assert [(row[0], row[1], row[2]) for row in seen.rows] == [
        ("web02", "clean", "0"),
        ("web03", "never-reported", "0"),
        ("db01", "findings", "1"),
        ("web01", "findings", "3"),
    ]
    assert "1 host(s) report with mirror-audit 0.0.9, older than" in dom


BROKEN = [
    pytest.param("<script>notAFunction();</script>", "Uncaught ReferenceError", id="script-error"),
    pytest.param(
        '<img src="http://127.0.0.1:9/logo.png">', "Content Security Policy", id="external-asset"
    ),
]


@needs_chromium
@pytest.mark.parametrize(("extra", "message"), BROKEN)
def test_the_harness_sees_errors_and_the_page_refuses_fetches(
    page: Path, tmp_path: Path, extra: str, message: str
) -> None:
    _, messages = chromium(probed(page, extra), tmp_path / "profile")
    assert any(message in m for m in messages), messages
