"""Build an offline wheelhouse for tests: mirror-audit's wheel plus its installed dependencies.

The tests may not reach an index, so each dependency is packed back into a wheel from the files
its installed distribution lists in RECORD (the files its own wheel installed), with a fresh
RECORD. pip installs them with ``--no-index --find-links``, as a host without an index would.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata as metadata
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

_SKIP = ("INSTALLER", "REQUESTED", "RECORD", "direct_url.json")


def build(root: Path, out: Path) -> Path:
    """mirror-audit's wheel, built from the checkout without isolation (offline)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(root),
        ],
        check=True,
    )
    (wheel,) = out.glob("mirror_audit-*.whl")
    return wheel


def wheelhouse(root: Path, out: Path) -> Path:
    """A directory with mirror-audit's wheel and a wheel for every runtime dependency."""
    out.mkdir(parents=True, exist_ok=True)
    build(root, out)
    for name in dependencies("mirror-audit"):
        repack(metadata.distribution(name), out)
    return out


def dependencies(name: str) -> list[str]:
    """The runtime dependencies of an installed distribution, recursively (no extras)."""
    seen: list[str] = []
    pending = [name]
    while pending:
        for text in metadata.requires(pending.pop()) or ():
            requirement = Requirement(text)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            if requirement.name.lower() not in seen:
                seen.append(requirement.name.lower())
                pending.append(requirement.name)
    return seen


def repack(dist: metadata.Distribution, out: Path) -> Path:
    """Pack an installed distribution back into the wheel it came from."""
    tags = [
        line.split(":", 1)[1].strip()
        for line in (dist.read_text("WHEEL") or "").splitlines()
        if line.startswith("Tag:")
    ]
    parts = [".".join(sorted({tag.split("-")[i] for tag in tags})) for i in range(3)]
    name = re.sub(r"[-_.]+", "_", dist.metadata["Name"]).lower()
    target = out / f"{name}-{dist.version}-{'-'.join(parts)}.whl"
    records = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        info_dir = ""
        for file in dist.files or ():
            posix = file.as_posix()
            if posix.startswith("..") or "__pycache__" in posix or posix.endswith(_SKIP):
                continue
            data = Path(str(dist.locate_file(file))).read_bytes()
            archive.writestr(posix, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            records.append(f"{posix},sha256={digest},{len(data)}")
            if ".dist-info/" in posix:
                info_dir = posix.split("/", 1)[0]
        records.append(f"{info_dir}/RECORD,,")
        archive.writestr(f"{info_dir}/RECORD", "\n".join(records) + "\n")
    return target
