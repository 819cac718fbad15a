"""A large free-text file, scanned a part at a time: the memory a scan needs stays flat.

A 9.5 MB UTF-8 log with emoji in it took a whole-file scan to 179 MB: the bytes, the text at
four bytes a character, a second encoded copy. read.read_deferring hands such a file over
(bigger than LARGE, holding a probe, of a kind scanned as free text) and this decodes it a
block at a time and cuts it, after a "\\n", into parts of about PART characters.

Each part is scanned as a Document of its own, carrying the lines around its own that a
whole-file scan would look at. text.scan finds a reference from its line and at most the next
two non-blank lines (windows.py); a suppression comment covers the line after it. So a part
carries, after its own lines, the next line (whose findings a comment on the last own line may
cover) and the lines that line's scan reaches; before them, the lines back to the second
non-blank one (one would do: the margin is cheap). A finding is kept by the part whose own
lines it starts on, moved to its place in the whole file; tests/test_parts.py checks that the
findings are the whole-file scan's. --fix still reads a file whole: it rewrites it.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from . import read
from .model import Candidate, Document, FileResult, Finding, Skip

PART = 1 << 18  # characters: up to 1 MiB of text (four bytes a character) and its copies
LARGE = 1 << 20  # bytes: a larger file is scanned in parts
_BLOCK = 1 << 18  # bytes decoded at a time
_NON_BLANK = re.compile(r"\S")


@dataclass(frozen=True)
class Part:
    """Lines of a large text. ``text`` starts at line ``first_line`` (0-based) and character
    ``first_char`` of the whole text; the part's own lines are ``text[own_start:own_end]``."""

    text: str
    first_line: int
    first_char: int
    own_start: int
    own_end: int


def scan(
    candidate: Candidate, scan_part: Callable[[Document], FileResult], max_size: int
) -> FileResult | Skip:
    """The findings of a whole-file scan of ``candidate``, from a scan of each of its parts.

    The encodings are read.decode's (read.encodings), each tried over the whole file until one
    decodes it.
    """
    opened = read.open_regular(candidate.path, max_size)
    if isinstance(opened, Skip):
        return Skip(candidate.display, opened.reason, opened.category)
    fd, _ = opened
    try:
        bom, encodings = read.encodings(os.read(fd, 512))
        for encoding in encodings:
            try:
                return _scan(candidate, scan_part, _decoded(fd, len(bom), encoding, max_size),
                             encoding)
            except UnicodeDecodeError as exc:  # noqa: PERF203 (the first that decodes wins)
                if bom:
                    return Skip(candidate.display, read.undecodable(encoding, exc), "undecodable")
        raise AssertionError("latin-1 decodes every byte")  # pragma: no cover
    except _TooLarge:
        why = f"grew past the size limit while being read ({max_size} bytes)"
        return Skip(candidate.display, why, "too-large")
    except OSError as exc:
        return Skip(candidate.display, read.os_reason(exc), "unreadable")
    finally:
        os.close(fd)


def _scan(
    candidate: Candidate, scan_part: Callable[[Document], FileResult], chunks: Iterable[str],
    encoding: str,
) -> FileResult:
    findings: list[Finding] = []
    errors: dict[Skip, None] = {}
    for part in cut(chunks, PART):
        doc = Document(
            path=candidate.path, display=candidate.display, kind=candidate.kind,
            raw=part.text.encode(encoding), text=part.text, encoding=encoding,
            vendored=candidate.vendored, line_starts=read.line_starts(part.text),
        )
        result = scan_part(doc)
        findings.extend(
            _moved(f, part) for f in result.findings if part.own_start <= f.start < part.own_end
        )
        errors.update(dict.fromkeys(result.errors))
    return FileResult(candidate.display, candidate.kind, tuple(findings), tuple(errors))


def _moved(finding: Finding, part: Part) -> Finding:
    """A finding in a part, placed in the whole file (columns count from a line start: kept)."""
    return replace(
        finding,
        line=finding.line + part.first_line,
        end_line=finding.end_line + part.first_line,
        start=finding.start + part.first_char,
        end=finding.end + part.first_char,
    )


class _TooLarge(Exception):
    """The file grew past the size limit between its stat and its end."""


def _decoded(fd: int, skip: int, encoding: str, max_size: int) -> Iterator[str]:
    """The file's text after its first ``skip`` bytes, a block at a time; strict."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = os.lseek(fd, skip, os.SEEK_SET)
    while True:
        block = os.read(fd, _BLOCK)
        offset += len(block)
        if offset > max_size:
            raise _TooLarge
        if not block:
            yield decoder.decode(b"", final=True)
            return
        yield decoder.decode(block)


def cut(chunks: Iterable[str], size: int = PART) -> Iterator[Part]:
    """The parts of a text given as chunks of any length, in order; at least one."""
    pending = ""  # the text from the next part's own lines on
    head = ""  # the lines before ``pending`` that its part carries
    line = char = 0  # where ``pending`` starts in the whole text
    stream = iter(chunks)
    more = True
    while True:
        end = _own_end(pending, size)
        reach = None if end is None else _reach(pending, end)
        while more and reach is None:
            chunk = next(stream, None)
            if chunk is None:
                more = False
                break
            pending += chunk
            end = _own_end(pending, size)
            reach = None if end is None else _reach(pending, end)
        if end is None:
            end = len(pending)
        yield Part(head + pending[: reach or len(pending)], line - _breaks(head),
                   char - len(head), len(head), len(head) + end)
        if end == len(pending):
            return
        own = pending[:end]
        line, char = line + _breaks(own), char + end
        head, pending = _head(head + own), pending[end:]


def _own_end(text: str, size: int) -> int | None:
    """A part's own lines end after the first "\\n" at or past ``size`` characters."""
    at = text.find("\n", max(size, 1) - 1)
    return None if at < 0 else at + 1


def _reach(text: str, end: int) -> int | None:
    """The end of the lines after text[:end] that a part must carry: the next line and the
    two non-blank lines after it (a "\\n" ends each); None when text does not hold them yet."""
    at = text.find("\n", end)
    for _ in range(2):
        found = None if at < 0 else _NON_BLANK.search(text, at + 1)
        if found is None:
            return None
        at = text.find("\n", found.start())
    return None if at < 0 else at + 1


def _head(text: str) -> str:
    """The last lines of ``text`` (which ends with "\\n"), back to its second non-blank one."""
    start, found = len(text), 0
    while start > 0 and found < 2:
        previous = text.rfind("\n", 0, start - 1) + 1
        if not text[previous:start].isspace():
            found += 1
        start = previous
    return text[start:]


def _breaks(text: str) -> int:
    """Line breaks in text, as read.line_starts counts them: CRLF, lone CR and LF."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")
