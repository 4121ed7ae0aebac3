"""Reading a user's import file as text, with an error that says where and what for every way it can fail."""

from __future__ import annotations

from pathlib import Path

from ..errors import DataError

#: Bytes looked at to tell a binary file from text.
SNIFF_BYTES = 8192


def read_user_text(path: Path, expected: str) -> str:
    """The file's text (UTF-8, with or without a byte-order mark); ``expected`` names the format in errors."""
    data = read_user_bytes(path)
    if b"\x00" in data[:SNIFF_BYTES]:
        raise DataError(f"{path}: is a binary file, not {expected} text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = ("; it reads as GBK/GB18030, the encoding Chinese Windows programs use: save it as UTF-8 "
                    "(in Excel: 'CSV UTF-8')")
        except UnicodeDecodeError:
            pass
        raise DataError(f"{path}:{line}: is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
                        f"{hint}") from None


def read_user_bytes(path: Path, limit: int | None = None) -> bytes:
    """The file's bytes (the first ``limit`` only, when given), or a DataError for a missing file, a folder
    or a file that cannot be read."""
    try:
        with path.open("rb") as handle:
            return handle.read() if limit is None else handle.read(limit)
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise DataError(f"{path}: cannot be read (permission denied)") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror or exc})") from None
