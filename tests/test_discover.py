"""The walker: what it reads, what it never opens, and each trouble as one line in errors."""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from mirror_audit import api, discover, mounts, system
from mirror_audit.config import Config
from mirror_audit.model import Candidate, Skip
from mirror_audit.report import render

LEGACY = "https://pypi.python.org/simple/"
PIP_CONF = f"[global]\nindex-url = {LEGACY}\n"
NO_TABLE = "/nonexistent/mountinfo"  # no mount table: the walker compares devices instead


def walk(roots: list[str], **options: object) -> tuple[list[str], list[tuple[str, str, str]]]:
    """(displays of the candidates, (display, category, reason) of the skips)."""
    found: list[str] = []
    skips: list[tuple[str, str, str]] = []
    for item in discover.discover(roots, discover.WalkOptions(**options)):  # type: ignore[arg-type]
        if isinstance(item, Candidate):
            found.append(item.display)
        else:
            skips.append((item.path, item.category, item.reason))
    return found, skips


def returns_within(seconds: float, function: Callable[[], object]) -> object:
    """Run ``function`` in a thread; fail (instead of hanging the suite) if it does not return."""
    result: list[object] = []
    thread = threading.Thread(target=lambda: result.append(function()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"did not return within {seconds}s"
    return result[0]


def make(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


# -- what is never opened, and what symbolic links do --------------------------------------------


def _fifo(root: Path) -> None:
    os.mkfifo(root / "requirements.txt")


def _socket(root: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "pip.conf"))
    server.close()


def _loop(root: Path) -> None:
    (root / "loop").symlink_to(".")


def _dangling(root: Path) -> None:
    (root / "pip.conf").symlink_to("nowhere/pip.conf")


def _self_loop(root: Path) -> None:
    (root / "pip.conf").symlink_to("pip.conf")


def _file_link(root: Path) -> None:
    make(root, {"real/pip.conf": PIP_CONF})
    (root / "pip.conf").symlink_to("real/pip.conf")


WALKS = [
    pytest.param(
        _fifo,
        {},
        ["setup.cfg"],
        [("requirements.txt", "special", discover._SPECIAL)],
        id="fifo-named-requirements",
    ),
    pytest.param(
        _socket,
        {},
        ["setup.cfg"],
        [("pip.conf", "special", discover._SPECIAL)],
        id="socket-named-pip-conf",
    ),
    pytest.param(_loop, {}, ["setup.cfg"], [], id="link-loop-not-followed-by-default"),
    pytest.param(
        _loop,
        {"follow_symlinks": True},
        ["setup.cfg"],
        [("loop", "special", discover._WALKED)],
        id="link-loop-followed-once",
    ),
    pytest.param(
        _dangling,
        {"follow_symlinks": True},
        ["setup.cfg"],
        [("pip.conf", "unreadable", "dangling symbolic link")],
        id="dangling-link",
    ),
    pytest.param(
        _self_loop,
        {"follow_symlinks": True},
        ["setup.cfg"],
        [("pip.conf", "unreadable", "symbolic link cannot be followed: symbolic link loop")],
        id="self-loop",
    ),
    pytest.param(_file_link, {}, ["setup.cfg", "real/pip.conf"], [], id="file-link-not-followed"),
    pytest.param(
        _file_link,
        {"follow_symlinks": True},
        ["pip.conf", "setup.cfg", "real/pip.conf"],
        [],
        id="file-link-followed",
    ),
]


@pytest.mark.parametrize(("build", "options", "found", "skips"), WALKS)
def test_walk(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    build: Callable[[Path], None],
    options: dict[str, object],
    found: list[str],
    skips: list[tuple[str, str, str]],
) -> None:
    make(tmp_path, {"setup.cfg": "[metadata]\nname = x\n"})
    build(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert returns_within(30, lambda: walk(["."], **options)) == (found, skips)


def test_a_fifo_named_on_the_command_line_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pip.conf")
    report = returns_within(30, lambda: api.scan([str(tmp_path / "pip.conf")]))
    assert [(e.category, e.reason) for e in report.errors] == [("special", discover._SPECIAL)]  # type: ignore[attr-defined]


# -- trouble while walking: each is one entry in errors, and the walk goes on ---------------------

TROUBLE = [
    pytest.param(
        errno.EACCES, "directory cannot be listed: permission denied", id="permission-denied"
    ),
    pytest.param(
        errno.ENOENT, "directory cannot be listed: vanished while the scan ran", id="vanished"
    ),
    pytest.param(errno.ENAMETOOLONG, "directory cannot be listed: path too long", id="too-long"),
    pytest.param(errno.EIO, f"directory cannot be listed: {os.strerror(errno.EIO)}", id="io-error"),
]


@pytest.mark.parametrize(("code", "reason"), TROUBLE)
def test_a_directory_that_cannot_be_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, reason: str
) -> None:
    make(tmp_path, {"a/pip.conf": PIP_CONF, "b/pip.conf": PIP_CONF, "c/pip.conf": PIP_CONF})
    real = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("/b"):
            raise OSError(code, os.strerror(code), path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.chdir(tmp_path)
    report = api.scan(["."])
    assert [(e.path, e.reason, e.category) for e in report.errors] == [("b", reason, "unreadable")]
    assert sorted(f.path for f in report.findings) == ["a/pip.conf", "c/pip.conf"]
    assert report.files_skipped == 1


def _scan_skips(directory: str) -> list[tuple[str, str]]:
    return [(e.path, e.reason) for e in api.scan([directory]).errors]


def test_a_directory_without_read_permission(tmp_path: Path) -> None:
    """chmod 000 does not stop root: as root, the scan runs in a child that drops to nobody."""
    base = Path(tempfile.mkdtemp(dir="/tmp" if os.geteuid() == 0 else tmp_path))
    try:
        make(base, {"open/pip.conf": PIP_CONF, "locked/pip.conf": PIP_CONF})
        base.chmod(0o755)
        (base / "open").chmod(0o755)
        (base / "open/pip.conf").chmod(0o644)
        (base / "locked").chmod(0o000)
        skips = (
            _scan_skips(str(base))
            if os.geteuid() != 0
            else _as_nobody(lambda: _scan_skips(str(base)))
        )
        assert skips == [(f"{base}/locked", "directory cannot be listed: permission denied")]
    finally:
        (base / "locked").chmod(0o755)
        shutil.rmtree(base)


def _as_nobody(function: Callable[[], object]) -> object:
    """Run ``function`` in a forked child with uid/gid 65534; its result comes back as JSON."""
    api.scan_file  # noqa: B018 - the child cannot import what root's 0700 home hides from nobody
    from mirror_audit.extract import pipconf  # noqa: F401

    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setgid(65534)
            os.setuid(65534)
            os.write(writer, json.dumps(function()).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as handle:
        data = handle.read()
    os.waitpid(pid, 0)
    if not data:
        pytest.skip("could not drop privileges to uid 65534")
    return [tuple(item) for item in json.loads(data)]


def test_a_very_deep_tree_is_walked_without_recursion(tmp_path: Path) -> None:
    deep = tmp_path / "/".join(["d"] * 600)
    deep.mkdir(parents=True)
    (deep / "pip.conf").write_text(PIP_CONF)
    found, skips = returns_within(60, lambda: walk([str(tmp_path)]))  # type: ignore[misc]
    assert found == [str(deep / "pip.conf")] and skips == []


def test_paths_longer_than_the_system_allows_are_errors(tmp_path: Path) -> None:
    """Directories made with dir_fd, so that their full path exceeds PATH_MAX (4096 on Linux)."""
    name = "n" * 200
    fd = os.open(tmp_path, os.O_RDONLY | os.O_DIRECTORY)
    depth = 0
    try:
        while depth * 201 < 4200:
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd, depth = inner, depth + 1
        os.close(os.open("pip.conf", os.O_WRONLY | os.O_CREAT, dir_fd=fd))
    finally:
        os.close(fd)
    (tmp_path / "pip.conf").write_text(PIP_CONF)
    found, skips = returns_within(60, lambda: walk([str(tmp_path)]))  # type: ignore[misc]
    assert found == [str(tmp_path / "pip.conf")]
    [(path, category, reason)] = skips
    assert (category, reason) == ("unreadable", "directory cannot be listed: path too long")
    assert len(path) > 4096


# -- file names that need care -------------------------------------------------------------------


def test_an_undecodable_file_name_is_scanned_noted_and_kept_exact_in_json(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/requirements-\xff.txt"
    with open(raw, "wb") as handle:
        handle.write(f"-i {LEGACY}\n".encode())
    report = api.scan([str(tmp_path)])
    shown = os.fsdecode(raw)
    assert [(e.path, e.category) for e in report.errors] == [(shown, "name")]
    assert report.files_skipped == 0 and report.files_scanned == 1
    text = render(report, "text")
    assert "requirements-\\xff.txt:1:4: MA102" in text
    # JSON: the lone surrogate is written as \udcff (ASCII), and decodes back to the exact bytes.
    written = render(report, "json")
    assert "requirements-\\udcff.txt" in written and written.isascii()
    [finding] = json.loads(written)["findings"]
    assert os.fsencode(finding["path"]) == raw


def test_control_characters_in_names_stay_on_one_line_in_text(tmp_path: Path) -> None:
    (tmp_path / "requirements\n-\x1b[31m.txt").write_text(f"-i {LEGACY}\n")
    text = render(api.scan([str(tmp_path)]), "text")
    assert "requirements\\n-\\x1b[31m.txt:1:4: MA102" in text
    assert "\x1b" not in text


# -- the mount table -----------------------------------------------------------------------------

MOUNTINFO = [
    pytest.param(
        "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
        ("/", "ext4", "/dev/vda", "254:0", "local"),
        id="root",
    ),
    pytest.param(
        "22 27 0:21 / /proc rw,relatime - proc proc rw",
        ("/proc", "proc", "proc", "0:21", "pseudo"),
        id="proc",
    ),
    pytest.param(
        "40 31 0:37 / /sys/fs/cgroup/systemd rw shared:9 - cgroup cgroup rw,name=systemd",
        ("/sys/fs/cgroup/systemd", "cgroup", "cgroup", "0:37", "pseudo"),
        id="optional-fields",
    ),
    pytest.param(
        "50 27 0:50 / /mnt/nfs rw - nfs4 server:/export rw,vers=4.2",
        ("/mnt/nfs", "nfs4", "server:/export", "0:50", "network"),
        id="nfs4",
    ),
    pytest.param(
        "51 27 0:51 / /home/me/remote rw - fuse.sshfs me@host:/ rw",
        ("/home/me/remote", "fuse.sshfs", "me@host:/", "0:51", "network"),
        id="sshfs",
    ),
    pytest.param(
        r"52 27 8:17 / /mnt/my\040disk rw - xfs /dev/sdb1 rw",
        ("/mnt/my disk", "xfs", "/dev/sdb1", "8:17", "local"),
        id="octal-escape",
    ),
    pytest.param(
        "53 27 0:60 / /run rw - tmpfs tmpfs rw",
        ("/run", "tmpfs", "tmpfs", "0:60", "local"),
        id="tmpfs",
    ),
]


@pytest.mark.parametrize(("line", "expected"), MOUNTINFO)
def test_mountinfo_lines(line: str, expected: tuple[str, ...]) -> None:
    [mount] = mounts.parse(line).points.values()
    assert (mount.point, mount.fstype, mount.source, mount.device, mount.nature) == expected


@pytest.mark.parametrize(
    "line", ["", "garbage", "1 2 3 4 5 6 no-dash-here"], ids=["empty", "word", "no-dash"]
)
def test_mountinfo_lines_that_do_not_parse_are_ignored(line: str) -> None:
    assert mounts.parse(line).points == {}


def test_the_mount_holding_a_path_is_the_longest_prefix() -> None:
    table = mounts.parse("\n".join(p.values[0] for p in MOUNTINFO))  # type: ignore[index]
    assert table.containing("/mnt/nfs/a/b").fstype == "nfs4"  # type: ignore[union-attr]
    assert table.containing("/mnt/nfsx").fstype == "ext4"  # type: ignore[union-attr]
    assert mounts.load(NO_TABLE).available is False


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A tree whose directories a fake mount table calls proc, NFS, another disk, a bind mount."""
    root = Path(os.path.realpath(tmp_path)) / "root"
    make(root, {f"{d}/pip.conf": PIP_CONF for d in ("etc", "proc/1", "mnt/nfs", "data", "same")})
    table = tmp_path / "mountinfo"
    table.write_text(
        "1 0 254:0 / / rw - ext4 /dev/vda rw\n"
        f"2 1 0:21 / {root}/proc rw - proc proc rw\n"
        f"3 1 0:50 / {root}/mnt/nfs rw - nfs4 server:/export rw\n"
        f"4 1 8:17 / {root}/data rw - xfs /dev/sdb1 rw\n"
        f"5 1 254:0 /srv {root}/same rw - ext4 /dev/vda rw\n"
    )
    yield root, str(table)


def test_pseudo_network_and_other_filesystems_are_not_entered(mounted: tuple[Path, str]) -> None:
    root, table = mounted
    found, skips = walk([str(root)], mount_table=table)
    assert sorted(found) == [f"{root}/etc/pip.conf", f"{root}/same/pip.conf"]
    assert skips == [
        (
            f"{root}/data",
            "filesystem",
            "xfs filesystem (/dev/sdb1), another filesystem: not entered"
            " (--cross-filesystems enters it)",
        ),
        (
            f"{root}/proc",
            "filesystem",
            "proc filesystem, a kernel view: not entered (name it to scan it)",
        ),
        (
            f"{root}/mnt/nfs",
            "filesystem",
            "nfs4 filesystem (server:/export), on the network: not entered (name it to scan it)",
        ),
    ]


def test_cross_filesystems_enters_local_disks_only(mounted: tuple[Path, str]) -> None:
    root, table = mounted
    found, skips = walk([str(root)], mount_table=table, cross_filesystems=True)
    assert sorted(found) == [
        f"{root}/data/pip.conf",
        f"{root}/etc/pip.conf",
        f"{root}/same/pip.conf",
    ]
    assert [s[0] for s in skips] == [f"{root}/proc", f"{root}/mnt/nfs"]


def test_a_pseudo_or_network_filesystem_named_explicitly_is_scanned(
    mounted: tuple[Path, str],
) -> None:
    root, table = mounted
    found, skips = walk([f"{root}/proc", f"{root}/mnt/nfs"], mount_table=table)
    assert found == [f"{root}/proc/1/pip.conf", f"{root}/mnt/nfs/pip.conf"] and skips == []


def test_the_real_mount_table_keeps_the_walk_out_of_dev_pts() -> None:
    if not os.path.ismount("/dev/pts") or not os.path.exists(mounts.DEFAULT_TABLE):
        pytest.skip("no /dev/pts mount here")
    _, skips = returns_within(60, lambda: walk(["/dev"], kinds=frozenset()))  # type: ignore[misc]
    assert (
        "/dev/pts",
        "filesystem",
        "devpts filesystem, a kernel view: not entered (name it to scan it)",
    ) in skips


def test_without_a_mount_table_devices_are_compared() -> None:
    if not os.path.ismount("/dev/shm") or os.stat("/dev/shm").st_dev == os.stat("/dev").st_dev:
        pytest.skip("/dev/shm is not another filesystem here")
    _, skips = returns_within(60, lambda: walk(["/dev"], mount_table=NO_TABLE, kinds=frozenset()))  # type: ignore[misc]
    assert (
        "/dev/shm",
        "filesystem",
        "another filesystem: not entered (--cross-filesystems enters it)",
    ) in skips


# -- a directory taken as / (--root) -------------------------------------------------------------

RESOLVE = [
    pytest.param(
        {"etc/pip.conf": "/opt/pip.conf"},
        "/etc/pip.conf",
        "opt/pip.conf",
        id="absolute-link-stays-inside",
    ),
    pytest.param(
        {"etc/pip.conf": "../opt/pip.conf"}, "/etc/pip.conf", "opt/pip.conf", id="relative-link"
    ),
    pytest.param(
        {"etc/pip.conf": "../../../../opt/pip.conf"},
        "/etc/pip.conf",
        "opt/pip.conf",
        id="dotdot-stops-at-root",
    ),
    pytest.param(
        {"lib": "usr/lib"}, "/lib/systemd/system", "usr/lib/systemd/system", id="merged-usr"
    ),
    pytest.param(
        {}, "etc/missing/pip.conf", "etc/missing/pip.conf", id="missing-is-joined-as-written"
    ),
]


@pytest.mark.parametrize(("links", "path", "expected"), RESOLVE)
def test_resolve_inside_a_root(
    tmp_path: Path, links: dict[str, str], path: str, expected: str
) -> None:
    make(tmp_path, {"opt/pip.conf": PIP_CONF, "usr/lib/systemd/system/a.service": "", "etc/x": ""})
    for name, target in links.items():
        (tmp_path / name).symlink_to(target)
    assert system.resolve(str(tmp_path), path) == str(tmp_path / expected)


def test_a_link_loop_inside_a_root_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to("/b")
    (tmp_path / "b").symlink_to("/a")
    with pytest.raises(OSError) as caught:
        system.resolve(str(tmp_path), "/a/pip.conf")
    assert caught.value.errno == errno.ELOOP


def test_paths_under_root_are_shown_as_on_that_system(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "etc/pip.conf": PIP_CONF,
            "srv/app/requirements.txt": f"-i {LEGACY}\n",
            "opt/app/setup.cfg": "[easy_install]\nindex_url = https://pypi.python.org/simple\n",
        },
    )
    (tmp_path / "srv/app/linked").symlink_to("/opt/app")  # inside the image: its /opt, not ours
    config = Config(root=str(tmp_path), follow_symlinks=True)
    report = api.scan(["/etc", "srv"], config)
    assert sorted(f.path for f in report.findings) == [
        "/etc/pip.conf",
        "/srv/app/linked/setup.cfg",
        "/srv/app/requirements.txt",
    ]
    assert report.errors == []


def test_a_walk_that_skips_notices_counts_no_file_as_skipped(mounted: tuple[Path, str]) -> None:
    root, table = mounted
    report = api.scan([str(root)], Config(mount_table=table))
    assert [e.category for e in report.errors] == ["filesystem"] * 3
    assert report.files_skipped == 0
    assert isinstance(report.errors[0], Skip)
