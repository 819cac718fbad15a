"""What a Python string literal holds, from what encloses it: a setup() keyword, a constant, ..."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..model import Context, Reference, Role
from . import quoted
from .vocabulary import Vocabulary

if TYPE_CHECKING:
    import libcst as cst


@dataclass(frozen=True)
class Where:
    """The role and context of the strings below a node; role None: text.scan decides."""

    role: Role | None = None
    context: Context = Context.COMMAND
    setting: str = ""


@dataclass(frozen=True)
class Edges:
    """Whether what stands next to a literal is computed: a URL that touches it is dynamic."""

    before: bool = False
    after: bool = False
    placeholders: str = ""  # "%" or "{}": the literal is a format string


MENTION = Where(None, Context.MENTION)
# Keyword, dict key and variable names whose strings have a known meaning (FORMATS.md 2.4, 1.5).
NAMES: dict[str, Where] = {
    "dependency_links": Where(Role.INDEX, Context.DEPENDENCY),  # pip took them as --find-links
    "download_base": Where(Role.URL, Context.DEPENDENCY),  # ez_setup.use_setuptools()
    "index_url": Where(Role.INDEX, Context.SETTING),  # options={"easy_install": {...}}
    "find_links": Where(Role.INDEX, Context.SETTING),
    "extra_index_url": Where(Role.INDEX, Context.SETTING),
    "allow_hosts": Where(Role.ALLOW_HOSTS, Context.SETTING),
    "help": MENTION,
    "description": MENTION,
    "long_description": MENTION,
}
LINKS = frozenset({"download_url", "project_urls", "home_page"})  # setup() metadata links
SETUP_CALLS = frozenset({"setup", "dict"})  # where a plain url= is the project's home page
INDEX_OPTIONS = frozenset(
    {"-f", "--find-links", "-i", "--index-url", "--index", "--extra-index-url"}
)
_COMMA = re.compile(r"\s*,")


def named(name: str, call: str = "", variable: bool = False) -> Where | None:
    """The meaning of a keyword (in a call named ``call``), dict key or ``variable`` name."""
    key = name.lower().replace("-", "_")
    if key in NAMES:
        return replace(NAMES[key], setting=name)
    if key in LINKS or (key == "url" and call in SETUP_CALLS):
        return Where(Role.URL, Context.LINK, name)
    if variable and name.isupper() and name.isidentifier():  # DEFAULT_URL, DEFAULT_INDEX
        index = any(word in name for word in ("INDEX", "FIND_LINKS", "MIRROR"))
        return Where(Role.INDEX if index else None, Context.DEPENDENCY, name)
    return None


@dataclass
class Wheres:
    """Walks with the extractor: what each node's children hold, and their edges."""

    offset: Callable[..., int]  # (node, end=False) -> character offset
    edges: dict[int, Edges] = field(default_factory=dict)
    # id of a string element -> where its list's elements are written, and its index there
    elements: dict[int, tuple[list[tuple[int, int]], int]] = field(default_factory=dict)

    def inside(self, node: cst.CSTNode, where: Where) -> dict[int, Where]:
        import libcst as cst

        if isinstance(node, cst.Call):
            return self._call(node)
        if isinstance(node, cst.DictElement) and isinstance(node.key, cst.SimpleString):
            found = named(_string(node.key))
            return {id(node.value): found} if found else {}
        if isinstance(node, (cst.Assign, cst.AnnAssign)):
            if isinstance(node, cst.Assign):
                targets = [t.target for t in node.targets]
            else:
                targets = [node.target]
            names = [t.value for t in targets if isinstance(t, cst.Name)]
            found = next((w for w in (named(n, variable=True) for n in names) if w), None)
            return {id(node.value): found} if found and node.value is not None else {}
        if isinstance(node, cst.Expr) and _is_string(node.value):
            return {id(node.value): MENTION}  # a docstring
        if isinstance(node, cst.BinaryOperation):
            self._operation(node)
        elif isinstance(node, (cst.List, cst.Tuple)):
            self._elements(node)
        return {}

    def _call(self, node: cst.Call) -> dict[int, Where]:
        import libcst as cst

        func = node.func
        name = ""
        if isinstance(func, cst.Name):
            name = func.value
        elif isinstance(func, cst.Attribute):
            name = func.attr.value
        if isinstance(func, cst.Attribute) and name == "format" and _is_string(func.value):
            self.edges[id(func.value)] = Edges(placeholders="{}")
        options = {_string(a.value) for a in node.args if a.keyword is None and _is_string(a.value)}
        index = sorted(options & INDEX_OPTIONS, key=len)
        inner: dict[int, Where] = {}
        for arg in node.args:
            if arg.keyword is None:
                continue
            keyword = arg.keyword.value
            if keyword == "default" and index and name in ("add_option", "add_argument"):
                inner[id(arg)] = Where(Role.INDEX, Context.SETTING, index[-1])
            elif found := named(keyword, name):
                inner[id(arg)] = found
        return inner

    def _operation(self, node: cst.BinaryOperation) -> None:
        import libcst as cst

        if isinstance(node.operator, cst.Modulo) and _is_string(node.left):
            self._edge(node.left, placeholders="%")
        elif isinstance(node.operator, cst.Add):
            # a + "lit" + b is (a + "lit") + b: the literal's right neighbour is b
            left, right = _outer(node.left, end=True), _outer(node.right, end=False)
            if _is_string(left):
                self._edge(left, after=not blank_edge(right, end=False))
            if _is_string(right):
                self._edge(right, before=not blank_edge(left, end=True))

    def _edge(self, node: cst.CSTNode, **change: object) -> None:
        self.edges[id(node)] = replace(self.edges.get(id(node), Edges()), **change)  # type: ignore[arg-type]

    def _elements(self, node: cst.List | cst.Tuple) -> None:
        """Remember where each element is written: a removed option takes its comma with it."""
        import libcst as cst

        values = [e.value for e in node.elements]
        if not any(isinstance(v, cst.SimpleString) for v in values):
            return
        spans = [(self.offset(v), self.offset(v, end=True)) for v in values]
        for index, value in enumerate(values):
            if isinstance(value, cst.SimpleString):
                self.elements[id(value)] = (spans, index)

    def element_removal(
        self, ref: Reference, node: int, source: str, vocab: Vocabulary
    ) -> Reference:
        """An option that is a whole list element goes with its comma (and its value element)."""
        if node not in self.elements:
            return ref
        spans, index = self.elements[node]
        with_value = ref.value in vocab.options_with_value and index + 1 < len(spans)
        last = index + 1 if with_value else index
        if last + 1 < len(spans):
            start, end = spans[index][0], spans[last + 1][0]
        elif index > 0:
            start, end = spans[index - 1][1], spans[last][1]
        else:
            comma = _COMMA.match(source, spans[last][1])
            start, end = spans[index][0], comma.end() if comma else spans[last][1]
        return replace(ref, remove_start=start, remove_end=end)


def _outer(node: cst.BaseExpression, end: bool) -> cst.BaseExpression:
    """The operand of a chain of + that stands at its end (or start), where it meets another."""
    import libcst as cst

    while isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        node = node.right if end else node.left
    return node


def _is_string(node: cst.CSTNode) -> bool:
    import libcst as cst

    return isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString))


def _string(node: cst.BaseExpression) -> str:
    """The value of a str literal ("" for anything else), without ast.literal_eval's warnings."""
    import libcst as cst

    if isinstance(node, cst.ConcatenatedString):
        return _string(node.left) + _string(node.right)
    if not isinstance(node, cst.SimpleString) or "b" in node.prefix.lower():
        return ""
    if "r" in node.prefix.lower():
        return node.raw_value
    try:
        return quoted.decode(node.raw_value, quoted.python_escape).value
    except quoted.EscapeError:
        return node.raw_value


def blank_edge(node: cst.BaseExpression, end: bool) -> bool:
    """Whether a neighbouring literal starts (or ends) with white space, so no URL runs on."""
    value = _string(node)
    edge = value[-1:] if end else value[:1]
    return edge.isspace()
