"""Which index pip would use: pip's configuration precedence, each value with its file and line.

pip (src/pip/_internal/configuration.py, cli/parser.py) loads the global files, the user files,
the site file (``sys.prefix/pip.conf``), the file PIP_CONFIG_FILE names, then the PIP_*
variables; a later source overrides an earlier one key by key. The merged items are then applied
section by section: ``[global]``, the command's section (``[install]``), the environment. An
existing PIP_CONFIG_FILE makes pip skip the user files; PIP_CONFIG_FILE=/dev/null, every file.
"""

from __future__ import annotations

import bisect
import configparser
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import kinds, match, read, system
from .extract import ini
from .model import Context, Reference, Role, Severity
from .rules import RuleSet, normalise_key

DEFAULT_INDEX = "https://pypi.org/simple"
COMMAND = "install"
SECTIONS = ("global", COMMAND, ":env:")  # pip's override order for `pip install`
# pip option names -> the setting they set (--pypi-url is an alias of --index-url)
OPTIONS = {
    "index-url": "index-url",
    "pypi-url": "index-url",
    "extra-index-url": "extra-index-url",
    "find-links": "find-links",
    "trusted-host": "trusted-host",
    "no-index": "no-index",
}
LISTS = frozenset({"extra-index-url", "find-links", "trusted-host"})  # split on whitespace
ROLES = {"trusted-host": Role.TRUSTED_HOST, "no-index": Role.KEY}
_IGNORED_VARIABLES = frozenset({"version", "help"})  # pip's ENV_NAMES_IGNORED
_MAX_SIZE = 1 << 20


@dataclass(frozen=True)
class Variable:
    """An environment variable in effect, and the statement that set it."""

    name: str
    value: str
    path: str  # the file that sets it, or <environment>/NAME
    line: int
    dynamic: bool = False  # holds $VAR or $(...): the value pip sees is not known here


@dataclass(frozen=True)
class ConfigFile:
    """A configuration file pip would read, and whether it was read."""

    path: str  # on the audited system
    variant: str  # global, user, site, env (the file PIP_CONFIG_FILE names)
    state: str  # read, missing, "skipped: why", "error: why"


@dataclass(frozen=True)
class Problem:
    """A legacy value in pip's effective configuration, with the rule it breaks."""

    value: str
    rule: str
    severity: str
    message: str
    replacement: str | None


@dataclass(frozen=True)
class Setting:
    """One effective pip setting, and where its winning value is set."""

    name: str  # index-url, extra-index-url, find-links, trusted-host, no-index
    values: tuple[str, ...]
    path: str  # where it is set ("" for pip's default)
    line: int
    origin: str  # global, user, site, env, environment, default
    section: str  # global, install, :env:
    key: str  # as written: index_url, PIP_INDEX_URL, ...
    problems: tuple[Problem, ...] = ()
    dynamic: bool = False


@dataclass(frozen=True)
class Resolution:
    """pip's configuration as pip would resolve it: files read, settings, errors."""

    files: tuple[ConfigFile, ...]
    settings: tuple[Setting, ...]
    errors: tuple[str, ...] = ()  # a file pip refuses: pip stops before it installs anything


@dataclass(frozen=True)
class _Item:
    """One value of a setting, with the file and line it comes from."""

    value: str
    path: str
    line: int
    origin: str
    key: str
    dynamic: bool = False


def resolve(
    root: str, home: str, prefix: str, environment: Mapping[str, Variable], rules: RuleSet
) -> Resolution:
    """The settings pip reads on the system at ``root`` for a user at ``home`` (``prefix``:
    the sys.prefix of the pip that runs, "" if unknown), with these variables."""
    files = config_files(root, home, prefix, environment)
    merged: dict[str, _Item] = {}  # "section.key" -> item; dict.update order, as pip's
    errors: list[str] = []
    states = []
    for path, variant, state in files:
        if state == "read":
            state = _load(root, path, variant, merged)
            if state.startswith("error"):
                errors.append(f"{path}: {state[7:]}")
        states.append(ConfigFile(path, variant, state))
    for name, variable in environment.items():
        key = normalise_key(name[4:])
        if name.startswith("PIP_") and key not in _IGNORED_VARIABLES:
            merged[f":env:.{key}"] = _Item(
                variable.value, variable.path, variable.line, "environment", name, variable.dynamic
            )
    return Resolution(tuple(states), _effective(merged, rules), tuple(errors))


def config_files(
    root: str, home: str, prefix: str, environment: Mapping[str, Variable]
) -> list[tuple[str, str, str]]:
    """(path, variant, read | missing | skipped: why) in pip's loading order."""
    named = environment.get("PIP_CONFIG_FILE")
    dirs = _get(environment, "XDG_CONFIG_DIRS") or "/etc/xdg"
    config_home = _get(environment, "XDG_CONFIG_HOME") or f"{home.rstrip('/')}/.config"
    plan = [(f"{d.rstrip('/')}/pip/pip.conf", "global") for d in dirs.split(":") if d]
    plan += [("/etc/pip.conf", "global"), (f"{home.rstrip('/')}/.pip/pip.conf", "user")]
    plan += [(f"{config_home.rstrip('/')}/pip/pip.conf", "user")]
    plan += [(f"{prefix.rstrip('/')}/pip.conf", "site")] if prefix else []
    plan += [(named.value, "env")] if named else []
    found = []
    for path, variant in plan:
        state = "read" if _exists(root, path) else "missing"
        if named and named.value == "/dev/null":
            state = "skipped: PIP_CONFIG_FILE=/dev/null"
        elif variant == "user" and named and _exists(root, named.value):
            state = "skipped: PIP_CONFIG_FILE names a file"
        found.append((path, variant, state))
    return found


def _get(environment: Mapping[str, Variable], name: str) -> str:
    variable = environment.get(name)
    return variable.value if variable is not None and not variable.dynamic else ""


def _exists(root: str, path: str) -> bool:
    try:
        return bool(os.stat(system.resolve(root, path)))
    except OSError:
        return False


def _load(root: str, path: str, variant: str, merged: dict[str, _Item]) -> str:
    """Add a file's items to ``merged``; "read", or "error: why" for a file pip refuses."""
    raw = read.read_bytes(system.resolve(root, path), _MAX_SIZE)
    if not isinstance(raw, bytes):
        return f"error: {raw.reason}"
    try:
        source = raw.decode("utf-8")  # pip reads the locale's encoding: UTF-8 on a sane host
        parser = configparser.RawConfigParser()
        parser.read_string(source, path)
    except (UnicodeDecodeError, configparser.Error) as exc:
        return "error: pip refuses it: " + " ".join(str(exc).split())
    lines = _key_lines(source)
    for section in parser.sections():
        for key, value in parser.items(section):
            name = normalise_key(key)
            line = lines.get((section, name)) or lines.get(("DEFAULT", name), 0)
            merged[f"{section}.{name}"] = _Item(value, path, line, variant, key)
    return "read"


def _key_lines(source: str) -> dict[tuple[str, str], int]:
    """(section, normalised key) -> 1-based line of the key, from the position-keeping parser."""
    starts = read.line_starts(source)
    parsed = ini.parse(source, ini.LENIENT)
    return {(e.section, normalise_key(e.key)): _line(starts, e.key_start) for e in parsed.entries}


def _line(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _effective(merged: dict[str, _Item], rules: RuleSet) -> tuple[Setting, ...]:
    chosen: dict[str, Setting] = {}
    for section in SECTIONS:
        for name, item in merged.items():
            where, _, key = name.partition(".")
            setting = OPTIONS.get(key)
            if where != section or setting is None or not item.value:
                continue  # pip ignores empty values and unknown keys
            values = tuple(item.value.split()) if setting in LISTS else (item.value,)
            chosen[setting] = Setting(
                setting,
                values,
                item.path,
                item.line,
                item.origin,
                section,
                item.key,
                problems(values, setting, rules),
                item.dynamic,
            )
    if "index-url" not in chosen:
        chosen["index-url"] = Setting(
            "index-url",
            (DEFAULT_INDEX,),
            "",
            0,
            "default",
            "",
            "",
            problems((DEFAULT_INDEX,), "index-url", rules),
        )
    return tuple(chosen[name] for name in dict.fromkeys(OPTIONS.values()) if name in chosen)


def problems(values: tuple[str, ...], setting: str, rules: RuleSet) -> tuple[Problem, ...]:
    """What the rules say about each value (a legacy host, plain http, a trusted PyPI host)."""
    role = ROLES.get(setting, Role.INDEX)
    if role is Role.KEY:
        return ()
    found: list[Problem] = []
    for value in values:
        doc = read.make_document("<pip-config>", value, kinds.PIP_CONF)
        reference = Reference(0, len(value), value, role, Context.SETTING, setting=setting)
        found.extend(
            Problem(value, f.rule, f.severity.value, f.message, f.replacement)
            for f in match.match_reference(doc, reference, rules)
            if f.severity is not Severity.INFO
        )
    return tuple(found)
