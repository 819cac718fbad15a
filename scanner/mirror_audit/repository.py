"""What a scan in a repository or CI job adds to the command line: configuration files,
--extend-select, baselines, --statistics and the rules a SARIF log describes."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from .config import Config
from .model import Report

if TYPE_CHECKING:
    from .rules import RuleSet

F = TypeVar("F", bound=Callable[..., Any])

#: scan options whose value a configuration file can also set (click name = Config field).
CONFIGURABLE = (
    "select",
    "ignore",
    "exclude",
    "respect_gitignore",
    "include_vendored",
    "follow_symlinks",
    "max_file_size",
    "rule_files",
    "maps",
    "fail_on",
)


@dataclass(frozen=True)
class RepositoryFlags:
    """--config, --isolated, --extend-select, --baseline, --write-baseline, --statistics."""

    config_file: str | None = None
    isolated: bool = False
    extend_select: tuple[str, ...] = ()
    baseline: str | None = None
    write_baseline: str | None = None
    statistics: bool = False
    given: frozenset[str] = frozenset()  # Config fields set on the command line

    def configure(self, paths: tuple[str, ...], cli: Config) -> Config:
        """The command line's Config over the configuration file's (found, or --config)."""
        from .settings import configure

        cli = replace(cli, extend_select=self.extend_select)
        given = self.given | ({"extend_select"} if self.extend_select else set())
        config = configure(paths, cli, frozenset(given), self.config_file, self.isolated)
        return self._without_baselines(config)

    def _without_baselines(self, config: Config) -> Config:
        # A baseline names every legacy URL it holds: it is never scanned, and --fix never
        # "fixes" it, when the run reads or writes it (even when pre-commit names the file).
        files = sorted({os.path.abspath(str(p)) for p in (self.baseline, self.write_baseline) if p})
        # Patterns are relative to the configuration's directory; without one, to the baseline's.
        anchor = config.anchor or (os.path.dirname(files[0]) if files else "")
        own = []
        for path in files:
            relative = os.path.relpath(path, anchor)
            if not relative.startswith(os.pardir):
                own.append("/" + re.sub(r"([\\*?\[\]!# ])", r"\\\1", relative.replace(os.sep, "/")))
        if not own:
            return config
        return replace(config, anchored_exclude=(*config.anchored_exclude, *own), anchor=anchor)

    def apply(self, report: Report) -> bool:
        """Write the baseline (True: the run is done) or hide the findings it holds."""
        if not (self.write_baseline or self.baseline):
            return False
        from . import baseline

        if self.write_baseline:
            count = baseline.write(report, self.write_baseline)
            click.echo(f"mirror-audit: wrote {count} entries to {self.write_baseline}", err=True)
            return True
        if self.baseline:
            applied = baseline.apply(report, self.baseline)
            if applied.stale:
                click.echo(
                    f"mirror-audit: {self.baseline}: {len(applied.stale)} stale entries "
                    "(fixed or gone; --write-baseline to drop them):",
                    err=True,
                )
                for rule, path, match, occurrence in applied.stale:
                    click.echo(f"  {path}: {rule} {match} (occurrence {occurrence + 1})", err=True)
        return False

    def format(self, fmt: str) -> str:
        if self.statistics:
            return "statistics-json" if fmt in ("json", "jsonl") else "statistics"
        return fmt

    def rules_for(self, fmt: str, config: Config) -> RuleSet | None:
        """The rules a SARIF log describes (help text and URI of each); None for other formats."""
        if fmt != "sarif":
            return None
        from .api import load_rules_for

        return load_rules_for(config)


def repository_flags(function: F) -> F:
    """Add the repository options to a command as one RepositoryFlags keyword argument ``repo``."""

    @functools.wraps(function)
    def wrapper(
        *args: Any,
        config_file: str | None,
        isolated: bool,
        extend_select: tuple[str, ...],
        baseline: str | None,
        write_baseline: str | None,
        statistics: bool,
        **kwargs: Any,
    ) -> Any:
        if config_file and isolated:
            raise click.UsageError("--config and --isolated exclude each other")
        context = click.get_current_context()
        given = frozenset(
            n
            for n in CONFIGURABLE
            if context.get_parameter_source(n) is ParameterSource.COMMANDLINE
        )
        names = tuple(v.strip() for value in extend_select for v in value.split(",") if v.strip())
        flags = RepositoryFlags(
            config_file, isolated, names, baseline, write_baseline, statistics, given
        )
        return function(*args, repo=flags, **kwargs)

    options = (
        click.option(
            "--config",
            "config_file",
            type=click.Path(exists=True, dir_okay=False),
            help="Read settings from FILE (pyproject.toml or .mirror-audit.toml) instead of the "
            "one found above the scanned paths.",
        ),
        click.option("--isolated", is_flag=True, help="Read no configuration file."),
        click.option(
            "--extend-select", multiple=True, help="Rules to run in addition to the selected ones."
        ),
        click.option(
            "--baseline",
            type=click.Path(dir_okay=False),
            help="Report only findings that are not in this baseline file; list its stale entries.",
        ),
        click.option(
            "--write-baseline",
            type=click.Path(dir_okay=False),
            help="Record the current findings in FILE (sorted, no timestamps) and exit 0.",
        ),
        click.option(
            "--statistics",
            is_flag=True,
            help="Print the number of findings per rule instead of the findings.",
        ),
    )
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]
