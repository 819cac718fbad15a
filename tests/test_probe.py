"""The byte prefilter: never says "nothing here" where a finding is, and reads only what it must."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirror_audit import extract, kinds
from mirror_audit.api import scan_file
from mirror_audit.model import Candidate, Skip
from mirror_audit.probe import _RESPELLED, Probe
from mirror_audit.read import _BLOCK, read, read_probed
from mirror_audit.rules import RuleSet, load_rules


@pytest.fixture(scope="module")
def probe() -> Probe:
    return extract.vocabulary(load_rules()).prefilter


PASSES = [
    pytest.param(b"index-url = https://PyPI.Python.Org/simple", id="host-any-case"),
    pytest.param(b"pip install --use-mirrors", id="option"),
    pytest.param(b"export PIP_USE_MIRRORS=1", id="env"),
    pytest.param(b"use_mirrors = true", id="key-underscore"),
    pytest.param(b"pip install -M app", id="short-option-cased"),
    pytest.param(b"find-links = http://wheels.example/", id="plain-http"),
    pytest.param(b'"url": "http:\\/\\/wheels.example"', id="json-escaped-http"),
    pytest.param("-i https://pypi\u3002python\u3002org/simple".encode(), id="ideographic-dots"),
    pytest.param("-i https://\uff50\uff59\uff50\uff49.org/simple".encode(), id="fullwidth-letters"),
    pytest.param(b"-i https://pypi%2Epython%2Eorg/simple", id="percent-encoded-host"),
    pytest.param("--trusted-host pythonho\u017fted.org".encode(), id="long-s"),
    pytest.param(b"# mirror-audit: ignore[MA102]", id="suppression-comment"),
]
REJECTS = [
    pytest.param(b"pip install -m venv", id="lowercase-m"),
    pytest.param(b"see https://example.org/a%20b and https://docs.example.com/", id="clean-urls"),
    pytest.param("caf\xe9 na\xefve \u2014 r\xe9sum\xe9".encode(), id="non-ascii-prose"),
    pytest.param(b"", id="empty"),
]


@pytest.mark.parametrize("data", PASSES)
def test_bytes_that_may_hold_a_finding_pass(probe: Probe, data: bytes) -> None:
    assert probe.search(data)
    assert probe.positions(data)


@pytest.mark.parametrize("data", REJECTS)
def test_clean_bytes_are_rejected(probe: Probe, data: bytes) -> None:
    assert not probe.search(data)
    assert probe.positions(data) == []


WORDS = st.sampled_from(
    [
        "pypi.python.org",
        "PyPI.org",
        "http:",
        "HTTP\\:",
        "--use-mirrors",
        "-M",
        "-m",
        "PIP_ALLOW_EXTERNAL",
        "use_mirrors",
        "indexserver",
        "pythonhosted",
        " ",
        "\n",
        "x",
        "http",
        "mirror",
        "external",
        "\u3002",
        "%2e",
        "https://h",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS | st.binary(max_size=4).map(lambda b: b.decode("latin-1")), max_size=12))
def test_the_probe_is_the_regex_and_the_respellings(probe: Probe, parts: list[str]) -> None:
    data = "".join(parts).encode("utf-8")
    expected = (
        probe.regex.search(data) or _RESPELLED.search(data.lower()) or "\u017f".encode() in data
    )
    assert probe.search(data) == bool(expected)
    found = probe.positions(data)
    for match in probe.regex.finditer(data):  # every probe occurrence is near a reported offset
        assert any(match.start() <= at < match.end() for at in found)


def test_anchors_cover_every_probe(probe: Probe) -> None:
    folded = [
        re.sub(rb"\\(.)", rb"\1", p).lower()
        for p in probe.pattern.split(b"|")
        if not p.startswith(b"(?-i:")
    ]
    assert all(any(a in p for a in probe.anchors) for p in folded)


def _write(tmp_path: Path, name: str, data: bytes) -> Candidate:
    path = tmp_path / name
    path.write_bytes(data)
    return Candidate(str(path), kinds.kind_of(name) or kinds.TEXT, name)


BLOCKS = [
    pytest.param(b"x" * (_BLOCK - 5) + b"pypi.python.org\n", True, id="probe-across-a-block-edge"),
    pytest.param(b"x\n" * _BLOCK + b"--use-mirrors\n", True, id="probe-in-a-later-block"),
    pytest.param(b"x\n" * _BLOCK, False, id="two-clean-blocks"),
    pytest.param(
        codecs.BOM_UTF16_LE + "clean".encode("utf-16-le"), True, id="utf-16-is-read-whole"
    ),
    pytest.param(
        codecs.BOM_UTF32_BE + "clean".encode("utf-32-be"), True, id="utf-32-be-is-read-whole"
    ),
]


@pytest.mark.parametrize(("data", "kept"), BLOCKS)
def test_read_probed_keeps_what_may_hold_a_finding(
    tmp_path: Path, probe: Probe, data: bytes, kept: bool
) -> None:
    candidate = _write(tmp_path, "notes.log", data)
    assert read_probed(candidate.path, 10 * _BLOCK, probe) == (data if kept else None)


BINARY = [
    pytest.param(b"\x7fELF\x00\x01" + b"pypi.python.org" * 10, "binary", id="nul-in-first-block"),
    pytest.param(b"\x00" * 10 + b"x" * (3 * _BLOCK), "binary", id="big-binary-unread"),
    pytest.param(
        codecs.BOM_UTF8 + b"a\x00b https://pypi.python.org/simple", None, id="utf-8-bom-is-text"
    ),
]


@pytest.mark.parametrize(("data", "category"), BINARY)
def test_binary_is_known_from_the_first_block_as_decode_knows_it(
    tmp_path: Path, probe: Probe, data: bytes, category: str | None
) -> None:
    result = read(_write(tmp_path, "blob", data), 10 * _BLOCK, prefilter=probe)
    assert (result.category if isinstance(result, Skip) else None) == category
    unprobed = read(_write(tmp_path, "blob2", data), 10 * _BLOCK)
    assert (unprobed.category if isinstance(unprobed, Skip) else None) == category


RESPELLED = [
    pytest.param(
        "pip install -i https://pypi\u3002python\u3002org/simple/ app\n", id="ideographic-dots"
    ),
    pytest.param("pip install -i https://pypi%2Epython%2Eorg/simple/ app\n", id="percent-encoded"),
    pytest.param(
        "pip install -i https://\uff50\uff59\uff50\uff49\uff0e\uff50\uff59\uff54\uff48\uff4f\uff4e.org/simple/\n",
        id="fullwidth",
    ),
]


@pytest.mark.parametrize("text", RESPELLED)
def test_a_respelled_legacy_host_is_found_through_the_prefilter(tmp_path: Path, text: str) -> None:
    rules: RuleSet = load_rules()
    result = scan_file(_write(tmp_path, "build.sh", text.encode()), rules)
    assert not isinstance(result, Skip)
    assert [f.rule for f in result.findings] == ["MA102"]
