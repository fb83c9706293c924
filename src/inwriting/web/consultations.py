"""Public consultation pages: the comment form and summary beside a provision (included by
the provision page), the moderation page, and a provision's comments as CSV or XLSX."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from inwriting.domain.consultations import CommentText, Stance
from inwriting.errors import NotFound, ValidationError
from inwriting.formats.tables import write_csv, write_xlsx
from inwriting.http.auth import actor, signed_in
from inwriting.http.uploads import form_text, read_form
from inwriting.services import consultations, documents
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _page(slug: str, version_id: int) -> str:
    return f"/negotiations/{slug}/versions/{version_id}"


def _same(request: Request, slug: str, version_id: int) -> None:
    """The version belongs to the negotiation the address names (else: not found)."""
    if documents.version_negotiation(request.app.state.db, actor(request), version_id) != slug:
        raise NotFound(f"version {version_id} not found")


@router.post("/negotiations/{slug}/versions/{version_id}/provisions/{key}/comment")
async def comment(request: Request, slug: str, version_id: int, key: str) -> Response:
    form = await read_form(request)
    who = signed_in(request)
    stance = form_text(form, "stance")
    if stance not in {s.value for s in Stance}:
        raise ValidationError("choose support, oppose or amend")
    text = CommentText(Stance(stance), form_text(form, "reason"), form_text(form, "wording"))

    def add() -> None:
        _same(request, slug, version_id)
        consultations.add_comment(request.app.state.db, who, version_id, key, text)

    await run_in_threadpool(add)
    url = f"{_page(slug, version_id)}/provisions/{key}?commented=1#public-comment"
    return RedirectResponse(url, status_code=303)


@router.get("/negotiations/{slug}/versions/{version_id}/provisions/{key}/comments.{fmt}")
def download(request: Request, slug: str, version_id: int, key: str, fmt: str) -> Response:
    if fmt not in ("csv", "xlsx"):
        raise NotFound(f"no download as {fmt!r}: csv or xlsx")
    _same(request, slug, version_id)
    header, rows = consultations.comment_table(
        request.app.state.db, actor(request), version_id, key
    )
    name = f"{slug}-v{version_id}-{key}-comments.{fmt}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt == "csv":
        data = write_csv(header, rows).encode("utf-8")
        return Response(data, media_type="text/csv; charset=utf-8", headers=disposition)
    data = write_xlsx(header, rows, sheet=f"{key} comments")
    return Response(data, media_type=_XLSX, headers=disposition)


@router.get("/negotiations/{slug}/versions/{version_id}/consultation")
def moderation(request: Request, slug: str, version_id: int) -> Response:
    """The tabling party's page: open or close comment, and the queue by argument."""
    db, who = request.app.state.db, actor(request)
    _same(request, slug, version_id)
    queue = consultations.moderation_queue(db, who, version_id)
    found = consultations.get_consultation(db, who, version_id)
    return render(
        request,
        "consultations/moderation.html",
        slug=slug,
        version_id=version_id,
        consultation=found,
        queue=queue,
    )


@router.post("/negotiations/{slug}/versions/{version_id}/consultation/{action}")
async def act(request: Request, slug: str, version_id: int, action: str) -> Response:
    form = await read_form(request)
    who, db = signed_in(request), request.app.state.db
    if action not in ("open", "close", "publish", "reject"):
        raise NotFound(f"no action {action!r}")
    groups = tuple(int(g) for g in form.getlist("group") if isinstance(g, str) and g.isdigit())

    def run() -> None:
        _same(request, slug, version_id)
        if action == "open":
            consultations.open_consultation(db, who, version_id)
        elif action == "close":
            consultations.close_consultation(db, who, version_id)
        else:
            consultations.moderate(db, who, version_id, publish=action == "publish", groups=groups)

    await run_in_threadpool(run)
    return RedirectResponse(f"{_page(slug, version_id)}/consultation", status_code=303)
