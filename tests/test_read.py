"""Reading: encodings, BOMs and line endings give the right text, line and column."""

from __future__ import annotations

import codecs
import os
import tracemalloc
from pathlib import Path

import pytest

from mirror_audit import kinds
from mirror_audit import read as read_module
from mirror_audit.api import scan_file
from mirror_audit.model import Candidate, Document, Skip
from mirror_audit.read import read
from mirror_audit.rules import load_rules

LINE = "--index-url https://pypi.python.org/simple/"

ENCODED = [
    pytest.param(("# é\n" + LINE + "\n").encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + ("# é\n" + LINE + "\n").encode(), "utf-8", id="utf-8-bom"),
    pytest.param(codecs.BOM_UTF16_LE + ("# é\r\n" + LINE + "\r\n").encode("utf-16-le"),
                 "utf-16-le", id="utf-16-le-crlf"),
    pytest.param(codecs.BOM_UTF16_BE + ("# é\n" + LINE + "\n").encode("utf-16-be"),
                 "utf-16-be", id="utf-16-be"),
    pytest.param(("# é\r" + LINE + "\r").encode("latin-1"), "cp1252", id="latin-1-lone-cr"),
    pytest.param(("# \x81\n" + LINE + "\n").encode("latin-1"), "latin-1",
                 id="latin-1-undefined-in-cp1252"),
]


@pytest.mark.parametrize(("raw", "encoding"), ENCODED)
def test_positions_count_characters_after_the_bom(
    tmp_path: Path, raw: bytes, encoding: str
) -> None:
    path = tmp_path / "requirements.txt"
    path.write_bytes(raw)
    result = scan_file(Candidate(str(path), kinds.REQUIREMENTS, "requirements.txt"), load_rules())
    assert not isinstance(result, Skip)
    (finding,) = result.findings
    assert (finding.line, finding.column, finding.match) == (2, 13, "https://pypi.python.org/simple/")
    doc = read(Candidate(str(path), kinds.REQUIREMENTS, "requirements.txt"))
    assert isinstance(doc, Document) and doc.encoding == encoding


SKIPPED = [
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00 pypi.python.org", "binary", id="binary"),
    pytest.param(codecs.BOM_UTF16_LE + b"a\x00b", "undecodable", id="odd-utf-16"),
]


@pytest.mark.parametrize(("raw", "category"), SKIPPED)
def test_unreadable_content_is_a_skip_not_an_exception(
    tmp_path: Path, raw: bytes, category: str
) -> None:
    path = tmp_path / "pip.conf"
    path.write_bytes(raw)
    result = read(Candidate(str(path), kinds.PIP_CONF, "pip.conf"))
    assert isinstance(result, Skip) and result.category == category


def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "requirements.txt"
    os.mkfifo(fifo)
    result = read(Candidate(str(fifo), kinds.REQUIREMENTS, "requirements.txt"))
    assert isinstance(result, Skip) and result.category == "special"


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text(LINE * 100)
    result = read(Candidate(str(path), kinds.REQUIREMENTS, "requirements.txt"), max_size=1000)
    assert isinstance(result, Skip) and result.category == "too-large"


LINE_STARTS = [
    ("", [0]),
    ("a", [0]),
    ("a\n", [0, 2]),
    ("a\nb", [0, 2]),
    ("a\r\nb\r\n", [0, 3, 6]),
    ("a\rb\n\rc", [0, 2, 4, 5]),
    ("\n\n", [0, 1, 2]),
    ("caf\u00e9\nx", [0, 5]),
    ("a\u2028b\nc", [0, 4]),  # only CR and LF end a line, whatever str.splitlines says
    ("a\x0cb\r\nc\x85d\n", [0, 5, 9]),
]


@pytest.mark.parametrize(("text", "starts"), LINE_STARTS)
@pytest.mark.parametrize("slice_", [1, 2, 3, 1 << 20])
def test_line_starts(
    monkeypatch: pytest.MonkeyPatch, text: str, starts: list[int], slice_: int
) -> None:
    monkeypatch.setattr(read_module, "_SLICE", slice_)  # a text of many slices, CRLFs at the cuts
    assert list(read_module.line_starts(text)) == starts


def test_line_starts_of_a_large_file_never_hold_its_lines() -> None:
    text = "2026-12-04 05:26:05 pip install requests: Collecting requests\n" * 100_000  # 6.1 MB
    tracemalloc.start()
    try:
        starts = read_module.line_starts(text)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(starts) == 100_001 and starts[-1] == len(text)
    # a tuple built through str.splitlines(True) of the whole text peaked at 14 MB, kept 3.4
    assert peak < 5_000_000 and held < 1_000_000
