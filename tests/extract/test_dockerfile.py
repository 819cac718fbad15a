"""Dockerfiles: RUN in shell and exec form, continuations, heredocs, ENV/ARG, escape directive."""

from __future__ import annotations

import codecs

import pytest

from mirror_audit import api
from tests.extract.inicases import found
from tests.fixing import default_rules, document, fixed_text

HTTP = "http://mirror.example/simple"
SIMPLE = "https://pypi.python.org/simple"

NOOP = [
    pytest.param("FROM python:3\nRUN pip install -i https://pypi.org/simple/ x\n", id="current"),
    pytest.param("RUN curl -f http://example.com/x.tgz | tar xz\n", id="curl-f"),
    pytest.param("RUN pip install x && curl -f http://example.com/x.tgz\n", id="curl-f-after-pip"),
    pytest.param("RUN pip install x; wget -i http://example.com/list\n", id="wget-i-after-pip"),
    pytest.param("ENV PIP_INDEX_URL=https://pypi.org/simple/\n", id="env-current"),
    pytest.param("LABEL org.opencontainers.image.url=https://github.com/x/y\n", id="label"),
    pytest.param(
        "# escape=`\nRUN pip install `\n    -i https://pypi.org/simple/ x\n", id="backtick"
    ),
    pytest.param(
        'RUN ["pip", "install", "-i", "https:\\/\\/pypi.org\\/simple\\/", "x"]\n', id="json"
    ),
    pytest.param("RUN <<EOF\npip install -i https://pypi.org/simple/ x\nEOF\n", id="heredoc"),
    pytest.param("RUN pip install -i http://localhost:3141/simple x\n", id="http-localhost"),
]

FINDS = [
    pytest.param(
        f"RUN pip install \\\n    -i {HTTP} \\\n    x\n",
        [("MA202", HTTP, 2, 8, "command")],
        id="option-on-a-continuation-line",
    ),
    pytest.param(
        f"RUN pip install \\\n# {SIMPLE}\n\n    -i https://pypi.org/simple/ x\n",
        [("MA102", SIMPLE, 2, 3, "comment")],
        id="comment-and-empty-line-inside-continuation",
    ),
    pytest.param(
        f"ARG A=1 # {SIMPLE}\n", [("MA102", SIMPLE, 1, 11, "command")], id="hash-mid-line"
    ),
    pytest.param(
        f"RUN pip install x # -i {SIMPLE}\n",
        [("MA102", SIMPLE, 1, 24, "comment")],
        id="shell-comment",
    ),
    pytest.param(
        'RUN ["pip", "install", "--index-url", "https:\\/\\/pypi.python.org\\/simple", "x"]\n',
        [("MA102", "https:\\/\\/pypi.python.org\\/simple", 1, 40, "command")],
        id="exec-form-json-escapes",
    ),
    pytest.param(
        f'RUN ["pip", "install", \\\n     "-i", "{HTTP}"]\n',
        [("MA202", HTTP, 2, 13, "command")],
        id="exec-form-continued",
    ),
    pytest.param(
        f'ENV PIP_INDEX_URL={SIMPLE} A="b c"\n', [("MA102", SIMPLE, 1, 19, "command")], id="env"
    ),
    pytest.param(
        f"ENV PIP_INDEX_URL {HTTP}\n", [("MA202", HTTP, 1, 19, "command")], id="env-legacy"
    ),
    pytest.param(
        f"ENV A=1 \\\n    PIP_EXTRA_INDEX_URL={HTTP}\n",
        [("MA202", HTTP, 2, 25, "command")],
        id="env-continued",
    ),
    pytest.param(
        "ARG PIP_INDEX_URL=https://b.pypi.python.org/simple\n",
        [("MA101", "https://b.pypi.python.org/simple", 1, 19, "command")],
        id="arg-default",
    ),
    pytest.param(
        f"RUN pip install -i ${{PIP_INDEX_URL:-{HTTP}}} x\n",
        [("MA202", HTTP, 1, 37, "command")],
        id="shell-default",
    ),
    pytest.param(
        f"RUN PIP_INDEX_URL={HTTP} pip install x\n",
        [("MA202", HTTP, 1, 19, "command")],
        id="inline-env",
    ),
    pytest.param(
        f"RUN <<EOF\n# {SIMPLE}\npip install \\\n  -i {HTTP} x\nEOF\n",
        [("MA102", SIMPLE, 2, 3, "command"), ("MA202", HTTP, 4, 6, "command")],
        id="heredoc-verbatim",
    ),
    pytest.param(
        f'COPY <<-"EOT" /etc/pip.conf\n\t[global]\n\tindex-url = {HTTP}\n\tEOT\n'
        f"RUN echo {SIMPLE}\n",
        [("MA202", HTTP, 3, 14, "setting"), ("MA102", SIMPLE, 5, 10, "command")],
        id="heredoc-file-chomped-quoted-terminator",
    ),
    pytest.param(
        f"# escape=`\nRUN pip install `\n    -i {HTTP} x\n",
        [("MA202", HTTP, 3, 8, "command")],
        id="escape-directive",
    ),
    pytest.param(
        "RUN pip install --use-mirrors x\n",
        [("MA301", "--use-mirrors", 1, 17, "command")],
        id="option",
    ),
    pytest.param(
        "ENV PIP_USE_MIRRORS=1\n", [("MA301", "PIP_USE_MIRRORS", 1, 5, "command")], id="env-name"
    ),
    pytest.param(
        "ADD https://pypi.python.org/packages/source/x/x/x-1.tar.gz /tmp/\n",
        [("MA102", "https://pypi.python.org/packages/source/x/x/x-1.tar.gz", 1, 5, "dependency")],
        id="add-url",
    ),
    pytest.param(
        f"ONBUILD RUN pip install -i {HTTP} x\n", [("MA202", HTTP, 1, 28, "command")], id="onbuild"
    ),
    pytest.param(
        f"FROM x\r\nRUN pip install \\\r\n  -i {SIMPLE} x\r\n",
        [("MA102", SIMPLE, 3, 6, "command")],
        id="crlf",
    ),
    pytest.param(
        f"RUN <<EOF\npip install -i {SIMPLE} x\n",
        [("MA102", SIMPLE, 2, 16, "command")],
        id="unclosed-heredoc",
    ),
    pytest.param(
        f"RUN pip install -i {SIMPLE} \\",
        [("MA102", SIMPLE, 1, 20, "command")],
        id="backslash-at-eof",
    ),
    pytest.param("RUN pip install \\\n\\", [], id="only-continuations"),
]

FIXES = [
    pytest.param(
        "RUN pip install --use-mirrors \\\n    -i https://pypi.org/simple/ \\\n    requests\n",
        "RUN pip install \\\n    -i https://pypi.org/simple/ \\\n    requests\n",
        id="first-line-of-a-continuation",
    ),
    pytest.param(
        "RUN pip install \\\n    --use-mirrors \\\n    x\n",
        "RUN pip install \\\n    x\n",
        id="middle-line",
    ),
    pytest.param(
        "RUN pip install x \\\n    --use-mirrors\nFROM y\n",
        "RUN pip install x\nFROM y\n",
        id="last-line",
    ),
    pytest.param(
        "# escape=`\nRUN pip install `\n    --use-mirrors `\n    x\n",
        "# escape=`\nRUN pip install `\n    x\n",
        id="backtick-continuation",
    ),
    pytest.param("ENV PIP_USE_MIRRORS=1\nRUN x\n", "RUN x\n", id="env-only-variable"),
    pytest.param("ENV PIP_USE_MIRRORS true\nRUN x\n", "RUN x\n", id="env-legacy"),
    pytest.param("ENV A=1 PIP_USE_MIRRORS=1\n", "ENV A=1\n", id="env-one-of-two"),
    pytest.param("ARG PIP_USE_MIRRORS\nRUN x\n", "RUN x\n", id="arg"),
    pytest.param(
        'RUN ["pip", "install", "--use-mirrors", "x"]\n',
        'RUN ["pip", "install", "x"]\n',
        id="json-remove",
    ),
    pytest.param('RUN ["--use-mirrors", "x"]\n', 'RUN ["x"]\n', id="json-remove-first"),
    pytest.param(
        'RUN ["pip", "install", "-i", "https:\\/\\/pypi.python.org\\/simple", "x"]\n',
        'RUN ["pip", "install", "-i", "https:\\/\\/pypi.org\\/simple\\/", "x"]\n',
        id="json-replace-keeps-escapes",
    ),
    pytest.param(
        "RUN pip install --trusted-host pypi.python.org x\n",
        "RUN pip install --trusted-host pypi.org --trusted-host files.pythonhosted.org x\n",
        id="trusted-host",
    ),
    pytest.param(
        f"RUN <<EOF\npip install --use-mirrors -i {SIMPLE} x\nEOF\n",
        "RUN <<EOF\npip install -i https://pypi.org/simple/ x\nEOF\n",
        id="heredoc",
    ),
]


@pytest.mark.parametrize("text", NOOP)
def test_noop(text: str) -> None:
    assert found(text, "Dockerfile") == []


@pytest.mark.parametrize(("text", "expected"), FINDS)
def test_finds(text: str, expected: list[tuple[str, str, int, int, str]]) -> None:
    assert found(text, "Dockerfile") == expected


@pytest.mark.parametrize(("before", "after"), FIXES)
def test_fixes(before: str, after: str) -> None:
    assert fixed_text(before, "Dockerfile") == after


@pytest.mark.parametrize(
    "name", ["Dockerfile", "Containerfile", "Dockerfile.dev", "app.Dockerfile"]
)
def test_every_dockerfile_name(name: str) -> None:
    text = f"RUN pip install \\\n    -i {HTTP} x\n"
    assert found(text, name) == [("MA202", HTTP, 2, 8, "command")]


def test_a_trusted_host_in_an_exec_form_argument_holds_one_host() -> None:
    text = 'RUN ["pip", "install", "--trusted-host", "pypi.python.org", "x"]\n'
    assert fixed_text(text, "Dockerfile") == text  # two hosts need two argv elements: by hand


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_positions_after_a_bom_with_any_newline(newline: str) -> None:
    text = newline.join(["FROM x", "RUN pip install \\", "  # a comment", f"  -i {SIMPLE} x", ""])
    doc = document(codecs.BOM_UTF8 + text.encode("utf-8"), "Dockerfile")
    (finding,) = api.scan_document(doc, default_rules()).findings
    assert (finding.line, finding.column, finding.match, finding.role.value) == (
        4,
        6,
        SIMPLE,
        "index",
    )
