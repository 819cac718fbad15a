"""Quoted strings: decode escapes keeping where each character is written, then scan the value.

A reference's ``value`` is the decoded text and ``text[start:end]`` the written text. When the two
differ (``\\u002F``, ``\\"``), the value is scanned and its offsets are mapped back to the escapes
that spell it; its quoting then tells the fixer to escape what it writes there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..model import Context, Quoting, Reference, Role
from . import text
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Decoded:
    """A string's value; ``offsets[i]`` is where value character i is written (relative to the
    content start; one more entry for the end). None: the value is written as it is."""

    value: str
    offsets: tuple[int, ...] | None = None


class EscapeError(ValueError):
    """An escape the format does not allow; ``index`` is where, in the content."""

    def __init__(self, message: str, index: int) -> None:
        super().__init__(message)
        self.index = index


Escape = Callable[[str, int], "tuple[str, int]"]  # (content, index of the backslash) -> char, next


def decode(content: str, escape: Escape | None, *, crlf: bool = False) -> Decoded:
    """Decode backslash escapes with ``escape`` (None: a backslash is itself); with ``crlf``, a
    CRLF written in the content is the value's "\n" (TOML's multi-line strings, as tomllib
    reads them). The written form when neither changes anything."""
    escapes = escape is not None and "\\" in content
    newlines = crlf and "\r\n" in content
    if not (escapes or newlines):
        return Decoded(content)
    chars: list[str] = []
    offsets: list[int] = []
    index = 0
    while index < len(content):
        if newlines and content.startswith("\r\n", index):
            chars.append("\n")
            offsets.append(index)
            index += 2
            continue
        if content[index] != "\\" or escape is None:
            chars.append(content[index])
            offsets.append(index)
            index += 1
            continue
        char, after = escape(content, index)
        offsets.extend([index] * len(char))
        chars.append(char)
        index = after
    offsets.append(len(content))
    return Decoded("".join(chars), tuple(offsets))


# -- the escapes of each format ------------------------------------------------------------------

_SIMPLE = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}
_TOML_SKIP = re.compile(r"\\[ \t]*(?:\r?\n[ \t]*)+")  # a line-ending backslash in """ strings
_PY_SIMPLE = {**_SIMPLE, "'": "'", "a": "\a", "v": "\v", "\n": "", "\r": ""}


def _hex(content: str, start: int, size: int, at: int) -> int:
    digits = content[start:start + size]
    if len(digits) != size or not all(c in "0123456789abcdefABCDEF" for c in digits):
        raise EscapeError("bad \\x, \\u or \\U escape", at)
    return int(digits, 16)


def toml_escape(content: str, index: int) -> tuple[str, int]:
    """TOML basic strings, with TOML 1.1's \\e and \\xHH (a line-ending backslash: multi-line)."""
    char = content[index + 1:index + 2]
    if char in _SIMPLE or char == "e":
        return _SIMPLE.get(char, "\x1b"), index + 2
    sizes = {"x": 2, "u": 4, "U": 8}
    if char in sizes and char:
        return chr(_hex(content, index + 2, sizes[char], index)), index + 2 + sizes[char]
    skipped = _TOML_SKIP.match(content, index)
    if skipped:
        return "", skipped.end()
    raise EscapeError(f"invalid escape \\{char}", index)


def json_escape(content: str, index: int) -> tuple[str, int]:
    char = content[index + 1:index + 2]
    if char in _SIMPLE or char == "/":
        return _SIMPLE.get(char, "/"), index + 2
    if char == "u":
        code = _hex(content, index + 2, 4, index)
        if 0xD800 <= code < 0xDC00 and content.startswith("\\u", index + 6):
            low = _hex(content, index + 8, 4, index)
            return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), index + 12
        return chr(code), index + 6
    raise EscapeError(f"invalid escape \\{char}", index)


def python_escape(content: str, index: int) -> tuple[str, int]:
    """Python str and bytes literals; an unknown escape stands for itself, as in Python."""
    char = content[index + 1:index + 2]
    if content.startswith("\\\r\n", index):
        return "", index + 3
    if char in _PY_SIMPLE:
        return _PY_SIMPLE[char], index + 2
    if char in "01234567" and char:
        octal = re.match(r"[0-7]{1,3}", content[index + 1:index + 4])
        assert octal is not None
        return chr(int(octal.group(), 8)), index + 1 + len(octal.group())
    sizes = {"x": 2, "u": 4, "U": 8}
    if char in sizes and char:
        return chr(_hex(content, index + 2, sizes[char], index)), index + 2 + sizes[char]
    if char == "N" and content.startswith("{", index + 2):
        close = content.find("}", index)
        try:
            return unicodedata.lookup(content[index + 3:close]), close + 1
        except KeyError:
            raise EscapeError("unknown \\N{...} name", index) from None
    return content[index:index + 2], index + 2


# -- scanning ------------------------------------------------------------------------------------

_PREFILTERS: dict[int, tuple[Vocabulary, re.Pattern[str]]] = {}


def may_hold(vocab: Vocabulary, source: str, start: int = 0, end: int | None = None) -> bool:
    """Whether source[start:end] holds anything that can start a finding (vocab.prefilter).

    A lock file has tens of thousands of strings: most are names, versions and hashes.
    """
    cached = _PREFILTERS.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        pattern = re.compile(vocab.prefilter.pattern.decode("latin-1"), re.IGNORECASE)
        cached = _PREFILTERS[id(vocab)] = (vocab, pattern)
    return cached[1].search(source, start, len(source) if end is None else end) is not None



def scan(
    doc_text: str,
    vocab: Vocabulary,
    context: Context,
    start: int,
    decoded: Decoded,
    *,
    role: Role | None = None,
    setting: str = "",
    style: text.Style = text.NO_COMMENTS,
    escaped: Quoting = Quoting.RAW,
) -> list[Reference]:
    """References in a string whose content is written at ``start``.

    ``escaped`` is the quoting of a reference whose written text differs from its value.
    """
    if decoded.offsets is None:
        end = start + len(decoded.value)
        if not may_hold(vocab, doc_text, start, end):
            return []
        return text.scan(doc_text, vocab, context, start, end,
                         style=style, role=role, setting=setting)
    if not may_hold(vocab, decoded.value):
        return []
    found = text.scan(decoded.value, vocab, context, style=style, role=role, setting=setting)
    return [_written(ref, doc_text, start, decoded.offsets, escaped) for ref in found]


def _written(
    ref: Reference, doc_text: str, start: int, offsets: tuple[int, ...], escaped: Quoting
) -> Reference:
    """A reference found in the value, placed where its characters are written."""
    begin, end = start + offsets[ref.start], start + offsets[ref.end]
    remove_start = None if ref.remove_start is None else start + offsets[ref.remove_start]
    remove_end = None if ref.remove_end is None else start + offsets[ref.remove_end]
    plain = doc_text[begin:end] == ref.value
    return replace(
        ref, start=begin, end=end, remove_start=remove_start, remove_end=remove_end,
        quoting=ref.quoting if plain else escaped,
        # one written value cannot be split in two through escapes: the fix is left to a human
        list_separator=ref.list_separator if plain else "",
    )
