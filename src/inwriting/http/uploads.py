"""Uploaded files and forms, read the same way by the pages and the API: at most
:data:`MAX_UPLOAD` bytes, so an oversized file is refused with a clear message before anything
parses it, and forms within one set of limits (:func:`read_form`).

An upload shown in the import page's preview waits in :mod:`inwriting.services.held_uploads`
until it is tabled.
"""

from __future__ import annotations

from fastapi import Request, UploadFile
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as StarletteUploadFile  # what forms hold

from inwriting.domain.documents import AnswerLevel
from inwriting.domain.visible import restored
from inwriting.errors import FormatError, ValidationError
from inwriting.formats.mappings import read_mapping
from inwriting.services import documents, languages
from inwriting.services.actors import Actor
from inwriting.services.documents import PendingVersion, Version
from inwriting.services.languages import LanguageText

MAX_UPLOAD = 20 * 1024 * 1024
MAX_FORM_FIELDS = 20_000  # a response to a long version has a few fields per provision
MAX_FORM_PART = 1_000_000  # one field's text: a long proposed article fits many times over
MAX_SIGNATURE_FILE = 4096  # a signed note's signature file is well under 1 KB


async def read_upload(file: UploadFile, *, default_name: str = "upload") -> tuple[str, bytes]:
    """The file's name (``default_name`` when it has none) and its bytes. The name matters:
    importers tell formats apart by its suffix."""
    name = file.filename or default_name
    data = await file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise FormatError(f"larger than {MAX_UPLOAD // (1024 * 1024)} MB", source=name)
    return name, data


def form_text(form: FormData, name: str) -> str:
    """A text field of ``form`` ("" when absent); a file sent where text belongs is refused."""
    value = form.get(name, "")
    if not isinstance(value, str):
        raise ValidationError(f"{name}: expected text, not a file")
    return value


def edited_text(form: FormData, name: str) -> str:
    """A text field as the user meant it: our editors show hidden characters as marks
    (⟦U+202E⟧), so a saved field turns the marks back into the characters they stand for."""
    return restored(form_text(form, name))


async def read_form(request: Request) -> FormData:
    """The request's form, parsed once (later calls get the same) within the app's limits."""
    return await request.form(max_fields=MAX_FORM_FIELDS, max_part_size=MAX_FORM_PART)


async def read_signature(request: Request) -> str | bytes | None:
    """The member's signature sent with a form (an approval, a submission, a tabling): made
    in the browser (the ``signature`` field) or a signature file uploaded
    (``signature_file``); ``None`` for neither."""
    form = await read_form(request)
    made = form.get("signature")
    if isinstance(made, str) and made.strip():
        return made
    uploaded = form.get("signature_file")
    if isinstance(uploaded, StarletteUploadFile) and uploaded.filename:
        return await uploaded.read(MAX_SIGNATURE_FILE + 1)
    return None


async def table_upload(
    request: Request,
    who: Actor,
    slug: str,
    file: UploadFile,
    party: str,
    label: str,
    document: str,
    language: str = "en",
    answer_level: AnswerLevel | str | None = None,
    signature: str | None = None,
) -> Version | PendingVersion:
    """Table an uploaded draft, as the API does: read at most :data:`MAX_UPLOAD` bytes, then
    parse (within the settings' time budget), cut at ``answer_level`` and table them off the
    event loop; with the member's ``signature`` over the tabling, if given."""
    name, data = await read_upload(file)
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
        language=language,
        parse_seconds=request.app.state.settings.parse_seconds,
        answer_level=answer_level,
        signature=signature or None,
        origin=request.app.state.settings.record_origin,
    )


async def language_upload(
    request: Request, who: Actor, version_id: int, file: UploadFile, language: str, mapping: str
) -> LanguageText:
    """Add an uploaded translation as a language text of ``version_id``, as the version page
    and the API do; ``mapping`` is the text of a mapping file (see
    :mod:`inwriting.formats.mappings`), "" for none."""
    name, data = await read_upload(file)
    pairs = read_mapping(mapping, source="mapping")
    return await run_in_threadpool(
        languages.add_language_file,
        request.app.state.db,
        who,
        version_id,
        language,
        name,
        data,
        mapping=pairs,
        parse_seconds=request.app.state.settings.parse_seconds,
    )
