"""Dockerfiles: RUN (shell or JSON exec form), ENV and ARG values, heredoc bodies, comments.

dockerparse splits the file as buildkit does; each instruction is scanned as the logical text
buildkit joins, and each reference placed back at its exact offsets in the file.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from ..model import Context, Document, Quoting, Reference, Role
from . import shell
from . import text as textscan
from .dockerparse import Instruction, head, parse
from .logical import Logical
from .requirements import dynamic
from .vocabulary import Vocabulary

_FLAGS = re.compile(r"(?:--[\w-]+(?:=\S*)?\s+)*")
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_COMMANDS = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL"})
# Where a URL in an instruction's arguments stands: ADD/COPY download it, LABEL is metadata.
_CONTEXTS = {
    "ADD": Context.DEPENDENCY,
    "COPY": Context.DEPENDENCY,
    "LABEL": Context.LINK,
    "MAINTAINER": Context.MENTION,
}

Span = tuple[int, int]


def extract(doc: Document, vocab: Vocabulary) -> list[Reference]:
    parsed = parse(doc.text)
    found = [
        ref
        for start, end in parsed.comments
        for ref in textscan.scan(
            doc.text, vocab, Context.COMMENT, start, end, style=textscan.NO_COMMENTS
        )
    ]
    for instruction in parsed.instructions:
        found += _instruction(doc.text, instruction, vocab)
    return [dynamic(ref) for ref in found]


def _instruction(text: str, instruction: Instruction, vocab: Vocabulary) -> list[Reference]:
    logical = instruction.logical
    keyword, args = head(logical.text, 0)
    if keyword == "ONBUILD":
        keyword, args = head(logical.text, args)
    if keyword in _COMMANDS:
        found = _command(
            logical, _skip_flags(logical.text, args) if keyword == "RUN" else args, vocab
        )
    elif keyword in ("ENV", "ARG"):
        found = _assignments(instruction, keyword, args, vocab)
    else:
        found = logical.scan(
            vocab, _CONTEXTS.get(keyword, Context.COMMAND), args, style=textscan.NO_COMMENTS
        )
    return found + _heredocs(text, instruction, keyword == "RUN", vocab)


def _heredocs(
    text: str, instruction: Instruction, script: bool, vocab: Vocabulary
) -> list[Reference]:
    """A RUN heredoc is a script (its own continuation lines, no comments: verbatim); any other
    is a file written into the image, a pip.conf or a requirements file."""
    found: list[Reference] = []
    for start, end in instruction.heredocs:
        if script:
            for line in shell.lines(text, start, end):
                found += shell.scan_line(line, 0, vocab, comments=False)
        else:
            found += textscan.scan(
                text, vocab, Context.SETTING, start, end, style=textscan.NO_COMMENTS
            )
    return found


def _assignments(
    instruction: Instruction, keyword: str, args: int, vocab: Vocabulary
) -> list[Reference]:
    """ENV k=v k2="v 2", legacy ENV k v, ARG name=default.

    Deleting the only variable of an instruction (or the variable of a legacy ENV) deletes the
    instruction: an ENV with nothing after it does not build.
    """
    logical, text = instruction.logical, instruction.logical.text
    words = text[args:].split(maxsplit=1)
    legacy = keyword == "ENV" and bool(words) and "=" not in words[0]
    found = []
    for ref in textscan.scan(text, vocab, Context.COMMAND, style=textscan.NO_COMMENTS):
        placed = logical.place(ref)
        if ref.remove_start is not None and ref.remove_end is not None:
            rest = text[: ref.remove_start] + text[ref.remove_end :]
            if (legacy and ref.start == args) or len(rest.split()) <= 1:  # the keyword alone
                placed = replace(
                    placed, remove_start=instruction.whole[0], remove_end=instruction.whole[1]
                )
        found.append(placed)
    return found


def _skip_flags(text: str, start: int) -> int:
    """Where a RUN's command begins, after flags such as --mount=type=secret,id=pip."""
    found = _FLAGS.match(text, start)
    return found.end() if found else start


def _command(logical: Logical, start: int, vocab: Vocabulary) -> list[Reference]:
    elements = _exec_form(logical.text, start)
    if elements is None:
        return shell.scan_line(logical, start, vocab)
    joined = logical.joined(elements)
    found = textscan.scan(
        joined.text, vocab, Context.COMMAND, style=textscan.NO_COMMENTS, quoting=Quoting.JSON
    )
    # NOTE: one argv element holds one host, unless it is a shell string ("sh", "-c", "...")
    bounds, offset = [], 0
    for a, b in elements:
        bounds.append((offset, offset + b - a))
        offset += b - a + 1
    return [joined.place(_one_value(ref, joined.text, bounds)) for ref in found]


def _one_value(ref: Reference, text: str, bounds: list[Span]) -> Reference:
    if ref.role is not Role.TRUSTED_HOST:
        return ref
    a, b = next(((a, b) for a, b in bounds if a <= ref.start < b), (ref.start, ref.end))
    return ref if any(c.isspace() for c in text[a:b]) else replace(ref, list_separator="")


def _exec_form(text: str, start: int) -> list[Span] | None:
    """The spans of the strings of a JSON array (written, escapes and all), or None."""
    raw = text[start:]
    if not raw.lstrip().startswith("["):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None
    return [(start + m.start(1), start + m.end(1)) for m in _JSON_STRING.finditer(raw)]
