"""When a reminder falls due, and when a digest may go out: plain values, a fixed clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from inwriting.domain.notifications import NotificationKind, digest_due, reminder
from inwriting.settings import Settings, masked_url

DUE = datetime(2027, 1, 31, 17, 0, tzinfo=UTC)
LEAD = timedelta(hours=48)


@pytest.mark.parametrize(
    ("now", "kind"),
    [
        (DUE - LEAD - timedelta(seconds=1), None),
        (DUE - LEAD, NotificationKind.DUE_SOON),
        (DUE, NotificationKind.DUE_SOON),  # due at, not yet past
        (DUE + timedelta(seconds=1), NotificationKind.OVERDUE),
        (DUE + timedelta(days=30), NotificationKind.OVERDUE),
    ],
)
def test_a_reminder_is_due_within_the_lead_and_overdue_past_the_date(
    now: datetime, kind: NotificationKind | None
) -> None:
    found = reminder(DUE, now, LEAD)
    assert (found.kind if found else None) is kind
    if found is not None:
        assert found.occasion == "due:2027-01-31T17:00"  # a moved due date is a new occasion


def test_no_lead_means_no_reminder_before_only_when_overdue() -> None:
    assert reminder(DUE, DUE - timedelta(minutes=1), timedelta(0)) is None
    found = reminder(DUE, DUE + timedelta(minutes=1), timedelta(0))
    assert found is not None and found.kind is NotificationKind.OVERDUE


def test_one_digest_a_day() -> None:
    assert digest_due(None, DUE)
    assert not digest_due(DUE.replace(hour=0, minute=1), DUE)
    assert digest_due(DUE - timedelta(days=1), DUE)


def test_the_smtp_password_is_masked_and_never_in_the_settings_repr() -> None:
    url = "smtps://mailer:s3cr%40t@mail.example.org:465"
    settings = Settings.from_env({"INWRITING_SMTP_URL": url})
    assert settings.smtp_url == url
    assert settings.smtp_url_shown == "smtps://mailer:***@mail.example.org:465"
    assert "s3cr" not in repr(settings)
    assert masked_url("smtp://127.0.0.1:2525") == "smtp://127.0.0.1:2525"
    assert Settings.from_env(settings.to_env()).smtp_url == url  # handed to workers intact


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"INWRITING_SMTP_URL": "http://mail.example.org"}, "use smtp://"),
        ({"INWRITING_SMTP_URL": "smtps://u:pw@host:port"}, "port is not a number"),
        ({"INWRITING_NOTIFY_INTERVAL": "soon"}, "is not a number"),
        ({"INWRITING_REMIND_HOURS": "-1"}, "is negative"),
    ],
)
def test_bad_notification_settings_are_refused_by_name(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message) as refused:
        Settings.from_env(env)
    assert "pw" not in str(refused.value)


def test_the_sender_defaults_to_the_base_urls_host() -> None:
    assert Settings(base_url="https://talks.example.org/").mail_sender == (
        "inwriting@talks.example.org"
    )
    assert Settings(mail_from="T <t@example.org>").mail_sender == "T <t@example.org>"
