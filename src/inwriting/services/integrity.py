"""Detect changes made behind the services' back.

Every tabled version and submitted response stores the SHA-256 of its content. Recomputing
them finds any row altered by hand (a raw ``UPDATE`` in a database shell). The record
(Merkle log) later makes the original digests themselves provable.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from inwriting.storage.conversions import response_row_digest, version_row_digest
from inwriting.storage.engine import Database
from inwriting.storage.models import ResponseRow, VersionRow


@dataclass(frozen=True)
class Tampering:
    what: str  # "version" | "response"
    id: int
    stored_sha256: str
    actual_sha256: str

    def __str__(self) -> str:
        return (
            f"{self.what} {self.id} was changed after it was put in writing: "
            f"stored digest {self.stored_sha256[:16]}…, content now hashes to "
            f"{self.actual_sha256[:16]}…"
        )


@dataclass(frozen=True)
class IntegrityReport:
    versions: int
    responses: int
    tampered: tuple[Tampering, ...]

    @property
    def ok(self) -> bool:
        return not self.tampered


def check_integrity(db: Database) -> IntegrityReport:
    tampered: list[Tampering] = []
    with db.reading() as session:
        versions = list(session.scalars(select(VersionRow).order_by(VersionRow.id)))
        for v in versions:
            actual = version_row_digest(v)
            if actual != v.content_sha256:
                tampered.append(Tampering("version", v.id, v.content_sha256, actual))
        responses = list(
            session.scalars(
                select(ResponseRow)
                .where(ResponseRow.status.in_(("submitted", "superseded")))
                .order_by(ResponseRow.id)
            )
        )
        for r in responses:
            actual = response_row_digest(r)  # bound to the version's stored digest
            if actual != r.content_sha256:
                tampered.append(Tampering("response", r.id, r.content_sha256 or "", actual))
    return IntegrityReport(len(versions), len(responses), tuple(tampered))
