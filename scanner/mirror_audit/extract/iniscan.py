"""References in a parsed INI file: each format says what its keys hold, this reads them.

A format gives every (section, key) a Value: the role and context of what it holds, whether
it is a list (and how a one-to-many replacement is written there), whether it is pip syntax.
Values, comments and unknown keys all go through text.scan, so nothing is missed; a comment
that is a commented-out known setting keeps the key's role.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..model import Context, Document, Quoting, Reference, Role
from ..rules import normalise_key
from . import ini, text
from .vocabulary import Vocabulary

_NAMES = frozenset({Role.OPTION, Role.KEY, Role.ENV})
# A commented-out setting: "# index = http://...", "#index-url=...", "; find-links: ..."
_SETTING = re.compile(r"(?P<key>[^\s=:#;\[\]{}]+?)\s*[-+]?(?P<delim>[=:])")
_TOX_COMMENT = re.compile(r"\s*(?<!\\)#")
_VARIABLE = re.compile(r"\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=")


@dataclass(frozen=True)
class Value:
    """What a key holds.

    ``split`` says how a list value is split: "" (one value), " " (whitespace), "\\n" (lines)
    or "," (commas).
    """

    role: Role | None = None  # None: what stands before each URL decides (-i, PIP_INDEX_URL=)
    context: Context = Context.COMMAND
    split: str = ""
    pip: bool = False  # pip syntax: -i/-f count without a pip command on the line
    known: bool = True  # False: an unknown key, scanned with its value
    inline_comments: bool = False  # tox 4: an unescaped '#' anywhere starts a comment
    variables: bool = False  # NAME=value lines: PIP_INDEX_URL's role holds for the whole value
    quoting: Quoting = Quoting.RAW


UNKNOWN = Value(known=False)


@dataclass(frozen=True)
class Format:
    """How one INI-based kind is read: its dialect and what each key holds."""

    dialect: ini.Dialect
    lookup: Callable[[str, str], Value]  # (section, key as written) -> Value
    removed_keys: bool = False  # keys the rules name (use-mirrors) are removed settings (pip)


def extract(doc: Document, vocab: Vocabulary, fmt: Format) -> list[Reference]:
    parsed = ini.parse(doc.text, fmt.dialect)
    reader = _Reader(doc.text, vocab, fmt)
    found: list[Reference] = []
    for entry in parsed.entries:
        found.extend(reader.entry(entry))
    for comment in parsed.comments:
        found.extend(reader.comment(comment))
    for start, end in parsed.stray:
        found.extend(reader.scan(start, end, Context.COMMAND))
    return found


_PROBES: dict[int, tuple[Vocabulary, re.Pattern[str]]] = {}


def _probe(vocab: Vocabulary) -> re.Pattern[str]:
    """What every reference text.scan can find holds: a URL, a domain, an option or a variable."""
    cached = _PROBES.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        domains = "|".join(re.escape(d) for d in vocab.domains)
        names = f"{vocab.option_re.pattern}|{vocab.env_re.pattern}"  # case matters: -M, not -m
        cached = _PROBES[id(vocab)] = (vocab, re.compile(f"(?i:https?:|{domains})|{names}"))
    return cached[1]


class _Reader:
    def __init__(self, source: str, vocab: Vocabulary, fmt: Format) -> None:
        self.source, self.vocab, self.fmt = source, vocab, fmt
        self.probe = _probe(vocab)

    def scan(
        self, start: int, end: int, context: Context, value: Value = UNKNOWN, setting: str = ""
    ) -> list[Reference]:
        # NOTE: most lines of a config hold nothing; the probe spares them a full scan.
        if start >= end or not self.probe.search(self.source, start, end):
            return []
        return text.scan(
            self.source,
            self.vocab,
            context,
            start,
            end,
            style=text.NO_COMMENTS,
            pip=value.pip,
            role=value.role,
            setting=setting,
            quoting=value.quoting,
        )

    def entry(self, entry: ini.Entry) -> list[Reference]:
        value = self.fmt.lookup(entry.section, entry.key)
        found = []
        if self.fmt.removed_keys and normalise_key(entry.key) in self.vocab.keys:
            found.append(
                Reference(
                    entry.key_start,
                    entry.key_end,
                    entry.key,
                    Role.KEY,
                    Context.SETTING,
                    setting=entry.key,
                    remove_start=entry.start,
                    remove_end=entry.end,
                )
            )
        listing = _Listing(self.source, entry, value.split) if value.split else None
        for index, piece in enumerate(entry.pieces):
            # A continuation line is scanned from its start, so that deleting a variable or
            # an option alone on it takes the indentation too; an unknown key is scanned with
            # its value.
            start = piece.line if index else piece.start if value.known else entry.key_start
            refs = self.piece(value, entry.key, start, piece.end)
            found.extend([listing.item(ref, piece) for ref in refs] if listing else refs)
        return [_unpercent(ref) for ref in found] if value.quoting is Quoting.PERCENT else found

    def piece(self, value: Value, key: str, start: int, end: int) -> list[Reference]:
        found = []
        if value.inline_comments:
            cut = _TOX_COMMENT.search(self.source, start, end)
            if cut:
                found.extend(self.scan(cut.end(), end, Context.COMMENT))
                end = cut.start()
        variable = _VARIABLE.match(self.source, start, end) if value.variables else None
        if variable and variable.group("name").upper() in text.ENV_ROLES:
            # NOTE: also a default inside a substitution, PIP_INDEX_URL={env:X:https://...}
            key = variable.group("name")
            value = replace(value, role=text.ENV_ROLES[key.upper()])
        found.extend(self.scan(start, end, value.context, value, key if value.known else ""))
        return found

    def comment(self, comment: ini.Comment) -> list[Reference]:
        setting = _SETTING.match(self.source, comment.start, comment.end)
        if setting and setting.group("delim") in self.fmt.dialect.delimiters:
            key = setting.group("key")
            value = self.fmt.lookup(comment.section, key)
            if value.known:
                return self.scan(
                    setting.end(),
                    comment.end,
                    Context.COMMENT,
                    replace(value, quoting=Quoting.RAW),
                    key,
                )
        return self.scan(comment.start, comment.end, Context.COMMENT)


def _unpercent(ref: Reference) -> Reference:
    """ConfigParser interpolation: '%%' in the file is '%' in the value."""
    if ref.role in _NAMES or "%%" not in ref.value:
        return ref
    return replace(ref, value=ref.value.replace("%%", "%"))


# -- list values -------------------------------------------------------------------------------


class _Listing:
    """The items of a list value: how a one-to-many replacement is joined, how one is deleted."""

    def __init__(self, source: str, entry: ini.Entry, split: str) -> None:
        self.source, self.entry, self.split = source, entry, split
        self.gaps = " \t," if split == "," else " \t"
        self.separator = separator(source, entry, split)
        self.lines_with_values = sum(1 for p in entry.pieces if p.end > p.start)

    def item(self, ref: Reference, piece: ini.Piece) -> Reference:
        if ref.role in _NAMES:
            return ref
        remove_start, remove_end = self._removal(ref, piece)
        return replace(
            ref, list_separator=self.separator, remove_start=remove_start, remove_end=remove_end
        )

    def _removal(self, ref: Reference, piece: ini.Piece) -> tuple[int, int]:
        source, gaps = self.source, self.gaps
        start, end = ref.start, ref.end
        while start > piece.start and source[start - 1] not in gaps:
            start -= 1
        while end < piece.end and source[end] not in gaps:
            end += 1
        alone = (start, end) == (piece.start, piece.end)
        if alone and self.lines_with_values == 1:
            return self.entry.start, self.entry.end  # the only item: the whole setting goes
        if alone and piece is not self.entry.pieces[0]:
            return piece.line, piece.next  # alone on a continuation line: the line goes
        if end < piece.end:
            return start, _skip(source, end, piece.end, gaps, 1)
        return _skip(source, start, piece.line, gaps, -1), end


def separator(source: str, entry: ini.Entry, split: str) -> str:
    """A newline and the continuation indentation in a multi-line value, else what splits it.

    Always "\\n": the fixer writes the file's own line ending for it.
    """
    if split == ",":
        return ","
    if len(entry.pieces) > 1:
        first = entry.pieces[1]
        return "\n" + source[first.line : first.start]
    return " " if split == " " else "\n    "


def _skip(source: str, pos: int, limit: int, chars: str, step: int) -> int:
    """Move from pos towards limit over ``chars``."""
    if step > 0:
        while pos < limit and source[pos] in chars:
            pos += 1
        return pos
    while pos > limit and source[pos - 1] in chars:
        pos -= 1
    return pos
