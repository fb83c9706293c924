"""The tables. One class per table, named after its concept with the suffix ``Row``."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from inwriting.domain.commitments import CommitmentStatus, SourceKind
from inwriting.domain.consultations import CommentStatus, Stance
from inwriting.domain.derivation import Action
from inwriting.domain.discussion import ThreadStatus, ThreadVisibility
from inwriting.domain.documents import AnswerLevel, ProvisionKind
from inwriting.domain.negotiations import Role, Visibility
from inwriting.domain.notifications import Delivery, MailState, NotificationKind
from inwriting.domain.responses import PositionKind, ResponseKind, ResponseStatus

# Constraint names must be identical on SQLite and PostgreSQL so migrations can name them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


E = TypeVar("E", bound=StrEnum)


class Vocabulary(TypeDecorator[E]):
    """A closed vocabulary (a status, a kind, a role): the domain's ``StrEnum`` in Python, its
    value as text in the database (the same ``VARCHAR`` as before, so no migration), and an
    unknown word refused before it reaches the database."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[E], length: int) -> None:
        super().__init__(length)
        self.enum = enum
        self._members = {member.value: member for member in enum}  # a lookup, not a call

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self._members[value]


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on every engine.

    SQLite has no time zones; storing naive UTC and re-attaching UTC on the way out keeps
    comparisons (is this request overdue?) identical on both engines.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware UTC time")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Where notifications are e-mailed; "" for nowhere.
    email: Mapped[str] = mapped_column(String(320), default="", server_default="")


class NegotiationRow(Base):
    __tablename__ = "negotiations"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    visibility: Mapped[Visibility] = mapped_column(Vocabulary(Visibility, 16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    parties: Mapped[list[PartyRow]] = relationship(
        back_populates="negotiation", order_by="PartyRow.id"
    )
    documents: Mapped[list[DocumentRow]] = relationship(
        back_populates="negotiation", order_by="DocumentRow.id"
    )


class PartyRow(Base):
    __tablename__ = "parties"
    __table_args__ = (UniqueConstraint("negotiation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # When true, a principal other than the drafter approves a response before it is sent.
    requires_approval: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    negotiation: Mapped[NegotiationRow] = relationship(back_populates="parties")
    members: Mapped[list[MemberRow]] = relationship(back_populates="party", order_by="MemberRow.id")


class PartyKeyRow(Base):
    """A member's own Ed25519 key, registered for their party by a principal; its public
    half only (C2SP verifier key). Recorded; never changed, only revoked."""

    __tablename__ = "party_keys"
    __table_args__ = (UniqueConstraint("party_id", "vkey"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))  # the verifier key's name
    vkey: Mapped[str] = mapped_column(Text)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    registered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    member: Mapped[MemberRow] = relationship()
    revocation: Mapped[PartyKeyRevocationRow | None] = relationship(back_populates="key")


class PartyKeyRevocationRow(Base):
    """A party key withdrawn: nothing is accepted under it after ``revoked_at``. Recorded."""

    __tablename__ = "party_key_revocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_key_id: Mapped[int] = mapped_column(ForeignKey("party_keys.id"), unique=True)
    revoked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    key: Mapped[PartyKeyRow] = relationship(back_populates="revocation")


class SignaturePolicyRow(Base):
    """A party's choice whether its acts must be signed by its members' keys; the latest row
    per party is in force. Recorded, so the host cannot quietly lift it."""

    __tablename__ = "signature_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    required: Mapped[bool] = mapped_column(Boolean)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    set_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class MemberRow(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("party_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[Role] = mapped_column(Vocabulary(Role, 16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    party: Mapped[PartyRow] = relationship(back_populates="members")
    user: Mapped[UserRow] = relationship()


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("negotiation_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    negotiation: Mapped[NegotiationRow] = relationship(back_populates="documents")
    versions: Mapped[list[VersionRow]] = relationship(
        back_populates="document", order_by="VersionRow.number"
    )


class VersionRow(Base):
    """One complete text of a document, tabled by a party. Immutable once written."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, ... within the document
    label: Mapped[str] = mapped_column(String(200))  # "Draft 1", "Counter-proposal of Party B"
    title: Mapped[str] = mapped_column(String(500))  # the title the text gives itself
    tabled_by_party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    tabled_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    baseline_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    source_name: Mapped[str] = mapped_column(String(300))  # file it was imported from, if any
    content_sha256: Mapped[str] = mapped_column(String(64))
    tabled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The BCP 47 tag of the language the version's own provisions are written in (the
    # language it was drafted in); other languages are its language texts.
    language: Mapped[str] = mapped_column(String(35), server_default="en")
    # What parties answer one by one (article, section, paragraph): chosen when tabling.
    answer_level: Mapped[AnswerLevel] = mapped_column(
        Vocabulary(AnswerLevel, 16), server_default=AnswerLevel.ARTICLE.value
    )

    document: Mapped[DocumentRow] = relationship(back_populates="versions")
    tabled_by: Mapped[PartyRow] = relationship(foreign_keys=[tabled_by_party_id])
    provisions: Mapped[list[ProvisionRow]] = relationship(
        back_populates="version", order_by="ProvisionRow.ordinal"
    )
    language_texts: Mapped[list[LanguageTextRow]] = relationship(
        back_populates="version", order_by="LanguageTextRow.language"
    )


class LanguageTextRow(Base):
    """One more language's full text of a version, equally authentic, aligned to the
    version's provisions by key. Immutable once added, like the version."""

    __tablename__ = "language_texts"
    __table_args__ = (UniqueConstraint("version_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    language: Mapped[str] = mapped_column(String(35))  # BCP 47: "nl", "zh-Hans"
    title: Mapped[str] = mapped_column(String(500))
    added_by_party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    added_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    source_name: Mapped[str] = mapped_column(String(300))
    content_sha256: Mapped[str] = mapped_column(String(64))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)

    version: Mapped[VersionRow] = relationship(back_populates="language_texts")
    added_by: Mapped[PartyRow] = relationship(foreign_keys=[added_by_party_id])
    provisions: Mapped[list[LanguageProvisionRow]] = relationship(
        back_populates="language_text", order_by="LanguageProvisionRow.ordinal"
    )


class LanguageProvisionRow(Base):
    """A provision of a language text, under the key of the version's provision it
    translates (one per provision of the version, in the version's order)."""

    __tablename__ = "language_provisions"
    __table_args__ = (
        UniqueConstraint("language_text_id", "key"),
        UniqueConstraint("language_text_id", "ordinal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    language_text_id: Mapped[int] = mapped_column(ForeignKey("language_texts.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(120))  # the version's key
    label: Mapped[str] = mapped_column(String(200))  # as this language writes it
    heading: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)

    language_text: Mapped[LanguageTextRow] = relationship(back_populates="provisions")


class ProvisionRow(Base):
    __tablename__ = "provisions"
    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        UniqueConstraint("version_id", "ordinal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)  # document order, from 0
    key: Mapped[str] = mapped_column(String(120))
    kind: Mapped[ProvisionKind] = mapped_column(Vocabulary(ProvisionKind, 16))
    label: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(40))
    heading: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    parent_key: Mapped[str | None] = mapped_column(String(120))
    # The footnotes it cites (Provision.notes), as a JSON array of strings.
    notes: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")

    version: Mapped[VersionRow] = relationship(back_populates="provisions")


class RequestRow(Base):
    """A version tabled *for* written answers from named parties by a due date."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    requested_by_party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"))
    requested_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    allows_interim: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    version: Mapped[VersionRow] = relationship()
    requested_by: Mapped[PartyRow] = relationship(foreign_keys=[requested_by_party_id])
    asked: Mapped[list[RequestPartyRow]] = relationship(
        back_populates="request", order_by="RequestPartyRow.party_id"
    )


class RequestPartyRow(Base):
    __tablename__ = "request_parties"

    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), primary_key=True)

    request: Mapped[RequestRow] = relationship(back_populates="asked")
    party: Mapped[PartyRow] = relationship()


class ResponseRow(Base):
    """A party's answer to a version: a draft until submitted, immutable afterwards.

    ``status`` moves draft -> (approved ->) submitted -> superseded; the only change a
    submitted response may undergo is becoming superseded by a newer one that names it.
    """

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"))
    kind: Mapped[ResponseKind] = mapped_column(Vocabulary(ResponseKind, 16))
    status: Mapped[ResponseStatus] = mapped_column(Vocabulary(ResponseStatus, 16))
    cover_note: Mapped[str] = mapped_column(Text)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"), unique=True)
    drafted_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_sha256: Mapped[str | None] = mapped_column(String(64))  # set on submission
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    version: Mapped[VersionRow] = relationship()
    party: Mapped[PartyRow] = relationship()
    positions: Mapped[list[PositionRow]] = relationship(
        back_populates="response", order_by="PositionRow.ordinal", cascade="all, delete-orphan"
    )
    drafted_by: Mapped[UserRow] = relationship(foreign_keys=[drafted_by_user_id])
    authors: Mapped[list[ResponseAuthorRow]] = relationship(
        order_by="ResponseAuthorRow.user_id", cascade="all, delete-orphan"
    )
    approved_by: Mapped[UserRow | None] = relationship(foreign_keys=[approved_by_user_id])
    submitted_by: Mapped[UserRow | None] = relationship(foreign_keys=[submitted_by_user_id])
    approval_signature: Mapped[ApprovalSignatureRow | None] = relationship(
        cascade="all, delete-orphan"
    )


class ApprovalSignatureRow(Base):
    """The approving principal's signature file over the draft they approved, and their key.
    Not a record entry (a draft is private to its party); gone if the draft is edited."""

    __tablename__ = "approval_signatures"

    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), primary_key=True)
    signature: Mapped[str] = mapped_column(Text, unique=True)
    party_key_id: Mapped[int] = mapped_column(ForeignKey("party_keys.id"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ResponseAuthorRow(Base):
    """Someone who saved a draft of the response (changed or not): never its approver."""

    __tablename__ = "response_authors"

    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)


class PositionRow(Base):
    __tablename__ = "positions"
    __table_args__ = (UniqueConstraint("response_id", "ordinal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    kind: Mapped[PositionKind] = mapped_column(Vocabulary(PositionKind, 32))
    provision_key: Mapped[str] = mapped_column(String(120))  # "" for add
    after_key: Mapped[str] = mapped_column(String(120))  # "" unless add
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    exception: Mapped[str] = mapped_column(Text)
    # The proposed text in the version's other languages (Position.wordings), as a JSON
    # object of language tag -> wording.
    wordings: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")

    response: Mapped[ResponseRow] = relationship(back_populates="positions")


class RecordEntryRow(Base):
    """One leaf of the record: the canonical entry bytes, and what it is about (for lookups,
    receipts and verification; the entry bytes are what the tree commits to)."""

    __tablename__ = "record_entries"

    index: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entry: Mapped[bytes] = mapped_column(LargeBinary)
    type: Mapped[str] = mapped_column(String(40))
    negotiation_id: Mapped[int | None] = mapped_column(ForeignKey("negotiations.id"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    subject_kind: Mapped[str] = mapped_column(String(20))  # "version", "response", ...
    subject_id: Mapped[int] = mapped_column(BigInteger)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The random key of the subject's commitment (entry format 2); never in the entry itself,
    # given only to those who may read the subject. None for format 1 entries.
    salt: Mapped[bytes | None] = mapped_column(LargeBinary)
    # The acting member's signature file (``domain.statements``) over the act this entry
    # records, and the registered key that made it; None for an act the host did alone.
    # Unique: one signed statement is good for one act, never replayed.
    signature: Mapped[str | None] = mapped_column(Text, unique=True)
    party_key_id: Mapped[int | None] = mapped_column(ForeignKey("party_keys.id"))

    __table_args__ = (Index("ix_record_entries_subject", "subject_kind", "subject_id"),)


class RecordNodeRow(Base):
    """A perfect-subtree hash of the record's Merkle tree (see ``tlog.stored``); level 0 holds
    the leaf hashes. Written once, when the subtree is complete; never changed."""

    __tablename__ = "record_nodes"

    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    index: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


class CheckpointRow(Base):
    """A signed checkpoint (C2SP signed note) of the record at some size."""

    __tablename__ = "checkpoints"

    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger, unique=True)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class WitnessRow(Base):
    """A witness the record's checkpointer asks to cosign (C2SP tlog-witness), named by its
    key. ``cosigned_size`` is the size of the last checkpoint it cosigned, as far as the
    record knows: the ``old`` of the next request (the root comes from the stored tree)."""

    __tablename__ = "witnesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    vkey: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    cosigned_size: Mapped[int] = mapped_column(BigInteger, default=0)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CommitmentRow(Base):
    """A promise by a party, with its source. Never changed but for its current ``status``,
    which always equals the last of its status changes."""

    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)  # who promised
    person: Mapped[str] = mapped_column(String(200))  # a named person, or ""
    to_all: Mapped[bool] = mapped_column(Boolean)  # to every other party
    text: Mapped[str] = mapped_column(Text)
    made_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source_kind: Mapped[SourceKind] = mapped_column(Vocabulary(SourceKind, 20))
    source_citation: Mapped[str] = mapped_column(Text)
    source_quote: Mapped[str] = mapped_column(Text)
    source_link: Mapped[str] = mapped_column(Text)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"))
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[CommitmentStatus] = mapped_column(Vocabulary(CommitmentStatus, 20))
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    party: Mapped[PartyRow] = relationship(foreign_keys=[party_id])
    promisees: Mapped[list[CommitmentPromiseeRow]] = relationship(
        order_by="CommitmentPromiseeRow.party_id"
    )
    changes: Mapped[list[StatusChangeRow]] = relationship(order_by="StatusChangeRow.id")


class CommitmentPromiseeRow(Base):
    __tablename__ = "commitment_promisees"

    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), primary_key=True)

    party: Mapped[PartyRow] = relationship()


class StatusChangeRow(Base):
    """One entry of a commitment's history, a dispute included. Never changed or deleted."""

    __tablename__ = "commitment_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id"), index=True)
    status: Mapped[CommitmentStatus] = mapped_column(Vocabulary(CommitmentStatus, 20))
    effective_at: Mapped[datetime] = mapped_column(UTCDateTime)  # when it happened
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))  # on whose behalf
    automatic: Mapped[bool] = mapped_column(Boolean)  # derived from the facts by InWriting
    rationale: Mapped[str] = mapped_column(Text)  # for a dispute: the party's statement
    evidence_citation: Mapped[str] = mapped_column(Text)
    evidence_link: Mapped[str] = mapped_column(Text)
    evidence_record_index: Mapped[int | None] = mapped_column(BigInteger)

    recorded_by: Mapped[UserRow | None] = relationship()
    party: Mapped[PartyRow | None] = relationship()


class PasswordRow(Base):
    """A user's argon2id password hash, apart from the user row so that reads of users
    never carry it."""

    __tablename__ = "passwords"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    hash: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SessionRow(Base):
    """A signed-in browser. Only the SHA-256 of the cookie's secret is stored."""

    __tablename__ = "sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf_secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    user: Mapped[UserRow] = relationship()


class ApiTokenRow(Base):
    """A bearer token for the API and CLI: shown once, stored hashed, revocable."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(16))  # shown in listings to tell tokens apart
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[UserRow] = relationship()


class SignUpRow(Base):
    """An account opened by its owner (where the site allows it), for the pace limit."""

    __tablename__ = "sign_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64), index=True)  # the client's address
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HeldUploadRow(Base):
    """An upload shown in the import preview and waiting to be tabled: not a version, not on
    the record; removed once tabled, and ignored (then removed) after an hour."""

    __tablename__ = "held_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)  # the token, hashed
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"))
    name: Mapped[str] = mapped_column(String(300))  # the file's name: it tells its format
    data: Mapped[bytes] = mapped_column(LargeBinary)
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginAttemptRow(Base):
    """Failed sign-ins, for rate limiting across all processes."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    client: Mapped[str] = mapped_column(String(64))  # the client's address
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class AdoptionRow(Base):
    """How a derived version treated one provision of its parent, and whose position it took.

    ``action``: keep, adopt (a party's amendment), compromise (new wording), delete, or
    insert (a party's proposed addition)."""

    __tablename__ = "adoptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    provision_key: Mapped[str] = mapped_column(String(120))  # the key in the new version
    action: Mapped[Action] = mapped_column(Vocabulary(Action, 16))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"))
    position_ordinal: Mapped[int | None] = mapped_column(Integer)


class ConsultationRow(Base):
    """A version put out for public comment by the party that tabled it."""

    __tablename__ = "consultations"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), unique=True)
    opened_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CommentGroupRow(Base):
    """Comments on one provision that make the same argument (see domain.consultations);
    ``signature`` is the MinHash of its first comment, which new comments are compared to."""

    __tablename__ = "comment_groups"
    __table_args__ = (Index("ix_comment_groups_provision", "version_id", "provision_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    provision_key: Mapped[str] = mapped_column(String(120))
    stance: Mapped[Stance] = mapped_column(Vocabulary(Stance, 16))
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    # How many of its comments are published: recounted by every moderation that touches
    # the group, so a summary reads one row per argument, not one per comment.
    published: Mapped[int] = mapped_column(Integer, default=0)
    first_published: Mapped[int | None] = mapped_column(Integer)  # its comment shown first
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CommentBandRow(Base):
    """One LSH band of a group's signature: comments whose band hashes match are candidates."""

    __tablename__ = "comment_bands"
    __table_args__ = (
        Index("ix_comment_bands_lookup", "version_id", "provision_key", "band", "hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("comment_groups.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    provision_key: Mapped[str] = mapped_column(String(120))
    band: Mapped[int] = mapped_column(Integer)
    hash: Mapped[int] = mapped_column(BigInteger)


class CommentBatchRow(Base):
    """Comments published together, put on the record as one entry."""

    __tablename__ = "comment_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    published_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    comments: Mapped[list[PublicCommentRow]] = relationship(order_by="PublicCommentRow.id")


class PublicCommentRow(Base):
    """One person's comment on one provision of a version out for comment."""

    __tablename__ = "public_comments"
    __table_args__ = (
        UniqueConstraint("version_id", "provision_key", "user_id"),
        Index(
            "ix_public_comments_summary",
            "version_id",
            "provision_key",
            "status",
            "group_id",
            "stance",
        ),
        Index("ix_public_comments_argument", "version_id", "provision_key", "argument_sha256"),
        Index("ix_public_comments_group", "group_id", "status"),
        Index("ix_public_comments_pace", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    provision_key: Mapped[str] = mapped_column(String(120))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    stance: Mapped[Stance] = mapped_column(Vocabulary(Stance, 16))
    wording: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    argument_sha256: Mapped[str] = mapped_column(String(64))
    group_id: Mapped[int] = mapped_column(ForeignKey("comment_groups.id"))
    status: Mapped[CommentStatus] = mapped_column(Vocabulary(CommentStatus, 16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("comment_batches.id"), index=True)


class NotificationRow(Base):
    """Something a user is told: in the app always, by e-mail as they prefer. At most one
    per (user, kind, subject, occasion), so the same news is never told twice."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("user_id", "kind", "subject", "occasion"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(Vocabulary(NotificationKind, 32))
    subject: Mapped[str] = mapped_column(String(80))  # what it is about: "request:7"
    occasion: Mapped[str] = mapped_column(String(120))  # which time: "due:2027-01-31T17:00"
    negotiation_id: Mapped[int | None] = mapped_column(ForeignKey("negotiations.id"))
    summary: Mapped[str] = mapped_column(Text)  # one plain-text sentence
    path: Mapped[str] = mapped_column(Text)  # the page it is about, from the site's root
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mail_state: Mapped[MailState] = mapped_column(Vocabulary(MailState, 16), index=True)
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class NotificationPreferenceRow(Base):
    """How a user wants notifications e-mailed; no row means the default, immediately."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    delivery: Mapped[Delivery] = mapped_column(Vocabulary(Delivery, 16))
    last_digest_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class VisitRow(Base):
    """When a user last looked at their front page, to show what changed since."""

    __tablename__ = "visits"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the latest look
    since: Mapped[datetime | None] = mapped_column(UTCDateTime)  # end of the visit before


class LeaseRow(Base):
    """A job only one process may run at a time (sending notifications), held until
    ``expires_at`` by ``holder`` and renewed while it works: a crashed holder's lease runs
    out, so the job never stays stuck. Holding it takes no database lock."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ClearanceStepRow(Base):
    """One step of a party's clearance chain (see ``domain.clearance``): who may clear it —
    members with ``role``, or the members listed in ``members`` — and how many must."""

    __tablename__ = "clearance_steps"
    __table_args__ = (UniqueConstraint("party_id", "ordinal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)  # 0, 1, ... in the order they are cleared
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role | None] = mapped_column(Vocabulary(Role, 16))
    required: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    members: Mapped[list[ClearanceStepMemberRow]] = relationship(
        order_by="ClearanceStepMemberRow.user_id", cascade="all, delete-orphan"
    )


class ClearanceStepMemberRow(Base):
    __tablename__ = "clearance_step_members"

    step_id: Mapped[int] = mapped_column(ForeignKey("clearance_steps.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)

    user: Mapped[UserRow] = relationship()


class VersionDraftRow(Base):
    """A version (or derived version) a party wants to table, pending its clearance chain.
    Private to the party; once every step is cleared it is tabled (``version_id``) and keeps
    no other purpose than its history. ``provisions`` and ``adoptions`` are JSON."""

    __tablename__ = "version_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # None: new
    baseline_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    derived: Mapped[bool] = mapped_column(Boolean)  # a counter-proposal built from answers
    label: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    source_name: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(35))  # BCP 47, as the version will have it
    provisions: Mapped[str] = mapped_column(Text)
    adoptions: Mapped[str] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    created_by_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))  # once tabled

    party: Mapped[PartyRow] = relationship()
    document: Mapped[DocumentRow | None] = relationship()
    created_by: Mapped[UserRow] = relationship(foreign_keys=[created_by_user_id])
    authors: Mapped[list[VersionDraftAuthorRow]] = relationship(
        order_by="VersionDraftAuthorRow.user_id", cascade="all, delete-orphan"
    )


class VersionDraftAuthorRow(Base):
    """Someone who proposed or edited the version draft: never one of its clearers."""

    __tablename__ = "version_draft_authors"

    draft_id: Mapped[int] = mapped_column(ForeignKey("version_drafts.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)


class ClearanceRow(Base):
    """One clearance of a pending text (a response or a version draft) at one step, by one
    member, of the text whose digest is ``text_sha256``. Recorded (entry type
    ``clearance_given``); an edit later withdraws it (``withdrawn_at``), never deletes it."""

    __tablename__ = "clearances"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("parties.id"), index=True)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"), index=True)
    version_draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("version_drafts.id"), index=True
    )
    step: Mapped[int] = mapped_column(Integer)  # the step's ordinal when it was given
    step_name: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The key of the salted hash of the clearer's username in the recorded content: the
    # party can prove who cleared by showing the name and this key, to whom it chooses.
    clearer_salt: Mapped[bytes] = mapped_column(LargeBinary)
    text_sha256: Mapped[str] = mapped_column(String(64))
    cleared_at: Mapped[datetime] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[UserRow] = relationship(foreign_keys=[user_id])
    withdrawn_by: Mapped[UserRow | None] = relationship(foreign_keys=[withdrawn_by_user_id])


class ThreadRow(Base):
    """A discussion on a provision: started on ``provision_key`` of ``version_id`` and
    followed into the document's other versions. ``party_id``: the party that started it
    (None for an administrator acting for none; always set for an internal thread, whose
    party alone may read it)."""

    __tablename__ = "discussion_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    negotiation_id: Mapped[int] = mapped_column(ForeignKey("negotiations.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    provision_key: Mapped[str] = mapped_column(String(120))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    visibility: Mapped[ThreadVisibility] = mapped_column(Vocabulary(ThreadVisibility, 16))
    status: Mapped[ThreadStatus] = mapped_column(Vocabulary(ThreadStatus, 16))
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Who resolved it last and when; None while open.
    resolved_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    negotiation: Mapped[NegotiationRow] = relationship()
    version: Mapped[VersionRow] = relationship()
    party: Mapped[PartyRow | None] = relationship()
    created_by: Mapped[UserRow | None] = relationship(foreign_keys=[created_by_user_id])
    resolved_by: Mapped[UserRow | None] = relationship(foreign_keys=[resolved_by_user_id])
    messages: Mapped[list[MessageRow]] = relationship(
        back_populates="thread", order_by="MessageRow.id"
    )


class MessageRow(Base):
    """One message of a thread, Markdown as written. Never changed."""

    __tablename__ = "discussion_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("discussion_threads.id"), index=True)
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"))  # written for
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    thread: Mapped[ThreadRow] = relationship(back_populates="messages")
    author: Mapped[UserRow | None] = relationship()
    party: Mapped[PartyRow | None] = relationship()
    mentioned: Mapped[list[MentionRow]] = relationship(order_by="MentionRow.user_id")


class MentionRow(Base):
    """A member named ``@username`` in a message: one who may read its thread."""

    __tablename__ = "discussion_mentions"

    message_id: Mapped[int] = mapped_column(ForeignKey("discussion_messages.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)

    user: Mapped[UserRow] = relationship()
