"""A position-preserving INI parser with the line rules of configparser and of zc.buildout.

configparser (pip.conf, setup.cfg, tox.ini, .pypirc): a comment is a line whose first non-blank
character is ``#`` or ``;``; a line indented deeper than its key line continues the value, even
after blank and comment lines; keys end at the first ``=`` or ``:``. zc.buildout: comments start
at column 0 only (an indented ``#`` line is value text), keys end at ``=``, any indented line
after a key continues it, headers may carry a condition (``[name:expr]``). Offsets are character
offsets into the text; nothing is stripped or rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import ParseError

_EOL = re.compile(r"\r\n|\r|\n")
# configparser: SECTCRE and OPTCRE, matched against the stripped line
_SECTION = re.compile(r"\[(?P<name>.+)\]")
_OPTION = re.compile(r"(?P<key>.*?)\s*[=:]\s*(?P<value>.*)$")
# zc.buildout's configparser.py, matched against the line as written
_BUILDOUT_SECTION = re.compile(r"\[\s*(?P<name>[^\s#[\]:;{}]+)\s*(?::[^#;]*)?\s*\]\s*(?:[#;].*)?$")
_BUILDOUT_OPTION = re.compile(r"(?P<key>[^\s{}[\]=:]+)\s*[-+]?=\s*(?P<value>.*)$")


@dataclass(frozen=True)
class Dialect:
    """Whose line rules: configparser's or zc.buildout's; whether a bad line is fatal."""

    buildout: bool = False
    strict: bool = True  # the tool refuses a file with a line that is no INI: so do we
    delimiters: str = "=:"


CONFIGPARSER = Dialect()
LENIENT = Dialect(strict=False)
BUILDOUT = Dialect(buildout=True, delimiters="=")


@dataclass(frozen=True)
class Piece:
    """The value text on one line (stripped), and the line that holds it."""

    start: int
    end: int
    line: int  # where the line starts
    next: int  # where the next line starts (after the newline)


@dataclass(frozen=True)
class Entry:
    """``key = value`` with its continuation lines; pieces[0] is on the key line (maybe empty)."""

    section: str
    key: str
    key_start: int
    key_end: int
    pieces: tuple[Piece, ...]

    @property
    def start(self) -> int:
        return self.pieces[0].line

    @property
    def end(self) -> int:
        """The end of the entry's last line, newline included."""
        return self.pieces[-1].next


@dataclass(frozen=True)
class Comment:
    """A comment line, with the section it sits in."""

    section: str
    start: int  # the comment text, after its markers and blanks
    end: int


@dataclass(frozen=True)
class Ini:
    """An INI document as its dialect reads it: entries, comments and stray lines."""

    entries: tuple[Entry, ...]
    comments: tuple[Comment, ...]
    stray: tuple[tuple[int, int], ...]  # lines that are no INI (lenient dialects only)


def lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end of content, start of next line) for each line; CRLF, CR and LF end lines."""
    pos = 0
    while pos < len(text):
        found = _EOL.search(text, pos)
        if found is None:
            yield pos, len(text), len(text)
            return
        yield pos, found.start(), found.end()
        pos = found.end()


def parse(text: str, dialect: Dialect = CONFIGPARSER) -> Ini:
    """Entries, comments and stray lines in file order; ParseError for a strict dialect."""
    builder = _Builder(text, dialect)
    rules = _buildout_line if dialect.buildout else _configparser_line
    for line in lines(text):
        rules(builder, *line)
    return builder.done()


@dataclass
class _Builder:
    """The parser's state while it goes through the lines of one document."""

    text: str
    dialect: Dialect
    section: str | None = None
    indent: int = 0  # configparser: the indentation of the last key or header line
    key: tuple[str, int, int] | None = None
    pieces: list[Piece] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    stray: list[tuple[int, int]] = field(default_factory=list)

    def comment(self, start: int, end: int) -> None:
        while start < end and (self.text[start] in "#;" or self.text[start].isspace()):
            start += 1
        self.comments.append(Comment(self.section or "", start, end))

    def header(self, name: str) -> None:
        self.close()
        self.section = name  # as configparser has it: "[ global ]" is not [global]

    def open(self, key: tuple[str, int, int], value: Piece) -> None:
        self.close()
        self.key, self.pieces = key, [value]

    def continued(self, line: int, end: int, after: int) -> None:
        content = self.text[line:end]
        start = line + len(content) - len(content.lstrip())
        self.pieces.append(Piece(start, line + len(content.rstrip()), line, after))

    def close(self) -> None:
        if self.key is not None:
            name, start, end = self.key
            self.entries.append(Entry(self.section or "", name, start, end, tuple(self.pieces)))
        self.key, self.pieces = None, []

    def bad(self, start: int, end: int, why: str) -> None:
        if self.dialect.strict:
            line = sum(1 for _ in _EOL.finditer(self.text, 0, start)) + 1
            raise ParseError(f"line {line}: {why}: {self.text[start:end].strip()[:60]!r}")
        self.close()
        self.stray.append((start, end))

    def done(self) -> Ini:
        self.close()
        return Ini(tuple(self.entries), tuple(self.comments), tuple(self.stray))


def _configparser_line(b: _Builder, start: int, end: int, after: int) -> None:
    content = b.text[start:end]
    stripped = content.strip()
    if stripped[:1] in ("#", ";"):
        b.comment(start, end)  # NOTE: a comment line inside a value does not end the value
        return
    if not stripped:
        return  # empty_lines_in_values: a blank line does not end the value either
    indent = len(content) - len(content.lstrip())
    if b.key is not None and indent > b.indent:
        b.continued(start, end, after)
        return
    b.indent = indent
    lead = start + indent
    header = _SECTION.match(stripped)
    if header:
        b.header(header.group("name"))
        return
    option = _OPTION.match(stripped)
    if option is None or not option.group("key"):
        b.bad(start, end, "neither a section, a key nor a comment")
    elif b.section is None and b.dialect.strict:
        b.bad(start, end, "a key before any [section]")
    else:
        _open(b, option, lead, lead + len(stripped), after, start)


def _buildout_line(b: _Builder, start: int, end: int, after: int) -> None:
    content = b.text[start:end]
    if content[:1] in ("#", ";"):
        b.comment(start, end)  # column 0 only: an indented '#' line is value text
        return
    if (not content or content[0].isspace()) and b.key is not None:
        if content.strip():
            b.continued(start, end, after)
        return
    header = _BUILDOUT_SECTION.match(content)
    if header:
        b.header(header.group("name"))  # a section can't start with a continuation line
        return
    if not content.strip():
        return
    option = _BUILDOUT_OPTION.match(content)
    if b.section is None:
        b.bad(start, end, "text before any [section]")
    elif option is None:
        b.bad(start, end, "neither a section, an option nor a column-0 comment")
    else:
        _open(b, option, start, start + len(content.rstrip()), after, start)


def _open(
    b: _Builder, option: re.Match[str], lead: int, value_end: int, after: int, line: int
) -> None:
    key_start, key_end = lead + option.start("key"), lead + option.end("key")
    value_start = min(lead + option.start("value"), value_end)
    b.open(
        (b.text[key_start:key_end], key_start, key_end), Piece(value_start, value_end, line, after)
    )
