"""The PySide6 desktop app: views, Qt item models and job workers; no domain logic of its own.

Importing this package (and `desktop.i18n`, `desktop.jobs`) does not import Qt, so worker
processes can unpickle job functions without loading a GUI toolkit.

PySide6 is pinned below 6.12: 6.12.0 on Python 3.11 drops a reference to None in every void
method call, which aborts the interpreter after a few thousand map paint calls.
"""
