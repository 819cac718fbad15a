"""Generate a host tree for the scan benchmark, with a truth file of every planted hit.

    python -m tests.bench.generate --files 300000 --out /tmp/bench   # tree in /tmp/bench/tree

The tree looks like a busy server: project checkouts under srv/ and home/*/src/, each with a
.git directory, a virtualenv (pyvenv.cfg, site-packages, a live pip.conf at its root),
node_modules, sources, docs, big binaries, symbolic links (to a file, dangling, and a loop),
and a planted file of every kind the scanner knows, in UTF-8, latin-1, UTF-16 with a BOM, LF
and CRLF; host configuration under etc/ and home/, and a large log under var/log. The same seed
gives the same tree. truth.json beside the tree lists every planted hit (path, line, rule,
target, kind) that a default scan must report; vendored_hits are those inside directories a
default scan skips.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from mirror_audit import kinds

from . import filler, plants

# (path inside a project, builder); the kind is the scanner's own (kinds.kind_of), so a
# file the table moves to a new kind is planted under that kind.
PROJECT_FILES: tuple[tuple[str, plants.Builder], ...] = (
    ("pip.conf", plants.pip_conf),
    ("requirements.txt", plants.requirements),
    ("requirements/dev.in", plants.requirements),
    ("buildout.cfg", plants.buildout),
    ("setup.cfg", plants.setup_cfg),
    ("tox.ini", plants.tox_ini),
    ("deploy.cfg", plants.cfg),
    ("setup.py", plants.python_setup),
    ("tools/release.py", plants.python),
    ("Dockerfile", plants.dockerfile),
    ("docker/worker.Dockerfile", plants.dockerfile),
    ("pyproject.toml", plants.pyproject),
    ("uv.toml", plants.tool_toml),
    ("Pipfile", plants.pipfile),
    ("Pipfile.lock", plants.pipfile_lock),
    ("uv.lock", plants.uv_lock),
    ("environment.yml", plants.conda_env),
    ("scripts/build.sh", plants.shell),
    (".gitlab-ci.yml", plants.ci_yaml),
    (".vscode/settings.json", plants.json_settings),
    ("README.rst", plants.docs),
    ("docs/install.md", plants.docs),
)
HOST_FILES: tuple[tuple[str, plants.Builder], ...] = (
    ("etc/pip.conf", plants.pip_conf),
    ("etc/xdg/pip/pip.conf", plants.pip_conf),
    ("etc/environment", plants.env_file),
    ("etc/default/app", plants.env_file),
    ("etc/systemd/system/app.service", plants.systemd_unit),
    ("etc/profile.d/pip.sh", plants.shell),
    ("etc/cron.d/app", plants.crontab),
    ("{home}/.bashrc", plants.shell),
    ("{home}/.pip/pip.conf", plants.pip_conf),
    ("{home}/.config/pip/pip.ini", plants.pip_conf),
    ("{home}/.pypirc", plants.pypirc),
    ("{home}/.pydistutils.cfg", plants.distutils_cfg),
    ("{home}/.buildout/default.cfg", plants.buildout),
    ("{home}/.config/uv/uv.toml", plants.tool_toml),
)
# The first project always holds each encoding trap, whatever the seed.
_FORCED = {
    "requirements.txt": ("utf-16", "\r\n", ()),
    "README.rst": ("utf-16", "\n", ()),
    "pip.conf": ("latin-1", "\r\n", ("# maintained by J\xf6rg M\xfcller",)),
    "setup.py": ("latin-1", "\n", ("# -*- coding: latin-1 -*-", "# \xa9 J\xf6rg M\xfcller")),
    "scripts/build.sh": ("utf-8", "\r\n", ()),
}
_NO_COMMENTS = (".json", ".lock")  # formats without comments stay ASCII
VERSION = 1  # bump when the tree changes: run.py keeps generated trees by size, seed and version
UTF16_KINDS = ("requirements", "docs")  # pip reads a requirements file with a BOM


@dataclass
class Tree:
    root: Path
    rng: random.Random
    files: int = 0
    size: int = 0
    hits: list[dict[str, Any]] = field(default_factory=list)
    vendored_hits: list[dict[str, Any]] = field(default_factory=list)

    def write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files += 1
        self.size += len(data)

    def link(self, rel: str, target: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)

    def planted(
        self,
        rel: str,
        builder: plants.Builder,
        *,
        vendored: bool = False,
        force: tuple[str, str, tuple[str, ...]] | None = None,
    ) -> None:
        kind = kinds.kind_of(rel) or kinds.TEXT
        encoding, newline, prefix = force or self._encoding(rel, kind)
        planter = plants.Planter(self.rng, list(prefix))
        builder(planter)
        text = newline.join(planter.lines) + newline
        data = (
            (b"\xff\xfe" + text.encode("utf-16-le"))
            if encoding == "utf-16"
            else text.encode(encoding)
        )
        self.write(rel, data)
        hits = self.vendored_hits if vendored else self.hits
        for hit in planter.hits:
            hits.append(
                {
                    "path": rel,
                    "kind": kind,
                    "encoding": encoding,
                    "newline": repr(newline)[1:-1],
                    **asdict(hit),
                }
            )

    def _encoding(self, rel: str, kind: str) -> tuple[str, str, tuple[str, ...]]:
        roll = self.rng.random()
        newline = "\r\n" if self.rng.random() < 0.2 else "\n"
        comment = "" if kind == "docs" else "#"
        if kind in UTF16_KINDS and roll < 0.1:
            return "utf-16", newline, ()
        if not rel.endswith(_NO_COMMENTS) and roll > 0.88:
            coding = ("# -*- coding: latin-1 -*-",) if kind.startswith("python") else ()
            return (
                "latin-1",
                newline,
                (*coding, f"{comment} maintained by J\xf6rg M\xfcller, \xa9 2014".strip()),
            )
        return "utf-8", newline, ()


def generate(out: Path, files: int, seed: int = 7) -> dict[str, Any]:
    """Write out/tree and out/truth.json; return the truth."""
    root = out / "tree"
    if root.exists():
        shutil.rmtree(root)
    tree = Tree(root, random.Random(seed))
    projects = max(2, min(100, round(files / 3000)))
    homes = [f"home/user{u}" for u in range(max(1, projects // 10))]
    for home in homes:
        for rel, builder in HOST_FILES:
            if "{home}" in rel or home == homes[0]:
                tree.planted(rel.format(home=home), builder)
    _big_log(tree, "var/log/pip.log", max(64 * 1024, files * 20))
    budget = max(0, files - tree.files - projects * (len(PROJECT_FILES) + 12)) // projects
    big = min(4 << 20, max(64 << 10, files * 40))  # the largest binary: 4 MiB from 100k files
    for index in range(projects):
        base = f"{homes[index % len(homes)]}/src" if index % 5 == 4 else "srv/projects"
        _project(tree, f"{base}/proj{index:03d}", budget, big, first=index == 0)
    truth = {
        "seed": seed,
        "files": tree.files,
        "bytes": tree.size,
        "projects": projects,
        "hits": tree.hits,
        "vendored_hits": tree.vendored_hits,
    }
    (out / "truth.json").write_text(json.dumps(truth, indent=1) + "\n", encoding="utf-8")
    return truth


def _project(tree: Tree, base: str, budget: int, big: int, first: bool = False) -> None:
    for rel, builder in PROJECT_FILES:
        tree.planted(f"{base}/{rel}", builder, force=_FORCED.get(rel) if first else None)
    if tree.rng.random() < 0.3:
        tree.planted(f"{base}/dev-requirements.txt", plants.requirements)
    rng = tree.rng
    _git(tree, f"{base}/.git", budget * 15 // 100)
    _venv(tree, f"{base}/.venv", budget * 35 // 100)
    _node(tree, f"{base}/node_modules", budget * 30 // 100)
    _sources(tree, base, budget * 20 // 100)
    tree.write(f"{base}/data/snapshot", filler.binary(rng, rng.randint(big // 16, big)))
    tree.write(f"{base}/dist/app-1.0.tar.gz", filler.binary(rng, rng.randint(big // 16, big)))
    tree.link(f"{base}/README.txt", "README.rst")
    tree.link(f"{base}/current", ".")  # a loop for anything that follows links
    tree.link(f"{base}/old-config", "does/not/exist")


def _git(tree: Tree, base: str, count: int) -> None:
    rng = tree.rng
    tree.write(f"{base}/HEAD", b"ref: refs/heads/main\n")
    tree.write(f"{base}/config", b"[core]\n\trepositoryformatversion = 0\n\tbare = false\n")
    for index in range(min(count // 10, 12)):
        tree.write(f"{base}/hooks/hook{index}.sample", filler.text(rng, "doc", 1500))
    for _ in range(max(0, count - 2 - min(count // 10, 12))):
        name = f"{rng.getrandbits(160):040x}"
        tree.write(
            f"{base}/objects/{name[:2]}/{name[2:]}", filler.binary(rng, filler.size(rng, 900))
        )


def _venv(tree: Tree, base: str, count: int) -> None:
    rng = tree.rng
    tree.write(
        f"{base}/pyvenv.cfg",
        b"home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.12.3\n",
    )
    if rng.random() < 0.5:
        tree.planted(f"{base}/pip.conf", plants.pip_conf)  # live site configuration
    tree.link(f"{base}/bin/python", "/usr/bin/python3")
    tree.write(f"{base}/bin/activate", filler.text(rng, "doc", 2000))
    site = f"{base}/lib/python3.12/site-packages"
    tree.planted(f"{site}/pip/_vendor/distlib/index.py", plants.python, vendored=True)
    _packages(tree, site, count - 4, "py", ".py")


def _node(tree: Tree, base: str, count: int) -> None:
    _packages(tree, base, count, "js", ".js")


def _packages(tree: Tree, base: str, count: int, pool: str, suffix: str) -> None:
    rng = tree.rng
    written = 0
    while written < count:
        package = f"{base}/pkg{rng.randrange(10**6):06d}"
        for index in range(min(rng.randint(3, 40), count - written)):
            folder = package if index < 8 else f"{package}/sub{index // 8}"
            if index == 1:
                tree.write(f"{folder}/README.md", filler.text(rng, "doc", filler.size(rng)))
            elif index == 2 and rng.random() < 0.3:
                tree.write(
                    f"{folder}/_native{index}.so", filler.binary(rng, filler.size(rng, 20000))
                )
            else:
                tree.write(f"{folder}/mod{index}{suffix}", filler.text(rng, pool, filler.size(rng)))
            written += 1


def _sources(tree: Tree, base: str, count: int) -> None:
    rng = tree.rng
    kinds = (
        ("py", ".py", "src/app"),
        ("py", ".py", "tests"),
        ("doc", ".md", "docs"),
        ("doc", ".rst", "docs/guide"),
        ("data", ".csv", "data"),
        ("data", ".json", "fixtures"),
    )
    for index in range(count):
        pool, suffix, folder = kinds[index % len(kinds)]
        sub = f"{folder}/part{index // 60}" if index >= 60 else folder
        tree.write(f"{base}/{sub}/file{index}{suffix}", filler.text(rng, pool, filler.size(rng)))


def _big_log(tree: Tree, rel: str, size: int) -> None:
    """A long clean log with one planted hit near its end: a scan must read it to the end."""
    line = b"2024-05-01 12:00:00 INFO worker processed job in 12 ms, queue depth 3\n"
    body = line * (size // len(line))
    planter = plants.Planter(tree.rng)
    plants.log(planter)
    tail = "\n".join(planter.lines) + "\n"
    tree.write(rel, body + tail.encode())
    offset = body.count(b"\n")
    for hit in planter.hits:
        tree.hits.append(
            {
                "path": rel,
                "kind": "docs",
                "encoding": "utf-8",
                "newline": "\\n",
                **asdict(hit),
                "line": hit.line + offset,
            }
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--files", type=int, default=20000, help="about this many files (20k to 300k)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--out", type=Path, required=True, help="writes OUT/tree and OUT/truth.json"
    )
    args = parser.parse_args(argv)
    truth = generate(args.out, args.files, args.seed)
    size, hits = truth["bytes"] / 1e6, len(truth["hits"])
    print(f"{truth['files']} files, {size:.0f} MB, {hits} planted hits in {args.out / 'tree'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
