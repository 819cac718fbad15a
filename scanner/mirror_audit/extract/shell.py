"""Shell command lines: simple commands split at operators, comments, continued lines.

Each simple command is scanned on its own, so that ``-f`` after ``curl`` in
``pip install x && curl -f URL`` is not taken for pip's --find-links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..model import Context, Reference
from . import text as textscan
from .logical import Logical
from .vocabulary import Vocabulary

_NEWLINE = re.compile(r"\r\n|\r|\n")
Span = tuple[int, int]


def scan_line(
    logical: Logical, start: int, vocab: Vocabulary, comments: bool = True
) -> list[Reference]:
    """The references of a shell line from ``start``, one simple command at a time."""
    found = []
    for a, b, comment in commands(logical.text, start, len(logical), comments):
        if comment:
            found += logical.scan(vocab, Context.COMMENT, a, b, style=textscan.NO_COMMENTS)
        elif logical.text[a:b].strip():
            piece = logical.joined([(a, b)])
            found += piece.scan(vocab, Context.COMMAND, style=textscan.NO_COMMENTS)
    return found


def commands(
    text: str, start: int, end: int, comments: bool = True
) -> Iterator[tuple[int, int, bool]]:
    """The simple commands of a shell line (split at unquoted ``&&``, ``||``, ``;``, ``|``, ``&``)
    and, last, a comment (a ``#`` at the start of a word), flagged True."""
    piece, quote, index = start, "", start
    while index < end:
        char = text[index]
        if quote:
            quote = "" if char == quote else quote
            index += 2 if char == "\\" and quote == '"' else 1
            continue
        if char in "'\"":
            quote = char
        elif char == "\\":
            index += 1
        elif char == "#" and comments and (index == start or text[index - 1].isspace()):
            yield piece, index, False
            yield index, end, True
            return
        elif char in ";&|\n":
            yield piece, index, False
            index += 2 if text.startswith(("&&", "||"), index) else 1
            piece = index
            continue
        index += 1
    yield piece, end, False


def lines(text: str, start: int, end: int) -> Iterator[Logical]:
    """The lines of a script, backslash-newline continuations joined."""
    spans: list[Span] = []
    begin = start
    for found in _NEWLINE.finditer(text, start, end):
        stop = found.start()
        if stop > begin and text[stop - 1] == "\\":
            spans.append((begin, stop - 1))
        else:
            spans.append((begin, stop))
            yield Logical.of(text, spans)
            spans = []
        begin = found.end()
    if begin < end or spans:
        yield Logical.of(text, [*spans, (begin, end)])
