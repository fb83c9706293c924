"""A whole negotiation as one JSON document, and back: for archives, moves between servers,
and outsiders who want everything that was put in writing.

The export holds what participants may see: the negotiation, its parties and members, every
tabled version with its text, every request, every submitted response (never drafts, which
are private to their party), and every commitment with its history. It carries a
``format_version`` and the content digests, so an import can be checked against them.

An import replays the export through the services, as the people who acted and at the times
they acted, into a database that does not have the negotiation yet: every rule is checked
again, every change is appended to this database's record, and each version's and response's
digest must come out as exported. Statuses InWriting derives from the facts (a deadline kept
or broken) are derived again rather than copied.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inwriting.domain.commitments import CommitmentStatus, Evidence, Source, SourceKind
from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.languages import DEFAULT_LANGUAGE, LanguageProvision, language_document
from inwriting.domain.negotiations import Role, Visibility
from inwriting.domain.responses import (
    SENT,
    Position,
    PositionKind,
    ResponseContent,
    ResponseKind,
)
from inwriting.errors import Conflict, FormatError
from inwriting.services import (
    commitments,
    documents,
    languages,
    negotiations,
    parties,
    requests,
    responses,
)
from inwriting.services import users as user_service
from inwriting.services.actors import OPERATOR, Actor, require_admin, require_read
from inwriting.storage import queries
from inwriting.storage.conversions import (
    draft_from_row,
    language_provision_from_row,
    provision_from_row,
)
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    CommitmentRow,
    LanguageTextRow,
    NegotiationRow,
    PartyRow,
    RequestRow,
    ResponseRow,
    UserRow,
    VersionRow,
)

FORMAT_VERSION = 1
KIND = "inwriting.negotiation"
VersionRef = tuple[str, int]  # (document slug, version number)


def export_negotiation(db: Database, actor: Actor, slug: str) -> dict[str, Any]:
    with db.reading() as session:
        neg = queries.get_negotiation(session, slug)
        require_read(session, neg, actor)
        refs = {v.id: (d.slug, v.number) for d in neg.documents for v in d.versions}
        members = {m.user.username: m.user.display_name for p in neg.parties for m in p.members}
        return {
            "format_version": FORMAT_VERSION,
            "kind": KIND,
            "negotiation": {
                "slug": neg.slug,
                "title": neg.title,
                "visibility": neg.visibility,
                "created_at": _t(neg.created_at),
            },
            "users": [{"username": u, "display_name": n} for u, n in sorted(members.items())],
            "parties": [_party(p) for p in neg.parties],
            "documents": [
                {
                    "slug": d.slug,
                    "title": d.title,
                    "versions": [_version(v, refs) for v in d.versions],
                }
                for d in neg.documents
            ],
            "requests": [_request(r, refs) for r in _rows(session, RequestRow, refs)],
            "responses": [_response(r, refs) for r in _submitted(session, refs)],
            "commitments": [_commitment(c) for c in _commitments(session, neg)],
        }


def import_negotiation(db: Database, actor: Actor, data: object) -> str:
    """Replay an export into this database (an administrator or the operator); returns the
    negotiation's slug. Refused if the negotiation is already here."""
    export = _checked(data)
    slug = str(export["negotiation"]["slug"])
    with db.reading() as session:
        require_admin(session, actor)
        if session.scalar(select(NegotiationRow.id).where(NegotiationRow.slug == slug)):
            raise Conflict(f"this database already has a negotiation {slug!r}")
    _replay_people(db, export)
    refs = _replay_versions(db, export)
    for _, _, step in sorted(_later_steps(db, export, refs), key=lambda t: (t[0], t[1])):
        step()
    return slug


# -- export ---------------------------------------------------------------------------------


def _t(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _party(row: PartyRow) -> dict[str, Any]:
    return {
        "name": row.name,
        "requires_approval": row.requires_approval,
        "created_at": _t(row.created_at),
        "members": [{"username": m.user.username, "role": m.role} for m in row.members],
    }


def _version(row: VersionRow, refs: dict[int, VersionRef]) -> dict[str, Any]:
    return {
        "number": row.number,
        "label": row.label,
        "title": row.title,
        "tabled_by": row.tabled_by.name,
        "tabled_by_user": _username(row, "tabled_by_user_id"),
        "tabled_at": _t(row.tabled_at),
        "baseline": list(refs[row.baseline_id]) if row.baseline_id in refs else None,
        "source_name": row.source_name,
        "content_sha256": row.content_sha256,
        "provisions": [provision_from_row(p).as_dict() for p in row.provisions],
        # Since language texts: absent in older exports (then "en" and none).
        "language": row.language,
        "language_texts": [_language_text(t) for t in row.language_texts],
    }


def _language_text(row: LanguageTextRow) -> dict[str, Any]:
    return {
        "language": row.language,
        "title": row.title,
        "added_by": row.added_by.name,
        "added_by_user": _username(row, "added_by_user_id"),
        "added_at": _t(row.added_at),
        "source_name": row.source_name,
        "content_sha256": row.content_sha256,
        "provisions": [language_provision_from_row(p).as_dict() for p in row.provisions],
    }


def _request(row: RequestRow, refs: dict[int, VersionRef]) -> dict[str, Any]:
    return {
        "version": list(refs[row.version_id]),
        "requested_by": row.requested_by.name,
        "requested_by_user": _username(row, "requested_by_user_id"),
        "asked": [a.party.name for a in row.asked],
        "due_at": _t(row.due_at),
        "allows_interim": row.allows_interim,
        "note": row.note,
        "created_at": _t(row.created_at),
    }


def _position(p: Position) -> dict[str, Any]:
    exported: dict[str, Any] = {
        "position": p.kind.value,
        "provision": p.provision,
        "after": p.after,
        "text": p.text,
        "reason": p.reason,
        "exception": p.exception,
    }
    if p.wordings:  # since wordings: absent in older exports and for positions without
        exported["wordings"] = dict(p.wordings)
    return exported


def _response(row: ResponseRow, refs: dict[int, VersionRef]) -> dict[str, Any]:
    draft = draft_from_row(row)
    return {
        "version": list(refs[row.version_id]),
        "party": row.party.name,
        "kind": row.kind,
        "cover_note": row.cover_note,
        "positions": [_position(p) for p in draft.positions],
        "drafted_by": row.drafted_by.username,
        "approved_by": row.approved_by.username if row.approved_by else None,
        "approved_at": _t(row.approved_at),
        "submitted_by": row.submitted_by.username if row.submitted_by else None,
        "submitted_at": _t(row.submitted_at),
        "content_sha256": row.content_sha256,
    }


def _commitment(row: CommitmentRow) -> dict[str, Any]:
    return {
        "party": row.party.name,
        "person": row.person,
        "to": [p.party.name for p in row.promisees],
        "text": row.text,
        "made_at": _t(row.made_at),
        "source": {
            "kind": row.source_kind,
            "citation": row.source_citation,
            "quote": row.source_quote,
            "link": row.source_link,
        },
        "due_at": _t(row.due_at),
        "recorded_by": row.changes[0].recorded_by.username if row.changes[0].recorded_by else None,
        "created_at": _t(row.created_at),
        "history": [
            {
                "status": c.status,
                "effective_at": _t(c.effective_at),
                "recorded_at": _t(c.recorded_at),
                "recorded_by": c.recorded_by.username if c.recorded_by else None,
                "party": c.party.name if c.party else None,
                "automatic": c.automatic,
                "rationale": c.rationale,
                "evidence": {"citation": c.evidence_citation, "link": c.evidence_link},
            }
            for c in row.changes
        ],
    }


def _username(row: VersionRow | RequestRow | LanguageTextRow, column: str) -> str:
    session = Session.object_session(row)
    assert session is not None  # rows here are always attached
    user: UserRow = session.get_one(UserRow, getattr(row, column))
    return user.username


def _rows(
    session: Session, model: type[RequestRow], refs: dict[int, VersionRef]
) -> list[RequestRow]:
    return list(session.scalars(select(model).where(model.version_id.in_(refs)).order_by(model.id)))


def _submitted(session: Session, refs: dict[int, VersionRef]) -> list[ResponseRow]:
    return list(
        session.scalars(
            select(ResponseRow)
            .where(ResponseRow.version_id.in_(refs))
            .where(ResponseRow.status.in_(SENT))
            .order_by(ResponseRow.submitted_at, ResponseRow.id)
        )
    )


def _commitments(session: Session, neg: NegotiationRow) -> list[CommitmentRow]:
    return list(
        session.scalars(
            select(CommitmentRow)
            .where(CommitmentRow.negotiation_id == neg.id)
            .order_by(CommitmentRow.created_at, CommitmentRow.id)  # as an import replays them
        )
    )


# -- import ---------------------------------------------------------------------------------


def _checked(data: object) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise FormatError(f"not an InWriting negotiation export (expected kind {KIND!r})")
    if data.get("format_version") != FORMAT_VERSION:
        raise FormatError(f"unknown format_version {data.get('format_version')!r}")
    for key in (
        "negotiation",
        "users",
        "parties",
        "documents",
        "requests",
        "responses",
        "commitments",
    ):
        if key not in data:
            raise FormatError(f"the export has no {key!r}")
    return data


def _dt(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise FormatError(f"not a time: {value!r}") from None


def _ref(item: dict[str, Any]) -> VersionRef:
    document, number = item["version"]
    return str(document), int(number)


def _replay_people(db: Database, export: dict[str, Any]) -> None:
    neg = export["negotiation"]
    start = _dt(neg["created_at"])
    for user in export["users"]:
        with contextlib.suppress(Conflict):  # already here: the same person acts again
            user_service.create_user(
                db, OPERATOR, user["username"], user["display_name"], now=start
            )
    negotiations.create_negotiation(
        db,
        OPERATOR,
        neg["title"],
        slug=neg["slug"],
        visibility=Visibility(neg["visibility"]),
        now=start,
    )
    for party in export["parties"]:
        parties.add_party(
            db,
            OPERATOR,
            neg["slug"],
            party["name"],
            requires_approval=party["requires_approval"],
            now=_dt(party["created_at"]),
        )
        for member in party["members"]:
            parties.add_member(
                db,
                OPERATOR,
                neg["slug"],
                party["name"],
                member["username"],
                Role(member["role"]),
                now=_dt(party["created_at"]),
            )


def _replay_language_text(
    db: Database, version_id: int, provisions: tuple[Provision, ...], text: dict[str, Any]
) -> None:
    """Add an exported language text again: its provisions are the version's, by key, so
    it aligns as it did; its digest must come out as exported."""
    translated = tuple(LanguageProvision(**p) for p in text["provisions"])
    parsed = ParsedDocument(text["title"], language_document(provisions, translated))
    added = languages.add_language_text(
        db,
        Actor(text["added_by_user"]),
        version_id,
        text["language"],
        parsed,
        source_name=text["source_name"],
        now=_dt(text["added_at"]),
    )
    if added.content_sha256 != text["content_sha256"]:
        raise FormatError(f"the {text['language']} text does not match its exported digest")


def _replay_versions(db: Database, export: dict[str, Any]) -> dict[VersionRef, int]:
    slug = export["negotiation"]["slug"]
    tabled = sorted(
        ((d, v) for d in export["documents"] for v in d["versions"]),
        key=lambda dv: dv[1]["tabled_at"],
    )
    refs: dict[VersionRef, int] = {}
    created: dict[str, str] = {}  # exported document slug -> slug here
    for document, version in tabled:
        provisions = tuple(
            Provision(
                p["key"],
                ProvisionKind(p["kind"]),
                p["label"],
                p["number"],
                p["heading"],
                p["text"],
                p["parent"],
                tuple(p.get("notes", ())),
            )
            for p in version["provisions"]
        )
        baseline = refs.get(_ref({"version": version["baseline"]})) if version["baseline"] else None
        made = documents.table_version(
            db,
            Actor(version["tabled_by_user"]),
            slug,
            version["tabled_by"],
            ParsedDocument(version["title"], provisions),
            document=created.get(document["slug"]),
            label=version["label"],
            baseline_id=baseline,
            source_name=version["source_name"],
            language=version.get("language", DEFAULT_LANGUAGE),
            now=_dt(version["tabled_at"]),
        )
        # the negotiation was created by this import: its parties have no clearance chain
        assert isinstance(made, documents.Version)
        if made.content_sha256 != version["content_sha256"]:
            raise FormatError(f"version {version['label']!r} does not match its exported digest")
        for text in version.get("language_texts", []):
            _replay_language_text(db, made.id, provisions, text)
        created[document["slug"]] = made.document
        refs[(document["slug"], version["number"])] = made.id
    return refs


Step = tuple[datetime, int, Callable[[], object]]


def _later_steps(db: Database, export: dict[str, Any], refs: dict[VersionRef, int]) -> list[Step]:
    """Requests, responses, commitments, their status changes and deadline sweeps, to be
    replayed in the order they happened (a late answer after a sweep is not the same
    history as a late answer before it)."""
    slug = export["negotiation"]["slug"]
    steps: list[Step] = []
    for n, request in enumerate(export["requests"]):
        steps.append((_dt(request["created_at"]), n, partial(_replay_request, db, request, refs)))
    for n, response in enumerate(export["responses"]):
        steps.append(
            (_dt(response["submitted_at"]), n, partial(_replay_response, db, response, refs))
        )
    made: dict[int, int] = {}  # exported position -> commitment id here
    for n, item in enumerate(export["commitments"]):
        for m, change in enumerate(item["history"]):
            when = _dt(change["recorded_at"])
            if (
                change["automatic"]
                and change["status"] == CommitmentStatus.BROKEN
                and _swept(change)
            ):
                steps.append((when, 10_000 + m, partial(commitments.sweep_deadlines, db, now=when)))
            elif item["source"]["kind"] != SourceKind.REQUEST and not change["automatic"]:
                step = partial(_replay_change, db, slug, item, n, m, made)
                steps.append((when, n * 1000 + m, step))
    return steps


def _swept(change: dict[str, Any]) -> bool:
    return str(change["rationale"]).startswith("The due date passed")


def _replay_request(db: Database, request: dict[str, Any], refs: dict[VersionRef, int]) -> None:
    requests.create_request(
        db,
        Actor(request["requested_by_user"]),
        refs[_ref(request)],
        request["requested_by"],
        request["asked"],
        _dt(request["due_at"]),
        allows_interim=request["allows_interim"],
        note=request["note"],
        now=_dt(request["created_at"]),
    )


def _replay_change(
    db: Database, slug: str, item: dict[str, Any], n: int, m: int, made: dict[int, int]
) -> None:
    if m == 0:
        made[n] = _record(db, slug, item)
        return
    change = item["history"][m]
    who = Actor(change["recorded_by"]) if change["recorded_by"] else OPERATOR
    commitments.change_status(
        db,
        who,
        made[n],
        CommitmentStatus(change["status"]),
        change["rationale"],
        Evidence(change["evidence"]["citation"], change["evidence"]["link"]),
        party=change["party"],
        effective_at=_dt(change["effective_at"]),
        now=_dt(change["recorded_at"]),
    )


def _replay_response(db: Database, item: dict[str, Any], refs: dict[VersionRef, int]) -> None:
    draft = ResponseContent(
        item["party"],
        ResponseKind(item["kind"]),
        item["cover_note"],
        tuple(
            Position(
                PositionKind(p["position"]),
                p["provision"],
                p["after"],
                p["text"],
                p["reason"],
                p["exception"],
                wordings=dict(p.get("wordings", {})),
            )
            for p in item["positions"]
        ),
    )
    submitted = _dt(item["submitted_at"])
    saved = responses.save_draft(
        db, Actor(item["drafted_by"]), refs[_ref(item)], draft, now=submitted
    )
    if item["approved_by"]:
        responses.approve_response(
            db, Actor(item["approved_by"]), saved.id, now=_dt(item["approved_at"])
        )
    sent = responses.submit_response(db, Actor(item["submitted_by"]), saved.id, now=submitted)
    if sent.content_sha256 != item["content_sha256"]:
        raise FormatError(f"the response of {item['party']} does not match its exported digest")


def _record(db: Database, slug: str, item: dict[str, Any]) -> int:
    source = Source(
        SourceKind(item["source"]["kind"]),
        item["source"]["citation"],
        item["source"]["quote"],
        item["source"]["link"],
    )
    recorder = Actor(item["recorded_by"]) if item["recorded_by"] else OPERATOR
    made = commitments.record_commitment(
        db,
        recorder,
        slug,
        item["party"],
        item["text"],
        source,
        made_at=_dt(item["made_at"]),
        to=item["to"],
        person=item["person"],
        due_at=_dt(item["due_at"]) if item["due_at"] else None,
        now=_dt(item["created_at"]),
    )
    return made.id
