"""The command line: options -> Config -> api -> exit code. It reads no file itself."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from . import __version__
from .errors import MirrorAuditError, UsageError
from .machine import HostFlags, host_flags
from .model import Report, Severity
from .progress import on_stderr
from .repository import RepositoryFlags, repository_flags

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def handle_errors(function: F) -> F:
    """The one place where a fatal error becomes a one-line message and exit code 2."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except MirrorAuditError as exc:
            click.echo(f"mirror-audit: error: {exc}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def _size(value: str) -> int:
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = value.strip().lower().removesuffix("ib").removesuffix("b")
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size (e.g. 10M, 512K, 1048576)") from None


def _kinds(values: tuple[str, ...]) -> frozenset[str] | None:
    from . import kinds

    names = _split(values)
    try:
        return kinds.select(names) if names else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--kinds") from None


def _maps(values: tuple[str, ...]) -> dict[str, str]:
    maps = {}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip().startswith(("http://", "https://")):
            raise click.BadParameter(f"{value!r}: expected OLD_HOST=https://your.mirror/simple/")
        maps[old.strip()] = new.strip()
    return maps


@dataclass(frozen=True)
class FixFlags:
    """--fix and its companions, as the scan command receives them."""

    fix: bool = False
    unsafe: bool = False
    diff: bool = False
    backup: str | None = None
    exit_on_fix: bool = False

    @property
    def active(self) -> bool:
        return self.fix or self.diff

    def run(self, paths: tuple[str, ...], config: Any, progress: Any = None) -> Report:
        from .api import fix

        return fix(paths, config, unsafe=self.unsafe, diff=self.diff,
                   backup=None if self.diff else self.backup, progress=progress)

    def diff_text(self, report: Report) -> str:
        changed = [c for c in report.changes if c.diff]
        fixes = sum(len(c.fixed) for c in changed)
        click.echo(f"{fixes} fixes in {len(changed)} files would be applied "
                   "(--diff: nothing written)", err=True)
        return "".join(c.diff for c in changed)

    def exit_code(self, report: Report) -> int:
        if self.diff:
            return EXIT_FINDINGS if any(c.diff for c in report.changes) else EXIT_CLEAN
        if self.exit_on_fix and report.files_changed:
            return EXIT_FINDINGS
        return report.exit_code


def fix_flags(function: F) -> F:
    """Add --fix, --unsafe-fixes, --diff, --backup and --exit-non-zero-on-fix as one FixFlags."""

    @functools.wraps(function)
    def wrapper(*args: Any, fix: bool, unsafe_fixes: bool, diff: bool, backup: str | None,
                exit_non_zero_on_fix: bool, **kwargs: Any) -> Any:
        flags = FixFlags(fix, unsafe_fixes, diff, backup, exit_non_zero_on_fix)
        needs_fix = [name for name, on in (("--backup", backup),
                                           ("--exit-non-zero-on-fix", exit_non_zero_on_fix),
                                           ("--unsafe-fixes", unsafe_fixes and not diff)) if on]
        if needs_fix and not fix:
            raise click.UsageError(f"{needs_fix[0]} only works with --fix")
        return function(*args, fixing=flags, **kwargs)

    options = (
        click.option("--fix", is_flag=True,
                     help="Rewrite every finding that has a safe fix, in place "
                          "(atomic, verified by a rescan)."),
        click.option("--unsafe-fixes", is_flag=True,
                     help="With --fix or --diff: apply unsafe fixes too."),
        click.option("--diff", is_flag=True,
                     help="Print a unified diff of what --fix would change and write nothing "
                          "(exit 1 when there is a diff)."),
        click.option("--backup", metavar="SUFFIX",
                     help="With --fix: keep each original beside it as FILE+SUFFIX "
                          "(e.g. .orig)."),
        click.option("--exit-non-zero-on-fix", is_flag=True,
                     help="With --fix: exit 1 when a file was changed, even if nothing is left."),
    )
    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="mirror-audit")
def main() -> None:
    """Find and fix references to retired PyPI mirrors and legacy PyPI hosts.

    Exit codes: 0 no failing findings, 1 failing findings, 2 could not run.
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", "sarif", "github"]),
              default="text", show_default=True,
              help="jsonl: one finding a line; sarif: SARIF 2.1.0; github: workflow annotations.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE.")
@click.option("--select", multiple=True,
              help="Rules to run (ids, id prefixes or names; comma-separated).")
@click.option("--ignore", multiple=True, help="Rules to leave out (comma-separated).")
@click.option("--exclude", multiple=True, help="Paths to leave out (gitignore syntax; repeatable).")
@click.option("--respect-gitignore", is_flag=True,
              help="Skip what .gitignore files ignore (off: an audit sees ignored live config).")
@click.option("--include-vendored", is_flag=True,
              help="Scan site-packages, node_modules, .tox, virtualenvs, .git too.")
@click.option("--follow-symlinks", is_flag=True, help="Follow symbolic links (loop-safe).")
@click.option("--max-file-size", default="10M", show_default=True,
              help="Skip larger files (reported).")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
              help="Extra rule file (TOML, same schema as the defaults).")
@click.option("--map", "maps", multiple=True,
              help="Send a legacy host to your own mirror: OLD_HOST=URL (repeatable).")
@click.option("--fail-on", type=click.Choice([s.value for s in Severity]), default="warning",
              show_default=True, help="Lowest severity that fails the run.")
@click.option("-q", "--quiet", is_flag=True, help="Print only failing findings.")
@click.option("--no-color", is_flag=True, help="No colour (also when NO_COLOR is set).")
@click.option("--host-name", default="", metavar="NAME",
              help="Name this host in the report (e.g. Ansible's inventory_hostname); "
                   "default: its hostname.")
@click.option("--kinds", multiple=True, metavar="KINDS",
              help="Read only files of these kinds, chosen by name (comma-separated kinds, "
                   "or 'config': every configuration format); other files are never opened.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, metavar="N",
              help="Processes for the scan, split by directory subtree (0: one per CPU, "
                   "one for small inputs; --host and --root use one).  [default: 0]")
@fix_flags
@repository_flags
@host_flags
@handle_errors
def scan(paths: tuple[str, ...], fmt: str, output: str | None, select: tuple[str, ...],
         ignore: tuple[str, ...], exclude: tuple[str, ...], respect_gitignore: bool,
         include_vendored: bool, follow_symlinks: bool, max_file_size: str,
         rule_files: tuple[str, ...], maps: tuple[str, ...], fail_on: str, quiet: bool,
         no_color: bool, host_name: str, kinds: tuple[str, ...], jobs: int, fixing: FixFlags,
         repo: RepositoryFlags, machine: HostFlags) -> None:
    """Scan PATHS (files or directories; default: the current directory)."""
    from .api import scan as run_scan
    from .config import Config
    from .report import Options, render_chunks

    paths = machine.paths(paths)
    config = Config(
        select=_split(select), ignore=_split(ignore), exclude=exclude,
        respect_gitignore=respect_gitignore, include_vendored=include_vendored,
        follow_symlinks=follow_symlinks, max_file_size=_size(max_file_size),
        rule_files=rule_files, maps=_maps(maps), fail_on=Severity(fail_on),
        host_name=host_name, kinds=_kinds(kinds), jobs=jobs,
    )
    # the configuration file, under the options given
    config = machine.configure(repo.configure(paths, config))
    with on_stderr() as progress:  # a progress line when stderr is a terminal
        report = (fixing.run(paths, config, progress) if fixing.active
                  else run_scan(paths, config, progress=progress))
    if fixing.diff:
        _emit(fixing.diff_text(report), output)
        sys.exit(fixing.exit_code(report))
    if repo.apply(report):  # --write-baseline: recorded, done
        sys.exit(EXIT_CLEAN)
    color = _color(no_color, output)
    pieces = render_chunks(report, repo.format(fmt),
                           Options(color=color, quiet=quiet, rules=repo.rules_for(fmt, config)))
    _emit(pieces, output)
    sys.exit(fixing.exit_code(report))


@main.command("rules")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False))
@handle_errors
def list_rules(rule_files: tuple[str, ...]) -> None:
    """List every rule: id, name, severity, fix safety, summary."""
    from .rules import load_rules

    rules = load_rules(rule_files)
    click.echo(f"{'ID':6} {'NAME':34} {'SEVERITY':8} {'FIX':6} SUMMARY")
    for rule in rules.rules:
        click.echo(f"{rule.id:6} {rule.name:34} {rule.severity.value:8} "
                   f"{rule.fix_safety.value:6} {rule.summary}")
    click.echo(f"\nrules version {rules.version}; `mirror-audit explain RULE` for the rationale")


@main.command()
@click.argument("rule")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False))
@handle_errors
def explain(rule: str, rule_files: tuple[str, ...]) -> None:
    """Print the rationale, dates and references of RULE (id or name)."""
    from .rules import load_rules

    rules = load_rules(rule_files)
    found = next((r for r in rules.rules if rule in (r.id, r.name) or r.id == rule.upper()), None)
    if found is None:
        raise UsageError(f"no rule {rule!r}; `mirror-audit rules` lists them")
    click.echo(f"{found.id} {found.name} ({found.severity.value}, fix: {found.fix_safety.value})")
    click.echo(f"\n{found.summary}\n\n{found.rationale}\n")
    for name, date in found.dates.items():
        click.echo(f"{name}: {date}")
    if found.references:
        click.echo("\nReferences:")
        click.echo("\n".join(f"  {r}" for r in found.references))
    click.echo(f"\nDefined in {found.source}")


@main.command("pip-config")
@click.option("--root", type=click.Path(exists=True, file_okay=False), default="/",
              show_default=True, help="Treat DIR as / (an image, a chroot, a mounted disk).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to FILE.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(dir_okay=False),
              help="Extra rule file.")
@click.option("--map", "maps", multiple=True,
              help="Send a legacy host to your own mirror: OLD_HOST=URL.")
@handle_errors
def pip_config(root: str, fmt: str, output: str | None, rule_files: tuple[str, ...],
               maps: tuple[str, ...]) -> None:
    """The index URLs pip would use, for every user, virtualenv, service and crontab.

    Follows pip's precedence (global, user, site, PIP_CONFIG_FILE, environment) and names the
    file and line of each value. Exit 1 when one is a legacy or insecure location.
    """
    from .api import load_rules_for
    from .config import Config
    from .pipviews import pip_config as gather
    from .report.pipconfig import failing, render

    rules = load_rules_for(Config(rule_files=rule_files, maps=_maps(maps)))
    report = gather(os.path.abspath(root), rules)
    _emit(render(report, fmt), output)
    sys.exit(EXIT_FINDINGS if failing(report) else EXIT_CLEAN)


@main.command("merge")
@click.argument("reports", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "csv", "json", "html"]),
              default=None,
              help="Format of stdout and of every -o FILE (default: from each FILE's suffix; "
                   "text on stdout).")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              help="Write FILE (repeatable); .html .json .md .csv .txt pick the format.")
@click.option("--inventory", type=click.Path(dir_okay=False),
              help="Hosts that should report: an Ansible inventory (INI, YAML, "
                   "`ansible-inventory --list` JSON) or one name a line.")
@click.option("--expect-hosts", multiple=True, metavar="NAMES",
              help="Hosts that should report (comma-separated, repeatable).")
@handle_errors
def merge_reports(reports: tuple[str, ...], fmt: str | None, outputs: tuple[str, ...],
                  inventory: str | None, expect_hosts: tuple[str, ...]) -> None:
    """Merge the JSON reports of many hosts (files or directories of *.json) into one fleet view.

    Exit 1 when a host has failing findings or no usable report, 0 otherwise.
    """
    from .inventory import read_inventory
    from .merging import merge, report_files
    from .report.fleet import format_for, render

    expected = [*(read_inventory(inventory) if inventory else ()), *_split(expect_hosts)]
    fleet = merge(report_files(reports), expected)
    for warning in fleet.warnings:
        click.echo(f"mirror-audit: warning: {warning}", err=True)
    for output in outputs:
        _emit(render(fleet, fmt or format_for(output)), output)
    if not outputs:
        _emit(render(fleet, fmt or "text"), None)
    sys.exit(fleet.exit_code)


def _color(no_color: bool, output: str | None) -> bool:
    if no_color or output or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _emit(text: str | Iterable[str], output: str | None) -> None:
    """Write the output, piece by piece when it comes in pieces (a streamed report)."""
    pieces = [text] if isinstance(text, str) else text
    if output:
        try:
            with open(output, "w", encoding="utf-8", errors="surrogateescape") as handle:
                for piece in pieces:
                    handle.write(piece)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
    else:
        try:
            _to_stdout(pieces)
        except BrokenPipeError:
            pass  # the reader stopped (| head): what it read is what it wanted
        except OSError as exc:  # a full disk behind a redirection, an I/O error
            raise UsageError(f"cannot write the report: {exc.strerror or exc}") from exc


def _to_stdout(pieces: Iterable[str]) -> None:
    batch: list[str] = []
    size = 0
    for piece in pieces:  # click.echo flushes: once per 64 KiB, not once per finding
        batch.append(piece)
        size += len(piece)
        if size >= 1 << 16:
            click.echo("".join(batch), nl=False)
            batch, size = [], 0
    if batch:
        click.echo("".join(batch), nl=False)
