"""pip's requirements-line syntax (pip/_internal/req/req_file.py): joined lines, comments, options.

pip splits the file into lines, joins backslash continuations, strips comments, then splits
each line into a requirement and options (``break_args_options``) and reads the options with
optparse after ``shlex.split``: ``-iURL``, ``-i URL``, ``--index-url=URL``, ``--index-url URL``
and unambiguous long-option prefixes (``--extra``, ``--trusted``) are all the same option.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .logical import Logical

COMMENT = re.compile(r"(^|\s+)#.*$")  # pip's COMMENT_RE: "URL#frag" is not a comment
_WORD = re.compile(r"\S+")
_PLAIN = re.compile(r"[^'\"\\]+")

# The long options of a requirements file (SUPPORTED_OPTIONS and SUPPORTED_OPTIONS_REQ of a
# current pip) and whether each takes a value: optparse resolves a prefix against these.
LONG_OPTIONS: dict[str, bool] = {
    "--index-url": True,
    "--pypi-url": True,
    "--extra-index-url": True,
    "--no-index": False,
    "--constraint": True,
    "--requirement": True,
    "--editable": True,
    "--find-links": True,
    "--no-binary": True,
    "--only-binary": True,
    "--prefer-binary": False,
    "--require-hashes": False,
    "--no-require-hashes": False,
    "--pre": False,
    "--all-releases": True,
    "--only-final": True,
    "--trusted-host": True,
    "--use-feature": True,
    "--hash": True,
    "--config-settings": True,
}
SHORT_OPTIONS = {
    "-i": "--index-url",
    "-f": "--find-links",
    "-c": "--constraint",
    "-r": "--requirement",
    "-e": "--editable",
    "-C": "--config-settings",
}


@dataclass(frozen=True)
class Line:
    """One logical line; ``whole``: what deleting it deletes (its lines, the last newline too)."""

    logical: Logical
    whole: tuple[int, int]


@dataclass(frozen=True)
class Token:
    """A shell word of a requirements line, with its span as written."""

    start: int  # logical span as written, quotes included
    end: int
    value: str  # as shlex reads it
    quoted: bool


@dataclass(frozen=True)
class Option:
    """An option with its value, or (``name`` empty) a stray word among the options."""

    name: str  # as written: "--extra", "-i"
    canonical: str  # pip's long name ("--extra-index-url"), or ``name`` when pip has no such option
    first: int  # the tokens it spans: itself and a separate value
    last: int
    value: tuple[int, int] | None  # logical span of the value
    text: str  # the value as pip reads it
    quoted: bool
    attached: bool  # written --name=value


@dataclass(frozen=True)
class Parsed:
    """A requirements line split as pip splits it: requirement, words and options."""

    line: Line
    requirement: tuple[int, int] | None  # logical span of the requirement before the options
    tokens: tuple[Token, ...]
    options: tuple[Option, ...]
    comment: tuple[int, int] | None  # logical span from "#" to the end


def lines(text: str) -> Iterator[Line]:
    """pip's join_lines: a line ending in a backslash goes on; a comment line ends the join."""
    pending: list[tuple[int, int]] = []  # the continued lines so far, backslashes stripped
    first = 0  # where the logical line starts
    for begin, stop, after in physical_lines(text):
        line = text[begin:stop]
        first = first if pending else begin
        comment = COMMENT.match(line) is not None
        if line.endswith("\\") and not comment:
            lead = len(line) - len(line.lstrip("\\"))
            trail = len(line) - len(line.rstrip("\\"))
            pending.append((begin + lead, max(begin + lead, stop - trail)))  # line.strip("\\")
            continue
        logical = Logical.of(text, [*pending, (begin, stop)])
        if pending and comment:
            # NOTE: pip puts a space before a comment line it joins, so it still reads as one
            joined = len(logical) - (stop - begin)
            logical = logical.joined([(0, joined), (joined, len(logical))])
        yield Line(logical, (first, after))
        pending = []
    if pending:
        yield Line(Logical.of(text, pending), (first, len(text)))


def physical_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end, end with the newline) of each line, split where str.splitlines splits."""
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        yield offset, offset + len(body), offset + len(line)
        offset += len(line)


def parse(line: Line, with_value: frozenset[str] = frozenset()) -> Parsed:
    """The requirement, options and comment of a line; ``with_value``: more valued options."""
    text = line.logical.text
    comment = COMMENT.search(text)
    code_end = comment.start() if comment else len(text)
    start = len(text[:code_end]) - len(text[:code_end].lstrip())
    end = len(text[:code_end].rstrip())
    at = start if text.startswith("-", start) else text.find(" -", start, end) + 1 or end
    before = text[start:at].rstrip()
    requirement = (start, start + len(before)) if before else None
    tokens = tuple(tokenize(text, at, end))
    return Parsed(
        line,
        requirement,
        tokens,
        tuple(_options(tokens, with_value)),
        (text.index("#", comment.start()), len(text)) if comment else None,
    )


def tokenize(text: str, start: int, end: int) -> Iterator[Token]:
    """shlex.split in POSIX mode, keeping where each word is written."""
    index = start
    while found := _WORD.search(text, index, end):
        if _PLAIN.fullmatch(found.group()):  # most words: no quotes, no escapes
            token = Token(found.start(), found.end(), found.group(), False)
        else:
            token = _word(text, found.start(), end)
        yield token
        index = token.end


def _word(text: str, index: int, end: int) -> Token:
    begin, quoted = index, False
    value: list[str] = []
    while index < end and not text[index].isspace():
        char = text[index]
        if char in "'\"":
            quoted = True
            index = _quoted(text, index, end, value)
        elif char == "\\" and index + 1 < end:
            value.append(text[index + 1])
            index += 2
        else:
            value.append(char)
            index += 1
    return Token(begin, index, "".join(value), quoted)


def _quoted(text: str, index: int, end: int, value: list[str]) -> int:
    quote = text[index]
    index += 1
    while index < end and text[index] != quote:
        if quote == '"' and text[index] == "\\" and index + 1 < end and text[index + 1] in '"\\$`':
            index += 1
        value.append(text[index])
        index += 1
    return min(index + 1, end)  # past the closing quote (shlex refuses an unclosed one: the end)


def resolve(name: str) -> str:
    """pip's name for an option as written: optparse accepts any unambiguous long prefix."""
    if name in SHORT_OPTIONS:
        return SHORT_OPTIONS[name]
    if name in LONG_OPTIONS or not name.startswith("--") or len(name) < 3:
        return name
    found = [option for option in LONG_OPTIONS if option.startswith(name)]
    return found[0] if len(found) == 1 else name


def _options(tokens: tuple[Token, ...], with_value: frozenset[str]) -> Iterator[Option]:
    index = 0
    while index < len(tokens):
        option = _option(tokens, index, with_value)
        yield option
        index = option.last + 1


def _option(tokens: tuple[Token, ...], index: int, with_value: frozenset[str]) -> Option:
    """The option at ``index``, its value attached (``-iURL``, ``--name=URL``) or the next word."""
    token = tokens[index]
    word = token.value
    if not word.startswith("-") or word in ("-", "--"):
        return Option("", "", index, index, (token.start, token.end), word, token.quoted, False)
    if word.startswith("--"):
        name, equals, attached = word.partition("=")
    else:
        name, equals, attached = word[:2], "", word[2:]
    canonical = resolve(name)
    if equals or attached:
        start = token.start + len(name) + len(equals)
        return Option(
            name, canonical, index, index, (start, token.end), attached, token.quoted, bool(equals)
        )
    if (LONG_OPTIONS.get(canonical) or canonical in with_value) and index + 1 < len(tokens):
        value = tokens[index + 1]
        span = (value.start, value.end)
        return Option(name, canonical, index, index + 1, span, value.value, value.quoted, False)
    return Option(name, canonical, index, index, None, "", False, False)
