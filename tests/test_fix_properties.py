"""Properties of --fix on generated files: only reference bytes change, and a fix is final."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirror_audit import api, rewrite
from tests.fixing import default_rules, document, fix_bytes

# (as written, as fixed); None: the token is removed with one blank next to it
TOKENS: list[tuple[str, str | None]] = [
    ("https://pypi.python.org/simple/", "https://pypi.org/simple/"),
    ("http://b.pypi.python.org/simple/pkg/", "https://pypi.org/simple/pkg/"),
    ("https://testpypi.python.org/pypi/x/json", "https://test.pypi.org/pypi/x/json"),
    (
        "HTTP://PyPI.Python.Org/packages/ab/x.tar.gz",
        "https://files.pythonhosted.org/packages/ab/x.tar.gz",
    ),
    ("http://pypi.org/simple/", "https://pypi.org/simple/"),
    ("pypi.python.org", "pypi.org"),
    ("last.pypi.python.org", "pypi.org"),
    ("--use-mirrors", None),
    ("--allow-all-external", None),
    ("--process-dependency-links", None),
]

# (codec, BOM, letters beyond ASCII that the codec can write)
ENCODINGS = [
    ("utf-8", b"", "é€ü\U0001f600"),
    ("utf-8", codecs.BOM_UTF8, "éß"),
    ("latin-1", b"", "éüßÿ"),
    ("cp1252", b"", "€“”é"),
    ("utf-16-le", codecs.BOM_UTF16_LE, "é€\U0001f600"),
]
NAMES = ["build.sh", ".travis.yml", "Makefile", "deploy.txt.j2"]


@st.composite
def files(draw: st.DrawFn) -> tuple[bytes, bytes, str]:
    """(bytes before, bytes expected after --fix, file name)."""
    codec, bom, extra = draw(st.sampled_from(ENCODINGS))
    word = st.text(alphabet="abcxyz0189" + extra, min_size=1, max_size=6)
    part = st.one_of(word.map(lambda w: (w, w)), st.sampled_from(TOKENS))
    lines = draw(st.lists(st.lists(part, max_size=6), min_size=1, max_size=8))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    final = draw(st.booleans())
    before = [" ".join(written for written, _ in line) for line in lines]
    after = [_fixed_line(line) for line in lines]
    return (
        _encode(before, newline, final, codec, bom),
        _encode(after, newline, final, codec, bom),
        draw(st.sampled_from(NAMES)),
    )


def _fixed_line(parts: list[tuple[str, str | None]]) -> str | None:
    """The line after the fix; None when only removed tokens were on it (the line goes)."""
    kept = [fixed for _, fixed in parts if fixed is not None]
    if parts and not kept:
        return None
    return " ".join(kept)


def _encode(lines: list[str | None], newline: str, final: bool, codec: str, bom: bytes) -> bytes:
    text = "".join(line + newline for line in lines if line is not None)
    if not final and lines[-1] is not None:
        text = text[: -len(newline)]
    return bom + text.encode(codec)


SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(files())
def test_only_the_references_change(case: tuple[bytes, bytes, str]) -> None:
    before, after, name = case
    outcome = fix_bytes(before, name)
    assert not outcome.error
    assert (before if outcome.raw is None else outcome.raw) == after


@SETTINGS
@given(files())
def test_after_a_fix_nothing_fixable_is_left_and_a_second_fix_is_a_no_op(
    case: tuple[bytes, bytes, str],
) -> None:
    before, _, name = case
    first = fix_bytes(before, name)
    fixed = before if first.raw is None else first.raw
    doc = document(fixed, name)
    findings = api.scan_document(doc, default_rules()).findings
    assert rewrite.plan(doc, findings) == []
    assert not any(rewrite.fixable(f) for f in findings)
    second = fix_bytes(fixed, name)
    assert second.raw is None and not second.error and not second.fixed
