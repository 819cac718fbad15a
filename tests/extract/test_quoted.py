"""Escapes decoded as Python and JSON decode them, each character mapped to where it is written."""

from __future__ import annotations

import ast
import json

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from mirror_audit.extract import quoted

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)


def _consistent(content: str, decoded: quoted.Decoded) -> None:
    """Each value character is written at its offset: itself, or an escape that starts there."""
    if decoded.offsets is None:
        assert decoded.value == content
        return
    assert len(decoded.offsets) == len(decoded.value) + 1
    assert decoded.offsets[-1] == len(content)
    assert list(decoded.offsets) == sorted(decoded.offsets)
    for char, at in zip(decoded.value, decoded.offsets, strict=False):
        assert content[at] == char or content[at] == "\\"


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.booleans())
def test_python_literals(value: str, triple: bool) -> None:
    # repr escapes every quote like its own delimiter: tripled, that delimiter still closes right
    quote = repr(value)[0] * (3 if triple else 1)
    content = repr(value)[1:-1]
    literal = quote + content + quote
    decoded = quoted.decode(content, quoted.python_escape)
    assert decoded.value == ast.literal_eval(literal)
    _consistent(content, decoded)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.booleans())
def test_json_strings(value: str, ascii_only: bool) -> None:
    content = json.dumps(value, ensure_ascii=ascii_only)[1:-1].replace("/", "\\/")
    decoded = quoted.decode(content, quoted.json_escape)
    assert decoded.value == value
    _consistent(content, decoded)


@pytest.mark.parametrize(
    ("content", "value"),
    [
        pytest.param("a\\\nb", "ab", id="python-line-continuation"),
        pytest.param("\\N{SOLIDUS}", "/", id="python-named"),
        pytest.param("\\q", "\\q", id="python-unknown-escape-is-itself"),
        pytest.param("\\101\\x41\\u0041", "AAA", id="python-octal-hex-unicode"),
    ],
)
def test_python_escapes(content: str, value: str) -> None:
    assert quoted.decode(content, quoted.python_escape).value == value


@pytest.mark.parametrize(
    ("content", "value"),
    [
        pytest.param("a\\\n   \n  b", "ab", id="toml-line-ending-backslash"),
        pytest.param("\\e\\x41", "\x1bA", id="toml-1.1-escapes"),
        pytest.param("\\U0001F600", "\U0001f600", id="toml-long-unicode"),
    ],
)
def test_toml_escapes(content: str, value: str) -> None:
    assert quoted.decode(content, quoted.toml_escape).value == value


@pytest.mark.parametrize("content", ["\\q", "\\u12", "\\"])
def test_toml_bad_escapes(content: str) -> None:
    with pytest.raises(quoted.EscapeError):
        quoted.decode(content, quoted.toml_escape)
