"""Requirements, Dockerfile and conda extractors on generated text: never raise, offsets exact."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mirror_audit import api
from mirror_audit.read import make_document
from tests.fixing import default_rules

# Pieces of the three syntaxes, glued in any order: continuations, comments, quotes, heredocs.
PIECES = [
    "-i ",
    "--index-url=",
    "--extra ",
    "--trusted-host ",
    "-r base.pip",
    "--use-mirrors",
    "-M",
    "--allow-external x",
    "https://pypi.python.org/simple",
    "http://mirror.example/simple",
    "pypi.python.org",
    "https:\\/\\/b.pypi.python.org",
    "\\",
    "`",
    "#",
    " # ",
    "'",
    '"',
    "[",
    "]",
    ", ",
    "RUN ",
    "ENV ",
    "ARG ",
    "PIP_INDEX_URL=",
    "PIP_USE_MIRRORS=1",
    "<<EOF",
    "<<-'EOF'",
    "EOF",
    "\tEOF",
    "# escape=`",
    "&& ",
    "; ",
    "| ",
    "${V:-",
    "}",
    "- pip:",
    "  - ",
    "    - ",
    "x @ ",
    "\n",
    "\r\n",
    "\r",
    " ",
    "\t",
    "é",
    "\u3002",
]
KINDS = {
    "requirements.txt": "requirements",
    "Dockerfile": "dockerfile",
    "environment.yml": "conda-env",
}
TEXTS = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=150, deadline=None)
@example(text="-i '--use-mirrors", name="requirements.txt")  # an unclosed quote runs to the end
@example(text="-r base.piphttps://pypi.python.org/simple", name="requirements.txt")  # a path
@given(text=TEXTS, name=st.sampled_from(sorted(KINDS)))
def test_findings_are_placed_on_their_written_text(text: str, name: str) -> None:
    doc = make_document(name, text, KINDS[name])
    result = api.scan_document(doc, default_rules())
    assert not result.errors
    for finding in result.findings:
        line, column = doc.position(finding.start)
        if not finding.removal:
            assert text[finding.start : finding.end] == finding.match or "****" in finding.match
            assert (line, column) == (finding.line, finding.column)
        assert 0 <= finding.start <= finding.end <= len(text)
