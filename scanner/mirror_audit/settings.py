"""Configuration files: ``[tool.mirror-audit]`` in pyproject.toml, or ``.mirror-audit.toml``.

The file is found by walking up from the scanned paths (their common directory) to the
repository root, or named with --config. Its values fill a Config; options given on the command
line override them. Errors name the file, the key and, for rule keys, the rule; they exit 2.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .config import Config
from .errors import ConfigError
from .exclusion import invalid_pattern
from .model import Severity

OWN_FILE = ".mirror-audit.toml"  # top-level keys; beats pyproject.toml in the same directory
PYPROJECT = "pyproject.toml"  # keys under [tool.mirror-audit]; a pyproject without it is passed by
_UNITS = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


@dataclass(frozen=True)
class Settings:
    """The values one configuration file sets, as Config field names, and where they came from."""

    source: str
    table: str  # how errors name the table: "[tool.mirror-audit]" or "" (top level)
    values: Mapping[str, Any]


# -- finding the file -------------------------------------------------------------------------


def find(paths: Sequence[str]) -> str | None:
    """The configuration file of the scanned paths: the nearest above each, up to the repository.

    Every path must be under the same one (or none): pre-commit hands a run's files out in
    batches, and each batch must be checked with the same settings whatever files it got.
    """
    starts = {_start(p) for p in paths}  # pre-commit's files share a few directories; --host: none
    found = {f for f in map(_nearest, starts) if f is not None}
    if len(found) > 1:
        first, second = sorted(found)[:2]
        raise ConfigError(
            f"the scanned paths have different configuration files ({first}, {second}): "
            "scan them separately, or name one with --config"
        )
    return found.pop() if found else None


def _start(path: str) -> str:
    absolute = os.path.abspath(path)
    return absolute if os.path.isdir(absolute) else os.path.dirname(absolute)


def _nearest(directory: str) -> str | None:
    while True:
        for name in (OWN_FILE, PYPROJECT):
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate) and (name == OWN_FILE or _has_table(candidate)):
                return candidate
        parent = os.path.dirname(directory)
        # NOTE: a repository's root is as far as its configuration goes: a pyproject.toml in a
        # directory above the checkout belongs to something else.
        if parent == directory or os.path.exists(os.path.join(directory, ".git")):
            return None
        directory = parent


def _has_table(pyproject: str) -> bool:
    try:
        with open(pyproject, "rb") as handle:
            head = handle.read()
    except OSError:
        return False
    # A cheap look first: most pyproject.toml files are not ours and need no TOML parse.
    return b"mirror-audit" in head and "mirror-audit" in _parse(pyproject).get("tool", {})


def _parse(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc
    try:
        import tomllib as toml  # here only: most runs have no configuration file to parse
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        import tomlkit as toml  # type: ignore[no-redef]
    try:
        return dict(toml.loads(text))
    except Exception as exc:  # tomllib.TOMLDecodeError or tomlkit's ParseError
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


# -- reading it -------------------------------------------------------------------------------


def load(path: str) -> Settings:
    """The validated settings of a configuration file (pyproject.toml or a .mirror-audit.toml)."""
    data = _parse(path)
    if os.path.basename(path) == PYPROJECT:
        table, where = data.get("tool", {}).get("mirror-audit"), "[tool.mirror-audit]"
        if table is None:
            raise ConfigError(f"{path}: has no [tool.mirror-audit] table")
    else:
        table, where = data, ""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {where or 'configuration'}: expected a table")
    reader = _Reader(path, where, os.path.dirname(os.path.abspath(path)))
    values = {}
    for key, value in table.items():
        if key not in _KEYS:
            raise reader.fail(key, f"unknown key (expected one of {', '.join(sorted(_KEYS))})")
        field, convert = _KEYS[key]
        values[field] = convert(reader, key, value)
    return Settings(path, where, values)


class _Reader:
    """Typed access to the values of one table; errors name the file, the table and the key."""

    def __init__(self, source: str, table: str, directory: str) -> None:
        self.source, self.table, self.directory = source, table, directory

    def fail(self, key: str, problem: str) -> ConfigError:
        where = f"{self.table} " if self.table else ""
        return ConfigError(f"{self.source}: {where}key {key!r}: {problem}")

    def strings(self, key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "expected an array of strings")
        return tuple(value)

    def patterns(self, key: str, value: Any) -> tuple[str, ...]:
        for line in self.strings(key, value):
            why = invalid_pattern(line)
            if why:
                raise self.fail(key, f"{line!r} is not a valid pattern ({why})")
        return tuple(value)

    def flag(self, key: str, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, "expected true or false")
        return value

    def severity(self, key: str, value: Any) -> Severity:
        try:
            return Severity(value)
        except (ValueError, TypeError):
            raise self.fail(key, "expected one of info, warning, error") from None

    def size(self, key: str, value: Any) -> int:
        try:
            size = parse_size(value) if isinstance(value, str) else value
        except ValueError:
            size = None
        if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
            raise self.fail(key, 'expected a size in bytes or a string such as "10M"')
        return size

    def severities(self, key: str, value: Any) -> dict[str, Severity]:
        if not isinstance(value, dict):
            raise self.fail(key, 'expected a table of rule = "error" | "warning" | "info"')
        levels = {s.value for s in Severity}
        bad = next((rule for rule, level in value.items() if level not in levels), None)
        if bad is not None:
            raise self.fail(key, f"rule {bad!r}: expected one of info, warning, error")
        return {rule: Severity(level) for rule, level in value.items()}

    def maps(self, key: str, value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            raise self.fail(key, 'expected a table of "old.host" = "https://your.mirror/simple/"')
        for host, url in value.items():
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                raise self.fail(key, f"host {host!r}: expected an http(s) URL")
        return dict(value)

    def files(self, key: str, value: Any) -> tuple[str, ...]:
        # Rule files are named relative to the configuration file, wherever the scan runs from.
        return tuple(os.path.join(self.directory, p) for p in self.strings(key, value))


_Convert = Callable[[_Reader, str, Any], Any]
_KEYS: dict[str, tuple[str, _Convert]] = {
    "select": ("select", _Reader.strings),
    "ignore": ("ignore", _Reader.strings),
    "extend-select": ("extend_select", _Reader.strings),
    "severity": ("severity", _Reader.severities),
    "exclude": ("anchored_exclude", _Reader.patterns),
    "extend-exclude": ("extend_exclude", _Reader.patterns),
    "include-vendored": ("include_vendored", _Reader.flag),
    "respect-gitignore": ("respect_gitignore", _Reader.flag),
    "follow-symlinks": ("follow_symlinks", _Reader.flag),
    "max-file-size": ("max_file_size", _Reader.size),
    "fail-on": ("fail_on", _Reader.severity),
    "map": ("maps", _Reader.maps),
    "rules": ("rule_files", _Reader.files),
}


def parse_size(value: str) -> int:
    """``10M``, ``512K``, ``1GiB``, ``1048576``: a size in bytes; ValueError otherwise."""
    text = value.strip().lower().removesuffix("ib").removesuffix("b")
    if text and text[-1] in _UNITS:
        return int(float(text[:-1]) * _UNITS[text[-1]])
    return int(text)


# -- combining it with the command line -------------------------------------------------------


def configure(
    paths: Sequence[str],
    cli: Config,
    given: frozenset[str] = frozenset(),
    config_file: str | None = None,
    isolated: bool = False,
) -> Config:
    """The run's Config: the configuration file's values, overridden by the options ``given``.

    ``given`` names the Config fields set on the command line. ``--select`` there replaces the
    file's whole selection (select, extend-select, ignore); ``--ignore``, ``--extend-select``,
    ``--rules`` and ``--map`` add to the file's; any other option replaces the file's value.
    """
    if isolated:
        return cli
    found = config_file or find(paths)
    if found is None:
        return cli
    settings = load(found)
    check_rules(settings, cli.rule_files)
    return merge(settings, cli, given)


def merge(settings: Settings, cli: Config, given: frozenset[str]) -> Config:
    values = dict(settings.values)
    extend_exclude = values.pop("extend_exclude", ())
    file_exclude = values.pop("anchored_exclude", ())
    for name in given:
        if name not in _ADDED:
            values[name] = getattr(cli, name)
    if "select" in given:
        values["extend_select"], values["ignore"] = cli.extend_select, cli.ignore
    else:
        for name in ("extend_select", "ignore"):
            values[name] = (*values.get(name, ()), *getattr(cli, name))
    values["rule_files"] = (*values.get("rule_files", ()), *cli.rule_files)
    values["maps"] = {**values.get("maps", {}), **cli.maps}
    # A command-line --exclude replaces the file's exclude; its extend-exclude stays.
    anchored = (*(() if "exclude" in given else file_exclude), *extend_exclude)
    root = os.path.dirname(os.path.abspath(settings.source))
    return replace(
        cli, **values, anchored_exclude=anchored, anchor=root, config_file=settings.source
    )


_ADDED = frozenset({"ignore", "extend_select", "rule_files", "maps"})


def check_rules(settings: Settings, extra_rule_files: Sequence[str] = ()) -> None:
    """Every rule the file names exists: in the default pack or in a rule file of the run."""
    from .rules import RuleSet, load_rules

    rule_files = (*settings.values.get("rule_files", ()), *extra_rule_files)
    rules: RuleSet = load_rules(rule_files)  # a bad rule file names itself, its rule and key
    where = f"{settings.table} " if settings.table else ""
    for key, field in (
        ("select", "select"),
        ("extend-select", "extend_select"),
        ("ignore", "ignore"),
        ("severity", "severity"),
    ):
        for name in settings.values.get(field, ()):
            if name and not rules.select((name,), ()).rules:
                raise ConfigError(
                    f"{settings.source}: {where}key {key!r}: rule {name!r}: no rule has this id, "
                    "id prefix or name (`mirror-audit rules` lists them)"
                )
