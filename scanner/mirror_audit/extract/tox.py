"""tox.ini, and the tox sections of setup.cfg: indexserver, install_command, set_env, deps.

tox 4 reads them with ConfigParser(interpolation=None) and strips an unescaped '#' anywhere in
a value. Other sections of tox.ini belong to other tools (pytest, flake8) and have no inline
comments.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Context, Document, Reference, Role
from . import ini, iniscan
from .iniscan import Value
from .vocabulary import Vocabulary

# tox 3's [tox] indexserver: "name = URL" lines, each reported on its own (rule MA304).
_INDEXSERVER = Value(Role.INDEX, Context.SETTING, inline_comments=True)
# deps are requirement lines and install_command is a pip command: -i/-f count as pip's.
_PIP = Value(context=Context.COMMAND, pip=True, inline_comments=True)
# set_env lines are NAME=value: PIP_INDEX_URL's value has the index role.
_SET_ENV = Value(context=Context.COMMAND, inline_comments=True, variables=True)
_OTHER = Value(known=False, inline_comments=True)
_ENV_KEYS = {"deps": _PIP, "install_command": _PIP, "setenv": _SET_ENV, "set_env": _SET_ENV}


def is_tox_section(section: str, setup_cfg: bool = False) -> bool:
    head = "tox:tox" if setup_cfg else "tox"
    return section == head or section == "testenv" or section.startswith(("testenv:", "pkgenv"))


def lookup(section: str, key: str, setup_cfg: bool = False) -> Value:
    if not is_tox_section(section, setup_cfg):
        return iniscan.UNKNOWN
    name = key.lower().replace("-", "_")
    if section.startswith("tox") and name == "indexserver":
        return _INDEXSERVER
    return _ENV_KEYS.get(name, _OTHER)


FORMAT = iniscan.Format(ini.CONFIGPARSER, lookup)


def extract(doc: Document, vocab: Vocabulary) -> Iterable[Reference]:
    return iniscan.extract(doc, vocab, FORMAT)
