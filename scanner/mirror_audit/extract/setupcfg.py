"""setup.cfg and the distutils config files (.pydistutils.cfg, pydistutils.cfg, distutils.cfg).

setuptools reads them with ConfigParser and BasicInterpolation, so a '%' is written '%%'
(Quoting.PERCENT); the tox sections of setup.cfg are tox's, read without interpolation.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Context, Document, Quoting, Reference, Role
from . import ini, iniscan, tox
from .iniscan import Value
from .vocabulary import Vocabulary

_P = Quoting.PERCENT
_EASY_INSTALL = {
    "index_url": Value(Role.INDEX, Context.SETTING, quoting=_P),
    "find_links": Value(Role.INDEX, Context.SETTING, split=" ", quoting=_P),
    "allow_hosts": Value(Role.ALLOW_HOSTS, Context.SETTING, split=",", quoting=_P),
}
_DEPENDENCY = Value(context=Context.DEPENDENCY, quoting=_P)
_OPTIONS = {
    "dependency_links": Value(Role.URL, Context.DEPENDENCY, quoting=_P),
    "install_requires": _DEPENDENCY,
    "setup_requires": _DEPENDENCY,
    "tests_require": _DEPENDENCY,
}
_LINK = Value(Role.URL, Context.LINK, quoting=_P)
_LINKS = frozenset({"url", "home_page", "download_url", "project_urls"})  # and any other *url*
# Other metadata (description, classifiers) is a mention; any other section is a command's options.
_METADATA = Value(context=Context.MENTION, known=False, quoting=_P)
_UNKNOWN = Value(known=False, quoting=_P)
_REPOSITORY = Value(Role.UPLOAD, Context.SETTING, quoting=_P)


def lookup(section: str, key: str) -> Value:
    if tox.is_tox_section(section, setup_cfg=True):
        return tox.lookup(section, key, setup_cfg=True)
    name = key.lower().replace("-", "_")  # setuptools turns dashes into underscores
    if section == "easy_install":
        return _EASY_INSTALL.get(name, _UNKNOWN)
    if section == "options":
        return _OPTIONS.get(name, _UNKNOWN)
    if section == "options.extras_require":
        return _DEPENDENCY
    if section in ("upload", "register") and name == "repository":
        return _REPOSITORY
    if section == "metadata":
        return _LINK if name in _LINKS or "url" in name else _METADATA
    return _UNKNOWN


FORMAT = iniscan.Format(ini.CONFIGPARSER, lookup)


def extract(doc: Document, vocab: Vocabulary) -> Iterable[Reference]:
    return iniscan.extract(doc, vocab, FORMAT)
