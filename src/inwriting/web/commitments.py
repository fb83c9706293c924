"""The commitments ledger and a commitment's history, as pages; and the forms to record a
promise, rate it (or withdraw it) and dispute it, as the CLI and the API do, through the
same services. A refused form is shown again in place, with every problem and what was
typed, and nothing is recorded."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from inwriting.domain.commitments import TRANSITIONS, CommitmentStatus, Evidence, Source, SourceKind
from inwriting.domain.visible import restored
from inwriting.errors import (
    Conflict,
    InWritingError,
    PermissionDenied,
    Problem,
    ValidationError,
    missing,
)
from inwriting.http.auth import actor, signed_in
from inwriting.http.statuses import status_of
from inwriting.http.uploads import edited_text, read_form
from inwriting.services import commitments, negotiations, parties
from inwriting.web.templating import render

router = APIRouter(include_in_schema=False)
_REFUSALS = (ValidationError, PermissionDenied, Conflict)


@router.get("/negotiations/{slug}/commitments")
def ledger(
    request: Request,
    slug: str,
    party: str | None = None,
    status: CommitmentStatus | None = None,
    overdue: bool = False,
) -> Response:
    return _ledger(request, slug, party, status, overdue)


def _ledger(
    request: Request,
    slug: str,
    party: str | None = None,
    status: CommitmentStatus | None = None,
    overdue: bool = False,
    refusal: InWritingError | None = None,
    typed: Mapping[str, object] | None = None,
) -> Response:
    db, who = request.app.state.db, actor(request)
    neg = negotiations.get_negotiation(db, who, slug)
    found = commitments.list_commitments(
        db, who, slug, party=party or None, status=status, overdue_only=overdue
    )
    return render(
        request,
        "commitments/ledger.html",
        status_of(refusal) if refusal else 200,
        negotiation=neg,
        commitments=found,
        party=party or "",
        status_filter=status.value if status else "",
        overdue=overdue,
        statuses=[s.value for s in CommitmentStatus],
        sources=[s.value for s in SourceKind],
        mine=_mine(request, slug),
        refusal=refusal,
        typed=typed or {},
    )


@router.post("/negotiations/{slug}/commitments")
async def record(request: Request, slug: str) -> Response:
    """Record a promise: who made it, to whom, the exact words and where they were said."""
    form = await read_form(request)
    db, who = request.app.state.db, signed_in(request)

    def recorded() -> int:
        source = Source(
            _kind(edited_text(form, "source")),
            edited_text(form, "citation"),
            edited_text(form, "quote"),
            edited_text(form, "link"),
        )
        due = edited_text(form, "due")
        return commitments.record_commitment(
            db,
            who,
            slug,
            edited_text(form, "party"),
            edited_text(form, "text"),
            source,
            made_at=_moment(edited_text(form, "made"), "made_at", end_of_day=False),
            to=[t for t in _fields(form, "to") if t],
            person=edited_text(form, "person"),
            due_at=_moment(due, "due_at", end_of_day=True) if due else None,
        ).id

    try:
        done = await run_in_threadpool(recorded)
    except _REFUSALS as refused:
        typed = {k: _fields(form, k) if k == "to" else edited_text(form, k) for k in form}
        args = (request, slug, None, None, False, refused, typed)
        return await run_in_threadpool(_ledger, *args)
    return RedirectResponse(f"/negotiations/{slug}/commitments/{done}", status_code=303)


@router.get("/negotiations/{slug}/commitments/{commitment_id}")
def commitment(request: Request, slug: str, commitment_id: int) -> Response:
    return _commitment(request, slug, commitment_id)


def _commitment(
    request: Request,
    slug: str,
    commitment_id: int,
    refusal: InWritingError | None = None,
    typed: dict[str, str] | None = None,
) -> Response:
    found = commitments.get_commitment(request.app.state.db, actor(request), commitment_id)
    if found.negotiation != slug:
        raise missing("commitment")
    return render(
        request,
        "commitments/commitment.html",
        status_of(refusal) if refusal else 200,
        c=found,
        slug=slug,
        mine=_mine(request, slug),
        next_statuses=[
            s.value
            for s in sorted(TRANSITIONS[found.status], key=list(CommitmentStatus).index)
            if s is not CommitmentStatus.DISPUTED
        ],
        refusal=refusal,
        typed=typed or {},
    )


@router.post("/negotiations/{slug}/commitments/{commitment_id}/{action}")
async def change(request: Request, slug: str, commitment_id: int, action: str) -> Response:
    """``status`` (rate, withdraw, settle a dispute) or ``dispute``, with evidence."""
    if action not in ("status", "dispute"):
        raise missing("page")
    form = await read_form(request)
    db, who = request.app.state.db, signed_in(request)

    def changed() -> None:
        if commitments.get_commitment(db, who, commitment_id).negotiation != slug:
            raise missing("commitment")
        evidence = Evidence(
            edited_text(form, "citation"),
            edited_text(form, "link"),
            _entry(edited_text(form, "record_entry")),
        )
        party = edited_text(form, "party") or None
        if action == "dispute":
            commitments.dispute(
                db, who, commitment_id, party or "", edited_text(form, "rationale"), evidence
            )
        else:
            new = _status(edited_text(form, "status"))
            rationale = edited_text(form, "rationale")
            commitments.change_status(db, who, commitment_id, new, rationale, evidence, party=party)

    try:
        await run_in_threadpool(changed)
    except _REFUSALS as refused:
        typed = {k: edited_text(form, k) for k in form if k != "csrf"}
        typed["action"] = action
        args = (request, slug, commitment_id, refused, typed)
        return await run_in_threadpool(_commitment, *args)
    return RedirectResponse(f"/negotiations/{slug}/commitments/{commitment_id}", status_code=303)


# -- parsing the forms --------------------------------------------------------------------------


def _mine(request: Request, slug: str) -> list[str]:
    """The parties the user drafts for here: whom the forms offer to act for."""
    who = actor(request)
    if who.anonymous:
        return []
    return parties.drafting_parties(request.app.state.db, who, slug)


def _moment(value: str, field: str, *, end_of_day: bool) -> datetime:
    """``2026-03-01`` (its start, or its end for a due date) or ``2026-03-01T10:00``, UTC."""
    try:
        if len(value) == 10:
            day = datetime.fromisoformat(value).date()
            return datetime.combine(day, time(23, 59, 59) if end_of_day else time(), tzinfo=UTC)
        moment = datetime.fromisoformat(value)
    except ValueError:
        problem = Problem(f"{value!r} is not a date: write 2026-03-01", "commitment", field)
        raise ValidationError(f"{field}: not a date", [problem]) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _kind(value: str) -> SourceKind:
    try:
        return SourceKind(value)
    except ValueError:
        raise ValidationError(f"source: unknown kind {value!r}") from None


def _status(value: str) -> CommitmentStatus:
    try:
        return CommitmentStatus(value)
    except ValueError:
        raise ValidationError(f"status: unknown status {value!r}") from None


def _entry(value: str) -> int | None:
    if not value.strip():
        return None
    if not value.strip().isdigit() or len(value.strip()) > 18:
        raise ValidationError(f"record entry: {value!r} is not an entry's number")
    return int(value)


def _fields(form: FormData, name: str) -> list[str]:
    values = form.getlist(name)
    if not all(isinstance(v, str) for v in values):
        raise ValidationError(f"{name}: expected text, not a file")
    return [restored(str(v)) for v in values]
