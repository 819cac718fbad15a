"""A position-keeping TOML reader: every string, key and comment with its character offsets.

tomllib and tomlkit give values, not where they are written; this reads just enough TOML 1.0
(tables, arrays of tables, dotted and quoted keys, the four string forms, arrays, inline tables,
comments) to say where each string's content stands and under which key path. It does not check
everything TOML forbids: the extractor validates the file with a real parser first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from . import quoted

_BLANK = re.compile(r"[ \t]*")
_SPACE = re.compile(r"(?:[ \t\r\n]+|#[^\r\n]*)*")  # inside arrays: blanks, newlines, comments
_COMMENT = re.compile(r"#[^\r\n]*")
_NEWLINE = re.compile(r"\r?\n")
_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SCALAR = re.compile(
    r"[A-Za-z0-9_+.:-]+(?:[ Tt][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:[Zz]|[+-][0-9:]+)?)?"
)
# (pattern, literal, multi-line); the content is group 1, which may end with up to two quotes
_STRINGS = (
    (re.compile(r'"""((?:[^"\\]|\\[\s\S]|"(?!""))*"{0,2})"""'), False, True),
    (re.compile(r'"((?:[^"\\\r\n]|\\.)*)"'), False, False),
    (re.compile(r"'''((?:[^']|'(?!''))*'{0,2})'''"), True, True),
    (re.compile(r"'([^'\r\n]*)'"), True, False),
)


class TomlSyntaxError(ValueError):
    """What the reader could not read, and the character offset where."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True)
class String:
    """A string value: ``path`` is the full key path (tables, dotted keys, inline tables)."""

    path: tuple[str, ...]
    start: int  # where its content starts (after the quotes, after a trimmed first newline)
    decoded: quoted.Decoded
    literal: bool  # 'literal' (no escapes) rather than "basic"
    multiline: bool
    in_array: bool
    quote: str  # the quote character that delimits it


@dataclass(frozen=True)
class Key:
    """One key part as written (without its quotes), and the ``key = value`` pair it is in."""

    path: tuple[str, ...]
    start: int
    end: int
    pair_start: int
    pair_end: int
    inline: bool  # inside an inline table: the pair is not a line of its own


@dataclass
class Toml:
    """Every string, key and comment of a TOML document, with their spans."""

    strings: list[String] = field(default_factory=list)
    keys: list[Key] = field(default_factory=list)
    comments: list[tuple[int, int]] = field(default_factory=list)


def read(text: str) -> Toml:
    """Every string, key and comment in a TOML document, in file order."""
    return _Reader(text).run()


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = Toml()
        self.table: tuple[str, ...] = ()

    def run(self) -> Toml:
        pos, text = 0, self.text
        while pos < len(text):
            pos = _BLANK.match(text, pos).end()  # type: ignore[union-attr]
            newline = _NEWLINE.match(text, pos)
            if newline:
                pos = newline.end()
                continue
            if pos >= len(text):
                break
            if text[pos] == "#":
                pos = self._comment(pos)
                continue
            pos = self._header(pos) if text[pos] == "[" else self._pair(pos, self.table, False)
            pos = _BLANK.match(text, pos).end()  # type: ignore[union-attr]
            if pos < len(text) and text[pos] == "#":
                pos = self._comment(pos)
            if pos < len(text) and not _NEWLINE.match(text, pos):
                raise TomlSyntaxError("expected the end of the line", pos)
        return self.out

    def _comment(self, pos: int) -> int:
        end = _COMMENT.match(self.text, pos).end()  # type: ignore[union-attr]
        self.out.comments.append((pos, end))
        return end

    def _header(self, pos: int) -> int:
        double = self.text.startswith("[[", pos)
        pos += 2 if double else 1
        keys, _, pos = self._key(pos, ())
        close = "]]" if double else "]"
        pos = _BLANK.match(self.text, pos).end()  # type: ignore[union-attr]
        if not self.text.startswith(close, pos):
            raise TomlSyntaxError(f"expected {close!r}", pos)
        self.table = keys
        return pos + len(close)

    def _pair(self, pos: int, base: tuple[str, ...], inline: bool) -> int:
        start = pos
        keys, parts, pos = self._key(pos, base)
        pos = _BLANK.match(self.text, pos).end()  # type: ignore[union-attr]
        if not self.text.startswith("=", pos):
            raise TomlSyntaxError("expected '=' after a key", pos)
        pos = _BLANK.match(self.text, pos + 1).end()  # type: ignore[union-attr]
        end = self._value(pos, keys, False)
        self.out.keys.extend(Key(keys[:len(base) + i + 1], a, b, start, end, inline)
                             for i, (a, b) in enumerate(parts))
        return end

    def _key(
        self, pos: int, base: tuple[str, ...]
    ) -> tuple[tuple[str, ...], list[tuple[int, int]], int]:
        """A dotted key: the path it names under ``base``, where each part is written, the end."""
        path, spans = list(base), []
        while True:
            pos = _BLANK.match(self.text, pos).end()  # type: ignore[union-attr]
            part, start, end, pos = self._key_part(pos)
            path.append(part)
            spans.append((start, end))
            after = _BLANK.match(self.text, pos).end()  # type: ignore[union-attr]
            if not self.text.startswith(".", after):
                return tuple(path), spans, pos
            pos = after + 1

    def _key_part(self, pos: int) -> tuple[str, int, int, int]:
        bare = _BARE.match(self.text, pos)
        if bare:
            return bare.group(), pos, bare.end(), bare.end()
        for regex, literal, multiline in _STRINGS:
            found = regex.match(self.text, pos)
            if found and not multiline:
                content = found.group(1)
                value = content if literal else self._decode(content, found.start(1), False).value
                return value, found.start(1), found.end(1), found.end()
        raise TomlSyntaxError("expected a key", pos)

    def _value(self, pos: int, path: tuple[str, ...], in_array: bool) -> int:
        char = self.text[pos:pos + 1]
        if char in ("'", '"'):
            return self._string(pos, path, in_array)
        if char == "[":
            return self._array(pos + 1, path)
        if char == "{":
            return self._inline_table(pos + 1, path)
        scalar = _SCALAR.match(self.text, pos)
        if not scalar:
            raise TomlSyntaxError("expected a value", pos)
        return scalar.end()

    def _string(self, pos: int, path: tuple[str, ...], in_array: bool) -> int:
        for regex, literal, multiline in _STRINGS:  # noqa: B007 (the match decides which)
            found = regex.match(self.text, pos)
            if found:
                break
        else:
            raise TomlSyntaxError("unterminated string", pos)
        start, content = found.start(1), found.group(1)
        if multiline:  # a newline right after the opening quotes is not part of the value
            trimmed = _NEWLINE.match(content)
            if trimmed:
                start, content = start + trimmed.end(), content[trimmed.end():]
        decoded = (
            quoted.decode(content, None, crlf=multiline)
            if literal
            else self._decode(content, start, multiline)
        )
        self.out.strings.append(
            String(path, start, decoded, literal, multiline, in_array, self.text[pos])
        )
        return found.end()

    def _decode(self, content: str, start: int, multiline: bool) -> quoted.Decoded:
        try:
            return quoted.decode(content, quoted.toml_escape, crlf=multiline)
        except quoted.EscapeError as exc:
            raise TomlSyntaxError(str(exc), start + exc.index) from None

    def _array(self, pos: int, path: tuple[str, ...]) -> int:
        return self._items(pos, "]", lambda at: self._value(at, path, True))

    def _inline_table(self, pos: int, path: tuple[str, ...]) -> int:
        return self._items(pos, "}", lambda at: self._pair(at, path, True))

    def _items(self, pos: int, close: str, item: Callable[[int], int]) -> int:
        """Comma-separated items up to ``close`` (a trailing comma is fine for arrays)."""
        while True:
            pos = self._space(pos)
            if self.text.startswith(close, pos):
                return pos + 1
            pos = self._space(item(pos))
            if self.text.startswith(",", pos):
                pos += 1
            elif not self.text.startswith(close, pos):
                raise TomlSyntaxError(f"expected ',' or {close!r}", pos)

    def _space(self, pos: int) -> int:
        """Skip blanks, newlines and comments (TOML 1.1 allows them in inline tables too)."""
        end = _SPACE.match(self.text, pos).end()  # type: ignore[union-attr]
        if "#" in self.text[pos:end]:
            for comment in _COMMENT.finditer(self.text, pos, end):
                self.out.comments.append(comment.span())
        return end
