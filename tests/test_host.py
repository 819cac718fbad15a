"""scan --host and --root on a fake machine: every known location, read-only, always returning."""

from __future__ import annotations

import hashlib
import io
import json
import os
import pty
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mirror_audit import api, hosts, progress, system
from mirror_audit.cli import main
from mirror_audit.config import Config
from mirror_audit.model import Candidate, FileResult, Report, Skip
from mirror_audit.rules import load_rules
from tests.hostroot import HOST_FINDINGS, build
from tests.test_discover import returns_within

ROOT_USER = os.geteuid() == 0
FIFO = "not a regular file (FIFO, socket or device): not opened"
LEGACY = "https://pypi.python.org/simple"


@pytest.fixture
def machine(tmp_path: Path) -> tuple[Path, str]:
    return build(tmp_path)


def rows(report: Report) -> list[tuple[str, int, int, str, str]]:
    return [(f.path, f.line, f.column, f.rule, f.context.value) for f in report.findings]


def test_host_scan_finds_every_known_location(machine: tuple[Path, str]) -> None:
    root, table = machine
    config = Config(host=True, root=str(root), mount_table=table)
    report = returns_within(60, lambda: api.scan((), config))
    assert isinstance(report, Report)
    assert rows(report) == HOST_FINDINGS
    assert [(e.path, e.reason, e.category) for e in report.errors] == [
        ("/home/bob/.pypirc", FIFO, "special")
    ]
    assert (report.files_seen, report.files_scanned, report.files_skipped) == (30, 30, 1)


def test_known_locations_of_the_fake_machine(machine: tuple[Path, str]) -> None:
    root, table = machine
    places = hosts.existing(str(root), hosts.locations(str(root), table))
    assert [(u.name, u.home) for u in system.homes(str(root))] == [
        ("root", "/root"),
        ("alice", "/home/alice"),
        ("bob", "/home/bob"),
        ("app", "/srv/app"),
        ("carol", "/home/carol"),
    ]  # nobody's /nonexistent is no home; carol is not in passwd
    assert [p for p in places if p.startswith("/home/alice/")] == [
        "/home/alice/.pip/pip.conf",
        "/home/alice/.config/pip/pip.conf",
        "/home/alice/.pydistutils.cfg",
        "/home/alice/.buildout/default.cfg",
        "/home/alice/.config/uv/uv.toml",
        "/home/alice/.config/pypoetry/config.toml",
        "/home/alice/.config/pdm/config.toml",
        "/home/alice/.bashrc",
        "/home/alice/proj/.venv/pip.conf",
    ]
    assert "/lib/systemd/system" not in places and "/usr/lib/systemd/system" in places  # one place
    assert hosts.virtualenvs(str(root), table) == [
        "/home/alice/proj/.venv",
        "/opt/conda",
        "/opt/conda/envs/ml",
        "/srv/app/venv",
    ]
    units = hosts.unit_environments(str(root))
    assert hosts.environment_files(units) == ["/srv/app/app.env"]


def test_a_place_named_and_known_is_scanned_once(machine: tuple[Path, str]) -> None:
    root, table = machine
    report = api.scan(["/etc"], Config(host=True, root=str(root), mount_table=table))
    paths = [f.path for f in report.findings]
    assert paths.count("/etc/pip.conf") == 1 and len(paths) == len(HOST_FINDINGS)


def test_the_whole_root_walked(machine: tuple[Path, str]) -> None:
    """scan --root ROOT /: proc and NFS not entered, FIFOs not opened, the loop not followed."""
    root, table = machine
    report = returns_within(60, lambda: api.scan(["/"], Config(root=str(root), mount_table=table)))
    assert isinstance(report, Report)
    errors = [(e.path, e.category) for e in report.errors]
    expected = [
        ("/home/bob/.pypirc", "special"),
        ("/mnt/nfs", "filesystem"),
        ("/proc", "filesystem"),
        ("/srv/app/requirements-dev.txt", "special"),
    ]
    if not ROOT_USER:
        expected.append(("/srv/app/locked", "unreadable"))
    assert sorted(errors) == expected
    found = {f.path for f in report.findings}
    assert {"/srv/app/requirements.txt", "/srv/deep/" + "d/" * 100 + "requirements.txt"} <= found
    assert ("/srv/app/locked/pip.conf" in found) is ROOT_USER  # chmod 000 does not stop root
    assert not {p for p in found if p.startswith(("/proc", "/mnt/nfs", "/srv/app/venv/lib"))}
    assert not {p for p in found if "/loop/" in p}


def test_vendored_distlib_is_info_and_only_with_include_vendored(machine: tuple[Path, str]) -> None:
    root, table = machine
    distlib = "/srv/app/venv/lib/python3.11/site-packages/pip/_vendor/distlib/index.py"
    plain = api.scan(["/srv/app"], Config(root=str(root), mount_table=table))
    assert distlib not in {f.path for f in plain.findings}
    assert "/srv/app/venv/pip.conf" in {f.path for f in plain.findings}  # live site configuration
    full = api.scan(["/srv/app"], Config(root=str(root), mount_table=table, include_vendored=True))
    [finding] = [f for f in full.findings if f.path == distlib]
    assert (finding.rule, finding.context.value, finding.severity.value) == (
        "MA102",
        "vendored",
        "info",
    )


def tree_digest(top: Path) -> str:
    """Every name, type, mode, size, mtime and content (links: target) under ``top``.

    FIFOs are described, never opened. As root, the 000 directory is read like any other.
    """
    digest = hashlib.sha256()
    for directory, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(dirs + files):
            path = os.path.join(directory, name)
            info = os.lstat(path)
            digest.update(f"{path}|{info.st_mode}|{info.st_size}|{info.st_mtime_ns}|".encode())
            if stat.S_ISLNK(info.st_mode):
                digest.update(os.readlink(path).encode())
            elif stat.S_ISREG(info.st_mode) and os.access(path, os.R_OK):
                digest.update(Path(path).read_bytes())
    return digest.hexdigest()


@pytest.mark.parametrize(
    "arguments",
    [["--host"], ["/"], ["--host", "--follow-symlinks", "--include-vendored", "/"]],
    ids=["host", "whole-root", "everything"],
)
def test_a_scan_without_fix_writes_nothing(machine: tuple[Path, str], arguments: list[str]) -> None:
    root, _ = machine
    before = tree_digest(root.parent)
    result = CliRunner().invoke(main, ["scan", "--root", str(root), "--format", "json", *arguments])
    assert result.exit_code == 1, result.output
    assert tree_digest(root.parent) == before


def test_reports_show_paths_as_on_that_system(machine: tuple[Path, str]) -> None:
    root, _ = machine
    result = CliRunner().invoke(main, ["scan", "--host", "--root", str(root), "--format", "json"])
    data = json.loads(result.stdout)
    assert str(root) not in result.stdout
    assert data["findings"][1]["path"] == "/etc/pip.conf"
    assert data["errors"] == [{"path": "/home/bob/.pypirc", "message": FIFO, "category": "special"}]


def test_a_path_missing_under_root_is_a_usage_error(machine: tuple[Path, str]) -> None:
    root, _ = machine
    result = CliRunner().invoke(main, ["scan", "--root", str(root), "/no/such/dir"])
    assert result.exit_code == 2
    assert f"path does not exist: /no/such/dir (under --root {root})" in result.stderr


# -- files the variables of a login point at -----------------------------------------------------

POINTED = {
    "etc/passwd": "dana:x:1002:1002::/home/dana:/bin/bash\n",
    "etc/environment": "XDG_CONFIG_DIRS=/opt/xdg:/etc/xdg\n",
    "home/dana/.profile": (
        "export XDG_CONFIG_HOME=/srv/config/dana\nexport PIP_CONFIG_FILE=/etc/corp/pip-settings\n"
    ),
    "opt/xdg/pip/pip.conf": "[global]\nindex-url = https://pypi.python.org/simple\n",
    "opt/xdg/uv/uv.toml": 'index-url = "https://pypi.python.org/simple"\n',
    "srv/config/dana/pip/pip.conf": "[global]\nindex-url = https://f.pypi.python.org/simple\n",
    "srv/config/dana/uv/uv.toml": '[[index]]\nurl = "https://pypi.python.org/simple"\n',
    "srv/config/dana/pypoetry/config.toml": (
        '[repositories.old]\nurl = "https://testpypi.python.org/pypi"\n'
    ),
    "srv/config/dana/pdm/config.toml": '[pypi]\nurl = "https://pypi.python.org/simple"\n',
    "etc/corp/pip-settings": "[global]\nextra-index-url = https://pypi.python.org/simple\n",
    "srv/config/other/pip/pip.conf": "[global]\nindex-url = https://pypi.python.org/simple\n",
}


def test_the_files_xdg_and_pip_config_file_point_at(tmp_path: Path) -> None:
    """$XDG_CONFIG_DIRS from /etc/environment, a user's $XDG_CONFIG_HOME and $PIP_CONFIG_FILE:
    the files they name are scanned in their format, whatever their name."""
    for name, text in POINTED.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    config = Config(host=True, root=str(tmp_path), mount_table="/nonexistent")
    report = api.scan((), config)
    assert [(f.path, f.line, f.rule, f.context.value, f.setting) for f in report.findings] == [
        ("/opt/xdg/pip/pip.conf", 2, "MA102", "setting", "index-url"),
        ("/opt/xdg/uv/uv.toml", 1, "MA102", "setting", "index-url"),
        ("/srv/config/dana/pip/pip.conf", 2, "MA101", "setting", "index-url"),
        ("/srv/config/dana/uv/uv.toml", 2, "MA102", "setting", "url"),
        ("/srv/config/dana/pypoetry/config.toml", 2, "MA103", "setting", "url"),
        ("/srv/config/dana/pdm/config.toml", 2, "MA102", "setting", "url"),
        ("/etc/corp/pip-settings", 2, "MA102", "setting", "extra-index-url"),
    ]  # /srv/config/other is named by no variable: not a known location
    assert report.errors == []
    fixed = api.fix((), config)  # --fix may write what --host read
    assert (fixed.files_changed, fixed.errors, len(fixed.failing)) == (7, [], 0)
    assert (tmp_path / "etc/corp/pip-settings").read_text() == (
        "[global]\nextra-index-url = https://pypi.org/simple/\n"
    )


POINTED_BY_PROCESS = [
    pytest.param(
        {"XDG_CONFIG_DIRS": "/opt/xdg"},
        ["/opt/xdg/pip/pip.conf", "/opt/xdg/uv/uv.toml"],
        id="xdg-config-dirs",
    ),
    pytest.param(
        {"PIP_CONFIG_FILE": "/etc/corp/pip-settings"},
        ["/etc/corp/pip-settings"],
        id="pip-config-file",
    ),
    pytest.param({"PIP_CONFIG_FILE": os.devnull}, [], id="dev-null-is-no-file"),
    pytest.param({"XDG_CONFIG_DIRS": "relative/xdg:"}, [], id="relative-dirs-are-ignored"),
]


@pytest.mark.parametrize(("environ", "expected"), POINTED_BY_PROCESS)
def test_the_files_this_process_points_at(environ: dict[str, str], expected: list[str]) -> None:
    """On the running system (no --root) this process's own variables count too."""
    assert list(hosts.pointed("/nonexistent-root", environ)) == expected


def test_the_process_variables_do_not_point_into_an_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "opt/xdg/pip").mkdir(parents=True)
    (tmp_path / "opt/xdg/pip/pip.conf").write_text(f"[global]\nindex-url = {LEGACY}\n")
    monkeypatch.setenv("XDG_CONFIG_DIRS", "/opt/xdg")
    under_root = api.scan((), Config(host=True, root=str(tmp_path), mount_table="/nonexistent"))
    assert under_root.findings == []  # the scanning machine's XDG_CONFIG_DIRS is not the image's
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "opt/xdg"))
    here = api.scan((), Config(host=True, kinds=frozenset({"pip-conf"})))
    assert f"{tmp_path}/opt/xdg/pip/pip.conf" in {f.path for f in here.findings}


# -- what the walk never opens, and what vanishes under it -----------------------------------------


def test_a_device_node_at_a_known_location_is_never_opened(tmp_path: Path) -> None:
    """/etc/pip.conf made a character device that never ends (as /dev/zero): listed, not read."""
    (tmp_path / "etc").mkdir()
    try:
        os.mknod(tmp_path / "etc/pip.conf", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("making a device node needs root")
    config = Config(host=True, root=str(tmp_path), mount_table="/nonexistent")
    report = returns_within(30, lambda: api.scan((), config))
    assert isinstance(report, Report)
    assert [(e.path, e.reason, e.category) for e in report.errors] == [
        ("/etc/pip.conf", FIFO, "special")
    ]


def test_a_file_that_vanishes_before_it_is_read_is_an_error(tmp_path: Path) -> None:
    for name in ("a", "b", "c"):
        (tmp_path / f"etc/{name}").mkdir(parents=True)
        (tmp_path / f"etc/{name}/pip.conf").write_text(f"[global]\nindex-url = {LEGACY}\n")
    rules = load_rules()

    def vanish_b(candidate: Candidate) -> FileResult | Skip:
        if candidate.display == "/etc/b/pip.conf":
            os.remove(candidate.path)  # after the walk listed it, before it is read
        return api.scan_file(candidate, rules)

    report = api.scan(["/etc"], Config(root=str(tmp_path)), rules=rules, process=vanish_b)
    assert [(e.path, e.reason, e.category) for e in report.errors] == [
        ("/etc/b/pip.conf", "vanished before it could be read", "unreadable")
    ]
    assert [f.path for f in report.findings] == ["/etc/a/pip.conf", "/etc/c/pip.conf"]
    assert (report.files_seen, report.files_scanned, report.files_skipped) == (3, 2, 1)


# -- the environment of the scan itself ----------------------------------------------------------

S, TEST_S = "https://pypi.python.org/simple", "https://testpypi.python.org/simple"
ENVIRONMENT = {
    "PIP_INDEX_URL": S,
    "PIP_USE_MIRRORS": "true",
    "UV_INDEX": "https://b.pypi.python.org/simple https://example.com/simple",
    "PIPENV_PYPI_MIRROR": TEST_S,
    "PDM_PYPI_URL": S,
    "POETRY_REPOSITORIES_OLD_URL": "https://testpypi.python.org/legacy/",
    "UV_DEFAULT_INDEX": "https://pypi.org/simple",  # the current host: nothing to say
    "HOME": "/root",  # not an index variable: not read
    "TWINE_REPOSITORY_URL": "https://pypi.python.org/pypi",  # not a PIP_/UV_/POETRY_/PDM_ one
}


def test_the_process_environment_is_scanned_with_a_pseudo_path() -> None:
    """PIP_*, UV_*, PIPENV_PYPI_MIRROR, POETRY_* and PDM_*: each a line of its own, never fixed."""
    result = hosts.environment(load_rules(), ENVIRONMENT)
    assert result is not None
    assert [
        (f.path, f.column, f.rule, f.match, f.replacement, f.fix_safety.value)
        for f in result.findings
    ] == [
        ("<environment>/PDM_PYPI_URL", 14, "MA102", S, None, "none"),
        ("<environment>/PIPENV_PYPI_MIRROR", 20, "MA103", TEST_S, None, "none"),
        ("<environment>/PIP_INDEX_URL", 15, "MA102", S, None, "none"),
        ("<environment>/PIP_USE_MIRRORS", 1, "MA301", "PIP_USE_MIRRORS", None, "none"),
        (
            "<environment>/POETRY_REPOSITORIES_OLD_URL",
            29,
            "MA103",
            "https://testpypi.python.org/legacy/",
            None,
            "none",
        ),
        ("<environment>/UV_INDEX", 10, "MA101", "https://b.pypi.python.org/simple", None, "none"),
    ]
    assert {f.line for f in result.findings} == {1}
    assert result.findings[2].note.startswith("use https://pypi.org/simple/; in the environment")
    assert result.findings[3].note.startswith("remove it; in the environment")


def test_environment_findings_come_with_host_only(
    machine: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, table = machine
    monkeypatch.setenv("PIP_INDEX_URL", "https://pypi.python.org/simple")
    under_root = api.scan((), Config(host=True, root=str(root), mount_table=table))
    assert not [
        f for f in under_root.findings if f.path.startswith("<environment>")
    ]  # not that system's
    plain = api.scan([str(root / "etc")])
    assert not [f for f in plain.findings if f.path.startswith("<environment>")]
    here = api.scan((), Config(host=True))
    assert [(f.path, f.rule) for f in here.findings if f.path.startswith("<environment>")] == [
        ("<environment>/PIP_INDEX_URL", "MA102")
    ]


# -- the progress line ---------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_waits_then_draws_one_line_and_erases_it() -> None:
    now = [0.0]
    stream = _Terminal()
    line = progress.Progress(stream, delay=1.0, clock=lambda: now[0], width=lambda: 60)
    report = Report(roots=[], files_seen=12, files_scanned=10)
    item = Candidate("/x", "pip-conf", "/srv/" + "very-long-directory-name/" * 4 + "pip.conf")
    line(report, item)
    assert stream.getvalue() == ""  # a short scan prints nothing
    now[0] = 1.5
    line(report, item)
    now[0] = 1.55
    line(report, Skip("/etc/x\nnewline", "why"))  # within 0.1 s: not redrawn
    drawn = stream.getvalue()
    assert drawn.startswith("\r\x1b[K12 seen, 10 scanned, 0 findings: ...") and drawn.endswith(
        "-name"
    )
    assert len(drawn) - len("\r\x1b[K") == 59
    line.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_is_silent_when_stderr_is_not_a_terminal(
    machine: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = machine
    monkeypatch.setenv(progress.DELAY_VARIABLE, "0")
    result = CliRunner().invoke(main, ["scan", "--root", str(root), "/etc"])
    assert result.exit_code == 1 and result.stderr == ""
    with progress.on_stderr(io.StringIO()) as tracker:
        assert tracker is None


def test_progress_on_a_terminal(machine: tuple[Path, str]) -> None:
    root, _ = machine
    controller, terminal = pty.openpty()
    env = {**os.environ, progress.DELAY_VARIABLE: "0"}
    command = [sys.executable, "-m", "mirror_audit", "scan", "--root", str(root), "--host", "-q"]
    process = subprocess.run(command, stdout=subprocess.PIPE, stderr=terminal, env=env, timeout=120)
    os.close(terminal)
    shown = os.read(controller, 1 << 16).decode()
    os.close(controller)
    assert process.returncode == 1
    assert " seen, " in shown and " scanned, " in shown and " findings: /" in shown
    assert shown.endswith("\r\x1b[K")  # erased before the report is printed
    assert b"seen," not in process.stdout


# -- files a service or a cron job points pip at ---------------------------------------------------

LEGACY_PIP = "[global]\nindex-url = https://pypi.python.org/simple\n"
SESSIONS = [
    pytest.param(
        {"etc/systemd/system/app.service": (
            "[Service]\nEnvironment=PIP_CONFIG_FILE=/opt/app/pip-settings\nExecStart=/bin/true\n"
        )},
        "/opt/app/pip-settings",
        id="unit-environment",
    ),
    pytest.param(
        {
            "etc/systemd/system/app.service": "[Service]\nExecStart=/bin/true\n",
            "etc/systemd/system/app.service.d/pip.conf": (
                '[Service]\nEnvironment="PIP_CONFIG_FILE=/opt/app/pip-settings"\n'
            ),
        },
        "/opt/app/pip-settings",
        id="unit-drop-in",
    ),
    pytest.param(
        {
            "etc/systemd/system/app.service": "[Service]\nEnvironmentFile=/etc/app/env\n",
            "etc/app/env": "PIP_CONFIG_FILE=/opt/app/pip-settings\n",
        },
        "/opt/app/pip-settings",
        id="unit-environment-file",
    ),
    pytest.param(
        {
            "etc/systemd/system.conf": "[Manager]\nDefaultEnvironment=PIP_CONFIG_FILE=/opt/all\n",
            "etc/systemd/system/app.service": "[Service]\nExecStart=/bin/true\n",
        },
        "/opt/all",
        id="systemd-default-environment",
    ),
    pytest.param(
        {"etc/cron.d/nightly": (
            "PIP_CONFIG_FILE=/srv/cron/pip-settings\n0 3 * * * root pip install -U app\n"
        )},
        "/srv/cron/pip-settings",
        id="crontab-variable",
    ),
]


@pytest.mark.parametrize(("files", "pointed"), SESSIONS)
def test_the_file_a_service_or_cron_job_points_pip_at_is_scanned(
    tmp_path: Path, files: dict[str, str], pointed: str
) -> None:
    for name, text in {**files, pointed.lstrip("/"): LEGACY_PIP}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    report = api.scan((), Config(host=True, root=str(tmp_path), mount_table="/nonexistent"))
    found = [(f.path, f.rule, f.setting) for f in report.findings if f.path == pointed]
    assert found == [(pointed, "MA102", "index-url")]  # read as pip.conf, whatever its name
