"""Baselines: accept today's findings, report only new ones. Keys have no line numbers.

A baseline entry is (rule, path, matched text, occurrence index): the n-th time that text is
matched for that rule in that file. Edits above a finding do not change its key; fixing one of
two identical findings leaves one entry stale. Paths are relative to the baseline file's own
directory, so the file means the same from any working directory. No timestamps, sorted keys.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from .errors import ConfigError
from .model import Finding, Report
from .report.common import Identity, fingerprint, identities

FORMAT = 1


@dataclass(frozen=True)
class Applied:
    """What a baseline did to a report: findings it hid, and entries nothing matched."""

    path: str
    matched: int
    stale: tuple[Identity, ...]


def key_path(path: str, base: str) -> str:
    """``path`` (as reported) relative to directory ``base``, with '/'; absolute when outside."""
    absolute = os.path.abspath(path)
    relative = os.path.relpath(absolute, os.path.abspath(base))
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return absolute.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def uri_of(path: str) -> str:
    """A percent-escaped URI reference: relative as given, ``file://`` for an absolute path."""
    # NOTE: os.fsencode gives back a file name's original bytes (surrogate escapes included).
    escaped = quote(os.fsencode(path.replace(os.sep, "/")), safe="/")
    return "file://" + escaped if os.path.isabs(path) else escaped


def entries(findings: list[Finding], baseline_file: str) -> list[Identity]:
    """The keys of findings (not those --fix rewrote), relative to the baseline's directory."""
    base = os.path.dirname(os.path.abspath(baseline_file))
    kept = [f for f in findings if not f.fixed]
    return sorted(identities(kept, path_of=lambda f: key_path(f.path, base)).values())


def write(report: Report, baseline_file: str) -> int:
    """Record the report's findings in ``baseline_file``; the number of entries."""
    keys = entries(report.findings, baseline_file)
    document = {
        "tool": "mirror-audit",
        "baseline": FORMAT,
        "entries": [_entry(key) for key in keys],
    }
    try:
        with open(baseline_file, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(document, indent=2, sort_keys=True) + "\n")
    except OSError as exc:
        raise ConfigError(f"{baseline_file}: cannot write baseline: {exc.strerror or exc}") from exc
    return len(keys)


def _entry(key: Identity) -> dict[str, object]:
    rule, path, match, occurrence = key
    return {
        "rule": rule,
        "path": path,
        "match": match,
        "occurrence": occurrence,
        "fingerprint": fingerprint(key),
    }


def read(baseline_file: str) -> Counter[Identity]:
    """The keys a baseline file holds; ConfigError naming the file and what is wrong."""
    try:
        with open(baseline_file, encoding="utf-8") as handle:
            document = json.load(handle)
    except OSError as exc:
        raise ConfigError(f"{baseline_file}: cannot read baseline: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise ConfigError(f"{baseline_file}: not a baseline (invalid JSON: {exc})") from exc
    if not isinstance(document, dict) or document.get("baseline") != FORMAT:
        raise ConfigError(
            f"{baseline_file}: not a mirror-audit baseline (key 'baseline' must be {FORMAT})"
        )
    found: Counter[Identity] = Counter()
    for index, raw in enumerate(document.get("entries", [])):
        found[_key(baseline_file, index, raw)] += 1
    return found


def _key(baseline_file: str, index: int, raw: object) -> Identity:
    fields = {"rule": str, "path": str, "match": str, "occurrence": int}
    if not isinstance(raw, dict):
        raise ConfigError(f"{baseline_file}: entry #{index + 1}: expected an object")
    for name, kind in fields.items():
        if not isinstance(raw.get(name), kind) or isinstance(raw.get(name), bool):
            raise ConfigError(
                f"{baseline_file}: entry #{index + 1}: key {name!r}: expected {kind.__name__}"
            )
    return (raw["rule"], raw["path"], raw["match"], raw["occurrence"])


def apply(report: Report, baseline_file: str) -> Applied:
    """Drop from ``report`` the findings the baseline holds; list the entries nothing matched."""
    known = read(baseline_file)
    base = os.path.dirname(os.path.abspath(baseline_file))
    keys = identities(
        [f for f in report.findings if not f.fixed], path_of=lambda f: key_path(f.path, base)
    )
    kept = []
    for finding in report.findings:
        key = keys.get(id(finding))
        if key is not None and known[key] > 0:
            known[key] -= 1
            continue
        kept.append(finding)
    matched = len(report.findings) - len(kept)
    report.findings[:] = kept
    stale = tuple(sorted(key for key, count in known.items() for _ in range(count)))
    applied = Applied(baseline_file, matched, stale)
    report.extra["baseline"] = {
        "path": baseline_file,
        "matched": matched,
        "stale": [_entry(k) for k in stale],
    }
    return applied
