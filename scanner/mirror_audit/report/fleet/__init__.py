"""Fleet reporters: one module per format, for the merged view of many host reports."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable

from ...fleet import Fleet

FleetFormatter = Callable[[Fleet], str]

# format name -> "module:function" inside this package
FORMATTERS: dict[str, str] = {
    "text": "text:render",
    "markdown": "markdown:render",
    "csv": "csv:render",
    "json": "json:render",
    "html": "html:render",
}

# an output file's suffix -> its format, so that one merge can write fleet.html and fleet.json
SUFFIXES: dict[str, str] = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "csv",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
}


def render(fleet: Fleet, fmt: str) -> str:
    module, _, function = FORMATTERS[fmt].partition(":")
    formatter: FleetFormatter = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    return formatter(fleet)


def format_for(path: str, default: str = "text") -> str:
    """The format an output file's name asks for (``fleet.html`` -> html)."""
    return SUFFIXES.get(os.path.splitext(path)[1].lower(), default)
