"""What extractors look for, derived once from the rules: domains, option and variable names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..probe import Probe
from ..rules import RuleSet

# Domains always worth a look, whatever the rules say: a bare name under them may be a PyPI host.
_BASE_DOMAINS = ("python.org", "pypi.org", "pypi.io", "pythonhosted.org")


@dataclass(frozen=True)
class Vocabulary:
    """What the rules look for, compiled once per run: hosts, options, variables, keys."""

    domains: tuple[str, ...]
    host_re: re.Pattern[str]  # bare host names under those domains (group "host", then :port)
    option_re: re.Pattern[str]  # removed command-line options (group "option")
    env_re: re.Pattern[str]  # removed environment variables (group "env")
    short_options: frozenset[str]
    options_with_value: frozenset[str]
    keys: frozenset[str]  # removed configuration keys, normalised (use-mirrors)
    prefilter: Probe  # any byte sequence that can start a finding (a fast byte test: probe.py)


_CACHE: dict[int, tuple[RuleSet, Vocabulary]] = {}


def vocabulary(rules: RuleSet) -> Vocabulary:
    cached = _CACHE.get(id(rules))
    if cached is not None and cached[0] is rules:
        return cached[1]
    vocab = _build(rules)
    _CACHE[id(rules)] = (rules, vocab)
    return vocab


def _domain(host: str) -> str:
    return ".".join(host.split(".")[-2:])


def _pattern_domain(pattern: str) -> str | None:
    literal = re.search(r"((?:\\\.[a-z0-9-]+){2})\$?$", pattern)
    return literal.group(1).replace("\\.", ".")[1:] if literal else None


def _build(rules: RuleSet) -> Vocabulary:
    domains = set(_BASE_DOMAINS)
    options: set[str] = set()
    with_value: set[str] = set()
    env: set[str] = set()
    keys: set[str] = set()
    settings: set[str] = set()  # a rule on a setting (tox indexserver) matches any URL it holds
    for rule in rules.rules:
        domains.update(_domain(h) for h in rule.hosts if "." in h)
        domains.update(_domain(h) for h, _ in rule.host_paths)
        for pattern in rule.host_patterns:
            found = _pattern_domain(pattern.pattern)
            if found:
                domains.add(found)
        options.update(rule.options)
        with_value.update(rule.options_with_value)
        env.update(rule.env)
        keys.update(rule.keys)
        settings.update(rule.settings)
    for host in rules.maps:
        domains.add(_domain(host))
    ordered = tuple(sorted(domains, key=len, reverse=True))
    alternatives = "|".join(re.escape(d) for d in ordered)
    host_re = re.compile(
        rf"(?<![\w.@/\\*-])(?P<host>(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*(?:{alternatives}))\.?"
        rf"(?::[0-9]{{1,5}})?(?![\w-]|\.[\w-])",
        re.IGNORECASE,
    )
    long_names = sorted((o for o in options if o.startswith("--")), key=len, reverse=True)
    short = frozenset(o for o in options if not o.startswith("--"))
    names = [*long_names, *sorted(short)]
    option_re = re.compile(
        r"(?<![\w./-])(?P<option>" + "|".join(re.escape(o) for o in names) + r")(?![\w-])"
        if names else r"(?!x)x"
    )
    env_re = re.compile(
        r"(?<![\w])(?P<env>"
        + "|".join(re.escape(e) for e in sorted(env, key=len, reverse=True))
        + r")(?!\w)"
        if env else r"(?!x)x"
    )
    probes = [*(d.encode() for d in ordered), b"http:", b"http\\:",
              *(o.encode() for o in long_names), *(e.encode() for e in env),
              *(k.encode() for k in keys), *(k.replace("-", "_").encode() for k in keys),
              *(s.encode() for s in settings), *(s.replace("-", "_").encode() for s in settings)]
    probes.append(b"mirror-audit:")  # a suppression comment, reported when it hides nothing
    if short:  # case matters for short options: -M is a pip option, -m is python's
        probes.extend(b"(?-i:" + re.escape(s.encode()) + b")" for s in sorted(short))
    prefilter = Probe.build(probes)
    return Vocabulary(ordered, host_re, option_re, env_re, short, frozenset(with_value),
                      frozenset(keys), prefilter)
