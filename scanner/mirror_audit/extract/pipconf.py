"""pip.conf and pip.ini: every section, pip's option names as keys (RawConfigParser)."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Context, Document, Reference, Role
from ..rules import normalise_key
from . import ini, iniscan
from .iniscan import Value
from .vocabulary import Vocabulary

# pip splits append options on whitespace; index-url is used verbatim. `index` is pip search's
# --index (an XML-RPC URL, not a simple index); `mirrors` held mirror URLs until pip 7.
KEYS: dict[str, Value] = {
    "index-url": Value(Role.INDEX, Context.SETTING),
    "pypi-url": Value(Role.INDEX, Context.SETTING),
    "extra-index-url": Value(Role.INDEX, Context.SETTING, split=" "),
    "find-links": Value(Role.INDEX, Context.SETTING, split=" "),
    "mirrors": Value(Role.INDEX, Context.SETTING, split=" "),
    "trusted-host": Value(Role.TRUSTED_HOST, Context.SETTING, split=" "),
    "index": Value(Role.URL, Context.SETTING),
}


def lookup(section: str, key: str) -> Value:
    """pip reads every section; keys are normalised (lower, '_' -> '-', no leading '--')."""
    return KEYS.get(normalise_key(key), iniscan.UNKNOWN)


FORMAT = iniscan.Format(ini.CONFIGPARSER, lookup, removed_keys=True)


def extract(doc: Document, vocab: Vocabulary) -> Iterable[Reference]:
    return iniscan.extract(doc, vocab, FORMAT)
