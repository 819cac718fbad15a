"""conda environment.yml: the items of a ``pip:`` list are requirements lines, the rest is text.

conda writes the ``pip:`` items to a requirements file next to environment.yml and runs
``pip install -r`` on it, so each item follows requirements-file syntax (options, direct URLs,
``-r`` includes relative to the environment file). Everything else (channels, comments) is
scanned as text.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator

from ..model import Context, Document, Reference
from . import pipline, requirements
from . import text as textscan
from .logical import Logical
from .vocabulary import Vocabulary

_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_PIP_KEY = re.compile(r"([ \t]*)-[ \t]+pip[ \t]*:[ \t]*(?:#.*)?$")
_ITEM = re.compile(r"([ \t]*)-[ \t]+(?=\S)")
_PLAIN_END = re.compile(r"[ \t]+#|[ \t]*$")


def extract(doc: Document, vocab: Vocabulary) -> list[Reference]:
    found: list[Reference] = []
    done = 0
    for line, (start, end) in pip_items(doc.text):
        found += textscan.scan(doc.text, vocab, Context.COMMAND, done, start)
        found += requirements.line_references(line, vocab)
        done = end
    return found + textscan.scan(doc.text, vocab, Context.COMMAND, done)


def includes(doc: Document) -> tuple[str, ...]:
    """Files named by ``- -r FILE`` items, next to the environment file."""
    base = os.path.dirname(doc.path)
    return tuple(
        path for line, _ in pip_items(doc.text) for path in requirements.line_includes(line, base)
    )


def pip_items(text: str) -> Iterator[tuple[pipline.Line, tuple[int, int]]]:
    """Each item of a block ``pip:`` list as a requirements line, and the span of its value."""
    parent: int | None = None  # the indentation of the "- pip:" item while inside its list
    for found in _LINE.finditer(text):
        start, end, after = found.start(), found.end(1), found.end()
        if start == len(text) and not found.group():
            break
        line = found.group(1)
        if parent is not None and line.strip() and not line.lstrip().startswith("#"):
            item = _ITEM.match(line)
            if len(line) - len(line.lstrip(" \t")) <= parent or item is None:
                parent = None
            else:
                value = _value(text, start + item.end(), end)
                yield pipline.Line(Logical.of(text, [value]), (start, after)), value
                continue
        key = _PIP_KEY.match(line)
        if key:
            parent = len(key.group(1))


def _value(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a YAML scalar: inside its quotes, or up to a comment."""
    quote = text[start]
    if quote in "'\"":
        close = text.find(quote, start + 1, end)
        return start + 1, close if close > 0 else end
    stop = _PLAIN_END.search(text, start, end)
    return start, stop.start() if stop else end
