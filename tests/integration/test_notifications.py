"""Notifications made at the event, reminders by the sender, and e-mail through a real SMTP
server, with a fixed clock, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from inwriting.domain.commitments import Evidence, Source, SourceKind
from inwriting.domain.notifications import Delivery, MailState, NotificationKind
from inwriting.errors import NotFound, PermissionDenied, Unavailable, ValidationError
from inwriting.services import (
    commitments,
    documents,
    notifications,
    requests,
    responses,
    sending,
    tasks,
    users,
)
from inwriting.services.actors import OPERATOR, Actor
from inwriting.settings import Settings
from inwriting.storage.engine import Database
from inwriting.storage.models import LeaseRow, NotificationRow
from tests.conftest import Inbox, free_port
from tests.integration.builders import (
    ALICE,
    AMOS,
    BEA,
    BEN,
    BORIS,
    CARL,
    DRAFT,
    OLGA,
    T0,
    ZED,
    Setup,
    build,
    full_answer,
)

BASE = "https://talks.example.org"
DUE = T0 + timedelta(days=5)


def settings_for(inbox: Inbox | None, **changes: object) -> Settings:
    url = inbox.url if inbox is not None else ""
    return Settings(base_url=BASE, smtp_url=url, mail_from="talks@example.org", **changes)  # type: ignore[arg-type]


def with_addresses(db: Database) -> None:
    for name in ("alice", "amos", "ben", "bea", "boris", "olga", "carl"):
        users.set_email(db, OPERATOR, name, f"{name}@example.org")


def kinds(db: Database, actor: Actor) -> list[NotificationKind]:
    return [n.kind for n in notifications.list_notifications(db, actor)]


def ask(db: Database, s: Setup) -> requests.Request:
    return requests.create_request(db, AMOS, s.version_id, "Party A", ["Party B"], DUE, now=T0)


def plain_text(message: object) -> str:
    from email.message import EmailMessage

    assert isinstance(message, EmailMessage)
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def test_a_request_tells_the_members_of_the_parties_asked(db: Database) -> None:
    s = build(db)
    ask(db, s)
    for member in (BEN, BEA, BORIS, OLGA):
        found = notifications.list_notifications(db, member)
        assert [n.kind for n in found] == [
            NotificationKind.REQUEST_RECEIVED,
            NotificationKind.VERSION_TABLED,  # the setup's
        ]
        assert "Party A asks for a written answer" in found[0].summary
        assert (
            found[0].path
            == f"/negotiations/{s.negotiation}/versions/{s.version_id}/respond?party=Party%20B"
        )
    assert kinds(db, CARL) == [NotificationKind.VERSION_TABLED]  # not asked
    assert kinds(db, AMOS) == []  # who asked


def test_versions_answers_and_commitments_tell_those_concerned(db: Database) -> None:
    s = build(db)
    # The setup's version was tabled by amos: everyone else in the negotiation heard of it.
    assert kinds(db, AMOS) == []
    assert kinds(db, CARL) == [NotificationKind.VERSION_TABLED]
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    assert NotificationKind.AWAITING_CLEARANCE not in kinds(db, BEA)  # B needs no approval
    responses.submit_response(db, BEA, draft.id, now=T0)
    assert kinds(db, ALICE)[0] is NotificationKind.ANSWER_SUBMITTED
    assert kinds(db, AMOS) == [NotificationKind.ANSWER_SUBMITTED]
    assert NotificationKind.ANSWER_SUBMITTED not in kinds(db, CARL)

    promise = commitments.record_commitment(
        db,
        AMOS,
        s.negotiation,
        "Party A",
        "We will send the annex.",
        Source(SourceKind.MEETING, "Round 2", "We will send it."),
        made_at=T0,
        to=["Party B"],
        now=T0,
    )
    commitments.dispute(db, BEA, promise.id, "Party B", "Never said.", Evidence("Minutes"), now=T0)
    assert kinds(db, AMOS)[0] is NotificationKind.COMMITMENT_CHANGED
    assert "disputed" in notifications.list_notifications(db, ALICE)[0].summary
    assert NotificationKind.COMMITMENT_CHANGED not in kinds(db, BEA)  # who disputed it
    assert NotificationKind.COMMITMENT_CHANGED not in kinds(db, CARL)  # not promised to C


def test_a_complete_draft_awaits_the_clearance_of_principals_who_did_not_write_it(
    db: Database,
) -> None:
    s = build(db, b_requires_approval=True)
    whole = full_answer()
    incomplete = replace(whole, positions=whole.positions[:2])
    responses.save_draft(db, BEN, s.version_id, incomplete, now=T0)
    assert NotificationKind.AWAITING_CLEARANCE not in kinds(db, BEA)  # not ready yet
    responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)  # the same text again
    for principal in (BEA, BORIS):
        assert kinds(db, principal).count(NotificationKind.AWAITING_CLEARANCE) == 1
    assert NotificationKind.AWAITING_CLEARANCE not in kinds(db, BEN)  # a drafter
    assert NotificationKind.AWAITING_CLEARANCE not in kinds(db, OLGA)  # an observer
    responses.save_draft(db, BEN, s.version_id, replace(whole, cover_note="Changed."), now=T0)
    assert kinds(db, BEA).count(NotificationKind.AWAITING_CLEARANCE) == 2  # a new text


def test_reminders_before_the_due_date_and_when_overdue_once_each(db: Database) -> None:
    s = build(db)
    ask(db, s)
    config = settings_for(None, remind_hours=48)
    early = sending.send_notifications(db, config, now=DUE - timedelta(hours=49))
    assert early.reminders == 0
    soon = sending.send_notifications(db, config, now=DUE - timedelta(hours=47))
    assert soon.reminders == 3  # ben, bea, boris: not olga, an observer
    again = sending.send_notifications(db, config, now=DUE - timedelta(hours=1))
    assert again.reminders == 0
    late = sending.send_notifications(db, config, now=DUE + timedelta(minutes=1))
    assert late.reminders == 3
    assert kinds(db, BEN)[:2] == [NotificationKind.OVERDUE, NotificationKind.DUE_SOON]
    assert "is overdue" in notifications.list_notifications(db, BEN)[0].summary
    assert sending.send_notifications(db, config, now=DUE + timedelta(days=1)).reminders == 0


def test_no_reminder_once_a_formal_answer_is_in(db: Database) -> None:
    s = build(db)
    ask(db, s)
    draft = responses.save_draft(db, BEN, s.version_id, full_answer(), now=T0)
    responses.submit_response(db, BEA, draft.id, now=T0)
    config = settings_for(None)
    assert sending.send_notifications(db, config, now=DUE + timedelta(hours=1)).reminders == 0


def test_e_mail_once_with_plain_text_and_a_link(db: Database, smtp_server: Inbox) -> None:
    s = build(db)
    with_addresses(db)
    ask(db, s)
    config = settings_for(smtp_server)
    first = sending.send_notifications(db, config, now=T0)
    # The version (6 people besides amos) and the request (4 members of Party B).
    assert (first.emails, first.mailed, first.pending) == (10, 10, 0)
    assert sending.send_notifications(db, config, now=T0).emails == 0  # nothing twice
    assert len(smtp_server.messages) == 10
    to_ben = [m for m in smtp_server.messages if m["To"] == "ben@example.org"]
    request_mail = next(m for m in to_ben if "Request" in str(m["Subject"]))
    assert request_mail["Subject"] == "[InWriting] Request for a written answer"
    assert request_mail["From"] == "talks@example.org"
    assert request_mail["Auto-Submitted"] == "auto-generated"
    body = plain_text(request_mail)
    assert "Hello Ben," in body
    link = f"{BASE}/negotiations/{s.negotiation}/versions/{s.version_id}/respond?party=Party%20B"
    assert link in body
    assert f"{BASE}/account/notifications" in body


def test_delivery_off_sends_nothing_and_a_digest_one_e_mail_a_day(
    db: Database, smtp_server: Inbox
) -> None:
    s = build(db)
    with_addresses(db)
    notifications.set_preferences(db, BEN, delivery=Delivery.OFF)
    notifications.set_preferences(db, BEA, delivery=Delivery.DIGEST)
    config = settings_for(smtp_server)
    ask(db, s)
    sending.send_notifications(db, config, now=T0)
    documents.table_version(db, ALICE, s.negotiation, "Party A", DRAFT, now=T0)
    sending.send_notifications(db, config, now=T0 + timedelta(hours=1))  # same day: no digest
    to = [m["To"] for m in smtp_server.messages]
    assert "ben@example.org" not in to
    assert to.count("bea@example.org") == 1
    digest = next(m for m in smtp_server.messages if m["To"] == "bea@example.org")
    assert digest["Subject"] == "[InWriting] Daily digest: 2 notification(s)"
    body = plain_text(digest)
    assert "Request for a written answer" in body and "New version tabled" in body
    assert kinds(db, BEN)  # off by e-mail, still in the app
    next_day = sending.send_notifications(db, config, now=T0 + timedelta(days=1))
    assert next_day.emails == 1  # the second version, in the next day's digest
    assert [m["To"] for m in smtp_server.messages].count("bea@example.org") == 2


def test_an_unreachable_server_is_named_and_nothing_is_marked_sent(
    db: Database, smtp_server: Inbox
) -> None:
    s = build(db)
    with_addresses(db)
    ask(db, s)
    down = Settings(smtp_url=f"smtp://mailer:s3cret@127.0.0.1:{free_port()}")
    with pytest.raises(Unavailable) as refused:
        sending.send_notifications(db, down, now=T0)
    assert "mailer:***@127.0.0.1" in refused.value.message
    assert "s3cret" not in refused.value.message
    with db.reading() as session:
        states = {r.mail_state for r in session.query(NotificationRow)}
    assert states == {MailState.PENDING}
    assert sending.send_notifications(db, settings_for(smtp_server), now=T0).emails == 10


def test_no_address_or_stale_news_is_never_e_mailed(db: Database, smtp_server: Inbox) -> None:
    s = build(db)
    users.set_email(db, OPERATOR, "ben", "ben@example.org")
    ask(db, s)
    later = T0 + timedelta(days=8)
    done = sending.send_notifications(db, settings_for(smtp_server), now=later)
    # The version and the request are a week old: too late to e-mail. The overdue reminder
    # made now goes out, to the only one with an address.
    assert (done.reminders, done.emails, done.pending) == (3, 1, 0)
    assert [m["To"] for m in smtp_server.messages] == ["ben@example.org"]
    assert smtp_server.messages[0]["Subject"] == "[InWriting] Answer overdue"


def test_one_sender_at_a_time(db: Database, smtp_server: Inbox) -> None:
    s = build(db)
    with_addresses(db)
    ask(db, s)
    with db.transaction() as session:
        session.add(LeaseRow(name="notifications", holder="elsewhere", expires_at=_in(60)))
    busy = sending.send_notifications(db, settings_for(smtp_server), now=T0)
    assert not busy.ran and smtp_server.messages == []
    with db.transaction() as session:
        lease = session.get(LeaseRow, "notifications")
        assert lease is not None
        lease.expires_at = _in(-1)  # its holder died: the lease ran out
    assert sending.send_notifications(db, settings_for(smtp_server), now=T0).emails == 10


def test_reading_and_preferences_are_ones_own(db: Database) -> None:
    s = build(db)
    ask(db, s)
    assert notifications.count_unread(db, BEN) == 2  # the version, the request
    first = notifications.list_notifications(db, BEN)[0]
    with pytest.raises(NotFound):
        notifications.mark_read(db, BEA, first.id)  # ben's, not bea's
    assert notifications.mark_read(db, BEN, first.id, now=T0) == 1
    assert notifications.count_unread(db, BEN) == 1
    assert notifications.mark_read(db, BEN, now=T0) == 1
    assert notifications.list_notifications(db, BEN, unread_only=True) == []
    with pytest.raises(PermissionDenied):
        notifications.list_notifications(db, OPERATOR)
    with pytest.raises(ValidationError):
        notifications.set_preferences(db, ZED, email="zed@example.org\nBcc: x@y.org")
    assert notifications.get_preferences(db, ZED).email == ""  # nothing changed
    chosen = notifications.set_preferences(db, ZED, delivery=Delivery.DIGEST, email=" z@x.org ")
    assert (chosen.delivery, chosen.email) == (Delivery.DIGEST, "z@x.org")


def _in(minutes: int) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes)


def test_my_tasks_list_what_my_party_owes_overdue_first_and_changes_since_my_visit(
    db: Database,
) -> None:
    s = build(db)
    ask(db, s)  # Version 1, due in five days
    second = documents.table_version(
        db, ALICE, s.negotiation, "Party A", DRAFT, document="agreement-on-testing", now=T0
    )
    requests.create_request(
        db, ALICE, second.id, "Party A", ["Party B"], T0 + timedelta(days=2), now=T0
    )
    first_look = tasks.my_tasks(db, BEN, now=T0 + timedelta(days=3))
    assert first_look.since is None and first_look.changes == ()  # a first visit
    (owed,) = first_look.sections
    assert [(t.label, t.overdue) for t in owed.tasks] == [
        ("Answer Version 2", True),
        ("Answer Version 1", False),
    ]
    assert tasks.my_tasks(db, OLGA, now=T0).sections == ()  # an observer owes nothing
    assert tasks.my_tasks(db, BEN, now=T0 + timedelta(days=3, minutes=10)).since is None
    documents.table_version(
        db,
        AMOS,
        s.negotiation,
        "Party A",
        DRAFT,
        document="agreement-on-testing",
        now=T0 + timedelta(days=3, hours=1),
    )
    later = tasks.my_tasks(db, BEN, now=T0 + timedelta(days=3, hours=2))
    assert later.since == T0 + timedelta(days=3, minutes=10)  # the end of the last visit
    assert [c.what for c in later.changes] == ["version tabled"]
    assert tasks.my_tasks(db, ZED, now=T0).sections == ()  # takes part in nothing


def test_a_read_only_database_still_shows_my_tasks(sqlite_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "site.db"
    shutil.copy(sqlite_template, path)
    writable = Database(f"sqlite:///{path}")
    s = build(writable)
    ask(writable, s)
    writable.dispose()
    read_only = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    found = tasks.my_tasks(read_only, BEN, now=T0)
    assert [t.label for t in found.sections[0].tasks] == ["Answer Version 1"]
    read_only.dispose()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("smtp+starttls://127.0.0.1:{port}", "STARTTLS"),
        ("smtp://mailer:pw-in-url@127.0.0.1:{port}", "refusing to send the password in clear"),
    ],
)
def test_no_password_or_mail_goes_out_unencrypted_where_encryption_is_asked_for(
    db: Database, smtp_server: Inbox, url: str, reason: str
) -> None:
    s = build(db)
    with_addresses(db)
    ask(db, s)
    plain = Settings(smtp_url=url.format(port=smtp_server.port))  # this server has no TLS
    with pytest.raises(Unavailable, match=reason) as refused:
        sending.send_notifications(db, plain, now=T0)
    assert "pw-in-url" not in refused.value.message
    assert smtp_server.messages == []
    with db.reading() as session:
        assert {r.mail_state for r in session.query(NotificationRow)} == {MailState.PENDING}
