"""Any other text file: scripts, CI YAML, Makefiles, .env files, documentation."""

from __future__ import annotations

import posixpath

from .. import kinds
from ..model import Context, Document, Reference
from . import text
from .vocabulary import Vocabulary
from .windows import windows

_STYLES: dict[str, text.Style] = {
    ".md": text.NO_COMMENTS, ".markdown": text.NO_COMMENTS, ".rst": text.NO_COMMENTS,
    ".html": text.NO_COMMENTS, ".htm": text.NO_COMMENTS, ".txt": text.NO_COMMENTS,
    ".json": text.NO_COMMENTS, ".log": text.NO_COMMENTS,
    ".ini": text.Style(line_comments=("#", ";"), inline_comment=False),
    ".cfg": text.Style(line_comments=("#", ";"), inline_comment=False),
    ".bat": text.Style(line_comments=("REM ", "rem ", "::"), inline_comment=False),
    ".cmd": text.Style(line_comments=("REM ", "rem ", "::"), inline_comment=False),
    ".js": text.Style(line_comments=("//",), inline_comment=False),
    ".ts": text.Style(line_comments=("//",), inline_comment=False),
    ".groovy": text.Style(line_comments=("//",), inline_comment=False),
}


def style_for(path: str) -> text.Style:
    return _STYLES.get(posixpath.splitext(path)[1].lower(), text.SHELL)


def extract(doc: Document, vocab: Vocabulary) -> list[Reference]:
    """Every reference in the file; documentation yields mentions, anything else is active."""
    context = Context.MENTION if doc.kind in kinds.PASSIVE_KINDS else Context.COMMAND
    style = style_for(doc.path)
    # NOTE: only the lines that may hold a finding are scanned (windows.py says why that is exact).
    return [ref for start, end in windows(doc, vocab.prefilter)
            for ref in text.scan(doc.text, vocab, context, start, end, style=style)]
