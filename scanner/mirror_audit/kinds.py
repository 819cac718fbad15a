"""The one table that maps a file name to its kind, and so to its extractor."""

from __future__ import annotations

import fnmatch
import functools
import posixpath
import re

from .tempnames import STRAY

# Kinds with a format-aware extractor. Everything else that is text is "text" or "docs".
PIP_CONF = "pip-conf"
REQUIREMENTS = "requirements"
BUILDOUT = "buildout"
SETUP_CFG = "setup-cfg"
DISTUTILS_CFG = "distutils-cfg"
TOX_INI = "tox-ini"
PYPIRC = "pypirc"
CFG = "cfg"  # any other *.cfg: buildout when it has a [buildout] section, INI otherwise
PYTHON_SETUP = "python-setup"  # setup.py, ez_setup.py, distribute_setup.py, bootstrap.py
PYTHON = "python"
DOCKERFILE = "dockerfile"
PYPROJECT = "pyproject"
TOOL_TOML = "tool-toml"  # uv.toml, poetry.toml, pdm.toml, pypoetry/config.toml
PIPFILE = "pipfile"
LOCK = "lock"
CONDA_ENV = "conda-env"  # environment.yml: pip: items follow requirements syntax
TEXT = "text"  # scripts, CI YAML, Makefiles, anything else: active text
DOCS = "docs"  # documentation, logs, package metadata: mentions
# Where a host sets environment variables (scan --host; extract/envfiles.py reads all four).
ENV_FILE = "env-file"  # KEY=value lines: /etc/environment, environment.d, /etc/default/*
SHELL_PROFILE = "shell-profile"  # /etc/profile, profile.d, ~/.bashrc and the other rc files
SYSTEMD_UNIT = "systemd-unit"  # *.service and drop-ins: Environment=, EnvironmentFile=
CRONTAB = "crontab"  # /etc/crontab, cron.d, user crontabs: NAME=value lines and jobs

# First match wins. Patterns are matched against the base name, unless they hold a "/", in which
# case they are matched against the last path components.
_NAME_TABLE: tuple[tuple[str, str], ...] = (
    ("pip.conf", PIP_CONF),
    ("pip.ini", PIP_CONF),
    ("Pipfile.lock", LOCK),
    ("poetry.lock", LOCK),
    ("uv.lock", LOCK),
    ("pdm.lock", LOCK),
    ("pylock.toml", LOCK),
    ("pylock.*.toml", LOCK),
    ("Pipfile", PIPFILE),
    ("Pipfile.*", PIPFILE),
    ("pyproject.toml", PYPROJECT),
    ("uv.toml", TOOL_TOML),
    ("poetry.toml", TOOL_TOML),
    ("pdm.toml", TOOL_TOML),
    ("pypoetry/config.toml", TOOL_TOML),
    ("pdm/config.toml", TOOL_TOML),
    ("requirements*.txt", REQUIREMENTS),
    ("requirements*.in", REQUIREMENTS),
    ("requirements*.pip", REQUIREMENTS),
    ("*requirements.txt", REQUIREMENTS),
    ("*requirements.in", REQUIREMENTS),
    ("constraints*.txt", REQUIREMENTS),
    ("constraints*.in", REQUIREMENTS),
    ("requirements/*.txt", REQUIREMENTS),
    ("requirements/*.in", REQUIREMENTS),
    ("requirements/*/*.txt", REQUIREMENTS),
    ("buildout.cfg", BUILDOUT),
    (".buildout/default.cfg", BUILDOUT),
    ("setup.cfg", SETUP_CFG),
    (".pydistutils.cfg", DISTUTILS_CFG),
    ("pydistutils.cfg", DISTUTILS_CFG),
    ("distutils.cfg", DISTUTILS_CFG),
    ("tox.ini", TOX_INI),
    (".pypirc", PYPIRC),
    ("pypirc", PYPIRC),
    ("etc/environment", ENV_FILE),
    ("environment.d/*.conf", ENV_FILE),
    ("etc/security/pam_env.conf", ENV_FILE),
    (".pam_environment", ENV_FILE),
    ("etc/default/*", ENV_FILE),
    ("etc/sysconfig/*", ENV_FILE),
    ("etc/profile", SHELL_PROFILE),
    ("profile.d/*", SHELL_PROFILE),
    ("etc/bash.bashrc", SHELL_PROFILE),
    ("etc/bashrc", SHELL_PROFILE),
    ("etc/zsh/*", SHELL_PROFILE),
    ("etc/zshenv", SHELL_PROFILE),
    ("etc/zprofile", SHELL_PROFILE),
    ("etc/zshrc", SHELL_PROFILE),
    ("etc/csh.cshrc", SHELL_PROFILE),
    ("etc/csh.login", SHELL_PROFILE),
    (".profile", SHELL_PROFILE),
    (".bash_profile", SHELL_PROFILE),
    (".bash_login", SHELL_PROFILE),
    (".bashrc", SHELL_PROFILE),
    (".zshenv", SHELL_PROFILE),
    (".zprofile", SHELL_PROFILE),
    (".zshrc", SHELL_PROFILE),
    (".zlogin", SHELL_PROFILE),
    (".kshrc", SHELL_PROFILE),
    (".cshrc", SHELL_PROFILE),
    (".tcshrc", SHELL_PROFILE),
    (".login", SHELL_PROFILE),
    ("fish/config.fish", SHELL_PROFILE),
    ("fish/conf.d/*.fish", SHELL_PROFILE),
    ("*.service", SYSTEMD_UNIT),
    ("*.socket", SYSTEMD_UNIT),
    ("*.service.d/*.conf", SYSTEMD_UNIT),
    ("*.socket.d/*.conf", SYSTEMD_UNIT),
    ("systemd/system.conf", SYSTEMD_UNIT),
    ("systemd/user.conf", SYSTEMD_UNIT),
    ("system.conf.d/*.conf", SYSTEMD_UNIT),
    ("user.conf.d/*.conf", SYSTEMD_UNIT),
    ("etc/crontab", CRONTAB),
    ("etc/anacrontab", CRONTAB),
    ("cron.d/*", CRONTAB),
    ("cron/crontabs/*", CRONTAB),
    ("spool/cron/*", CRONTAB),
    ("*.cfg", CFG),
    ("setup.py", PYTHON_SETUP),
    ("ez_setup.py", PYTHON_SETUP),
    ("distribute_setup.py", PYTHON_SETUP),
    ("bootstrap.py", PYTHON_SETUP),
    ("bootstrap-buildout.py", PYTHON_SETUP),
    ("*.py", PYTHON),
    ("Dockerfile", DOCKERFILE),
    ("Containerfile", DOCKERFILE),
    ("Dockerfile.*", DOCKERFILE),
    ("Containerfile.*", DOCKERFILE),
    ("*.Dockerfile", DOCKERFILE),
    ("*.dockerfile", DOCKERFILE),
    ("*.containerfile", DOCKERFILE),
    ("environment.yml", CONDA_ENV),
    ("environment.yaml", CONDA_ENV),
    ("environment-*.yml", CONDA_ENV),
    ("environment-*.yaml", CONDA_ENV),
    ("*.md", DOCS),
    ("*.markdown", DOCS),
    ("*.rst", DOCS),
    ("*.txt", DOCS),
    ("*.adoc", DOCS),
    ("*.html", DOCS),
    ("*.htm", DOCS),
    ("*.log", DOCS),
    ("*.1", DOCS),
    ("PKG-INFO", DOCS),
    ("METADATA", DOCS),
    ("README*", DOCS),
    ("CHANGES*", DOCS),
    ("CHANGELOG*", DOCS),
    ("HISTORY*", DOCS),
    ("NEWS*", DOCS),
    ("AUTHORS*", DOCS),
    ("LICENSE*", DOCS),
    ("COPYING*", DOCS),
)

# Files that are never text: skipped by name before they are opened.
BINARY_SUFFIXES = frozenset(
    """.whl .egg .zip .gz .tgz .bz2 .xz .zst .7z .rar .tar .jar .war .pyc .pyo .pyd .so .dylib
    .dll .exe .o .a .lib .class .png .jpg .jpeg .gif .bmp .ico .webp .tif .tiff .pdf .mo .db
    .sqlite .sqlite3 .woff .woff2 .ttf .otf .eot .mp3 .mp4 .avi .mov .wav .ogg .flac .iso .img
    .qcow2 .deb .rpm .msi .dmg .npy .npz .pkl .pickle .h5 .parquet .bin .dat .pack .idx""".split()
)


def _compile(table: tuple[tuple[str, str], ...]) -> dict[int, str]:
    """One regex per pattern depth, each alternative named after its row ("_12"); compiled
    when first used (_regex), as a run that names five files needs only the first.

    NOTE: an alternation tries its alternatives in order, so the row a match names is the
    first row of that depth that matches; kind_of takes the first across depths. This is
    the table read top to bottom, at one regex call per depth instead of one per row.
    """
    by_depth: dict[int, list[str]] = {}
    for row, (pattern, _kind) in enumerate(table):
        depth = pattern.count("/") + 1
        by_depth.setdefault(depth, []).append(f"(?P<_{row}>{fnmatch.translate(pattern)})")
    return {depth: "|".join(rows) for depth, rows in by_depth.items()}


def _parents(table: tuple[tuple[str, str], ...]) -> dict[int, str]:
    """Per depth above one: what the directories of a path must match for any row of that depth."""
    by_depth: dict[int, list[str]] = {}
    for pattern, _kind in table:
        if "/" in pattern:
            parent = pattern.rsplit("/", 1)[0]
            by_depth.setdefault(pattern.count("/") + 1, []).append(fnmatch.translate(parent))
    return {depth: "|".join(rows) for depth, rows in by_depth.items()}


@functools.cache
def _regex(source: str) -> re.Pattern[str]:
    return re.compile(source, re.IGNORECASE)  # NOTE: 13 ms for all of them: only when needed


_BY_DEPTH = _compile(_NAME_TABLE)
_PARENTS = _parents(_NAME_TABLE)
_ROWS: dict[tuple[int, str], int] = {}  # (depth > 1, subject) -> first row, len(table) if none
_DEEP: dict[tuple[int, str], bool] = {}  # (depth, directories) -> a row of that depth may match


def kind_of(path: str) -> str | None:
    """The kind of a file by its name, or None for a name that is never text."""
    directory, _, name = path.replace("\\", "/").rpartition("/")
    return Folder(directory).kind(name)


class Folder:
    """The kinds of the files of one directory: what its path says is worked out once.

    NOTE: a row of depth d has d-1 literal "/", so it matches only a path of d parts or more,
    and only when the d-1 directories above the file match; those are the same for every file
    of a directory, so the walk asks once per directory, and most files cost one look-up.
    """

    __slots__ = ("depths", "parts")

    def __init__(self, directory: str) -> None:
        self.parts = directory.split("/") if directory else []
        above = len(self.parts)
        self.depths = tuple(
            depth for depth in _PARENTS
            if above + 1 >= depth and _may_match(depth, "/".join(self.parts[above - depth + 1:]))
        )

    def kind(self, name: str) -> str | None:
        """The kind of the file ``name`` in this directory (None: never text)."""
        row = _name_row(name)
        if row < 0:
            return None
        above = len(self.parts)
        for depth in self.depths:
            row = min(row, _first_row(depth, "/".join([*self.parts[above - depth + 1:], name])))
        return _NAME_TABLE[row][1] if row < len(_NAME_TABLE) else TEXT


_NAMES: dict[str, int] = {}  # file name -> first matching row of depth 1; -1: never text


def _name_row(name: str) -> int:
    row = _NAMES.get(name)
    if row is None:
        if posixpath.splitext(name)[1].lower() in BINARY_SUFFIXES:
            row = -1
        elif name[:1] == "." and STRAY.match(name):
            row = -1  # a half-written fix of an interrupted run: the next --fix removes it
        else:  # _NAMES is this row's cache: not _first_row's too
            found = _regex(_BY_DEPTH[1]).match(name)
            row = len(_NAME_TABLE) if found is None else _row_of(found)
        if len(_NAMES) >= 1 << 14:
            _NAMES.clear()  # bounded: names repeat (__init__.py, index.js), not all of them
        _NAMES[name] = row
    return row


def _may_match(depth: int, directories: str) -> bool:
    found = _DEEP.get((depth, directories))
    if found is None:
        found = _regex(_PARENTS[depth]).match(directories) is not None
        if len(_DEEP) >= 1 << 14:
            _DEEP.clear()
        _DEEP[(depth, directories)] = found
    return found


def _first_row(depth: int, subject: str) -> int:
    row = _ROWS.get((depth, subject))
    if row is None:
        found = _regex(_BY_DEPTH[depth]).match(subject)
        row = len(_NAME_TABLE) if found is None else _row_of(found)
        if len(_ROWS) >= 1 << 14:
            _ROWS.clear()  # bounded: names repeat (__init__.py, index.js), full paths do not
        _ROWS[(depth, subject)] = row
    return row


def _row_of(found: re.Match[str]) -> int:
    name = found.lastgroup or ""
    if not name.startswith("_"):  # a group of fnmatch's own: find ours
        name = next(k for k, v in found.groupdict().items() if k.startswith("_") and v is not None)
    return int(name[1:])


def refine_kind(kind: str, text: str) -> str:
    """Refine a kind once the text is known: a *.cfg with a [buildout] section is buildout."""
    if kind == CFG:
        return BUILDOUT if _BUILDOUT_SECTION.search(text) else CFG
    return kind


_BUILDOUT_SECTION = re.compile(r"^\[buildout\]", re.MULTILINE)

#: Kinds whose findings are mentions rather than active configuration.
PASSIVE_KINDS = frozenset({DOCS})

#: Every kind the table can give, and named groups of them for ``scan --kinds``.
ALL_KINDS = frozenset(kind for _, kind in _NAME_TABLE) | {TEXT}
# NOTE: "config" is every kind but free text, documentation and plain Python, so a kind added to
# the table is in the group without a second edit here.
GROUPS = {"config": ALL_KINDS - {TEXT, DOCS, PYTHON}}


def select(names: tuple[str, ...]) -> frozenset[str]:
    """The kinds named by kind names and group names; ValueError names the first unknown one."""
    chosen: set[str] = set()
    for name in names:
        if name not in GROUPS and name not in ALL_KINDS:
            known = ", ".join(sorted({*GROUPS, *ALL_KINDS}))
            raise ValueError(f"unknown kind {name!r}; known: {known}")
        chosen.update(GROUPS.get(name, {name}))
    return frozenset(chosen)
