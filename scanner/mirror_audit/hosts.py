"""scan --host: every place a machine keeps packaging configuration, and the scan's environment.

FORMATS.md section 2 says where each tool reads its configuration; this module lists those
places for the whole system (global files, each home, each virtualenv, the files that set
environment variables for sessions, services and jobs) and hands them to the walker.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import NamedTuple

from . import discover as walker
from . import extract, kinds, logins, match, mounts, read, system
from .config import Config
from .extract import envfiles, text
from .model import Candidate, Context, FileResult, Finding, FixSafety, Skip
from .pipconfig import Variable
from .rules import RuleSet

# Unit directories, highest precedence first (systemd.unit(5)).
UNIT_DIRS = (
    "/etc/systemd/system",
    "/run/systemd/system",
    "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
)
USER_UNIT_DIRS = ("/etc/systemd/user", "/usr/lib/systemd/user")

# Files and directories of the system (directories are walked).
SYSTEM = (
    # pip: global ($XDG_CONFIG_DIRS/pip, /etc), and site for the system Pythons (sys.prefix)
    "/etc/xdg/pip/pip.conf",
    "/etc/pip.conf",
    "/usr/pip.conf",
    "/usr/local/pip.conf",
    "/Library/Application Support/pip/pip.conf",
    "/etc/xdg/uv/uv.toml",
    "/etc/uv/uv.toml",
    # environment of sessions, services and jobs
    "/etc/environment",
    "/etc/environment.d",
    "/etc/security/pam_env.conf",
    "/etc/profile",
    "/etc/profile.d",
    "/etc/bash.bashrc",
    "/etc/bashrc",
    "/etc/zshenv",
    "/etc/zprofile",
    "/etc/zshrc",
    "/etc/zsh",
    "/etc/csh.cshrc",
    "/etc/csh.login",
    "/etc/fish",
    "/etc/default",
    "/etc/sysconfig",
    "/etc/crontab",
    "/etc/anacrontab",
    "/etc/cron.d",
    "/etc/cron.hourly",
    "/etc/cron.daily",
    "/etc/cron.weekly",
    "/etc/cron.monthly",
    "/var/spool/cron",
    "/etc/systemd/system.conf",
    "/etc/systemd/user.conf",
    "/etc/systemd/system.conf.d",
    "/etc/systemd/user.conf.d",
    *UNIT_DIRS,
    *USER_UNIT_DIRS,
)
# Relative to each home directory.
HOME = (
    ".pip/pip.conf",
    ".config/pip/pip.conf",
    "Library/Application Support/pip/pip.conf",
    ".pydistutils.cfg",
    ".pypirc",
    ".buildout/default.cfg",
    ".config/uv/uv.toml",
    ".config/pypoetry/config.toml",
    "Library/Application Support/pypoetry/config.toml",
    ".config/pdm/config.toml",
    ".pam_environment",
    ".config/environment.d",
    ".profile",
    ".bash_profile",
    ".bash_login",
    ".bashrc",
    ".zshenv",
    ".zprofile",
    ".zshrc",
    ".zlogin",
    ".kshrc",
    ".cshrc",
    ".tcshrc",
    ".login",
    ".config/fish",
    ".config/systemd/user",
)
# Where virtualenvs live besides homes; searched a few levels deep, never into another machine.
VENV_BASES = ("/opt", "/srv", "/usr/local", "/var/lib", "/var/www", "/app")
VENV_DEPTH = 3
# Directories under a home that hold one virtualenv (or Python prefix) per entry.
VENV_HOMES = (
    ".virtualenvs",
    ".local/share/virtualenvs",
    ".cache/pypoetry/virtualenvs",
    ".local/pipx/venvs",
    ".local/share/pipx/venvs",
    ".pyenv/versions",
    ".conda/envs",
)
_NOT_VENVS = walker.VENDORED_DIRS | walker.CACHE_DIRS | {"proc", "sys", "dev"}
VENV_BUDGET = 20000  # directories listed at most while looking for virtualenvs

# The scanning process's variables that configure an index (pseudo path <environment>/NAME).
ENV_PREFIXES = ("PIP_", "UV_", "POETRY_", "PDM_")
ENV_NAMES = frozenset({"PIPENV_PYPI_MIRROR"})
ENVIRONMENT = "<environment>"


def discover(
    paths: Sequence[str], config: Config, options: walker.WalkOptions
) -> Iterator[Candidate | Skip]:
    """The known locations (with --host), then PATHS; each file once."""
    root = config.root or "/"
    taken: set[str] = set()
    if config.host:
        places = known(root, config.mount_table)
        forced = {path: kind for path, kind in places.items() if kind}
        for item in walker.discover(existing(root, list(places)), options):
            if isinstance(item, Candidate):
                if item.path in taken:
                    continue
                taken.add(item.path)
                if item.display in forced:
                    item = replace(item, kind=forced[item.display])
            yield item
    named = [p if config.root else os.path.abspath(p) for p in paths]
    for item in walker.discover(named, options):
        if not (isinstance(item, Candidate) and item.path in taken):
            yield item


def known(root: str, table: str = mounts.DEFAULT_TABLE) -> dict[str, str]:
    """Every known location (``locations``) and every unit's EnvironmentFile=, as system path ->
    the kind it is read as, whatever its name ("": by its name). The units are read once."""
    units = list(unit_environments(root))
    # a unit's EnvironmentFile=, $PIP_CONFIG_FILE: their format is known, whatever their name
    pointed_at = pointed(root, units=units)
    forced = {**pointed_at, **dict.fromkeys(environment_files(units), kinds.ENV_FILE)}
    return {**dict.fromkeys(locations(root, table, pointed_at), ""), **forced}


def pointed(
    root: str, environ: Mapping[str, str] | None = None, units: Sequence[Session] | None = None
) -> dict[str, str]:
    """Files the variables of each login point the tools at ($XDG_CONFIG_DIRS/pip/pip.conf,
    $XDG_CONFIG_HOME/uv/uv.toml, $PIP_CONFIG_FILE, ...), as system path -> kind. On the running
    system (``root`` "/") this process's own variables count too (``environ``, default
    os.environ); never an image's. ``units``: unit_environments(root), when already read."""
    sessions = [logins.login_environment(root, user) for user in system.homes(root)]
    # NOTE: a service's or a cron job's own PIP_CONFIG_FILE points pip at a file too.
    services = unit_environments(root) if units is None else units
    sessions.extend(s.env for s in (*services, *cron_environments(root)))
    if environ is None and root == "/":
        environ = os.environ
    if environ is not None:
        sessions.append({n: Variable(n, v, ENVIRONMENT, 0) for n, v in environ.items()})
    found: dict[str, str] = {}
    for env in sessions:
        found.update(logins.pointed_files(env))
    return found


def locations(
    root: str, table: str = mounts.DEFAULT_TABLE, pointed_at: Iterable[str] | None = None
) -> list[str]:
    """Every known location on the system at ``root``, as paths on that system.
    ``pointed_at``: the files pointed() gives, when already known."""
    found = [*SYSTEM, *(pointed(root) if pointed_at is None else pointed_at)]
    for user in system.homes(root):
        found.extend(_join(user.home, name) for name in HOME)
    for prefix in virtualenvs(root, table):
        found.extend((f"{prefix}/pip.conf", f"{prefix}/pip.ini"))
    return found


def existing(root: str, paths: Sequence[str]) -> list[str]:
    """The paths that exist (or fail for another reason than absence), each place once."""
    chosen: dict[str, str] = {}
    for path in paths:
        try:
            real = system.resolve(root, path)
            os.lstat(real)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            real = system.host_path(root, path)  # the walker reports why
        chosen.setdefault(real, path)
    return list(chosen.values())


def virtualenvs(root: str, table: str = mounts.DEFAULT_TABLE) -> list[str]:
    """Python prefixes (pyvenv.cfg, conda-meta) under the homes and VENV_BASES, as system paths."""
    mount_table = mounts.load(table)
    homes = [u.home for u in system.homes(root)]
    search = _VenvSearch(root, mount_table)
    for home in homes:
        for container in VENV_HOMES:
            search.run(_join(home, container), 0, holds=True)
    for start in [*homes, *VENV_BASES]:
        search.run(start, VENV_DEPTH)
    return sorted(search.found)


class _VenvSearch:
    """A shallow search: lists directories only, never enters a pseudo or network filesystem."""

    def __init__(self, root: str, table: mounts.MountTable) -> None:
        self.root, self.table, self.budget = root, table, VENV_BUDGET
        self.found: set[str] = set()

    def run(self, start: str, depth: int, holds: bool = False) -> None:
        # holds: every directory in it is a Python prefix (~/.virtualenvs, ~/.pyenv/versions)
        stack = [(start, depth, holds)]
        while stack and self.budget > 0:
            shown, left, holds = stack.pop()
            self.budget -= 1
            try:
                with os.scandir(system.host_path(self.root, shown)) as handle:
                    entries = [e for e in handle if e.is_dir(follow_symlinks=False)]
            except OSError:
                continue
            if holds:
                self.found.update(_join(shown, e.name) for e in entries)
                continue
            names = {e.name for e in entries}
            if "conda-meta" in names or _is_venv(self.root, shown):
                self.found.add(shown)
                if "envs" in names:  # a conda installation: its environments are prefixes too
                    stack.append((_join(shown, "envs"), 0, True))
                continue
            if left > 0:
                stack.extend(
                    (_join(shown, e.name), left - 1, False)
                    for e in entries
                    if e.name not in _NOT_VENVS and self._local(e.path)
                )

    def _local(self, path: str) -> bool:
        mount = self.table.at(path)
        return mount is None or mount.nature == "local"


def _is_venv(root: str, path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(system.host_path(root, f"{path}/pyvenv.cfg")).st_mode)
    except OSError:
        return False


def unit_files(root: str, directories: Sequence[str] = UNIT_DIRS) -> list[str]:
    """Service and socket units and their drop-ins, as system paths, in directory precedence."""
    found = []
    for directory in directories:
        for name in _listdir(root, directory):
            path = f"{directory}/{name}"
            if name.endswith((".service", ".socket")):
                found.append(path)
            elif name.endswith((".service.d", ".socket.d")):
                found.extend(f"{path}/{n}" for n in _listdir(root, path) if n.endswith(".conf"))
    return found


def environment_files(units: Iterable[Session]) -> list[str]:
    """The EnvironmentFile= of these units (unit_environments), as system paths, each once."""
    found: dict[str, None] = {}
    for unit in units:
        found.update(dict.fromkeys(f for f in unit.files if f.startswith("/")))
    return list(found)


class Session(NamedTuple):
    """The environment a systemd unit or a crontab gives the commands it runs."""

    name: str  # the unit's name, or the crontab's path
    env: dict[str, Variable]
    user: str = ""  # User= of a unit (empty: root); a user crontab's owner
    start: str = ""  # a unit's ExecStart= program
    notes: tuple[str, ...] = ()  # a missing EnvironmentFile= the unit needs
    files: tuple[str, ...] = ()  # its EnvironmentFile=s, in order


CRONTABS = ("/etc/crontab", "/etc/cron.d/*", "/var/spool/cron/crontabs/*", "/var/spool/cron/*")
_EXEC = re.compile(r"^\s*ExecStart\s*=\s*[-@+!:]*(\S+)", re.MULTILINE)


def unit_environments(root: str) -> Iterator[Session]:
    """Every system unit's environment: system.conf's DefaultEnvironment=, then its files'
    Environment= and the EnvironmentFile= they name (which override Environment=), in order."""
    defaults: dict[str, Variable] = {}
    drop_ins = logins.expand(root, "/etc/systemd/system.conf.d/*.conf")
    for path in ("/etc/systemd/system.conf", *drop_ins):
        logins.apply(defaults, logins.file_assignments(root, path, envfiles.SYSTEMD), path)
    for name, paths in _units(root).items():
        env, notes, files, user, start = dict(defaults), [], [], "", ""
        for path in paths:
            raw = read.read_bytes(system.resolve(root, path), 1 << 20)
            source = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
            settings = envfiles.parse(source, envfiles.SYSTEMD)
            logins.apply(env, settings.assignments, path)
            user = settings.user or user
            start = next(iter(_EXEC.findall(source)), start)
            for file, optional, line in settings.files:
                if not optional and not logins.expand(root, file):
                    notes.append(
                        f"EnvironmentFile={file} ({path}:{line}) is missing: the unit fails"
                    )
                logins.apply(env, logins.file_assignments(root, file, envfiles.ENV), file)
                files.append(file)
        yield Session(name, env, user, start, tuple(notes), tuple(files))


def _units(root: str) -> dict[str, list[str]]:
    """unit name -> its file (highest-precedence directory) then its drop-ins, by file name."""
    units: dict[str, list[str]] = {}
    drop_ins: dict[str, dict[str, str]] = {}
    for path in unit_files(root):
        parent, _, base = path.rpartition("/")
        if parent.endswith(".d"):
            drop_ins.setdefault(os.path.basename(parent)[:-2], {}).setdefault(base, path)
        else:
            units.setdefault(base, [path])
    return {n: [*p, *(d for _, d in sorted(drop_ins.get(n, {}).items()))] for n, p in units.items()}


def cron_environments(root: str) -> Iterator[Session]:
    """Crontabs that set a PIP_* variable, each over /etc/environment (cron's PAM session)."""
    seen = set()
    for pattern in CRONTABS:
        for path in logins.expand(root, pattern):
            if path in seen:
                continue
            seen.add(path)
            assignments = logins.file_assignments(root, path, envfiles.CRONTAB)
            if not any(a.name.startswith("PIP_") for a in assignments):
                continue
            user = os.path.basename(path) if path.startswith("/var/spool/cron/") else "root"
            env: dict[str, Variable] = {}
            for pam in logins.PAM:
                logins.apply(env, logins.file_assignments(root, pam, envfiles.ENV), pam)
            logins.apply(env, assignments, path)
            yield Session(path, env, user)


def environment(rules: RuleSet, environ: Mapping[str, str] | None = None) -> FileResult | None:
    """Findings in this process's own index variables; each is shown as <environment>/NAME:1:col."""
    environ = os.environ if environ is None else environ
    names = sorted(n for n in environ if n.startswith(ENV_PREFIXES) or n in ENV_NAMES)
    if not names:
        return None
    vocab = extract.vocabulary(rules)
    findings: list[Finding] = []
    for name in names:
        doc = read.make_document(f"{ENVIRONMENT}/{name}", f"{name}={environ[name]}", kinds.ENV_FILE)
        references = extract.unique(
            text.scan(doc.text, vocab, Context.SETTING, style=text.NO_COMMENTS)
        )
        findings.extend(_unfixable(f) for f in match.match(doc, references, rules))
    return FileResult(ENVIRONMENT, kinds.ENV_FILE, tuple(findings))


def _unfixable(finding: Finding) -> Finding:
    """No file to rewrite: the suggestion goes into the note, for whoever sets the variable."""
    where = "in the environment of this scan: change it where it is set (mirror-audit pip-config)"
    if finding.replacement is not None:
        what = "remove it" if finding.removal else f"use {finding.replacement}"
        where = f"{what}; {where}"
    return replace(finding, replacement=None, fix_text=None, fix_safety=FixSafety.NONE, note=where)


def _join(home: str, name: str) -> str:
    return f"{home.rstrip('/')}/{name}"


def _listdir(root: str, path: str) -> list[str]:
    try:
        return sorted(os.listdir(system.resolve(root, path)))
    except OSError:
        return []
