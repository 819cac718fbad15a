# ruff: noqa: E501  (a table of whole files, one a row)
"""One valid file per extractor, with a slot ``{url}`` where an index URL goes.

The hostile tests truncate and corrupt these, the property tests fill the slot, and the fuzz
targets start from them. Every kind in ``extract.EXTRACTORS`` has one (a test checks).
"""

from __future__ import annotations

from dataclasses import dataclass

from mirror_audit import kinds


@dataclass(frozen=True)
class Seed:
    name: str  # a file name that kinds.kind_of maps to the kind
    kind: str
    text: str  # valid in its format; "{url}" marks where an index URL is set

    def filled(self, url: str = "https://pypi.python.org/simple/") -> str:
        return self.text.replace("{url}", url)


SEEDS: tuple[Seed, ...] = (
    Seed("notes.sh", kinds.TEXT, "#!/bin/sh\npip install -i {url} app  # build\n"),
    Seed("README.md", kinds.DOCS, "# App\n\nInstall with `pip install -i {url} app`.\n"),
    Seed("site.cfg", kinds.CFG, "[global]\nindex-url = {url}\n"),
    Seed(
        "pip.conf",
        kinds.PIP_CONF,
        "[global]\ntimeout = 60\nindex-url = {url}\nextra-index-url =\n    https://example.com/simple\n",
    ),
    Seed(
        "setup.cfg", kinds.SETUP_CFG, "[metadata]\nname = x\n\n[easy_install]\nindex_url = {url}\n"
    ),
    Seed(".pydistutils.cfg", kinds.DISTUTILS_CFG, "[easy_install]\nindex_url = {url}\n"),
    Seed(
        "tox.ini",
        kinds.TOX_INI,
        "[tox]\nenvlist = py3\n\n[testenv]\ninstall_command = pip install -i {url} {opts} {packages}\nsetenv =\n    PIP_INDEX_URL={url}\n",
    ),
    Seed(
        "buildout.cfg",
        kinds.BUILDOUT,
        "[buildout]\nparts = app\nindex = {url}\nfind-links =\n    {url}\n",
    ),
    Seed(
        ".pypirc",
        kinds.PYPIRC,
        "[distutils]\nindex-servers = pypi\n\n[pypi]\nrepository = {url}\nusername = me\n",
    ),
    Seed(
        "environment.yml",
        kinds.CONDA_ENV,
        "name: app\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n    - --index-url {url}\n    - requests\n",
    ),
    Seed(
        "requirements.txt",
        kinds.REQUIREMENTS,
        "--index-url {url}\nrequests==2.31 \\\n    --hash=sha256:00\n-r base.txt\n",
    ),
    Seed(
        "Dockerfile",
        kinds.DOCKERFILE,
        "FROM python:3.12\nENV PIP_INDEX_URL={url}\nRUN pip install \\\n    -i {url} app\nRUN <<EOF\npip install -i {url} x\nEOF\n",
    ),
    Seed(
        "pyproject.toml",
        kinds.PYPROJECT,
        '[project]\nname = "x"\n\n[[tool.uv.index]]\nurl = "{url}"\n\n[tool.pdm]\nsource = [{ url = \'{url}\', name = "a" }]\n',
    ),
    Seed("uv.toml", kinds.TOOL_TOML, 'index-url = "{url}"\n'),
    Seed(
        "Pipfile",
        kinds.PIPFILE,
        '[[source]]\nurl = "{url}"\nverify_ssl = true\nname = "pypi"\n\n[packages]\nrequests = "*"\n',
    ),
    Seed(
        "poetry.lock",
        kinds.LOCK,
        '[[package]]\nname = "x"\nversion = "1"\n\n[package.source]\ntype = "legacy"\nurl = "{url}"\n',
    ),
    Seed(
        "setup.py",
        kinds.PYTHON_SETUP,
        'from setuptools import setup\n\nINDEX = "{url}"\nsetup(\n    name="x",\n    dependency_links=["{url}"],\n)\n',
    ),
    Seed("etc/environment", kinds.ENV_FILE, 'PIP_INDEX_URL="{url}"\nOTHER=1\n'),
    Seed(
        ".bashrc",
        kinds.SHELL_PROFILE,
        'export PIP_INDEX_URL={url}\nalias p="pip install -i {url}"\n',
    ),
    Seed(
        "app.service",
        kinds.SYSTEMD_UNIT,
        "[Service]\nEnvironment=PIP_INDEX_URL={url}\nExecStart=/usr/bin/pip install -i {url} app\n",
    ),
    Seed(
        "cron.d/job",
        kinds.CRONTAB,
        "PIP_INDEX_URL={url}\n0 * * * * root pip install -i {url} app\n",
    ),
)

BY_KIND = {seed.kind: seed for seed in SEEDS}
