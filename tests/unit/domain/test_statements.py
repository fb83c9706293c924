"""Party statements: canonical text, signature files, and what a verifier refuses."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from inwriting.domain.statements import (
    MAX_AGE,
    Action,
    Statement,
    StatementError,
    check_timely,
    mismatch,
    parse_signature,
    parse_statement,
    sign_statement,
)
from inwriting.tlog.notes import Ed25519Signer

WHEN = datetime(2026, 12, 7, 21, 40, tzinfo=UTC)
STATEMENT = Statement(
    record="example.org/inwriting",
    action=Action.RESPONSE_SUBMITTED,
    negotiation=3,
    party=2,
    about=("version", 5),
    content_sha256="ab" * 32,
    time=WHEN,
)
SIGNER = Ed25519Signer("bea@party-b", bytes(range(32)))


def test_the_statement_text_is_fixed_byte_for_byte() -> None:
    assert STATEMENT.text() == (
        "inwriting/statement/v1\n"
        "record example.org/inwriting\n"
        "action response_submitted\n"
        "negotiation 3\n"
        "party 2\n"
        "about version 5\n"
        f"content {'ab' * 32}\n"
        "time 2026-12-07T21:40:00Z\n"
    )
    assert parse_statement(STATEMENT.text()) == STATEMENT


@pytest.mark.parametrize(
    "bad",
    [
        "",
        STATEMENT.text().replace("negotiation 3", "negotiation 03"),
        STATEMENT.text().replace("party 2", "party two"),
        STATEMENT.text().replace("response_submitted", "response_sent"),
        STATEMENT.text().replace("ab" * 32, "AB" * 32),
        STATEMENT.text().replace("21:40:00Z", "21:40:00.5Z"),
        STATEMENT.text() + "extra line\n",
        STATEMENT.text().rstrip("\n"),
        STATEMENT.text().replace("\n", "\r\n"),
        STATEMENT.text().replace("about version", "about user"),
        "inwriting/statement/v2" + STATEMENT.text()[len("inwriting/statement/v1") :],
    ],
)
def test_anything_but_the_canonical_text_is_refused(bad: str) -> None:
    with pytest.raises(StatementError):
        parse_statement(bad)


def test_a_signature_file_verifies_and_names_its_key() -> None:
    signed = sign_statement(STATEMENT, SIGNER)
    text = signed.format()
    assert text.startswith(f"inwriting/signature/v1\nkey {SIGNER.verifier().vkey}\n\n")
    again = parse_signature(text)
    assert again.statement == STATEMENT and again.key_name == "bea@party-b"
    assert again.vkey == SIGNER.verifier().vkey
    assert parse_signature(text.encode()) == again


def test_a_signature_by_another_key_than_the_one_named_is_refused() -> None:
    other = Ed25519Signer("bea@party-b", bytes(32))
    forged = (
        sign_statement(STATEMENT, other)
        .format()
        .replace(other.verifier().vkey, SIGNER.verifier().vkey)
    )
    with pytest.raises(StatementError, match="does not verify"):
        parse_signature(forged)


def test_a_changed_statement_no_longer_verifies() -> None:
    text = sign_statement(STATEMENT, SIGNER).format()
    with pytest.raises(StatementError, match="does not verify"):
        parse_signature(text.replace("version 5", "version 6"))


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "inwriting/signature/v1\n",
        "not a signature\nkey x\n\nnote\n",
        "inwriting/signature/v1\nkey not+a+key\n\n" + STATEMENT.text() + "\n",
        b"\xff\xfe",
        "x" * 5000,
    ],
)
def test_malformed_signature_files_are_refused(bad: str | bytes) -> None:
    with pytest.raises(StatementError):
        parse_signature(bad)


def test_replaying_a_statement_on_another_version_names_the_difference() -> None:
    other = replace(STATEMENT, about=("version", 6))
    assert mismatch(STATEMENT, other) == (
        "the signed statement names about version 5, this act is about version 6"
    )
    assert mismatch(STATEMENT, replace(STATEMENT, time=WHEN + timedelta(minutes=1))) is None
    assert "content" in (mismatch(STATEMENT, replace(STATEMENT, content_sha256="cd" * 32)) or "")
    assert "record" in (mismatch(STATEMENT, replace(STATEMENT, record="elsewhere")) or "")


def test_statements_too_old_or_from_the_future_are_refused() -> None:
    check_timely(STATEMENT, WHEN + MAX_AGE)
    check_timely(STATEMENT, WHEN - timedelta(minutes=5))
    with pytest.raises(StatementError, match="hours ago"):
        check_timely(STATEMENT, WHEN + MAX_AGE + timedelta(seconds=1))
    with pytest.raises(StatementError, match="future"):
        check_timely(STATEMENT, WHEN - timedelta(minutes=6))
