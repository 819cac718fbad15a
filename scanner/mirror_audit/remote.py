"""Network references: files a tool would download and read as configuration. Never fetched.

pip reads ``-r https://host/base.txt`` and zc.buildout reads ``extends = https://host/v.cfg``
from the network. A scan never opens a connection (nor runs or imports what it scans), so what
those files hold is not seen: each such reference is one line in the report's ``errors``
(category ``remote``), with any password in its URL hidden, so that nobody takes a clean scan for
a clean configuration. A reference to a legacy host is also a finding, as anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import kinds, urls
from .extract import ParseError, pipline, requirements
from .model import Document, Skip

CATEGORY = "remote"
_EXTENDS = frozenset({"extends", "optional-extends"})
# An -r/-c (or --requirement, --constraint) word: the "-" first, the blank before it checked
# after, so that the search runs at memchr speed over a 10 MB pip-compile file.
_INCLUDE_OPTION = re.compile(r"-(?<![^\s]-)-?[rc]")
_LINE_END = re.compile(r"(?<!\\)(?:\r\n|\r|\n)")


def notices(doc: Document) -> tuple[Skip, ...]:
    """One ``errors`` line per network reference ``doc`` makes its tool read."""
    if doc.kind in (kinds.REQUIREMENTS, kinds.CONDA_ENV) and not _may_fetch(doc.text):
        return ()
    if doc.kind == kinds.REQUIREMENTS:
        found = _includes(doc, pipline.lines(doc.text))
    elif doc.kind == kinds.CONDA_ENV:
        from .extract import conda  # NOTE: conda and ini here: a scan may meet neither kind

        found = _includes(doc, (line for line, _ in conda.pip_items(doc.text)))
    elif doc.kind == kinds.BUILDOUT:
        found = _extends(doc)
    else:
        return ()
    return tuple(Skip(doc.display, message, CATEGORY) for message in found)


def _may_fetch(text: str) -> bool:
    """Whether some -r/-c has a URL after it (a superset: a file without one costs a search)."""
    if "://" not in text:
        return False
    for found in _INCLUDE_OPTION.finditer(text):
        window = text[found.end() : found.end() + 400]
        end = _LINE_END.search(window)  # the logical line: a backslash continues it
        if "://" in window[: end.start() if end else None]:
            return True
    return False


def _remote(value: str) -> bool:
    """Whether buildout downloads an ``extends`` value: a URL, but for file: ones."""
    return "://" in value and not value.lower().startswith("file:")


def _pip_fetches(value: str) -> bool:
    """Whether pip downloads a -r/-c target: only when it starts with an http or https scheme
    (pip's req_file.get_file_content); anything else, ``base.txthttps://x`` too, is a path."""
    scheme = _SCHEME.match(value)
    return scheme is not None and scheme.group(1).lower() in ("http", "https")


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _includes(doc: Document, lines: Iterator[pipline.Line]) -> Iterator[str]:
    for line in lines:
        if "://" not in line.logical.text:
            continue
        parsed = pipline.parse(line)
        if parsed.requirement is not None:
            continue  # pip reads -r/-c only on a line of options
        for option in parsed.options:
            if option.canonical in requirements.INCLUDE_OPTIONS and _pip_fetches(option.text):
                number = doc.position(line.whole[0])[0]
                yield (
                    f"line {number}: {option.name} {urls.redact(option.text)}: a remote "
                    "requirements file, never fetched: scan it where it is kept"
                )


def _extends(doc: Document) -> Iterator[str]:
    if "://" not in doc.text:
        return
    from .extract import ini

    try:
        parsed = ini.parse(doc.text, ini.BUILDOUT)
    except ParseError:
        return  # the extractor reports the file that does not parse
    for entry in parsed.entries:
        key = entry.key.rstrip("+-").strip().lower()
        if entry.section != "buildout" or key not in _EXTENDS:
            continue
        for piece in entry.pieces:
            for value in doc.text[piece.start : piece.end].split():
                if _remote(value):
                    number = doc.position(piece.start)[0]
                    yield (
                        f"line {number}: {key} {urls.redact(value)}: a remote buildout "
                        "configuration, never fetched: scan it where it is kept"
                    )
