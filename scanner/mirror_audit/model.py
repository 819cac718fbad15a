"""The vocabulary of the pipeline: frozen values passed from stage to stage.

discover -> Candidate, read -> Document | Skip, extract -> Reference, match -> Finding,
report <- Report. This module imports nothing else from the project.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Sequence
from dataclasses import dataclass, field


class Context(str, enum.Enum):
    """Where a reference stands, which decides how much it matters."""

    SETTING = "setting"  # a value a tool reads: index-url in pip.conf, [[source]] url, repository
    COMMAND = "command"  # an option, argument or variable in a command or script
    DEPENDENCY = "dependency"  # a URL a tool downloads: direct requirement, find-links archive
    LINK = "link"  # homepage, download_url, project_urls: metadata links
    MENTION = "mention"  # documentation, logs, package metadata, any other text
    COMMENT = "comment"  # inside a comment of the file's own syntax
    LOCK = "lock"  # a lock file: reported, never edited
    VENDORED = "vendored"  # third-party code (site-packages, node_modules, ...)


#: Contexts that are reported one severity lower and do not fail a run by default.
PASSIVE_CONTEXTS = frozenset({Context.LINK, Context.MENTION, Context.COMMENT, Context.VENDORED})


class Role(str, enum.Enum):
    """What a referenced value is for; decides path mapping and which rules apply."""

    INDEX = "index"  # package index or find-links location
    UPLOAD = "upload"  # upload / register endpoint
    TRUSTED_HOST = "trusted-host"  # a bare host[:port] that switches TLS verification off
    ALLOW_HOSTS = "allow-hosts"  # a host glob (buildout, easy_install)
    URL = "url"  # any other URL or host name
    OPTION = "option"  # a command-line option token (--use-mirrors)
    KEY = "key"  # a configuration key (use-mirrors = true)
    ENV = "env"  # an environment variable name (PIP_USE_MIRRORS)


class Severity(str, enum.Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def lowered(self) -> Severity:
        return Severity.INFO


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class FixSafety(str, enum.Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"
    NONE = "none"


class Quoting(str, enum.Enum):
    """How a replacement must be written back where the reference stands."""

    RAW = "raw"  # the text is the value
    JSON = "json"  # inside a JSON string: escape as JSON, keep '\/' style
    PERCENT = "percent"  # ConfigParser with interpolation: '%' is written '%%'
    TOML_BASIC = "toml-basic"  # a TOML basic string written with escapes: '\\' and '"' escaped
    PYTHON = "python"  # a Python string literal written with escapes: '\\' and quotes escaped


@dataclass(frozen=True)
class Candidate:
    """A file chosen by discovery, with the kind that decides its extractor."""

    path: str
    kind: str
    display: str  # the path as reported (relative to the scan root, or as given)
    vendored: bool = False
    explicit: bool = False  # named on the command line


@dataclass(frozen=True)
class Document:
    """A decoded text file; offsets in references are indexes into ``text``."""

    path: str
    display: str
    kind: str
    raw: bytes
    text: str
    encoding: str
    bom: bytes = b""
    vendored: bool = False
    line_starts: Sequence[int] = field(default=(), compare=False, repr=False)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        return index + 1, offset - starts[index] + 1

    def line_text(self, line: int) -> str:
        start = self.line_starts[line - 1]
        end = self.line_starts[line] if line < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")


# Every ``Skip.category``, and what it means: the README and docs/json-report.md list them all.
ERROR_CATEGORIES = {
    "unreadable": "the file or directory could not be opened, read or listed",
    "special": "a FIFO, socket or device (never opened), or a link to a directory already walked",
    "too-large": "larger than --max-file-size: not read",
    "undecodable": "not valid in any encoding it declares or that was tried",
    "binary": "a binary file (skipped unless named on the command line)",
    "parse": "the file did not parse: what could be found is still reported",
    "name": "a file name that is not valid UTF-8 (still scanned, shown escaped)",
    "filesystem": "a mount point the walk did not enter (another or a pseudo filesystem)",
    "remote": "a remote requirements file or buildout extends: never fetched, so never scanned",
    "fix": "a fix that could not be verified or written",
}


@dataclass(frozen=True)
class Skip:
    """A file that could not be scanned, and why: one line in ``errors``."""

    path: str
    reason: str
    category: str = "unreadable"  # a key of ERROR_CATEGORIES


@dataclass(frozen=True)
class Reference:
    """A value an extractor found, located by character offsets in the document text.

    ``value`` is the logical value (JSON escapes decoded); ``text[start:end]`` is how it is
    written. ``remove_start``/``remove_end`` cover what deleting the reference must delete
    (an option with its argument and separator) when that is more than the span itself.
    """

    start: int
    end: int
    value: str
    role: Role
    context: Context
    setting: str = ""  # the key, option or variable that holds it ("index-url", "-i", ...)
    quoting: Quoting = Quoting.RAW
    dynamic: bool = False  # computed or indirected (${VAR}, f-string): never fixed
    remove_start: int | None = None
    remove_end: int | None = None
    list_separator: str = " "  # how a one-to-many replacement joins its values here


@dataclass(frozen=True)
class Finding:
    """A reference a rule matched: where it is, what is wrong, and its fix if there is one."""

    rule: str
    rule_name: str
    severity: Severity
    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    match: str
    message: str
    context: Context
    role: Role
    replacement: str | None
    fix_safety: FixSafety
    setting: str = ""
    start: int = 0  # character offsets, for the fixer
    end: int = 0
    removal: bool = False
    note: str = ""  # why there is no fix, or what to run instead
    vendored: bool = False
    fixed: bool = False
    # The replacement as it is written into the file: ``replacement`` is redacted for reports.
    fix_text: str | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (character offsets) with ``replacement``; findings it fixes."""

    start: int
    end: int
    replacement: str
    findings: tuple[Finding, ...] = ()

    @property
    def removal(self) -> bool:
        return any(f.removal for f in self.findings)


@dataclass(frozen=True)
class FileChange:
    """What --fix did to one file (with --diff: would do); ``error`` says why it was kept."""

    path: str
    fixed: tuple[Finding, ...] = ()
    written: bool = False
    diff: str = ""
    error: str = ""
    note: str = ""  # housekeeping: a stray temporary file removed, a torn write restored


@dataclass(frozen=True)
class FileResult:
    """One scanned file: its kind, findings, errors and the includes it names."""

    path: str
    kind: str
    findings: tuple[Finding, ...] = ()
    errors: tuple[Skip, ...] = ()  # non-fatal trouble met while extracting (a parse error)
    includes: tuple[str, ...] = ()  # local files it makes pip read as requirements (-r/-c)


@dataclass
class Report:
    """Everything a scan produced; built incrementally so that files can be streamed."""

    roots: list[str]
    findings: list[Finding] = field(default_factory=list)
    errors: list[Skip] = field(default_factory=list)
    files_seen: int = 0
    files_scanned: int = 0
    files_skipped: int = 0
    files_changed: int = 0
    started: str = ""
    finished: str = ""
    host: dict[str, str] = field(default_factory=dict)
    rules_version: str = ""
    fail_on: Severity = Severity.WARNING
    extra: dict[str, object] = field(default_factory=dict)
    changes: list[FileChange] = field(default_factory=list)  # filled by fix, one per touched file

    def add(self, result: FileResult) -> None:
        self.files_scanned += 1
        self.findings.extend(result.findings)
        self.errors.extend(result.errors)

    def forget(self, path: str) -> None:
        """Drop what a file's scan added (it is about to be scanned again); its fixes stay."""
        self.files_seen -= 1
        self.files_scanned -= 1
        self.findings = [f for f in self.findings if f.path != path or f.fixed]
        self.errors = [e for e in self.errors if e.path != path or e.category == "fix"]

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if self.fails(f)]

    def fails(self, finding: Finding) -> bool:
        """Whether the finding fails the run: at or above --fail-on, and not fixed."""
        return finding.severity.rank >= self.fail_on.rank and not finding.fixed

    @property
    def exit_code(self) -> int:
        return 1 if self.failing else 0
