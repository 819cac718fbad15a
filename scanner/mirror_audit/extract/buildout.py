"""zc.buildout configuration: buildout.cfg, ~/.buildout/default.cfg, any *.cfg with [buildout].

buildout's own parser: only '=' separates a key, comments start at column 0 (an indented '#'
line is value text), `+=`/`-=` add and remove lines. Values of other options are recipe input
(shell commands in `cmds`, download `url`s) and go through text.scan.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Context, Document, Reference, Role
from . import ini, iniscan
from .iniscan import Value
from .vocabulary import Vocabulary

# zc.recipe.egg parts take index and find-links too, so these hold in every section.
_EVERYWHERE = {
    "index": Value(Role.INDEX, Context.SETTING),
    "find-links": Value(Role.INDEX, Context.SETTING, split=" "),
    "allow-hosts": Value(Role.ALLOW_HOSTS, Context.SETTING, split="\n"),  # split on lines only
}
_EXTENDS = Value(Role.URL, Context.SETTING, split=" ")
# A part's url is a download, not an index: plain http there is not an insecure index.
_DOWNLOAD = Value(Role.URL, Context.DEPENDENCY, split=" ")
_BUILDOUT = {"extends": _EXTENDS, "optional-extends": _EXTENDS}
_PART = {"url": _DOWNLOAD, "urls": _DOWNLOAD}


def lookup(section: str, key: str) -> Value:
    name = key.rstrip("+-").strip().lower()
    table = _BUILDOUT if section == "buildout" else _PART
    return _EVERYWHERE.get(name) or table.get(name, iniscan.UNKNOWN)


FORMAT = iniscan.Format(ini.BUILDOUT, lookup)


def extract(doc: Document, vocab: Vocabulary) -> Iterable[Reference]:
    return iniscan.extract(doc, vocab, FORMAT)
