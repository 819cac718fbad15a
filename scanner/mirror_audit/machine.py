"""The machine options of ``scan`` (--host, --root, --cross-filesystems), as one HostFlags value."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import click

from . import system
from .config import Config
from .errors import UsageError

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class HostFlags:
    """The --host, --root and --cross-filesystems options, as the commands share them."""

    host: bool = False
    root: str = ""
    cross_filesystems: bool = False

    def paths(self, paths: tuple[str, ...]) -> tuple[str, ...]:
        """The paths to walk (default "." or, with --root, "/"; none with --host); each exists."""
        if not paths:
            return () if self.host else ("/",) if self.root else (".",)
        for path in paths:
            where = system.host_path(self.root, path) if self.root else path
            if not os.path.lexists(where):
                inside = f" (under --root {self.root})" if self.root else ""
                raise UsageError(f"path does not exist: {path}{inside}")
        return paths

    def configure(self, config: Config) -> Config:
        root = os.path.abspath(self.root) if self.root else ""
        return replace(config, host=self.host, root=root, cross_filesystems=self.cross_filesystems)


def host_flags(function: F) -> F:
    """Add --host, --root and --cross-filesystems to a command as one HostFlags ``machine``."""

    @functools.wraps(function)
    def wrapper(
        *args: Any, host: bool, root: str | None, cross_filesystems: bool, **kwargs: Any
    ) -> Any:
        return function(*args, machine=HostFlags(host, root or "", cross_filesystems), **kwargs)

    options = (
        click.option(
            "--host",
            is_flag=True,
            help="Also scan every place this machine keeps packaging configuration: pip, uv, "
            "poetry, pdm, buildout and distutils files (global, per home, per virtualenv), "
            "profile scripts, systemd units, crontabs, and this process's PIP_*/UV_* variables.",
        ),
        click.option(
            "--root",
            type=click.Path(exists=True, file_okay=False),
            help="Treat DIR as / (an image, a chroot, a mounted disk), for --host and PATHS; "
            "reports show paths as they are on that system.",
        ),
        click.option(
            "--cross-filesystems",
            is_flag=True,
            help="Enter other local filesystems below a PATH (pseudo and network filesystems "
            "are only scanned when named).",
        ),
    )
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]
