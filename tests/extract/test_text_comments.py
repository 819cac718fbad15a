"""Where a trailing comment starts on a line: read from quote to quote, as a character-at-a-time
reading finds it, whatever order of positions a pass asks about."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirror_audit.extract.text import _Quotes


def _reading(text: str, line_start: int, pos: int) -> bool:
    """A character at a time from the line's start: what the scan used to do."""
    quote = ""
    for at in range(line_start, pos):
        char = text[at]
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#" and at > line_start and text[at - 1] in " \t":
            return True
    return False


LINES = [
    pytest.param("pip install x # -i https://pypi.python.org", id="comment"),
    pytest.param("echo '# not a comment' -i https://pypi.python.org", id="hash-in-quotes"),
    pytest.param('echo "it\'s" # a comment', id="other-quote-inside"),
    pytest.param("url=http://x/#anchor -i y", id="hash-after-no-blank"),
    pytest.param("#at the start", id="hash-at-line-start"),
    pytest.param("a\t# tab then hash", id="tab"),
    pytest.param("'unclosed # quote", id="unclosed-quote"),
    pytest.param("#first line of a file that ends in a blank ", id="hash-at-file-start"),
]


@pytest.mark.parametrize("line", LINES)
@pytest.mark.parametrize("before", ["", "x\n"])
def test_each_position_of_a_line(before: str, line: str) -> None:
    text = before + line
    quotes, start = _Quotes(), len(before)
    for pos in range(start, len(text) + 1):  # in order, as a pass asks
        assert quotes.comment_before(text, start, pos) == _reading(text, start, pos), pos


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab #'\"\t")), max_size=40),
    st.lists(st.integers(0, 40), max_size=12),
)
def test_any_line_and_any_order_of_positions(line: str, positions: list[int]) -> None:
    text = "x\n" + line
    quotes = _Quotes()
    for pos in positions:
        pos = min(2 + pos, len(text))
        assert quotes.comment_before(text, 2, pos) == _reading(text, 2, pos)
