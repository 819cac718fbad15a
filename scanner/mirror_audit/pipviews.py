"""pip-config: every place pip runs on a system, and the environment each one gives it.

A view is one way pip gets started: a user's login shell, a virtualenv's own pip (run by its
owner), a systemd service or a crontab that sets PIP_* variables, and this very process. Each
view's variables come from the files that set them, in the order they are read; pipconfig then
applies pip's precedence. A login's variables come from logins.py.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import hosts, logins, mounts, pipconfig, system
from .pipconfig import Resolution, Variable
from .rules import RuleSet

SHOWN = ("PIP_", "XDG_CONFIG_")  # the variables a view lists


@dataclass(frozen=True)
class View:
    """One pip as a user, virtualenv, service, cron job or process would run it."""

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
    """Every pip view of a host, and the users whose home is missing."""

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
    sessions = {home: logins.login_environment(root, user) for home, user in homes.items()}
    for home, user in homes.items():
        report.views.append(_view(root, rules, "user", user.name, user, "/usr", sessions[home]))
    prefixes = hosts.virtualenvs(root, table)
    for prefix in prefixes:
        owner = _owner(root, prefix)
        env = sessions.get(owner.home) if owner else None
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


def _owner(root: str, prefix: str) -> system.User | None:
    try:
        uid = os.lstat(system.resolve(root, prefix)).st_uid
    except OSError:
        return None
    return system.user_of(root, uid)


def _services(root: str, rules: RuleSet, prefixes: list[str]) -> list[View]:
    """systemd services that set a PIP_* variable, with the unit's user and virtualenv."""
    views = []
    for unit in hosts.unit_environments(root):
        if not any(n.startswith("PIP_") for n in unit.env):
            continue
        owner = next((u for u in system.users(root) if u.name == (unit.user or "root")), None)
        prefix = next(
            (p for p in prefixes if unit.start.startswith(p.rstrip("/") + "/")), "/usr"
        )
        views.append(
            _view(root, rules, "service", unit.name, owner, prefix, unit.env,
                  unit.user or "root", unit.notes)
        )
    return views


def _crons(root: str, rules: RuleSet) -> list[View]:
    """Crontabs that set a PIP_* variable; cron's PAM session reads /etc/environment first."""
    views = []
    for cron in hosts.cron_environments(root):
        owner = next((u for u in system.users(root) if u.name == cron.user), None)
        views.append(_view(root, rules, "cron", cron.name, owner, "/usr", cron.env, cron.user))
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
