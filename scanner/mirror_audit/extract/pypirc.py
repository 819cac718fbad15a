""".pypirc: a `repository` upload URL per index server (twine: RawConfigParser)."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Context, Document, Reference, Role
from . import ini, iniscan
from .iniscan import Value
from .vocabulary import Vocabulary

_REPOSITORY = Value(Role.UPLOAD, Context.SETTING)
_SERVERS = Value(Role.URL, Context.SETTING, split=" ")


def lookup(section: str, key: str) -> Value:
    """`repository` in any server section (and legacy [server-login]); index-servers names them."""
    name = key.lower()
    if name == "repository":
        return _REPOSITORY
    if section == "distutils" and name == "index-servers":
        return _SERVERS
    return iniscan.UNKNOWN


FORMAT = iniscan.Format(ini.CONFIGPARSER, lookup)


def extract(doc: Document, vocab: Vocabulary) -> Iterable[Reference]:
    return iniscan.extract(doc, vocab, FORMAT)
