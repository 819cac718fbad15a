"""Find URLs and host names in text, and parse them the way pip's urllib does."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A URL as written in configuration: optional VCS prefix, http(s), and JSON's "\/" escapes.
# It may be glued to pip's -i/-f ("-iURL", which tox 3 writes for "-i URL"), or be a shell
# default (${VAR:-https://...}, :=, :+).
URL_RE = re.compile(
    r"(?i)(?:(?<![\w+.-])|(?<=(?<![\w-])(?-i:-[if]))|(?<=:[-=+]))(?:(?:git|hg|svn|bzr)\+)?https?:(?://|\\/\\/)"
    r"(?:\\/|[^\s\"'<>`\\^|])+"
)
_TRAILING = ".,;:!?*'\""
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}

# Characters that spell a dot to IDNA (ideographic and fullwidth full stops).
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


@dataclass(frozen=True)
class ParsedURL:
    """A URL split into its parts, the host normalised as a tool would resolve it."""

    scheme: str  # lower case, without a VCS prefix ("" for a bare host)
    userinfo: str  # as written, without the "@"
    host: str  # normalised: lower case, NFKC, no trailing dot
    port: str
    tail: str  # everything after the authority: path, query, fragment
    authority_start: int  # offsets of the authority inside the value
    authority_end: int
    suspicious: str = ""  # why the host is spelled in a way a reader may not recognise


def trim_url(text: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets that end a sentence."""
    while text:
        last = text[-1]
        if last in _TRAILING:
            text = text[:-1]
        elif last in _PAIRS and text.count(last) > text.count(_PAIRS[last]):
            text = text[:-1]
        else:
            break
    return text


def find_urls(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the URLs in text[start:end]."""
    spans = []
    for match in URL_RE.finditer(text, start, len(text) if end is None else end):
        value = trim_url(match.group())
        if "://" in value.replace("\\/", "/") and len(value) > value.find(":") + 3:
            spans.append((match.start(), match.start() + len(value)))
    return spans


def normalise_host(host: str) -> tuple[str, str]:
    """(normalised host, why it is suspicious or ""), as IDNA and WHATWG parsers would see it."""
    suspicious = ""
    if not host.isascii():
        folded = unicodedata.normalize("NFKC", host.translate(_DOTS))
        if folded != host:
            suspicious = f"host spelled with look-alike characters ({host!r})"
        host = folded
    if "%" in host:
        decoded = re.sub(r"%([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), host)
        if decoded != host:
            suspicious = f"percent-encoded host ({host!r}) that browsers decode"
            host = decoded
    host = host.lower()
    if host.endswith("."):
        host = host[:-1]
    return host, suspicious


_SCHEME = re.compile(r"^(?:(?:git|hg|svn|bzr)\+)?(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*):(?://|\\/\\/)")


def parse(value: str) -> ParsedURL | None:
    """Parse a URL, or a bare ``host[:port][/path]`` as pip's trusted-host and mirrors take."""
    match = _SCHEME.match(value)
    scheme = match.group("scheme").lower() if match else ""
    start = match.end() if match else 0
    rest = value[start:].replace("\\/", "/")
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority = rest[:cut]
    tail = rest[cut:]
    # NOTE: the last "@" ends the userinfo, as in urllib (pip's parser): "user:p@ss@host".
    userinfo, _, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        host, _, port = hostport[1:].partition("]")
        port = port.lstrip(":")
    else:
        host, _, port = hostport.partition(":")
    if not host:
        return None
    normal, suspicious = normalise_host(host)
    if "\\" in value[start:].replace("\\/", "") and not suspicious:
        suspicious = "backslash in the authority: browsers and urllib disagree on the host"
    # offsets in the value as written (JSON escapes make the written form longer)
    written_cut = _written_index(value, start, cut)
    return ParsedURL(scheme, userinfo, normal, port, tail, start, written_cut, suspicious)


def _written_index(value: str, start: int, logical: int) -> int:
    """The offset in ``value`` of logical character ``logical`` after ``start``."""
    index, seen = start, 0
    while index < len(value) and seen < logical:
        index += 2 if value.startswith("\\/", index) else 1
        seen += 1
    return index


def redact(value: str) -> str:
    """The URL with any password replaced by ****, for reports."""
    if "@" not in value:  # no userinfo: most values, at the cost of one search
        return value
    parsed = _SCHEME.match(value)
    start = parsed.end() if parsed else 0
    rest = value[start:]
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority = rest[:cut]
    if "@" not in authority:
        return value
    userinfo, _, hostport = authority.rpartition("@")
    user, sep, _password = userinfo.partition(":")
    hidden = f"{user}:****" if sep else ("****" if _looks_secret(user) else user)
    return value[:start] + hidden + "@" + hostport + rest[cut:]


def redact_text(text: str) -> str:
    """``text`` with the password of every URL in it replaced by **** (a diff, for the eye)."""
    if "@" not in text:
        return text
    out, at = [], 0
    for start, end in find_urls(text):
        out += [text[at:start], redact(text[start:end])]
        at = end
    return "".join([*out, text[at:]])


def _looks_secret(user: str) -> bool:
    return len(user) >= 16 and not user.startswith("__")
