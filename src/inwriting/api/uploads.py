"""Uploaded files, read the same way by the pages and the API: at most :data:`MAX_UPLOAD`
bytes, so an oversized file is refused with a clear message before anything parses it."""

from __future__ import annotations

from fastapi import UploadFile

from inwriting.errors import FormatError

MAX_UPLOAD = 20 * 1024 * 1024


async def read_upload(file: UploadFile, *, default_name: str = "upload") -> tuple[str, bytes]:
    """The file's name (``default_name`` when it has none) and its bytes. The name matters:
    importers tell formats apart by its suffix."""
    name = file.filename or default_name
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise FormatError(f"larger than {MAX_UPLOAD // (1024 * 1024)} MB", source=name)
    return name, data
