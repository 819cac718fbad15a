"""A large free-text file scanned a part at a time gives the findings of a whole-file scan."""

from __future__ import annotations

import os
import tempfile
import tracemalloc
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirror_audit import api, kinds, parts, read
from mirror_audit.model import Candidate, Document, FileResult, Skip
from mirror_audit.rules import RuleSet, load_rules

from . import test_windows
from .test_windows import NEWLINES

RULES: RuleSet = load_rules()


def _whole(candidate: Candidate) -> FileResult | Skip:
    doc = read.read(candidate)
    assert doc is not None
    return doc if isinstance(doc, Skip) else api.scan_document(doc, RULES)


def _in_parts(candidate: Candidate, part: int, block: int) -> FileResult | Skip:
    with mock.patch.object(parts, "PART", part), mock.patch.object(parts, "_BLOCK", block):
        return parts.scan(candidate, lambda doc: api.scan_document(doc, RULES), 1 << 20)


def _keys(result: FileResult | Skip) -> object:
    if isinstance(result, Skip):
        return result
    return [(f, f.fix_text) for f in result.findings], result.errors


# The windows' pieces, and what only parts must carry across an edge: a suppression comment
# covers the next line; a character of four bytes may be cut by a block.
PIECES = [
    *test_windows.PIECES,
    "# mirror-audit: ignore[MA102] proxy",
    "mirror-audit: ignore[MA301]",
    "PIP_INDEX_URL",
    "\U0001f600",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.lists(st.sampled_from(PIECES), max_size=4), NEWLINES), max_size=14),
    st.sampled_from(["build.sh", "README.md", "pip.log"]),
    st.sampled_from(["utf-8", "cp1252", "utf-16"]),
    st.integers(1, 60),
    st.integers(1, 9),
)
def test_parts_find_what_the_whole_file_holds(
    lines: list[tuple[list[str], str]], name: str, encoding: str, part: int, block: int
) -> None:
    body = "".join(" ".join(words) + newline for words, newline in lines)
    try:
        raw = body.encode(encoding)
    except UnicodeEncodeError:
        raw = body.encode("utf-8")
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, name)
        Path(path).write_bytes(raw)
        candidate = Candidate(path, kinds.kind_of(name) or kinds.TEXT, name)
        assert _keys(_in_parts(candidate, part, block)) == _keys(_whole(candidate))


# Each as bytes on disk: what a whole-file read decodes, the parts decode the same way.
FILES = [
    pytest.param(b"\xef\xbb\xbfx\npip install --use-mirrors\ny\n", id="utf-8-bom"),
    pytest.param("a\npip -i https://pypi.python.org/simple x\n".encode("utf-16"), id="utf-16-bom"),
    pytest.param(b"caf\xe9\npip install -i https://pypi.python.org/simple/ app\n", id="cp1252"),
    pytest.param(b"\x81\xe9\npip install -i https://pypi.python.org/simple/ app\n", id="latin-1"),
    pytest.param(b"# coding: latin-1\n\xe9 https://pypi.python.org/simple\n", id="declared"),
    pytest.param(b"x\r\nPIP_INDEX_URL=\r\n\r\nhttp://pypi.python.org/simple\r\n", id="crlf"),
    pytest.param(b"a\rb\rpip install --use-mirrors\rc\r", id="lone-cr"),
    pytest.param(b"\xef\xbb\xbfok\n\xff https://pypi.python.org\n", id="not-utf-8-after-a-bom"),
    pytest.param(b"no line break https://pypi.python.org/simple at the end", id="no-final-newline"),
    pytest.param(b"\n" * 50 + b"PIP_USE_MIRRORS=\n" + b"\n" * 40 + b"1\n", id="blank-runs"),
    pytest.param(b"PIP_INDEX_URL\n=\nhttp://pypi.python.org/simple\n", id="name-two-lines-up"),
]


@pytest.mark.parametrize("raw", FILES)
@pytest.mark.parametrize("part", [1, 3, 1 << 18])
def test_a_file_read_in_parts_is_decoded_as_a_whole_read_decodes_it(
    tmp_path: Path, raw: bytes, part: int
) -> None:
    path = tmp_path / "build.sh"
    path.write_bytes(raw)
    candidate = Candidate(str(path), kinds.TEXT, "build.sh")
    whole = _whole(candidate)
    assert _keys(_in_parts(candidate, part, 2)) == _keys(whole)
    assert isinstance(whole, Skip) or whole.findings


TEXTS = ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb\r", "\n\n\n", "x\n \n\ny\n\nz\n", "é\n😀\nb\n"]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("size", [1, 2, 5, 100])
def test_the_parts_own_every_character_once_and_know_where_they_stand(text: str, size: int) -> None:
    chunks = [text[i : i + 2] for i in range(0, len(text), 2)]
    cut = list(parts.cut(chunks, size))
    assert "".join(p.text[p.own_start : p.own_end] for p in cut) == text
    for part in cut:
        assert text[part.first_char : part.first_char + len(part.text)] == part.text
        assert part.first_line == parts._breaks(text[: part.first_char])
        assert part.own_start == 0 or part.text[part.own_start - 1] == "\n"


def test_a_part_carries_the_lines_a_scan_of_its_own_lines_needs() -> None:
    text = "1\n\n2\n3\nown\n4\n\n5\n6\n"
    first, second, *_ = parts.cut([text], 7)  # own lines: "1\n\n2\n3\n", then "own\n4\n\n"
    assert first.text == "1\n\n2\n3\nown\n4\n\n5\n"  # the next line, two non-blank lines on
    assert second.text[: second.own_start] == "2\n3\n"  # back to the second non-blank line


def test_a_large_file_is_scanned_in_parts_in_little_memory(tmp_path: Path) -> None:
    line = "2026-12-04 INFO worker \U0001f600 handled a request \U0001f680 caf\xe9\n"
    body = line * 80_000 + "pip install -i https://pypi.python.org/simple foo\n" + line * 10
    path = tmp_path / "worker.log"
    path.write_text(body, encoding="utf-8")  # 4.6 MB; 4 bytes a character once decoded
    candidate = Candidate(str(path), kinds.DOCS, "worker.log")
    tracemalloc.start()
    try:
        result = api.scan_file(candidate, RULES)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, FileResult)
    assert [(f.line, f.column, f.start) for f in result.findings] == [
        (80_001, 16, len(line) * 80_000 + 15)
    ]
    # a whole read held the bytes, the text (17 MB) and more; the parts, about 1 MiB of text
    assert peak < 8 << 20


def test_a_small_file_and_a_file_of_a_format_are_read_whole(tmp_path: Path) -> None:
    small = tmp_path / "notes.txt"
    small.write_text("pip install --use-mirrors\n")
    config = tmp_path / "requirements.txt"
    config.write_text("-i https://pypi.python.org/simple\n" + "x\n" * (1 << 20))
    with mock.patch.object(parts, "scan", side_effect=AssertionError("read in parts")):
        for path, kind in ((small, kinds.DOCS), (config, kinds.REQUIREMENTS)):
            result = api.scan_file(Candidate(str(path), kind, path.name), RULES)
            assert isinstance(result, FileResult) and result.findings


def test_a_file_over_the_size_limit_is_skipped_as_a_whole_read_skips_it(tmp_path: Path) -> None:
    path = tmp_path / "big.log"
    path.write_bytes(b"https://pypi.python.org\n" * 100)
    skipped = parts.scan(Candidate(str(path), kinds.DOCS, "big.log"), lambda d: _never(d), 100)
    assert isinstance(skipped, Skip) and skipped.category == "too-large"
    assert skipped.path == "big.log"


def _never(doc: Document) -> FileResult:
    raise AssertionError(doc.path)
