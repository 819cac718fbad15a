"""Whether a Python file is safe to hand to libcst: how deeply its code nests.

libcst's native parser overflows its stack past about 2,000 nested brackets (a segfault that
ends the whole scan, not one file) and takes minutes on a 3,000-term ``1+1+...`` chain.
CPython's own parser has limits and raises instead, so it measures the file first. It parses
only: the code is never compiled or run.
"""

from __future__ import annotations

import ast
import warnings

MOST_NESTED = 500  # AST levels; real setup.py files nest a few dozen, libcst copes with 2,000


def too_deep(text: str) -> str:
    """Why ``text`` must not reach libcst, or "" when it may."""
    try:
        with warnings.catch_warnings():  # an invalid escape in the file is not the user's news
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (RecursionError, MemoryError):
        return "nested too deeply"
    except (SyntaxError, ValueError) as exc:  # not this Python's syntax: count brackets instead
        if "too many nested" in str(exc) or _bracket_depth(text) > MOST_NESTED:
            return "nested too deeply"
        return ""
    stack: list[tuple[ast.AST, int]] = [(tree, 1)]
    while stack:  # NOTE: a loop, not recursion: the tree may be thousands of levels deep
        node, level = stack.pop()
        if level > MOST_NESTED:
            return f"nested more than {MOST_NESTED} levels deep"
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    return ""


def _bracket_depth(text: str) -> int:
    """The deepest bracket nesting, strings and comments counted too: an upper bound."""
    depth = deepest = 0
    for char in text:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(depth - 1, 0)
    return deepest
