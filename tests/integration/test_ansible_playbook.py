"""examples/ansible/playbook.yml with the real ansible-playbook against four local hosts.

Each host has its own fake root and its own virtualenv; mirror-audit is installed into each
from an offline wheelhouse built from this checkout. The runs, in order: --check on fresh hosts
(writes nothing, changes nothing), an audit (reports fetched and merged), a fix run (changed
from files_changed) and a second fix run (changed=0). "ghost" cannot create its virtualenv, so
it never reports.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import mirror_audit

from .wheelhouse import wheelhouse as build_wheelhouse

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "examples" / "ansible" / "playbook.yml"
ANSIBLE = Path(sys.executable).parent / "ansible-playbook"
HOSTS = ("web01", "web02", "db01")
EXCLUDED = "/srv/app/README.md"  # web01's mirror_audit_excludes
MIRROR = "https://mirror.example.com/simple/"  # db01's mirror_audit_map for pypi.python.org

FILES = {
    "web01": {
        "etc/pip.conf": "[global]\nindex-url = https://f.pypi.python.org/simple\n",
        "srv/app/requirements.txt": "--use-mirrors\n-i http://pypi.python.org/simple\nclick\n",
        "srv/app/README.md": "Docs: https://pypi.python.org/pypi/click\n",
    },
    "web02": {"etc/pip.conf": "[global]\nindex-url = https://pypi.org/simple/\n"},
    "db01": {
        "srv/app/requirements.txt": "-i https://pypi.python.org/simple\nclick\n",
        "srv/app/Pipfile.lock": '{"_meta": {"sources": [{"url": "https://pypi.python.org/simple"}]}}\n',
    },
}


def snapshot(*roots: Path) -> dict[str, str]:
    """Every file and directory under the roots, with a hash of each file's bytes."""
    seen = {}
    for root in roots:
        for path in sorted(root.rglob("*")) if root.exists() else ():
            seen[str(path)] = (
                hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
            )
    return seen


def recap(output: str) -> dict[str, dict[str, int]]:
    """PLAY RECAP: host -> {ok, changed, unreachable, failed, ...}."""
    rows = re.findall(
        r"^(\S+)\s+:\s+((?:\w+=\d+\s*)+)$", output.split("PLAY RECAP", 1)[1], re.MULTILINE
    )
    return {
        host: {k: int(v) for k, v in re.findall(r"(\w+)=(\d+)", counts)} for host, counts in rows
    }


def install(host: str, wheels: Path) -> dict[str, str]:
    """Each host installs mirror-audit another way: wheelhouse, wheel, pinned requirement."""
    if host == "web01":
        return {"mirror_audit_wheelhouse": str(wheels)}  # copied over, --no-index
    if host == "web02":  # copied over; dependencies from the host's index
        return {"mirror_audit_wheel": str(next(wheels.glob("mirror_audit-*.whl")))}
    return {"mirror_audit_package": f"mirror-audit=={mirror_audit.__version__}"}  # from the index


class Fleet:
    """The fake fleet: an inventory, a root and a virtualenv per host, a report directory."""

    def __init__(self, base: Path, wheels: Path) -> None:
        self.base, self.reports = base, base / "reports"
        self.roots = {h: base / h / "root" for h in HOSTS}
        self.venvs = {h: base / h / "venv" for h in (*HOSTS, "ghost")}
        for host, files in FILES.items():
            for top in ("etc", "srv"):
                (self.roots[host] / top).mkdir(parents=True)
            for name, text in files.items():
                (self.roots[host] / name).parent.mkdir(parents=True, exist_ok=True)
                (self.roots[host] / name).write_text(text)
        hosts: dict[str, Any] = {
            h: {
                "mirror_audit_venv": str(self.venvs[h]),
                "mirror_audit_system_root": str(self.roots[h]),  # --root: the host's fake /
                "mirror_audit_roots": [
                    "/srv"
                ],  # plus --host: /etc/pip.conf and the other known places
                **install(h, wheels),
            }
            for h in HOSTS
        }
        hosts["web01"]["mirror_audit_excludes"] = [EXCLUDED]
        hosts["db01"]["mirror_audit_map"] = {"pypi.python.org": MIRROR}
        hosts["ghost"] = {
            "mirror_audit_venv": str(self.venvs["ghost"]),
            "mirror_audit_roots": ["/srv"],
            "mirror_audit_python": str(base / "no-such-python"),
        }
        inventory = {
            "fleet": {
                "hosts": hosts,
                "vars": {
                    "ansible_connection": "local",
                    "ansible_python_interpreter": sys.executable,
                    "mirror_audit_python": sys.executable,
                    "mirror_audit_report_dir": str(self.reports),
                    "mirror_audit_controller_cmd": f"{sys.executable} -m mirror_audit",
                },
            }
        }
        self.inventory = base / "inventory.yml"
        self.inventory.write_text(json.dumps(inventory))  # JSON is YAML
        self.tmp = base / "tmp"
        self.tmp.mkdir()
        self.wheels = wheels

    def play(self, *args: str) -> tuple[int, str, dict[str, dict[str, int]]]:
        env = {
            **os.environ,
            "HOME": str(self.base / "home"),
            "TMPDIR": str(self.tmp),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_HOME": str(self.base / "ansible"),
            "ANSIBLE_LOCAL_TEMP": str(self.base / "ansible-local"),
            "ANSIBLE_REMOTE_TEMP": str(self.base / "ansible-remote"),
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "ANSIBLE_STDOUT_CALLBACK": "default",
            "ANSIBLE_FORKS": "4",
            # the hosts' pip configuration (their "index"): no index, the wheelhouse's wheels
            "PIP_NO_INDEX": "1",
            "PIP_FIND_LINKS": str(self.wheels),
        }
        run = subprocess.run(
            [str(ANSIBLE), "-i", str(self.inventory), str(PLAYBOOK), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            cwd=self.base,
        )
        output = run.stdout + run.stderr
        return run.returncode, output, recap(output)

    def report(self, host: str) -> dict[str, Any]:
        return json.loads((self.reports / "hosts" / f"{host}.json").read_text())


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The four runs, in order, with what the trees and reports looked like after each."""
    if not ANSIBLE.exists():
        pytest.skip(
            f"ansible-playbook is not installed beside {sys.executable} (pip install ansible-core)"
        )
    base = tmp_path_factory.mktemp("fleet")
    fleet = Fleet(base, build_wheelhouse(ROOT, base / "wheelhouse"))
    everything = (*fleet.roots.values(), *fleet.venvs.values(), fleet.reports, fleet.tmp)
    result: dict[str, Any] = {"fleet": fleet}
    before = snapshot(*everything)
    result["check"] = (
        *fleet.play("--check", "--diff", "-e", "mirror_audit_fix=true"),
        before,
        snapshot(*everything),
    )
    result["audit"] = (
        *fleet.play(),
        {h: fleet.report(h) for h in HOSTS},
        json.loads((fleet.reports / "fleet.json").read_text()),
        snapshot(*fleet.roots.values()),
    )
    result["fix"] = (
        *fleet.play("-e", "mirror_audit_fix=true"),
        {h: fleet.report(h) for h in HOSTS},
        snapshot(*fleet.roots.values()),
    )
    result["again"] = (
        *fleet.play("-e", "mirror_audit_fix=true"),
        {h: fleet.report(h) for h in HOSTS},
        snapshot(*fleet.roots.values()),
    )
    return result


def test_check_mode_writes_nothing_and_changes_nothing(runs: dict[str, Any]) -> None:
    code, output, stats, before, after = runs["check"]
    assert code == 2, output  # ghost fails: it has no python to make a virtualenv with
    assert {h: (s["changed"], s["failed"]) for h, s in stats.items()} == {
        "web01": (0, 0),
        "web02": (0, 0),
        "db01": (0, 0),
        "ghost": (0, 1),
    }
    assert after == before  # no root touched, no venv, no report, no throwaway left in TMPDIR
    assert "-index-url = https://f.pypi.python.org/simple" in output
    assert "+index-url = https://pypi.org/simple/" in output
    assert "3 fixes in 2 files would be applied (--diff: nothing written)" in output
    assert f"+-i {MIRROR}" in output  # db01's mirror_audit_map


EXPECTED = {  # host -> (findings per rule, failing)
    "web01": ({"MA101": 1, "MA102": 1, "MA301": 1}, 3),  # the README's mention is excluded
    "web02": ({}, 0),
    "db01": ({"MA102": 1, "MA401": 1}, 2),
}


def test_audit_fetches_one_report_per_host_named_by_the_inventory(runs: dict[str, Any]) -> None:
    code, output, stats, reports, _, roots_after = runs["audit"]
    assert code == 2 and stats["ghost"]["failed"] == 1, output
    assert all(stats[h]["failed"] == 0 for h in HOSTS), output
    fleet = runs["fleet"]
    assert sorted(p.name for p in (fleet.reports / "hosts").iterdir()) == [
        "db01.json",
        "web01.json",
        "web02.json",
    ]
    assert EXCLUDED not in {f["path"] for f in reports["web01"]["findings"]}
    for host, (by_rule, failing) in EXPECTED.items():
        report = reports[host]
        assert report["host"]["name"] == host
        assert report["roots"] == ["/srv"]
        assert {f["path"] for f in report["findings"]} <= {
            "/etc/pip.conf",
            *(f"/{n}" for n in FILES[host]),
        }
        assert (report["summary"]["by_rule"], report["summary"]["failing"]) == (by_rule, failing)
        assert report["summary"]["files_changed"] == 0
    staged = {
        h: sorted(p.name.split("-")[0] for p in (fleet.venvs[h] / "wheelhouse").glob("*.whl"))
        for h in HOSTS
    }
    assert staged == {  # each host installed its own way
        "web01": ["click", "libcst", "mirror_audit", "pathspec", "pyyaml", "tomlkit"],
        "web02": ["mirror_audit"],
        "db01": [],
    }
    roots_before = {
        k: v
        for k, v in runs["check"][3].items()
        if k.startswith(tuple(map(str, fleet.roots.values())))
    }
    assert roots_after == roots_before  # an audit changes no scanned file


def test_audit_merges_the_fleet_on_the_controller(runs: dict[str, Any]) -> None:
    merged = runs["audit"][4]
    fleet = runs["fleet"]
    for name in ("fleet.html", "fleet.json", "fleet.md"):
        assert (fleet.reports / name).stat().st_size > 0
    summary = merged["summary"]
    assert {
        k: summary[k]
        for k in (
            "hosts",
            "hosts_reported",
            "hosts_clean",
            "hosts_with_findings",
            "hosts_never_reported",
            "findings",
            "failing",
        )
    } == {
        "hosts": 4,
        "hosts_reported": 3,
        "hosts_clean": 1,
        "hosts_with_findings": 2,
        "hosts_never_reported": 1,
        "findings": 5,
        "failing": 5,
    }
    assert {h["name"]: h["status"] for h in merged["hosts"]} == {
        "web01": "findings",
        "db01": "findings",
        "web02": "clean",
        "ghost": "never-reported",
    }
    legacy = {entry["legacy_host"]: entry["hosts"] for entry in merged["legacy_hosts"]}
    assert legacy == {"pypi.python.org": {"web01": 1, "db01": 2}, "f.pypi.python.org": {"web01": 1}}
    assert "ghost" in (fleet.reports / "fleet.md").read_text()


def test_fix_run_reports_changed_from_files_changed(runs: dict[str, Any]) -> None:
    code, output, stats, reports, _ = runs["fix"]
    assert code == 2, output
    assert {h: stats[h]["changed"] for h in HOSTS} == {"web01": 1, "web02": 0, "db01": 1}
    assert {h: reports[h]["summary"]["files_changed"] for h in HOSTS} == {
        "web01": 2,
        "web02": 0,
        "db01": 1,
    }
    roots = runs["fleet"].roots
    assert (
        roots["web01"] / "etc" / "pip.conf"
    ).read_text() == "[global]\nindex-url = https://pypi.org/simple/\n"
    assert (
        roots["web01"] / "srv" / "app" / "requirements.txt"
    ).read_text() == "-i https://pypi.org/simple/\nclick\n"
    assert (
        roots["db01"] / "srv" / "app" / "requirements.txt"
    ).read_text() == f"-i {MIRROR}\nclick\n"
    assert (roots["db01"] / "srv" / "app" / "Pipfile.lock").read_text() == FILES["db01"][
        "srv/app/Pipfile.lock"
    ]


def test_second_fix_run_changes_nothing(runs: dict[str, Any]) -> None:
    code, output, stats, reports, after = runs["again"]
    *_, after_first_fix = runs["fix"]
    assert code == 2, output
    assert {h: (s["changed"], s["failed"]) for h, s in stats.items()} == {
        "web01": (0, 0),
        "web02": (0, 0),
        "db01": (0, 0),
        "ghost": (0, 1),
    }
    assert after == after_first_fix
    assert {h: reports[h]["summary"]["files_changed"] for h in HOSTS} == {
        "web01": 0,
        "web02": 0,
        "db01": 0,
    }
    assert reports["db01"]["summary"]["by_rule"] == {
        "MA401": 1
    }  # the lock file waits for `pipenv lock`


def test_every_variable_has_a_default_and_is_documented() -> None:
    readme = (ROOT / "examples" / "ansible" / "README.md").read_text(encoding="utf-8")
    defaults = (
        ROOT / "examples" / "ansible" / "roles" / "mirror_audit" / "defaults" / "main.yml"
    ).read_text()
    names = set(re.findall(r"^(mirror_audit_\w+):", defaults, re.MULTILINE))
    assert names >= {
        "mirror_audit_roots",
        "mirror_audit_host_scan",
        "mirror_audit_fix",
        "mirror_audit_map",
        "mirror_audit_excludes",
        "mirror_audit_report_dir",
        "mirror_audit_wheel",
        "mirror_audit_wheelhouse",
        "mirror_audit_venv",
    }
    assert {n for n in names if f"`{n}`" not in readme} == set()  # every variable documented
