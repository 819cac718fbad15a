"""The benchmark generator is honest: a real scan of a small tree finds every planted hit.

A correctness test, not a timing test: the timings live in tests/bench/run.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from mirror_audit import kinds

from . import generate, tools


@pytest.fixture(scope="module")
def bench_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench")
    return out / "tree", generate.generate(out, 300, seed=11)


def _scan(tree: Path, *options: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "mirror_audit", "scan", "--format", "json", *options, "."],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    return json.loads(proc.stdout)


def _missed(report: dict[str, Any], hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    got = {(f["path"], f["line"], f["rule"]) for f in report["findings"]}
    return [h for h in hits if (h["path"], h["line"], h["rule"]) not in got]


def test_a_default_scan_finds_every_planted_hit(bench_tree: tuple[Path, dict[str, Any]]) -> None:
    tree, truth = bench_tree
    hits = [h for h in truth["hits"] if tools.required(h)]
    assert len(hits) > 80
    assert _missed(_scan(tree), hits) == []


def test_a_config_kinds_scan_finds_every_planted_config_hit(
    bench_tree: tuple[Path, dict[str, Any]],
) -> None:
    tree, truth = bench_tree
    hits = [h for h in truth["hits"] if tools.required(h) and tools.is_config(h)]
    report = _scan(tree, "--kinds", "config")
    assert _missed(report, hits) == []
    assert {kinds.kind_of(f["path"]) for f in report["findings"]} <= kinds.GROUPS["config"]


def test_vendored_hits_are_found_only_with_include_vendored(
    bench_tree: tuple[Path, dict[str, Any]],
) -> None:
    tree, truth = bench_tree
    vendored: list[dict[str, Any]] = truth["vendored_hits"]
    assert vendored and _missed(_scan(tree), vendored) == vendored
    assert _missed(_scan(tree, "--include-vendored"), vendored) == []


def test_every_kind_and_encoding_trap_is_planted(
    bench_tree: tuple[Path, dict[str, Any]],
) -> None:
    _, truth = bench_tree
    hits: list[dict[str, Any]] = truth["hits"]
    planted = {str(h["kind"]) for h in hits}
    assert kinds.ALL_KINDS - planted == set(), (
        "add a builder to tests/bench/plants.py for these kinds"
    )
    assert {"utf-8", "latin-1", "utf-16"} <= {h["encoding"] for h in hits}
    assert {"\\n", "\\r\\n"} <= {h["newline"] for h in hits}
    assert {h["rule"] for h in hits} >= {
        f"MA{n}" for n in (101, 102, 103, 104, 201, 202, 203, 301, 302, 303, 304, 401)
    }


def test_the_same_seed_gives_the_same_tree(
    tmp_path: Path, bench_tree: tuple[Path, dict[str, Any]]
) -> None:
    _, truth = bench_tree
    assert generate.generate(tmp_path, 300, seed=11) == truth


def test_each_planted_line_holds_its_target(bench_tree: tuple[Path, dict[str, Any]]) -> None:
    tree, truth = bench_tree
    for hit in truth["hits"]:
        raw = (tree / hit["path"]).read_bytes()
        text = (
            raw[2:].decode("utf-16-le")
            if hit["encoding"] == "utf-16"
            else raw.decode(hit["encoding"])
        )
        line = text.split(hit["newline"].replace("\\r", "\r").replace("\\n", "\n"))[hit["line"] - 1]
        assert hit["target"].lower() in line.lower(), hit
