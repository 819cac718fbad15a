"""Logical text: pieces of a document joined as a tool reads them, each character placed.

pip joins backslash-continued requirement lines, Docker joins continued instructions and
drops the comment lines between them, and an exec-form ``RUN ["pip", "install", ...]`` is one
command written as JSON strings. Scanning the joined text finds what the tool sees (``-i`` on
the line above its URL); ``place`` maps each reference back to exact offsets in Document.text.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..model import Context, Reference
from . import text as textscan
from .vocabulary import Vocabulary

# A piece of logical text: logical [start, end) stands for document [start, end). An exact piece
# is written text, character for character; any other is a separator the joiner added, and each
# of its characters stands for the whole gap it replaces, so that deleting it deletes that gap.
Piece = tuple[int, int, int, int, bool]


@dataclass(frozen=True)
class Logical:
    """``text`` and the document spans its pieces stand for."""

    text: str
    pieces: tuple[Piece, ...]

    @classmethod
    def of(cls, source: str, spans: Iterable[tuple[int, int]]) -> Logical:
        """The document spans ``source[a:b]`` joined with nothing between them."""
        pieces, at = [], 0
        for a, b in spans:
            if b > a:
                pieces.append((at, at + b - a, a, b, True))
                at += b - a
        return cls("".join(source[p[2] : p[3]] for p in pieces), tuple(pieces))

    def __len__(self) -> int:
        return len(self.text)

    def _piece(self, index: int) -> Piece:
        return self.pieces[bisect.bisect_right(self.pieces, index, key=lambda p: p[0]) - 1]

    def start_of(self, index: int) -> int:
        """The document offset where logical position ``index`` begins."""
        if index >= len(self.text):
            return self.pieces[-1][3] if self.pieces else 0
        start, _, doc_start, _, exact = self._piece(index)
        return doc_start + index - start if exact else doc_start

    def end_of(self, index: int) -> int:
        """The document offset where the text before logical position ``index`` ends."""
        if index <= 0:
            return self.start_of(0)
        start, _, doc_start, doc_end, exact = self._piece(index - 1)
        return doc_start + index - start if exact else doc_end

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The document span of ``text[start:end]``, gaps between its characters included."""
        first = self.start_of(start)
        return first, max(first, self.end_of(end))

    def joined(self, ranges: Sequence[tuple[int, int]], separator: str = " ") -> Logical:
        """Slices of this text joined by ``separator``, which stands for the gap it replaces."""
        pieces: list[Piece] = []
        at = 0
        for index, (a, b) in enumerate(ranges):
            if index and separator:
                gap = (self.end_of(ranges[index - 1][1]), self.start_of(a))
                pieces.append((at, at + len(separator), *gap, False))
                at += len(separator)
            for start, end, doc_start, doc_end, exact in self.pieces:
                low, high = max(start, a), min(end, b)
                if low < high:
                    shift = doc_start - start
                    span = (low + shift, high + shift) if exact else (doc_start, doc_end)
                    pieces.append((at, at + high - low, *span, exact))
                    at += high - low
        text = separator.join(self.text[a:b] for a, b in ranges)
        return Logical(text, tuple(pieces))

    def place(self, ref: Reference) -> Reference:
        """The reference with its offsets moved from this text into the document."""
        start, end = self.span(ref.start, ref.end)
        if ref.remove_start is None or ref.remove_end is None:
            return replace(ref, start=start, end=end)
        remove_start, remove_end = self.span(ref.remove_start, ref.remove_end)
        return replace(ref, start=start, end=end, remove_start=remove_start, remove_end=remove_end)

    def scan(
        self,
        vocab: Vocabulary,
        context: Context,
        start: int = 0,
        end: int | None = None,
        **options: Any,
    ) -> list[Reference]:
        """``text.scan`` over ``text[start:end]``, placed in the document."""
        if not may_hold(self.text[start:end], vocab):
            return []  # most pieces (a pinned requirement, a hash) hold nothing: skip the scan
        found = textscan.scan(self.text, vocab, context, start, end, **options)
        return [self.place(ref) for ref in found]


def may_hold(text: str, vocab: Vocabulary) -> bool:
    """Whether ``text.scan`` can find anything in ``text``: a URL, a host under one of the
    vocabulary's domains, a removed option or a removed variable."""
    if (
        "//" in text
        or "\\/\\/" in text
        or vocab.option_re.search(text)
        or vocab.env_re.search(text)
    ):
        return True
    lower = text.lower()
    return any(domain in lower for domain in vocab.domains)
