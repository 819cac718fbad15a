"""The host names of an Ansible inventory (INI, YAML, `ansible-inventory --list` JSON) or a list."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .errors import UsageError

# web[01:03].example.com, db-[a:c]: Ansible's numeric and alphabetic host ranges (with a stride).
_RANGE = re.compile(r"\[([0-9a-zA-Z]+):([0-9a-zA-Z]+)(?::(\d+))?\]")
_SECTION = re.compile(r"^\[([^\]\s\",]+)\]\s*$")


def read_inventory(path: str) -> list[str]:
    """Every host name the inventory file lists, in order, without duplicates."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read inventory {path}: {exc}") from exc
    stripped = text.lstrip()
    if stripped.startswith("{") or (
        stripped.startswith("[") and not _SECTION.match(stripped.splitlines()[0])
    ):
        names = list(_from_json(path, text))
    elif re.search(r"^\s*(hosts|children):", text, re.MULTILINE):
        names = list(_from_yaml(path, text))
    else:
        names = list(_from_ini(text))
    return list(dict.fromkeys(names))


def expand(pattern: str) -> list[str]:
    """Expand Ansible host ranges: ``web[01:03]`` -> web01, web02, web03."""
    match = _RANGE.search(pattern)
    if match is None:
        return [pattern]
    first, last, stride = match.group(1), match.group(2), int(match.group(3) or 1)
    head, tail = pattern[: match.start()], pattern[match.end() :]
    if first.isdigit() and last.isdigit():
        width = len(first) if first.startswith("0") else 0
        items = [str(n).zfill(width) for n in range(int(first), int(last) + 1, stride)]
    elif len(first) == len(last) == 1:
        items = [chr(c) for c in range(ord(first), ord(last) + 1, stride)]
    else:
        raise UsageError(f"inventory: cannot expand host range {match.group()!r}")
    return [name for item in items for name in expand(head + item + tail)]


def _from_ini(text: str) -> Iterator[str]:
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        header = _SECTION.match(line)
        if header:
            section = header.group(1)
            continue
        if section.endswith((":vars", ":children")):
            continue  # variables and child group names, not hosts
        host = line.split()[0]
        if host.count(":") == 1 and host.rsplit(":", 1)[1].isdigit():
            host = host.rsplit(":", 1)[0]  # "name:port"
        yield from expand(host)


def _from_yaml(path: str, text: str) -> Iterator[str]:
    try:
        # PyYAML: a dependency of libcst, so present wherever mirror-audit is
        import yaml  # type: ignore[import-untyped, unused-ignore]
    except ImportError as exc:  # pragma: no cover - libcst requires it
        raise UsageError("reading a YAML inventory needs PyYAML") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(f"inventory {path}: not valid YAML: {exc}") from exc
    yield from _yaml_group(data)


def _yaml_group(group: Any) -> Iterator[str]:
    if not isinstance(group, dict):
        return
    if isinstance(group.get("hosts"), dict):
        for pattern in group["hosts"]:
            yield from expand(str(pattern))
    children = group.get("children")
    for child in children.values() if isinstance(children, dict) else ():
        yield from _yaml_group(child)
    for key, value in group.items():  # top level: group name -> group
        if key not in ("hosts", "children", "vars") and isinstance(value, dict):
            yield from _yaml_group(value)


def _from_json(path: str, text: str) -> Iterator[str]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"inventory {path}: not valid JSON: {exc}") from exc
    if isinstance(data, list):  # a plain list of names
        yield from (str(name) for name in data)
        return
    if not isinstance(data, dict):
        raise UsageError(f"inventory {path}: expected `ansible-inventory --list` output or a list")
    hostvars = (data.get("_meta") or {}).get("hostvars") or {}
    if not isinstance(hostvars, dict):
        raise UsageError(f"inventory {path}: _meta.hostvars: expected a table")
    yield from (str(name) for name in hostvars)
    for key, group in data.items():
        if key != "_meta" and isinstance(group, dict):
            yield from (str(name) for name in group.get("hosts") or ())
