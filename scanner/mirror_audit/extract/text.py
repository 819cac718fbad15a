"""Find references in a stretch of text: the building block every extractor shares.

A stretch is a whole file for the generic extractor, or one value, comment or command for a
format extractor. Each URL, bare host name, removed option and removed environment variable in
it becomes a Reference; what stands just before it on its line (``-i``, ``--trusted-host=``,
``PIP_INDEX_URL=``) decides its role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .. import urls
from ..model import Context, Quoting, Reference, Role
from .vocabulary import Vocabulary

# Options and variables whose value is an index, upload or trusted-host location. Long options
# may be abbreviated (optparse accepts unambiguous prefixes such as --extra or --trusted).
OPTION_ROLES: dict[str, Role] = {
    "--index-url": Role.INDEX, "--index": Role.INDEX, "--extra-index-url": Role.INDEX,
    "--extra-index": Role.INDEX, "--extra": Role.INDEX, "--pypi-url": Role.INDEX,
    "--pypi": Role.INDEX, "--find-links": Role.INDEX, "--find": Role.INDEX,
    "--default-index": Role.INDEX, "--pypi-mirror": Role.INDEX, "--mirrors": Role.INDEX,
    "--repository-url": Role.UPLOAD, "--publish-url": Role.UPLOAD,
    "--trusted-host": Role.TRUSTED_HOST, "--trusted": Role.TRUSTED_HOST,
    "--allow-insecure-host": Role.TRUSTED_HOST,
}
SHORT_OPTION_ROLES: dict[str, Role] = {"-i": Role.INDEX, "-f": Role.INDEX}
ENV_ROLES: dict[str, Role] = {
    "PIP_INDEX_URL": Role.INDEX, "PIP_EXTRA_INDEX_URL": Role.INDEX, "PIP_FIND_LINKS": Role.INDEX,
    "PIP_PYPI_URL": Role.INDEX, "PIP_INDEX": Role.INDEX, "UV_INDEX_URL": Role.INDEX,
    "UV_EXTRA_INDEX_URL": Role.INDEX, "UV_DEFAULT_INDEX": Role.INDEX, "UV_INDEX": Role.INDEX,
    "UV_FIND_LINKS": Role.INDEX, "PIPENV_PYPI_MIRROR": Role.INDEX, "PDM_PYPI_URL": Role.INDEX,
    "TWINE_REPOSITORY_URL": Role.UPLOAD, "UV_PUBLISH_URL": Role.UPLOAD,
    "PIP_TRUSTED_HOST": Role.TRUSTED_HOST, "UV_INSECURE_HOST": Role.TRUSTED_HOST,
}
# pip's own config key names, unambiguous wherever they appear (YAML, JSON, INI, TOML).
KEY_ROLES: dict[str, Role] = {
    "index-url": Role.INDEX, "index_url": Role.INDEX, "extra-index-url": Role.INDEX,
    "extra_index_url": Role.INDEX, "find-links": Role.INDEX, "find_links": Role.INDEX,
    "trusted-host": Role.TRUSTED_HOST, "trusted_host": Role.TRUSTED_HOST,
    "allow-insecure-host": Role.TRUSTED_HOST,
}
_LIST_ROLES = {Role.INDEX, Role.TRUSTED_HOST}

_PIP_COMMAND = re.compile(
    r"(?i)(?<![\w-])(?:pip[0-9.]*|easy_install[0-9.-]*|pipenv|uv|pip-compile|pip-sync|tox|"
    r"buildout|install_command|pip_install|pip_args|pip_options)(?![\w-])"
)
# ":-" / ":=": a shell default, ${PIP_INDEX_URL:-https://...}
_SEPARATOR = r"""(?P<sep>:[-=]|["']?\s*[=:]\s*|\s+|(?<=^-[if])|(?<=\s-[if]))["']?"""


def _key_pattern(keys: Iterable[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?:(?<=[\s\"'({{\[,;|&])|^)(?P<key>{names}){_SEPARATOR}$", re.IGNORECASE)


_LONG_AND_ENV = _key_pattern([*OPTION_ROLES, *ENV_ROLES])
_SHORT = _key_pattern(SHORT_OPTION_ROLES)
_KEY_PATTERNS: dict[frozenset[str], re.Pattern[str]] = {}


def _cached_key_pattern(keys: frozenset[str]) -> re.Pattern[str]:
    """Format extractors make a scanner per value: build each key set's pattern once."""
    if keys not in _KEY_PATTERNS:
        _KEY_PATTERNS[keys] = _key_pattern(keys)
    return _KEY_PATTERNS[keys]


@dataclass(frozen=True)
class Style:
    """How comments are written in the stretch being scanned."""

    line_comments: tuple[str, ...] = ("#",)  # a line whose first non-blank text starts so
    inline_comment: bool = True  # whitespace then "#" starts a comment (outside quotes)


SHELL = Style()
NO_COMMENTS = Style(line_comments=(), inline_comment=False)
LINE_ONLY = Style(inline_comment=False)


def scan(
    text: str,
    vocab: Vocabulary,
    context: Context,
    start: int = 0,
    end: int | None = None,
    *,
    style: Style = SHELL,
    pip: bool = False,
    keys: Mapping[str, Role] | None = None,
    role: Role | None = None,
    setting: str = "",
    quoting: Quoting = Quoting.RAW,
) -> list[Reference]:
    """References in text[start:end].

    ``pip`` says the stretch is pip's own syntax (short -i/-f/-M count without a pip command on
    the line). ``keys`` adds format key names that give a role (``index`` in buildout).
    ``role``/``setting`` give every URL found the role of the value being scanned.
    """
    end = len(text) if end is None else end
    scanner = _Scanner(text, vocab, context, start, end, style, pip, keys or {}, quoting)
    return scanner.run(role, setting)


class _Scanner:
    def __init__(
        self, text: str, vocab: Vocabulary, context: Context, start: int, end: int,
        style: Style, pip: bool, keys: Mapping[str, Role], quoting: Quoting,
    ) -> None:
        self.text, self.vocab, self.context = text, vocab, context
        self.start, self.end, self.style, self.pip = start, end, style, pip
        self.keys = {k.lower(): v for k, v in {**KEY_ROLES, **keys}.items()}
        self.key_re = _cached_key_pattern(frozenset(self.keys)) if self.keys else None
        self.quoting = quoting
        # the last position _line_start was asked, and its line's start
        self._known = (start, start)
        self._ends = (end, end)  # the last position _line_end was asked, and its line's end
        self._pip: dict[int, tuple[int, int]] = {}  # line start -> (searched to, pip command end)
        self._quotes = _Quotes()

    def run(self, role: Role | None, setting: str) -> list[Reference]:
        found: list[Reference] = []
        taken: list[tuple[int, int]] = []
        last: tuple[int, Role, str] | None = None  # end, role and key of the previous value
        for start, end in urls.find_urls(self.text, self.start, self.end):
            taken.append((start, end))
            value = self.text[start:end]
            got_role, key, sep = self._role_before(start, last)
            if role is not None and got_role is Role.URL:
                got_role, key = role, setting
            found.append(self._reference(start, end, value, got_role, key, sep))
            last = (end, got_role, key) if got_role in _LIST_ROLES else None
        for match in self.vocab.host_re.finditer(self.text, self.start, self.end):
            start, end = match.span("host")
            if any(a <= start < b for a, b in taken):
                continue
            end = match.end()  # the port, if any, belongs to a trusted-host value
            got_role, key, sep = self._role_before(start, None)
            if got_role not in (Role.TRUSTED_HOST, Role.ALLOW_HOSTS):
                got_role = role if role in (Role.TRUSTED_HOST, Role.ALLOW_HOSTS) else Role.URL
                key = setting if got_role is not Role.URL else key
            value = self.text[start:end]
            found.append(self._reference(start, end, value, got_role, key or setting, sep))
        found.extend(self._options())
        found.extend(self._env_names())
        return found

    # -- what stands before a value -------------------------------------------------------

    def _line_start(self, pos: int) -> int:
        # NOTE: each search stops where it can (the "\n" found, the last position asked): searching
        # back to the window's start for a "\r" that an LF file never has made a long window
        # quadratic (a 100,000-line log took 25 s).
        known, known_start = self._known
        low, fallback = (
            (known, known_start) if self.start <= known <= pos else (self.start, self.start)
        )
        newline = self.text.rfind("\n", low, pos)
        found = max(newline, self.text.rfind("\r", max(newline + 1, low), pos))
        line_start = found + 1 if found >= 0 else fallback
        self._known = (pos, line_start)
        return line_start

    def _line_end(self, pos: int) -> int:
        asked, known = self._ends
        if asked <= pos <= known:  # no line break between the last position asked and its end
            return known
        newline = self.text.find("\n", pos, self.end)
        ret = self.text.find("\r", pos, newline if newline >= 0 else self.end)
        ends = [i for i in (newline, ret) if i >= 0]
        found = min(ends) if ends else self.end
        self._ends = (pos, found)
        return found

    def _role_before(self, pos: int, last: tuple[int, Role, str] | None) -> tuple[Role, str, str]:
        line_start = max(self._line_start(pos), self.start)
        prefix = self._prefix(line_start, pos)
        for regex in (_LONG_AND_ENV, self.key_re):
            if regex is None:
                continue
            found = regex.search(prefix)
            if found:
                key = found.group("key")
                return self._role_of(key), key, found.group("sep")
        if self.pip or self._pip_line(line_start, pos):
            found = _SHORT.search(prefix)
            if found:
                return Role.INDEX, found.group("key"), found.group("sep")
        if last is not None and last[0] <= pos and not self.text[last[0]:pos].strip(" \t\"'"):
            return last[1], last[2], " "
        return Role.URL, "", ""

    def _role_of(self, key: str) -> Role:
        upper = key.upper()
        if upper in ENV_ROLES:
            return ENV_ROLES[upper]
        lower = key.lower()
        if lower in OPTION_ROLES:
            return OPTION_ROLES[lower]
        return self.keys.get(lower, Role.URL)

    def _prefix(self, line_start: int, pos: int) -> str:
        """What stands before pos on its line, as far back as a key and its separator can reach.

        NOTE: a key ends the prefix, so it is at most _LOOKBACK characters long; reading from
        the line's start made a line of N URLs cost N * N (one 9 MB line: hours). A NUL stands
        for the cut-off text: it is no key character and no separator before one.
        """
        if pos - line_start <= _LOOKBACK:
            return self.text[line_start:pos]
        return "\x00" + self.text[pos - _LOOKBACK:pos]

    def _pip_line(self, line_start: int, pos: int) -> bool:
        """A pip command on the line before pos. The line's first one is found once per line."""
        searched, end = self._pip.get(line_start, (line_start, -1))
        if end < 0 and searched < pos:  # search on from where the last search stopped
            low = max(line_start, searched - _LONGEST_COMMAND)
            found = _PIP_COMMAND.search(self.text, low, pos)
            searched, end = pos, found.end() if found else -1
            self._pip[line_start] = (searched, end)
        return 0 <= end <= pos

    def in_comment(self, pos: int) -> bool:
        line_start = max(self._line_start(pos), self.start)
        blanks = _LEADING_BLANKS.match(self.text, line_start, pos)
        first = blanks.end() if blanks else line_start
        if any(self.text.startswith(c, first, pos) for c in self.style.line_comments):
            return True
        if not self.style.inline_comment:
            return False
        return self._quotes.comment_before(self.text, line_start, pos)

    # -- references -----------------------------------------------------------------------

    def _reference(
        self, start: int, end: int, value: str, role: Role, key: str, sep: str
    ) -> Reference:
        context = Context.COMMENT if self.in_comment(start) else self.context
        separator = " "
        if role is Role.TRUSTED_HOST and key.startswith("-"):
            separator = f" {key}=" if "=" in sep else f" {key} "
        elif (
            role is Role.TRUSTED_HOST
            and key in ENV_ROLES
            and sep.endswith("=")
            and self.text[start - 1] not in "\"'"
        ):
            separator = ""  # an unquoted shell VAR=value is one word: two hosts would need quotes
        quoting = Quoting.JSON if "\\/" in value else self.quoting
        logical = value.replace("\\/", "/") if quoting is Quoting.JSON else value
        return Reference(start, end, logical, role, context, setting=key, quoting=quoting,
                         list_separator=separator)

    def _options(self) -> Iterable[Reference]:
        for match in self.vocab.option_re.finditer(self.text, self.start, self.end):
            name = match.group("option")
            start = match.start("option")
            if name in self.vocab.short_options and not (
                self.pip or self._pip_line(self._line_start(start), start)
            ):
                continue
            end = match.end("option")
            if name in self.vocab.options_with_value:
                value = re.compile(r"=\S+|[ \t]+(?!-)[^\s\\]+").match(self.text, end, self.end)
                end = value.end() if value else end
            yield self._removable(start, match.end("option"), end, name, Role.OPTION)

    def _env_names(self) -> Iterable[Reference]:
        for match in self.vocab.env_re.finditer(self.text, self.start, self.end):
            name = match.group("env")
            start = match.start("env")
            assignment = re.compile(r"""["']?\s*[=:]\s*(?:"[^"\n]*"|'[^'\n]*'|[^\s"']*)""").match(
                self.text, match.end("env"), self.end
            )
            end = assignment.end() if assignment else match.end("env")
            yield self._removable(start, match.end("env"), end, name, Role.ENV)

    def _removable(self, start: int, name_end: int, end: int, name: str, role: Role) -> Reference:
        remove_start, remove_end = widen_removal(
            self.text, start, end, self._line_start(start), self._line_end(end)
        )
        return Reference(start, name_end, name, role,
                         Context.COMMENT if self.in_comment(start) else self.context,
                         setting=name, remove_start=remove_start, remove_end=remove_end)


_LINE_LEAD = re.compile(
    r"[ \t]*(?:-[ \t]+|export[ \t]+|unset[ \t]+|ENV[ \t]+|set[ \t]+)?", re.IGNORECASE
)
_BLANKS_AND_BACKSLASHES = re.compile(r"[ \t\\]*")
_BLANKS = re.compile(r"[ \t]*")
_LEADING_BLANKS = re.compile(r"\s*")
_LONGEST_COMMAND = 32  # a pip command word may straddle where the last search stopped
_LOOKBACK = 512  # the longest key, separator and quote before a value that are looked for


class _Quotes:
    """Where an inline comment starts on a line, read left to right once per pass over it.

    NOTE: the references of a stretch are asked about in file order (each pass: URLs, hosts,
    options), so the state carried from the last position asked makes a line of N references
    cost N, not N * N.
    """

    def __init__(self) -> None:
        self.line, self.pos, self.quote, self.comment = -1, -1, "", -1

    def comment_before(self, text: str, line_start: int, pos: int) -> bool:
        """Whether a comment ("#" after a blank, outside quotes) starts on the line before pos."""
        if line_start != self.line or pos < self.pos:
            self.line, self.pos, self.quote, self.comment = line_start, line_start, "", -1
        # NOTE: from one quote or "#" to the next, not a character at a time (7 µs a reference)
        while self.comment < 0 and self.pos < pos:
            if self.quote:
                end = text.find(self.quote, self.pos, pos)
                self.quote, self.pos = ("", end + 1) if end >= 0 else (self.quote, pos)
                continue
            found = _QUOTE_OR_HASH.search(text, self.pos, pos)
            if found is None:
                self.pos = pos
                break
            at = found.start()
            if text[at] != "#":
                self.quote = text[at]
            elif at > line_start and text[at - 1] in " \t":
                self.comment = at
            self.pos = at + 1
        return 0 <= self.comment < pos


_QUOTE_OR_HASH = re.compile("[\"'#]")


def widen_removal(
    text: str, start: int, end: int, line_start: int, line_end: int
) -> tuple[int, int]:
    """What deleting text[start:end] must delete so that nothing dangles.

    Alone on its line (after a YAML dash, ``export`` or ``ENV`` at most), the whole line goes,
    and a continuation backslash it leaves at the end of the line above goes with it. Otherwise
    one run of blanks before it goes too.
    """
    # NOTE: matched in place, never sliced: a file of N removals must not copy N prefixes.
    alone = _LINE_LEAD.fullmatch(text, line_start, start)
    if alone and _BLANKS_AND_BACKSLASHES.fullmatch(text, end, line_end):
        newline_end = line_end + (
            2 if text.startswith("\r\n", line_end) else 1 if line_end < len(text) else 0
        )
        if _BLANKS.fullmatch(text, end, line_end) and line_start > 0:
            # the last line of a continued command: the line above loses its " \" instead
            above = line_start
            while above > 0 and text[above - 1] in "\r\n":
                above -= 1
            if above > 0 and text[above - 1] == "\\":
                return _blanks_before(text, above - 1), line_end
        return line_start, newline_end
    lead = start
    while lead > line_start and text[lead - 1] in " \t":
        lead -= 1
    if lead == start:
        trail = end
        while trail < line_end and text[trail] in " \t":
            trail += 1
        return start, trail
    return lead, end


def _blanks_before(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] in " \t":
        pos -= 1
    return pos
