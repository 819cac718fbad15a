"""Scanning only the windows around probes finds exactly what a whole-file scan finds."""

from __future__ import annotations

import tracemalloc
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirror_audit import extract, kinds, match
from mirror_audit.extract import generic, text
from mirror_audit.extract.windows import windows
from mirror_audit.model import Candidate, Context, Document, Reference
from mirror_audit.read import make_document, read
from mirror_audit.rules import RuleSet, load_rules

RULES: RuleSet = load_rules()
VOCAB = extract.vocabulary(RULES)


def _whole(doc: Document) -> list[tuple[object, ...]]:
    context = Context.MENTION if doc.kind in kinds.PASSIVE_KINDS else Context.COMMAND
    refs = text.scan(doc.text, VOCAB, context, style=generic.style_for(doc.path))
    return _keys(doc, refs)


def _windowed(doc: Document) -> list[tuple[object, ...]]:
    return _keys(doc, generic.extract(doc, VOCAB))


def _keys(doc: Document, refs: Sequence[Reference]) -> list[tuple[object, ...]]:
    findings = match.match(doc, extract.unique(refs), RULES)
    return [(f, f.fix_text) for f in findings]


PIECES = [
    "pip install -i https://pypi.python.org/simple/ app",
    "export PIP_USE_MIRRORS",
    "=",
    "1",
    "PIP_INDEX_URL=",
    "http://last.pypi.python.org/simple",
    "--trusted-host pypi.org",
    "pip -M x",
    "# pip install --use-mirrors",
    "see https://example.org/a",
    "curl http://files.pythonhosted.org/p",
    "--extra-index-url",
    "http://wheels.example/simple",
    "\\",
    "  ",
    "\t",
    "\u00a0",
    "\u3000",
    "\x0b",
    "\x1c",
    "caf\xe9",
    "PIP_TRUSTED_HOST='pypi.org files.pythonhosted.org'",
    "'",
    '"',
    "-i",
    "https://pypi\u3002python\u3002org/x",
    "pythonho\u017fted.org",
]
NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\n\n", " \n \n"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.lists(st.sampled_from(PIECES), max_size=4), NEWLINES), max_size=12),
    st.sampled_from(["build.sh", "README.md", "run.bat", "notes.txt"]),
    st.sampled_from(["utf-8", "cp1252"]),
)
def test_windows_find_what_the_whole_file_holds(
    lines: list[tuple[list[str], str]], name: str, encoding: str
) -> None:
    body = "".join(" ".join(words) + newline for words, newline in lines)
    try:
        body.encode(encoding)
    except UnicodeEncodeError:
        encoding = "utf-8"
    doc = make_document(name, body, kinds.kind_of(name) or kinds.TEXT, encoding=encoding)
    assert _windowed(doc) == _whole(doc)


# An assignment's value may stand on a later line (text.py's "\\s*" crosses newlines).
EDGES = [
    pytest.param("export PIP_USE_MIRRORS\n=\n1\nx\n", id="equals-on-the-next-line"),
    pytest.param("PIP_USE_MIRRORS=\n\nfoo bar\n", id="value-after-a-blank-line"),
    pytest.param("a PIP_USE_MIRRORS =  \n  1\n", id="value-on-the-next-line"),
    pytest.param("x\r\nPIP_INDEX_URL=\r\nhttp://pypi.python.org/simple\r\n", id="crlf"),
]


@pytest.mark.parametrize("body", EDGES)
def test_windows_reach_an_assignment_on_later_lines(body: str) -> None:
    doc = make_document("build.sh", body, kinds.TEXT)
    assert _windowed(doc) == _whole(doc)


SPANS = [
    pytest.param(
        "a\nb\npip install --use-mirrors\nc\nd\ne\n",
        "pip install --use-mirrors\nc\nd\n",
        id="two-lines-after",
    ),
    pytest.param(
        "x\nPIP_USE_MIRRORS\n\n\n=\n\n1\nlast\n",
        "PIP_USE_MIRRORS\n\n\n=\n\n1\n",
        id="blank-lines-skipped",
    ),
    pytest.param("clean\nlines\nonly\n", "", id="nothing"),
]


@pytest.mark.parametrize(("body", "scanned"), SPANS)
def test_a_window_is_the_probe_line_and_the_next_two_non_blank_lines(
    body: str, scanned: str
) -> None:
    doc = make_document("build.sh", body, kinds.TEXT)
    assert "".join(doc.text[a:b] for a, b in windows(doc, VOCAB.prefilter)) == scanned


def test_a_wide_encoding_is_scanned_whole() -> None:
    doc = make_document("notes.txt", "a\nb\n", kinds.DOCS, encoding="utf-16-le")
    assert windows(doc, VOCAB.prefilter) == [(0, 4)]


@pytest.mark.parametrize(
    "raw",
    [
        b"\xef\xbb\xbfx\npip install --use-mirrors\ny\n",  # a UTF-8 BOM before ASCII text
        b"x\r\nPIP_INDEX_URL=\r\nhttp://pypi.python.org/simple\r\n",
        b"caf\xc3\xa9\npip install -i https://pypi.python.org/simple/ app\n",  # not ASCII: encoded
        b"caf\xe9\npip install -i https://pypi.python.org/simple/ app\n",  # cp1252
    ],
    ids=["bom", "crlf", "utf-8", "cp1252"],
)
def test_windows_of_a_file_as_read_find_what_the_whole_file_holds(
    tmp_path: Path, raw: bytes
) -> None:
    path = tmp_path / "build.sh"
    path.write_bytes(raw)
    doc = read(Candidate(str(path), kinds.TEXT, "build.sh"))
    assert isinstance(doc, Document) and _windowed(doc) and _windowed(doc) == _whole(doc)


def test_the_windows_of_a_large_ascii_file_make_no_copy_of_it() -> None:
    body = "2026-12-04 pip: Collecting requests\n" * 150_000 + "pip install --use-mirrors\n"
    doc = make_document("pip.log", body, kinds.TEXT)  # 5.4 MB
    tracemalloc.start()
    try:
        spans = windows(doc, VOCAB.prefilter)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert spans == [(len(body) - 26, len(body))]
    # the bytes as read, lowered once for the probes: one copy, not the encoded text's two
    assert peak < 1.5 * len(body)
