"""The commands the scan benchmark times, and how each one's output is checked against the truth.

Every tool runs with the tree as its working directory and "." as its root, so all of them
print the same relative paths. rg and grep skip the directories a default mirror-audit scan
skips (by name: they cannot see that a directory is a virtualenv) and search for the words of
the default rules' vocabulary, fixed strings, case-insensitively; they report files, so they are
checked per file. mirror-audit is checked per finding: path, line and rule.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mirror_audit import discover, extract, kinds
from mirror_audit.rules import load_rules

SKIPPED_DIRS = sorted(discover.VENDORED_DIRS | discover.CACHE_DIRS)

WALK = """
import os, sys
skip = frozenset(sys.argv[1:])
stack, files = ["."], 0
while stack:
    with os.scandir(stack.pop()) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in skip:
                    stack.append(entry.path)
            elif entry.is_file(follow_symlinks=False):
                files += 1
print(files)
"""


@dataclass(frozen=True)
class Tool:
    name: str
    argv: tuple[str, ...]
    check: Callable[[str, list[dict[str, Any]]], tuple[int, int]] | None = None  # (found, planted)
    hits: Callable[[dict[str, Any]], bool] = lambda hit: True  # which planted hits it should find
    reference: str = ""  # the row this one is compared with, pairwise


def patterns() -> list[str]:
    """What a grep user would search for: the rules' domains, long options, variables and keys."""
    rules = load_rules()
    words = list(extract.vocabulary(rules).domains)
    for rule in rules.rules:
        words.extend(o for o in rule.options if o.startswith("--"))
        words.extend((*rule.env, *rule.keys))
    return sorted(set(words))


def config_globs() -> list[str]:
    """The file-name patterns of the configuration kinds, as rg globs."""
    config = kinds.GROUPS["config"]
    return [("**/" + p if "/" in p else p) for p, kind in kinds._NAME_TABLE if kind in config]


def required(hit: dict[str, Any]) -> bool:
    """A planted hit the current scanner must find: format-only hits need their extractor."""
    if hit.get("needs") != "format":
        return True
    return extract.EXTRACTORS.get(str(hit["kind"]), "generic:extract") != "generic:extract"


def is_config(hit: dict[str, Any]) -> bool:
    return hit["kind"] in kinds.GROUPS["config"]


def check_findings(output: str, hits: list[dict[str, Any]]) -> tuple[int, int]:
    report = json.loads(output)
    got = {(f["path"], f["line"], f["rule"]) for f in report["findings"]}
    return sum((h["path"], h["line"], h["rule"]) in got for h in hits), len(hits)


def check_files(output: str, hits: list[dict[str, Any]]) -> tuple[int, int]:
    listed = {line.removeprefix("./") for line in output.splitlines()}
    return sum(h["path"] in listed for h in hits), len(hits)


def check_walk(output: str, hits: list[dict[str, Any]]) -> tuple[int, int]:
    return 0, 0


def tools(patterns_file: Path, names: Iterable[str] | None = None) -> list[Tool]:
    """Every row of the table, in table order; ``names`` keeps only those rows."""
    scan = (str(Path(sys.executable).with_name("mirror-audit")), "scan", "--format", "json", ".")
    rg = ("rg", "-l", "-i", "--hidden", "--no-ignore", "-F", "-f", str(patterns_file))
    skips = tuple(a for d in SKIPPED_DIRS for a in ("-g", f"!{d}"))
    globs = ("--glob-case-insensitive", *(a for g in config_globs() for a in ("-g", g)))
    grep_skips = tuple(f"--exclude-dir={d}" for d in SKIPPED_DIRS)
    rows = [
        Tool("find -type f", ("find", ".", "-type", "f"), check_walk),
        Tool("python scandir walk", (sys.executable, "-c", WALK), check_walk),
        Tool("python scandir walk, skips", (sys.executable, "-c", WALK, *SKIPPED_DIRS), check_walk),
        Tool("mirror-audit scan", scan, check_findings, required, "rg, skips"),
        Tool(
            "mirror-audit scan --jobs 1",
            (*scan[:-1], "--jobs", "1", "."),
            check_findings,
            required,
            "rg, skips",
        ),
        Tool(
            "mirror-audit scan --kinds config",
            (*scan[:-1], "--kinds", "config", "."),
            check_findings,
            lambda h: required(h) and is_config(h),
            "python scandir walk",
        ),
        Tool("rg, skips", (*rg, *skips, "."), check_files),
        Tool("rg, skips, config globs", (*rg, *globs, *skips, "."), check_files, is_config),
        Tool("rg, every file", (*rg, "."), check_files),
        Tool(
            "grep -rIli, skips",
            ("grep", "-rIli", "-F", "-f", str(patterns_file), *grep_skips, "."),
            check_files,
        ),
    ]
    available = [t for t in rows if shutil.which(t.argv[0]) or Path(t.argv[0]).exists()]
    return [t for t in available if names is None or t.name in set(names)]
