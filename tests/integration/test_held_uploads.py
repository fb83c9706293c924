"""Uploads held for the import preview: their uploader's, for an hour, tabled once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from inwriting.domain.documents import AnswerLevel
from inwriting.errors import NotFound, PermissionDenied
from inwriting.services import held_uploads
from inwriting.services.actors import Actor, now_or
from inwriting.services.demo import ALDAVIA, load_demo
from inwriting.storage.engine import Database
from inwriting.storage.models import HeldUploadRow, RecordEntryRow
from tests.conftest import DATA

ARON = Actor("aron")
ACT = (DATA / "uk" / "widget-safety-act.txt").read_bytes()


def _count(db: Database, table: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_a_held_upload_is_tabled_once_at_the_level_asked(db: Database) -> None:
    demo = load_demo(db)
    entries = _count(db, RecordEntryRow)
    token = held_uploads.hold_upload(db, ARON, demo.negotiation, "act.txt", ACT)
    assert _count(db, RecordEntryRow) == entries
    held = held_uploads.get_held_upload(db, ARON, demo.negotiation, token)
    assert (held.name, held.data) == ("act.txt", ACT)
    version = held_uploads.table_held_upload(
        db, ARON, demo.negotiation, token, ALDAVIA, label="Act", answer_level="paragraph"
    )
    assert version.answer_level is AnswerLevel.PARAGRAPH and version.label == "Act"
    assert _count(db, RecordEntryRow) == entries + 1
    assert _count(db, HeldUploadRow) == 0
    with pytest.raises(NotFound):
        held_uploads.table_held_upload(db, ARON, demo.negotiation, token, ALDAVIA)
    assert _count(db, RecordEntryRow) == entries + 1


def test_a_held_upload_is_its_uploaders_for_an_hour(db: Database) -> None:
    demo = load_demo(db)
    now = now_or(None)
    token = held_uploads.hold_upload(db, ARON, demo.negotiation, "act.txt", ACT, now=now)
    for who in (Actor("cleo"), Actor(anonymous=True)):
        with pytest.raises(NotFound):
            held_uploads.get_held_upload(db, who, demo.negotiation, token)
    with pytest.raises(NotFound):
        held_uploads.get_held_upload(db, ARON, demo.negotiation, "not-a-token")
    later = now + held_uploads.HOLD + timedelta(seconds=1)
    with pytest.raises(NotFound):
        held_uploads.get_held_upload(db, ARON, demo.negotiation, token, now=later)
    # The next upload held removes the expired one.
    held_uploads.hold_upload(db, ARON, demo.negotiation, "act.txt", ACT, now=later)
    assert _count(db, HeldUploadRow) == 1


def test_a_user_holds_a_few_uploads_at_most_and_a_visitor_none(db: Database) -> None:
    demo = load_demo(db)
    now = now_or(None)
    tokens = [
        held_uploads.hold_upload(
            db, ARON, demo.negotiation, "act.txt", ACT, now=now + timedelta(seconds=n)
        )
        for n in range(held_uploads.MAX_HELD + 2)
    ]
    assert _count(db, HeldUploadRow) == held_uploads.MAX_HELD
    with pytest.raises(NotFound):  # the oldest went first
        held_uploads.get_held_upload(db, ARON, demo.negotiation, tokens[0])
    assert held_uploads.get_held_upload(db, ARON, demo.negotiation, tokens[-1]).data == ACT
    with pytest.raises(NotFound):  # the demo negotiation is private: a visitor sees none
        held_uploads.hold_upload(db, Actor(anonymous=True), demo.negotiation, "a.txt", ACT)
    with pytest.raises(PermissionDenied):  # the operator acts for no user
        held_uploads.hold_upload(db, Actor(), demo.negotiation, "a.txt", ACT)
