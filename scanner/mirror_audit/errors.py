"""Fatal errors only: each becomes one line on stderr and exit code 2.

Per-file trouble is a Skip.
"""

from __future__ import annotations


class MirrorAuditError(Exception):
    """A problem that stops the run: bad option, unreadable rule or config file, missing path."""


class RuleError(MirrorAuditError):
    """A rule file is malformed: the message names the file, the rule id and the key."""


class ConfigError(MirrorAuditError):
    """A configuration file or option is malformed: the message names the file and the key."""


class UsageError(MirrorAuditError):
    """The command line asks for something that cannot be done (a path that does not exist)."""
