"""Reporters: one module per output format, listed by hand and imported on first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..model import Report

Formatter = Callable[[Report, "Options"], str]


class Options:
    """Presentation settings shared by the formatters."""

    def __init__(self, color: bool = False, quiet: bool = False, statistics: bool = False) -> None:
        self.color, self.quiet, self.statistics = color, quiet, statistics


# format name -> "module:function" inside this package
FORMATTERS: dict[str, str] = {
    "text": "text:render",
    "json": "json:render",
}


def render(report: Report, fmt: str, options: Options | None = None) -> str:
    module, _, function = FORMATTERS[fmt].partition(":")
    formatter: Formatter = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return formatter(report, options or Options())
