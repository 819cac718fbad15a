"""mirror-audit: find and fix references to retired PyPI mirrors and legacy PyPI hosts."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import scan  # noqa: E402
from .model import Context, Finding, FixSafety, Report, Role, Severity  # noqa: E402
from .rules import RuleSet, load_rules  # noqa: E402

__all__ = [
    "Context",
    "Finding",
    "FixSafety",
    "Report",
    "Role",
    "RuleSet",
    "Severity",
    "__version__",
    "load_rules",
    "scan",
]
