"""Uploaded files and forms, read the same way by the pages and the API: at most
:data:`MAX_UPLOAD` bytes, so an oversized file is refused with a clear message before anything
parses it, and forms within one set of limits (:func:`read_form`).

An upload shown in the import preview before it is tabled is *held* (:func:`hold_upload`):
its bytes wait in the data folder under a random token, for the user who sent it and that
negotiation only, for :data:`HOLD_SECONDS`; confirming tables those bytes, so the file is
neither sent twice nor trusted from the browser. Nothing is written to the database or the
record until then. Held files live in the data folder of the machine that took the upload:
several app nodes need that folder shared, or sticky sessions (docs/operations.md).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from inwriting.domain.documents import AnswerLevel
from inwriting.errors import FormatError, missing
from inwriting.services import documents
from inwriting.services.actors import Actor
from inwriting.services.documents import Version

MAX_UPLOAD = 20 * 1024 * 1024
MAX_FORM_FIELDS = 20_000  # a response to a long version has a few fields per provision
MAX_FORM_PART = 1_000_000  # one field's text: a long proposed article fits many times over
HOLD_SECONDS = 3600  # an upload waits this long in the preview before it must be sent again
MAX_HELD = 5  # uploads one user may have waiting at once; the oldest goes first
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
_GONE = "upload waiting to be tabled (an upload waits an hour: send the file again)"


async def read_upload(file: UploadFile, *, default_name: str = "upload") -> tuple[str, bytes]:
    """The file's name (``default_name`` when it has none) and its bytes. The name matters:
    importers tell formats apart by its suffix."""
    name = file.filename or default_name
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise FormatError(f"larger than {MAX_UPLOAD // (1024 * 1024)} MB", source=name)
    return name, data


async def read_form(request: Request) -> FormData:
    """The request's form, parsed once (later calls get the same) within the app's limits."""
    return await request.form(max_fields=MAX_FORM_FIELDS, max_part_size=MAX_FORM_PART)


async def table_upload(
    request: Request,
    who: Actor,
    slug: str,
    file: UploadFile,
    party: str,
    label: str,
    document: str,
    answer_level: AnswerLevel | str | None = None,
) -> Version:
    """Table an uploaded draft, as the API does: read at most :data:`MAX_UPLOAD` bytes, then
    parse (within the settings' time budget), cut at ``answer_level`` and table them off the
    event loop."""
    name, data = await read_upload(file)
    return await table_bytes(request, who, slug, name, data, party, label, document, answer_level)


async def table_bytes(
    request: Request,
    who: Actor,
    slug: str,
    name: str,
    data: bytes,
    party: str,
    label: str,
    document: str,
    answer_level: AnswerLevel | str | None,
) -> Version:
    """Table the bytes of a draft read already (an upload, or one held for the preview)."""
    return await run_in_threadpool(
        documents.table_file,
        request.app.state.db,
        who,
        slug,
        party,
        name,
        data,
        document=document or None,
        label=label,
        parse_seconds=request.app.state.settings.parse_seconds,
        answer_level=answer_level,
    )


@dataclass(frozen=True)
class Held:
    """An upload waiting for the drafter to confirm it: its token, file name and bytes."""

    token: str
    name: str
    data: bytes


def held_folder(request: Request) -> Path:
    return Path(request.app.state.settings.data_folder) / "held-uploads"


def hold_upload(folder: Path, who: Actor, slug: str, name: str, data: bytes) -> str:
    """Keep ``data`` for ``who`` and negotiation ``slug``; return the token that names it.

    Expired uploads are removed first, and the user's oldest beyond :data:`MAX_HELD`."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = time.time()
    mine: list[tuple[float, str]] = []
    for path in folder.glob("*.json"):
        found = _meta(path)
        if found is None or now - found.at > HOLD_SECONDS:
            _remove(folder, path.stem)
        elif found.user == who.username:
            mine.append((found.at, path.stem))
    for _, token in sorted(mine)[: max(0, len(mine) - MAX_HELD + 1)]:
        _remove(folder, token)
    token = secrets.token_urlsafe(32)
    _write(folder / f"{token}.bin", data)
    meta = {"user": who.username, "negotiation": slug, "name": name, "at": now}
    _write(folder / f"{token}.json", json.dumps(meta).encode("utf-8"))  # after the bytes
    return token


def held_upload(folder: Path, who: Actor, slug: str, token: str) -> Held:
    """The upload ``token`` names, if ``who`` holds it for ``slug`` and it has not expired;
    else :class:`~inwriting.errors.NotFound` (someone else's token answers the same)."""
    found = _meta(folder / f"{token}.json") if _TOKEN.fullmatch(token) else None
    if (
        found is None
        or found.user != who.username
        or found.negotiation != slug
        or time.time() - found.at > HOLD_SECONDS
    ):
        raise missing(_GONE)
    try:
        data = (folder / f"{token}.bin").read_bytes()
    except OSError:
        raise missing(_GONE) from None
    return Held(token, found.name, data)


def release_upload(folder: Path, token: str) -> None:
    """Forget a held upload (it was tabled)."""
    if _TOKEN.fullmatch(token):
        _remove(folder, token)


@dataclass(frozen=True)
class _Meta:
    user: str | None
    negotiation: str
    name: str
    at: float  # when it was held, seconds since the epoch


def _meta(path: Path) -> _Meta | None:
    """What a held upload's ``.json`` says, or ``None`` for a file damaged or half-written."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
        return _Meta(
            found["user"], str(found["negotiation"]), str(found["name"]), float(found["at"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write(path: Path, data: bytes) -> None:
    """Write whole or not at all: another worker may read the folder meanwhile."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    with open(partial, "wb", opener=lambda p, f: os.open(p, f, 0o600)) as handle:
        handle.write(data)
    partial.replace(path)


def _remove(folder: Path, token: str) -> None:
    for suffix in (".json", ".bin"):
        (folder / f"{token}{suffix}").unlink(missing_ok=True)
