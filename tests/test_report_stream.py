"""The text, JSON and JSON Lines reports are written in pieces (one per line, or per finding,
error and change) and the pieces are, byte for byte, the whole document: the text report as
its lines joined, the JSON one as json.dumps would have made it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

import mirror_audit
from mirror_audit import Config
from mirror_audit.model import Report
from mirror_audit.report import Options, render, render_chunks
from mirror_audit.report.json import report_dict

LEGACY = "pip install -i https://pypi.python.org/simple/ x  # caf\u00e9 \u2603\n"


def _tree(root: Path, files: int, findings_per_file: int) -> Path:
    root.mkdir()
    for index in range(files):
        (root / f"build{index}.sh").write_text(LEGACY * findings_per_file)
    return root


def _reports(tmp_path: Path) -> dict[str, Report]:
    empty = tmp_path / "empty"
    empty.mkdir()
    some = _tree(tmp_path / "some", 3, 2)
    (some / "binary.txt").write_bytes(b"\x00\x01" * 10)  # explicitly named below: one error
    os.mkfifo(some / "requirements.txt")  # a FIFO: never opened, one error
    fixed = _tree(tmp_path / "fixed", 2, 1)
    baseline = tmp_path / "baseline.json"
    return {
        "empty": mirror_audit.scan([str(empty)]),
        "findings and errors": mirror_audit.scan([str(some), str(some / "binary.txt")]),
        "changes": mirror_audit.fix([str(fixed)]),
        "no findings, only errors": mirror_audit.scan([str(some / "requirements.txt")]),
        "extra fields": _with_baseline(some, baseline),
    }


def _with_baseline(root: Path, baseline: Path) -> Report:
    # the field --baseline adds to a report: nested, after the streamed lists
    report = mirror_audit.scan([str(root)], Config())
    report.extra["baseline"] = {"path": str(baseline), "matched": 0, "stale": []}
    return report


def test_json_pieces_are_json_dumps_of_the_whole_report(tmp_path: Path) -> None:
    for name, report in _reports(tmp_path).items():
        pieces = list(render_chunks(report, "json", Options()))
        whole = json.dumps(report_dict(report), indent=2) + "\n"
        assert "".join(pieces) == whole == render(report, "json"), name
        assert len(pieces) >= len(report.findings) + len(report.errors), name  # one per item


def test_jsonl_pieces_are_one_line_per_finding(tmp_path: Path) -> None:
    report = _reports(tmp_path)["findings and errors"]
    pieces = list(render_chunks(report, "jsonl", Options()))
    assert len(pieces) == len(report.findings) == 6
    assert "".join(pieces) == render(report, "jsonl")


@pytest.mark.parametrize(
    "options", [Options(), Options(quiet=True), Options(color=True), Options(statistics=True)]
)
def test_text_pieces_are_the_lines_of_the_whole_report(tmp_path: Path, options: Options) -> None:
    for name, report in _reports(tmp_path).items():
        pieces = list(render_chunks(report, "text", options))
        assert "".join(pieces) == render(report, "text", options), name
        assert all(p.endswith("\n") and p.count("\n") == 1 for p in pieces), name
        if not options.quiet:
            assert len(pieces) >= len(report.findings) + len(report.errors), name


@pytest.mark.parametrize("fmt", ["sarif", "github"])
def test_formats_that_do_not_stream_come_whole(tmp_path: Path, fmt: str) -> None:
    report = _reports(tmp_path)["findings and errors"]
    assert list(render_chunks(report, fmt, Options())) == [render(report, fmt, Options())]


def _peak_kib(args: list[str]) -> int:
    # NOTE: ru_maxrss of a small parent's children: the scan's own peak, not this test's.
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
    return int(out.stdout)


def test_the_json_report_of_many_findings_is_never_held_whole(tmp_path: Path) -> None:
    # 40,000 findings make a 29 MB report: json.dumps of it peaked ~300 MB above the scan.
    tree = _tree(tmp_path / "tree", 400, 100)
    scan = [sys.executable, "-m", "mirror_audit", "scan", "--jobs", "1", str(tree)]
    text = _peak_kib([*scan, "--format", "text", "-q"])
    streamed = _peak_kib([*scan, "--format", "json", "-o", str(tmp_path / "r.json")])
    report = json.loads((tmp_path / "r.json").read_text())
    assert len(report["findings"]) == 40_000
    assert streamed < text + 64 * 1024, (streamed, text)  # within 64 MiB of the text report


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl"])
def test_a_report_of_many_findings_is_written_in_little_memory(tmp_path: Path, fmt: str) -> None:
    # Before: the text report joined its lines, and the JSON ones made every fingerprint first.
    report = mirror_audit.scan([str(_tree(tmp_path / "tree", 100, 100))], Config(jobs=1))
    assert len(report.findings) == 10_000
    render(Report(roots=[]), fmt)  # the reporter's modules, imported outside the measure
    written = 0
    tracemalloc.start()
    try:
        for piece in render_chunks(report, fmt, Options()):
            written += len(piece)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written > 2_000_000
    assert peak < written // 8, (peak, written)
