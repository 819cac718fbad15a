"""mirror-audit: find and fix references to retired PyPI mirrors and legacy PyPI hosts."""

from __future__ import annotations

import os as _os
import sys as _sys
from types import FrameType as _FrameType


def _run_with_dash_m() -> bool:
    """Whether this import is runpy's, for `python -m mirror_audit` (not another package's)."""
    if _sys.argv[:1] != ["-m"]:
        return False
    frame: _FrameType | None = _sys._getframe(1)
    while frame is not None and frame.f_code.co_name != "_run_module_as_main":
        frame = frame.f_back
    return frame is not None and str(frame.f_locals.get("mod_name")).split(".")[0] == __name__


# `python -m mirror_audit` puts the current directory first on sys.path, and a scanned tree may
# hold a datetime.py or a click.py: take it off before anything else is imported, so that no
# scanned file is ever imported (README, "Security and threat model"; `python -P -m` and the
# mirror-audit command never put it there).
if _run_with_dash_m() and _sys.path and _sys.path[0] in ("", _os.getcwd()):
    del _sys.path[0]

__version__ = "0.1.0"

from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from .api import fix, scan
    from .config import Config
    from .fleet import Fleet, HostRow
    from .merging import merge
    from .model import Context, Finding, FixSafety, Report, Role, Severity
    from .rules import RuleSet, load_rules

# The public names, imported when first used (PEP 562): `mirror-audit scan` of a few files
# should not pay for the fleet and merge modules at start-up.
_PUBLIC = {
    "Config": "config",
    "Context": "model",
    "Finding": "model",
    "FixSafety": "model",
    "Fleet": "fleet",
    "HostRow": "fleet",
    "Report": "model",
    "Role": "model",
    "RuleSet": "rules",
    "Severity": "model",
    "fix": "api",
    "load_rules": "rules",
    "merge": "merging",
    "scan": "api",
}

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


def __getattr__(name: str) -> object:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_PUBLIC})
