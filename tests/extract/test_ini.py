"""The INI line parser: configparser's and zc.buildout's rules, exact offsets, strict or lenient."""

from __future__ import annotations

import configparser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mirror_audit.extract import ParseError, ini

Shape = tuple[list[tuple[str, str, list[str]]], list[str]]


def shape(text: str, dialect: ini.Dialect) -> Shape:
    """(section, key, value pieces) per entry and the comment texts, all cut out of ``text``."""
    parsed = ini.parse(text, dialect)
    entries = [
        (e.section, text[e.key_start : e.key_end], [text[p.start : p.end] for p in e.pieces])
        for e in parsed.entries
    ]
    return entries, [text[c.start : c.end] for c in parsed.comments]


CONFIGPARSER = [
    pytest.param(
        "[a]\nk = v\n  more\n\n  after blank\n  # note\n  last\nj: w\n",
        ([("a", "k", ["v", "more", "after blank", "last"]), ("a", "j", ["w"])], ["note"]),
        id="continuations-cross-blank-and-comment-lines",
    ),
    pytest.param(
        "[a]\n  k = v\n  j = w\n    deeper\n",
        ([("a", "k", ["v"]), ("a", "j", ["w", "deeper"])], []),
        id="same-indent-is-a-new-key",
    ),
    pytest.param(
        "[a]\n  indented = after header\n",
        ([("a", "indented", ["after header"])], []),
        id="indented-key-after-header",
    ),
    pytest.param(
        "; top\n[a]\nk =\n  x\n[b]\n  ; indented comment\nurl = http://h/p = q\n",
        ([("a", "k", ["", "x"]), ("b", "url", ["http://h/p = q"])], ["top", "indented comment"]),
        id="first-delimiter-wins",
    ),
    pytest.param(
        "[a]\r\nk = v  \r\n\tw\rj=\n",
        ([("a", "k", ["v", "w"]), ("a", "j", [""])], []),
        id="crlf-cr-lf",
    ),
    pytest.param(
        "[ a ] x\nk = v\n",
        ([(" a ", "k", ["v"])], []),
        id="header-name-as-written",
    ),
    pytest.param(
        "[a]\nk = v # not a comment\n",
        ([("a", "k", ["v # not a comment"])], []),
        id="no-inline-comments",
    ),
]

BUILDOUT = [
    pytest.param(
        "[buildout]\nk = v\n    # value text\n# comment\n\n    after\nj += w\n",
        (
            [("buildout", "k", ["v", "# value text", "after"]), ("buildout", "j", ["w"])],
            ["comment"],
        ),
        id="column-0-comments-only",
    ),
    pytest.param(
        "[part:sys.platform == 'linux'] # why\nurl = http://h/p\n",
        ([("part", "url", ["http://h/p"])], []),
        id="conditional-header",
    ),
    pytest.param(
        "[a]\nk=\n\n   x\n",
        ([("a", "k", ["", "x"])], []),
        id="block-value",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CONFIGPARSER)
def test_configparser_rules(text: str, expected: Shape) -> None:
    assert shape(text, ini.CONFIGPARSER) == expected


@pytest.mark.parametrize(("text", "expected"), BUILDOUT)
def test_buildout_rules(text: str, expected: Shape) -> None:
    assert shape(text, ini.BUILDOUT) == expected


REFUSED = [
    pytest.param("k = v\n[a]\n", ini.CONFIGPARSER, 1, id="key-before-section"),
    pytest.param("[a]\nk = v\nno delimiter\n", ini.CONFIGPARSER, 3, id="no-delimiter"),
    pytest.param("[a]\n= v\n", ini.CONFIGPARSER, 2, id="empty-key"),
    pytest.param("[a]\nk: v\n", ini.BUILDOUT, 2, id="buildout-colon"),
    pytest.param("[a]\n  k = v\n", ini.BUILDOUT, 2, id="buildout-indented-first-line"),
    pytest.param("\r\n\r\nk = v\r\n", ini.BUILDOUT, 3, id="buildout-no-section-crlf"),
]


@pytest.mark.parametrize(("text", "dialect", "line"), REFUSED)
def test_strict_dialects_refuse_what_the_tool_refuses(
    text: str, dialect: ini.Dialect, line: int
) -> None:
    with pytest.raises(ParseError, match=f"^line {line}: "):
        ini.parse(text, dialect)


def test_lenient_dialect_keeps_stray_lines() -> None:
    text = "top = 1\nstray line\n[a]\nk = v\n"
    parsed = ini.parse(text, ini.LENIENT)
    assert [text[s:e] for s, e in parsed.stray] == ["stray line"]
    assert [(e.section, e.key) for e in parsed.entries] == [("", "top"), ("a", "k")]


def test_entry_span_covers_its_lines_and_newline() -> None:
    text = "[a]\nk = v\n  w\r\nj = x"
    first, last = ini.parse(text).entries
    assert text[first.start : first.end] == "k = v\n  w\r\n"
    assert text[last.start : last.end] == "j = x"


LINES = [
    "[a]", "[b]", "  [c]", "k = v", "K2: w", "  k3 = x y", "    cont", "\tcont2", "# c", "  ; c",
    "", "   ", "junk", "= v", "url = http://h/p", "[a] # tail",
]  # fmt: skip


@given(st.lists(st.sampled_from(LINES), max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_configparser_reads_what_configparser_reads(lines: list[str], newline: str) -> None:
    text = newline.join(lines)
    reference = configparser.RawConfigParser(strict=False)
    try:
        reference.read_string(text)
    except configparser.Error:
        with pytest.raises(ParseError):
            ini.parse(text)
        return
    expected = {
        (section, key): [line for line in value.splitlines() if line]
        for section in reference.sections()
        for key, value in reference.items(section)
    }
    got: dict[tuple[str, str], list[str]] = {}
    for entry in ini.parse(text).entries:  # a repeated key: the last one wins, as in configparser
        pieces = [text[p.start : p.end] for p in entry.pieces]
        got[(entry.section, entry.key.lower())] = [piece for piece in pieces if piece]
    assert got == expected
