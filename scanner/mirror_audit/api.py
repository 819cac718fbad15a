"""The library API, and the pipeline read top to bottom: discover, read, extract, match, report."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from . import discover, extract, follow, kinds, match, parallel, parts, read, selection, suppress
from .config import Config
from .exclusion import Anchored
from .model import Candidate, Context, Document, FileChange, FileResult, Reference, Report, Skip
from .rules import RuleSet, load_rules

if TYPE_CHECKING:
    from .fixer import FileFixer

__all__ = ["fix", "scan", "scan_document", "load_rules_for"]


def load_rules_for(config: Config) -> RuleSet:
    """The rules a run uses: the default pack, the user's files, selection and host maps."""
    return selection.choose(load_rules(config.rule_files), config)


def scan(
    paths: Sequence[str] = (".",),
    config: Config | None = None,
    *,
    rules: RuleSet | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    process: Callable[[Candidate], FileResult | Skip] | None = None,
    progress: Callable[[Report, Candidate | Skip], None] | None = None,
    journal: parallel.Journal | None = None,
) -> Report:
    """Scan files and directory trees; return every finding and every file that was skipped.

    Never raises for a single bad file: it becomes an entry in ``Report.errors``. ``process``
    replaces the scan of each file (fix() passes one that also rewrites it). ``progress`` is
    called with the report so far before each file or skip (the CLI's progress line).
    A ``process`` runs in worker processes only with a ``journal`` that carries its side effects.
    With ``config.host`` the machine's known configuration locations are scanned too, and
    with ``config.root`` every path is a path on the system mounted there.
    """
    config = config or Config()
    rules = rules or load_rules_for(config)
    report = Report(roots=list(paths), started=_now(), host=_host(config.host_name),
                    rules_version=rules.version, fail_on=config.fail_on)
    options = discover.WalkOptions(
        include_vendored=config.include_vendored,
        follow_symlinks=config.follow_symlinks,
        respect_gitignore=config.respect_gitignore,
        exclude=discover.exclude_spec(config.exclude),
        anchored=Anchored.of(config.anchor or ".", config.anchored_exclude),
        kinds=config.kinds,
        system_root=(config.root or "/") if config.host or config.root else None,
        cross_filesystems=config.cross_filesystems,
        mount_table=config.mount_table,
    )
    follower = follow.Follower(paths, options, report)  # -r/-c includes, after the walk
    scan_one = process or (lambda candidate: scan_file(candidate, rules, config.max_file_size))
    serial = process is not None and journal is None
    for item, result in _pairs(
        paths, config, options, follower, scan_one, serial=serial, journal=journal
    ):
        if progress is not None:
            progress(report, item)
        if isinstance(item, Skip):
            report.errors.append(item)
            if item.category not in discover.NOTICES:  # a mount point, an escaped name: no file
                report.files_skipped += 1
            continue
        assert result is not None
        report.files_seen += 1
        follower.saw(item, result)
        if isinstance(result, Skip):
            report.files_skipped += 1
            if result.category != "binary" or item.explicit:
                report.errors.append(result)
            continue
        report.add(result)
        if on_file is not None:
            on_file(result)
    if config.host and not config.root:  # the variables of this process: not the image's
        _environment(report, rules)
    report.finished = _now()
    return report


def _pairs(
    paths: Sequence[str], config: Config, options: discover.WalkOptions, follower: follow.Follower,
    scan_one: Callable[[Candidate], FileResult | Skip], *, serial: bool,
    journal: parallel.Journal | None = None,
) -> Iterator[tuple[Candidate | Skip, FileResult | Skip | None]]:
    """Each walked item with its scan, in walk order; then the includes the walk led to.

    A scan (and a fix, through its journal) is split over ``config.jobs`` processes
    (parallel.py); --host and --root run in this process.
    """
    if serial or config.host or config.root:
        walk: Iterable[Candidate | Skip] = _discover(paths, config, options)
    else:
        yield from parallel.pairs(paths, options, scan_one, config.jobs, journal)
        walk = ()
    for item in follower.after(walk):
        yield item, (scan_one(item) if isinstance(item, Candidate) else None)


def _discover(
    paths: Sequence[str], config: Config, options: discover.WalkOptions
) -> Iterator[Candidate | Skip]:
    if config.host or config.root:
        from . import hosts

        return hosts.discover(paths, config, options)
    return discover.discover(paths, options)


def _environment(report: Report, rules: RuleSet) -> None:
    from . import hosts

    result = hosts.environment(rules)
    if result is not None:
        report.files_seen += 1
        report.add(result)


def fix(
    paths: Sequence[str] = (".",),
    config: Config | None = None,
    *,
    unsafe: bool = False,
    diff: bool = False,
    backup: str | None = None,
    rules: RuleSet | None = None,
    on_file: Callable[[FileResult], None] | None = None,
    progress: Callable[[Report, Candidate | Skip], None] | None = None,
) -> Report:
    """Scan, and rewrite every finding that has a safe fix (with ``unsafe``: unsafe ones too).

    Each file is fixed in memory, scanned again to verify the fix, then replaced atomically;
    a file whose fix cannot be verified or written is kept and named in ``Report.errors``.
    ``diff`` writes nothing: ``Report.changes`` then holds each file's unified diff. Fixed
    findings have ``fixed=True``; the others say in ``note`` why they were left.
    """
    from .fixer import FileFixer, FixOptions

    config = config or Config()
    rules = rules or load_rules_for(config)
    fixer = FileFixer(rules, config, _writable(paths, config), FixOptions(unsafe, diff, backup))
    try:
        report = scan(paths, config, rules=rules, on_file=on_file, process=fixer, progress=progress,
                      journal=_journal(fixer))
    finally:
        fixer.close()  # one directory fsync each, for every rename the run made
    report.changes.extend(fixer.changes)
    report.files_changed = fixer.changed
    return report


def _journal(fixer: FileFixer) -> parallel.Journal:
    """How a fix in a worker process sends its changes back (and syncs its own directories)."""

    def take() -> object:
        taken = (list(fixer.changes), fixer.changed)
        fixer.changes.clear()
        fixer.changed = 0
        return taken

    def give(taken: object) -> None:
        changes, changed = cast("tuple[list[FileChange], int]", taken)
        fixer.changes.extend(changes)
        fixer.changed += changed

    return parallel.Journal(take, give, fixer.close)


def _writable(paths: Sequence[str], config: Config) -> list[str]:
    """Where --fix may write, as paths on this machine: the scanned paths and, with --host, the
    known locations the scan read; under --root, inside that directory."""
    if not (config.host or config.root):
        return list(paths)
    from . import hosts, system

    root = config.root or "/"
    known = list(hosts.known(root, config.mount_table)) if config.host else []
    if config.root:
        return [system.host_path(config.root, p) for p in (*paths, *known)]
    return [*paths, *known]


def scan_file(
    candidate: Candidate, rules: RuleSet, max_size: int = read.DEFAULT_MAX_SIZE
) -> FileResult | Skip:
    """Read, extract and match one file; a large free-text file a part at a time (parts.py)."""
    vocab = extract.vocabulary(rules)
    probe = extract.prefilter(candidate.kind, vocab)
    if probe is not None and extract.scanned_as_text(candidate.kind):
        doc = read.read_deferring(candidate, max_size, probe, parts.LARGE)
    else:
        doc = read.read(candidate, max_size, prefilter=probe)
    if isinstance(doc, Skip):
        return doc
    if doc is None:  # the raw bytes hold nothing any rule could match
        return FileResult(candidate.display, candidate.kind)
    if isinstance(doc, read.Deferred):
        return parts.scan(candidate, lambda part: scan_document(part, rules), max_size)
    return scan_document(doc, rules)


def scan_document(doc: Document, rules: RuleSet) -> FileResult:
    """Extract and match an already decoded document."""
    references, errors = extract.extract(doc, extract.vocabulary(rules))
    if doc.kind == kinds.LOCK:
        references = [_as_lock(r) for r in references]
    findings = suppress.apply(doc, match.match(doc, references, rules), rules)
    return FileResult(doc.display, doc.kind, tuple(findings), tuple(errors), extract.includes(doc))


def _as_lock(ref: Reference) -> Reference:
    if ref.context is Context.COMMENT:  # a comment in a lock file locks nothing
        return ref
    return replace(ref, context=Context.LOCK)


def _now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def _host(host_name: str = "") -> dict[str, str]:
    """Who ran the scan: ``name`` identifies the host in a fleet (--host-name), the rest is real."""
    name = _hostname()
    fqdn = name if "." in name else _fqdn(name)
    return {"name": host_name or name, "hostname": name, "fqdn": fqdn}


def _hostname() -> str:
    if hasattr(os, "uname"):
        return os.uname().nodename  # what socket.gethostname() returns, without importing socket
    import socket  # pragma: no cover - Windows

    return socket.gethostname()  # pragma: no cover


def _fqdn(name: str) -> str:
    # NOTE: socket.getfqdn may ask DNS; a scan never touches the network, so read /etc/hosts only.
    try:
        with open("/etc/hosts", encoding="utf-8", errors="replace") as handle:
            for line in handle:
                fields = line.split("#", 1)[0].split()
                if name in fields[1:]:
                    return next((f for f in fields[1:] if "." in f), name)
    except OSError:
        pass
    return name

