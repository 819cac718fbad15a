"""pyproject.toml, uv.toml, poetry.toml, pdm.toml, Pipfile and TOML lock files.

Each string's key path says what it holds (``[[tool.uv.index]] url`` is an index setting,
``[project.urls]`` a link); every other string, every comment and the keys go through
text.scan all the same, so that nothing is missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from .. import kinds
from ..model import Context, Document, Quoting, Reference, Role
from . import ParseError, quoted, text, tomlscan
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Value:
    """What a string under a key path holds; ``role`` None: what stands before a URL decides."""

    role: Role | None = None
    context: Context = Context.COMMAND
    tox: bool = False  # an INI file in a string (legacy_tox_ini)


INDEX = Value(Role.INDEX, Context.SETTING)
UPLOAD = Value(Role.UPLOAD, Context.SETTING)
DEPENDENCY = Value(Role.URL, Context.DEPENDENCY)
LINK = Value(Role.URL, Context.LINK)
MENTION = Value(None, Context.MENTION)
COMMAND = Value()
Table = tuple[tuple[tuple[str, ...], Value], ...]

# Under a tool's own table: [tool.NAME] in pyproject.toml, the top level of NAME.toml.
# "*" is one key, "**" any number of keys (FORMATS.md 2.7).
TOOL: Table = (
    (("index", "url"), INDEX),  # uv [[index]]
    (("index", "publish-url"), UPLOAD),
    (("publish-url",), UPLOAD),
    (("source", "url"), INDEX),  # poetry and pdm [[source]] (pdm: type = "find_links" too)
    (("sources", "*", "url"), DEPENDENCY),  # uv sources: a direct URL
    (("sources", "*", "git"), DEPENDENCY),
    (("repositories", "*", "url"), UPLOAD),  # poetry.toml, pypoetry/config.toml: publishing
    (("pypi", "url"), INDEX),  # pdm.toml
    (("pypi", "*", "url"), INDEX),
    (("repository", "*", "url"), UPLOAD),
    (("publish", "index", "repos", "*", "url"), UPLOAD),  # hatch config.toml
    (("homepage",), LINK),  # [tool.poetry] metadata
    (("repository",), LINK),
    (("documentation",), LINK),
    (("urls", "*"), LINK),
    (("description",), MENTION),
    (("dependencies", "**"), DEPENDENCY),
    (("dev-dependencies", "**"), DEPENDENCY),
    (("group", "*", "dependencies", "**"), DEPENDENCY),
    (("legacy_tox_ini",), Value(tox=True)),
)
PROJECT: Table = (
    (("project", "urls", "*"), LINK),
    (("project", "description"), MENTION),
    (("project", "readme", "**"), MENTION),
    (("project", "dependencies"), DEPENDENCY),
    (("project", "optional-dependencies", "*"), DEPENDENCY),
    (("dependency-groups", "*"), DEPENDENCY),
    (("build-system", "requires"), DEPENDENCY),
)
PIPFILE: Table = (
    (("source", "url"), INDEX),
    (("requires", "**"), COMMAND),
    (("pipenv", "**"), COMMAND),
    (("scripts", "**"), COMMAND),
    (("*", "**"), DEPENDENCY),  # packages, dev-packages and custom package categories
)
# legacy_tox_ini: tox reads it as tox.ini, where '#' and ';' start comment lines.
_TOX_STYLE = text.Style(line_comments=("#", ";"), inline_comment=True)
_AFTER_PAIR = re.compile(r"[ \t]*,[ \t]*")
_BEFORE_PAIR = re.compile(r",[ \t]*$")


def extract(doc: Document, vocab: Vocabulary) -> Iterator[Reference]:
    """The references in a TOML file; ParseError when it is not TOML."""
    validate(doc.text)
    toml = read(doc.text)
    lock = doc.kind == kinds.LOCK
    for string in toml.strings:
        if _own(doc.kind, string.path):
            continue
        value = Value(context=Context.LOCK) if lock else value_of(doc.kind, string.path)
        yield from _string(doc, vocab, string, value)
    for start, end in toml.comments:
        if quoted.may_hold(vocab, doc.text, start, end):
            yield from text.scan(doc.text, vocab, Context.COMMENT, start, end,
                                 style=text.NO_COMMENTS)
    for key in toml.keys:
        if quoted.may_hold(vocab, doc.text, key.start, key.end) and not _own(doc.kind, key.path):
            yield from _key(doc, vocab, key)


def _own(kind: str, path: tuple[str, ...]) -> bool:
    """[tool.mirror-audit] is this tool's own configuration: map = {"pypi.python.org" = ...}."""
    return kind == kinds.PYPROJECT and path[:2] == ("tool", "mirror-audit")


def validate(source: str) -> None:
    """Raise ParseError, with the line, when a TOML parser refuses the text."""
    try:
        import tomllib
    except ImportError:  # Python 3.10: tomlkit, imported here only (a scan may need no TOML)
        import tomlkit

        try:
            tomlkit.parse(source)
        except Exception as exc:  # tomlkit raises several unrelated exception types
            raise ParseError(str(exc)) from None
        return
    try:
        tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ParseError(str(exc)) from None


def read(source: str) -> tomlscan.Toml:
    try:
        return tomlscan.read(source)
    except tomlscan.TomlSyntaxError as exc:
        line = source.count("\n", 0, exc.offset) + 1
        column = exc.offset - (source.rfind("\n", 0, exc.offset) + 1) + 1
        raise ParseError(f"{exc} (at line {line}, column {column})") from None


def value_of(kind: str, path: tuple[str, ...]) -> Value:
    """What a string under ``path`` holds in a file of ``kind``."""
    last = path[-1] if path else ""
    if last.upper() in text.ENV_ROLES:  # hatch env-vars, tox set_env, pdm scripts env
        return Value(text.ENV_ROLES[last.upper()], Context.SETTING)
    if last.lower() in text.KEY_ROLES:  # [tool.uv] index-url, [tool.uv.pip] find-links
        return Value(text.KEY_ROLES[last.lower()], Context.SETTING)
    if kind == kinds.PIPFILE:
        return _lookup(PIPFILE, path)
    if kind == kinds.PYPROJECT and path[:1] == ("tool",):
        return _lookup(TOOL, path[2:]) if len(path) > 2 else COMMAND
    return _lookup(PROJECT if kind == kinds.PYPROJECT else TOOL, path)


def _lookup(table: Table, path: tuple[str, ...]) -> Value:
    return next((value for pattern, value in table if _matches(pattern, path)), COMMAND)


def _matches(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    if pattern and pattern[-1] == "**":
        return len(path) >= len(pattern) - 1 and _matches(pattern[:-1], path[:len(pattern) - 1])
    same = len(pattern) == len(path)
    return same and all(p in ("*", k) for p, k in zip(pattern, path, strict=same))


def _string(
    doc: Document, vocab: Vocabulary, string: tomlscan.String, value: Value
) -> Iterable[Reference]:
    setting = string.path[-1] if string.path else ""
    style = _TOX_STYLE if value.tox else text.NO_COMMENTS
    escaped = Quoting.RAW if string.literal else Quoting.TOML_BASIC
    found = quoted.scan(doc.text, vocab, value.context, string.start, string.decoded,
                        role=value.role, setting=setting, style=style, escaped=escaped)
    if value.role not in (Role.TRUSTED_HOST, Role.ALLOW_HOSTS):
        return found
    return [_one_value(ref, doc, string) if ref.setting == setting else ref for ref in found]


def _one_value(ref: Reference, doc: Document, string: tomlscan.String) -> Reference:
    """A host that is a whole array element becomes several elements; anywhere else it cannot."""
    whole = ref.start == string.start and ref.end == string.start + len(string.decoded.value)
    if whole and string.in_array and not string.multiline and string.decoded.offsets is None:
        return replace(ref, list_separator=f"{string.quote}, {string.quote}")
    return replace(ref, list_separator="")


def _key(doc: Document, vocab: Vocabulary, key: tomlscan.Key) -> Iterator[Reference]:
    """A key that names a variable (hatch env-vars): deleting it deletes its pair."""
    found = text.scan(doc.text, vocab, Context.SETTING, key.start, key.end, style=text.NO_COMMENTS)
    for ref in found:
        if ref.role is not Role.ENV:
            yield replace(ref, context=Context.MENTION)  # a URL as a key: shown, never rewritten
            continue
        yield _remove_pair(ref, doc.text, key)


def _remove_pair(ref: Reference, source: str, key: tomlscan.Key) -> Reference:
    start, end = key.pair_start, key.pair_end
    if not key.inline:
        # NOTE: "\r" is looked for only within the line "\n" bounds (an LF file has none: a search
        # to the file's ends for each pair made large files quadratic).
        newline = source.rfind("\n", 0, start)
        line_start = max(newline, source.rfind("\r", newline + 1, start)) + 1
        newline = source.find("\n", end)
        ends = [
            i
            for i in (newline, source.find("\r", end, newline if newline >= 0 else len(source)))
            if i >= 0
        ]
        line_end = min(ends, default=len(source))
        start, end = text.widen_removal(source, start, end, line_start, line_end)
    elif after := _AFTER_PAIR.match(source, end):
        end = after.end()
    elif before := _BEFORE_PAIR.search(source, 0, start):
        start = before.start()
    return replace(ref, remove_start=start, remove_end=end)
