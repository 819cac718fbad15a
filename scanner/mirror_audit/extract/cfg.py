"""Any other *.cfg: read as lenient INI (the tool is unknown), pip's key names give roles."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Context, Document, Reference, Role
from ..rules import normalise_key
from . import ini, iniscan, pipconf
from .iniscan import Value
from .vocabulary import Vocabulary

_REPOSITORY = Value(Role.UPLOAD, Context.SETTING)


def lookup(section: str, key: str) -> Value:
    name = normalise_key(key)
    if name == "repository":
        return _REPOSITORY
    return pipconf.KEYS.get(name, iniscan.UNKNOWN) if name != "index" else iniscan.UNKNOWN


FORMAT = iniscan.Format(ini.LENIENT, lookup)


def extract(doc: Document, vocab: Vocabulary) -> Iterable[Reference]:
    return iniscan.extract(doc, vocab, FORMAT)
