"""Properties of --fix on generated files: only reference bytes change, and a fix is final."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

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


# -- each format's own syntax ------------------------------------------------------------------

URLS = [
    ("https://pypi.python.org/simple/", "https://pypi.org/simple/"),
    ("http://b.pypi.python.org/simple/", "https://pypi.org/simple/"),
    ("https://testpypi.python.org/simple/", "https://test.pypi.org/simple/"),
    ("http://pypi.org/simple/", "https://pypi.org/simple/"),
]


@dataclass(frozen=True)
class Format:
    """A file name, its first lines, clean lines, and lines with a slot ``{}`` for a URL."""

    name: str
    head: tuple[str, ...]
    clean: tuple[str, ...]
    slots: tuple[str, ...]
    removed: tuple[str, ...] = ()  # lines that --fix deletes whole
    tail: tuple[str, ...] = ()


FORMATS = [
    Format(
        "requirements.txt",
        (),
        ("requests==2.0", "# pinned below", ""),
        ("--index-url {}", "--extra-index-url={}", "-i {}", "--find-links {}"),
        ("--process-dependency-links", "--use-mirrors"),
    ),
    Format(
        "pip.conf",
        (),
        ("# a comment", ""),
        ("[s{n}]\nindex-url = {}", "[s{n}]\nextra-index-url =\n    {}", "[s{n}]\nfind-links: {}"),
        ("[global{n}]\nuse-mirrors = true",),
    ),
    Format(
        "Dockerfile",
        ("FROM python:3.12",),
        ("RUN echo hi", "# build step", ""),
        (
            "RUN pip install -i {} app",
            "ENV PIP_INDEX_URL={}",
            'RUN ["pip", "install", "-i", "{}", "x"]',
        ),
    ),
    Format(
        "pyproject.toml",
        ('[project]\nname = "x"',),
        ("# comment", ""),
        (
            '[[tool.uv.index]]\nurl = "{}"',
            "[[tool.uv.index]]\nurl = '{}'",
            '[[tool.pdm.source]]\nurl = """{}"""',
        ),
    ),
    Format(
        "setup.py",
        ("from setuptools import setup", "setup(", "    dependency_links=["),
        ('        "https://example.com/x/",', "        # a comment"),
        ('        "{}",', "        '{}',", '        r"{}",'),
        (),
        ("    ],", ")"),
    ),
]


@st.composite
def format_files(draw: st.DrawFn) -> tuple[bytes, bytes, str]:
    fmt = draw(st.sampled_from(FORMATS))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    before, after = list(fmt.head), list(fmt.head)
    for n in range(draw(st.integers(0, 8))):
        kind = draw(
            st.sampled_from(["clean", "slot", "removed"] if fmt.removed else ["clean", "slot"])
        )
        if kind == "clean":
            line = draw(st.sampled_from(fmt.clean))
            before.append(line)
            after.append(line)
        elif kind == "slot":
            old, new = draw(st.sampled_from(URLS))
            template = draw(st.sampled_from(fmt.slots)).replace("{n}", str(n))
            before.append(template.replace("{}", old))
            after.append(template.replace("{}", new))
        else:
            line = draw(st.sampled_from(fmt.removed)).replace("{n}", str(n))
            before.append(line)
            after.append(line.rsplit("\n", 1)[0] if "\n" in line else None)  # type: ignore[arg-type]
    before += fmt.tail
    after += fmt.tail
    join = lambda lines: "".join(f"{x}\n" for x in lines if x is not None).replace("\n", newline)  # noqa: E731
    return join(before).encode(), join(after).encode(), fmt.name


@SETTINGS
@given(format_files())
def test_each_format_changes_only_its_references(case: tuple[bytes, bytes, str]) -> None:
    before, after, name = case
    outcome = fix_bytes(before, name)
    assert not outcome.error, outcome.error
    assert (before if outcome.raw is None else outcome.raw) == after
    second = fix_bytes(after, name)
    assert second.raw is None and not second.error
