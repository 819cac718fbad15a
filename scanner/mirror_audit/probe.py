"""The byte-level prefilter: can these bytes hold a finding? Fast enough to run on every file.

A case-insensitive regex alternation of forty literals runs at about 12 MB/s in CPython's re,
which made the prefilter most of a scan's time. This answers the same question with a few
``in`` tests (memchr-speed) over the ASCII-lowercased bytes: each probe has an anchor, its
longest word when that is rare enough (``mirrors``, ``dependency``), else the whole probe
(``pypi.org``, ``http:``); only bytes that hold an anchor are confirmed with the exact pattern.

Two spellings reach a finding without any probe's bytes, and are looked for too: a URL whose
host urls.normalise_host rewrites (percent escapes, IDNA dots, fullwidth and other NFKC
look-alikes: any "%" or non-ASCII byte in the authority), and a long s ("\u017f"), which re's
IGNORECASE and NFKC both read as "s" in a bare host name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_CASED = b"(?-i:"  # how the vocabulary marks a probe whose case matters (pip's -M)
_MIN_WORD = 7  # a shorter word ("pypi", "http") is too common to stand for its probe
_LONG_S = "\u017f".encode()
# On lowercased bytes: a URL (as urls.URL_RE finds it) with "%" or non-ASCII in its authority.
_RESPELLED = re.compile(rb"https?:(?://|\\/\\/)[^/\\?#\s\"'<>`^|]*?[%\x80-\xff]")


@dataclass(frozen=True)
class Probe:
    """The prefilter built from the vocabulary: anchors, then the exact probes."""

    pattern: bytes  # the whole prefilter as one case-insensitive regex pattern
    anchors: tuple[bytes, ...]  # lowercase; every folded probe contains one of them
    exact: re.Pattern[bytes]  # the folded probes, case-sensitive, run on lowercased bytes
    cased: tuple[bytes, ...]  # probes matched exactly as written
    overlap: int  # bytes to carry between chunks so no probe is cut in two
    ascii_cased: tuple[bytes, ...]  # the cased probes an ASCII file can hold

    @classmethod
    def build(cls, probes: Sequence[bytes]) -> Probe:
        """From the vocabulary's probes: literals, and ``(?-i:escaped)`` for case-sensitive ones."""
        folded = sorted(
            {p.lower() for p in probes if not p.startswith(_CASED)}, key=len, reverse=True
        )
        cased = (*(_unescape(p[len(_CASED) : -1]) for p in probes if p.startswith(_CASED)), _LONG_S)
        pattern = b"|".join(p if p.startswith(_CASED) else re.escape(p) for p in probes)
        exact = re.compile(b"|".join(re.escape(p) for p in folded) or b"(?!x)x")
        longest = max((len(p) for p in (*folded, *cased)), default=1)
        ascii_cased = tuple(c for c in cased if c.isascii())
        return cls(pattern, _anchors(folded), exact, cased, longest - 1, ascii_cased)

    @property
    def regex(self) -> re.Pattern[bytes]:
        """The pattern, compiled when first asked (10 ms of start-up; re keeps it cached)."""
        return re.compile(self.pattern, re.IGNORECASE)

    def search(self, data: bytes) -> bool:
        """True when the bytes hold a probe (ASCII case-insensitively, cased probes exactly)."""
        folded = data.lower()
        for anchor in self.anchors:
            if anchor in folded:
                if self.exact.search(folded):
                    return True
                break  # the exact test ran over all the bytes: no other anchor can change it
        # NOTE: a respelled URL needs "%" or a non-ASCII byte, and so does a non-ASCII cased
        # probe: isascii() answers for most files at memory speed, sparing a regex over them.
        ascii = folded.isascii()
        if (not ascii or b"%" in folded) and b"http" in folded and _RESPELLED.search(folded):
            return True
        return any(c in data for c in (self.ascii_cased if ascii else self.cased))


    def positions(self, data: bytes) -> list[int]:
        """Offsets in ``data`` where a probe may be: every one, and a few more."""
        folded = data.lower()
        found = [m.start() for m in _RESPELLED.finditer(folded)] if b"http" in folded else []
        for needle, haystack in (
            *((a, folded) for a in self.anchors),
            *((c, data) for c in self.cased),
        ):
            at = haystack.find(needle)
            while at >= 0:
                found.append(at)
                at = haystack.find(needle, at + 1)
        return found


def _anchors(folded: Sequence[bytes]) -> tuple[bytes, ...]:
    chosen = {_anchor(p) for p in folded}
    # NOTE: an anchor that contains another is redundant: the shorter one is found first.
    return tuple(sorted(a for a in chosen if not any(b != a and b in a for b in chosen)))


def _anchor(probe: bytes) -> bytes:
    words = re.findall(rb"[a-z0-9]+", probe)
    longest = max(words, key=len, default=b"")
    return longest if len(longest) >= _MIN_WORD else probe


def _unescape(escaped: bytes) -> bytes:
    return re.sub(rb"\\(.)", rb"\1", escaped, flags=re.DOTALL)
