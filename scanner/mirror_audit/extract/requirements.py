"""Requirements files: index options, trusted hosts, direct URLs, removed options, includes."""

from __future__ import annotations

import os
import re
from dataclasses import replace

from .. import urls
from ..model import Context, Document, Reference, Role
from . import pipline
from . import text as textscan
from .vocabulary import Vocabulary

INDEX_OPTIONS = frozenset({"--index-url", "--pypi-url", "--extra-index-url", "--find-links"})
INCLUDE_OPTIONS = frozenset({"--requirement", "--constraint"})
_NAME_ROLES = frozenset({Role.OPTION, Role.KEY, Role.ENV})
_MAY_INCLUDE = re.compile(r"(?:^|\s)--?[rc]")  # -r, -c and the long options they abbreviate


def extract(doc: Document, vocab: Vocabulary) -> list[Reference]:
    return [ref for line in pipline.lines(doc.text) for ref in line_references(line, vocab)]


def includes(doc: Document) -> tuple[str, ...]:
    """The local files this one names with -r/-c, as paths next to it (pip's resolution)."""
    if not _MAY_INCLUDE.search(doc.text):
        return ()
    base = os.path.dirname(doc.path)
    return tuple(path for line in pipline.lines(doc.text) for path in line_includes(line, base))


def line_includes(line: pipline.Line, base: str) -> list[str]:
    if not _MAY_INCLUDE.search(line.logical.text):
        return []
    parsed = pipline.parse(line)
    if parsed.requirement is not None:
        return []  # pip reads -r/-c only on a line of options
    return [
        os.path.normpath(os.path.join(base, option.text))
        for option in parsed.options
        if option.canonical in INCLUDE_OPTIONS and option.text and _local(option.text)
    ]


def line_references(line: pipline.Line, vocab: Vocabulary) -> list[Reference]:
    """Everything one logical line refers to: comment, requirement, each option and its value."""
    parsed = pipline.parse(line, vocab.options_with_value)
    logical = line.logical
    found: list[Reference] = []
    if parsed.comment is not None:
        found += logical.scan(
            vocab, Context.COMMENT, *parsed.comment, style=textscan.NO_COMMENTS, pip=True
        )
    if parsed.requirement is not None:
        found += logical.scan(
            vocab, Context.DEPENDENCY, *parsed.requirement, style=textscan.NO_COMMENTS
        )
    for option in parsed.options:
        found += _option_references(parsed, option, vocab)
    return [dynamic(ref) for ref in found]


def _option_references(
    parsed: pipline.Parsed, option: pipline.Option, vocab: Vocabulary
) -> list[Reference]:
    if option.name and vocab.option_re.fullmatch(option.name):
        return [
            _removed(parsed, option),
            *_value(parsed, option, vocab, Context.SETTING, textscan.OPTION_ROLES.get(option.name)),
        ]
    if option.canonical in INDEX_OPTIONS:
        return _value(parsed, option, vocab, Context.SETTING, Role.INDEX)
    if option.canonical == "--trusted-host":
        return [
            _trusted(parsed, option, ref)
            for ref in _value(parsed, option, vocab, Context.SETTING, Role.TRUSTED_HOST)
        ]
    if option.canonical in INCLUDE_OPTIONS or option.canonical == "--editable":
        # a URL pip downloads (an archive, a VCS repository, a remote file: never fetched here)
        return _value(parsed, option, vocab, Context.DEPENDENCY, None)
    # any other value: scanned all the same, so that nothing is missed
    return _value(parsed, option, vocab, Context.SETTING, None)


def _value(
    parsed: pipline.Parsed,
    option: pipline.Option,
    vocab: Vocabulary,
    context: Context,
    role: Role | None,
) -> list[Reference]:
    if option.value is None:
        return []
    return parsed.line.logical.scan(
        vocab,
        context,
        *option.value,
        style=textscan.NO_COMMENTS,
        pip=True,
        role=role,
        setting=option.name,
    )


def _removed(parsed: pipline.Parsed, option: pipline.Option) -> Reference:
    start = parsed.tokens[option.first].start
    begin, end = parsed.line.logical.span(start, start + len(option.name))
    remove_start, remove_end = removal(parsed, option)
    return Reference(
        begin,
        end,
        option.name,
        Role.OPTION,
        Context.SETTING,
        setting=option.name,
        remove_start=remove_start,
        remove_end=remove_end,
    )


def _trusted(parsed: pipline.Parsed, option: pipline.Option, ref: Reference) -> Reference:
    """A host pip trusts: two hosts are written as a repeated option; deleting it deletes both."""
    if ref.role is not Role.TRUSTED_HOST:
        return ref
    separator = (
        "" if option.quoted else f" {option.name}=" if option.attached else f" {option.name} "
    )
    remove_start, remove_end = removal(parsed, option)
    return replace(ref, list_separator=separator, remove_start=remove_start, remove_end=remove_end)


def removal(parsed: pipline.Parsed, option: pipline.Option) -> tuple[int, int]:
    """What deleting an option and its value deletes: the whole line when they are all it holds,
    else them and the gap before them (after them when they come first), continuations included."""
    tokens, logical = parsed.tokens, parsed.line.logical
    if parsed.requirement is None and option.first == 0 and option.last == len(tokens) - 1:
        return parsed.line.whole
    end = tokens[option.last].end
    if option.first > 0 or parsed.requirement is not None:
        before = tokens[option.first - 1].end if option.first else parsed.requirement[1]  # type: ignore[index]
        return logical.end_of(before), logical.end_of(end)
    return logical.start_of(tokens[option.first].start), logical.start_of(
        tokens[option.last + 1].start
    )


def dynamic(ref: Reference) -> Reference:
    """A URL whose host comes from a ${VARIABLE} is computed: fixed where the variable is set."""
    if ref.role in _NAME_ROLES:
        return ref
    parsed = urls.parse(ref.value)
    if parsed is None:
        return ref
    host = ref.value[parsed.authority_start : parsed.authority_end].rpartition("@")[2]
    return replace(ref, dynamic=True) if "${" in host else ref


def _local(path: str) -> bool:
    return "://" not in path and not path.startswith("file:") and "${" not in path
