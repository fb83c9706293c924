"""Rows to domain values and back; the only place that knows both shapes."""

from __future__ import annotations

import json
from collections.abc import Iterable

from inwriting.domain.digests import (
    canonical_json,
    language_text_digest,
    record_content,
    response_digest,
    sha256_hex,
    version_digest,
)
from inwriting.domain.documents import Provision
from inwriting.domain.events import commit, format_time
from inwriting.domain.languages import LanguageProvision
from inwriting.domain.responses import Position, PositionKind, ResponseContent, ResponseKind
from inwriting.storage.models import (
    ClearanceRow,
    CommentBatchRow,
    CommitmentRow,
    LanguageProvisionRow,
    LanguageTextRow,
    MemberRow,
    NegotiationRow,
    PartyKeyRevocationRow,
    PartyKeyRow,
    PartyRow,
    PositionRow,
    ProvisionRow,
    RequestRow,
    ResponseRow,
    SignaturePolicyRow,
    StatusChangeRow,
    VersionRow,
)


def provision_from_row(row: ProvisionRow) -> Provision:
    return Provision(
        key=row.key,
        kind=row.kind,
        label=row.label,
        number=row.number,
        heading=row.heading,
        text=row.text,
        parent=row.parent_key,
        notes=notes_from_column(row.notes),
    )


def notes_from_column(value: str) -> tuple[str, ...]:
    """A provision's notes from their column (a JSON array of texts)."""
    return tuple(json.loads(value)) if value != "[]" else ()


def provision_rows(provisions: Iterable[Provision]) -> list[ProvisionRow]:
    return [
        ProvisionRow(
            ordinal=i,
            key=p.key,
            kind=p.kind,
            label=p.label,
            number=p.number,
            heading=p.heading,
            text=p.text,
            parent_key=p.parent,
            notes=json.dumps(list(p.notes), ensure_ascii=False),
        )
        for i, p in enumerate(provisions)
    ]


def position_from_row(row: PositionRow) -> Position:
    return Position(
        kind=PositionKind(row.kind),
        provision=row.provision_key,
        after=row.after_key,
        text=row.text,
        reason=row.reason,
        exception=row.exception,
        wordings=wordings_from_column(row.wordings),
    )


def wordings_from_column(value: str) -> dict[str, str]:
    """A position's wordings from their column (a JSON object, tag -> text)."""
    return dict(json.loads(value)) if value != "{}" else {}


def wordings_column(wordings: dict[str, str]) -> str:
    return json.dumps(dict(sorted(wordings.items())), ensure_ascii=False) if wordings else "{}"


def position_rows(positions: Iterable[Position]) -> list[PositionRow]:
    return [
        PositionRow(
            ordinal=i,
            kind=p.kind,
            provision_key=p.provision,
            after_key=p.after,
            text=p.text,
            reason=p.reason,
            exception=p.exception,
            wordings=wordings_column(p.wordings),
        )
        for i, p in enumerate(positions)
    ]


def draft_from_row(row: ResponseRow) -> ResponseContent:
    return ResponseContent(
        party=row.party.name,
        kind=ResponseKind(row.kind),
        cover_note=row.cover_note,
        positions=tuple(position_from_row(p) for p in row.positions),
    )


# What each kind of record subject commits to, computed from its rows. Used when the entry
# is appended and again, from scratch, by ``record verify``.


def content_digest(content: dict[str, object]) -> str:
    return sha256_hex(canonical_json(content))


def negotiation_content(row: NegotiationRow) -> dict[str, object]:
    content = {"slug": row.slug, "title": row.title, "visibility": row.visibility}
    return record_content("negotiation", content)


def negotiation_digest(row: NegotiationRow) -> str:
    return content_digest(negotiation_content(row))


def party_content(row: PartyRow) -> dict[str, object]:
    return record_content("party", {"name": row.name, "requires_approval": row.requires_approval})


def party_digest(row: PartyRow) -> str:
    return content_digest(party_content(row))


def member_content(row: MemberRow) -> dict[str, object]:
    return record_content("member", {"username": row.user.username, "role": row.role})


def member_digest(row: MemberRow) -> str:
    return content_digest(member_content(row))


def version_row_digest(row: VersionRow) -> str:
    return version_digest(row.title, [provision_from_row(p) for p in row.provisions])


def language_provision_from_row(row: LanguageProvisionRow) -> LanguageProvision:
    return LanguageProvision(row.key, row.label, row.heading, row.text)


def language_provision_rows(provisions: Iterable[LanguageProvision]) -> list[LanguageProvisionRow]:
    return [
        LanguageProvisionRow(ordinal=i, key=p.key, label=p.label, heading=p.heading, text=p.text)
        for i, p in enumerate(provisions)
    ]


def language_text_row_digest(row: LanguageTextRow) -> str:
    """Bound to the version's *stored* digest, like a response: a changed version text is
    reported once, against the version."""
    return language_text_digest(
        row.version.content_sha256,
        row.version.language,
        row.language,
        row.title,
        [language_provision_from_row(p) for p in row.provisions],
    )


def response_row_digest(row: ResponseRow) -> str:
    """Bound to the version's *stored* digest, as at submission: a changed version text is
    reported once, against the version, not again against every response to it."""
    return response_digest(row.version.content_sha256, draft_from_row(row))


def request_digest(row: RequestRow) -> str:
    return content_digest(request_content(row))


def request_content(row: RequestRow) -> dict[str, object]:
    """The exact text asked about, who asked, who must answer, and by when."""
    content = {
        "version_sha256": row.version.content_sha256,
        "requested_by": row.requested_by_party_id,
        "asked": sorted(a.party_id for a in row.asked),
        "due_at": format_time(row.due_at),
        "allows_interim": row.allows_interim,
        "note": row.note,
    }
    return record_content("request", content)


def commitment_digest(row: CommitmentRow) -> str:
    return content_digest(commitment_content(row))


def commitment_content(row: CommitmentRow) -> dict[str, object]:
    content = {
        "party": row.party_id,
        "person": row.person,
        "to_all": row.to_all,
        "to": sorted(p.party_id for p in row.promisees),
        "text": row.text,
        "made_at": format_time(row.made_at),
        "source": {
            "kind": row.source_kind,
            "citation": row.source_citation,
            "quote": row.source_quote,
            "link": row.source_link,
        },
        "request": row.request_id,
        "due_at": format_time(row.due_at) if row.due_at else None,
    }
    return record_content("commitment", content)


def status_change_digest(row: StatusChangeRow) -> str:
    return content_digest(status_change_content(row))


def status_change_content(row: StatusChangeRow) -> dict[str, object]:
    content = {
        "commitment": row.commitment_id,
        "status": row.status,
        "effective_at": format_time(row.effective_at),
        "party": row.party_id,
        "automatic": row.automatic,
        "rationale": row.rationale,
        "evidence": {
            "citation": row.evidence_citation,
            "link": row.evidence_link,
            "record_index": row.evidence_record_index,
        },
    }
    return record_content("status_change", content)


def batch_content(row: CommentBatchRow) -> dict[str, object]:
    """What a batch of published public comments commits to: the version and each comment's
    words (never who wrote it: members of the public are not named on the record)."""
    comments = [
        {
            "id": c.id,
            "provision": c.provision_key,
            "stance": c.stance.value,
            "wording": c.wording,
            "reason": c.reason,
        }
        for c in row.comments
    ]
    return record_content("comment_batch", {"version": row.version_id, "comments": comments})


def batch_digest(row: CommentBatchRow) -> str:
    return content_digest(batch_content(row))


def clearance_content(row: ClearanceRow) -> dict[str, object]:
    """What a clearance entry commits to: the text (its kind, id and digest), the step, and
    the clearer only as ``commit(clearer_salt, sha256(username))``, so that even an opening
    names nobody unless the party also shows the name and its key."""
    subject = (
        ("response", row.response_id)
        if row.response_id
        else ("version_draft", row.version_draft_id)
    )
    return record_content(
        "clearance",
        {
            "subject": subject[0],
            "subject_id": subject[1],
            "step": row.step,
            "step_name": row.step_name,
            "text_sha256": row.text_sha256,
            "clearer": clearer_hash(bytes(row.clearer_salt), row.user.username),
        },
    )


def clearance_digest(row: ClearanceRow) -> str:
    return content_digest(clearance_content(row))


def clearer_hash(salt: bytes, username: str) -> str:
    return commit(salt, sha256_hex(username.encode("utf-8")))


def party_key_content(row: PartyKeyRow) -> dict[str, object]:
    """A registered key: whose (the membership, by id) and its verifier key."""
    return record_content("party_key", {"member": row.member_id, "vkey": row.vkey})


def party_key_digest(row: PartyKeyRow) -> str:
    return content_digest(party_key_content(row))


def party_key_revocation_content(row: PartyKeyRevocationRow) -> dict[str, object]:
    return record_content("party_key_revocation", {"key": row.key.vkey})


def party_key_revocation_digest(row: PartyKeyRevocationRow) -> str:
    return content_digest(party_key_revocation_content(row))


def signature_policy_content(row: SignaturePolicyRow) -> dict[str, object]:
    return record_content("signature_policy", {"required": row.required})


def signature_policy_digest(row: SignaturePolicyRow) -> str:
    return content_digest(signature_policy_content(row))
