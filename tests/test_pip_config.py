"""pip-config: pip's precedence, file and line of each value, and every view of a fake machine."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from mirror_audit import logins, pipconfig, pipviews, system
from mirror_audit.cli import main
from mirror_audit.pipconfig import Variable
from mirror_audit.rules import load_rules
from tests.hostroot import S, build

HOME = "/home/u"
PREFIX = "/venv"
GLOBAL_XDG, GLOBAL = "/etc/xdg/pip/pip.conf", "/etc/pip.conf"
LEGACY_USER, USER, SITE = (
    f"{HOME}/.pip/pip.conf",
    f"{HOME}/.config/pip/pip.conf",
    f"{PREFIX}/pip.conf",
)


def env(**values: str) -> dict[str, Variable]:
    return {
        n: Variable(n, v, "/etc/profile.d/x.sh", i + 1) for i, (n, v) in enumerate(values.items())
    }


# files, environment -> {setting: (values, path, line, origin, section)}
PRECEDENCE = [
    pytest.param(
        {},
        {},
        {"index-url": (("https://pypi.org/simple",), "", 0, "default", "")},
        id="pip-default",
    ),
    pytest.param(
        {GLOBAL: "[global]\nindex-url = https://g/simple\n"},
        {},
        {"index-url": (("https://g/simple",), GLOBAL, 2, "global", "global")},
        id="global",
    ),
    pytest.param(
        {
            GLOBAL_XDG: "[global]\nindex-url = https://x/simple\n",
            GLOBAL: "[global]\n\nindex-url = https://g/simple\n",
        },
        {},
        {"index-url": (("https://g/simple",), GLOBAL, 3, "global", "global")},
        id="etc-after-xdg",
    ),
    pytest.param(
        {
            GLOBAL: "[global]\nindex-url = https://g/simple\n",
            LEGACY_USER: "[global]\nindex-url = https://l/simple\n",
            USER: "[global]\nindex_url = https://u/simple\n",
        },
        {},
        {"index-url": (("https://u/simple",), USER, 2, "user", "global")},
        id="new-user-file-last",
    ),
    pytest.param(
        {
            USER: "[global]\nindex-url = https://u/simple\n",
            SITE: "[global]\nindex-url = https://s/simple\n",
        },
        {},
        {"index-url": (("https://s/simple",), SITE, 2, "site", "global")},
        id="site-over-user",
    ),
    pytest.param(
        {
            GLOBAL: "[install]\nindex-url = https://gi/simple\n",
            USER: "[global]\nindex-url = https://u/simple\n",
        },
        {},
        {"index-url": (("https://gi/simple",), GLOBAL, 2, "global", "install")},
        id="install-section-beats-a-later-global-section",
    ),
    pytest.param(
        {GLOBAL: "[global]\nindex-url = https://g/simple\n"},
        env(PIP_INDEX_URL="https://e/simple"),
        {"index-url": (("https://e/simple",), "/etc/profile.d/x.sh", 1, "environment", ":env:")},
        id="environment-last",
    ),
    pytest.param(
        {
            "/cfg/pip.conf": "[global]\nindex-url = https://c/simple\n",
            USER: "[global]\nextra-index-url = https://u/\n",
        },
        env(PIP_CONFIG_FILE="/cfg/pip.conf"),
        {"index-url": (("https://c/simple",), "/cfg/pip.conf", 2, "env", "global")},
        id="config-file-skips-user",
    ),
    pytest.param(
        {GLOBAL: "[global]\nindex-url = https://g/simple\n", USER: "[global]\nfind-links = /w\n"},
        env(PIP_CONFIG_FILE="/dev/null"),
        {"index-url": (("https://pypi.org/simple",), "", 0, "default", "")},
        id="dev-null-skips-all",
    ),
    pytest.param(
        {
            GLOBAL: "[global]\npypi-url = https://p/simple\n"
            "extra-index-url =\n  https://a/simple\n  https://b/simple\n"
        },
        {},
        {
            "index-url": (("https://p/simple",), GLOBAL, 2, "global", "global"),
            "extra-index-url": (
                ("https://a/simple", "https://b/simple"),
                GLOBAL,
                3,
                "global",
                "global",
            ),
        },
        id="alias-and-multi-line-list",
    ),
    pytest.param(
        # pip merges the files first, then skips empty values: a later empty value erases
        {GLOBAL: "[global]\nindex-url = https://g/simple\n", USER: "[global]\nindex-url =\n"},
        {},
        {"index-url": (("https://pypi.org/simple",), "", 0, "default", "")},
        id="a-later-empty-value-erases-an-earlier-one",
    ),
    pytest.param(
        {GLOBAL: "[DEFAULT]\ntrusted-host = h.example\n[global]\nno-index = true\n"},
        {},
        {
            "index-url": (("https://pypi.org/simple",), "", 0, "default", ""),
            "trusted-host": (("h.example",), GLOBAL, 2, "global", "global"),
            "no-index": (("true",), GLOBAL, 4, "global", "global"),
        },
        id="default-section-leaks",
    ),
    pytest.param(
        {GLOBAL: "[Global]\nindex-url = https://g/simple\n[search]\nindex = https://x/pypi\n"},
        {},
        {"index-url": (("https://pypi.org/simple",), "", 0, "default", "")},
        id="other-sections-ignored",
    ),
]


def _resolve(
    tmp_path: Path, files: dict[str, str], variables: dict[str, Variable]
) -> pipconfig.Resolution:
    for name, text in files.items():
        path = tmp_path / name.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return pipconfig.resolve(str(tmp_path), HOME, PREFIX, variables, load_rules())


@pytest.mark.parametrize(("files", "variables", "expected"), PRECEDENCE)
def test_precedence(
    tmp_path: Path,
    files: dict[str, str],
    variables: dict[str, Variable],
    expected: dict[str, tuple[object, ...]],
) -> None:
    resolution = _resolve(tmp_path, files, variables)
    assert {
        s.name: (s.values, s.path, s.line, s.origin, s.section) for s in resolution.settings
    } == expected
    assert resolution.errors == ()


def test_files_in_pips_order_and_their_state(tmp_path: Path) -> None:
    resolution = _resolve(
        tmp_path,
        {"/cfg/pip.conf": "[global]\n", USER: "[global]\n"},
        env(PIP_CONFIG_FILE="/cfg/pip.conf"),
    )
    assert [(f.path, f.variant, f.state) for f in resolution.files] == [
        (GLOBAL_XDG, "global", "missing"),
        (GLOBAL, "global", "missing"),
        (LEGACY_USER, "user", "skipped: PIP_CONFIG_FILE names a file"),
        (USER, "user", "skipped: PIP_CONFIG_FILE names a file"),
        (SITE, "site", "missing"),
        ("/cfg/pip.conf", "env", "read"),
    ]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        pytest.param(
            "[global]\nindex-url = a\nindex-url = b\n",
            "option 'index-url' in section 'global' already exists",
            id="duplicate-key",
        ),
        pytest.param("index-url = a\n", "File contains no section headers", id="no-section"),
        pytest.param(
            "\ufeff[global]\nindex-url = a\n", "File contains no section headers", id="bom"
        ),
    ],
)
def test_a_file_pip_refuses(tmp_path: Path, text: str, why: str) -> None:
    resolution = _resolve(tmp_path, {GLOBAL: text}, {})
    [error] = resolution.errors
    assert error.startswith(f"{GLOBAL}: pip refuses it: ") and why in error
    assert [f.state.startswith("error: pip refuses it") for f in resolution.files][1]


LEGACY = [
    pytest.param("index-url", (S,), [("MA102", "https://pypi.org/simple/")], id="legacy-index"),
    pytest.param(
        "extra-index-url",
        ("https://pypi.org/simple", "http://b.pypi.python.org/simple"),
        [("MA101", "https://pypi.org/simple/")],
        id="one-of-two-is-a-mirror",
    ),
    pytest.param(
        "trusted-host",
        ("pypi.python.org",),
        [("MA102", "pypi.org files.pythonhosted.org")],
        id="trusted",
    ),
    pytest.param(
        "index-url", ("http://mirror.example/simple",), [("MA202", None)], id="insecure-own-mirror"
    ),
    pytest.param("index-url", ("https://pypi.org/simple",), [], id="current"),
    pytest.param("no-index", ("true",), [], id="flag"),
]


@pytest.mark.parametrize(("setting", "values", "expected"), LEGACY)
def test_the_rules_decide_what_is_legacy(
    setting: str, values: tuple[str, ...], expected: list[tuple[str, str | None]]
) -> None:
    found = pipconfig.problems(values, setting, load_rules())
    assert [(p.rule, p.replacement) for p in found] == expected


# -- the environment of a login ------------------------------------------------------------------

LOGINS = [
    pytest.param(
        "/bin/bash",
        {
            "etc/profile.d/a.sh": "export PIP_INDEX_URL=https://p/\n",
            "home/u/.bashrc": "PIP_INDEX_URL=https://b/\n",
        },
        ("https://b/", "/home/u/.bashrc", 1, False),
        id="plain-assignment-to-an-exported-variable",
    ),
    pytest.param(
        "/bin/bash",
        {"home/u/.bashrc": "PIP_INDEX_URL=https://b/\n"},
        None,
        id="shell-variable-only",
    ),
    pytest.param(
        "/bin/bash",
        {
            "etc/environment": "PIP_INDEX_URL=https://e/\n",
            "home/u/.profile": "unset PIP_INDEX_URL\n",
        },
        None,
        id="unset",
    ),
    pytest.param(
        "/bin/bash",
        {
            "home/u/.bash_profile": "export PIP_INDEX_URL=https://bp/\n",
            "home/u/.profile": "export PIP_INDEX_URL=https://p/\n",
        },
        ("https://bp/", "/home/u/.bash_profile", 1, False),
        id="bash-reads-the-first-of-its-login-files",
    ),
    pytest.param(
        "/bin/sh",
        {"home/u/.profile": 'export PIP_INDEX_URL="$HOME/wheels"\n'},
        ("/home/u/wheels", "/home/u/.profile", 1, False),
        id="home-expanded",
    ),
    pytest.param(
        "/usr/bin/zsh",
        {"home/u/.zshenv": "export PIP_INDEX_URL=$(cat /etc/idx)\n"},
        ("$(cat /etc/idx)", "/home/u/.zshenv", 1, True),
        id="command-substitution-is-dynamic",
    ),
    pytest.param(
        "/usr/sbin/nologin",
        {"etc/profile.d/a.sh": "export PIP_INDEX_URL=https://p/\n"},
        None,
        id="no-login-shell-no-profile",
    ),
    pytest.param(
        "/usr/bin/fish",
        {"home/u/.config/fish/config.fish": "set -x PIP_INDEX_URL https://f/\n"},
        ("https://f/", "/home/u/.config/fish/config.fish", 1, False),
        id="fish",
    ),
]


@pytest.mark.parametrize(("shell", "files", "expected"), LOGINS)
def test_login_environment(
    tmp_path: Path, shell: str, files: dict[str, str], expected: tuple[str, str, int, bool] | None
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    found = logins.login_environment(str(tmp_path), system.User("u", 1000, HOME, shell=shell))
    variable = found.get("PIP_INDEX_URL")
    assert (
        variable and (variable.value, variable.path, variable.line, variable.dynamic)
    ) == expected


# -- the views of a whole machine ----------------------------------------------------------------


@pytest.fixture
def machine(tmp_path: Path) -> tuple[Path, str]:
    return build(tmp_path)


def _index(view: pipviews.View) -> tuple[str, str, int, tuple[str, ...]]:
    [setting] = [s for s in view.resolution.settings if s.name == "index-url"]
    return setting.values[0], setting.path, setting.line, tuple(p.rule for p in setting.problems)


def test_every_view_of_the_fake_machine(machine: tuple[Path, str]) -> None:
    root, table = machine
    if os.geteuid() != 0:
        pytest.skip("the virtualenvs' owners are set with chown, which needs root")
    report = pipviews.pip_config(str(root), load_rules(), table=table)
    assert [(v.kind, v.name, v.user, v.prefix, _index(v)) for v in report.views] == [
        ("user", "root", "root", "/usr", (S, "/root/.bashrc", 2, ("MA102",))),
        (
            "user",
            "alice",
            "alice",
            "/usr",
            (
                "https://testpypi.python.org/simple",
                "/home/alice/.config/pip/pip.conf",
                2,
                ("MA103",),
            ),
        ),
        ("user", "bob", "bob", "/usr", (S, "/home/bob/.zshrc", 1, ("MA102",))),
        ("user", "app", "app", "/usr", (S, "/etc/pip.conf", 2, ("MA102",))),
        (
            "user",
            "carol",
            "carol",
            "/usr",
            ("https://a.pypi.python.org/simple", "/etc/profile.d/pip.sh", 1, ("MA101",)),
        ),
        (
            "virtualenv",
            "/home/alice/proj/.venv",
            "alice",
            "/home/alice/proj/.venv",
            ("https://c.pypi.python.org/simple", "/home/alice/proj/.venv/pip.conf", 2, ("MA101",)),
        ),
        ("virtualenv", "/opt/conda", "root", "/opt/conda", (S, "/root/.bashrc", 2, ("MA102",))),
        (
            "virtualenv",
            "/opt/conda/envs/ml",
            "root",
            "/opt/conda/envs/ml",
            (S, "/root/.bashrc", 2, ("MA102",)),
        ),
        (
            "virtualenv",
            "/srv/app/venv",
            "app",
            "/srv/app/venv",
            (S, "/etc/pip.conf", 2, ("MA102",)),
        ),
        (
            "service",
            "app.service",
            "app",
            "/srv/app/venv",
            (S, "/etc/systemd/system/app.service", 5, ("MA102",)),
        ),
        (
            "cron",
            "/etc/crontab",
            "root",
            "/usr",
            ("https://last.pypi.python.org/simple", "/etc/crontab", 2, ("MA101",)),
        ),
        (
            "cron",
            "/var/spool/cron/crontabs/alice",
            "alice",
            "/usr",
            (S, "/var/spool/cron/crontabs/alice", 1, ("MA102",)),
        ),
    ]
    assert report.homeless == ["nobody"]
    service = report.views[9]
    assert [(s.name, s.path, s.line) for s in service.resolution.settings] == [
        ("index-url", "/etc/systemd/system/app.service", 5),
        ("extra-index-url", "/etc/systemd/system/app.service.d/override.conf", 2),
        ("trusted-host", "/srv/app/app.env", 1),
    ]


def test_the_process_view_only_on_the_real_system(tmp_path: Path) -> None:
    environ = {
        "PIP_CONFIG_FILE": "/dev/null",
        "PIP_INDEX_URL": S,
        "HOME": str(tmp_path),
        "PATH": "/bin",
    }
    report = pipviews.pip_config("/", load_rules(), environ)
    process = report.views[-1]
    assert (process.kind, process.home) == ("process", str(tmp_path))
    assert [(v.name, v.path, v.line) for v in process.environment] == [
        ("PIP_CONFIG_FILE", "<environment>/PIP_CONFIG_FILE", 1),
        ("PIP_INDEX_URL", "<environment>/PIP_INDEX_URL", 1),
    ]
    assert _index(process) == (S, "<environment>/PIP_INDEX_URL", 1, ("MA102",))
    assert {f.state for f in process.resolution.files} == {"skipped: PIP_CONFIG_FILE=/dev/null"}


def test_cli_text_and_json(machine: tuple[Path, str]) -> None:
    root, _ = machine
    text = CliRunner().invoke(main, ["pip-config", "--root", str(root)])
    assert text.exit_code == 1
    assert "service app.service (user app)\n" in text.stdout
    assert (
        f"  index-url        {S}    $PIP_INDEX_URL, /etc/systemd/system/app.service:5\n"
        in text.stdout
    )
    assert "1 user without a home directory reads no user file: nobody" in text.stdout
    result = CliRunner().invoke(main, ["pip-config", "--root", str(root), "--format", "json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data["root"] == str(root)
    assert str(root) not in json.dumps(data["views"])  # paths as on that system
    view = data["views"][1]
    assert view["settings"]["index-url"] == {
        "values": ["https://testpypi.python.org/simple"],
        "path": "/home/alice/.config/pip/pip.conf",
        "line": 2,
        "origin": "user",
        "section": "global",
        "key": "index-url",
        "dynamic": False,
        "legacy": True,
        "problems": [
            {
                "value": "https://testpypi.python.org/simple",
                "rule": "MA103",
                "severity": "error",
                "message": view["settings"]["index-url"]["problems"][0]["message"],
                "replacement": "https://test.pypi.org/simple/",
            }
        ],
    }
    assert data["summary"] == {"views": 12, "failing": 12}


def test_cli_clean_machine_exits_0_and_hides_passwords(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/passwd").write_text("u:x:1000:1000::/home/u:/bin/bash\n")
    (tmp_path / "home/u/.config/pip").mkdir(parents=True)
    (tmp_path / "home/u/.config/pip/pip.conf").write_text(
        "[global]\nindex-url = https://me:s3cret@mirror.example/simple\n"
    )
    result = CliRunner().invoke(main, ["pip-config", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (
        "https://me:****@mirror.example/simple" in result.stdout and "s3cret" not in result.stdout
    )
