"""One atomic writer for every file the program writes: a temporary file beside the target, flushed to
disk, given the permissions of an ordinary new file, then renamed over the target in one step.

A crash or a failed write leaves the previous file as it was (and no temporary file behind).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Mode of a new ordinary file here (mkstemp would make it 0600: a shared export others cannot read).
FILE_MODE = 0o666 & ~_current_umask()


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path`` for the block to write; it replaces ``path`` only if the
    block succeeds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The target's own suffix: writers that infer the format from the name (matplotlib) see the right one.
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    try:
        yield Path(temp)
        os.chmod(temp, FILE_MODE)
        with open(temp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines as given) to ``path`` atomically."""
    with atomic_path(path) as temp, open(temp, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
