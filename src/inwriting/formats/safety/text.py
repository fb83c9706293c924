"""Bytes from users to text: UTF-8 only, with the line of the first byte that is not."""

from __future__ import annotations

import codecs

from inwriting.errors import FormatError


def decode(data: bytes, source: str = "") -> str:
    """The text of a UTF-8 file (a leading byte-order mark is dropped), or a FormatError
    naming the line of the first invalid byte (and saying so for UTF-16, Word's "Unicode")."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FormatError("the file is UTF-16 text: save it as UTF-8", source=source, line=1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise FormatError(
            f"not UTF-8 text: invalid byte 0x{byte:02x}", source=source, line=line
        ) from error
