"""The built wheel carries the default rules: build it, install it into a fresh venv, run it."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(ROOT)],
        check=True,
    )
    (built,) = out.glob("mirror_audit-*.whl")
    return built


def test_wheel_contains_the_default_rules(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "mirror_audit/rules/pypi-legacy.toml" in names
    assert "mirror_audit/cli.py" in names


def test_installed_wheel_finds_with_embedded_rules(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # The dependencies (click, libcst, ...) come from this test run's environment through a .pth
    # path entry, so no index is needed; mirror-audit itself comes only from the wheel (a path
    # entry does not process the editable install's own .pth hook).
    purelib = subprocess.run([sys.executable, "-c",
                              "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    site = subprocess.run([str(python), "-c",
                           "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    (Path(site) / "deps.pth").write_text(purelib + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", str(wheel)], check=True)
    probe = tmp_path / "pip.conf"
    probe.write_text("[global]\nindex-url = https://f.pypi.python.org/simple\n")
    where = subprocess.run([str(python), "-c", "import mirror_audit; print(mirror_audit.__file__)"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert where.startswith(site), where
    run = subprocess.run([str(env_dir / "bin" / "mirror-audit"), "scan", "--format", "json",
                          str(probe)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    report = json.loads(run.stdout)
    assert [f["rule"] for f in report["findings"]] == ["MA101"]
    assert report["tool"]["rules_version"]
