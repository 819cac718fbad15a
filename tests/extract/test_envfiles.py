"""Profile scripts, /etc/environment, systemd units, crontabs: the variables they set, and fixes."""

from __future__ import annotations

import pytest

from mirror_audit.extract import envfiles
from tests.extract.inicases import found
from tests.fixing import fixed_text

SIMPLE = "https://pypi.python.org/simple"

NOOP = [
    pytest.param(
        "export PIP_INDEX_URL=https://pypi.org/simple\n", "etc/profile.d/pip.sh", id="current"
    ),
    pytest.param('PATH="$HOME/bin:$PATH"\nexport PATH\n', ".bashrc", id="unrelated-profile"),
    pytest.param("LANG=C.UTF-8\n", "etc/environment", id="unrelated-environment"),
    pytest.param(
        '[Service]\nEnvironment="PIP_INDEX_URL=https://mirror.example/simple"\n',
        "app.service",
        id="own-mirror",
    ),
    pytest.param(
        "SHELL=/bin/sh\n0 * * * * root run-parts /etc/cron.hourly\n", "etc/crontab", id="crontab"
    ),
    pytest.param(
        "set -gx PIP_INDEX_URL https://pypi.org/simple\n", "fish/config.fish", id="fish-current"
    ),
]

# text, file name, [(rule, match, line, column, context)]
FINDS = [
    pytest.param(
        f"export PIP_INDEX_URL={SIMPLE}\n",
        "etc/profile.d/pip.sh",
        [("MA102", SIMPLE, 1, 22, "setting")],
        id="export",
    ),
    pytest.param(
        f'if [ -d /opt ]; then\n  export PIP_EXTRA_INDEX_URL="{SIMPLE}"\nfi\n',
        "etc/profile",
        [("MA102", SIMPLE, 2, 31, "setting")],
        id="inside-if",
    ),
    pytest.param(
        f"# export PIP_INDEX_URL={SIMPLE}\n",
        ".bashrc",
        [("MA102", SIMPLE, 1, 24, "comment")],
        id="commented-out",
    ),
    pytest.param(
        f"PIP_INDEX_URL={SIMPLE} pip install x\n",
        ".bashrc",
        [("MA102", SIMPLE, 1, 15, "command")],
        id="one-command-only",
    ),
    pytest.param(
        f"alias pi='pip install -i {SIMPLE}'\n",
        ".zshrc",
        [("MA102", SIMPLE, 1, 26, "command")],
        id="alias",
    ),
    pytest.param(
        f"setenv PIP_INDEX_URL {SIMPLE}\n",
        "etc/csh.cshrc",
        [("MA102", SIMPLE, 1, 22, "setting")],
        id="csh-setenv",
    ),
    pytest.param(
        f"set -gx PIP_INDEX_URL {SIMPLE}\n",
        "fish/config.fish",
        [("MA102", SIMPLE, 1, 23, "setting")],
        id="fish",
    ),
    pytest.param(
        "export PIP_USE_MIRRORS=true\n",
        ".profile",
        [("MA301", "PIP_USE_MIRRORS", 1, 8, "setting")],
        id="removed-variable",
    ),
    pytest.param(
        f'PIP_INDEX_URL="{SIMPLE}"\n',
        "etc/environment",
        [("MA102", SIMPLE, 1, 16, "setting")],
        id="etc-environment",
    ),
    pytest.param(
        f"PIP_INDEX_URL DEFAULT={SIMPLE}\n",
        "etc/security/pam_env.conf",
        [("MA102", SIMPLE, 1, 23, "setting")],
        id="pam-env",
    ),
    pytest.param(
        f"PIP_INDEX_URL={SIMPLE} # a '#' is part of the value here\n",
        "etc/default/app",
        [("MA102", SIMPLE, 1, 15, "setting")],
        id="etc-default",
    ),
    pytest.param(
        f'[Service]\nEnvironment="PIP_INDEX_URL={SIMPLE}" "LANG=C"\n',
        "app.service",
        [("MA102", SIMPLE, 2, 28, "setting")],
        id="unit-environment",
    ),
    pytest.param(
        f"[Service]\nEnvironment=PIP_TRUSTED_HOST=pypi.python.org \\\n  PIP_INDEX_URL={SIMPLE}\n",
        "app.service.d/override.conf",
        [("MA102", "pypi.python.org", 2, 30, "setting"), ("MA102", SIMPLE, 3, 17, "setting")],
        id="drop-in-continued",
    ),
    pytest.param(
        f"[Service]\n# Environment=PIP_INDEX_URL={SIMPLE}\n"
        f"ExecStart=/usr/bin/pip install -i {SIMPLE} x\n",
        "app.service",
        [("MA102", SIMPLE, 2, 29, "comment"), ("MA102", SIMPLE, 3, 35, "command")],
        id="unit-comment-and-command",
    ),
    pytest.param(
        f"[Manager]\nDefaultEnvironment=PIP_INDEX_URL={SIMPLE}\n",
        "systemd/system.conf",
        [("MA102", SIMPLE, 2, 34, "setting")],
        id="default-environment",
    ),
    pytest.param(
        f"PIP_INDEX_URL = {SIMPLE}\n*/5 * * * * root pip install --index-url {SIMPLE} x\n",
        "etc/crontab",
        [("MA102", SIMPLE, 1, 17, "setting"), ("MA102", SIMPLE, 2, 42, "command")],
        id="crontab",
    ),
    pytest.param(
        f"PIP_INDEX_URL={SIMPLE}\n",
        "var/spool/cron/crontabs/alice",
        [("MA102", SIMPLE, 1, 15, "setting")],
        id="user-crontab",
    ),
]

FIXES = [
    pytest.param(
        f'export PIP_INDEX_URL="{SIMPLE}"  # ours\n',
        "etc/profile.d/pip.sh",
        'export PIP_INDEX_URL="https://pypi.org/simple/"  # ours\n',
        id="profile",
    ),
    pytest.param(
        f'[Service]\r\nEnvironment="PIP_INDEX_URL={SIMPLE}" "A=1"\r\n',
        "app.service",
        '[Service]\r\nEnvironment="PIP_INDEX_URL=https://pypi.org/simple/" "A=1"\r\n',
        id="unit-crlf",
    ),
    pytest.param(
        "LANG=C\nPIP_USE_MIRRORS=1\nPATH=/bin\n",
        "etc/environment",
        "LANG=C\nPATH=/bin\n",
        id="removed-variable-line",
    ),
]


@pytest.mark.parametrize(("text", "name"), NOOP)
def test_noop(text: str, name: str) -> None:
    assert found(text, name) == []


@pytest.mark.parametrize(("text", "name", "expected"), FINDS)
def test_finds(text: str, name: str, expected: list[tuple[str, str, int, int, str]]) -> None:
    assert found(text, name) == expected


@pytest.mark.parametrize(("text", "name", "after"), FIXES)
def test_fixes(text: str, name: str, after: str) -> None:
    assert fixed_text(text, name) == after


# (text, syntax) -> (name, value, line, exported, unset, dynamic) of each assignment
ASSIGNMENTS = [
    pytest.param(
        "export A=1 B='two words'\n",
        envfiles.SHELL,
        [("A", "1", 1, True, False, False), ("B", "two words", 1, True, False, False)],
        id="export-two",
    ),
    pytest.param(
        "A=1\nexport A\n", envfiles.SHELL, [("A", "1", 1, True, False, False)], id="exported-later"
    ),
    pytest.param(
        "A=1\n", envfiles.SHELL, [("A", "1", 1, False, False, False)], id="shell-variable"
    ),
    pytest.param("A=1 make\n", envfiles.SHELL, [], id="command-prefix"),
    pytest.param(
        "unset PIP_INDEX_URL\n",
        envfiles.SHELL,
        [("PIP_INDEX_URL", "", 1, True, True, False)],
        id="unset",
    ),
    pytest.param(
        'export A="$HOME/x" B=$(cat /f)\n',
        envfiles.SHELL,
        [("A", "$HOME/x", 1, True, False, True), ("B", "$(cat /f)", 1, True, False, True)],
        id="dynamic",
    ),
    pytest.param(
        "declare -x A=1; typeset B=2\n",
        envfiles.SHELL,
        [("A", "1", 1, True, False, False), ("B", "2", 1, False, False, False)],
        id="declare",
    ),
    pytest.param(
        "export A=one\\\ntwo\n",
        envfiles.SHELL,
        [("A", "onetwo", 1, True, False, False)],
        id="continued",
    ),
    pytest.param(
        "A=1\n", envfiles.ENV, [("A", "1", 1, True, False, False)], id="environment-exports"
    ),
    pytest.param(
        "A DEFAULT=1 OVERRIDE=2\n",
        envfiles.ENV,
        [("A", "2", 1, True, False, False)],
        id="pam-override",
    ),
    pytest.param(
        '[Service]\nEnvironment="A=1 2" B=3\nUnsetEnvironment=C\n',
        envfiles.SYSTEMD,
        [
            ("A", "1 2", 2, True, False, False),
            ("B", "3", 2, True, False, False),
            ("C", "", 3, True, True, False),
        ],
        id="unit",
    ),
    pytest.param(
        "[Service]\nEnvironment=A=%h/x\n",
        envfiles.SYSTEMD,
        [("A", "%h/x", 2, True, False, True)],
        id="specifier",
    ),
    pytest.param(
        "A = 'quoted'\n* * * * * true\n",
        envfiles.CRONTAB,
        [("A", "quoted", 1, True, False, False)],
        id="cron",
    ),
]


@pytest.mark.parametrize(("text", "syntax", "expected"), ASSIGNMENTS)
def test_assignments(text: str, syntax: str, expected: list[tuple[object, ...]]) -> None:
    settings = envfiles.parse(text, syntax)
    assert [
        (a.name, a.value, a.line, a.exported, a.unset, a.dynamic) for a in settings.assignments
    ] == expected


def test_unit_files_and_user() -> None:
    text = "[Service]\nUser=app\nEnvironmentFile=-/etc/default/app\nEnvironmentFile=/opt/app/env\n"
    settings = envfiles.parse(text, envfiles.SYSTEMD)
    assert settings.files == (("/etc/default/app", True, 3), ("/opt/app/env", False, 4))
    assert settings.user == "app"
