"""Truncated and corrupt files of every format through the real command line.

Each corrupt file costs at most one line in errors (a "parse" line: it was scanned as text
instead), its legacy URL is still reported, and the scan goes on to every other file.
"""

from __future__ import annotations

from pathlib import Path

from tests.hostile.runner import GOOD, GOOD_TEXT, scan
from tests.hostile.seeds import SEEDS

URL = "https://pypi.python.org/simple"
# (directory, file name, bytes): the damage the issue lists, in the formats it hurts.
CORRUPT = [
    ("quote", "requirements.txt", f'-i "{URL}\nrequests\n'),
    ("quote", "Dockerfile", f"FROM python\nRUN pip install -i '{URL} app\n"),
    ("quote", "pip.conf", f'[global]\nindex-url = "{URL}\n'),
    ("toml-string", "pyproject.toml", f'[[tool.uv.index]]\nurl = "{URL}\n'),
    ("toml-table", "Pipfile", f'[[source]\nurl = "{URL}"\n'),
    ("toml-key", "uv.toml", f'index-url = "{URL}"\n= 3\n'),
    (
        "toml-lock",
        "poetry.lock",
        f'[[package]]\nname = "x"\n[package.source]\nurl = "{URL}"\nurl = "{URL}"\n',
    ),
    ("python", "setup.py", f'from setuptools import setup\nsetup(dependency_links=["{URL}"\n'),
    ("python2", "setup.py", f'print "hello"\nURL = "{URL}"\n'),
    ("heredoc", "Dockerfile", f"FROM python\nRUN <<EOF\npip install -i {URL} x\n"),
    ("backslash", "requirements.txt", f"-i {URL} \\"),
    ("backslash", "Dockerfile", f"FROM python\nRUN pip install -i {URL} \\"),
    ("backslash", "tox.ini", f"[testenv]\ninstall_command = pip install -i {URL} \\"),
    ("no-section", "pip.conf", f"index-url = {URL}\n"),
    ("ini-garbage", "setup.cfg", f"[easy_install\nindex_url = {URL}\n[[[\n"),
    ("yaml", "environment.yml", f"dependencies:\n\t- pip:\n  - -i {URL}\n  ]: [\n"),
    ("json", "Pipfile.lock", f'{{"_meta": {{"sources": [{{"url": "{URL}"'),
    ("crlf-cr", "buildout.cfg", f"[buildout]\r\nindex = {URL}\r[x\r"),
]


def test_corrupt_files_are_scanned_as_text(tmp_path: Path) -> None:
    (tmp_path / GOOD).write_text(GOOD_TEXT)
    planted = []
    for index, (damage, name, text) in enumerate(CORRUPT):
        path = tmp_path / f"{index:02d}-{damage}" / name
        path.parent.mkdir()
        path.write_text(text)
        planted.append(f"{index:02d}-{damage}/{name}")
    run = scan(str(tmp_path))
    run.check_survived()
    for rel in planted:
        assert run.found(rel), rel
        errors = [e for e in run.errors if e["path"].endswith(rel)]
        assert len(errors) <= 1 and all(e["category"] == "parse" for e in errors), errors
    assert {e["path"] for e in run.errors} <= {str(tmp_path / rel) for rel in planted}


def test_every_seed_cut_at_every_tenth(tmp_path: Path) -> None:
    (tmp_path / GOOD).write_text(GOOD_TEXT)
    for seed in SEEDS:
        raw = seed.filled().encode()
        for tenth in range(1, 10):
            path = tmp_path / f"{seed.kind}-{tenth}" / seed.name
            path.parent.mkdir(parents=True)
            path.write_bytes(raw[: len(raw) * tenth // 10])
    run = scan(str(tmp_path))
    run.check_survived()
    per_file: dict[str, int] = {}
    for error in run.errors:
        assert error["category"] == "parse", error
        per_file[error["path"]] = per_file.get(error["path"], 0) + 1
    assert all(count == 1 for count in per_file.values()), per_file
