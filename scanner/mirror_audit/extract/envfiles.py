"""Environment variables set in shell profiles, /etc/environment, systemd units and crontabs.

One lexer reads the word syntax the four share (quotes, backslashes, ``$(...)``); per format,
``parse`` says which statements put a variable into the environment of the programs started
there: ``export NAME=value``, ``NAME=value`` lines, ``Environment="NAME=value"``, cron's
``NAME = value``. The extractor scans the whole file with text.scan and marks what stands in such
an assignment as a setting; pip-config reads the assignments themselves.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .. import kinds, read
from ..model import Context, Document, Reference
from . import ini, text
from .vocabulary import Vocabulary

SHELL, ENV, SYSTEMD, CRONTAB = "shell", "env", "systemd", "crontab"
SYNTAX = {
    kinds.SHELL_PROFILE: SHELL,
    kinds.ENV_FILE: ENV,
    kinds.SYSTEMD_UNIT: SYSTEMD,
    kinds.CRONTAB: CRONTAB,
}
# cron and systemd read a whole line as the value: a '#' after it is no comment.
_STYLES = {
    SHELL: text.SHELL,
    ENV: text.LINE_ONLY,
    CRONTAB: text.LINE_ONLY,
    SYSTEMD: text.Style(line_comments=("#", ";"), inline_comment=False),
}

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_DECLARE = frozenset({"export", "declare", "typeset", "readonly", "local"})
_KEYWORDS = frozenset({"then", "do", "else", "elif", "if", "while", "until", "{", "!", "time"})
_CRON_ENV = re.compile(r"[ \t]*(?P<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(?P<value>.*?)[ \t]*$")
_SPECIFIER = re.compile(r"%[a-zA-Z]")  # systemd expands %h, %i ... in Environment=


@dataclass(frozen=True)
class Word:
    """One shell word of an assignment's value, as the shell reads it."""

    start: int
    end: int
    value: str  # quotes and backslashes removed, nothing expanded
    dynamic: bool = False  # holds $VAR, ${...}, $(...) or `...`


@dataclass(frozen=True)
class Assignment:
    """NAME=value in an environment file, a systemd unit or a crontab."""

    name: str
    value: str
    start: int  # NAME=value as written, character offsets
    end: int
    line: int
    exported: bool = True  # in the environment of programs started from here
    unset: bool = False
    dynamic: bool = False
    export_only: bool = False  # "export NAME": no value of its own (dropped by parse)


@dataclass(frozen=True)
class Settings:
    """What a unit or environment file sets: variables, files it loads, and its user."""

    assignments: tuple[Assignment, ...] = ()
    files: tuple[tuple[str, bool, int], ...] = ()  # systemd EnvironmentFile=: path, optional, line
    user: str = ""  # systemd User=


def extract(doc: Document, vocab: Vocabulary) -> list[Reference]:
    """Every reference; those inside an assignment to the environment are settings."""
    syntax = SYNTAX.get(doc.kind, SHELL)
    found = text.scan(doc.text, vocab, Context.COMMAND, style=_STYLES[syntax])
    spans = sorted((a.start, a.end) for a in parse(doc.text, syntax).assignments if not a.unset)
    return [
        replace(r, context=Context.SETTING)
        if r.context is Context.COMMAND and _within(r.start, spans)
        else r
        for r in found
    ]


def _within(offset: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(spans, (offset, 1 << 62)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


def parse(source: str, syntax: str) -> Settings:
    """The assignments of one file, in file order."""
    starts = read.line_starts(source)
    if syntax == SYSTEMD:
        return _systemd(source, starts)
    if syntax == CRONTAB:
        return Settings(tuple(_crontab(source, starts)))
    found: list[Assignment] = []
    for command in commands(source):
        found.extend(_statement(command, starts, syntax))
    return Settings(_exports(found))


# -- the lexer ---------------------------------------------------------------------------------


def commands(
    source: str, start: int = 0, end: int | None = None, *, shell: bool = True
) -> list[list[Word]]:
    """Simple commands as lists of words. ``shell``: ``; & | ( )`` and newlines end a command and
    ``#`` starts a comment; otherwise (a systemd value) only blanks separate words."""
    return _Lexer(source, start, len(source) if end is None else end, shell).run()


class _Lexer:
    def __init__(self, source: str, start: int, end: int, shell: bool) -> None:
        self.s, self.pos, self.end, self.shell = source, start, end, shell
        self.breaks = ";&|()\n" if shell else ""

    def run(self) -> list[list[Word]]:
        found: list[list[Word]] = []
        words: list[Word] = []
        s = self.s
        while self.pos < self.end:
            char = s[self.pos]
            if char in " \t\r" or (char == "\n" and not self.shell):
                self.pos += 1
            elif s.startswith("\\\n", self.pos) or s.startswith("\\\r\n", self.pos):
                self.pos = s.index("\n", self.pos) + 1  # a continued line
            elif char in self.breaks:
                if words:
                    found.append(words)
                words = []
                self.pos += 1
            elif char == "#" and self.shell:
                newline = s.find("\n", self.pos, self.end)
                self.pos = self.end if newline < 0 else newline
            else:
                words.append(self.word())
        if words:
            found.append(words)
        return found

    def word(self) -> Word:
        s, start, out, dynamic = self.s, self.pos, [], False
        while self.pos < self.end:
            char = s[self.pos]
            if char in " \t\r" or char in self.breaks or (char == "\n" and not self.shell):
                break
            if char == "\\":
                following = s[self.pos + 1 : self.pos + 2]
                out.append("" if following == "\n" else following)
                self.pos += 2
            elif char == "'":
                out.append(self.until("'"))
            elif char == '"':
                part, dyn = self.double()
                out.append(part)
                dynamic = dynamic or dyn
            elif char in "$`":
                dynamic = True
                out.append(self.substitution())
            else:
                out.append(char)
                self.pos += 1
        return Word(start, self.pos, "".join(out), dynamic)

    def until(self, close: str) -> str:
        end = self.s.find(close, self.pos + 1, self.end)
        end = self.end if end < 0 else end
        part = self.s[self.pos + 1 : end]
        self.pos = min(end + 1, self.end)
        return part

    def double(self) -> tuple[str, bool]:
        s, out, dynamic = self.s, [], False
        self.pos += 1
        while self.pos < self.end and s[self.pos] != '"':
            char = s[self.pos]
            if char == "\\" and s[self.pos + 1 : self.pos + 2] in ('"', "\\", "$", "`", "\n"):
                out.append("" if s[self.pos + 1] == "\n" else s[self.pos + 1])
                self.pos += 2
                continue
            dynamic = dynamic or char in "$`"
            out.append(char)
            self.pos += 1
        self.pos = min(self.pos + 1, self.end)
        return "".join(out), dynamic

    def substitution(self) -> str:
        """$NAME, ${...}, $(...) or `...`, kept as written."""
        s, start = self.s, self.pos
        if s.startswith("$(", start) or s.startswith("${", start):
            opening, closing, depth = s[start + 1], ")" if s[start + 1] == "(" else "}", 0
            self.pos += 1
            while self.pos < self.end:
                depth += {opening: 1, closing: -1}.get(s[self.pos], 0)
                self.pos += 1
                if depth == 0:
                    break
        elif s[start] == "`":
            self.until("`")
        else:
            self.pos += 1
            while self.pos < self.end and (s[self.pos].isalnum() or s[self.pos] == "_"):
                self.pos += 1
        return s[start : self.pos]


# -- statements ----------------------------------------------------------------------------------


def _line(starts: Sequence[int], offset: int) -> int:
    return bisect.bisect_right(starts, offset)


def _assign(word: Word, starts: Sequence[int], exported: bool) -> Assignment | None:
    name, equals, value = word.value.partition("=")
    if not equals or not _NAME.match(name):
        return None
    return Assignment(
        name, value, word.start, word.end, _line(starts, word.start), exported, dynamic=word.dynamic
    )


def _statement(words: list[Word], starts: Sequence[int], syntax: str) -> list[Assignment]:
    while words and words[0].value in _KEYWORDS:
        words = words[1:]
    if not words:
        return []
    head = words[0].value
    if head in _DECLARE:
        flags = "".join(w.value for w in words[1:] if w.value.startswith("-"))
        exported = head == "export" or "x" in flags
        return [a for w in words[1:] if (a := _declared(w, starts, exported)) is not None]
    if head == "unset":
        return [
            Assignment(w.value, "", w.start, w.end, _line(starts, w.start), unset=True)
            for w in words[1:]
            if _NAME.match(w.value)
        ]
    if head == "setenv" and len(words) >= 2 and _NAME.match(words[1].value):  # csh
        value = words[2] if len(words) > 2 else words[1]
        return [
            Assignment(
                words[1].value,
                value.value if len(words) > 2 else "",
                words[1].start,
                value.end,
                _line(starts, words[1].start),
                dynamic=value.dynamic,
            )
        ]
    if head == "set":
        return _fish(words, starts)
    if syntax == ENV and len(words) > 1 and _NAME.match(head):
        return _pam_env(words, starts)
    assigned = [_assign(w, starts, exported=syntax == ENV) for w in words]
    if all(assigned):  # NAME=value alone; before a command it is that command's only
        return [a for a in assigned if a is not None]
    return []


def _declared(word: Word, starts: Sequence[int], exported: bool) -> Assignment | None:
    if word.value.startswith("-"):
        return None
    if _NAME.match(word.value):  # "export NAME": exports the value set elsewhere in the file
        return (
            Assignment(
                word.value,
                "",
                word.start,
                word.end,
                _line(starts, word.start),
                exported,
                export_only=True,
            )
            if exported
            else None
        )
    return _assign(word, starts, exported)


def _fish(words: list[Word], starts: Sequence[int]) -> list[Assignment]:
    """fish: set -gx NAME value..."""
    flags = [w.value for w in words[1:] if w.value.startswith("-")]
    rest = [w for w in words[1:] if not w.value.startswith("-")]
    if not rest or not _NAME.match(rest[0].value):
        return []
    exported = any("x" in f and not f.startswith("--") for f in flags) or "--export" in flags
    values = rest[1:]
    end = values[-1].end if values else rest[0].end
    return [
        Assignment(
            rest[0].value,
            " ".join(w.value for w in values),
            rest[0].start,
            end,
            _line(starts, rest[0].start),
            exported,
            dynamic=any(w.dynamic for w in values),
        )
    ]


def _pam_env(words: list[Word], starts: Sequence[int]) -> list[Assignment]:
    """pam_env.conf: NAME [DEFAULT=value] [OVERRIDE=value]; OVERRIDE wins."""
    options = {w.value.partition("=")[0]: w for w in words[1:] if "=" in w.value}
    chosen = options.get("OVERRIDE") or options.get("DEFAULT")
    if chosen is None:
        return []
    value = chosen.value.partition("=")[2]
    return [
        Assignment(
            words[0].value,
            value,
            words[0].start,
            chosen.end,
            _line(starts, words[0].start),
            dynamic=chosen.dynamic or "${" in value or "@{" in value,
        )
    ]


def _exports(found: list[Assignment]) -> tuple[Assignment, ...]:
    """``export NAME`` anywhere in a file exports that file's plain ``NAME=value``."""
    marked = {a.name for a in found if a.export_only}
    kept = [a for a in found if not a.export_only]
    return tuple(
        replace(a, exported=True) if a.name in marked and not a.exported else a for a in kept
    )


def _crontab(source: str, starts: Sequence[int]) -> Iterable[Assignment]:
    for start, end, _ in ini.lines(source):
        found = _CRON_ENV.match(source, start, end)
        if found is None:
            continue
        value = found.group("value")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        yield Assignment(
            found.group("name"),
            value,
            found.start("name"),
            found.end("value"),
            _line(starts, start),
        )


def _systemd(source: str, starts: Sequence[int]) -> Settings:
    found: list[Assignment] = []
    files: list[tuple[str, bool, int]] = []
    user = ""
    for key, start, end in _unit_entries(source):
        line = _line(starts, start)
        if key in ("Environment", "DefaultEnvironment"):
            words = [w for c in commands(source, start, end, shell=False) for w in c]
            found.extend(
                replace(a, dynamic=a.dynamic or bool(_SPECIFIER.search(a.value)))
                for w in words
                if (a := _assign(w, starts, True)) is not None
            )
        elif key == "UnsetEnvironment":
            found.extend(
                Assignment(w.value.partition("=")[0], "", w.start, w.end, line, unset=True)
                for c in commands(source, start, end, shell=False)
                for w in c
            )
        elif key == "EnvironmentFile":
            path = source[start:end].strip()
            if path:
                files.append((path.lstrip("-"), path.startswith("-"), line))
        elif key == "User":
            user = source[start:end].strip()
    return Settings(tuple(found), tuple(files), user)


def _unit_entries(source: str) -> Iterable[tuple[str, int, int]]:
    """(key, value start, value end) of each ``Key=value``; a trailing backslash continues it."""
    lines = list(ini.lines(source))
    index = 0
    while index < len(lines):
        start, end, _ = lines[index]
        index += 1
        content = source[start:end]
        stripped = content.strip()
        if not stripped or stripped[0] in "#;[" or "=" not in stripped:
            continue
        key = stripped.partition("=")[0].strip()
        value_start = start + content.index("=") + 1
        while source[start:end].rstrip().endswith("\\") and index < len(lines):
            start, end, _ = lines[index]
            index += 1
        yield key, value_start, end
