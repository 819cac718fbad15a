"""The names of a fix's temporary files: write.py makes and cleans them, the walk skips them."""

from __future__ import annotations

import re

# .<name>.mirror-audit-tmp-<pid>-<hex>: the new content, not yet in place
TEMP_TAG = "mirror-audit-tmp"
# .<name>.mirror-audit-orig-<pid>-<hex>: an in-place rewrite's undo
JOURNAL_TAG = "mirror-audit-orig"
STRAY = re.compile(
    rf"^\.(?P<name>.+)\.(?P<tag>{TEMP_TAG}|{JOURNAL_TAG})-(?P<pid>[0-9]+)-[0-9a-f]+$"
)
