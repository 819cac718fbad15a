"""Dockerfile syntax as moby/buildkit's parser reads it: instructions, continuations, heredocs.

``#`` starts a comment only at the start of a line; comment and empty lines inside a continued
instruction are dropped without ending it; an ``escape`` parser directive may make the backtick
the continuation character; a heredoc body is read verbatim up to its terminator line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .logical import Logical

_DIRECTIVE = re.compile(r"#[ \t]*(syntax|escape|check)[ \t]*=[ \t]*(\S*)[ \t]*$", re.IGNORECASE)
_HEREDOC = re.compile(r"\d*<<(-?)(.+)")
_HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})

Span = tuple[int, int]


@dataclass(frozen=True)
class Instruction:
    """One Dockerfile instruction: its joined text, its lines and its heredoc bodies."""

    logical: Logical  # as the parser joins it, keyword first
    whole: Span  # its lines in the document, heredocs and the last newline included
    heredocs: tuple[Span, ...]  # document spans of the bodies


@dataclass(frozen=True)
class Parsed:
    """A Dockerfile: its instructions and its comment lines, in file order."""

    instructions: tuple[Instruction, ...]
    comments: tuple[Span, ...]


def parse(text: str) -> Parsed:
    lines = [
        (m.start(), m.end(1), m.end()) for m in re.finditer(r"([^\r\n]*)(?:\r\n|\r|\n|$)", text)
    ]
    if lines and lines[-1][0] == len(text):
        lines.pop()  # the empty match at the very end
    comments: list[Span] = []
    escape, index = _directives(text, lines, comments)
    continuation = re.compile(re.escape(escape) + r"[ \t]*$")
    instructions = []
    while (index := _dropped(text, lines, index, comments)) < len(lines):
        instruction, index = _instruction_lines(text, lines, index, continuation, comments)
        instructions.append(instruction)
    return Parsed(tuple(instructions), tuple(comments))


def _dropped(text: str, lines: list[tuple[int, int, int]], index: int, comments: list[Span]) -> int:
    """The first line from ``index`` that is not empty or a comment (comments are noted)."""
    while index < len(lines):
        start, end, _ = lines[index]
        body = text[start:end].lstrip()
        if body and not body.startswith("#"):
            break
        if body:
            comments.append((end - len(body), end))
        index += 1
    return index


def _directives(
    text: str, lines: list[tuple[int, int, int]], comments: list[Span]
) -> tuple[str, int]:
    """The escape character, and the first line after the parser directives."""
    escape = "\\"
    for index, (start, end, _) in enumerate(lines):
        found = _DIRECTIVE.match(text, start, end)
        if not found:
            return escape, index
        comments.append((start, end))
        if found.group(1).lower() == "escape" and found.group(2) in ("\\", "`"):
            escape = found.group(2)
    return escape, len(lines)


def _instruction_lines(
    text: str,
    lines: list[tuple[int, int, int]],
    index: int,
    continuation: re.Pattern[str],
    comments: list[Span],
) -> tuple[Instruction, int]:
    """One instruction from line ``index``: its lines joined where they end in the escape."""
    first, end, _ = lines[index]
    begin = end - len(text[first:end].lstrip())
    spans: list[Span] = []
    while True:
        end = lines[index][1]
        found = continuation.search(text, begin, end)
        spans.append((begin, found.start() if found else end))
        # comment and empty lines inside a continued instruction are dropped, not its end
        index = _dropped(text, lines, index + 1, comments) if found else index + 1
        if not found or index >= len(lines):
            break  # a continuation at the end of the file ends the instruction too
        begin = lines[index][0]
    logical = Logical.of(text, spans)
    heredocs, index = _heredocs(text, lines, index, logical)
    return Instruction(logical, (first, lines[index - 1][2]), heredocs), index


def _heredocs(
    text: str, lines: list[tuple[int, int, int]], index: int, logical: Logical
) -> tuple[tuple[Span, ...], int]:
    """The bodies of ``<<EOF`` words, each read verbatim up to its terminator line."""
    keyword, args = head(logical.text, 0)
    if keyword == "ONBUILD":
        keyword, args = head(logical.text, args)
    if keyword not in _HEREDOC_KEYWORDS or "<<" not in logical.text:
        return (), index
    bodies = []
    for word in logical.text[args:].split():
        found = _HEREDOC.fullmatch(word)
        if not found:
            continue
        name = found.group(2).replace('"', "").replace("'", "")
        start = lines[index][0] if index < len(lines) else len(text)
        end = len(text)  # NOTE: an unterminated heredoc runs to the end of the file (best effort)
        while index < len(lines):
            line_start, line_end, _ = lines[index]
            index += 1
            line = text[line_start:line_end]
            if (line.lstrip("\t") if found.group(1) else line) == name:
                end = line_start
                break
        bodies.append((start, end))
    return tuple(bodies), index


def head(text: str, start: int) -> tuple[str, int]:
    """The upper-cased word at ``start`` and where the text after it (and its blanks) begins."""
    found = re.compile(r"\s*(\S*)\s*").match(text, start)
    assert found is not None
    return found.group(1).upper(), found.end()
