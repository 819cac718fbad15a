"""Match references against the rules: Reference x RuleSet -> Finding, with the replacement."""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from . import urls
from .model import (
    PASSIVE_CONTEXTS,
    Context,
    Document,
    Finding,
    FixSafety,
    Quoting,
    Reference,
    Role,
    Severity,
)
from .rules import Rule, RuleSet, Target, normalise_key

_NAME_ROLES = frozenset({Role.OPTION, Role.KEY, Role.ENV})
_SAFETY_ORDER = {FixSafety.SAFE: 2, FixSafety.UNSAFE: 1, FixSafety.NONE: 0}


@dataclass(frozen=True)
class Fix:
    """What a rule would write instead of a reference, and how safe that is."""

    replacement: str | None
    safety: FixSafety
    removal: bool = False
    note: str = ""


def match(doc: Document, references: Iterable[Reference], rules: RuleSet) -> list[Finding]:
    """The findings for a document's references, in file order."""
    findings: list[Finding] = []
    for ref in references:
        findings.extend(match_reference(doc, ref, rules))
    return findings


def match_reference(doc: Document, ref: Reference, rules: RuleSet) -> list[Finding]:
    # NOTE: which rules apply depends on these alone; a 100,000-line log that names one URL on
    # every line spent two thirds of its scan parsing it and trying every rule on it again.
    key = (ref.value, ref.role, ref.context, ref.setting, doc.kind)
    found: tuple[urls.ParsedURL | None, list[Rule]] | None = rules.memo.get(key)
    if found is None:
        found = _matching(doc.kind, ref, rules)
        if len(ref.value) <= _MEMO_VALUE:  # a long value is seldom met twice: not kept
            if len(rules.memo) >= _MEMO_SIZE:
                rules.memo.clear()
            rules.memo[key] = found
    parsed, matched = found
    return [_finding(doc, ref, rule, parsed, rules) for rule in matched]


_MEMO_SIZE = 1024  # entries (under 1 MB): a scan meets a few dozen distinct values, mostly
_MEMO_VALUE = 256  # characters


# -- does a rule apply ---------------------------------------------------------------------


def _matching(
    kind: str, ref: Reference, rules: RuleSet
) -> tuple[urls.ParsedURL | None, list[Rule]]:
    """The value parsed, and the rules that match it: the fallbacks only when no other does."""
    parsed = None if ref.role in _NAME_ROLES else urls.parse(ref.value)
    if ref.role not in _NAME_ROLES and parsed is None:
        return None, []
    matched = [r for r in rules.rules if not r.fallback and _applies(r, kind, ref, parsed, rules)]
    if not matched:
        matched = [r for r in rules.rules if r.fallback and _applies(r, kind, ref, parsed, rules)]
    return parsed, matched


def _applies(
    rule: Rule, kind: str, ref: Reference, parsed: urls.ParsedURL | None, rules: RuleSet
) -> bool:
    if rule.contexts:
        if ref.context not in rule.contexts:
            return False
    elif ref.context is Context.LOCK:
        return False
    if rule.kinds and kind not in rule.kinds:
        return False
    if rule.roles and ref.role not in rule.roles:
        return False
    if rule.settings and normalise_key(ref.setting) not in rule.settings:
        return False
    if ref.role in _NAME_ROLES:
        return _names_match(rule, ref)
    if rule.matches_names or parsed is None:
        return False
    if rule.schemes and parsed.scheme not in rule.schemes:
        return False
    if parsed.host in rule.except_hosts:
        return False
    if rule.hosts_of:
        return any(_host_matches(other, parsed) for other in _rules(rules, rule.hosts_of))
    if rule.hosts or rule.host_patterns or rule.host_paths:
        return _host_matches(rule, parsed)
    return bool(rule.schemes or rule.roles or rule.settings or rule.contexts)


def _names_match(rule: Rule, ref: Reference) -> bool:
    if ref.role is Role.OPTION:
        return ref.value in rule.options
    if ref.role is Role.ENV:
        return ref.value.upper() in rule.env
    return normalise_key(ref.value) in rule.keys


def _host_matches(rule: Rule, parsed: urls.ParsedURL) -> bool:
    host = parsed.host
    if host in rule.hosts or any(p.fullmatch(host) for p in rule.host_patterns):
        return True
    path = parsed.tail
    return any(
        host == h
        and (path == "/" + p or path.startswith(("/" + p + "/", "/" + p + "?", "/" + p + "#")))
        for h, p in rule.host_paths
    )


def _rules(rules: RuleSet, ids: Iterable[str]) -> list[Rule]:
    return [r for r in (rules.get(i) for i in ids) if r is not None]


# -- the finding ---------------------------------------------------------------------------


def _finding(
    doc: Document, ref: Reference, rule: Rule, parsed: urls.ParsedURL | None, rules: RuleSet
) -> Finding:
    fix = _fix(doc, ref, rule, parsed, rules)
    line, column = doc.position(ref.start)
    end_line, end_column = doc.position(ref.end)
    written = doc.text[ref.start:ref.end]
    vendored = doc.vendored
    context = Context.VENDORED if vendored and ref.context is not Context.COMMENT else ref.context
    severity = Severity.INFO if context in PASSIVE_CONTEXTS else rule.severity
    host = parsed.host if parsed else ""
    values = defaultdict(str, host=host, value=urls.redact(ref.value), setting=ref.setting)
    message = rule.message.format_map(values)
    if parsed and parsed.suspicious:
        message += f" ({parsed.suspicious})"
    edit_start, edit_end = ref.start, ref.end
    if fix.removal and ref.remove_start is not None and ref.remove_end is not None:
        edit_start, edit_end = ref.remove_start, ref.remove_end
    return Finding(
        rule=rule.id,
        rule_name=rule.name,
        severity=severity,
        path=doc.display,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        match=_shared(urls.redact(written)),
        message=_shared(message),
        context=context,
        role=ref.role,
        replacement=None if fix.replacement is None else _shared(urls.redact(fix.replacement)),
        fix_safety=fix.safety,
        fix_text=None if fix.replacement is None else _shared(fix.replacement),
        setting=_shared(ref.setting),
        start=edit_start,
        end=edit_end,
        removal=fix.removal,
        note=fix.note,
        vendored=vendored,
    )


def _shared(text: str) -> str:
    """One copy of a string that many findings hold: a report keeps every finding, and a log
    that names one URL on every line repeats its message and match (a third of a finding)."""
    if len(text) > _MEMO_VALUE:
        return text
    found = _SHARED.setdefault(text, text)
    if len(_SHARED) > _MEMO_SIZE:
        _SHARED.clear()
    return found


_SHARED: dict[str, str] = {}


def _fix(
    doc: Document, ref: Reference, rule: Rule, parsed: urls.ParsedURL | None, rules: RuleSet
) -> Fix:
    if (
        ref.context is Context.LOCK
        or rule.fix_action == "none"
        or rule.fix_safety is FixSafety.NONE
    ):
        return Fix(None, FixSafety.NONE, note=_note(doc, rule))
    if ref.dynamic:
        return Fix(None, FixSafety.NONE, note="computed value: fix where it is defined")
    if rule.fix_action == "remove":
        if ref.remove_start is None and ref.role not in _NAME_ROLES:
            return Fix(None, FixSafety.NONE,
                       note="no safe way to delete it here: remove it by hand")
        return Fix("", rule.fix_safety, removal=True)
    assert parsed is not None
    if rule.fix_action == "https":
        scheme_at = ref.value.lower().find("http:")
        return Fix(_quote(ref.value[:scheme_at] + "https:" + ref.value[scheme_at + 5:], ref, doc),
                   rule.fix_safety)
    replacement, safety = _target_url(ref, parsed, rule, rules)
    if replacement is None and ref.role in (Role.TRUSTED_HOST, Role.ALLOW_HOSTS):
        return Fix(None, FixSafety.NONE,
                   note="the fix needs several hosts and this value holds one: quote it, "
                        "then fix again")
    if replacement is None:
        return Fix(None, FixSafety.NONE, note="no mapping for this path: rewrite it by hand")
    return Fix(_quote(replacement, ref, doc), _lowest(rule.fix_safety, safety),
               note="credentials in the URL would go to another host" if parsed.userinfo else "")


def _target_url(
    ref: Reference, parsed: urls.ParsedURL, rule: Rule, rules: RuleSet
) -> tuple[str | None, FixSafety]:
    mapped = rules.maps.get(parsed.host)
    target = rules.targets[rule.fix_target]
    if ref.role in (Role.TRUSTED_HOST, Role.ALLOW_HOSTS):
        hosts = (
            [urls.parse(mapped).host]  # type: ignore[union-attr]
            if mapped and urls.parse(mapped)
            else list(target.trusted_hosts)
        )
        if len(hosts) > 1 and not ref.list_separator:
            return None, FixSafety.NONE  # this spot holds one value (extractors say so with "")
        return ref.list_separator.join(hosts), FixSafety.SAFE
    if not parsed.scheme:
        host = urls.parse(mapped).host if mapped and urls.parse(mapped) else target.host  # type: ignore[union-attr]
        return host + parsed.tail, FixSafety.SAFE
    url: str | None
    if mapped:
        url, safety = _map_to_mirror(mapped, parsed.tail, ref.role)
    else:
        url, safety = _map_path(target, parsed.tail, ref.role, rules)
    if url is None:
        return None, FixSafety.NONE
    prefix = ref.value[: ref.value.lower().find(parsed.scheme + ":")]  # a VCS prefix, "git+"
    if parsed.userinfo:
        scheme, _, rest = url.partition("://")
        url = f"{scheme}://{parsed.userinfo}@{rest}"
        safety = FixSafety.UNSAFE
    return prefix + url, safety


def _map_path(
    target: Target, tail: str, role: Role, rules: RuleSet
) -> tuple[str | None, FixSafety]:
    fields = {
        "web": target.web, "index": target.index, "files": target.files, "upload": target.upload
    }
    for entry in rules.paths:
        if entry.roles and role not in entry.roles:
            continue
        found = entry.pattern.match(tail)
        if found:
            groups = {k: v or "" for k, v in found.groupdict().items()}
            return (
                entry.to.format_map(defaultdict(str, {**fields, **groups})),
                entry.safety or FixSafety.SAFE,
            )
    return None, FixSafety.NONE


def _map_to_mirror(mirror: str, tail: str, role: Role) -> tuple[str, FixSafety]:
    """A legacy host the user maps to their own mirror: index paths go to the mirror URL."""
    path = tail.split("?", 1)[0].split("#", 1)[0]
    if path.rstrip("/") in ("", "/simple", "/pypi"):
        return mirror, FixSafety.SAFE
    if path.startswith("/simple/"):
        return mirror.rstrip("/") + "/" + tail[len("/simple/"):], FixSafety.SAFE
    origin = "/".join(mirror.split("/", 3)[:3])
    return origin + tail, FixSafety.UNSAFE


def _quote(replacement: str, ref: Reference, doc: Document) -> str:
    if ref.quoting is Quoting.JSON and "\\/" in doc.text[ref.start:ref.end]:
        return replacement.replace("/", "\\/")
    if ref.quoting is Quoting.PERCENT:
        return replacement.replace("%", "%%")
    if ref.quoting in (Quoting.TOML_BASIC, Quoting.PYTHON):
        escaped = replacement.replace("\\", "\\\\").replace('"', '\\"')
        return escaped.replace("'", "\\'") if ref.quoting is Quoting.PYTHON else escaped
    return replacement


def _lowest(a: FixSafety, b: FixSafety) -> FixSafety:
    return a if _SAFETY_ORDER[a] <= _SAFETY_ORDER[b] else b


def _note(doc: Document, rule: Rule) -> str:
    name = posixpath.basename(doc.path.replace("\\", "/"))
    if rule.regenerate:
        command = rule.regenerate.get(name) or next(
            (c for n, c in rule.regenerate.items() if name.startswith(n.split(".")[0])), ""
        )
        if command:
            return f"lock file: never edited; fix its sources, then run `{command}`"
        return "lock file: never edited; fix its sources, then regenerate it"
    return rule.fix_note
