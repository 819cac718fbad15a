"""Matching a value remembers which rules it matched where it stood, and only there."""

from __future__ import annotations

import dataclasses
import tracemalloc

import pytest

from mirror_audit import kinds, match
from mirror_audit.model import Context, Reference, Role
from mirror_audit.read import make_document
from mirror_audit.rules import RuleSet, load_rules

LEGACY = "https://pypi.python.org/simple"
# (value, role, context, setting, kind): one line each, in one document of that kind. The same
# value recurs where the rules differ: by context, role, setting and kind.
REFERENCES = [
    (LEGACY, Role.INDEX, Context.SETTING, "index-url", kinds.PIP_CONF),
    (LEGACY, Role.INDEX, Context.COMMENT, "", kinds.PIP_CONF),
    (LEGACY, Role.INDEX, Context.LOCK, "", kinds.LOCK),
    (LEGACY, Role.URL, Context.MENTION, "", kinds.DOCS),
    (LEGACY, Role.UPLOAD, Context.SETTING, "repository", kinds.PYPIRC),
    ("pypi.python.org", Role.TRUSTED_HOST, Context.SETTING, "trusted-host", kinds.PIP_CONF),
    ("pypi.python.org", Role.TRUSTED_HOST, Context.COMMAND, "--trusted-host", kinds.TEXT),
    ("pypi.org", Role.TRUSTED_HOST, Context.SETTING, "trusted-host", kinds.PIP_CONF),
    ("pypi.org", Role.URL, Context.SETTING, "trusted-host", kinds.PIP_CONF),
    ("http://wheels.example/simple", Role.INDEX, Context.SETTING, "find-links", kinds.PIP_CONF),
    ("http://wheels.example/simple", Role.URL, Context.MENTION, "", kinds.DOCS),
    ("--use-mirrors", Role.OPTION, Context.COMMAND, "", kinds.REQUIREMENTS),
    ("--use-mirrors", Role.OPTION, Context.COMMENT, "", kinds.REQUIREMENTS),
    ("use-mirrors", Role.KEY, Context.SETTING, "", kinds.PIP_CONF),
    ("PIP_USE_MIRRORS", Role.ENV, Context.COMMAND, "", kinds.ENV_FILE),
    ("https://pypi.org/simple", Role.INDEX, Context.SETTING, "index-url", kinds.PIP_CONF),
    ("not a url", Role.URL, Context.MENTION, "", kinds.DOCS),
    ("https://index.example/simple", Role.INDEX, Context.SETTING, "indexserver", kinds.TOX_INI),
    ("https://index.example/simple", Role.INDEX, Context.SETTING, "indexserver", kinds.CFG),
    ("https://index.example/simple", Role.INDEX, Context.SETTING, "index-url", kinds.TOX_INI),
]


def _findings(rules: RuleSet, value: str, role: Role, context: Context, setting: str,
              kind: str) -> list[object]:
    doc = make_document(f"file-{kind}", f"x {value}\n", kind)
    ref = Reference(2, 2 + len(value), value, role, context, setting)
    return [(f, f.fix_text) for f in match.match_reference(doc, ref, rules)]


def test_each_reference_matches_as_it_would_with_nothing_remembered() -> None:
    shared = load_rules()
    for _ in range(2):  # the second time round, every answer comes from the memo
        for reference in REFERENCES:
            assert _findings(shared, *reference) == _findings(load_rules(), *reference)
    assert len(shared.memo) == len(REFERENCES)
    assert {len(_findings(shared, *r)) > 0 for r in REFERENCES} == {True, False}


def test_the_memo_stays_small_and_a_changed_rule_set_starts_without_it() -> None:
    rules = load_rules()
    for index in range(match._MEMO_SIZE + 10):
        _findings(rules, f"{LEGACY}/p{index}", Role.INDEX, Context.SETTING, "", kinds.PIP_CONF)
    assert 0 < len(rules.memo) <= match._MEMO_SIZE
    rules.memo.clear()
    long = f"{LEGACY}/{'p' * match._MEMO_VALUE}"
    assert _findings(rules, long, Role.INDEX, Context.SETTING, "", kinds.PIP_CONF)
    assert not rules.memo
    assert not rules.select(ignore=["MA101"]).memo
    assert not rules.with_maps({"pypi.python.org": "https://mirror.example/simple"}).memo
    assert not dataclasses.replace(rules, version="x").memo


@pytest.mark.parametrize("ignored", ["MA102", "legacy-pypi-host", "MA1"])
def test_a_rule_set_that_drops_a_rule_does_not_answer_from_the_memo_of_the_whole(
    ignored: str
) -> None:
    rules = load_rules()
    reference = REFERENCES[0]
    before = {f.rule for f, _ in _findings(rules, *reference)}  # type: ignore[attr-defined]
    fewer = rules.select(ignore=[ignored])
    after = {f.rule for f, _ in _findings(fewer, *reference)}  # type: ignore[attr-defined]
    assert "MA102" in before and "MA102" not in after


def test_findings_of_a_repeated_line_share_their_strings() -> None:
    rules = load_rules()
    line = f"pip install --index-url={LEGACY} app  # pinned\n"
    doc = make_document("install.sh", line * 20_000, kinds.TEXT)
    refs = [
        Reference(i * len(line) + 24, i * len(line) + 24 + len(LEGACY), LEGACY, Role.INDEX,
                  Context.COMMAND, "--index-url")
        for i in range(20_000)
    ]
    tracemalloc.start()
    try:
        findings = match.match(doc, refs, rules)
        kept, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    first, last = findings[0], findings[-1]
    assert (last.line, last.match, last.replacement) == (20_000, LEGACY, "https://pypi.org/simple/")
    for name in ("message", "match", "replacement", "fix_text", "setting"):
        assert getattr(first, name) is getattr(last, name), name
    assert kept / len(findings) < 500  # a finding with strings of its own held 676 bytes
