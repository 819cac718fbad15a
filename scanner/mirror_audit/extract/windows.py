"""The stretches of a document worth a full text scan: the lines where a probe may be.

text.scan runs four regular expressions over what it is given, at some tens of MB/s; a file
that passed the byte prefilter because one line names python.org needs only that line scanned.
Every reference text.scan finds lies on one line, except an environment variable's assignment,
whose ``\\s*`` may run on to the next non-blank lines: each window takes the two non-blank lines
after its probe line too, so a stretch scan finds exactly what a whole-file scan would find
on these lines, and no other line can hold a finding.
"""

from __future__ import annotations

import bisect
import re

from ..model import Document
from ..probe import Probe

# Encodings in which every ASCII character is its own byte, and "\r" and "\n" are never part
# of another character: byte offsets of probes then give the right lines.
_BYTE_LINES = ("utf-8", "utf8", "ascii", "latin-1", "latin1", "iso8859", "iso-8859", "cp125")
_NON_BLANK = re.compile(r"\S")
_FOLLOWING = 2  # non-blank lines an assignment may reach after its name's line


def windows(doc: Document, probe: Probe) -> list[tuple[int, int]]:
    """Character spans of doc.text, in order, that cover every line a probe may be on."""
    whole = [(0, len(doc.text))]
    if not doc.encoding.lower().replace("_", "-").startswith(_BYTE_LINES):
        return whole
    # NOTE: an ASCII text in one of these encodings is the bytes as read, after the BOM: no
    # second copy of a large file (a 6 MB log peaked 6 MB higher).
    if doc.text.isascii() and len(doc.raw) - len(doc.bom) == len(doc.text):
        data = doc.raw[len(doc.bom):]
    else:
        data = doc.text.encode(doc.encoding)
    returns = b"\r" in data
    if _breaks(data, 0, len(data), returns) != len(doc.line_starts) - 1:
        return whole  # NOTE: never expected; a whole-file scan is always right
    # NOTE: lines are counted between consecutive probes, in C (bytes.count), instead of
    # listing every line start of the file in Python: most files have few probes.
    lines: list[int] = []
    line = previous = 0
    for at in sorted(set(probe.positions(data))):
        if data[at - 1 : at + 1] == b"\r\n":
            at -= 1  # the "\r" is on the same line, and a count never splits a CRLF
        line += _breaks(data, previous, at, returns)
        previous = at
        if not lines or lines[-1] != line:
            lines.append(line)
    return _merge(lines, doc)


def _breaks(data: bytes, start: int, end: int, returns: bool) -> int:
    """Line breaks (CRLF, lone CR, LF) in data[start:end]; ``returns``: data holds a "\r"."""
    newlines = data.count(b"\n", start, end)
    if not returns:
        return newlines
    return newlines + data.count(b"\r", start, end) - data.count(b"\r\n", start, end)


def _reach(doc: Document, line: int) -> int:
    """The last line a scan of ``line`` may need: the next two non-blank ones."""
    for _ in range(_FOLLOWING):
        end = _line_end(doc, line)
        found = _NON_BLANK.search(doc.text, end)
        if found is None:
            return len(doc.line_starts) - 1
        line = bisect.bisect_right(doc.line_starts, found.start()) - 1
    return line


def _line_end(doc: Document, line: int) -> int:
    return doc.line_starts[line + 1] if line + 1 < len(doc.line_starts) else len(doc.text)


def _merge(lines: list[int], doc: Document) -> list[tuple[int, int]]:
    """The spans of the probe lines (in order) and their reaches, overlapping ones joined.

    NOTE: a line's reach is never before the reach of a line above it, so a run of joined
    windows ends at the reach of its last line: the reach of a line followed by the next probe
    line is not needed (a log with a probe on every line computed 100,000 of them).
    """
    merged: list[tuple[int, int]] = []
    first = lines[0] if lines else 0
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        if following is not None and following <= line + 1:
            continue
        last = _reach(doc, line)
        if following is not None and following <= last + 1:
            continue
        merged.append((first, last))
        if following is not None:
            first = following
    return [(doc.line_starts[first], _line_end(doc, last)) for first, last in merged]
