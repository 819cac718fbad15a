"""Inline suppressions: ``mirror-audit: ignore[RULE,...] reason`` in a comment of the file's syntax.

A suppression at the end of a line covers that line; one that is a whole comment line covers
its own line and the next. Each rule it names that suppresses nothing there is reported (rule
MA901, defined with the other rules in the default pack). Formats without trailing comments
(pip.conf, setup.cfg, buildout, Dockerfile) take suppressions on the line above only: there a
trailing ``# ...`` is part of the value.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from . import kinds
from .model import Context, Document, Finding, FixSafety, Role
from .rules import Rule, RuleSet

UNUSED_RULE = "MA901"
MARK = "mirror-audit:"
_DIRECTIVE = re.compile(r"mirror-audit:[ \t]*ignore\[(?P<rules>[^\]\r\n]*)\](?P<reason>[^\r\n]*)")


@dataclass(frozen=True)
class Comments:
    """How a format writes comments: whole-line markers, and a trailing marker after a blank."""

    line: tuple[str, ...] = ("#",)
    trailing: str = "#"  # "" when the format has no trailing comments
    column0: bool = False  # line markers count only in the first column (buildout)


_INI = Comments(line=("#", ";"), trailing="")
_HTML = Comments(line=("<!--",), trailing="<!--")
_NONE = Comments(line=(), trailing="")
_BY_KIND: dict[str, Comments] = {
    kinds.PIP_CONF: _INI,
    kinds.SETUP_CFG: _INI,
    kinds.DISTUTILS_CFG: _INI,
    kinds.CFG: _INI,
    kinds.PYPIRC: _INI,
    kinds.TOX_INI: Comments(line=("#", ";")),
    kinds.BUILDOUT: Comments(line=("#", ";"), trailing="", column0=True),
    kinds.DOCKERFILE: Comments(trailing=""),
    kinds.REQUIREMENTS: Comments(),
    kinds.PYTHON_SETUP: Comments(),
    kinds.PYTHON: Comments(),
    kinds.PYPROJECT: Comments(),
    kinds.TOOL_TOML: Comments(),
    kinds.PIPFILE: Comments(),
    kinds.CONDA_ENV: Comments(),
}
_BY_SUFFIX: dict[str, Comments] = {
    ".md": _HTML,
    ".markdown": _HTML,
    ".html": _HTML,
    ".htm": _HTML,
    ".rst": Comments(line=("..",), trailing=""),
    ".json": _NONE,
    ".lock": _NONE,
    ".ini": _INI,
    ".cfg": _INI,
    ".bat": Comments(line=("REM ", "rem ", "::"), trailing=""),
    ".cmd": Comments(line=("REM ", "rem ", "::"), trailing=""),
    ".js": Comments(line=("//",), trailing=""),
    ".ts": Comments(line=("//",), trailing=""),
    ".groovy": Comments(line=("//",), trailing=""),
}


def comments_for(kind: str, path: str) -> Comments:
    """The comment syntax of a file: by kind, else (scripts, docs, Pipfile.lock) by suffix."""
    suffix = posixpath.splitext(path.replace("\\", "/"))[1].lower()
    return _BY_KIND.get(kind) or _BY_SUFFIX.get(suffix, Comments())


@dataclass
class Directive:
    """One suppression comment: where it is, which lines it covers, what it names and used.

    Not frozen: ``used`` collects, while one document's findings are matched, the names that
    suppressed something; the directive lives only as long as that call.
    """

    start: int
    end: int
    line: int
    lines: tuple[int, ...]
    names: tuple[str, ...]
    used: set[str] = field(default_factory=set)


def apply(doc: Document, findings: Sequence[Finding], rules: RuleSet) -> list[Finding]:
    """The findings no suppression covers, plus one MA901 finding per name that covers nothing."""
    if MARK not in doc.text:  # the common case costs one substring search
        return list(findings)
    directives = list(directives_in(doc))
    if not directives:
        return list(findings)
    covering: dict[int, list[Directive]] = defaultdict(list)
    for directive in directives:
        for line in directive.lines:
            covering[line].append(directive)
    kept = [f for f in findings if not _suppressed(f, covering.get(f.line, ()))]
    unused = rules.get(UNUSED_RULE)
    if unused is not None:
        kept.extend(_unused(doc, directives, unused, rules))
        kept.sort(key=lambda f: (f.line, f.column))
    return kept


def directives_in(doc: Document) -> Iterator[Directive]:
    """The suppression comments of a document, in the comment syntax of its kind."""
    comments = comments_for(doc.kind, doc.path)
    for match in _DIRECTIVE.finditer(doc.text):
        line, column = doc.position(match.start())
        text = doc.line_text(line)
        whole = _comment_at(text[: column - 1], comments)
        if whole is None:
            continue  # not in a comment: a value, a string, or text that only quotes the syntax
        names = tuple(n for n in re.split(r"[\s,]+", match.group("rules")) if n)
        lines = (line, line + 1) if whole else (line,)
        yield Directive(
            match.start(),
            match.start() + len(match.group(0)) - len(match.group("reason")),
            line,
            lines,
            names,
        )


def _comment_at(before: str, comments: Comments) -> bool | None:
    """True: the text is in a whole-line comment; False: in a trailing one; None: not a comment."""
    stripped = before if comments.column0 else before.lstrip()
    if any(stripped.startswith(m) for m in comments.line):
        return True
    if not comments.trailing:
        return None
    quote = ""
    for index, char in enumerate(before):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif (
            before.startswith(comments.trailing, index) and index > 0 and before[index - 1] in " \t"
        ):
            return False
    return None


def _suppressed(finding: Finding, directives: Sequence[Directive]) -> bool:
    for directive in directives:
        for name in directive.names:
            if name.upper() == finding.rule or name == finding.rule_name:
                directive.used.add(name)
                return True
    return False


def _unused(
    doc: Document, directives: Sequence[Directive], rule: Rule, rules: RuleSet
) -> Iterator[Finding]:
    known = rules.known or frozenset(n for r in rules.rules for n in (r.id, r.name))
    active = frozenset(n for r in rules.rules for n in (r.id, r.name))
    for directive in directives:
        for name in directive.names or ("",):
            selected = name.upper() in active or name in active
            if name in directive.used or (
                not selected and (name.upper() in known or name in known)
            ):
                continue  # it did its job, or it names a rule this run does not check
            yield _finding(doc, directive, rule, name, selected)


def _finding(doc: Document, directive: Directive, rule: Rule, name: str, selected: bool) -> Finding:
    line, column = doc.position(directive.start)
    end_line, end_column = doc.position(directive.end)
    message = rule.message.format_map(defaultdict(str, value=name or "nothing"))
    if not selected:
        message += f" ({name or 'no rule'}: not a rule id or name)"
    return Finding(
        rule=rule.id,
        rule_name=rule.name,
        severity=rule.severity,
        path=doc.display,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        match=doc.text[directive.start : directive.end],
        message=message,
        context=Context.COMMENT,
        role=Role.KEY,
        replacement=None,
        fix_safety=FixSafety.NONE,
        setting="mirror-audit: ignore",
        start=directive.start,
        end=directive.end,
        note=rule.fix_note,
        vendored=doc.vendored,
    )
