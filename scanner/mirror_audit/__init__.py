"""mirror-audit: find and fix references to retired PyPI mirrors and legacy PyPI hosts."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import fix, scan  # noqa: E402
from .config import Config  # noqa: E402
from .fleet import Fleet, HostRow  # noqa: E402
from .merge import merge  # noqa: E402
from .model import Context, Finding, FixSafety, Report, Role, Severity  # noqa: E402
from .rules import RuleSet, load_rules  # noqa: E402

__all__ = [
    "Config",
    "Context",
    "Finding",
    "FixSafety",
    "Fleet",
    "HostRow",
    "Report",
    "Role",
    "RuleSet",
    "Severity",
    "__version__",
    "fix",
    "load_rules",
    "merge",
    "scan",
]
