"""Which rules a run uses and how severe they are: select, extend-select, ignore, severity."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from .config import Config
from .errors import UsageError
from .model import Severity
from .rules import Rule, RuleSet


def choose(rules: RuleSet, config: Config) -> RuleSet:
    """The rules of a run: (select, or all) + extend-select - ignore, with severities and maps.

    A selector is a rule id, an id prefix (``MA1``), a rule name or ``ALL``; one that matches no
    rule is an error rather than a run that silently checks nothing.
    """
    unknown = unmatched(
        rules, (*config.select, *config.extend_select, *config.ignore, *config.severity)
    )
    if unknown:
        raise UsageError(
            f"rule selector {unknown[0]!r} matches no rule (`mirror-audit rules` lists them)"
        )
    ids = {r.id for r in rules.select(config.select, config.ignore).rules}
    if config.extend_select:
        ids.update(r.id for r in rules.select(config.extend_select, config.ignore).rules)
    levels = _levels(rules, config.severity)
    chosen = tuple(_with_level(r, levels.get(r.id)) for r in rules.rules if r.id in ids)
    known = frozenset(name for r in rules.rules for name in (r.id, r.name))
    return replace(replace(rules, rules=chosen).with_maps(config.maps), known=known)


def unmatched(rules: RuleSet, selectors: Iterable[str]) -> list[str]:
    """The selectors that name no rule of ``rules``."""
    return [s for s in selectors if s and not rules.select((s,), ()).rules]


def _levels(rules: RuleSet, severity: Mapping[str, Severity]) -> dict[str, Severity]:
    # Applied in the order written, so {MA2 = "error", MA202 = "info"} ends with MA202 at info.
    levels: dict[str, Severity] = {}
    for selector, level in severity.items():
        levels.update((r.id, level) for r in rules.select((selector,), ()).rules)
    return levels


def _with_level(rule: Rule, level: Severity | None) -> Rule:
    return rule if level is None or level is rule.severity else replace(rule, severity=level)
