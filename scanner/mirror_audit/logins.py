"""Login sessions: the variables a user's login shell ends up with, and the files they name.

Shell files are read, never run: an assignment counts wherever it stands (inside an ``if``
too), and a value that needs the shell (``$(...)``) is marked dynamic. pip-config shows what
these environments make pip do; ``scan --host`` scans the configuration files they point at
($XDG_CONFIG_DIRS, $XDG_CONFIG_HOME, $PIP_CONFIG_FILE).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Mapping

from . import kinds, read, system
from .extract import envfiles
from .pipconfig import Variable

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
_REFERENCE = re.compile(r"\$(?:\{(\w+)\}|(\w+))")


def login_environment(root: str, user: system.User) -> dict[str, Variable]:
    """The variables a login shell of ``user`` ends up with, from PAM and the shell's files."""
    base = {"HOME": user.home, "USER": user.name, "LOGNAME": user.name}
    env = {n: Variable(n, v, "<login>", 0) for n, v in base.items()}
    shell = os.path.basename(user.shell) or "sh"
    files = [(p, envfiles.ENV) for p in (*PAM, "~/.pam_environment")]
    if not shell.startswith(_NO_LOGIN):
        files += [(p, envfiles.SHELL) for p in SHELLS.get(_ALIASES.get(shell, shell), SHELLS["sh"])]
    for pattern, syntax in files:
        for path in expand(root, pattern.replace("~", user.home.rstrip("/"))):
            apply(env, file_assignments(root, path, syntax), path)
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


def file_assignments(root: str, path: str, syntax: str) -> tuple[envfiles.Assignment, ...]:
    raw = read.read_bytes(system.resolve(root, path), 1 << 20)
    if not isinstance(raw, bytes):
        return ()
    return envfiles.parse(raw.decode("utf-8", "replace"), syntax).assignments


def expand(root: str, pattern: str) -> list[str]:
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


# Files found through the XDG base directories (pip, uv: system and user; poetry, pdm: user).
XDG_CONFIG_DIRS_FILES = ("pip/pip.conf", "uv/uv.toml")
XDG_CONFIG_HOME_FILES = ("pip/pip.conf", "uv/uv.toml", "pypoetry/config.toml", "pdm/config.toml")


def pointed_files(env: Mapping[str, Variable]) -> dict[str, str]:
    """Configuration files an environment points the tools at, as system path -> kind.

    $XDG_CONFIG_DIRS (pip's global files, uv's system file), $XDG_CONFIG_HOME (the user files)
    and the file $PIP_CONFIG_FILE names, whatever its name. A value only the shell knows
    (dynamic) or a relative one (the XDG specification ignores those) points nowhere.
    """
    found: dict[str, str] = {}
    for name, files in (
        ("XDG_CONFIG_DIRS", XDG_CONFIG_DIRS_FILES),
        ("XDG_CONFIG_HOME", XDG_CONFIG_HOME_FILES),
    ):
        for directory in _value(env, name).split(":"):
            if directory.startswith("/"):
                base = directory.rstrip("/")
                found.update((f"{base}/{f}", kinds.kind_of(f) or kinds.TEXT) for f in files)
    named = _value(env, "PIP_CONFIG_FILE")
    if named.startswith("/") and named != os.devnull:
        found[named] = kinds.PIP_CONF
    return found


def _value(env: Mapping[str, Variable], name: str) -> str:
    variable = env.get(name)
    return variable.value if variable is not None and not variable.dynamic else ""
