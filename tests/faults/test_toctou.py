"""The file replaced by a symbolic link between read and write (TOCTOU): never written through.

A hook swaps the file for a link at each moment between the fixer's read and the write: before
write_fixed, after its content check, just before the rename (atomic replace) and just before
the overwrite (in-place rewrite of a hard-linked file). The link points at a victim outside the
scanned root or at another file inside it. The victim must keep every byte; the path must be the
link, untouched, or the complete fixed file (a rename over the link replaces the link itself);
and the report must say which.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from mirror_audit import api, write

OLD = b"pip install --use-mirrors -i https://pypi.python.org/simple x\n"
FIXED = b"pip install -i https://pypi.org/simple/ x\n"
VICTIM = b"# not yours\npip install -i https://pypi.python.org/simple secret\n"


def _swap(path: Path, victim: Path) -> None:
    path.unlink()
    path.symlink_to(victim)


HOOKS = ["before-write", "after-content-check", "before-rename", "before-overwrite"]


def _install(hook: str, monkeypatch: pytest.MonkeyPatch, swap: Callable[[], None]) -> list[str]:
    """Run ``swap`` once, at ``hook``; the list records that it ran."""
    ran: list[str] = []

    def once() -> None:
        if not ran:
            ran.append(hook)
            swap()

    if hook == "before-write":
        real_write = write.write_fixed

        def write_fixed(*args: object, **kwargs: object) -> str:
            once()
            return real_write(*args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(write, "write_fixed", write_fixed)
    elif hook == "after-content-check":
        real_unchanged = write._unchanged

        def unchanged(*args: object) -> object:
            found = real_unchanged(*args)  # type: ignore[arg-type]
            once()
            return found

        monkeypatch.setattr(write, "_unchanged", unchanged)
    elif hook == "before-rename":
        real_replace = os.replace

        def replace(source: str, target: str) -> None:
            if write.TEMP_TAG in source and write.JOURNAL_TAG not in target:
                once()
            real_replace(source, target)

        monkeypatch.setattr(os, "replace", replace)
    else:
        real_overwrite = write._overwrite

        def overwrite(*args: object) -> None:
            once()
            real_overwrite(*args)  # type: ignore[arg-type]

        monkeypatch.setattr(write, "_overwrite", overwrite)
    return ran


CASES = [
    pytest.param(hook, linked, id=f"{hook}-{'in-place' if linked else 'atomic'}")
    for hook in HOOKS
    for linked in (False, True)
    if (hook, linked) not in {("before-rename", True), ("before-overwrite", False)}
]


@pytest.mark.parametrize("inside", [False, True], ids=["victim-outside", "victim-inside"])
@pytest.mark.parametrize(("hook", "linked"), CASES)
def test_a_file_swapped_for_a_link_is_never_written_through(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: str, inside: bool, linked: bool
) -> None:
    root = tmp_path / "root"
    root.mkdir()
    target = root / "install.sh"
    target.write_bytes(OLD)
    if linked:
        os.link(target, tmp_path / "elsewhere.sh")  # a second link: rewritten in place
    victim = (root / "data.bin") if inside else (tmp_path / "victim.sh")
    victim.write_bytes(VICTIM)
    victim_stat = victim.stat()
    ran = _install(hook, monkeypatch, lambda: _swap(target, victim))
    report = api.fix([str(root)])
    monkeypatch.undo()
    assert ran, f"the {hook} hook never ran"
    assert victim.read_bytes() == VICTIM and victim.stat().st_mtime_ns == victim_stat.st_mtime_ns
    (change,) = [c for c in report.changes if c.path.endswith("install.sh")]
    if target.is_symlink():
        assert os.readlink(target) == str(victim)
        assert change.error and not change.written, change
        reason = change.error
        assert "changed since it was read" in reason or "symbolic link" in reason, reason
    else:  # the rename replaced the link itself, after the last check
        assert hook == "before-rename"
        assert target.read_bytes() == FIXED and change.written
    assert sorted(p.name for p in root.iterdir() if write.STRAY.match(p.name)) == []
    if linked:
        assert (tmp_path / "elsewhere.sh").read_bytes() in (OLD, FIXED)
