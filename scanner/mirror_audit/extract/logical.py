"""Logical text: pieces of a document joined as a tool reads them, each character placed.

pip joins backslash-continued requirement lines, Docker joins continued instructions and
drops the comment lines between them, and an exec-form ``RUN ["pip", "install", ...]`` is one
command written as JSON strings. Scanning the joined text finds what the tool sees (``-i`` on
the line above its URL); ``place`` maps each reference back to exact offsets in Document.text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..model import Context, Reference
from . import text as textscan
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Logical:
    """``text`` and, per character, the document span it stands for (``starts[i]:ends[i]``).

    A written character stands for itself; a separator the joiner adds stands for the whole gap
    between the pieces it joins, so that deleting it deletes that gap.
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, source: str, spans: Iterable[tuple[int, int]]) -> Logical:
        """The document spans ``source[a:b]`` joined with nothing between them."""
        spans = [(a, b) for a, b in spans if b > a]
        starts = tuple(i for a, b in spans for i in range(a, b))
        return cls("".join(source[a:b] for a, b in spans), starts, tuple(i + 1 for i in starts))

    def __len__(self) -> int:
        return len(self.text)

    def start_of(self, index: int) -> int:
        """The document offset where logical position ``index`` begins."""
        if index < len(self.starts):
            return self.starts[index]
        return self.ends[-1] if self.ends else 0

    def end_of(self, index: int) -> int:
        """The document offset where logical position ``index`` ends the text before it."""
        return self.ends[index - 1] if index > 0 else self.start_of(0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The document span of ``text[start:end]``, gaps between its characters included."""
        first = self.start_of(start)
        return first, max(first, self.end_of(end))

    def joined(self, ranges: Sequence[tuple[int, int]], separator: str = " ") -> Logical:
        """Slices of this text joined by ``separator``, which stands for the gap it replaces."""
        text: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for index, (a, b) in enumerate(ranges):
            if index:
                gap = (self.end_of(ranges[index - 1][1]), self.start_of(a))
                text.append(separator)
                starts.extend([gap[0]] * len(separator))
                ends.extend([gap[1]] * len(separator))
            text.append(self.text[a:b])
            starts.extend(self.starts[a:b])
            ends.extend(self.ends[a:b])
        return Logical("".join(text), tuple(starts), tuple(ends))

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
        found = textscan.scan(self.text, vocab, context, start, end, **options)
        return [self.place(ref) for ref in found]
