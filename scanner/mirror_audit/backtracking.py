"""Refuse rule patterns that can backtrack for ever: a repeat of a repeat, a repeated alternation.

Python's re has no time limit, and a rule file may come from anywhere: ``(a+)+$`` against one
long host name in a scanned file would hang the scan. The check reads the parsed pattern, so
it costs nothing at match time; it refuses some harmless patterns too, and says how to write them.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

# NOTE: the parser re itself uses (re._parser on 3.11+, sre_parse before); private, but the
# same module compiles every pattern, so its tree is exactly what re will run.
_sre: Any = importlib.import_module("re._parser" if sys.version_info >= (3, 11) else "sre_parse")

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
