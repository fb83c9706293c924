"""The response editor: article by article, autosaved as a private draft; approve and submit
for principals; the submitted response read-only with its record receipt."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from inwriting.domain.documents import Provision
from inwriting.domain.responses import Position, PositionKind, ResponseContent, ResponseKind
from inwriting.domain.statements import Action
from inwriting.errors import Conflict, InWritingError, NotFound, PermissionDenied, ValidationError
from inwriting.formats.responses.imports import read_any_response
from inwriting.http.auth import signed_in
from inwriting.http.statuses import status_of
from inwriting.http.uploads import edited_text, read_form, read_signature, read_upload
from inwriting.services import (
    clearance,
    discussion,
    documents,
    languages,
    parties,
    record,
    responses,
)
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)
MAX_ADDITIONS = 20


@router.get("/negotiations/{slug}/versions/{version_id}/respond")
def editor(request: Request, slug: str, version_id: int, party: str | None = None) -> Response:
    return _editor(request, slug, version_id, party)


def _editor(
    request: Request,
    slug: str,
    version_id: int,
    party: str | None,
    refusal: InWritingError | None = None,
) -> Response:
    """The editor, with the approve and submit buttons the service would honour for this
    user, and (after a refused approval or submission) why it was refused, in place."""
    db, who = request.app.state.db, signed_in(request)
    text = documents.get_version(db, who, version_id)
    mine = _my_party(request, slug, party)
    current = responses.find_current_response(db, who, version_id, mine)
    allowed = responses.allowed_actions(db, who, current.id) if current else None
    chain = _clearance(request, current)
    return render(
        request,
        "responses/editor.html",
        status_of(refusal) if refusal else 200,
        text=text,
        slug=slug,
        party=mine,
        response=current,
        positions=_by_key(current),
        additions=_additions(current),
        actions=allowed,
        refusal=refusal,
        clearance=chain,
        statements=_statements(request, current, allowed),
        threads=_threads(request, version_id),
        others=_other_languages(request, version_id),
    )


def _other_languages(request: Request, version_id: int) -> dict[str, dict[str, str]]:
    """The version's other languages, each with its provisions' texts by key: one field per
    language on an amendment or addition, the current text beside it for reference."""
    texts = languages.list_language_texts(request.app.state.db, signed_in(request), version_id)
    return {t.language: {p.key: p.text for p in t.provisions} for t in texts if not t.original}


def _clearance(request: Request, current: responses.Response | None) -> clearance.Status | None:
    """The draft's place in its party's clearance chain (None: sent, or no chain)."""
    if current is None or current.status.sent:
        return None
    return responses.clearance_status(request.app.state.db, signed_in(request), current.id)


def _statements(
    request: Request, current: responses.Response | None, allowed: responses.Actions | None
) -> dict[str, str]:
    """What the user would sign to approve or submit the draft now, for the forms' "sign in
    this browser" path; only the acts they may do."""
    if current is None or allowed is None:
        return {}
    db, who = request.app.state.db, signed_in(request)
    origin = request.app.state.settings.record_origin
    acts = {"approve": Action.RESPONSE_APPROVED, "submit": Action.RESPONSE_SUBMITTED}
    return {
        name: responses.statement_for(db, who, current.id, act, origin).text()
        for name, act in acts.items()
        if getattr(allowed, name)
    }


@router.post("/negotiations/{slug}/versions/{version_id}/respond")
async def save(request: Request, slug: str, version_id: int) -> Response:
    form = await read_form(request)
    db, who = request.app.state.db, signed_in(request)

    def save_draft() -> responses.Response:
        mine = _my_party(request, slug, edited_text(form, "party"))
        provisions = documents.get_version(db, who, version_id).provisions
        others = tuple(_other_languages(request, version_id))
        return responses.save_draft(db, who, version_id, _draft(form, mine, provisions, others))

    saved = await run_in_threadpool(save_draft)
    if request.headers.get("hx-request") == "true":  # autosave: just the status partial
        return render(request, "responses/_status.html", response=saved, slug=slug)
    url = f"/negotiations/{slug}/versions/{version_id}/respond?party={saved.party}"
    return RedirectResponse(url, status_code=303)


@router.post("/negotiations/{slug}/versions/{version_id}/respond/upload")
async def upload(
    request: Request,
    slug: str,
    version_id: int,
    file: Annotated[UploadFile, File()],
    party: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """A response file (YAML, JSON, Word table, comment matrix) saved as the party's draft;
    the editor then shows what it answers and every problem left."""
    who = signed_in(request)
    name, data = await read_upload(file, default_name="response.yaml")

    def save_file() -> str:
        mine = _my_party(request, slug, party or None)
        draft = read_any_response(data, source=name, party=mine)
        responses.save_draft(request.app.state.db, who, version_id, replace(draft, party=mine))
        return mine

    mine = await run_in_threadpool(save_file)
    url = f"/negotiations/{slug}/versions/{version_id}/respond?party={mine}"
    return RedirectResponse(url, status_code=303)


@router.post("/negotiations/{slug}/responses/{response_id}/{action}")
async def act(request: Request, slug: str, response_id: int, action: str) -> Response:
    db, who = request.app.state.db, signed_in(request)
    if action not in ("approve", "submit"):
        raise NotFound(f"no action {action!r}")
    service = responses.approve_response if action == "approve" else responses.submit_response
    signature = await read_signature(request)
    await (await read_form(request)).close()  # its spooled files: nothing else reads this form
    origin = request.app.state.settings.record_origin
    try:
        done = await run_in_threadpool(
            lambda: service(db, who, response_id, signature=signature, origin=origin)
        )
    except (PermissionDenied, ValidationError, Conflict) as refused:
        # Shown on the editor, the draft as it was, rather than on a page of its own.
        found = await run_in_threadpool(responses.get_response, db, who, response_id)
        args = (request, slug, found.version_id, found.party, refused)
        return await run_in_threadpool(_editor, *args)
    target = f"/negotiations/{slug}/responses/{done.id}"
    if not done.status.sent:
        target = f"/negotiations/{slug}/versions/{done.version_id}/respond?party={done.party}"
    return RedirectResponse(target, status_code=303)


@router.get("/negotiations/{slug}/responses/{response_id}")
def show(request: Request, slug: str, response_id: int) -> Response:
    db = request.app.state.db
    found = responses.get_response(db, signed_in(request), response_id)
    text = documents.get_version(db, signed_in(request), found.version_id)
    labels = {p.key: p.label for p in text.provisions}
    return render(
        request,
        "responses/show.html",
        response=found,
        text=text,
        labels=labels,
        slug=slug,
        clearance=_clearance(request, found),
    )


@router.get("/negotiations/{slug}/responses/{response_id}/receipt")
def receipt(request: Request, slug: str, response_id: int) -> Response:
    db, who = request.app.state.db, signed_in(request)
    found = responses.get_response(db, who, response_id)
    if found.record_index is None:
        raise NotFound("a draft has no receipt: it is not on the record until submitted")
    state = request.app.state
    proof = record.receipt(
        db, who, found.record_index, state.record_keys.get(), state.settings.witness_quorum
    )
    name = f"response-{found.id}.tlog-proof"
    return PlainTextResponse(
        proof.format(), headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def drafting_parties(request: Request, slug: str) -> list[str]:
    """The parties of ``slug`` the signed-in user drafts for (drafter or principal)."""
    return parties.drafting_parties(request.app.state.db, signed_in(request), slug)


def _my_party(request: Request, slug: str, wanted: str | None) -> str:
    """The party the signed-in user drafts for: ``wanted`` (a form names the party it was
    filled in for), or the first of theirs when nothing is named."""
    mine = drafting_parties(request, slug)
    if wanted and wanted not in mine:
        raise PermissionDenied(f"{signed_in(request)} does not draft for {wanted}")
    if not mine:
        raise PermissionDenied(f"{signed_in(request)} drafts for no party in {slug}")
    return wanted or mine[0]


def _threads(request: Request, version_id: int) -> dict[str, list[discussion.Thread]]:
    """The threads the user may read on the version, by the key of their provision."""
    found: dict[str, list[discussion.Thread]] = {}
    for t in discussion.list_threads(request.app.state.db, signed_in(request), version_id):
        found.setdefault(t.key, []).append(t)
    return found


def _by_key(current: responses.Response | None) -> dict[str, Position]:
    if current is None:
        return {}
    return {p.provision: p for p in current.content.positions if p.kind is not PositionKind.ADD}


def _additions(current: responses.Response | None) -> list[Position]:
    if current is None:
        return []
    return [p for p in current.content.positions if p.kind is PositionKind.ADD]


def _draft(
    form: FormData, party: str, provisions: tuple[Provision, ...], others: tuple[str, ...]
) -> ResponseContent:
    positions: list[Position] = []
    for p in provisions:
        key = p.key
        choice = edited_text(form, f"pos-{key}")
        if not choice:
            continue
        positions.append(_position(form, choice, key, others))
    for n in range(MAX_ADDITIONS):
        after, text = edited_text(form, f"add-after-{n}"), edited_text(form, f"add-text-{n}")
        if after and text.strip():
            reason = edited_text(form, f"add-reason-{n}")
            wordings = _wordings(form, f"add-text-{n}", others)
            positions.append(
                Position(PositionKind.ADD, after=after, text=text, reason=reason, wordings=wordings)
            )
    kind = (
        ResponseKind.INTERIM
        if edited_text(form, "kind") == ResponseKind.INTERIM
        else ResponseKind.FORMAL
    )
    return ResponseContent(party, kind, edited_text(form, "cover_note"), tuple(positions))


def _wordings(form: FormData, field: str, others: tuple[str, ...]) -> dict[str, str]:
    """The fields ``{field}-{language}`` filled in: a field left empty is a language the
    proposal still lacks (said on the editor), not an empty wording."""
    found = {lang: edited_text(form, f"{field}-{lang}") for lang in others}
    return {lang: text for lang, text in found.items() if text.strip()}


def _position(form: FormData, choice: str, key: str, others: tuple[str, ...]) -> Position:
    try:
        kind = PositionKind(choice)
    except ValueError:
        raise ValidationError(f"{key}: unknown position {choice!r}") from None
    keep = {
        "text": kind in (PositionKind.AMEND,),
        "reason": kind in (PositionKind.AMEND, PositionKind.REJECT, PositionKind.DELETE),
        "exception": kind is PositionKind.ACCEPT_WITH_EXCEPTION,
    }
    fields = {
        name: edited_text(form, f"{name}-{key}") if wanted else "" for name, wanted in keep.items()
    }
    wordings = _wordings(form, f"text-{key}", others) if keep["text"] else {}
    return Position(
        kind,
        provision=key,
        text=fields["text"],
        reason=fields["reason"],
        exception=fields["exception"],
        wordings=wordings,
    )
