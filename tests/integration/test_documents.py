"""Tabling versions: who may, what is stored, and that it never changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.errors import ImmutableRecord, NotFound, PermissionDenied, ValidationError
from inwriting.services import documents, ledger, negotiations
from inwriting.services.actors import OPERATOR
from inwriting.storage.engine import Database
from inwriting.storage.models import ProvisionRow, VersionRow
from tests.integration.builders import (
    AMOS,
    BEN,
    CARL,
    DRAFT,
    OLGA,
    PROVISIONS,
    T0,
    ZED,
    build,
)


def test_a_tabled_version_reads_back_exactly(db: Database) -> None:
    s = build(db)
    found = documents.get_version(db, CARL, s.version_id)
    assert found.provisions == PROVISIONS
    assert found.version.number == 1 and found.version.label == "Version 1"
    assert found.version.tabled_by == "Party A"
    assert (found.version.provision_count, found.version.answerable) == (5, 4)


def test_next_versions_number_up_within_their_document(db: Database) -> None:
    s = build(db)
    doc = documents.get_version(db, CARL, s.version_id).version.document
    counter = ParsedDocument(DRAFT.title, (*PROVISIONS[:-1],))
    second = documents.table_version(
        db,
        BEN,
        s.negotiation,
        "Party B",
        counter,
        document=doc,
        label="Counter-proposal",
        baseline_id=s.version_id,
        now=T0,
    )
    assert (second.number, second.baseline_id, second.label) == (
        2,
        s.version_id,
        "Counter-proposal",
    )
    listed = documents.list_documents(db, CARL, s.negotiation)
    assert [(v.number, v.answerable) for v in listed[0].versions] == [(1, 4), (2, 3)]


def test_only_drafters_and_principals_of_the_party_table(db: Database) -> None:
    s = build(db)
    with pytest.raises(PermissionDenied):
        documents.table_version(db, OLGA, s.negotiation, "Party B", DRAFT, now=T0)
    with pytest.raises(PermissionDenied):
        documents.table_version(db, BEN, s.negotiation, "Party A", DRAFT, now=T0)
    with pytest.raises(PermissionDenied):
        documents.table_version(db, OPERATOR, s.negotiation, "Party A", DRAFT, now=T0)


def test_a_text_with_nothing_to_answer_is_refused(db: Database) -> None:
    s = build(db)
    headings_only = ParsedDocument("Empty", (PROVISIONS[1],))
    with pytest.raises(ValidationError, match="no answerable provision"):
        documents.table_version(db, AMOS, s.negotiation, "Party A", headings_only, now=T0)


def test_a_baseline_from_another_negotiation_is_refused(db: Database) -> None:
    s = build(db)
    negotiations.create_negotiation(db, OPERATOR, "Other talks", now=T0)
    from inwriting.services import parties

    parties.add_party(db, OPERATOR, "other-talks", "Party A", now=T0)
    from inwriting.domain.negotiations import Role

    parties.add_member(db, OPERATOR, "other-talks", "Party A", "amos", Role.DRAFTER, now=T0)
    with pytest.raises(NotFound):
        documents.table_version(
            db, AMOS, "other-talks", "Party A", DRAFT, baseline_id=s.version_id, now=T0
        )


def test_outsiders_cannot_read_a_private_negotiation(db: Database) -> None:
    s = build(db)
    with pytest.raises(NotFound):
        documents.get_version(db, ZED, s.version_id)


def test_a_large_version_reports_progress(db: Database) -> None:
    s = build(db)
    many = tuple(
        Provision(f"art-{i}", ProvisionKind.ARTICLE, f"Article {i}", str(i), "", f"Text {i}.")
        for i in range(1, 1201)
    )
    seen: list[tuple[int, int]] = []
    documents.table_version(
        db,
        AMOS,
        s.negotiation,
        "Party A",
        ParsedDocument("Big", many),
        now=T0,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(500, 1200), (1000, 1200), (1200, 1200)]


def test_the_orm_refuses_to_change_a_tabled_version(db: Database) -> None:
    s = build(db)
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        row = session.scalars(select(ProvisionRow).where(ProvisionRow.key == "art-1")).one()
        row.text = "Something else."
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        session.get_one(VersionRow, s.version_id).label = "renamed"
    with pytest.raises(ImmutableRecord), db.transaction() as session:
        session.delete(session.scalars(select(ProvisionRow)).first())
    assert documents.get_version(db, CARL, s.version_id).provisions == PROVISIONS


def test_a_direct_update_of_a_tabled_version_is_detected(db: Database) -> None:
    s = build(db)
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE provisions SET text = 'Zero.' WHERE key = 'art-1'"))
    report = ledger.check_database(db)
    assert {d.what for d in report.discrepancies} == {"content changed"}
    assert all(f"version {s.version_id} " in str(d) for d in report.discrepancies)
    assert any("was changed after it was tabled" in str(d) for d in report.discrepancies)
