"""The settings of one run: frozen, built by the CLI (or a script) and passed down the pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import Severity
from .read import DEFAULT_MAX_SIZE


@dataclass(frozen=True)
class Config:
    """What a run is asked to do: rule selection, what to walk and skip, and how to report."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    respect_gitignore: bool = False
    include_vendored: bool = False
    follow_symlinks: bool = False
    max_file_size: int = DEFAULT_MAX_SIZE
    rule_files: tuple[str, ...] = ()
    maps: Mapping[str, str] = field(default_factory=dict)
    fail_on: Severity = Severity.WARNING
    host_name: str = ""  # the report's host.name (Ansible's inventory_hostname); default: hostname
    # Repository settings (settings.py reads them from [tool.mirror-audit] or .mirror-audit.toml):
    extend_select: tuple[str, ...] = ()  # rules added to select (or to all rules)
    severity: Mapping[str, Severity] = field(default_factory=dict)  # rule id/prefix/name -> level
    anchored_exclude: tuple[str, ...] = ()  # patterns relative to ``anchor``, named files too
    anchor: str = ""  # the directory of the configuration file
    config_file: str = ""  # the configuration file these settings came from, if any
    kinds: frozenset[str] | None = None  # scan --kinds: read only files of these kinds (None: all)
    # scan --jobs: processes for a plain scan; 0 chooses (one per CPU, one for small inputs)
    jobs: int = 0
    # Auditing a machine (hosts.py): --host, --root, --cross-filesystems
    host: bool = False  # also scan every known configuration location of the system
    root: str = ""  # a directory taken as "/" (an image, a chroot); paths are paths on that system
    cross_filesystems: bool = False  # enter other local filesystems (never pseudo or network ones)
    # where mount points are read from (tests give theirs)
    mount_table: str = "/proc/self/mountinfo"
