"""Dockerfiles, read as moby/buildkit's parser reads them: instructions, continuations, heredocs.

``#`` starts a comment only at the start of a line; comment and empty lines inside a continued
instruction are dropped without ending it; ``# escape=``` makes the backtick the continuation
character; heredoc bodies are verbatim. RUN is a shell command (split at ``&&``, ``;``, ``|``
so that ``-f`` after ``curl`` is not pip's) or a JSON exec-form array.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from ..model import Context, Document, Quoting, Reference, Role
from . import text as textscan
from .logical import Logical
from .requirements import dynamic
from .vocabulary import Vocabulary

_NEWLINE = re.compile(r"\r\n|\r|\n")
_DIRECTIVE = re.compile(r"#[ \t]*(syntax|escape|check)[ \t]*=[ \t]*(\S*)[ \t]*$", re.IGNORECASE)
_HEREDOC = re.compile(r"\d*<<(-?)(.+)")
_FLAGS = re.compile(r"(?:--[\w-]+(?:=\S*)?\s+)*")
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_COMMANDS = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL"})
_HEREDOC_KEYWORDS = frozenset({"RUN", "COPY", "ADD"})
# Where a URL in an instruction's arguments stands: ADD/COPY download it, LABEL is metadata.
_CONTEXTS = {
    "ADD": Context.DEPENDENCY,
    "COPY": Context.DEPENDENCY,
    "LABEL": Context.LINK,
    "MAINTAINER": Context.MENTION,
}

Span = tuple[int, int]


@dataclass(frozen=True)
class Instruction:
    logical: Logical  # as the parser joins it, keyword first
    whole: Span  # its lines in the document, heredocs and the last newline included
    heredocs: tuple[Span, ...]  # document spans of the bodies


@dataclass(frozen=True)
class Parsed:
    instructions: tuple[Instruction, ...]
    comments: tuple[Span, ...]


def extract(doc: Document, vocab: Vocabulary) -> list[Reference]:
    parsed = parse(doc.text)
    found = [
        ref
        for start, end in parsed.comments
        for ref in textscan.scan(
            doc.text, vocab, Context.COMMENT, start, end, style=textscan.NO_COMMENTS
        )
    ]
    for instruction in parsed.instructions:
        found += _instruction(doc.text, instruction, vocab)
    return [dynamic(ref) for ref in found]


# -- parsing -----------------------------------------------------------------------------------


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
    while index < len(lines):
        start, end, _ = lines[index]
        body = text[start:end].lstrip()
        if body.startswith("#"):
            comments.append((end - len(body), end))
        if not body or body.startswith("#"):
            index += 1
            continue
        instruction, index = _instruction_lines(text, lines, index, continuation, comments)
        instructions.append(instruction)
    return Parsed(tuple(instructions), tuple(comments))


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
    first = lines[index][0]
    begin = first + len(text[first : lines[index][1]]) - len(text[first : lines[index][1]].lstrip())
    spans: list[Span] = []
    while True:
        end = lines[index][1]
        index += 1
        found = continuation.search(text, begin, end)
        spans.append((begin, found.start() if found else end))
        if not found:
            break
        while index < len(lines) and text[lines[index][0] : lines[index][1]].lstrip()[:1] in (
            "#",
            "",
        ):
            start, stop, _ = lines[index]
            if text[start:stop].strip():
                comments.append((stop - len(text[start:stop].lstrip()), stop))
            index += 1
        if index >= len(lines):
            break  # a continuation at the end of the file ends the instruction
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


# -- references --------------------------------------------------------------------------------


def _instruction(text: str, instruction: Instruction, vocab: Vocabulary) -> list[Reference]:
    logical = instruction.logical
    keyword, args = head(logical.text, 0)
    if keyword == "ONBUILD":
        keyword, args = head(logical.text, args)
    if keyword in _COMMANDS:
        found = _command(
            logical, _skip_flags(logical.text, args) if keyword == "RUN" else args, vocab
        )
    elif keyword in ("ENV", "ARG"):
        found = _assignments(instruction, keyword, args, vocab)
    else:
        found = logical.scan(
            vocab, _CONTEXTS.get(keyword, Context.COMMAND), args, style=textscan.NO_COMMENTS
        )
    for start, end in instruction.heredocs:
        if keyword == "RUN":  # a script: its own continuation lines, but no comments (verbatim)
            found += [
                ref
                for line in _shell_lines(text, start, end)
                for ref in _shell(line, 0, vocab, comments=False)
            ]
        else:  # a file written into the image (a pip.conf, a requirements file)
            found += textscan.scan(
                text, vocab, Context.SETTING, start, end, style=textscan.NO_COMMENTS
            )
    return found


def _assignments(
    instruction: Instruction, keyword: str, args: int, vocab: Vocabulary
) -> list[Reference]:
    """ENV k=v k2="v 2", legacy ENV k v, ARG name=default.

    Deleting the only variable of an instruction (or the variable of a legacy ENV) deletes the
    instruction: an ENV with nothing after it does not build.
    """
    logical, text = instruction.logical, instruction.logical.text
    words = text[args:].split(maxsplit=1)
    legacy = keyword == "ENV" and bool(words) and "=" not in words[0]
    found = []
    for ref in textscan.scan(text, vocab, Context.COMMAND, style=textscan.NO_COMMENTS):
        placed = logical.place(ref)
        if (
            ref.remove_start is not None
            and ref.remove_end is not None
            and (
                (legacy and ref.start == args)
                or len((text[: ref.remove_start] + text[ref.remove_end :]).split()) <= 1
            )
        ):
            placed = replace(
                placed, remove_start=instruction.whole[0], remove_end=instruction.whole[1]
            )
        found.append(placed)
    return found


def _skip_flags(text: str, start: int) -> int:
    """Where a RUN's command begins, after flags such as --mount=type=secret,id=pip."""
    found = _FLAGS.match(text, start)
    return found.end() if found else start


def _command(logical: Logical, start: int, vocab: Vocabulary) -> list[Reference]:
    elements = _exec_form(logical.text, start)
    if elements is None:
        return _shell(logical, start, vocab)
    joined = logical.joined(elements)
    found = textscan.scan(
        joined.text, vocab, Context.COMMAND, style=textscan.NO_COMMENTS, quoting=Quoting.JSON
    )
    # NOTE: one argv element holds one host, unless it is a shell string ("sh", "-c", "...")
    bounds, offset = [], 0
    for a, b in elements:
        bounds.append((offset, offset + b - a))
        offset += b - a + 1
    return [joined.place(_one_value(ref, joined.text, bounds)) for ref in found]


def _one_value(ref: Reference, text: str, bounds: list[Span]) -> Reference:
    if ref.role is not Role.TRUSTED_HOST:
        return ref
    a, b = next(((a, b) for a, b in bounds if a <= ref.start < b), (ref.start, ref.end))
    return ref if any(c.isspace() for c in text[a:b]) else replace(ref, list_separator="")


def _exec_form(text: str, start: int) -> list[Span] | None:
    """The spans of the strings of a JSON array (written, escapes and all), or None."""
    raw = text[start:]
    if not raw.lstrip().startswith("["):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return [(start + m.start(1), start + m.end(1)) for m in _JSON_STRING.finditer(raw)]


def _shell(
    logical: Logical, start: int, vocab: Vocabulary, comments: bool = True
) -> list[Reference]:
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


def _shell_lines(text: str, start: int, end: int) -> Iterator[Logical]:
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
