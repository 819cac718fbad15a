"""Read a candidate file once, in binary, and decode it: bytes -> Document | Skip."""

from __future__ import annotations

import codecs
import errno
import itertools
import os
import re
import stat
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

from . import kinds
from .model import Candidate, Document, Skip
from .probe import Probe

DEFAULT_MAX_SIZE = 10 * 1024 * 1024

# Longest first, so that a UTF-32 LE BOM is not taken for a UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.MULTILINE)
_NEWLINE = re.compile(r"\r\n|\r|\n")
# str.splitlines splits at these too
_OTHER_BREAKS = re.compile("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_SNIFF = 8192
_BLOCK = 1 << 20
_FIRST = 64 << 10  # the first read: a whole small file, or enough of a binary to know it


def read(
    candidate: Candidate, max_size: int = DEFAULT_MAX_SIZE, prefilter: Probe | None = None
) -> Document | Skip | None:
    """Read and decode a file. Never blocks on a FIFO or device, never raises for one file.

    With a prefilter, a file whose bytes cannot hold a finding is not decoded, nor held whole
    in memory: None; and a binary file is known from its first block, unread past it.
    """
    if prefilter is None:
        return _document(candidate, read_bytes(candidate.path, max_size))
    raw = read_probed(candidate.path, max_size, prefilter)
    assert not isinstance(raw, Deferred)  # only asked for by read_deferring
    return _document(candidate, raw)


@dataclass(frozen=True)
class Deferred:
    """A file that may hold a finding and is too large to decode whole: parts.scan reads it."""

    size: int


def read_deferring(
    candidate: Candidate, max_size: int, prefilter: Probe, larger_than: int
) -> Document | Deferred | Skip | None:
    """Like read, but a file larger than ``larger_than`` bytes is only probed, not read whole."""
    raw = read_probed(candidate.path, max_size, prefilter, larger_than)
    return raw if isinstance(raw, Deferred) else _document(candidate, raw)


def _document(candidate: Candidate, raw: bytes | Skip | None) -> Document | Skip | None:
    if raw is None:
        return None
    if isinstance(raw, Skip):
        return Skip(candidate.display, raw.reason, raw.category)
    decoded = decode(raw)
    if isinstance(decoded, str):
        return Skip(candidate.display, decoded, "binary" if "binary" in decoded else "undecodable")
    text, encoding, bom = decoded
    return Document(
        path=candidate.path,
        display=candidate.display,
        kind=kinds.refine_kind(candidate.kind, text),
        raw=raw,
        text=text,
        encoding=encoding,
        bom=bom,
        vendored=candidate.vendored,
        line_starts=line_starts(text),
    )


def make_document(path: str, text: str, kind: str, *, raw: bytes | None = None,
                  encoding: str = "utf-8", display: str | None = None) -> Document:
    """A Document from text already in hand (tests, fixers re-checking their output)."""
    return Document(path=path, display=display or path, kind=kinds.refine_kind(kind, text),
                    raw=text.encode(encoding) if raw is None else raw, text=text,
                    encoding=encoding, line_starts=line_starts(text))


# Encodings whose ASCII is not ASCII bytes: a byte prefilter cannot see into them.
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
_BINARY = "binary file (NUL bytes): skipped"


def read_bytes(path: str, max_size: int) -> bytes | Skip:
    """The bytes of a regular file; a Skip for anything else or anything too large."""
    opened = open_regular(path, max_size)
    if isinstance(opened, Skip):
        return opened
    fd, _ = opened
    try:
        # NOTE: a binary file is known from its first block: a 1 GiB disk image under a raised
        # --max-file-size is not read whole to find the NUL bytes of its first 8 KiB.
        first = os.read(fd, _FIRST)
        if first.find(b"\x00", 0, _SNIFF) >= 0 and not any(first.startswith(b) for b, _ in _BOMS):
            return Skip(path, _BINARY, "binary")
        os.lseek(fd, 0, os.SEEK_SET)
        return _read_all(fd, path, max_size)
    except OSError as exc:
        return Skip(path, os_reason(exc), "unreadable")
    finally:
        os.close(fd)


def read_probed(
    path: str, max_size: int, probe: Probe, larger_than: int | None = None
) -> bytes | Deferred | Skip | None:
    """Like read_bytes, but None, having held one block at a time, when no probe is in the bytes.

    A file that starts with a UTF-16/32 BOM is read whole (the probe cannot see into it); one
    with a NUL byte in its first 8 KiB and no BOM is binary, as decode() would find, unread
    past its first block. With ``larger_than``, a larger file that passes is Deferred, unread.
    """
    opened = open_regular(path, max_size)
    if isinstance(opened, Skip):
        return opened
    fd, size = opened
    try:
        first = os.read(fd, min(size + 1, _FIRST))
        if not first.startswith(_WIDE_BOMS):
            if first.find(b"\x00", 0, _SNIFF) >= 0 and not first.startswith(codecs.BOM_UTF8):
                return Skip(path, _BINARY, "binary")
            if not _probe_blocks(fd, first, probe, size):
                return None
        if larger_than is not None and size > larger_than:
            return Deferred(size)
        if len(first) == size < _FIRST:  # the whole file, read up to its end: not read again
            return first
        os.lseek(fd, 0, os.SEEK_SET)
        return _read_all(fd, path, max_size)
    except OSError as exc:
        return Skip(path, os_reason(exc), "unreadable")
    finally:
        os.close(fd)


def _probe_blocks(fd: int, block: bytes, probe: Probe, size: int) -> bool:
    """True as soon as a block (with the end of the one before) holds a probe.

    Reads up to the size fstat gave (a small file costs one read call) or to the end of file.
    """
    carried, seen = b"", len(block)
    while block:
        if probe.search(carried + block if carried else block):
            return True
        if seen == size:  # past it (the file grew), read on to the end, as read_bytes does
            return False
        carried = block[-probe.overlap:] if probe.overlap else b""
        block = os.read(fd, _BLOCK)
        seen += len(block)
    return False


def open_regular(path: str, max_size: int) -> tuple[int, int] | Skip:
    """A descriptor open on a regular file no larger than max_size, and its size; or why not."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return Skip(path, os_reason(exc), "unreadable")
    try:
        info = os.fstat(fd)
    except OSError as exc:
        os.close(fd)
        return Skip(path, os_reason(exc), "unreadable")
    # NOTE: checked on the open descriptor, so a file swapped for a FIFO after discovery's
    # lstat is still never read (O_NONBLOCK made the open itself return at once).
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        return Skip(path, "not a regular file (FIFO, socket or device): not opened", "special")
    if info.st_size > max_size:
        os.close(fd)
        reason = f"larger than the size limit ({info.st_size} > {max_size} bytes)"
        return Skip(path, reason, "too-large")
    return fd, info.st_size


def _read_all(fd: int, path: str, max_size: int) -> bytes | Skip:
    chunks = []
    remaining = max_size + 1
    while remaining > 0:
        chunk = os.read(fd, min(remaining, _BLOCK))
        if not chunk:
            break
        chunks.append(chunk)
        remaining -= len(chunk)
    data = b"".join(chunks)
    if len(data) > max_size:
        reason = f"grew past the size limit while being read ({max_size} bytes)"
        return Skip(path, reason, "too-large")
    return data


def decode(raw: bytes) -> tuple[str, str, bytes] | str:
    """(text, encoding, bom) or the reason the bytes are not text.

    A BOM wins (pip reads UTF-16 requirements files that have one), then a PEP 263 coding
    line, then UTF-8, then cp1252 and latin-1, which decode any byte and round-trip exactly.
    """
    bom, tried = encodings(raw)
    if bom:
        try:
            return raw[len(bom):].decode(tried[0]), tried[0], bom
        except UnicodeDecodeError as exc:
            return undecodable(tried[0], exc)
    if b"\x00" in raw[:_SNIFF]:
        return _BINARY
    for encoding in tried:
        try:
            return raw.decode(encoding), encoding, b""
        except (UnicodeDecodeError, LookupError):  # noqa: PERF203 (the first that decodes wins)
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def encodings(head: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The BOM ``head`` starts with, and the encodings to try in turn: the BOM's alone; else a
    PEP 263 coding line's (or UTF-8), then UTF-8, cp1252 and latin-1. ``head``: 512 bytes do."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return bom, (encoding,)
    declared = _declared_encoding(head)
    return b"", tuple(dict.fromkeys((declared or "utf-8", "utf-8", "cp1252", "latin-1")))


def undecodable(encoding: str, exc: UnicodeDecodeError) -> str:
    """Why text after a BOM is not text."""
    return f"undecodable: not valid {encoding} after its BOM ({exc.reason})"


def _declared_encoding(raw: bytes) -> str | None:
    head = b"\n".join(raw[:512].splitlines()[:2])
    found = _CODING.search(head)
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def line_starts(text: str) -> Sequence[int]:
    """Offsets where lines start; CRLF, lone CR and LF each end a line.

    An array of 8-byte integers, built a 1 MiB slice at a time: for a 6 MB log of 85,716 lines
    a tuple built through str.splitlines of the whole text peaked at 14 MB and kept 3.4 MB;
    this peaks at 3.5 MB and keeps 0.7 MB.
    """
    starts = array("q", [0])
    if _OTHER_BREAKS.search(text):
        starts.extend(m.end() for m in _NEWLINE.finditer(text))
        return starts
    # NOTE: without the other breaks str.splitlines knows, it splits as _NEWLINE does, in C
    # (a third of the time on a large file), here a slice at a time. A slice ends just after a
    # "\n", so no CRLF is cut in two.
    offset = 0
    while offset < len(text):
        cut = text.find("\n", offset + _SLICE)
        end = len(text) if cut < 0 else cut + 1
        lengths = map(len, text[offset:end].splitlines(True))
        starts.extend(itertools.islice(itertools.accumulate(lengths, initial=offset), 1, None))
        offset = end
    if len(starts) > 1 and not text.endswith(("\n", "\r")):
        starts.pop()  # the end of the last line, which has no break: no line starts there
    return starts


_SLICE = 1 << 20


def os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "vanished before it could be read"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENAMETOOLONG:
        return "path too long"
    return exc.strerror or str(exc)
