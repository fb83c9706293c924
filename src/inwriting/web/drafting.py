"""Pages for the drafters: import a text, request written answers, read the consolidated
text, compare versions, and derive the next version."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, time
from functools import partial
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from inwriting.domain.derivation import Action, Choice
from inwriting.domain.documents import ANSWER_LEVELS, AnswerLevel, ParsedDocument
from inwriting.errors import PermissionDenied, ValidationError, missing
from inwriting.formats.levels import level_named
from inwriting.formats.preview import preview
from inwriting.http.auth import actor, signed_in
from inwriting.http.uploads import language_upload, read_form, read_signature, read_upload
from inwriting.redline.bracket_render import consolidated_html
from inwriting.redline.brackets import BracketedProvision
from inwriting.redline.render import render_html_body
from inwriting.services import (
    consolidation,
    derivation,
    documents,
    held_uploads,
    parties,
    party_keys,
    requests,
)
from inwriting.services.cache import StateCache
from inwriting.services.clearance import PendingVersion
from inwriting.services.consolidation import Consolidated
from inwriting.services.parsing import parse_bytes_within
from inwriting.web.responses import drafting_parties
from inwriting.web.templating import Shown, kept, render

router = APIRouter(include_in_schema=False)


@router.get("/negotiations/{slug}/import")
def import_form(request: Request, slug: str) -> Response:
    return render(request, "drafting/import.html", slug=slug, parties=_drafting(request, slug))


@router.post("/negotiations/{slug}/import")
async def import_document(
    request: Request,
    slug: str,
    file: Annotated[UploadFile, File()],
    party: Annotated[str, Form(max_length=200)],
    label: Annotated[str, Form(max_length=200)] = "",
    document: Annotated[str, Form(max_length=80)] = "",
    language: Annotated[str, Form(max_length=35)] = "",
    answer_by: Annotated[str, Form(max_length=20)] = "",
) -> Response:
    """Read the upload and show what would be tabled: nothing is written yet (the file is
    held for the confirmation, see :func:`inwriting.http.uploads.hold_upload`)."""
    who = signed_in(request)
    _drafting_for(request, slug, party)
    level = level_named(answer_by)
    name, data = await read_upload(file)
    parsed = await _parsed(request, name, data)  # a file that cannot be read is not held
    db = request.app.state.db
    token = await run_in_threadpool(held_uploads.hold_upload, db, who, slug, name, data)
    form = {
        "token": token,
        "party": party,
        "label": label,
        "document": document,
        "language": language or "en",
    }
    return _preview(request, slug, name, parsed, level, form)


@router.post("/negotiations/{slug}/import/preview")
async def import_preview(
    request: Request,
    slug: str,
    token: Annotated[str, Form(max_length=60)],
    party: Annotated[str, Form(max_length=200)],
    label: Annotated[str, Form(max_length=200)] = "",
    document: Annotated[str, Form(max_length=80)] = "",
    answer_by: Annotated[str, Form(max_length=20)] = "",
    language: Annotated[str, Form(max_length=35)] = "en",
) -> Response:
    """The preview of a held upload again, at another answer level."""
    who = signed_in(request)
    _drafting_for(request, slug, party)
    level = level_named(answer_by)
    db = request.app.state.db
    held = await run_in_threadpool(held_uploads.get_held_upload, db, who, slug, token)
    form = {
        "token": token,
        "party": party,
        "label": label,
        "document": document,
        "language": language,
    }
    parsed = await _parsed(request, held.name, held.data)
    return _preview(request, slug, held.name, parsed, level, form)


@router.post("/negotiations/{slug}/import/confirm")
async def import_confirm(
    request: Request,
    slug: str,
    token: Annotated[str, Form(max_length=60)],
    party: Annotated[str, Form(max_length=200)],
    label: Annotated[str, Form(max_length=200)] = "",
    document: Annotated[str, Form(max_length=80)] = "",
    answer_by: Annotated[str, Form(max_length=20)] = "",
    language: Annotated[str, Form(max_length=35)] = "en",
) -> Response:
    """Table the held upload at the level shown in the preview (pending, for a party with a
    clearance chain), signed where the member signed it (in the browser or with a file)."""
    who = signed_in(request)
    level = level_named(answer_by)
    signature = await read_signature(request)
    version = await run_in_threadpool(
        partial(
            held_uploads.table_held_upload,
            request.app.state.db,
            who,
            slug,
            token,
            party,
            document=document or None,
            label=label,
            language=language or "en",
            answer_level=level,
            parse_seconds=request.app.state.settings.parse_seconds,
            signature=signature,
            origin=request.app.state.settings.record_origin,
        )
    )
    if isinstance(version, PendingVersion):  # the party clears its texts before tabling
        return RedirectResponse(f"/negotiations/{slug}/pending/{version.id}", status_code=303)
    return RedirectResponse(f"/negotiations/{slug}/versions/{version.id}", status_code=303)


async def _parsed(request: Request, name: str, data: bytes) -> ParsedDocument:
    """The file read as tabling would read it: in a child process, within the time budget."""
    seconds = request.app.state.settings.parse_seconds
    return await run_in_threadpool(parse_bytes_within, data, source=name, seconds=seconds)


def _preview(
    request: Request,
    slug: str,
    name: str,
    parsed: ParsedDocument,
    level: AnswerLevel | None,
    form: dict[str, str],
) -> Response:
    shown = preview(parsed, level)
    db, who = request.app.state.db, signed_in(request)
    origin = request.app.state.settings.record_origin
    party = form["party"]
    said = documents.statement_for_tabling(db, who, slug, party, shown.document, origin)
    return render(
        request,
        "drafting/preview.html",
        slug=slug,
        file_name=name,
        shown=shown,
        form=form,
        levels=ANSWER_LEVELS,
        parties=_drafting(request, slug),
        statement=said.text(),
        requires_signatures=party_keys.party_requires_signatures(db, who, slug, party),
    )


@router.post("/negotiations/{slug}/versions/{version_id}/languages")
async def add_language_text(
    request: Request,
    slug: str,
    version_id: int,
    file: Annotated[UploadFile, File()],
    language: Annotated[str, Form(max_length=35)],
    mapping: Annotated[str, Form(max_length=1_000_000)] = "",
) -> Response:
    """Add a translation as a language text of the version (refused, naming every provision
    that does not line up, unless the mapping places them); then show the texts side by side."""
    who = signed_in(request)
    text = await run_in_threadpool(documents.get_version, request.app.state.db, who, version_id)
    if text.negotiation != slug:
        raise missing("version")
    added = await language_upload(request, who, version_id, file, language, mapping)
    return RedirectResponse(
        f"/negotiations/{slug}/versions/{version_id}?language={text.version.language}"
        f"&language={added.language}",
        status_code=303,
    )


@router.get("/negotiations/{slug}/versions/{version_id}/request")
def request_form(request: Request, slug: str, version_id: int) -> Response:
    who = signed_in(request)
    text = documents.get_version(request.app.state.db, who, version_id)
    everyone = parties.list_parties(request.app.state.db, who, slug)
    return render(
        request,
        "drafting/request.html",
        slug=slug,
        text=text,
        mine=_drafting(request, slug),
        others=[p.name for p in everyone],
    )


@router.post("/negotiations/{slug}/versions/{version_id}/request")
async def make_request(request: Request, slug: str, version_id: int) -> Response:
    form = await read_form(request)
    due = _due(str(form.get("due", "")))
    asked = [str(v) for v in form.getlist("ask")]
    await run_in_threadpool(
        requests.create_request,
        request.app.state.db,
        signed_in(request),
        version_id,
        str(form.get("party", "")),
        asked,
        due,
        allows_interim=form.get("interim") == "yes",
        note=str(form.get("note", "")),
    )
    return RedirectResponse(f"/negotiations/{slug}", status_code=303)


@router.get("/negotiations/{slug}/versions/{version_id}/consolidated")
def consolidated(
    request: Request,
    slug: str,
    version_id: int,
    language: Annotated[str, Query(max_length=35)] = "",
) -> Response:
    """``?language=nl``: in that language text, each proposal in its Dutch wording."""
    db, who = request.app.state.db, actor(request)
    found = consolidation.consolidated_text(db, who, version_id, language=language)
    body = _body(found)
    try:
        derivation.check_may_derive(db, who, version_id)
        may_derive = True
    except PermissionDenied:
        may_derive = False
    return render(
        request,
        "drafting/consolidated.html",
        slug=slug,
        found=found,
        body=body,
        may_derive=may_derive,
    )


# The service hands out the same Consolidated while the record does not change; the HTML made
# from it (193 responses of 400 positions: about 1 MB) is kept with it and reused.
_bodies: StateCache[tuple[int, str], Consolidated, Shown] = StateCache(16)


def _body(found: Consolidated) -> Shown:
    body = _bodies.get((found.version_id, found.language), found)
    if body is None:
        body = kept(consolidated_html(found.text))  # the renderer escapes every text
        _bodies.put((found.version_id, found.language), found, body)
    return body


@router.get("/negotiations/{slug}/compare")
def compare(
    request: Request, slug: str, old: int | None = None, new: int | None = None
) -> Response:
    if old is None or new is None:  # nothing chosen yet: the page that lets one choose
        chosen = "&".join(f"{k}={v}" for k, v in (("old", old), ("new", new)) if v is not None)
        return RedirectResponse(f"/compare?{chosen}", status_code=303)
    old_label, new_label, result = consolidation.version_redline(
        request.app.state.db, actor(request), old, new
    )
    body = Markup(render_html_body(result))  # noqa: S704 - the renderer escapes every text
    return render(
        request,
        "drafting/compare.html",
        slug=slug,
        old=old,
        new=new,
        old_label=old_label,
        new_label=new_label,
        body=body,
    )


@router.get("/negotiations/{slug}/versions/{version_id}/derive")
def derive_form(request: Request, slug: str, version_id: int) -> Response:
    db, who = request.app.state.db, signed_in(request)
    derivation.check_may_derive(db, who, version_id)
    found = consolidation.consolidated_text(db, who, version_id)
    lacking = _lacking(
        consolidation.consolidated_text(db, who, version_id, language=language)
        for language in found.languages[1:]
    )
    return render(request, "drafting/derive.html", slug=slug, found=found, lacking=lacking)


def _lacking(texts: Iterable[Consolidated]) -> dict[str, list[str]]:
    """Whose proposals lack which language ("Party B: nl"), by the key of the provision they
    amend (``after-<key>`` for a proposed provision): the wordings the drafters must give to
    adopt them."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for item in text.text.items:
            if isinstance(item, BracketedProvision):
                options, key = item.whole, item.provision.key
            else:
                options, key = (item.option,), f"after-{item.after}"
            for option in options:
                if option.lacking:
                    said = (f"{party}: {option.lacking}" for party in option.parties)
                    found.setdefault(key, []).extend(said)
    return found


@router.post("/negotiations/{slug}/versions/{version_id}/derive")
async def derive(request: Request, slug: str, version_id: int) -> Response:
    form = await read_form(request)
    db, who = request.app.state.db, signed_in(request)
    others = (
        await run_in_threadpool(consolidation.consolidated_text, db, who, version_id)
    ).languages[1:]
    choices = []
    for name, value in form.multi_items():
        if name.startswith("do-") and isinstance(value, str) and value not in ("", "keep"):
            key = name[3:]
            action, _, party = value.partition(":")
            text = str(form.get(f"text-{key}", ""))
            wordings = _choice_wordings(form, f"text-{key}", others)
            try:
                choices.append(Choice(key, Action(action), party, text, wordings))
            except ValueError:
                raise ValidationError(f"{key}: unknown choice {value!r}") from None
    for value in form.getlist("insert"):
        after, _, party = str(value).partition(":")
        wordings = _choice_wordings(form, f"insert-{value}", others)
        choices.append(Choice(after, Action.INSERT, party, wordings=wordings))
    made = await run_in_threadpool(
        derivation.derive_version,
        request.app.state.db,
        signed_in(request),
        version_id,
        choices,
        label=str(form.get("label", "")),
    )
    if isinstance(made, PendingVersion):
        return RedirectResponse(f"/negotiations/{slug}/pending/{made.id}", status_code=303)
    target = f"/negotiations/{slug}/compare?old={version_id}&new={made.id}"
    return RedirectResponse(target, status_code=303)


def _choice_wordings(form: FormData, field: str, others: Sequence[str]) -> dict[str, str]:
    """The drafters' wording in each other language (``{field}-{language}``), where given:
    a compromise's, or an adopted proposal's where its party gave none."""
    found = {lang: str(form.get(f"{field}-{lang}", "")) for lang in others}
    return {lang: text for lang, text in found.items() if text.strip()}


def _drafting(request: Request, slug: str) -> list[str]:
    """The parties the user drafts for, for a form that acts for one: refused outright to
    observers and visitors, who could only fill it in to be refused."""
    mine = drafting_parties(request, slug)
    if not mine:
        raise PermissionDenied(f"{signed_in(request)} drafts for no party in {slug}")
    return mine


def _drafting_for(request: Request, slug: str, party: str) -> None:
    """Refuse a preview for a party the user does not draft for, as tabling it would be."""
    if party not in _drafting(request, slug):
        raise PermissionDenied(f"{signed_in(request)} does not draft for {party}")


def _due(value: str) -> datetime:
    """``2027-01-31`` is the end of that day, UTC (as on the command line)."""
    try:
        day = datetime.fromisoformat(value).date()
    except ValueError:
        raise ValidationError(f"due date {value!r}: choose a date") from None
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
