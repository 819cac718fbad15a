"""Rules as data: load and validate rule files (the default pack and the user's own)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import backtracking
from .errors import RuleError
from .model import Context, FixSafety, Role, Severity

try:
    import tomllib as _toml
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomlkit as _toml  # type: ignore[no-redef]

DEFAULT_RULES = "pypi-legacy.toml"
ACTIONS = ("target", "https", "remove", "none")


@dataclass(frozen=True)
class Target:
    """Where a family of legacy hosts lives now."""

    name: str
    web: str
    index: str
    files: str
    upload: str
    host: str
    trusted_hosts: tuple[str, ...]


@dataclass(frozen=True)
class PathMap:
    """A rewrite by URL path (a legacy path on a current host), from the rules."""

    pattern: re.Pattern[str]
    to: str
    roles: frozenset[Role] = frozenset()
    safety: FixSafety | None = None


@dataclass(frozen=True)
class Rule:
    """One rule of a pack: what it matches, its severity and how it fixes."""

    id: str
    name: str
    severity: Severity
    summary: str
    message: str
    rationale: str
    references: tuple[str, ...]
    dates: Mapping[str, str]
    source: str  # the rule file it came from
    hosts: frozenset[str] = frozenset()
    host_paths: tuple[tuple[str, str], ...] = ()  # (host, path prefix), e.g. python.org/pypi
    host_patterns: tuple[re.Pattern[str], ...] = ()
    except_hosts: frozenset[str] = frozenset()
    schemes: frozenset[str] = frozenset()
    roles: frozenset[Role] = frozenset()
    contexts: frozenset[Context] = frozenset()
    kinds: frozenset[str] = frozenset()
    settings: frozenset[str] = frozenset()
    options: frozenset[str] = frozenset()
    options_with_value: frozenset[str] = frozenset()
    keys: frozenset[str] = frozenset()
    env: frozenset[str] = frozenset()
    hosts_of: tuple[str, ...] = ()
    fallback: bool = False
    fix_safety: FixSafety = FixSafety.NONE
    fix_action: str = "none"
    fix_target: str = ""
    fix_note: str = ""
    regenerate: Mapping[str, str] = field(default_factory=dict)

    @property
    def matches_names(self) -> bool:
        return bool(self.options or self.keys or self.env)


@dataclass(frozen=True)
class RuleSet:
    """The rules of a run, with their targets, path maps and the user's host maps."""

    rules: tuple[Rule, ...]
    targets: Mapping[str, Target]
    paths: tuple[PathMap, ...]
    maps: Mapping[str, str]  # legacy host -> the user's own replacement URL
    version: str
    # Ids and names of every loaded rule, selected or not: a suppression that names a rule the
    # run did not select is not "unused" (selection.choose fills it).
    known: frozenset[str] = frozenset()
    # match.py's memo of which rules a value matches where it stands: a log or a lock file
    # names the same URL thousands of times. Never copied: a changed RuleSet starts empty.
    memo: dict[tuple[object, ...], Any] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def select(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> RuleSet:
        """Keep the rules named (by id, name or id prefix) in select, minus those in ignore."""
        chosen = [r for r in self.rules if _named(r, select, default=True)]
        chosen = [r for r in chosen if not _named(r, ignore, default=False)]
        return RuleSet(tuple(chosen), self.targets, self.paths, self.maps, self.version)

    def with_maps(self, maps: Mapping[str, str]) -> RuleSet:
        merged = {**self.maps, **{normalise_host(k): v for k, v in maps.items()}}
        return RuleSet(self.rules, self.targets, self.paths, merged, self.version)


def _named(rule: Rule, names: Iterable[str], default: bool) -> bool:
    names = [n for n in names if n]
    if not names:
        return default
    return any(
        n.upper() == "ALL" or rule.id.startswith(n.upper()) or rule.name == n for n in names
    )


def normalise_host(host: str) -> str:
    return host.strip().lower().rstrip(".")


def load_rules(extra_files: Sequence[str | os.PathLike[str]] = (), builtin: bool = True) -> RuleSet:
    """The default rule pack plus any user rule files, validated.

    Raises RuleError naming the file, the rule id and the key for anything malformed.
    """
    documents: list[tuple[str, dict[str, Any]]] = []
    if builtin:
        documents.append((DEFAULT_RULES, _parse(DEFAULT_RULES, default_rules_text())))
    for path in extra_files:
        try:
            with open(path, encoding="utf-8") as file:
                text = file.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise RuleError(f"{path}: cannot read rule file: {exc}") from exc
        documents.append((str(path), _parse(str(path), text)))
    return _build(documents)


def default_rules_text() -> str:
    """The embedded default pack: inside the wheel, or in rules/ of a source checkout."""
    # NOTE: plain files first, by os.path: importlib.resources.files costs 25 ms of a 100 ms
    # start-up, and pathlib (with the urllib.parse and ipaddress it imports) 5 ms.
    here = os.path.dirname(__file__)
    checkout = os.path.dirname(os.path.dirname(os.path.realpath(here)))
    for path in (os.path.join(here, "rules", DEFAULT_RULES),
                 os.path.join(checkout, "rules", DEFAULT_RULES)):
        try:
            with open(path, encoding="utf-8") as file:
                return file.read()
        except OSError:  # noqa: PERF203 (the first that reads wins)
            continue
    from importlib import resources  # a zipped installation

    packaged = resources.files("mirror_audit").joinpath("rules", DEFAULT_RULES)
    try:
        return packaged.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"default rules {DEFAULT_RULES} are missing from the installation") from exc


def _parse(source: str, text: str) -> dict[str, Any]:
    try:
        return dict(_toml.loads(text))
    except Exception as exc:  # tomllib.TOMLDecodeError or tomlkit's ParseError
        raise RuleError(f"{source}: not valid TOML: {exc}") from exc


_TOP_KEYS = {"schema", "version", "target", "path", "rule", "map"}
_RULE_KEYS = {
    "id", "name", "severity", "summary", "message", "rationale", "references", "dates",
    "fallback", "match", "fix",
}
_MATCH_KEYS = {
    "hosts", "host-patterns", "except-hosts", "schemes", "roles", "contexts", "kinds",
    "settings", "options", "options-with-value", "keys", "env", "hosts-of",
}
_FIX_KEYS = {"safety", "action", "target", "note", "regenerate"}
_TARGET_KEYS = {"name", "web", "index", "files", "upload", "host", "trusted-hosts"}
_RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*[0-9]+$")


def _build(documents: list[tuple[str, dict[str, Any]]]) -> RuleSet:
    rules: dict[str, Rule] = {}
    targets: dict[str, Target] = {}
    paths: list[PathMap] = []
    maps: dict[str, str] = {}
    version = ""
    for source, data in documents:
        _check_keys(source, "", data, _TOP_KEYS)
        if data.get("schema", 1) != 1:
            raise RuleError(f"{source}: key 'schema': unsupported schema {data['schema']!r}")
        version = version or str(data.get("version", ""))
        for index, raw in enumerate(_table_list(source, "", "target", data)):
            target = _target(source, index, raw)
            targets[target.name] = target
        # A user's path entries come first so that they can override the defaults.
        paths[:0] = [
            _path(source, i, raw) for i, raw in enumerate(_table_list(source, "", "path", data))
        ]
        for host, url in _table(source, "", "map", data).items():
            if not isinstance(url, str) or not url.startswith(("http://", "https://")):
                raise RuleError(f"{source}: [map] key {host!r}: expected an http(s) URL string")
            maps[normalise_host(host)] = url
        for raw in _table_list(source, "", "rule", data):
            rule = _rule(source, raw)
            if rule.id in rules:
                raise RuleError(
                    f"{source}: rule {rule.id}: id already defined in {rules[rule.id].source}"
                )
            rules[rule.id] = rule
    for rule in rules.values():
        if rule.fix_action == "target" and rule.fix_target not in targets:
            raise RuleError(
                f"{rule.source}: rule {rule.id}: key 'fix.target': "
                f"unknown target {rule.fix_target!r}"
            )
        for other in rule.hosts_of:
            if other not in rules:
                raise RuleError(
                    f"{rule.source}: rule {rule.id}: key 'match.hosts-of': unknown rule {other!r}"
                )
    return RuleSet(tuple(rules.values()), targets, tuple(paths), maps, version)


def _rule(source: str, raw: Any) -> Rule:
    if not isinstance(raw, dict):
        raise RuleError(f"{source}: [[rule]] entries must be tables")
    rid = raw.get("id")
    if not isinstance(rid, str) or not _RULE_ID.match(rid):
        raise RuleError(
            f"{source}: rule {rid!r}: key 'id': expected letters then digits, e.g. ORG101"
        )
    where = f"rule {rid}"
    _check_keys(source, where, raw, _RULE_KEYS)
    match = _table(source, where, "match", raw)
    fix = _table(source, where, "fix", raw)
    _check_keys(source, f"{where}: [match]", match, _MATCH_KEYS)
    _check_keys(source, f"{where}: [fix]", fix, _FIX_KEYS)
    get = _Getter(source, where)
    hosts = [normalise_host(h) for h in get.strings(match, "hosts")]
    action = get.string(fix, "action", "target" if "target" in fix else "none")
    if action not in ACTIONS:
        raise RuleError(
            f"{source}: {where}: key 'fix.action': expected one of {', '.join(ACTIONS)}"
        )
    return Rule(
        id=rid,
        name=get.string(raw, "name", rid.lower()),
        severity=get.enum(raw, "severity", Severity, Severity.ERROR),
        summary=get.string(raw, "summary", ""),
        message=get.string(raw, "message", get.string(raw, "summary", rid)),
        rationale=get.string(raw, "rationale", "").strip(),
        references=tuple(get.strings(raw, "references")),
        dates=get.mapping(raw, "dates"),
        source=source,
        hosts=frozenset(h for h in hosts if "/" not in h),
        host_paths=tuple(tuple(h.split("/", 1)) for h in hosts if "/" in h),  # type: ignore[misc]
        host_patterns=tuple(
            get.regex(p, "host-patterns") for p in get.strings(match, "host-patterns")
        ),
        except_hosts=frozenset(normalise_host(h) for h in get.strings(match, "except-hosts")),
        schemes=frozenset(s.lower() for s in get.strings(match, "schemes")),
        roles=frozenset(get.enum_value(Role, r, "roles") for r in get.strings(match, "roles")),
        contexts=frozenset(
            get.enum_value(Context, c, "contexts") for c in get.strings(match, "contexts")
        ),
        kinds=frozenset(get.strings(match, "kinds")),
        settings=frozenset(normalise_key(s) for s in get.strings(match, "settings")),
        options=frozenset(get.strings(match, "options")),
        options_with_value=frozenset(get.strings(match, "options-with-value")),
        keys=frozenset(normalise_key(k) for k in get.strings(match, "keys")),
        env=frozenset(e.upper() for e in get.strings(match, "env")),
        hosts_of=tuple(get.strings(match, "hosts-of")),
        fallback=bool(raw.get("fallback", False)),
        fix_safety=get.enum(fix, "safety", FixSafety, FixSafety.NONE),
        fix_action=action,
        fix_target=get.string(fix, "target", ""),
        fix_note=get.string(fix, "note", ""),
        regenerate=get.mapping(fix, "regenerate"),
    )


def normalise_key(key: str) -> str:
    """pip's normalisation of option and config key names: lower, '_' -> '-', no leading '--'."""
    return key.strip().lower().replace("_", "-").lstrip("-")


def _target(source: str, index: int, raw: Any) -> Target:
    where = f"target #{index + 1}"
    if not isinstance(raw, dict):
        raise RuleError(f"{source}: {where}: expected a table")
    _check_keys(source, where, raw, _TARGET_KEYS)
    get = _Getter(source, where)
    missing = [k for k in ("name", "web") if k not in raw]
    if missing:
        raise RuleError(f"{source}: {where}: key {missing[0]!r} is required")
    web = get.string(raw, "web", "").rstrip("/")
    host = get.string(raw, "host", web.split("://", 1)[-1].split("/", 1)[0])
    return Target(
        name=get.string(raw, "name", ""),
        web=web,
        index=get.string(raw, "index", web + "/simple/"),
        files=get.string(raw, "files", web).rstrip("/"),
        upload=get.string(raw, "upload", web + "/legacy/"),
        host=host,
        trusted_hosts=tuple(get.strings(raw, "trusted-hosts") or [host]),
    )


def _path(source: str, index: int, raw: Any) -> PathMap:
    where = f"path #{index + 1}"
    if not isinstance(raw, dict):
        raise RuleError(f"{source}: {where}: expected a table")
    _check_keys(source, where, raw, {"pattern", "to", "roles", "safety"})
    get = _Getter(source, where)
    return PathMap(
        pattern=get.regex(get.string(raw, "pattern", ""), "pattern"),
        to=get.string(raw, "to", ""),
        roles=frozenset(get.enum_value(Role, r, "roles") for r in get.strings(raw, "roles")),
        safety=get.enum(raw, "safety", FixSafety, None) if "safety" in raw else None,
    )


def _check_keys(source: str, where: str, table: Mapping[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        prefix = f"{where}: " if where else ""
        raise RuleError(
            f"{source}: {prefix}key {unknown[0]!r}: unknown key "
            f"(expected one of {', '.join(sorted(allowed))})"
        )


def _table(source: str, where: str, key: str, data: Mapping[str, Any]) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise RuleError(f"{source}: {where + ': ' if where else ''}key {key!r}: expected a table")
    return value


def _table_list(source: str, where: str, key: str, data: Mapping[str, Any]) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise RuleError(f"{source}: key {key!r}: expected an array of tables ([[{key}]])")
    return value


class _Getter:
    """Typed access to a TOML table, with errors that name the file, the rule and the key."""

    MAX_PATTERN = 500

    def __init__(self, source: str, where: str) -> None:
        self.source, self.where = source, where

    def fail(self, key: str, expected: str) -> RuleError:
        return RuleError(f"{self.source}: {self.where}: key {key!r}: expected {expected}")

    def string(self, table: Mapping[str, Any], key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            raise self.fail(key, "a string")
        return value

    def strings(self, table: Mapping[str, Any], key: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "an array of strings")
        return list(value)

    def mapping(self, table: Mapping[str, Any], key: str) -> dict[str, str]:
        value = table.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.fail(key, "a table of strings")
        return {str(k): str(v) for k, v in value.items()}

    def enum(self, table: Mapping[str, Any], key: str, kind: Any, default: Any) -> Any:
        if key not in table:
            return default
        return self.enum_value(kind, table[key], key)

    def enum_value(self, kind: Any, value: Any, key: str) -> Any:
        try:
            return kind(value)
        except ValueError:
            raise self.fail(key, "one of " + ", ".join(m.value for m in kind)) from None

    def regex(self, pattern: str, key: str) -> re.Pattern[str]:
        # NOTE: rule files may come from anywhere; a bounded pattern length keeps a hostile one
        # from costing more than a bad match. Patterns are matched against single host names.
        if len(pattern) > self.MAX_PATTERN:
            raise self.fail(key, f"a pattern of at most {self.MAX_PATTERN} characters")
        try:
            compiled = re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise self.fail(key, f"a valid regular expression ({exc})") from None
        why = backtracking.why_unsafe(pattern)
        if why:
            raise self.fail(key, f"a pattern that cannot backtrack for ever ({why}; {pattern!r})")
        return compiled
