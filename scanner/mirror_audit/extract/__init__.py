"""Extractors: one per file kind, listed by hand. Each turns a Document into References.

An extractor is a function ``(Document, Vocabulary) -> Iterable[Reference]``. One that cannot
parse its file raises ParseError; the file is then reported in ``errors`` and scanned as
generic text so that nothing is missed. Modules are imported on first use, so a scan of five
requirements files never imports libcst or tomlkit.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import Protocol

from .. import kinds
from ..model import Document, Reference, Skip
from ..probe import Probe
from . import generic
from .vocabulary import Vocabulary, vocabulary

__all__ = ["EXTRACTORS", "Extractor", "ParseError", "extract", "vocabulary"]


class ParseError(Exception):
    """The file is not valid in its format; the message says where and why."""


class Extractor(Protocol):
    def __call__(self, doc: Document, vocab: Vocabulary) -> Iterable[Reference]: ...


# kind -> "module:function" inside this package
EXTRACTORS: dict[str, str] = {
    kinds.TEXT: "generic:extract",
    kinds.DOCS: "generic:extract",
    kinds.CFG: "cfg:extract",
    kinds.PIP_CONF: "pipconf:extract",
    kinds.SETUP_CFG: "setupcfg:extract",
    kinds.DISTUTILS_CFG: "setupcfg:extract",
    kinds.TOX_INI: "tox:extract",
    kinds.BUILDOUT: "buildout:extract",
    kinds.PYPIRC: "pypirc:extract",
    kinds.CONDA_ENV: "conda:extract",
    kinds.REQUIREMENTS: "requirements:extract",
    kinds.DOCKERFILE: "dockerfile:extract",
    kinds.PYPROJECT: "toml:extract",
    kinds.TOOL_TOML: "toml:extract",
    kinds.PIPFILE: "toml:extract",
    kinds.LOCK: "lock:extract",
    kinds.PYTHON_SETUP: "python:extract",
    kinds.ENV_FILE: "envfiles:extract",
    kinds.SHELL_PROFILE: "envfiles:extract",
    kinds.SYSTEMD_UNIT: "envfiles:extract",
    kinds.CRONTAB: "envfiles:extract",
}

# kind -> "module:function" naming the local files a file of that kind makes pip read (-r/-c)
INCLUDERS: dict[str, str] = {
    kinds.REQUIREMENTS: "requirements:includes",
    kinds.CONDA_ENV: "conda:includes",
}

_GENERIC = "generic:extract"
_LOADED: dict[str, Extractor] = {_GENERIC: generic.extract}


def extractor_for(kind: str) -> Extractor:
    name = EXTRACTORS.get(kind, _GENERIC)
    found = _LOADED.get(name)
    if found is None:
        module, _, function = name.partition(":")
        found = getattr(importlib.import_module(f"{__name__}.{module}"), function)
        _LOADED[name] = found
    return found


def scanned_as_text(kind: str) -> bool:
    """Whether files of ``kind`` are scanned as free text, a line at a time (generic.py)."""
    return EXTRACTORS.get(kind, _GENERIC) == _GENERIC


def includes(doc: Document) -> tuple[str, ...]:
    """The local files ``doc`` makes pip read as requirements files; the scan follows them."""
    name = INCLUDERS.get(doc.kind)
    if name is None:
        return ()
    module, _, function = name.partition(":")
    found: tuple[str, ...] = getattr(importlib.import_module(f"{__name__}.{module}"), function)(doc)
    return found


def prefilter(kind: str, vocab: Vocabulary) -> Probe | None:
    """What lets read() skip decoding a file: never for one whose includes are followed, nor
    for a buildout file (its remote ``extends`` are reported, whatever hosts they name)."""
    return None if kind in INCLUDERS or kind == kinds.BUILDOUT else vocab.prefilter


def extract(doc: Document, vocab: Vocabulary) -> tuple[list[Reference], list[Skip]]:
    """The references in a document, in file order, without duplicates."""
    errors: list[Skip] = []
    try:
        references = list(extractor_for(doc.kind)(doc, vocab))
    except (ParseError, RecursionError) as exc:
        # NOTE: the TOML and YAML parsers recurse per nesting level: 5,000 "[" exhaust the stack.
        why = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        errors.append(
            Skip(doc.display, f"does not parse as {doc.kind}: {why}; scanned as text", "parse")
        )
        references = list(generic.extract(doc, vocab))
    from .. import remote  # NOTE: here, not at the top: remote reads with this package's parsers

    errors.extend(remote.notices(doc))  # what the tool would download: reported, never fetched
    return unique(references), errors


def unique(references: Iterable[Reference]) -> list[Reference]:
    """First reference wins at each (start, end); sorted by position."""
    seen: dict[tuple[int, int], Reference] = {}
    for ref in references:
        seen.setdefault((ref.start, ref.end), ref)
    return sorted(seen.values(), key=lambda r: (r.start, r.end))


Factory = Callable[[Document, Vocabulary], Iterable[Reference]]
