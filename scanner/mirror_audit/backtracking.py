"""Refuse rule patterns that can backtrack for ever: a repeat of a repeat, a repeated alternation.

Python's re has no time limit, and a rule file may come from anywhere: ``(a+)+$`` against one
long host name in a scanned file would hang the scan. The check reads the parsed pattern, so
it costs nothing at match time; it refuses some harmless patterns too, and says how to write them.
"""

from __future__ import annotations

from typing import Any

try:
    from re import _parser as _sre  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _sre  # type: ignore[no-redef]

_UNBOUNDED = 64  # a repeat allowed more times than this counts as unbounded (.*, a+)
_MOST_UNBOUNDED = 8  # .*.*.*... is polynomial, with the number of repeats as the power


def why_unsafe(pattern: str) -> str:
    """Why ``pattern`` (already known to compile) can take exponential time, or ""."""
    repeats: list[int] = []
    why = _walk(_sre.parse(pattern), nested=False, repeats=repeats)
    if not why and len(repeats) > _MOST_UNBOUNDED:
        why = f"more than {_MOST_UNBOUNDED} unbounded repeats"
    return why


def _walk(items: Any, nested: bool, repeats: list[int]) -> str:
    for op, value in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            _low, high, body = value
            if high > 1 and nested:
                return "a repeated group holds another repeat, as (a+)+ does"
            if high > _UNBOUNDED:
                repeats.append(high)
            why = _walk(body, nested or high > 1, repeats)
            if why:
                return why
        elif name == "BRANCH":
            if nested:
                return "a repeated group holds an alternation, as (a|aa)+ does"
            for branch in value[1]:
                why = _walk(branch, nested, repeats)
                if why:
                    return why
        elif name in ("SUBPATTERN", "ATOMIC_GROUP", "ASSERT", "ASSERT_NOT"):
            why = _walk(value[-1], nested, repeats)
            if why:
                return why
        elif name == "GROUPREF_EXISTS":
            for branch in value[1:]:
                why = _walk(branch or [], nested, repeats)
                if why:
                    return why
    return ""
