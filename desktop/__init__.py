"""The PySide6 desktop app: views, Qt item models and job workers; no domain logic of its own.

Importing this package (and `desktop.i18n`, `desktop.jobs`) does not import Qt, so worker
processes can unpickle job functions without loading a GUI toolkit.
"""

from .qt_workaround import protect_none_refcount

protect_none_refcount()
