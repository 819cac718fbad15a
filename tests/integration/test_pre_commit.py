"""The hooks with the real pre-commit: `pre-commit try-repo` on a repository with staged files.

try-repo builds a fresh environment each time (about 7 s here), so the calls are few.

pre-commit installs this checkout into its own virtualenv with pip; the test gives pip an
offline wheelhouse (this checkout's dependencies and hatchling, packed from the test
environment) so nothing is downloaded. The checkout is snapshotted as it is on disk (the files
git tracks or would track) into a repository of its own, so the hooks tested are the ones being
edited.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from .wheelhouse import dependencies, repack

ROOT = Path(__file__).resolve().parents[2]
LEGACY = "-i https://pypi.python.org/simple\nrequests==2.32.3\n"
FIXED = "-i https://pypi.org/simple/\nrequests==2.32.3\n"

pytestmark = pytest.mark.integration


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout as it is on disk (what git tracks or would track), as a repository."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split(
        "\0"
    ):
        source = ROOT / name
        if name and source.is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    git(snapshot, "init", "-q")
    git(snapshot, "add", "-A")
    git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot, git(snapshot, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="session")
def offline_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """pip with no index, a wheelhouse with every wheel pre-commit's install needs, a cache."""
    wheels = tmp_path_factory.mktemp("wheels")
    for name in {*dependencies("mirror-audit"), "hatchling", *dependencies("hatchling")}:
        repack(metadata.distribution(name), wheels)
    return {
        **os.environ,
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "VIRTUALENV_NO_PERIODIC_UPDATE": "1",
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A repository with staged files: three with a legacy index URL (so batches run in parallel)
    and one its configuration excludes, which pre-commit names all the same."""
    git(tmp_path, "init", "-q")
    (tmp_path / "app").mkdir()
    (tmp_path / "vendor").mkdir()
    for name in (
        "requirements.txt",
        "app/requirements-dev.txt",
        "app/requirements-test.txt",
        "vendor/requirements.txt",
    ):
        (tmp_path / name).write_text(LEGACY)
    (tmp_path / "notes.txt").write_text("nothing to see\n")
    (tmp_path / "pyproject.toml").write_text('[tool.mirror-audit]\nexclude = ["vendor/"]\n')
    git(tmp_path, "add", "-A")
    return tmp_path


def try_repo(
    project: Path, hook_repo: tuple[Path, str], env: dict[str, str], hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    path, rev = hook_repo
    args = ["--files", *files] if files else []
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(path),
            hook,
            "--ref",
            rev,
            "--verbose",
            *args,
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_scan_hook_fails_naming_file_and_line(
    project: Path, hook_repo: tuple[Path, str], offline_env: dict[str, str]
) -> None:
    run = try_repo(project, hook_repo, offline_env, "mirror-audit")
    assert run.returncode == 1, run.stdout + run.stderr
    for name in ("requirements.txt", "app/requirements-dev.txt", "app/requirements-test.txt"):
        assert f"{name}:1:4: MA102 pypi.python.org is the legacy PyPI host" in run.stdout, (
            run.stdout
        )
    assert "vendor/" not in run.stdout  # excluded by the configuration, though pre-commit named it
    assert (project / "requirements.txt").read_text() == LEGACY  # the scan hook writes nothing


def test_fix_hook_rewrites_then_a_clean_commit_passes(
    project: Path, hook_repo: tuple[Path, str], offline_env: dict[str, str]
) -> None:
    run = try_repo(project, hook_repo, offline_env, "mirror-audit-fix")
    assert run.returncode == 1, run.stdout + run.stderr  # as formatters do: it changed files
    for name in ("requirements.txt", "app/requirements-dev.txt", "app/requirements-test.txt"):
        assert (project / name).read_text() == FIXED
    assert (project / "vendor" / "requirements.txt").read_text() == LEGACY  # excluded: not fixed
    # parallel batches in one directory left nothing behind
    assert sorted(p.name for p in (project / "app").iterdir()) == [
        "requirements-dev.txt",
        "requirements-test.txt",
    ]
    git(project, "add", "-A")
    again = try_repo(project, hook_repo, offline_env, "mirror-audit-fix")
    assert again.returncode == 0, again.stdout + again.stderr  # nothing left to change
    # and a real commit, with the hook installed from a configuration, passes
    path, rev = hook_repo
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n      - id: mirror-audit\n"
    )
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=project,
        env=offline_env,
        check=True,
        capture_output=True,
    )
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "pypi.org")
    (project / "late.txt").write_text(
        "see https://pypi.python.org/pypi/requests\n"
    )  # a mention: info
    (project / "requirements.txt").write_text(LEGACY)
    git(project, "add", "-A")
    with pytest.raises(subprocess.CalledProcessError) as refused:
        git(project, "commit", "-q", "-m", "legacy")
    assert "requirements.txt:1:4: MA102" in refused.value.stdout + refused.value.stderr
