"""setup.py, ez_setup.py, distribute_setup.py and bootstrap.py: parsed with libcst, never run.

Every string literal and comment is scanned; what encloses a literal says what it holds
(``setup(dependency_links=[...])``, ``DEFAULT_URL = ...``, an ``add_option("-f", default=...)``).
A URL that runs into a computed part (an f-string field, ``+ name``, a ``%s`` or ``{}``
placeholder) is dynamic: reported, never fixed. libcst parses Python 3 only: a Python 2 file
raises ParseError and is scanned as text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Context, Document, Quoting, Reference, Role
from . import ParseError, pydepth, quoted, text
from .pywhere import Edges, Where, Wheres, blank_edge
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    import libcst as cst


def extract(doc: Document, vocab: Vocabulary) -> Iterator[Reference]:
    """The references in a Python file; ParseError when libcst cannot parse it."""
    import libcst as cst  # here only: a scan that meets no Python file never imports libcst
    from libcst.metadata import MetadataWrapper, PositionProvider

    deep = pydepth.too_deep(doc.text)
    if deep:
        raise ParseError(f"libcst cannot read it safely ({deep})")
    try:
        wrapper = MetadataWrapper(cst.parse_module(doc.text), unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
    except cst.ParserSyntaxError as exc:
        raise ParseError(f"not Python 3 ({exc.message.splitlines()[0]})") from None
    except (RecursionError, ValueError) as exc:
        raise ParseError(f"libcst cannot read it ({exc})") from None
    return _Walker(doc, vocab, positions).run(wrapper.module)


class _Walker:
    def __init__(self, doc: Document, vocab: Vocabulary, positions: object) -> None:
        self.doc, self.vocab, self.positions = doc, vocab, positions
        self.wheres = Wheres(self.offset)

    def offset(self, node: cst.CSTNode, end: bool = False) -> int:
        span = self.positions[node]  # type: ignore[index]
        where = span.end if end else span.start
        return self.doc.line_starts[where.line - 1] + where.column

    def run(self, module: cst.Module) -> Iterator[Reference]:
        import libcst as cst

        stack: list[tuple[cst.CSTNode, Where]] = [(module, Where())]
        while stack:
            node, where = stack.pop()
            if isinstance(node, (cst.SimpleString, cst.FormattedString, cst.ConcatenatedString)):
                yield from self._string(node, where, self.wheres.edges.get(id(node), Edges()))
            elif isinstance(node, cst.Comment):
                start = self._placed(node, node.value)
                end = start + len(node.value)
                if quoted.may_hold(self.vocab, self.doc.text, start, end):
                    yield from text.scan(self.doc.text, self.vocab, Context.COMMENT, start, end,
                                         style=text.NO_COMMENTS)
            else:
                inner = self.wheres.inside(node, where)
                children = reversed(node.children)
                stack.extend((child, inner.get(id(child), where)) for child in children)

    def _placed(self, node: cst.CSTNode, written: str) -> int:
        start = self.offset(node)
        if not self.doc.text.startswith(written, start):  # never guess a position
            raise ParseError(f"libcst places {written[:20]!r} where it is not written")
        return start

    # -- literals --------------------------------------------------------------------------

    def _string(self, node: cst.BaseExpression, where: Where, edges: Edges) -> Iterator[Reference]:
        import libcst as cst

        if isinstance(node, cst.ConcatenatedString):
            pieces = _pieces(node)
            last = len(pieces) - 1
            for index, piece in enumerate(pieces):
                before = edges.before if index == 0 else _open(pieces[index - 1], end=True)
                after = edges.after if index == last else _open(pieces[index + 1], end=False)
                yield from self._string(piece, where, Edges(before, after, edges.placeholders))
        elif isinstance(node, cst.SimpleString):
            quote = len(node.prefix) + len(node.quote)
            start = self._placed(node, node.value) + quote
            raw = "r" in node.prefix.lower()
            content = node.value[quote:-len(node.quote)]
            yield from self._content(content, start, raw, where, edges, id(node))
        elif isinstance(node, cst.FormattedString):
            raw = "r" in node.prefix.lower()
            parts = node.parts
            for index, part in enumerate(parts):
                if not isinstance(part, cst.FormattedStringText):
                    continue
                before = edges.before if index == 0 else True
                after = edges.after if index == len(parts) - 1 else True
                start = self._placed(part, part.value)
                yield from self._content(part.value, start, raw, where, Edges(before, after, "{}"))

    def _content(
        self, content: str, start: int, raw: bool, where: Where, edges: Edges, node: int = 0
    ) -> Iterator[Reference]:
        decoded = quoted.Decoded(content)
        if not raw:
            try:
                decoded = quoted.decode(content, quoted.python_escape)
            except quoted.EscapeError:
                pass  # Python refuses it too: scan what is written
        end = start + len(content)
        found = quoted.scan(self.doc.text, self.vocab, where.context, start, decoded,
                            role=where.role, setting=where.setting, escaped=Quoting.PYTHON)
        for ref in found:
            yield self._mark(ref, start, end, where, edges, node)

    def _mark(
        self, ref: Reference, start: int, end: int, where: Where, edges: Edges, node: int
    ) -> Reference:
        written = self.doc.text[ref.start:ref.end]
        computed = (
            (edges.before and ref.start == start)
            or (edges.after and ref.end == end)
            or any(c in written for c in edges.placeholders)
        )
        if computed:
            return replace(ref, dynamic=True)
        if ref.role is Role.ALLOW_HOSTS and where.role is Role.ALLOW_HOSTS:
            return replace(ref, list_separator=",")  # allow_hosts="*.example.com,pypi.python.org"
        if ref.role is Role.TRUSTED_HOST and ref.setting == where.setting:
            return replace(ref, list_separator="")  # a string that holds one host
        if ref.role is Role.OPTION and (ref.start, ref.end) == (start, end):
            return self.wheres.element_removal(ref, node, self.doc.text, self.vocab)
        return ref


def _pieces(node: cst.BaseExpression) -> list[cst.BaseExpression]:
    import libcst as cst

    if isinstance(node, cst.ConcatenatedString):
        return [*_pieces(node.left), *_pieces(node.right)]
    return [node]


def _open(neighbour: cst.BaseExpression, end: bool) -> bool:
    """Whether the neighbouring piece of an implicit concatenation may continue a URL."""
    import libcst as cst

    if not isinstance(neighbour, cst.SimpleString):
        return True
    return not blank_edge(neighbour, end)

