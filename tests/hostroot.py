"""A fake machine under tmp_path: every location `scan --host` and `pip-config` know, filled in."""

from __future__ import annotations

import os
from pathlib import Path

S = "https://pypi.python.org/simple"

PASSWD = """\
root:x:0:0:root:/root:/bin/bash
alice:x:1000:1000:Alice:/home/alice:/bin/bash
bob:x:1001:1001:Bob:/home/bob:/usr/bin/zsh
app:x:998:998:the app:/srv/app:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
"""

UNIT = f"""\
[Unit]
Description=app
[Service]
User=app
Environment="PIP_INDEX_URL={S}"
EnvironmentFile=/srv/app/app.env
ExecStart=/srv/app/venv/bin/python -m app
"""

FILES: dict[str, str] = {
    "etc/passwd": PASSWD,
    # pip, global and site
    "etc/pip.conf": f"[global]\nindex-url = {S}\n",
    "etc/xdg/pip/pip.conf": "[global]\nextra-index-url = https://b.pypi.python.org/simple\n",
    "etc/uv/uv.toml": f'index-url = "{S}"\n',
    # the environment of sessions, services and jobs
    "etc/environment": f'LANG=C.UTF-8\nPIP_EXTRA_INDEX_URL="{S}"\n',
    "etc/profile": f"PIP_INDEX_URL={S}\nexport PIP_INDEX_URL\n",  # profile.d/pip.sh overrides it
    "etc/profile.d/pip.sh": "export PIP_INDEX_URL=https://a.pypi.python.org/simple\n",
    "etc/default/app": "PIP_FIND_LINKS=https://pypi.python.org/simple/six/\n",
    "etc/crontab": (
        "SHELL=/bin/sh\nPIP_INDEX_URL=https://last.pypi.python.org/simple\n"
        "17 * * * * root cd / && run-parts /etc/cron.hourly\n"
    ),
    "etc/cron.d/sync": f"*/5 * * * * app pip install -i {S} -r /srv/app/requirements.txt\n",
    "var/spool/cron/crontabs/alice": f"PIP_INDEX_URL={S}\n@daily pip install -U x\n",
    "etc/systemd/system/app.service": UNIT,
    "etc/systemd/system/app.service.d/override.conf": (
        "[Service]\nEnvironment=PIP_EXTRA_INDEX_URL=https://testpypi.python.org/simple\n"
    ),
    "usr/lib/systemd/system/ok.service": "[Service]\nExecStart=/bin/true\n",
    "srv/app/app.env": "PIP_TRUSTED_HOST=pypi.python.org\n",  # the unit's EnvironmentFile
    # homes
    "root/.pypirc": "[distutils]\nindex-servers = pypi\n[pypi]\nrepository = https://pypi.python.org/pypi\n",
    "root/.bashrc": f"# ~/.bashrc\nexport PIP_INDEX_URL={S}\n",
    "home/alice/.config/pip/pip.conf": "[global]\nindex-url = https://testpypi.python.org/simple\n",
    "home/alice/.pip/pip.conf": "[install]\nfind-links = https://pypi.python.org/simple/six/\n",
    "home/alice/.pydistutils.cfg": f"[easy_install]\nindex_url = {S}\n",
    "home/alice/.buildout/default.cfg": f"[buildout]\nindex = {S}\n",
    "home/alice/.config/uv/uv.toml": f'[[index]]\nurl = "{S}"\n',
    "home/alice/.config/pypoetry/config.toml": (
        '[repositories.legacy]\nurl = "https://testpypi.python.org/pypi"\n'
    ),
    "home/alice/.config/pdm/config.toml": f'[pypi]\nurl = "{S}"\n',
    "home/alice/.bashrc": "unset PIP_INDEX_URL\n# export PIP_INDEX_URL=https://d.pypi.python.org/simple\n",
    "home/alice/proj/.venv/pyvenv.cfg": "home = /usr/bin\n",
    "home/alice/proj/.venv/pip.conf": "[global]\nindex-url = https://c.pypi.python.org/simple\n",
    "home/bob/.zshrc": f"export PIP_INDEX_URL={S}\n",
    "home/carol/.pip/pip.conf": "[global]\ntrusted-host = pypi.python.org\n",  # not in passwd
    # virtualenvs and conda outside homes, with vendored code inside
    "srv/app/venv/pyvenv.cfg": "home = /usr/bin\n",
    "srv/app/venv/pip.conf": "[global]\nextra-index-url = https://pypi.io/simple\n",
    "srv/app/venv/lib/python3.11/site-packages/pip/_vendor/distlib/index.py": (
        "DEFAULT_INDEX = 'https://pypi.python.org/pypi'\n"
    ),
    "opt/conda/conda-meta/history": "",
    "opt/conda/pip.conf": "[global]\nindex-url = https://e.pypi.python.org/simple\n",
    "opt/conda/envs/ml/conda-meta/history": "",
    "opt/conda/envs/ml/pip.conf": "[global]\nextra-index-url = https://pypi.python.org/simple\n",
    # a project tree: only scanned when named
    "srv/app/requirements.txt": f"-i {S}\n",
    "srv/deep/" + "d/" * 100 + "requirements.txt": f"--extra-index-url {S}\n",
    "srv/app/locked/pip.conf": f"[global]\nindex-url = {S}\n",
    # mounted filesystems (the fake mount table says what they are)
    "proc/1/environ": f"PIP_INDEX_URL={S}\n",
    "mnt/nfs/pip.conf": f"[global]\nindex-url = {S}\n",
}

# system path, line, column, rule, context: what `scan --host --root ROOT` reports, in report order
HOST_FINDINGS = [
    ("/etc/xdg/pip/pip.conf", 2, 19, "MA101", "setting"),
    ("/etc/pip.conf", 2, 13, "MA102", "setting"),
    ("/etc/uv/uv.toml", 1, 14, "MA102", "setting"),
    ("/etc/environment", 2, 22, "MA102", "setting"),
    ("/etc/profile", 1, 15, "MA102", "setting"),
    ("/etc/profile.d/pip.sh", 1, 22, "MA101", "setting"),
    ("/etc/default/app", 1, 16, "MA102", "setting"),
    ("/etc/crontab", 2, 15, "MA101", "setting"),
    ("/etc/cron.d/sync", 1, 32, "MA102", "command"),
    ("/var/spool/cron/crontabs/alice", 1, 15, "MA102", "setting"),
    ("/etc/systemd/system/app.service", 5, 28, "MA102", "setting"),
    ("/etc/systemd/system/app.service.d/override.conf", 2, 33, "MA103", "setting"),
    ("/root/.pypirc", 4, 14, "MA102", "setting"),
    ("/root/.bashrc", 2, 22, "MA102", "setting"),
    ("/home/alice/.pip/pip.conf", 2, 14, "MA102", "setting"),
    ("/home/alice/.config/pip/pip.conf", 2, 13, "MA103", "setting"),
    ("/home/alice/.pydistutils.cfg", 2, 13, "MA102", "setting"),
    ("/home/alice/.buildout/default.cfg", 2, 9, "MA102", "setting"),
    ("/home/alice/.config/uv/uv.toml", 2, 8, "MA102", "setting"),
    ("/home/alice/.config/pypoetry/config.toml", 2, 8, "MA103", "setting"),
    ("/home/alice/.config/pdm/config.toml", 2, 8, "MA102", "setting"),
    ("/home/alice/.bashrc", 2, 24, "MA101", "comment"),
    ("/home/bob/.zshrc", 1, 22, "MA102", "setting"),
    ("/home/carol/.pip/pip.conf", 2, 16, "MA102", "setting"),
    ("/home/alice/proj/.venv/pip.conf", 2, 13, "MA101", "setting"),
    ("/opt/conda/pip.conf", 2, 13, "MA101", "setting"),
    ("/opt/conda/envs/ml/pip.conf", 2, 19, "MA102", "setting"),
    ("/srv/app/venv/pip.conf", 2, 19, "MA104", "setting"),
    ("/srv/app/app.env", 1, 18, "MA102", "setting"),
]


def build(base: Path) -> tuple[Path, str]:
    """The fake root at base/root, and a mount table that says what its proc and mnt/nfs are."""
    root = Path(os.path.realpath(base)) / "root"
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    os.mkfifo(root / "home/bob/.pypirc")  # a FIFO at a known location: never opened
    os.mkfifo(root / "srv/app/requirements-dev.txt")
    (root / "srv/app/loop").symlink_to(".")
    (root / "lib").symlink_to("usr/lib")  # merged /usr: /lib/systemd/system is scanned once
    if os.geteuid() == 0:  # the owners pip-config names (a test without root skips them)
        os.chown(root / "home/alice/proj/.venv", 1000, 1000)
        os.chown(root / "srv/app/venv", 998, 998)
    (root / "srv/app/locked").chmod(0)
    table = base / "mountinfo"
    table.write_text(
        "1 0 254:0 / / rw - ext4 /dev/vda rw\n"
        f"2 1 0:21 / {root}/proc rw - proc proc rw\n"
        f"3 1 0:50 / {root}/mnt/nfs rw - nfs4 server:/export rw\n"
    )
    return root, str(table)
