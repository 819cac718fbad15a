"""What the benchmark tree plants: one builder per file kind, each a valid file of its format.

A builder writes lines through a Planter; ``plant`` records the line as a hit (rule, target)
that a scan of the tree must report. ``needs="format"`` marks a hit only a format-aware
extractor can see (a config key, a value whose role comes from the file's structure).
Every planted line carries exactly one finding, so a hit is one (path, line, rule).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

FORMAT = "format"  # the hit needs the kind's own extractor, not the generic text scan


@dataclass(frozen=True)
class Hit:
    line: int
    rule: str
    target: str  # the text a grep user would search for: a host or an option name
    needs: str | None = None


@dataclass
class Planter:
    rng: random.Random
    lines: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def plant(self, text: str, rule: str, target: str, needs: str | None = None) -> None:
        self.lines.append(text)
        self.hits.append(Hit(len(self.lines), rule, target, needs))

    def some(
        self, choices: list[tuple[str, str, str]], least: int = 1, needs: str | None = None
    ) -> None:
        """Plant a random, non-empty subset of (line, rule, target), in random order."""
        picked = self.rng.sample(choices, self.rng.randint(least, len(choices)))
        for text, rule, target in picked:
            if self.rng.random() < 0.3:
                self.add(self.rng.choice(_INI_FILLER))
            self.plant(text, rule, target, needs)


_INI_FILLER = ["timeout = 60", "retries = 3", "no-cache-dir = false", "progress-bar = off"]


def pip_conf(p: Planter) -> None:
    p.add("[global]", "timeout = 60")
    p.some(
        [
            ("index-url = https://pypi.python.org/simple/", "MA102", "pypi.python.org"),
            ("extra-index-url = https://b.pypi.python.org/simple/", "MA101", "pypi.python.org"),
            ("trusted-host = pypi.org", "MA203", "pypi.org"),
        ]
    )
    p.add("", "[install]")
    p.plant("find-links = http://wheels.example.com/simple/", "MA202", "http:")
    if p.rng.random() < 0.5:
        p.plant("use-mirrors = true", "MA301", "use-mirrors", FORMAT)
        p.plant("allow-all-external = true", "MA302", "allow-all-external", FORMAT)


def requirements(p: Planter) -> None:
    p.add("# pinned by pip-compile", "requests==2.31.0")
    p.some(
        [
            ("-i https://pypi.python.org/simple/", "MA102", "pypi.python.org"),
            ("--extra-index-url http://wheels.example.com/simple/", "MA202", "http:"),
            ("--trusted-host pypi.org", "MA203", "pypi.org"),
            ("--use-mirrors", "MA301", "--use-mirrors"),
            ("--allow-external legacylib", "MA302", "--allow-external"),
            ("--process-dependency-links", "MA303", "--process-dependency-links"),
            ("six @ https://pypi.io/packages/source/s/six/six-1.16.0.tar.gz", "MA104", "pypi.io"),
        ]
    )
    p.add("attrs>=23.1", "click==8.1.7")


def buildout(p: Planter) -> None:
    p.add("[buildout]", "parts = app", "newest = false")
    p.some(
        [
            ("index = https://pypi.python.org/simple", "MA102", "pypi.python.org"),
            ("find-links = https://c.pypi.python.org/packages/", "MA101", "pypi.python.org"),
        ]
    )
    p.add("", "[app]", "recipe = zc.recipe.egg", "eggs = app")


def setup_cfg(p: Planter) -> None:
    p.add("[metadata]", "name = app", "version = 1.0")
    p.plant("url = https://pypi.python.org/pypi/app", "MA102", "pypi.python.org")
    p.add("", "[easy_install]")
    p.some(
        [
            ("index_url = https://pypi.python.org/simple", "MA102", "pypi.python.org"),
            ("find_links = http://eggs.example.com/", "MA202", "http:"),
        ]
    )


def distutils_cfg(p: Planter) -> None:
    p.add("[easy_install]")
    p.plant("index_url = https://d.pypi.python.org/simple", "MA101", "pypi.python.org")


def tox_ini(p: Planter) -> None:
    p.add("[tox]", "envlist = py311,py312")
    p.add("indexserver =")
    p.plant(
        "    default = https://mirror.example.com/simple", "MA304", "mirror.example.com", FORMAT
    )
    p.add("", "[testenv]", "deps = pytest", "setenv =")
    p.plant("    PIP_INDEX_URL = https://pypi.python.org/simple", "MA102", "pypi.python.org")
    p.plant(
        "install_command = pip install --use-mirrors {opts} {packages}", "MA301", "--use-mirrors"
    )
    p.add("commands = pytest -q")


def pypirc(p: Planter) -> None:
    p.add("[distutils]", "index-servers =", "    pypi", "    testpypi", "", "[pypi]")
    p.plant("repository = https://pypi.python.org/pypi", "MA102", "pypi.python.org")
    p.add("username = __token__", "", "[testpypi]")
    p.plant("repository = https://testpypi.python.org/pypi", "MA103", "testpypi.python.org")
    p.add("username = __token__")


def cfg(p: Planter) -> None:
    p.add("[deploy]", "target = production")
    p.plant("mirror = https://pypi.python.org/simple", "MA102", "pypi.python.org")


def python_setup(p: Planter) -> None:
    p.add("from setuptools import setup", "", "setup(", '    name="app",')
    p.plant('    url="https://pypi.python.org/pypi/app",', "MA102", "pypi.python.org")
    p.plant(
        '    dependency_links=["https://pypi.python.org/packages/source/f/foo/foo-1.0.tar.gz"],',
        "MA102",
        "pypi.python.org",
    )
    p.plant(
        '    options={"easy_install": {"index_url": "https://e.pypi.python.org/simple/"}},',
        "MA101",
        "pypi.python.org",
    )
    p.add(")")


def python(p: Planter) -> None:
    p.add('"""Deployment helpers."""', "import subprocess", "")
    p.plant('INDEX = "https://pypi.python.org/simple/"', "MA102", "pypi.python.org")
    p.add("", "", "def install(name):")
    p.plant(
        '    subprocess.run(["pip", "install", "--use-mirrors", name], check=True)',
        "MA301",
        "--use-mirrors",
    )


def dockerfile(p: Planter) -> None:
    p.add("FROM python:3.12-slim", "WORKDIR /app", "COPY requirements.txt .")
    p.some(
        [
            ("ENV PIP_INDEX_URL=https://pypi.python.org/simple/", "MA102", "pypi.python.org"),
            ("RUN pip install --use-mirrors -r requirements.txt", "MA301", "--use-mirrors"),
            (
                "RUN pip install --trusted-host files.pythonhosted.org app",
                "MA203",
                "files.pythonhosted.org",
            ),
            ("ENV PIP_PROCESS_DEPENDENCY_LINKS=1", "MA303", "PIP_PROCESS_DEPENDENCY_LINKS"),
        ]
    )
    p.add('CMD ["python", "-m", "app"]')


def pyproject(p: Planter) -> None:
    p.add("[project]", 'name = "app"', 'version = "1.0"', "", "[project.urls]")
    p.plant('Homepage = "https://pypi.python.org/pypi/app"', "MA102", "pypi.python.org")
    p.add("", "[[tool.poetry.source]]", 'name = "legacy"')
    p.plant('url = "https://pypi.python.org/simple/"', "MA102", "pypi.python.org")
    p.add("", "[[tool.uv.index]]", 'name = "internal"')
    p.plant('url = "http://wheels.example.com/simple/"', "MA202", "http:", FORMAT)


def tool_toml(p: Planter) -> None:
    p.plant('index-url = "https://pypi.python.org/simple"', "MA102", "pypi.python.org")
    p.plant(
        'extra-index-url = ["https://testpypi.python.org/simple"]', "MA103", "testpypi.python.org"
    )
    p.plant('allow-insecure-host = ["pypi.org"]', "MA203", "pypi.org", FORMAT)


def pipfile(p: Planter) -> None:
    p.add("[[source]]")
    p.plant('url = "https://pypi.python.org/simple"', "MA102", "pypi.python.org")
    p.add("verify_ssl = true", 'name = "pypi"', "", "[packages]", 'requests = "*"')


def pipfile_lock(p: Planter) -> None:
    p.add("{", '    "_meta": {', '        "sources": [', "            {")
    p.plant('                "url": "https://pypi.python.org/simple",', "MA401", "pypi.python.org")
    p.add(
        '                "verify_ssl": true,',
        '                "name": "pypi"',
        "            }",
        "        ]",
        "    },",
        '    "default": {}',
        "}",
    )


def uv_lock(p: Planter) -> None:
    p.add("version = 1", "", "[[package]]", 'name = "six"', 'version = "1.16.0"')
    p.plant('source = { registry = "https://pypi.python.org/simple" }', "MA401", "pypi.python.org")


def conda_env(p: Planter) -> None:
    p.add("name: app", "dependencies:", "  - python=3.12", "  - pip", "  - pip:")
    p.plant("    - --extra-index-url https://pypi.python.org/simple", "MA102", "pypi.python.org")
    p.add("    - requests")


def shell(p: Planter) -> None:
    p.add("#!/bin/sh", "set -eu")
    p.some(
        [
            ("pip install -M -r requirements.txt", "MA301", "-M"),
            ("export PIP_USE_MIRRORS=true", "MA301", "PIP_USE_MIRRORS"),
            ("export PIP_ALLOW_EXTERNAL=legacylib", "MA302", "PIP_ALLOW_EXTERNAL"),
            (
                "twine upload --repository-url https://testpypi.python.org/pypi dist/*",
                "MA103",
                "testpypi.python.org",
            ),
            ("curl -fsSL https://pypi.python.org/pypi/requests/json", "MA102", "pypi.python.org"),
            ("pip install --index-url http://wheels.example.com/simple/ app", "MA202", "http:"),
            (
                "curl -O http://files.pythonhosted.org/packages/aa/bb/six-1.16.0.tar.gz",
                "MA201",
                "files.pythonhosted.org",
            ),
            ("wget https://warehouse.python.org/simple/six/", "MA104", "warehouse.python.org"),
        ]
    )
    p.add('echo "done"')


def ci_yaml(p: Planter) -> None:
    p.add("test:", "  image: python:3.12", "  script:")
    p.plant("    - pip install -i https://pypi.python.org/simple/ tox", "MA102", "pypi.python.org")
    p.add("    - tox -e py312")


def systemd_unit(p: Planter) -> None:
    p.add("[Unit]", "Description=app", "", "[Service]")
    p.plant(
        "Environment=PIP_INDEX_URL=http://last.pypi.python.org/simple", "MA101", "pypi.python.org"
    )
    p.add("ExecStart=/opt/app/bin/app")


def env_file(p: Planter) -> None:
    p.add('PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"', "LANG=C.UTF-8")
    p.some(
        [
            ("PIP_INDEX_URL=https://pypi.python.org/simple/", "MA102", "pypi.python.org"),
            ("PIP_TRUSTED_HOST=pypi.org", "MA203", "pypi.org"),
            ("PIP_USE_MIRRORS=true", "MA301", "PIP_USE_MIRRORS"),
        ]
    )


def crontab(p: Planter) -> None:
    p.add("SHELL=/bin/sh", "MAILTO=root")
    p.plant("PIP_INDEX_URL=https://f.pypi.python.org/simple/", "MA101", "pypi.python.org")
    p.plant("17 3 * * * root pip install --use-mirrors -U app", "MA301", "--use-mirrors")


def json_settings(p: Planter) -> None:
    p.add("{")
    p.plant('  "pip.index": "https:\\/\\/pypi.python.org\\/simple",', "MA102", "pypi.python.org")
    p.add('  "editor.rulers": [100]', "}")


def docs(p: Planter) -> None:
    p.add("Installing", "==========", "")
    p.some(
        [
            ("The package page is https://pypi.python.org/pypi/app.", "MA102", "pypi.python.org"),
            ("Old releases used ``pip install --use-mirrors app``.", "MA301", "--use-mirrors"),
            (
                "Test builds live on https://testpypi.python.org/pypi/app.",
                "MA103",
                "testpypi.python.org",
            ),
            ("Downloads came from https://pypi.io/project/app/.", "MA104", "pypi.io"),
        ]
    )
    p.add("", "See the changelog for details.")


def log(p: Planter) -> None:
    p.add("2014-02-01 10:00:00 Collecting requests")
    p.plant(
        "2014-02-01 10:00:01   Looking in indexes: https://pypi.python.org/simple/",
        "MA102",
        "pypi.python.org",
    )


Builder = Callable[[Planter], None]
