"""pip-config: every place pip runs on a system, and the environment each one gives it.

A view is one way pip gets started: a user's login shell, a virtualenv's own pip (run by its
owner), a systemd service or a crontab that sets PIP_* variables, and this very process. Each
view's variables come from the files that set them, in the order they are read; pipconfig then
applies pip's precedence. Shell files are read, never run: an assignment counts wherever it
stands (inside an ``if`` too), and a value that needs the shell (``$(...)``) is marked dynamic.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from . import hosts, mounts, pipconfig, read, system
from .extract import envfiles
from .pipconfig import Resolution, Variable
from .rules import RuleSet

PAM = ("/etc/environment", "/etc/security/pam_env.conf")  # read by pam_env for every session
_SH = ("/etc/profile", "/etc/profile.d/*.sh")
# login shell -> the files it reads at login, "~" standing for the home directory
SHELLS: dict[str, tuple[str, ...]] = {
    "bash": (
        *_SH,
        "/etc/bash.bashrc",
        "/etc/bashrc",
        "~/.bash_profile|~/.bash_login|~/.profile",
        "~/.bashrc",
    ),
    "sh": (*_SH, "~/.profile"),
    "ksh": (*_SH, "~/.profile", "~/.kshrc"),
    "zsh": (
        "/etc/zshenv",
        "/etc/zsh/zshenv",
        "~/.zshenv",
        "/etc/zprofile",
        "/etc/zsh/zprofile",
        "~/.zprofile",
        "/etc/zshrc",
        "/etc/zsh/zshrc",
        "~/.zshrc",
        "~/.zlogin",
    ),
    "fish": (
        "/etc/fish/conf.d/*.fish",
        "/etc/fish/config.fish",
        "~/.config/fish/conf.d/*.fish",
        "~/.config/fish/config.fish",
    ),
    "csh": ("/etc/csh.cshrc", "/etc/csh.login", "~/.tcshrc|~/.cshrc", "~/.login"),
}
_ALIASES = {"dash": "sh", "mksh": "ksh", "tcsh": "csh"}
_NO_LOGIN = ("nologin", "false", "sync", "halt", "shutdown")
CRONTABS = ("/etc/crontab", "/etc/cron.d/*", "/var/spool/cron/crontabs/*", "/var/spool/cron/*")
_EXEC = re.compile(r"^\s*ExecStart\s*=\s*[-@+!:]*(\S+)", re.MULTILINE)
_REFERENCE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")
SHOWN = ("PIP_", "XDG_CONFIG_")  # the variables a view lists


@dataclass(frozen=True)
class View:
    kind: str  # user, virtualenv, service, cron, process
    name: str
    user: str
    home: str
    prefix: str  # the sys.prefix whose pip.conf is the site file ("" if not known)
    environment: tuple[Variable, ...]
    resolution: Resolution
    notes: tuple[str, ...] = ()


@dataclass
class PipReport:
    root: str
    views: list[View] = field(default_factory=list)
    homeless: list[str] = field(default_factory=list)  # users whose home does not exist


def pip_config(
    root: str,
    rules: RuleSet,
    environ: Mapping[str, str] | None = None,
    table: str = mounts.DEFAULT_TABLE,
) -> PipReport:
    """Every view of the system at ``root``; the process's own one when ``root`` is "/"."""
    report = PipReport(root)
    homes = {u.home: u for u in system.homes(root)}
    report.homeless = [u.name for u in system.users(root) if u.listed and u.home not in homes]
    logins = {home: login_environment(root, user) for home, user in homes.items()}
    for home, user in homes.items():
        report.views.append(_view(root, rules, "user", user.name, user, "/usr", logins[home]))
    prefixes = hosts.virtualenvs(root, table)
    for prefix in prefixes:
        owner = _owner(root, prefix)
        env = logins.get(owner.home) if owner else None
        name = owner.name if owner else "?"
        report.views.append(
            _view(root, rules, "virtualenv", prefix, owner, prefix, env or {}, name)
        )
    report.views.extend(_services(root, rules, prefixes))
    report.views.extend(_crons(root, rules))
    if root == "/":
        report.views.append(_process(rules, os.environ if environ is None else environ))
    return report


def _view(
    root: str,
    rules: RuleSet,
    kind: str,
    name: str,
    user: system.User | None,
    prefix: str,
    env: Mapping[str, Variable],
    user_name: str = "",
    notes: tuple[str, ...] = (),
) -> View:
    home = user.home if user else "/"
    resolution = pipconfig.resolve(root, home, prefix, env, rules)
    shown = tuple(v for n, v in sorted(env.items()) if n.startswith(SHOWN))
    return View(
        kind,
        name,
        user_name or (user.name if user else "?"),
        home,
        prefix,
        shown,
        resolution,
        notes,
    )


def login_environment(root: str, user: system.User) -> dict[str, Variable]:
    """The variables a login shell of ``user`` ends up with, from PAM and the shell's files."""
    base = {"HOME": user.home, "USER": user.name, "LOGNAME": user.name}
    env = {n: Variable(n, v, "<login>", 0) for n, v in base.items()}
    shell = os.path.basename(user.shell) or "sh"
    files = [(p, envfiles.ENV) for p in (*PAM, "~/.pam_environment")]
    if not shell.startswith(_NO_LOGIN):
        files += [(p, envfiles.SHELL) for p in SHELLS.get(_ALIASES.get(shell, shell), SHELLS["sh"])]
    for pattern, syntax in files:
        for path in _expand(root, pattern.replace("~", user.home.rstrip("/"))):
            apply(env, _assignments(root, path, syntax), path)
    return env


def apply(env: dict[str, Variable], assignments: Iterable[envfiles.Assignment], path: str) -> None:
    """Assignments of one file, in order: an exported one (or one to a variable already in the
    environment) sets it, ``unset`` removes it."""
    for a in assignments:
        if a.unset:
            env.pop(a.name, None)
        elif a.exported or a.name in env:
            value, dynamic = _expand_value(a.value, env) if a.dynamic else (a.value, False)
            env[a.name] = Variable(a.name, value, path, a.line, dynamic)


def _expand_value(value: str, env: Mapping[str, Variable]) -> tuple[str, bool]:
    """$NAME and ${NAME} from the variables known so far; anything else stays dynamic."""
    known = all((m.group(1) or m.group(2)) in env for m in _REFERENCE.finditer(value))
    if not known or "$(" in value or "`" in value:
        return value, True
    return _REFERENCE.sub(lambda m: env[m.group(1) or m.group(2)].value, value), False


def _assignments(root: str, path: str, syntax: str) -> tuple[envfiles.Assignment, ...]:
    raw = read.read_bytes(system.resolve(root, path), 1 << 20)
    if not isinstance(raw, bytes):
        return ()
    return envfiles.parse(raw.decode("utf-8", "replace"), syntax).assignments


def _expand(root: str, pattern: str) -> list[str]:
    """A path, the first existing of "a|b|c", or a "dir/*.sh" glob (sorted), as system paths."""
    for choice in pattern.split("|"):
        directory, _, name = choice.rpartition("/")
        if "*" not in name:
            if os.path.isfile(system.resolve(root, choice)):
                return [choice]
            continue
        try:
            names = sorted(os.listdir(system.resolve(root, directory)))
        except OSError:
            return []
        found = [f"{directory}/{n}" for n in names if fnmatch.fnmatch(n, name)]
        return [p for p in found if os.path.isfile(system.resolve(root, p))]
    return []


def _owner(root: str, prefix: str) -> system.User | None:
    try:
        uid = os.lstat(system.resolve(root, prefix)).st_uid
    except OSError:
        return None
    return system.user_of(root, uid)


def _services(root: str, rules: RuleSet, prefixes: list[str]) -> list[View]:
    """systemd services that set a PIP_* variable, with the unit's user and virtualenv."""
    defaults: dict[str, Variable] = {}
    for path in ("/etc/systemd/system.conf", *_expand(root, "/etc/systemd/system.conf.d/*.conf")):
        apply(defaults, _assignments(root, path, envfiles.SYSTEMD), path)
    views = []
    for name, paths in _units(root).items():
        env, notes, user, start = dict(defaults), [], "", ""
        for path in paths:
            raw = read.read_bytes(system.resolve(root, path), 1 << 20)
            source = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else ""
            settings = envfiles.parse(source, envfiles.SYSTEMD)
            apply(env, settings.assignments, path)
            user = settings.user or user
            start = next(iter(_EXEC.findall(source)), start)
            for file, optional, line in settings.files:  # these override Environment=
                if not optional and not _expand(root, file):
                    notes.append(
                        f"EnvironmentFile={file} ({path}:{line}) is missing: the unit fails"
                    )
                apply(env, _assignments(root, file, envfiles.ENV), file)
        if not any(n.startswith("PIP_") for n in env):
            continue
        owner = next((u for u in system.users(root) if u.name == (user or "root")), None)
        prefix = next((p for p in prefixes if start.startswith(p.rstrip("/") + "/")), "/usr")
        views.append(
            _view(root, rules, "service", name, owner, prefix, env, user or "root", tuple(notes))
        )
    return views


def _units(root: str) -> dict[str, list[str]]:
    """unit name -> its file (highest-precedence directory) then its drop-ins, by file name."""
    units: dict[str, list[str]] = {}
    drop_ins: dict[str, dict[str, str]] = {}
    for path in hosts.unit_files(root):
        parent, _, base = path.rpartition("/")
        if parent.endswith(".d"):
            drop_ins.setdefault(os.path.basename(parent)[:-2], {}).setdefault(base, path)
        else:
            units.setdefault(base, [path])
    return {n: [*p, *(d for _, d in sorted(drop_ins.get(n, {}).items()))] for n, p in units.items()}


def _crons(root: str, rules: RuleSet) -> list[View]:
    """Crontabs that set a PIP_* variable; cron's PAM session reads /etc/environment first."""
    views, seen = [], set()
    for pattern in CRONTABS:
        for path in _expand(root, pattern):
            if path in seen:
                continue
            seen.add(path)
            assignments = _assignments(root, path, envfiles.CRONTAB)
            if not any(a.name.startswith("PIP_") for a in assignments):
                continue
            user = os.path.basename(path) if path.startswith("/var/spool/cron/") else "root"
            owner = next((u for u in system.users(root) if u.name == user), None)
            env: dict[str, Variable] = {}
            for pam in PAM:
                apply(env, _assignments(root, pam, envfiles.ENV), pam)
            apply(env, assignments, path)
            views.append(_view(root, rules, "cron", path, owner, "/usr", env, user))
    return views


def _process(rules: RuleSet, environ: Mapping[str, str]) -> View:
    """This process: its own PIP_* variables, its HOME, its virtualenv."""
    import pwd

    try:
        name = pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:
        name = str(os.geteuid())
    env = {
        n: Variable(n, v, f"{hosts.ENVIRONMENT}/{n}", 1)
        for n, v in environ.items()
        if n.startswith(SHOWN)
    }
    home = environ.get("HOME") or os.path.expanduser("~")
    prefix = environ.get("VIRTUAL_ENV") or environ.get("CONDA_PREFIX") or ""
    user = system.User(name, os.geteuid(), home)
    return _view("/", rules, "process", "this process", user, prefix, env)
