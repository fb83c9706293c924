"""Public consultations: a version out for comment, comments grouped by argument, moderation,
and the published comments put on the record in batches.

Grouping (see :mod:`inwriting.domain.consultations`): a comment whose argument, in normal
form, is word for word that of an earlier comment on the same provision joins its group by
digest alone (most copies of a form letter). Otherwise its MinHash signature (datasketch,
:data:`PERMUTATIONS` permutations over word 3-shingles) is cut into :data:`BANDS` bands;
groups of the same provision and stance sharing a band hash are candidates, and it joins the
first whose signature's estimated Jaccard similarity reaches ``SAME_ARGUMENT``; else it
starts a group. Band hashes live in a table, so grouping is the same in every process and
needs nothing kept in memory. With 16 bands of 4 rows, two texts of similarity 0.7 share a
band with probability 1 - (1 - 0.7^4)^16 = 0.98, and of similarity 0.3 only 0.12 (those
candidates are then compared and turned away).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from inwriting.domain.consultations import (
    SAME_ARGUMENT,
    CommentStatus,
    CommentText,
    Stance,
    shingles,
)
from inwriting.domain.digests import sha256_hex
from inwriting.domain.events import Event, EventType
from inwriting.domain.negotiations import Role, Visibility
from inwriting.errors import Conflict, NotFound, PermissionDenied, RateLimited, ValidationError
from inwriting.services.actors import Actor, acting_user, has_role, now_or, require_read
from inwriting.services.record import append_event
from inwriting.storage import queries
from inwriting.storage.conversions import batch_digest
from inwriting.storage.engine import Database
from inwriting.storage.models import (
    CommentBandRow,
    CommentBatchRow,
    CommentGroupRow,
    ConsultationRow,
    MemberRow,
    PartyRow,
    ProvisionRow,
    PublicCommentRow,
    UserRow,
    VersionRow,
)

if TYPE_CHECKING:
    from datasketch import MinHash

PERMUTATIONS = 64
BANDS = 16  # of PERMUTATIONS // BANDS rows each
PER_HOUR = 60  # comments one person may send in an hour
BATCH_SIZE = 10_000  # comments per record entry at most
SHOWN_GROUPS = 50  # the largest groups a summary lists


@dataclass(frozen=True)
class Consultation:
    version_id: int
    opened_at: datetime
    closes_at: datetime | None
    closed_at: datetime | None

    def open_at(self, when: datetime) -> bool:
        return self.closed_at is None and (self.closes_at is None or when < self.closes_at)


@dataclass(frozen=True)
class Comment:
    id: int
    provision_key: str
    stance: Stance
    wording: str
    reason: str
    group_id: int
    status: CommentStatus
    created_at: datetime


@dataclass(frozen=True)
class Argument:
    """A group of comments making one argument: its first published comment, and how many."""

    group_id: int
    stance: Stance
    count: int
    wording: str
    reason: str


@dataclass(frozen=True)
class Summary:
    version_id: int
    provision_key: str
    counts: dict[Stance, int]  # published comments by stance
    arguments: int  # distinct arguments (groups) among them
    largest: tuple[Argument, ...]  # the largest groups, largest first
    pending: int | None  # waiting for moderation; None for readers who may not moderate


def open_consultation(
    db: Database,
    actor: Actor,
    version_id: int,
    *,
    closes_at: datetime | None = None,
    now: datetime | None = None,
) -> Consultation:
    """Put a version out for public comment: a drafter or principal of the party that tabled
    it, in a public negotiation."""
    when = now_or(now)
    if closes_at is not None and (closes_at.tzinfo is None or closes_at <= when):
        raise ValidationError("the closing time must be in the future, with a time zone")
    with db.transaction() as session:
        version = queries.get_version(session, version_id)
        _require_moderator(session, actor, version)
        if version.document.negotiation.visibility is not Visibility.PUBLIC:
            raise ValidationError(
                "only a public negotiation can be opened for public comment: the public must "
                "be able to read the text it comments on"
            )
        if session.scalar(select(ConsultationRow).filter_by(version_id=version_id)) is not None:
            raise Conflict(f"version {version_id} is already out for comment")
        user = acting_user(session, actor)
        assert user is not None
        row = ConsultationRow(
            version_id=version_id, opened_by_user_id=user.id, opened_at=when, closes_at=closes_at
        )
        session.add(row)
        session.flush()
        return _consultation(row)


def close_consultation(
    db: Database, actor: Actor, version_id: int, *, now: datetime | None = None
) -> Consultation:
    with db.transaction() as session:
        version = queries.get_version(session, version_id)
        _require_moderator(session, actor, version)
        row = _consultation_row(session, version_id)
        if row.closed_at is None:
            row.closed_at = now_or(now)
        return _consultation(row)


def get_consultation(db: Database, actor: Actor, version_id: int) -> Consultation | None:
    """The version's consultation, if it was ever opened; None otherwise."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        require_read(session, version.document.negotiation, actor, "version")
        row = session.scalar(select(ConsultationRow).filter_by(version_id=version_id))
        return None if row is None else _consultation(row)


def add_comment(
    db: Database,
    actor: Actor,
    version_id: int,
    provision_key: str,
    text: CommentText,
    *,
    now: datetime | None = None,
) -> Comment:
    """One person's comment on one provision; it waits for moderation before it counts."""
    when = now_or(now)
    text = text.checked()
    argument = text.argument()
    digest = sha256_hex(argument.encode())
    with db.transaction() as session:
        version = queries.get_version(session, version_id)
        negotiation = version.document.negotiation
        require_read(session, negotiation, actor, "version")
        user = acting_user(session, actor)
        if user is None:
            raise PermissionDenied("sign in to comment")
        consultation = session.scalar(select(ConsultationRow).filter_by(version_id=version_id))
        if consultation is None or not _consultation(consultation).open_at(when):
            raise ValidationError(f"version {version_id} is not open for public comment")
        _require_provision(session, version_id, provision_key)
        if _is_party_member(session, negotiation.id, user.id):
            raise PermissionDenied(
                "members of a party answer in writing, with a response: public comment is for "
                "everyone else"
            )
        _require_pace(session, user.id, when)
        mine = select(PublicCommentRow.id).filter_by(
            version_id=version_id, provision_key=provision_key, user_id=user.id
        )
        if session.scalar(mine) is not None:
            raise Conflict(f"you have already commented on {provision_key} of this version")
        group_id = _group_of(
            session, version_id, provision_key, text.stance, argument, digest, when
        )
        row = PublicCommentRow(
            version_id=version_id,
            provision_key=provision_key,
            user_id=user.id,
            stance=text.stance,
            wording=text.wording,
            reason=text.reason,
            argument_sha256=digest,
            group_id=group_id,
            status=CommentStatus.PENDING,
            created_at=when,
        )
        session.add(row)
        session.flush()
        return _comment(row)


def summary(db: Database, actor: Actor, version_id: int, provision_key: str) -> Summary:
    """What the public said about one provision: counts by stance, and the arguments."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        require_read(session, version.document.negotiation, actor, "version")
        _require_provision(session, version_id, provision_key)
        return _summary(session, actor, version, provision_key)


def _summary(session: Session, actor: Actor, version: VersionRow, provision_key: str) -> Summary:
    version_id = version.id
    by_group = session.execute(
        select(
            CommentGroupRow.id,
            CommentGroupRow.stance,
            CommentGroupRow.published,
            CommentGroupRow.first_published,
        ).where(
            CommentGroupRow.version_id == version_id,
            CommentGroupRow.provision_key == provision_key,
            CommentGroupRow.published > 0,
            CommentGroupRow.first_published.is_not(None),
        )
    ).all()
    counts = dict.fromkeys(Stance, 0)
    for _, stance, count, _ in by_group:
        counts[stance] += count
    largest = sorted(by_group, key=lambda row: (-row[2], row[0]))[:SHOWN_GROUPS]
    firsts = {
        c.id: c
        for c in session.scalars(
            select(PublicCommentRow).where(PublicCommentRow.id.in_([r[3] for r in largest]))
        )
    }
    arguments = tuple(
        Argument(gid, stance, n, firsts[first].wording, firsts[first].reason)
        for gid, stance, n, first in largest
        if first is not None
    )
    pending = None
    if _may_moderate(session, actor, version):
        pending = session.scalar(
            select(func.count()).where(
                PublicCommentRow.version_id == version_id,
                PublicCommentRow.provision_key == provision_key,
                PublicCommentRow.status == CommentStatus.PENDING,
            )
        )
    return Summary(version_id, provision_key, counts, len(by_group), arguments, pending)


@dataclass(frozen=True)
class PendingGroup:
    group_id: int
    provision_key: str
    stance: Stance
    count: int
    wording: str
    reason: str


def moderation_queue(
    db: Database, actor: Actor, version_id: int, *, limit: int = 100
) -> list[PendingGroup]:
    """Pending comments by group, the largest first: a campaign is moderated in one step."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        _require_moderator(session, actor, version)
        rows = session.execute(
            select(PublicCommentRow.group_id, func.count(), func.min(PublicCommentRow.id))
            .where(
                PublicCommentRow.version_id == version_id,
                PublicCommentRow.status == CommentStatus.PENDING,
            )
            .group_by(PublicCommentRow.group_id)
            .order_by(func.count().desc(), PublicCommentRow.group_id)
            .limit(limit)
        ).all()
        firsts = {
            c.id: c
            for c in session.scalars(
                select(PublicCommentRow).where(PublicCommentRow.id.in_([r[2] for r in rows]))
            )
        }
        return [
            PendingGroup(
                gid,
                firsts[first].provision_key,
                firsts[first].stance,
                n,
                firsts[first].wording,
                firsts[first].reason,
            )
            for gid, n, first in rows
        ]


def moderate(
    db: Database,
    actor: Actor,
    version_id: int,
    *,
    publish: bool,
    comments: tuple[int, ...] = (),
    groups: tuple[int, ...] = (),
    now: datetime | None = None,
) -> int:
    """Publish or reject the pending comments named, and those of the groups named; the
    published go on the record in batches of at most :data:`BATCH_SIZE`. Returns how many
    changed."""
    when = now_or(now)
    if not comments and not groups:
        raise ValidationError("name the comments or groups to moderate")
    with db.transaction() as session:
        version = queries.get_version(session, version_id)
        user = _require_moderator(session, actor, version)
        chosen = select(PublicCommentRow.id).where(
            PublicCommentRow.version_id == version_id,
            PublicCommentRow.status == CommentStatus.PENDING,
            PublicCommentRow.id.in_(comments) | PublicCommentRow.group_id.in_(groups),
        )
        ids = list(session.scalars(chosen.order_by(PublicCommentRow.id)))
        status = CommentStatus.PUBLISHED if publish else CommentStatus.REJECTED
        for start in range(0, len(ids), BATCH_SIZE):
            part = ids[start : start + BATCH_SIZE]
            batch_id = None
            if publish:
                batch = CommentBatchRow(
                    version_id=version_id, published_by_user_id=user.id, created_at=when
                )
                session.add(batch)
                session.flush()
                batch_id = batch.id
            session.execute(
                update(PublicCommentRow)
                .where(PublicCommentRow.id.in_(part))
                .values(status=status, moderated_at=when, batch_id=batch_id)
                .execution_options(synchronize_session=False)
            )
            if batch_id is not None:
                _put_in_writing(session, version, user, batch_id, when)
        _recount(session, ids)
        return len(ids)


def _recount(session: Session, comment_ids: list[int]) -> None:
    """Set the published count of every group the comments belong to."""
    touched: set[int] = set()
    for start in range(0, len(comment_ids), BATCH_SIZE):
        part = comment_ids[start : start + BATCH_SIZE]
        touched.update(
            session.scalars(
                select(PublicCommentRow.group_id).where(PublicCommentRow.id.in_(part)).distinct()
            )
        )
    for group_id in sorted(touched):
        published = (
            PublicCommentRow.group_id == group_id,
            PublicCommentRow.status == CommentStatus.PUBLISHED,
        )
        session.execute(
            update(CommentGroupRow)
            .where(CommentGroupRow.id == group_id)
            .values(
                published=select(func.count()).where(*published).scalar_subquery(),
                first_published=select(func.min(PublicCommentRow.id))
                .where(*published)
                .scalar_subquery(),
            )
        )


def comments_of(
    db: Database, actor: Actor, version_id: int, provision_key: str
) -> Iterator[Comment]:
    """The published comments on a provision, in the order they came (all of them, pending and
    rejected too, for the tabling party's moderators), streamed."""
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        require_read(session, version.document.negotiation, actor, "version")
        _require_provision(session, version_id, provision_key)
        query = select(*_COMMENT_COLUMNS).where(
            PublicCommentRow.version_id == version_id,
            PublicCommentRow.provision_key == provision_key,
        )
        if not _may_moderate(session, actor, version):
            query = query.where(PublicCommentRow.status == CommentStatus.PUBLISHED)
        # Columns, not entities: an export of 600,000 comments builds no ORM objects.
        rows = session.execute(
            query.order_by(PublicCommentRow.id).execution_options(yield_per=5000)
        )
        for row in rows:
            yield Comment(*row)


_COMMENT_COLUMNS = (
    PublicCommentRow.id,
    PublicCommentRow.provision_key,
    PublicCommentRow.stance,
    PublicCommentRow.wording,
    PublicCommentRow.reason,
    PublicCommentRow.group_id,
    PublicCommentRow.status,
    PublicCommentRow.created_at,
)


def _put_in_writing(
    session: Session, version: VersionRow, user: UserRow, batch_id: int, when: datetime
) -> None:
    batch = session.get(CommentBatchRow, batch_id)
    assert batch is not None
    session.refresh(batch, ["comments"])
    event = Event(
        EventType.COMMENTS_PUBLISHED,
        when,
        user.id,
        version.document.negotiation_id,
        version.tabled_by_party_id,
        {"comment_batch": batch_id, "version": version.id},
        batch_digest(batch),
    )
    append_event(session, event, ("comment_batch", batch_id))


def _group_of(
    session: Session,
    version_id: int,
    provision_key: str,
    stance: Stance,
    argument: str,
    digest: str,
    when: datetime,
) -> int:
    same = session.scalar(
        select(PublicCommentRow.group_id)
        .where(
            PublicCommentRow.version_id == version_id,
            PublicCommentRow.provision_key == provision_key,
            PublicCommentRow.argument_sha256 == digest,
            PublicCommentRow.stance == stance,
        )
        .limit(1)
    )
    if same is not None:
        return same
    signature = minhash(argument)
    bands = band_hashes(signature)
    candidates = session.scalars(
        select(CommentGroupRow)
        .join(CommentBandRow, CommentBandRow.group_id == CommentGroupRow.id)
        .where(
            CommentBandRow.version_id == version_id,
            CommentBandRow.provision_key == provision_key,
            CommentGroupRow.stance == stance,
            _any_band(bands),
        )
        .distinct()
        .order_by(CommentGroupRow.id)
    )
    for group in candidates:
        if similarity(signature, group.signature) >= SAME_ARGUMENT:
            return group.id
    group = CommentGroupRow(
        version_id=version_id,
        provision_key=provision_key,
        stance=stance,
        signature=signature_bytes(signature),
        published=0,
        created_at=when,
    )
    session.add(group)
    session.flush()
    session.add_all(
        CommentBandRow(
            group_id=group.id, version_id=version_id, provision_key=provision_key, band=b, hash=h
        )
        for b, h in enumerate(bands)
    )
    return group.id


def _any_band(bands: list[int]) -> ColumnElement[bool]:
    pairs = (and_(CommentBandRow.band == b, CommentBandRow.hash == h) for b, h in enumerate(bands))
    return or_(*pairs)


def minhash(argument: str) -> MinHash:
    from datasketch import MinHash

    signature = MinHash(num_perm=PERMUTATIONS, seed=1)
    signature.update_batch([s.encode() for s in shingles(argument)])
    return signature


def signature_bytes(signature: MinHash) -> bytes:
    return bytes(signature.hashvalues.astype("<u8").tobytes())


def similarity(signature: MinHash, stored: bytes) -> float:
    """The estimated Jaccard similarity of two arguments' shingle sets."""
    import numpy

    other = numpy.frombuffer(stored, dtype="<u8")
    return float(numpy.count_nonzero(signature.hashvalues == other)) / PERMUTATIONS


def band_hashes(signature: MinHash) -> list[int]:
    """One signed 63-bit hash per band (a BIGINT on both engines)."""
    rows = PERMUTATIONS // BANDS
    values = signature.hashvalues.astype("<u8")
    hashes = []
    for band in range(BANDS):
        chunk = values[band * rows : (band + 1) * rows].tobytes()
        hashes.append(int.from_bytes(hashlib.sha256(chunk).digest()[:8], "big") >> 1)
    return hashes


def _require_pace(session: Session, user_id: int, when: datetime) -> None:
    hour_ago = when - timedelta(hours=1)
    recent = session.execute(
        select(func.count(), func.min(PublicCommentRow.created_at)).where(
            PublicCommentRow.user_id == user_id, PublicCommentRow.created_at > hour_ago
        )
    ).one()
    if recent[0] >= PER_HOUR:
        wait = int((recent[1] + timedelta(hours=1) - when).total_seconds()) + 1
        raise RateLimited(
            f"you have sent {PER_HOUR} comments in the last hour, the most one person may; "
            f"try again in {wait} seconds",
            retry_after=wait,
        )


def _require_provision(session: Session, version_id: int, key: str) -> None:
    provision = session.scalar(select(ProvisionRow).filter_by(version_id=version_id, key=key))
    if provision is None:
        raise NotFound(f"version {version_id} has no provision {key}")
    if not provision.kind.answerable:
        raise ValidationError(f"{provision.label or key} is a heading: comment on its provisions")


def _is_party_member(session: Session, negotiation_id: int, user_id: int) -> bool:
    query = (
        select(MemberRow.id)
        .join(PartyRow, MemberRow.party_id == PartyRow.id)
        .where(PartyRow.negotiation_id == negotiation_id, MemberRow.user_id == user_id)
        .limit(1)
    )
    return session.scalar(query) is not None


def _may_moderate(session: Session, actor: Actor, version: VersionRow) -> bool:
    user = acting_user(session, actor)
    if user is None:
        return False
    return user.is_admin or has_role(session, user, version.tabled_by, Role.DRAFTER, Role.PRINCIPAL)


def _require_moderator(session: Session, actor: Actor, version: VersionRow) -> UserRow:
    require_read(session, version.document.negotiation, actor, "version")
    user = acting_user(session, actor)
    if user is None or not _may_moderate(session, actor, version):
        raise PermissionDenied(
            f"only drafters and principals of {version.tabled_by.name}, which tabled this "
            "version, run its public consultation"
        )
    return user


def _consultation_row(session: Session, version_id: int) -> ConsultationRow:
    row = session.scalar(select(ConsultationRow).filter_by(version_id=version_id))
    if row is None:
        raise NotFound(f"version {version_id} has not been opened for public comment")
    return row


def _consultation(row: ConsultationRow) -> Consultation:
    return Consultation(row.version_id, row.opened_at, row.closes_at, row.closed_at)


def _comment(row: PublicCommentRow) -> Comment:
    return Comment(
        row.id,
        row.provision_key,
        row.stance,
        row.wording,
        row.reason,
        row.group_id,
        row.status,
        row.created_at,
    )


COMMENT_COLUMNS = (
    "Comment",
    "Provision",
    "Stance",
    "Wording",
    "Reason",
    "Argument",
    "Status",
    "Received (UTC)",
)


def comment_table(
    db: Database, actor: Actor, version_id: int, provision_key: str
) -> tuple[tuple[str, ...], list[list[str]]]:
    """A provision's comments as a table for CSV and XLSX: one row per comment; comments in
    the same "Argument" (group) make the same argument."""
    rows = [
        [
            str(found.id),
            found.provision_key,
            found.stance.value,
            found.wording,
            found.reason,
            str(found.group_id),
            found.status.value,
            found.created_at.strftime("%Y-%m-%d %H:%M:%S"),
        ]
        for found in comments_of(db, actor, version_id, provision_key)
    ]
    return COMMENT_COLUMNS, rows


@dataclass(frozen=True)
class Panel:
    """What the provision page shows of a consultation to one reader."""

    consultation: Consultation
    summary: Summary
    may_comment: bool  # signed in, not a party's member, no comment yet, still open
    may_moderate: bool
    open: bool


def panel(
    db: Database, actor: Actor, version_id: int, provision_key: str, *, now: datetime | None = None
) -> Panel | None:
    """The consultation's panel for a provision; None if the version was never opened."""
    when = now_or(now)
    with db.reading() as session:
        version = queries.get_version(session, version_id)
        require_read(session, version.document.negotiation, actor, "version")
        row = session.scalar(select(ConsultationRow).filter_by(version_id=version_id))
        if row is None:
            return None
        found = _consultation(row)
        user = acting_user(session, actor)
        may_comment = (
            found.open_at(when)
            and user is not None
            and not _is_party_member(session, version.document.negotiation_id, user.id)
            and session.scalar(
                select(PublicCommentRow.id).filter_by(
                    version_id=version_id, provision_key=provision_key, user_id=user.id
                )
            )
            is None
        )
        moderator = _may_moderate(session, actor, version)
        _require_provision(session, version_id, provision_key)
        found_summary = _summary(session, actor, version, provision_key)
    return Panel(found, found_summary, may_comment, moderator, found.open_at(when))
