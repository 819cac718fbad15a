"""--jobs: a scan split over processes gives the report of a one-process scan, in the same order."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mirror_audit import discover, parallel
from mirror_audit.model import Candidate, FileResult, Skip

from .bench import generate

VOLATILE = ("started", "finished")


@pytest.fixture(scope="module")
def host_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's host tree (venvs, node_modules, .git, links, encodings, includes)."""
    out = tmp_path_factory.mktemp("jobs")
    generate.generate(out, 600, seed=5)
    tree = out / "tree"
    # -r includes followed after the walk, and a file scanned by its name before it is included
    (tree / "srv/projects/proj000/requirements.txt").write_text("-r common.txt\nrequests\n")
    (tree / "srv/projects/proj000/common.txt").write_text("-i https://pypi.python.org/simple\n")
    (tree / "srv/projects/proj000/.gitignore").write_text("docs/\n")
    return tree


def _run(tree: Path, *options: str) -> str:
    """The output of a real `mirror-audit scan` in ``tree``."""
    argv = ["scan", "--isolated", "--format", "json", *options, "."]
    proc = subprocess.run(
        [sys.executable, "-m", "mirror_audit", *argv],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout


def _report(tree: Path, *options: str) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(_run(tree, *options))
    for key in VOLATILE:
        report.pop(key, None)
    return report


@pytest.mark.parametrize(
    "options",
    [
        (),
        ("--kinds", "config"),
        ("--include-vendored",),
        ("--respect-gitignore", "--exclude", "*.md"),
        ("--select", "MA1"),
    ],
    ids=["default", "kinds-config", "vendored", "gitignore-exclude", "select"],
)
def test_jobs_1_and_jobs_2_give_identical_reports(
    host_tree: Path, options: tuple[str, ...]
) -> None:
    one = _report(host_tree, "--jobs", "1", *options)
    assert one["findings"], "a tree without findings would prove nothing"
    assert _report(host_tree, "--jobs", "2", *options) == one
    assert _report(host_tree, "--jobs", "3", *options) == one


def test_an_included_file_is_scanned_once_whatever_the_jobs(host_tree: Path) -> None:
    for jobs in ("1", "2"):
        report = _report(host_tree, "--jobs", jobs)
        common = [f for f in report["findings"] if f["path"].endswith("proj000/common.txt")]
        assert [f["rule"] for f in common] == ["MA102"], jobs


def _scanned_by(tree: Path, requested: int) -> tuple[list[str], set[int]]:
    """Displays in the order pairs() gives them, and the processes that scanned them."""

    def scan_one(candidate: Candidate) -> FileResult:
        return FileResult(candidate.display, str(os.getpid()))

    order: list[str] = []
    pids: set[int] = set()
    for item, result in parallel.pairs([str(tree)], discover.WalkOptions(), scan_one, requested):
        order.append(item.display if isinstance(item, Candidate) else item.path)
        if isinstance(result, FileResult):
            pids.add(int(result.kind))
    return order, pids


def _walk_order(tree: Path) -> list[str]:
    return [
        i.display if isinstance(i, Candidate) else i.path
        for i in discover.discover([str(tree)], discover.WalkOptions())
    ]


@pytest.mark.parametrize("requested", [2, 3, 5])
def test_workers_scan_and_the_parent_keeps_the_walk_order(host_tree: Path, requested: int) -> None:
    order, pids = _scanned_by(host_tree, requested)
    assert order == _walk_order(host_tree)
    assert pids and os.getpid() not in pids  # every file was scanned in a worker


def test_a_small_input_is_scanned_in_this_process_when_jobs_are_automatic(tmp_path: Path) -> None:
    for name in ("a", "b/c", "b/d/e"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "requirements.txt").write_text("-i https://pypi.python.org/simple\n")
    order, pids = _scanned_by(tmp_path, parallel.AUTO)
    assert len(order) == 3 and pids == {os.getpid()}
    order, pids = _scanned_by(tmp_path, 2)  # asked for: workers even so
    assert order == _walk_order(tmp_path) and os.getpid() not in pids


def test_a_failing_worker_fails_the_scan_with_its_traceback(host_tree: Path) -> None:
    def scan_one(candidate: Candidate) -> FileResult | Skip:
        raise ValueError(f"cannot scan {candidate.display}")

    with pytest.raises(RuntimeError, match="ValueError: cannot scan"):
        list(parallel.pairs([str(host_tree)], discover.WalkOptions(), scan_one, 2))


def _files_per_unit(root: Path, jobs: int) -> list[int]:
    units, _ = parallel.split(list(discover.units([str(root)], discover.WalkOptions())), jobs)
    return [
        sum(isinstance(i, Candidate) for i in (u.items() if isinstance(u, discover.Subtree) else u))
        for u in units
    ]


@pytest.mark.parametrize("jobs", [2, 4])
def test_a_lopsided_host_is_shared_out_in_small_units(tmp_path: Path, jobs: int) -> None:
    # a host: many near-empty homes beside one /srv/projects that holds every checkout
    for user in range(40):
        (tmp_path / "home" / f"user{user}" / ".config").mkdir(parents=True)
    for project in range(60):
        src = tmp_path / "srv/projects" / f"proj{project:02}" / "src"
        src.mkdir(parents=True)
        for name in ("setup.cfg", "tox.ini", "src/a.txt", "src/b.txt"):
            (src.parent / name).write_text("[x]\n")
    per_unit = _files_per_unit(tmp_path, jobs)
    assert sum(per_unit) == 240
    assert max(per_unit) <= 240 // (4 * jobs)  # no unit is more than a fraction of one job's share


@pytest.mark.parametrize(("requested", "expected"), [(1, 1), (2, 2), (7, 7)])
def test_jobs_asked_for_are_used(requested: int, expected: int) -> None:
    assert parallel.jobs_for(requested) == expected


def test_automatic_jobs_follow_the_cpus_this_process_may_use() -> None:
    assert parallel.jobs_for(parallel.AUTO) == min(len(os.sched_getaffinity(0)), 8)


def _files(tree: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(tree)): p.read_bytes() for p in sorted(tree.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize("options", [("--fix",), ("--diff",), ("--fix", "--backup", ".orig")])
def test_a_fix_over_jobs_writes_and_reports_what_one_process_does(
    tmp_path: Path, host_tree: Path, options: tuple[str, ...]
) -> None:
    trees = {}
    for jobs in ("1", "2"):
        tree = tmp_path / jobs
        shutil.copytree(host_tree, tree, symlinks=True)
        fixing = options[0] == "--fix"
        report = (
            _report(tree, "--jobs", jobs, *options)
            if fixing
            else _run(tree, "--jobs", jobs, *options)
        )
        trees[jobs] = (_files(tree), report)
    files, report = trees["1"]
    assert files == trees["2"][0]
    assert report == trees["2"][1]
    if options[0] == "--fix":
        assert files != _files(host_tree)  # something was fixed
        assert isinstance(report, dict) and report["summary"]["files_changed"] > 10
    else:
        assert "pypi.org" in str(report) and files == _files(host_tree)


def test_a_root_that_is_a_link_to_a_directory_is_split_too(tmp_path: Path, host_tree: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(host_tree)
    order, pids = _scanned_by(link, 2)
    assert order == _walk_order(link) and len(order) > 100
    assert pids and os.getpid() not in pids


def test_follow_symlinks_walks_in_this_process_whatever_the_jobs(host_tree: Path) -> None:
    options = discover.WalkOptions(follow_symlinks=True)
    scanned = [
        (item.display if isinstance(item, Candidate) else item.path, result)
        for item, result in parallel.pairs(
            [str(host_tree)], options, lambda c: FileResult(c.display, str(os.getpid())), 2
        )
    ]
    walked = [
        i.display if isinstance(i, Candidate) else i.path
        for i in discover.discover([str(host_tree)], options)
    ]
    assert [display for display, _ in scanned] == walked
    assert {r.kind for _, r in scanned if isinstance(r, FileResult)} == {str(os.getpid())}
