"""Read a candidate file once, in binary, and decode it: bytes -> Document | Skip."""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat

from . import kinds
from .model import Candidate, Document, Skip

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
_SNIFF = 8192


def read(
    candidate: Candidate, max_size: int = DEFAULT_MAX_SIZE, prefilter: re.Pattern[bytes] | None = None
) -> Document | Skip | None:
    """Read and decode a file. Never blocks on a FIFO or device, never raises for one file.

    With a prefilter, a file whose bytes cannot hold a finding is not decoded: None.
    """
    raw = read_bytes(candidate.path, max_size)
    if isinstance(raw, Skip):
        return Skip(candidate.display, raw.reason, raw.category)
    if prefilter is not None and not _wide(raw) and not prefilter.search(raw):
        return None
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


def _wide(raw: bytes) -> bool:
    return raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def read_bytes(path: str, max_size: int) -> bytes | Skip:
    """The bytes of a regular file; a Skip for anything else or anything too large."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        return Skip(path, _os_reason(exc), "unreadable")
    try:
        info = os.fstat(fd)
        # NOTE: checked on the open descriptor, so a file swapped for a FIFO after discovery's
        # lstat is still never read (O_NONBLOCK made the open itself return at once).
        if not stat.S_ISREG(info.st_mode):
            return Skip(path, "not a regular file (FIFO, socket or device): not opened", "special")
        if info.st_size > max_size:
            return Skip(path, f"larger than the size limit ({info.st_size} > {max_size} bytes)",
                        "too-large")
        chunks = []
        remaining = max_size + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_size:
            return Skip(path, f"grew past the size limit while being read ({max_size} bytes)",
                        "too-large")
        return data
    except OSError as exc:
        return Skip(path, _os_reason(exc), "unreadable")
    finally:
        os.close(fd)


def decode(raw: bytes) -> tuple[str, str, bytes] | str:
    """(text, encoding, bom) or the reason the bytes are not text.

    A BOM wins (pip reads UTF-16 requirements files that have one), then a PEP 263 coding
    line, then UTF-8, then cp1252 and latin-1, which decode any byte and round-trip exactly.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(encoding), encoding, bom
            except UnicodeDecodeError as exc:
                return f"undecodable: not valid {encoding} after its BOM ({exc.reason})"
    if b"\x00" in raw[:_SNIFF]:
        return "binary file (NUL bytes): skipped"
    declared = _declared_encoding(raw)
    for encoding in (declared, "utf-8", "cp1252", "latin-1"):
        if not encoding:
            continue
        try:
            return raw.decode(encoding), encoding, b""
        except (UnicodeDecodeError, LookupError):
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


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


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where lines start; CRLF, lone CR and LF each end a line."""
    return (0, *(m.end() for m in _NEWLINE.finditer(text)))


def _os_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "vanished before it could be read"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENAMETOOLONG:
        return "path too long"
    return exc.strerror or str(exc)
