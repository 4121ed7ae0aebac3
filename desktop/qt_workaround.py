"""Work around PySide6 6.12.0 on Python 3.11: its void methods drop a reference to None.

Measured here: every call such as QPainterPath.moveTo() or QLabel.setText() lowers None's reference
count by one, so after some thousands of calls Python aborts with "none_dealloc: deallocating None".
Python 3.12 made None immortal, which hides the bug there; 6.11.x does not have it. Until the project
pins a fixed PySide6, give None a reference count it cannot exhaust (what 3.12 does by design).
"""

from __future__ import annotations

import ctypes
import sys
from importlib import metadata

BUGGY_PREFIXES = ("6.12.0",)


def _pyside_version() -> str:
    for name in ("PySide6-Essentials", "PySide6"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return ""


def protect_none_refcount() -> bool:
    """Raise None's reference count far out of reach on affected versions; True when applied."""
    if sys.version_info >= (3, 12) or not _pyside_version().startswith(BUGGY_PREFIXES):
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))
    if refcount.value < 1 << 40:
        refcount.value += 1 << 40
    return True
