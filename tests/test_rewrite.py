"""The fix engine: which findings become edits, byte-minimal splicing, and verification."""

from __future__ import annotations

import codecs
import textwrap
from dataclasses import replace

import pytest

from mirror_audit import api, match, rewrite
from mirror_audit.model import (
    Context,
    FileResult,
    Finding,
    FixSafety,
    Reference,
    Role,
    Severity,
    Skip,
)
from mirror_audit.rules import load_rules
from tests.fixing import default_rules, document, fix_bytes, fixed_text

FIXES = [
    pytest.param(
        "pip install -i http://pypi.python.org/simple foo\n",
        "pip install -i https://pypi.org/simple/ foo\n",
        "x.sh",
        id="index-http-legacy",
    ),
    pytest.param(
        "pip install --index-url https://b.pypi.python.org/simple/ foo\n",
        "pip install --index-url https://pypi.org/simple/ foo\n",
        "x.sh",
        id="pep449-mirror",
    ),
    pytest.param(
        "pip install -i http://last.pypi.python.org/simple x\n",
        "pip install -i https://pypi.org/simple/ x\n",
        "x.sh",
        id="last-mirror",
    ),
    pytest.param(
        "ping b.pypi.python.org\n", "ping pypi.org\n", "x.sh", id="bare-mirror-never-b.pypi.org"
    ),
    pytest.param(
        "pip download testpypi.python.org\n",
        "pip download test.pypi.org\n",
        "x.sh",
        id="bare-testpypi-never-testpypi.org",
    ),
    pytest.param(
        "twine upload --repository-url https://testpypi.python.org/pypi dist/*\n",
        "twine upload --repository-url https://test.pypi.org/legacy/ dist/*\n",
        "x.sh",
        id="testpypi-upload-endpoint",
    ),
    pytest.param(
        "curl -O https://pypi.python.org/packages/source/s/six/six-1.0.tar.gz\n",
        "curl -O https://files.pythonhosted.org/packages/source/s/six/six-1.0.tar.gz\n",
        "x.sh",
        id="packages-to-files-host",
    ),
    pytest.param(
        "curl https://pypi.python.org/pypi/requests/json\n",
        "curl https://pypi.org/pypi/requests/json\n",
        "x.sh",
        id="json-api",
    ),
    pytest.param(
        "see https://pypi.python.org/pypi/requests/2.0\n",
        "see https://pypi.org/project/requests/2.0/\n",
        "x.sh",
        id="project-page",
    ),
    pytest.param(
        "see https://www.python.org/pypi/foo\n",
        "see https://pypi.org/project/foo/\n",
        "x.sh",
        id="python-org-pypi-path",
    ),
    pytest.param(
        "url https://cheeseshop.python.org/simple\n",
        "url https://pypi.org/simple/\n",
        "x.sh",
        id="cheeseshop",
    ),
    pytest.param(
        "wget https://pypi.io/packages/source/r/r/r-1.tar.gz\n",
        "wget https://files.pythonhosted.org/packages/source/r/r/r-1.tar.gz\n",
        "x.sh",
        id="pypi-io-alias",
    ),
    pytest.param(
        "curl http://pypi.org/simple/\n",
        "curl https://pypi.org/simple/\n",
        "x.sh",
        id="plain-http-pypi-org",
    ),
    pytest.param(
        "pip install -i HTTPS://PyPI.Python.Org/simple x\n",
        "pip install -i https://pypi.org/simple/ x\n",
        "x.sh",
        id="case-insensitive-host",
    ),
    pytest.param(
        "pip install --trusted-host pypi.python.org x\n",
        "pip install --trusted-host pypi.org --trusted-host files.pythonhosted.org x\n",
        "x.sh",
        id="trusted-host-one-to-many",
    ),
    pytest.param(
        "pip install --trusted-host=pypi.python.org x\n",
        "pip install --trusted-host=pypi.org --trusted-host=files.pythonhosted.org x\n",
        "x.sh",
        id="trusted-host-equals-one-to-many",
    ),
    pytest.param(
        'export PIP_TRUSTED_HOST="pypi.python.org"\n',
        'export PIP_TRUSTED_HOST="pypi.org files.pythonhosted.org"\n',
        "x.sh",
        id="quoted-env-list",
    ),
    pytest.param(
        "pip install --use-mirrors foo\n", "pip install foo\n", "x.sh", id="remove-option-mid-line"
    ),
    pytest.param(
        "pip install foo --use-mirrors\n", "pip install foo\n", "x.sh", id="remove-option-at-end"
    ),
    pytest.param(
        "pip install --allow-external foo --allow-unverified foo foo\n",
        "pip install foo\n",
        "x.sh",
        id="remove-options-with-arguments",
    ),
    pytest.param(
        "pip install --process-dependency-links -e .\n",
        "pip install -e .\n",
        "x.sh",
        id="remove-dependency-links",
    ),
    pytest.param(
        "pip install \\\n   --use-mirrors \\\n   foo\n",
        "pip install \\\n   foo\n",
        "x.sh",
        id="remove-continuation-line",
    ),
    pytest.param(
        "pip install foo \\\n   --use-mirrors\n",
        "pip install foo\n",
        "x.sh",
        id="remove-last-continuation-line-and-its-backslash",
    ),
    pytest.param(
        "pip install \\\n  --use-mirrors \\\n  --allow-all-external\n",
        "pip install\n",
        "x.sh",
        id="two-removals-at-the-end-of-a-command",
    ),
    pytest.param(
        "pip install --mirrors http://b.pypi.python.org foo\n",
        "pip install foo\n",
        "x.sh",
        id="removal-takes-the-rewrite-it-contains",
    ),
    pytest.param(
        "env:\n  PIP_USE_MIRRORS: 'true'\n  X: 1\n",
        "env:\n  X: 1\n",
        ".travis.yml",
        id="remove-env-key",
    ),
    pytest.param(
        "  - pip install -i https://pypi.python.org/simple/ -r req.txt  # pinned\n",
        "  - pip install -i https://pypi.org/simple/ -r req.txt  # pinned\n",
        ".gitlab-ci.yml",
        id="ci-yaml-keeps-comment",
    ),
    pytest.param(
        '{"url": "https:\\/\\/pypi.python.org\\/simple"}\n',
        '{"url": "https:\\/\\/pypi.org\\/simple\\/"}\n',
        "x.json",
        id="json-escapes-kept",
    ),
    pytest.param(
        "a https://pypi.python.org/simple b https://pypi.python.org/simple c\n",
        "a https://pypi.org/simple/ b https://pypi.org/simple/ c\n",
        "x.sh",
        id="two-on-one-line",
    ),
]

NOOP = [
    pytest.param("pip install -i https://pypi.org/simple/ foo\n", "x.sh", id="clean"),
    pytest.param("# pip install -i https://pypi.python.org/simple foo\n", "x.sh", id="comment"),
    pytest.param(
        "Install with pip -i https://pypi.python.org/simple\n", "README.md", id="documentation"
    ),
    pytest.param(
        '[[package]]\nname = "x"\nsource = { registry = "https://pypi.python.org/simple" }\n',
        "uv.lock",
        id="lock-file",
    ),
    pytest.param(
        "export PIP_TRUSTED_HOST=pypi.python.org\n", "x.sh", id="unquoted-env-cannot-take-two-hosts"
    ),
    pytest.param(
        "pip install -i http://mirror.internal/simple x\n", "x.sh", id="no-fix-for-private-http"
    ),
    pytest.param("curl https://inspector.pypi.io/project/x/\n", "x.sh", id="inspector-is-live"),
    pytest.param(
        "pip install -i https://pypi.python.org/pypi x\n", "x.sh", id="unsafe-needs-unsafe-fixes"
    ),
    pytest.param(
        "pip install -i https://user:s3cret@pypi.python.org/simple x\n",
        "x.sh",
        id="credentials-unsafe",
    ),
]


@pytest.mark.parametrize(("before", "after", "name"), FIXES)
def test_fixes(before: str, after: str, name: str) -> None:
    assert fixed_text(before, name) == after


@pytest.mark.parametrize(("before", "after", "name"), FIXES)
def test_a_second_fix_is_a_no_op(before: str, after: str, name: str) -> None:
    outcome = fix_bytes(after.encode(), name)
    assert outcome.raw is None and not outcome.error and not outcome.fixed


@pytest.mark.parametrize(("text", "name"), NOOP)
def test_noop(text: str, name: str) -> None:
    outcome = fix_bytes(text.encode(), name)
    assert outcome.raw is None and not outcome.error and not outcome.fixed


LEFT_BECAUSE = [
    pytest.param(
        "# pip install -i https://pypi.python.org/simple\n", "x.sh", "in a comment", id="comment"
    ),
    pytest.param(
        "see https://pypi.python.org/simple\n", "README.md", "documentation", id="mention"
    ),
    pytest.param(
        'source = { registry = "https://pypi.python.org/simple" }\n',
        "uv.lock",
        "uv lock",
        id="lock",
    ),
    pytest.param(
        "pip install -i https://pypi.python.org/pypi x\n", "x.sh", "--unsafe-fixes", id="unsafe"
    ),
    pytest.param(
        "pip install -i http://mirror.internal/simple x\n", "x.sh", "no safe fix", id="no-fix"
    ),
    pytest.param(
        "export PIP_TRUSTED_HOST=pypi.python.org\n", "x.sh", "quote it", id="one-value-spot"
    ),
]


@pytest.mark.parametrize(("text", "name", "why"), LEFT_BECAUSE)
def test_what_is_left_says_why(text: str, name: str, why: str) -> None:
    outcome = fix_bytes(text.encode(), name)
    assert outcome.left and all(why in f.note for f in outcome.left), [f.note for f in outcome.left]


def test_a_computed_value_is_left_as_it_is() -> None:
    doc = document(b'url = "${MIRROR}/https://pypi.python.org/simple"\n', "x.sh")
    ref = Reference(
        17, 47, "https://pypi.python.org/simple", Role.INDEX, Context.SETTING, dynamic=True
    )
    findings = match.match(doc, [ref], default_rules())
    outcome = rewrite.fix_document(doc, FileResult("x.sh", "text", tuple(findings)), _rescan_with())
    assert outcome.raw is None and [f.note for f in outcome.left] == [
        "computed value: fix where it is defined"
    ]


def test_vendored_code_is_never_edited() -> None:
    outcome = fix_bytes(b"pip install -i https://pypi.python.org/simple x\n", "x.sh", vendored=True)
    assert outcome.raw is None and "third-party" in outcome.left[0].note


UNSAFE = [
    pytest.param(
        "pip install -i https://pypi.python.org/pypi x\n",
        "pip install -i https://pypi.org/simple/ x\n",
        id="pypi-page-as-index",
    ),
    pytest.param(
        "pip install -i https://user:s3cret@pypi.python.org/simple x\n",
        "pip install -i https://user:s3cret@pypi.org/simple/ x\n",
        id="password-written-not-redacted",
    ),
]


@pytest.mark.parametrize(("before", "after"), UNSAFE)
def test_unsafe_fixes(before: str, after: str) -> None:
    assert fixed_text(before, "x.sh", unsafe=True) == after


def test_a_redacted_replacement_is_never_written() -> None:
    doc = document(b"pip install -i https://u:s3cret@pypi.python.org/simple x\n", "x.sh")
    (finding,) = api.scan_document(doc, default_rules()).findings
    assert finding.replacement is not None and "****" in finding.replacement
    assert rewrite.fixable(finding, unsafe=True)
    assert not rewrite.fixable(replace(finding, fix_text=None), unsafe=True)


def test_user_map_sends_a_host_to_an_own_mirror() -> None:
    rules = load_rules().with_maps({"f.pypi.python.org": "https://pypi.example.com/simple/"})
    text = "pip install -i http://f.pypi.python.org/simple foo\npip install -i http://g.pypi.python.org/simple\n"
    assert fixed_text(text, "x.sh", rules=rules) == (
        "pip install -i https://pypi.example.com/simple/ foo\npip install -i https://pypi.org/simple/\n"
    )


# -- bytes --------------------------------------------------------------------------------------

ENCODINGS = [
    pytest.param("latin-1", b"", "caf\xe9 ", id="latin-1"),
    pytest.param("cp1252", b"", "\u20ac \u201cquoted\u201d ", id="cp1252"),
    pytest.param("utf-8", codecs.BOM_UTF8, "caf\xe9 \U0001f600 ", id="utf-8-bom"),
    pytest.param("utf-16-le", codecs.BOM_UTF16_LE, "caf\xe9 \U0001f600 ", id="utf-16-le-bom"),
    pytest.param("utf-32-be", codecs.BOM_UTF32_BE, "caf\xe9 ", id="utf-32-be-bom"),
]


@pytest.mark.parametrize(("encoding", "bom", "prefix"), ENCODINGS)
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_encoding_bom_and_line_endings_survive(
    encoding: str, bom: bytes, prefix: str, newline: str
) -> None:
    lines = [
        f"# {prefix}",
        "pip install --use-mirrors x",
        f"pip install -i https://pypi.python.org/simple {prefix}x",
        "",
    ]
    raw = bom + newline.join(lines).encode(encoding)
    outcome = fix_bytes(raw, "x.sh")
    want = [
        f"# {prefix}",
        "pip install x",
        f"pip install -i https://pypi.org/simple/ {prefix}x",
        "",
    ]
    assert outcome.raw == bom + newline.join(want).encode(encoding)


def test_only_the_reference_bytes_change() -> None:
    raw = "caf\xe9\r\npip install -i https://pypi.python.org/simple x \t \r\n\xff".encode("latin-1")
    new = fix_bytes(raw, "x.sh").raw
    assert new is not None
    start = raw.index(b"https")
    assert new[:start] == raw[:start]
    assert new[start:].startswith(b"https://pypi.org/simple/")
    assert (
        new[start + len(b"https://pypi.org/simple/") :]
        == raw[start + len(b"https://pypi.python.org/simple") :]
    )


def test_multi_line_replacement_takes_the_file_line_ending() -> None:
    doc = document(b"[global]\r\ntrusted-host = a\r\n", "x.cfg")
    finding = _finding(doc, 23, 24, "a\n    b")
    edits = rewrite.plan(doc, [finding])
    assert edits[0].replacement == "a\r\n    b"


def test_bytes_that_do_not_round_trip_are_refused() -> None:
    doc = document(b"pip install -i https://pypi.python.org/simple x\n", "x.sh")
    bad = replace(doc, raw=doc.raw.replace(b"pip", b"PIP", 1))
    edits = rewrite.plan(doc, api.scan_document(doc, default_rules()).findings)
    with pytest.raises(rewrite.FixError, match="round-trip"):
        rewrite.splice(bad, edits)


def test_a_replacement_the_encoding_cannot_hold_is_refused() -> None:
    rules = load_rules().with_maps({"pypi.python.org": "https://p\u0434pi.example/simple/"})
    outcome = fix_bytes(
        "x = 1 \xe9\npip install -i https://pypi.python.org/simple\n".encode("latin-1"),
        "x.sh",
        rules=rules,
    )
    assert outcome.raw is None and "cannot be written in" in outcome.error


# -- overlapping edits --------------------------------------------------------------------------


def _finding(
    doc: object, start: int, end: int, replacement: str, rule: str = "MA102", removal: bool = False
) -> Finding:
    return Finding(
        rule=rule,
        rule_name=rule,
        severity=Severity.ERROR,
        path="x",
        line=1,
        column=start + 1,
        end_line=1,
        end_column=end + 1,
        match="",
        message="",
        context=Context.COMMAND,
        role=Role.URL,
        replacement=replacement,
        fix_safety=FixSafety.SAFE,
        start=start,
        end=end,
        removal=removal,
        fix_text=replacement,
    )


OVERLAPS = [
    pytest.param(
        [(0, 10, "", True), (3, 6, "X", False)], [(0, 10, "")], id="removal-contains-rewrite"
    ),
    pytest.param(
        [(3, 6, "X", False), (0, 10, "", True)], [(0, 10, "")], id="removal-wins-in-any-order"
    ),
    pytest.param(
        [(3, 6, "X", False), (3, 6, "", True)], [(3, 6, "")], id="same-span-removal-first"
    ),
    pytest.param([(3, 6, "X", False), (3, 6, "X", False)], [(3, 6, "X")], id="same-edit-merged"),
    pytest.param(
        [(0, 5, "X", False), (3, 8, "Y", False)], [(0, 5, "X")], id="partial-overlap-deferred"
    ),
    pytest.param(
        [(0, 3, "X", False), (3, 6, "Y", False)], [(0, 3, "X"), (3, 6, "Y")], id="adjacent"
    ),
]


@pytest.mark.parametrize(("spans", "want"), OVERLAPS)
def test_overlapping_edits_resolve_the_same_way_every_time(
    spans: list[tuple[int, int, str, bool]], want: list[tuple[int, int, str]]
) -> None:
    doc = document(b"0123456789abc\n", "x.sh")
    findings = [
        _finding(doc, s, e, r, rule=f"MA{100 + i}", removal=rm)
        for i, (s, e, r, rm) in enumerate(spans)
    ]
    for order in (findings, findings[::-1]):
        assert [(e.start, e.end, e.replacement) for e in rewrite.plan(doc, order)] == want


# -- verification -------------------------------------------------------------------------------

SCRIPT = b"pip install -i https://pypi.python.org/simple x\necho done\n"


def _rescan_with(extra: Finding | None = None, error: Skip | None = None):  # type: ignore[no-untyped-def]
    def rescan(doc):  # type: ignore[no-untyped-def]
        result = api.scan_document(doc, default_rules())
        findings = result.findings + ((extra,) if extra else ())
        return FileResult(
            result.path, result.kind, findings, result.errors + ((error,) if error else ())
        )

    return rescan


def _verify_failure(rescan) -> str:  # type: ignore[no-untyped-def]
    doc = document(SCRIPT, "x.sh")
    result = api.scan_document(doc, default_rules())
    outcome = rewrite.fix_document(doc, result, rescan)
    assert outcome.raw is None and outcome.left and all("not fixed" in f.note for f in outcome.left)
    return outcome.error


def test_a_fix_that_breaks_parsing_is_refused() -> None:
    error = _verify_failure(_rescan_with(error=Skip("x.sh", "line 2: bad", "parse")))
    assert "would not parse" in error and "line 2: bad" in error


def test_a_fix_that_adds_a_finding_elsewhere_is_refused() -> None:
    doc = document(SCRIPT, "x.sh")
    stray = replace(_finding(doc, 0, 3, "pip3"), line=2, column=1, end_column=5, rule="MA999")
    assert "would add a finding: MA999" in _verify_failure(_rescan_with(extra=stray))


MADE_UP = [
    pytest.param("https://testpypi.org/simple/", id="testpypi.org"),
    pytest.param("https://b.pypi.org/simple/", id="b.pypi.org"),
    pytest.param("https://last.pypi.org/simple/", id="last.pypi.org"),
]


@pytest.mark.parametrize("target", MADE_UP)
def test_a_made_up_pypi_host_is_never_written(target: str) -> None:
    rules = load_rules().with_maps({"pypi.python.org": target})
    outcome = fix_bytes(SCRIPT, "x.sh", rules=rules)
    assert outcome.raw is None and "a host that is not PyPI's" in outcome.error


def test_a_fix_that_leaves_its_own_finding_is_refused() -> None:
    rules = load_rules().with_maps({"pypi.python.org": "https://pypi.python.org/mirror/"})
    outcome = fix_bytes(SCRIPT, "x.sh", rules=rules)
    assert outcome.raw is None and "leaves what it fixes in place" in outcome.error


def test_a_fix_that_changes_how_other_text_reads_is_refused() -> None:
    def rescan(doc):  # type: ignore[no-untyped-def]
        result = api.scan_document(doc, default_rules())
        return replace(result, findings=())  # the untouched finding on line 3 "vanished"

    doc = document(SCRIPT + b"# see https://pypi.python.org/simple\n", "x.sh")
    outcome = rewrite.fix_document(doc, api.scan_document(doc, default_rules()), rescan)
    assert outcome.raw is None and "change how other text reads: MA102 on line 3" in outcome.error


def test_fixes_that_never_settle_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = document(SCRIPT, "x.sh")

    def plan(doc, findings, unsafe=False):  # type: ignore[no-untyped-def]
        return [rewrite.Edit(0, 3, "pip" if doc.text.startswith("PIP") else "PIP", ())]

    monkeypatch.setattr(rewrite, "plan", plan)
    monkeypatch.setattr(rewrite, "verify", lambda *args: [None] * len(args[-1].findings))
    outcome = rewrite.fix_document(doc, api.scan_document(doc, default_rules()), _rescan_with())
    assert outcome.raw is None and "do not settle" in outcome.error


def test_fixed_findings_keep_their_original_positions() -> None:
    text = "pip install --use-mirrors \\\n  -i https://pypi.python.org/simple x\n# https://pypi.python.org/x\n"
    outcome = fix_bytes(text.encode(), "x.sh")
    assert [(f.rule, f.line, f.column, f.fixed) for f in outcome.fixed] == [
        ("MA301", 1, 13, True),
        ("MA102", 2, 6, True),
    ]
    assert [(f.rule, f.line, f.context) for f in outcome.left] == [("MA102", 3, Context.COMMENT)]


def test_another_rule_on_a_rewritten_reference_is_left_not_fixed() -> None:
    def with_note_rule(doc):  # type: ignore[no-untyped-def]
        result = api.scan_document(doc, default_rules())
        start, end = doc.text.index("https"), len(doc.text) - 1
        note = replace(
            _finding(doc, start, end, "", rule="MA304"),
            replacement=None,
            fix_text=None,
            fix_safety=FixSafety.NONE,
            match=doc.text[start:end],
        )
        return replace(result, findings=(*result.findings, note))

    doc = document(b"default = https://pypi.python.org/simple\n", "x.sh")
    outcome = rewrite.fix_document(doc, with_note_rule(doc), with_note_rule)
    assert [f.rule for f in outcome.fixed] == ["MA102"]
    assert [(f.rule, f.match) for f in outcome.left] == [("MA304", "https://pypi.org/simple/")]


def test_unified_diff() -> None:
    diff = rewrite.unified_diff("a.sh", "x\ny", "x\nz")
    assert diff == textwrap.dedent("""\
        --- a/a.sh
        +++ b/a.sh
        @@ -1,2 +1,2 @@
         x
        -y
        \\ No newline at end of file
        +z
        \\ No newline at end of file
        """)
