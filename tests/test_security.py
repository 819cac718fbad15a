"""The threat model (README, "Security and threat model"), each promise with a test that breaks it.

Scanned files are data: never executed, never imported, never a reason to open a connection.
Passwords and tokens in URLs never reach a report, in any format; --fix keeps them byte for
byte; a fix that would hand them to another host is ``unsafe`` and says so.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from mirror_audit import api
from mirror_audit.cli import main

# -- never executed, never imported --------------------------------------------------------

# Each file writes a marker when run or imported; each holds a legacy reference, so it is read.
_RUN = "import pathlib; pathlib.Path({marks!r}, {name!r}).write_text('ran')\n"
_CODE = {
    "setup.py": "from setuptools import setup\n"
    "setup(name='x', dependency_links=['https://pypi.python.org/packages/source/x/x/x-1.tar.gz'])\n",
    "conftest.py": "INDEX = 'https://pypi.python.org/simple'\n",
    "noxfile.py": "import nox\nINDEX = 'https://pypi.python.org/simple'\n",
    "sitecustomize.py": "INDEX = 'https://pypi.python.org/simple'\n",
    "usercustomize.py": "INDEX = 'https://pypi.python.org/simple'\n",
    "__init__.py": "INDEX = 'https://pypi.python.org/simple'\n",
    "docs/conf.py": "html_baseurl = 'https://pypi.python.org/pypi/x'\n",
    "backend.py": "INDEX = 'https://pypi.python.org/simple'\n",
    # what `python -m` would find first on sys.path when run inside the tree
    "datetime.py": "",
    "socket.py": "",
    "click.py": "",
    "json.py": "",
    "tomllib.py": "",
    "pathspec.py": "",
    ".venv/lib/python3.11/site-packages/evil.pth": "",
}
_DATA = {
    "pyproject.toml": '[build-system]\nrequires = []\nbuild-backend = "backend"\n'
    'backend-path = ["."]\n[[tool.poetry.source]]\nname = "old"\n'
    'url = "https://pypi.python.org/simple"\n',
    "requirements.txt": "-i https://pypi.python.org/simple\nx\n",
}


def _plant_code(tree: Path, marks: Path) -> None:
    for name, body in _CODE.items():
        path = tree / name
        path.parent.mkdir(parents=True, exist_ok=True)
        run = _RUN.format(marks=str(marks), name=name.replace("/", "_"))
        if name.endswith(".pth"):  # a .pth line that starts with "import" is executed
            path.write_text(run.replace("import pathlib; ", "import pathlib;") + "\n")
        else:
            path.write_text(run + body + "# pip install -i https://pypi.python.org/simple x\n")
    for name, body in _DATA.items():
        (tree / name).write_text(body)


RUNS = [
    pytest.param("in-process", id="api"),
    pytest.param("command", id="mirror-audit-command"),
    pytest.param("python-m", id="python-m-inside-the-tree"),
]


@pytest.mark.parametrize("how", RUNS)
def test_scanned_code_is_never_executed_or_imported(tmp_path: Path, how: str) -> None:
    tree, marks = tmp_path / "tree", tmp_path / "marks"
    tree.mkdir()
    marks.mkdir()
    _plant_code(tree, marks)
    argv = ["scan", "--fix", "--unsafe-fixes", "--include-vendored", "--format", "json", "."]
    if how == "in-process":
        report = api.fix([str(tree)], unsafe=True)
        scanned, changed = report.files_scanned, report.files_changed
    else:
        script = Path(sys.executable).with_name("mirror-audit")
        head = [str(script)] if how == "command" else [sys.executable, "-m", "mirror_audit"]
        run = subprocess.run([*head, *argv], cwd=tree, capture_output=True, text=True)
        assert run.returncode in (0, 1), run.stderr
        summary = json.loads(run.stdout)["summary"]
        scanned, changed = summary["files_scanned"], summary["files_changed"]
    assert sorted(p.name for p in marks.iterdir()) == []
    assert scanned >= len(_CODE) and changed >= 1  # they were read, and some fixed
    assert "files.pythonhosted.org" in (tree / "setup.py").read_text()


# -- network references: reported, never fetched ----------------------------------------------

_REMOTE = {
    "requirements.txt": "-r https://example.com/base.txt\n"
    "--requirement=https://ci:S3CRET-REQ@files.corp.example/more.txt\n"
    "-c http://pypi.python.org/constraints.txt\n"
    "-r local.txt\n"
    "requests\n",
    "local.txt": "six\n",
    "buildout.cfg": "[buildout]\nextends = https://dist.example.org/versions.cfg\n"
    "    local.cfg\noptional-extends = http://example.net/extra.cfg\nparts =\n",
    "local.cfg": "[buildout]\n",
    "environment.yml": "name: x\ndependencies:\n  - pip\n  - pip:\n"
    "    - -r https://example.com/conda-reqs.txt\n",
}
_EXPECTED_REMOTE = [
    ("buildout.cfg", "line 2: extends https://dist.example.org/versions.cfg"),
    ("buildout.cfg", "line 4: optional-extends http://example.net/extra.cfg"),
    ("environment.yml", "line 5: -r https://example.com/conda-reqs.txt"),
    ("requirements.txt", "line 1: -r https://example.com/base.txt"),
    ("requirements.txt", "line 2: --requirement https://ci:****@files.corp.example/more.txt"),
    ("requirements.txt", "line 3: -c http://pypi.python.org/constraints.txt"),
]


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to reach the network, recorded (and refused, as conftest does)."""
    tried: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        tried.append(args)
        raise OSError("the network is not to be used")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    return tried


@pytest.mark.parametrize("fix", [False, True], ids=["scan", "fix"])
def test_network_references_are_reported_and_never_fetched(
    tmp_path: Path, connections: list[object], fix: bool
) -> None:
    for name, text in _REMOTE.items():
        (tmp_path / name).write_text(text)
    report = api.fix([str(tmp_path)]) if fix else api.scan([str(tmp_path)])
    assert connections == []
    remote = sorted(
        (Path(e.path).name, e.reason.split(": a remote")[0])
        for e in report.errors
        if e.category == "remote"
    )
    assert remote == _EXPECTED_REMOTE
    assert all("never fetched" in e.reason for e in report.errors if e.category == "remote")
    assert "S3CRET" not in repr(report.errors)
    # the legacy one is a finding as well, as anywhere
    assert any(f.match.startswith("http://pypi.python.org/constraints") for f in report.findings)


_GUARD = """\
import socket

def _record(*args, **kwargs):
    with open({log!r}, "a") as handle:
        handle.write(repr(args) + "\\n")
    raise OSError("no network in this test")

socket.socket.connect = socket.socket.connect_ex = _record
socket.create_connection = socket.getaddrinfo = socket.gethostbyname = _record
"""


def test_a_real_process_never_reaches_for_the_network(tmp_path: Path) -> None:
    """The same in a real ``mirror-audit`` process: its sockets record any attempt to a log."""
    guard, log, tree = tmp_path / "guard", tmp_path / "network.log", tmp_path / "tree"
    guard.mkdir()
    tree.mkdir()
    (guard / "sitecustomize.py").write_text(_GUARD.format(log=str(log)))
    for name, text in _REMOTE.items():
        (tree / name).write_text(text)
    env = {**os.environ, "PYTHONPATH": str(guard)}
    probe = [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"]
    subprocess.run(probe, env=env, capture_output=True)
    assert log.exists(), "the guard does not see a connection: this test would prove nothing"
    log.unlink()
    script = Path(sys.executable).with_name("mirror-audit")
    for args in (["scan"], ["scan", "--fix", "--unsafe-fixes"], ["scan", "--host", "--root"]):
        argv = [str(script), *args, str(tree), "--format", "json"]
        run = subprocess.run(argv, env=env, capture_output=True, text=True)
        assert run.returncode in (0, 1), run.stderr
        if "--host" not in args:
            errors = json.loads(run.stdout)["errors"]
            assert sum(e["category"] == "remote" for e in errors) == len(_EXPECTED_REMOTE)
    assert not log.exists(), log.read_text()


REMOTE_LINES = [
    pytest.param("-r https://a.example/b.txt\n", ["-r https://a.example/b.txt"], id="plain"),
    pytest.param("-rhttps://a.example/b.txt\n", ["-r https://a.example/b.txt"], id="glued"),
    pytest.param('-r "https://a.example/b.txt"\n', ["-r https://a.example/b.txt"], id="quoted"),
    pytest.param("-r \\\n  https://a.example/b\n", ["-r https://a.example/b"], id="continued"),
    pytest.param(
        "--constraint=http://a.example/c\n", ["--constraint http://a.example/c"], id="long"
    ),
    pytest.param("  -c http://u:pw@a.example/c\n", ["-c http://u:****@a.example/c"], id="password"),
    pytest.param("-r base.txt\r\n-i https://a.example/simple\n", [], id="local-then-index"),
    pytest.param("-r file:///srv/base.txt\n", [], id="file-url"),
    pytest.param("-r HTTPS://a.example/b.txt\n", ["-r HTTPS://a.example/b.txt"], id="upper-case"),
    # pip opens a target that does not start with http(s): as a path (hypothesis found this one)
    pytest.param("-r base.piphttps://a.example/b\n", [], id="scheme-not-first"),
    pytest.param("-r ./https://a.example/b\n", [], id="path-with-a-url-in-it"),
    pytest.param("x @ https://a.example/x-1.whl\n", [], id="direct-url-is-no-include"),
    pytest.param("# -r https://a.example/b.txt\n", [], id="comment"),
]


@pytest.mark.parametrize(("text", "expected"), REMOTE_LINES)
def test_remote_includes_in_requirements(text: str, expected: list[str]) -> None:
    from mirror_audit import kinds, remote
    from mirror_audit.read import make_document

    found = remote.notices(make_document("requirements.txt", text, kinds.REQUIREMENTS))
    assert [n.reason.split(": ", 1)[1].split(": a remote")[0] for n in found] == expected


def test_a_remote_reference_reads_as_not_fetched_in_text(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r https://example.com/base.txt\n")
    result = CliRunner().invoke(main, ["scan", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "requirements.txt: not fetched: line 1: -r https://example.com/base.txt" in result.stdout


# -- credentials: never in a report, kept in the file ----------------------------------------

_SECRETS = {
    "requirements.txt": "--index-url https://alice:S3CRET-ALPHA@pypi.python.org/simple\n"
    "--extra-index-url https://S3CRETTOKENBRAVO0123456789@b.pypi.python.org/simple/\n"
    "-r https://carol:S3CRET-CHARLIE@files.corp.example/base.txt\n"
    "https://dave:S3CRET-DELTA@pypi.python.org/packages/source/x/x/x-1.tar.gz#egg=x\n",
    "pip.conf": "[global]\nindex-url = https://erin:S3CRET-ECHO@pypi.python.org/simple\n",
    "buildout.cfg": "[buildout]\nextends = https://frank:S3CRET-FOXTROT@example.com/v.cfg\n"
    "index = https://frank:S3CRET-FOXTROT@pypi.python.org/simple\n",
    "Dockerfile": "FROM python:3\nENV PIP_INDEX_URL=https://gina:S3CRET-GOLF@pypi.python.org/simple\n",
    "pyproject.toml": '[[tool.poetry.source]]\nname = "corp"\n'
    'url = "https://hank:S3CRET-HOTEL@pypi.python.org/simple"\n',
}
_USERINFO = re.compile(r"//([^/@\s\"]+)@")


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout + result.stderr


@pytest.fixture
def secret_tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    tree.mkdir()
    for name, text in _SECRETS.items():
        (tree / name).write_text(text)
    return tree


FORMATS = [
    pytest.param(["--format", fmt], id=fmt) for fmt in ("text", "json", "jsonl", "sarif", "github")
] + [
    pytest.param(["--statistics"], id="statistics"),
    pytest.param(["--statistics", "--format", "json"], id="statistics-json"),
    pytest.param(["--diff"], id="diff"),
    pytest.param(["--diff", "--unsafe-fixes"], id="diff-unsafe"),
    pytest.param(["--map", "pypi.python.org=https://mirror.corp.example/simple/"], id="map"),
]


@pytest.mark.parametrize("flags", FORMATS)
def test_credentials_never_reach_a_report(secret_tree: Path, flags: list[str]) -> None:
    out = _cli("scan", *flags, str(secret_tree))
    if "--statistics" not in flags and flags != ["--diff"]:
        assert "****" in out  # the URLs are there, their passwords are not
    assert "S3CRET" not in out


def test_credentials_never_reach_a_baseline_or_a_written_report(secret_tree: Path) -> None:
    baseline, written = secret_tree.parent / "baseline.json", secret_tree.parent / "report.sarif"
    _cli("scan", "--write-baseline", str(baseline), str(secret_tree))
    _cli("scan", "--format", "sarif", "-o", str(written), str(secret_tree))
    assert "S3CRET" not in baseline.read_text() and "S3CRET" not in written.read_text()


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json", "html"])
def test_credentials_never_reach_a_merged_report(secret_tree: Path, fmt: str) -> None:
    reports = secret_tree.parent / "reports"
    reports.mkdir()
    for host in ("web1", "web2"):
        _cli(
            "scan", "--format", "json", "--host-name", host,
            "-o", str(reports / f"{host}.json"), str(secret_tree),
        )  # fmt: skip
    assert "S3CRET" not in _cli("merge", "--format", fmt, str(reports))


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_credentials_never_reach_a_pip_config_report(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc/passwd").write_text("u:x:1000:1000::/home/u:/bin/bash\n")
    (tmp_path / "etc/pip.conf").write_text(_SECRETS["pip.conf"])
    (tmp_path / "home/u").mkdir(parents=True)
    out = _cli("pip-config", "--root", str(tmp_path), "--format", fmt)
    assert "erin:****@pypi.python.org" in out and "S3CRET" not in out


def test_fix_keeps_credentials_byte_for_byte(secret_tree: Path) -> None:
    before = {p.name: p.read_bytes() for p in secret_tree.iterdir()}
    out = _cli("scan", "--fix", "--unsafe-fixes", "--format", "json", str(secret_tree))
    assert "S3CRET" not in out
    changed = 0
    for name, old in before.items():
        new = (secret_tree / name).read_bytes()
        changed += new != old
        assert _USERINFO.findall(new.decode()) == _USERINFO.findall(old.decode()), name
    assert changed >= 4  # the hosts moved; every user:password stayed where it was


MAP = "pypi.python.org=https://mirror.corp.example/simple/"


def test_a_map_that_would_send_credentials_elsewhere_is_unsafe_and_says_why(
    tmp_path: Path,
) -> None:
    with_password = "pip install -i https://ci:S3CRET-INDIA@pypi.python.org/simple x\n"
    without = "pip install -i https://pypi.python.org/simple y\n"
    (tmp_path / "a.sh").write_text(with_password)
    (tmp_path / "b.sh").write_text(without)
    report = json.loads(_cli("scan", "--map", MAP, "--format", "json", str(tmp_path)))
    by_file = {f["path"].rsplit("/", 1)[-1]: f for f in report["findings"] if f["rule"] == "MA102"}
    assert by_file["a.sh"]["fix_safety"] == "unsafe"
    assert "credentials in the URL would go to another host" in by_file["a.sh"]["note"]
    assert by_file["b.sh"]["fix_safety"] == "safe"  # the same map, no password: safe
    text = _cli("scan", "--fix", "--map", MAP, str(tmp_path))
    assert (tmp_path / "a.sh").read_text() == with_password  # kept: the fix is unsafe
    assert "mirror.corp.example" in (tmp_path / "b.sh").read_text()
    assert "credentials in the URL would go to another host" in text and "S3CRET" not in text
    _cli("scan", "--fix", "--unsafe-fixes", "--map", MAP, str(tmp_path))
    assert (tmp_path / "a.sh").read_text() == (
        "pip install -i https://ci:S3CRET-INDIA@mirror.corp.example/simple/ x\n"
    )


def test_another_package_run_with_python_m_keeps_its_directory(tmp_path: Path) -> None:
    """The guard is for `python -m mirror_audit` only: a package of the user's, run with -m,
    that imports mirror_audit still imports its neighbours from the current directory."""
    (tmp_path / "tool").mkdir()
    (tmp_path / "tool" / "__init__.py").write_text("import mirror_audit\nimport neighbour\n")
    (tmp_path / "tool" / "__main__.py").write_text("import neighbour\nprint(neighbour.VALUE)\n")
    (tmp_path / "neighbour.py").write_text("VALUE = 'found'\n")
    run = subprocess.run(
        [sys.executable, "-m", "tool"], cwd=tmp_path, capture_output=True, text=True
    )
    assert run.returncode == 0 and run.stdout == "found\n", run.stderr
