"""Reporters: one module per output format, listed by hand and imported on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING

from ..model import Report

if TYPE_CHECKING:
    from ..rules import RuleSet

Formatter = Callable[[Report, "Options"], str]


class Options:
    """Presentation settings shared by the formatters."""

    def __init__(self, color: bool = False, quiet: bool = False, statistics: bool = False,
                 rules: RuleSet | None = None) -> None:
        self.color, self.quiet, self.statistics = color, quiet, statistics
        self.rules = rules  # the rules of the run: SARIF describes each (help text, help URI)


# format name -> "module:function" inside this package
FORMATTERS: dict[str, str] = {
    "text": "text:render",
    "json": "json:render",
    "jsonl": "jsonl:render",
    "sarif": "sarif:render",
    "github": "github:render",
    "statistics": "statistics:render",  # --statistics: counts per rule
    "statistics-json": "statistics:render_json",  # --statistics --format json
}


def render(report: Report, fmt: str, options: Options | None = None) -> str:
    module, function = _formatter(fmt)
    formatter: Formatter = getattr(module, function)
    return formatter(report, options or Options())


def render_chunks(report: Report, fmt: str, options: Options | None = None) -> Iterator[str]:
    """What render() returns, in pieces to write as they come, for a format that streams
    (its module has ``chunks`` beside ``render``: JSON, JSON Lines); otherwise one piece."""
    module, function = _formatter(fmt)
    if function == "render" and hasattr(module, "chunks"):
        yield from module.chunks(report, options or Options())
    else:
        yield render(report, fmt, options)


def _formatter(fmt: str) -> tuple[ModuleType, str]:
    """The reporter module of a format (imported on first use), and its function's name."""
    module, _, function = FORMATTERS[fmt].partition(":")
    return importlib.import_module(f"{__name__}.{module}"), function
