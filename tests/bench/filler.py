"""Clean file contents for the benchmark tree: text that holds no finding, and binaries.

Contents are assembled from pools of chunks so that 300,000 files generate in seconds. Some
clean text names current hosts (docs.python.org, https://pypi.org, http://www.apache.org), as
real code does, so a byte prefilter cannot reject every clean file by its first probe.
"""

from __future__ import annotations

import random

_PY = [
    'def handler_{n}(request, *args, **kwargs):\n    """Return the response for {n}."""\n'
    "    value = request.get('key_{n}', None)\n    if value is None:\n        return {{}}\n"
    "    return {{'id': {n}, 'value': value}}\n\n\n",
    "class Model{n}:\n    __slots__ = ('name', 'size')\n\n    def __init__(self, name, size=0):\n"
    "        self.name = name\n        self.size = size\n\n    def __repr__(self):\n"
    "        return f'Model{n}({{self.name!r}})'\n\n\n",
    "import os\nimport sys\n\nCONSTANT_{n} = {n} * 1024\n\n",
    "    for item in items:\n        total += item.weight * {n}\n        if total > LIMIT:\n"
    "            break\n    return total\n\n",
]
_JS = [
    "'use strict';\nconst path = require('path');\nmodule.exports = function f{n}(a, b) {{\n"
    "  return path.join(a, String(b + {n}));\n}};\n",
    "/**\n * @param {{string}} name\n * @returns {{number}}\n */\nfunction size{n}(name) {{\n"
    "  return name.length * {n};\n}}\n",
    "var x{n} = [1, 2, 3].map(function (v) {{ return v * {n}; }});\n",
]
_DOC = [
    "Usage\n-----\n\nRun ``app --help`` to see every option. Version {n} changed the defaults.\n\n",
    "## Configuration {n}\n\nSet `APP_HOME` before starting. Documentation: https://example.org/\n\n",
    "The quick brown fox jumps over the lazy dog {n} times while the build runs.\n",
    "- fixed a crash when the cache directory is missing (#{n})\n- faster start-up\n",
]
_DATA = [
    "id,name,size,created\n{n},item{n},{n}0,2024-01-0{d}\n",
    '{{"id": {n}, "tags": ["a", "b"], "homepage": "https://example.org/{n}"}}\n',
    "key_{n}: value {n}\nnested:\n  enabled: true\n  retries: {d}\n",
]
POOLS = {"py": _PY, "js": _JS, "doc": _DOC, "data": _DATA}
# Clean lines that name current hosts, in about one text file in MENTION_RATE.
_MENTIONS = [
    "# See https://docs.python.org/3/library/os.html#os.scandir for the semantics.\n",
    "# Licensed under the Apache License, Version 2.0: http://www.apache.org/licenses/LICENSE-2.0\n",
    "# Released on https://pypi.org/project/example/ under the MIT license.\n",
]
MENTION_RATE = 0.05


def text(rng: random.Random, pool: str, size: int) -> bytes:
    """About ``size`` bytes of clean text from one pool."""
    chunks = POOLS[pool]
    parts: list[str] = [rng.choice(_MENTIONS)] if rng.random() < MENTION_RATE else []
    total = 0
    while total < size:
        n = rng.randrange(100000)
        part = rng.choice(chunks).format(n=n, d=n % 9 + 1)
        parts.append(part)
        total += len(part)
    return "".join(parts).encode("utf-8")


def binary(rng: random.Random, size: int) -> bytes:
    """Incompressible bytes with NULs, like an object file or a compressed blob."""
    return b"\x00\x01BIN" + rng.randbytes(max(size - 5, 0))


def size(rng: random.Random, median: int = 1500) -> int:
    """A file size with a long tail, capped at 64 KiB."""
    return min(int(rng.lognormvariate(0, 1.0) * median) + 40, 64 * 1024)
