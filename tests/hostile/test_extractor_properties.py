"""Every extractor on any bytes: it returns references or records an error, and never raises.

tests/extract/test_syntax_properties.py generates requirements, Dockerfile and conda text from
their syntax's pieces, and tests/test_fix_properties.py five formats' fixes; here every kind in
EXTRACTORS gets arbitrary bytes, mutated seeds, and legacy URLs in random valid surroundings.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirror_audit import api, extract, read
from mirror_audit.model import FileResult
from tests.fixing import default_rules
from tests.hostile.seeds import BY_KIND, Seed

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KINDS = sorted(extract.EXTRACTORS)


def scan_bytes(raw: bytes, seed: Seed) -> FileResult | None:
    """Scan raw bytes as a file of the seed's kind, exactly as the scan would; None: binary."""
    decoded = read.decode(raw)
    if isinstance(decoded, str):
        return None
    text, encoding, bom = decoded
    doc = read.make_document(seed.name, text, seed.kind, raw=raw, encoding=encoding)
    return api.scan_document(doc, default_rules())


def check_positions(result: FileResult, text: str) -> None:
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        if not finding.removal and "****" not in finding.match:
            assert text[finding.start : finding.end] == finding.match


def test_every_extractor_has_a_seed() -> None:
    assert set(KINDS) <= set(BY_KIND)


# Bytes that mean something to some format: quotes, brackets, continuations, heredocs, NULs.
SYNTAX = st.sampled_from(
    [
        b"\n",
        b"\r\n",
        b"\r",
        b"\\",
        b"\\\n",
        b'"',
        b"'",
        b'"""',
        b"[",
        b"]",
        b"{",
        b"}",
        b"=",
        b":",
        b"#",
        b";",
        b" ",
        b"\t",
        b"<<EOF",
        b"EOF",
        b"-r ",
        b"-i ",
        b"${",
        b"$(",
        b"`",
        b"\x00",
        b"\xff",
        b"\xc3",
        b"\xe2\x80",
        b"https://pypi.python.org/simple",
        b"pypi.python.org",
        b"--use-mirrors",
        b"PIP_INDEX_URL=",
        b"[global]",
        b"index-url = ",
        b"- pip:",
        b"setup(",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
    ]
)
ANY_BYTES = st.one_of(st.binary(max_size=300), st.lists(SYNTAX, max_size=40).map(b"".join))


@FAST
@pytest.mark.parametrize("kind", KINDS)
@given(raw=ANY_BYTES)
def test_any_bytes_never_raise(kind: str, raw: bytes) -> None:
    result = scan_bytes(raw, BY_KIND[kind])
    if result is not None:
        check_positions(result, read.decode(raw)[0])  # type: ignore[index]


@st.composite
def mutated(draw: st.DrawFn, seed: Seed) -> bytes:
    """The seed cut short, with bytes replaced, inserted or deleted: truncated and corrupt."""
    raw = bytearray(seed.filled().encode())
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(["cut", "replace", "insert", "delete"]))
        if action == "cut":
            del raw[at:]
        elif action == "replace" and at < len(raw):
            raw[at] = draw(st.integers(0, 255))
        elif action == "insert":
            raw[at:at] = draw(SYNTAX)
        elif at < len(raw):
            del raw[at : at + draw(st.integers(1, 8))]
    return bytes(raw)


@FAST
@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_truncated_and_corrupted_seeds_never_raise(kind: str, data: st.DataObject) -> None:
    raw = data.draw(mutated(BY_KIND[kind]))
    result = scan_bytes(raw, BY_KIND[kind])
    if result is not None:
        check_positions(result, read.decode(raw)[0])  # type: ignore[index]


LEGACY = [
    "https://pypi.python.org/simple/",
    "http://b.pypi.python.org/simple",
    "https://testpypi.python.org/pypi",
    "http://pypi.python.org/packages/source/x/x/x-1.tar.gz",
    "https://pypi.io/simple/",
]
# Lines every format reads as blank or comment (an INI comment must start its line).
FILLER = st.sampled_from(["", "# a comment", "#", "# https://example.com/ note"])


def fill(template: str, urls: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """The template with each "{url}" replaced in turn, and where each URL now stands."""
    spans = []
    for url in urls:
        at = template.index("{url}")
        template = template[:at] + url + template[at + 5 :]
        spans.append((at, at + len(url)))
    return template, spans


@st.composite
def filled(draw: st.DrawFn, seed: Seed) -> tuple[str, list[tuple[int, int]]]:
    """The seed with legacy URLs in its slots and comment lines above or below it."""
    lines = seed.text.split("\n")
    at = draw(st.integers(0, 1)) * len(lines)  # never between: a comment line may end a value
    lines[at:at] = draw(st.lists(FILLER, max_size=3))
    template = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    urls = [draw(st.sampled_from(LEGACY)) for _ in range(template.count("{url}"))]
    return fill(template, urls)


@FAST
@pytest.mark.parametrize("kind", KINDS)
@given(data=st.data())
def test_inserted_references_are_found_at_their_text(kind: str, data: st.DataObject) -> None:
    seed = BY_KIND[kind]
    text, spans = data.draw(filled(seed))
    result = scan_bytes(text.encode(), seed)
    assert result is not None and not result.errors, result and result.errors
    check_positions(result, text)
    assert sorted((f.start, f.end) for f in result.findings if not f.removal) == spans
