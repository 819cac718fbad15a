"""The mount table: which directories start another filesystem, and what kind of filesystem.

Read from /proc/self/mountinfo (the path is a parameter, so tests give their own table). The
walker asks it about each directory by path, so staying on one filesystem costs no stat call.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

DEFAULT_TABLE = "/proc/self/mountinfo"

# Kernel views, not files: reading them is at best useless (/proc/kcore, /sys) and at worst blocks.
PSEUDO = frozenset(
    """proc sysfs devtmpfs devpts devfs cgroup cgroup2 debugfs tracefs securityfs pstore bpf
    configfs fusectl hugetlbfs mqueue autofs binfmt_misc efivarfs selinuxfs rpc_pipefs nsfs
    kernfs procfs fdescfs linprocfs linsysfs""".split()
)
# Other machines: a dead server makes every read hang, and a fleet scan would scan them N times.
NETWORK = frozenset(
    """nfs nfs4 cifs smb3 smbfs sshfs 9p afs ncpfs coda davfs glusterfs ceph lustre gpfs
    fuse""".split()
)

_ESCAPE = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Mount:
    """One line of the mount table."""

    point: str  # where it is mounted, as the kernel reports it
    fstype: str
    source: str
    device: str  # "major:minor"

    @property
    def nature(self) -> str:
        """pseudo, network or local."""
        if self.fstype in PSEUDO:
            return "pseudo"
        family = self.fstype.split(".", 1)[0]  # fuse.sshfs, fuse.s3fs: every fuse mount
        if self.fstype in NETWORK or family in NETWORK:
            return "network"
        return "local"

    def describe(self) -> str:
        shown = self.source not in ("", "none", self.fstype)
        return f"{self.fstype} filesystem" + (f" ({self.source})" if shown else "")


@dataclass(frozen=True)
class MountTable:
    """Mounts by mount point; the last mount on a point hides the earlier ones, as in the kernel."""

    points: dict[str, Mount] = field(default_factory=dict)
    available: bool = True  # False: no table could be read, the walker compares devices instead

    def at(self, path: str) -> Mount | None:
        """The mount whose mount point is exactly ``path`` (an absolute, normalised path)."""
        return self.points.get(path)

    def containing(self, path: str) -> Mount | None:
        """The mount that holds ``path``: the longest mount point that is a prefix of it."""
        probe = path
        while True:
            found = self.points.get(probe)
            if found is not None or probe in ("/", ""):
                return found
            probe = os.path.dirname(probe)


def parse(text: str) -> MountTable:
    """A table from mountinfo text (proc(5)); lines that do not parse are ignored."""
    points: dict[str, Mount] = {}
    for line in text.splitlines():
        mount = _line(line)
        if mount is not None:
            points[mount.point] = mount
    return MountTable(points)


def load(path: str = DEFAULT_TABLE) -> MountTable:
    """The table at ``path``; an empty, unavailable one when there is none (not Linux, no /proc)."""
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as handle:
            return parse(handle.read())
    except OSError:
        return MountTable({}, available=False)


def _line(line: str) -> Mount | None:
    fields = line.split()
    try:
        dash = fields.index("-", 6)
        device, point = fields[2], _unescape(fields[4])
        fstype = fields[dash + 1]
        source = _unescape(fields[dash + 2]) if len(fields) > dash + 2 else ""
    except (ValueError, IndexError):
        return None
    return Mount(os.path.normpath(point), fstype, source, device)


def _unescape(value: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes (\\040)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 8)), value)
