"""Lock files: Pipfile.lock (JSON), poetry.lock, uv.lock, pdm.lock and pylock.toml (TOML).

Every URL in them is reported; api.py gives them the LOCK context, so they are never edited and
the finding says which command regenerates the lock.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from ..model import Context, Document, Quoting, Reference
from . import ParseError, quoted, text, toml
from .vocabulary import Vocabulary

# A JSON string; the text between two of them (outside any string) is structure only.
_JSON_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL)
_KEY_AFTER = re.compile(r"\s*:")


def extract(doc: Document, vocab: Vocabulary) -> Iterator[Reference]:
    if doc.text.lstrip().startswith("{"):
        return extract_json(doc, vocab)
    return toml.extract(doc, vocab)


def extract_json(doc: Document, vocab: Vocabulary) -> Iterator[Reference]:
    """Pipfile.lock: each JSON string value, its offsets those of its written content."""
    try:
        json.loads(doc.text)
    except json.JSONDecodeError as exc:
        raise ParseError(f"{exc.msg} (at line {exc.lineno}, column {exc.colno})") from None
    return _json_strings(doc, vocab)


def _json_strings(doc: Document, vocab: Vocabulary) -> Iterator[Reference]:
    key = ""
    for found in _JSON_STRING.finditer(doc.text):
        if _KEY_AFTER.match(doc.text, found.end()):
            key = found.group(1)
            continue
        content, start = found.group(1), found.start(1)
        if "\\" not in content.replace("\\/", ""):  # text.scan reads '\/' itself
            yield from text.scan(doc.text, vocab, Context.LOCK, start, found.end(1),
                                 style=text.NO_COMMENTS, setting=key, quoting=Quoting.JSON)
            continue
        decoded = quoted.decode(content, quoted.json_escape)
        yield from quoted.scan(doc.text, vocab, Context.LOCK, start, decoded, setting=key,
                               escaped=Quoting.JSON)
