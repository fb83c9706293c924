"""Party statements: what a member signs with their own key, so the host cannot act for them.

A *statement* is a short, versioned, canonical text naming one act: which record, which act,
in which negotiation, for which party, about what, the SHA-256 of the content put in writing,
and when. Every line ends in a newline; nothing else is allowed, so anyone holding the
record's entry and its opening re-creates the same bytes::

    inwriting/statement/v1
    record <the record's origin>
    action response_submitted
    negotiation 3
    party 2
    about version 5
    content <64 lower-case hex digits>
    time 2026-12-07T21:40:00Z

The member signs it as a C2SP signed note (``tlog.notes``: Ed25519, type 0x01) under their
key's name. A *signature file* (what ``inwriting sign`` writes, and the web upload and the API
accept) carries the signer's verifier key before the note::

    inwriting/signature/v1
    key <verifier key: name+id+base64(0x01 ‖ public key)>
    <blank line>
    <the signed note: the statement, a blank line, the signature line>

The key line is a convenience, not trust: whoever checks a signature compares the key with
the one registered on the record for that party. The byte format is in docs/record.md.
Nothing here reads a clock: the acceptable window is checked against a ``now`` passed in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from inwriting.domain.events import RecordedEvent
from inwriting.tlog.errors import TlogError
from inwriting.tlog.notes import (
    Ed25519Signer,
    Ed25519Verifier,
    is_valid_key_name,
    parse_note,
    parse_vkey,
    sign_note,
    verify_note,
)

STATEMENT_HEADER = "inwriting/statement/v1"
SIGNATURE_HEADER = "inwriting/signature/v1"
MAX_SIGNATURE_BYTES = 4096
# A statement may be signed a while before it is sent (offline, on another machine), never
# after: a day back, and five minutes ahead for clocks that run fast.
MAX_AGE = timedelta(hours=24)
MAX_SKEW = timedelta(minutes=5)
_TIME = "%Y-%m-%dT%H:%M:%SZ"
_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^(0|[1-9][0-9]{0,17})$")
_ABOUT = {"version", "document", "negotiation", "commitment", "response"}
_FIELDS = ("record", "action", "negotiation", "party", "about", "content", "time")


class Action(StrEnum):
    """The acts a member may sign: each names what its ``about`` line refers to."""

    RESPONSE_SUBMITTED = "response_submitted"  # about version <id>
    RESPONSE_APPROVED = "response_approved"  # about version <id>
    COMMITMENT_STATUS_CHANGED = "commitment_status_changed"  # about commitment <id>
    VERSION_TABLED = "version_tabled"  # about negotiation <id>
    COMMITMENT_RECORDED = "commitment_recorded"  # about negotiation <id>

    @property
    def noun(self) -> str:
        """The act as people name it: "submission", "approval"..."""
        return _NOUNS[self]


_NOUNS = {
    Action.RESPONSE_SUBMITTED: "submission",
    Action.RESPONSE_APPROVED: "approval",
    Action.COMMITMENT_STATUS_CHANGED: "status change",
    Action.VERSION_TABLED: "tabling",
    Action.COMMITMENT_RECORDED: "record of a promise",
}


class StatementError(ValueError):
    """Text that is not a statement or signature file, or a signature that does not verify."""


@dataclass(frozen=True)
class Statement:
    record: str  # the record's origin (``inwriting record key``'s name): no replay elsewhere
    action: Action
    negotiation: int
    party: int
    about: tuple[str, int]  # ("version", 5): what the act is about, by id
    content_sha256: str  # the digest the record commits to for this act
    time: datetime  # aware; whole seconds, UTC

    def __post_init__(self) -> None:
        if not is_valid_key_name(self.record):
            raise StatementError(f"statement: invalid record origin {self.record!r}")
        if self.about[0] not in _ABOUT or self.about[1] < 0:
            raise StatementError(f"statement: cannot be about {self.about[0]} {self.about[1]}")
        if not _SHA256_HEX.match(self.content_sha256):
            raise StatementError("statement: content must be 64 lower-case hex digits")
        if self.time.tzinfo is None or self.time.microsecond:
            raise StatementError("statement: time must be aware, in whole seconds")

    def text(self) -> str:
        """The canonical text: the exact bytes (UTF-8) that are signed."""
        return (
            f"{STATEMENT_HEADER}\n"
            f"record {self.record}\n"
            f"action {self.action.value}\n"
            f"negotiation {self.negotiation}\n"
            f"party {self.party}\n"
            f"about {self.about[0]} {self.about[1]}\n"
            f"content {self.content_sha256}\n"
            f"time {self.time.astimezone(UTC).strftime(_TIME)}\n"
        )


def statement_time(moment: datetime) -> datetime:
    """``moment`` as a statement states it: UTC, whole seconds."""
    return moment.astimezone(UTC).replace(microsecond=0)


def parse_statement(text: str) -> Statement:
    """Parse the canonical text of a statement; anything else is refused."""
    lines = text.split("\n")
    if len(lines) != len(_FIELDS) + 2 or lines[0] != STATEMENT_HEADER or lines[-1] != "":
        raise StatementError(
            f"not a statement: it starts with {STATEMENT_HEADER!r} and has "
            f"exactly the lines {', '.join(_FIELDS)}"
        )
    values: dict[str, str] = {}
    for name, line in zip(_FIELDS, lines[1:-1], strict=True):
        if not line.startswith(name + " "):
            raise StatementError(f"statement: expected the {name!r} line, got {line!r}")
        values[name] = line[len(name) + 1 :]
    kind, _, about_id = values["about"].partition(" ")
    try:
        statement = Statement(
            record=values["record"],
            action=Action(values["action"]),
            negotiation=_number(values["negotiation"], "negotiation"),
            party=_number(values["party"], "party"),
            about=(kind, _number(about_id, "about")),
            content_sha256=values["content"],
            time=datetime.strptime(values["time"], _TIME).replace(tzinfo=UTC),
        )
    except ValueError as error:
        raise StatementError(f"statement: {error}") from None
    if statement.text() != text:
        raise StatementError("statement: not in canonical form")
    return statement


def _number(text: str, what: str) -> int:
    if not _ID.match(text):
        raise StatementError(f"statement: {what} must be a decimal id, got {text!r}")
    return int(text)


@dataclass(frozen=True)
class SignedStatement:
    """A statement, the signed note over it, and the verifier key that signed it."""

    statement: Statement
    vkey: str
    note: str  # the signed note, verbatim

    @property
    def key_name(self) -> str:
        return self.vkey.split("+", 1)[0]

    def format(self) -> str:
        """The signature file: header, key line, blank line, signed note."""
        return f"{SIGNATURE_HEADER}\nkey {self.vkey}\n\n{self.note}"


def sign_statement(statement: Statement, signer: Ed25519Signer) -> SignedStatement:
    """Sign ``statement`` with a member's key (on their machine: the key never travels)."""
    note = sign_note(statement.text(), [signer])
    return SignedStatement(statement, signer.verifier().vkey, note)


def parse_signature(text: str | bytes) -> SignedStatement:
    """Parse a signature file and check its note is signed by the key it names.

    Raises :class:`StatementError` naming what is wrong. The caller still has to check that
    the key is the signer's registered key and the statement is the act being done.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_SIGNATURE_BYTES:
            raise StatementError(f"a signature file is at most {MAX_SIGNATURE_BYTES} bytes")
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise StatementError("a signature file is UTF-8 text") from None
    if len(text) > MAX_SIGNATURE_BYTES:
        raise StatementError(f"a signature file is at most {MAX_SIGNATURE_BYTES} bytes")
    text = text.replace("\r\n", "\n")
    header, _, rest = text.partition("\n")
    key_line, _, note = rest.partition("\n\n")
    if header != SIGNATURE_HEADER or not key_line.startswith("key "):
        raise StatementError(
            f"not a signature file: it starts with {SIGNATURE_HEADER!r} and a 'key' line"
        )
    try:
        verifier = parse_vkey(key_line[4:])
        if not isinstance(verifier, Ed25519Verifier):
            raise StatementError("a party key signs with Ed25519 (verifier key type 0x01)")
        parsed = parse_note(note)
        verify_note(parsed, [verifier])
        if len(parsed.signatures) != 1:
            raise StatementError("a signature file carries exactly one signature")
    except TlogError as error:
        raise StatementError(f"the signature does not verify: {error}") from None
    return SignedStatement(parse_statement(parsed.text), verifier.vkey, note)


def check_timely(statement: Statement, now: datetime) -> None:
    """Refuse a statement dated too far from ``now``: signed more than :data:`MAX_AGE` ago
    (an old statement replayed) or more than :data:`MAX_SKEW` ahead."""
    if statement.time > now + MAX_SKEW:
        raise StatementError(
            f"the statement is dated {statement.time:%Y-%m-%d %H:%M:%S} UTC, in the future"
        )
    if statement.time < now - MAX_AGE:
        raise StatementError(
            f"the statement is dated {statement.time:%Y-%m-%d %H:%M:%S} UTC, more than "
            f"{MAX_AGE.total_seconds() / 3600:.0f} hours ago: sign it again"
        )


def mismatch(signed: Statement, expected: Statement) -> str | None:
    """What differs between the statement signed and the act being done (None: nothing but
    the time, which :func:`check_timely` judges)."""
    for name in ("record", "action", "negotiation", "party", "about", "content_sha256"):
        got, want = getattr(signed, name), getattr(expected, name)
        if got != want:
            label = "content" if name == "content_sha256" else name
            shown = " ".join(map(str, want)) if isinstance(want, tuple) else want
            given = " ".join(map(str, got)) if isinstance(got, tuple) else got
            return f"the signed statement names {label} {given}, this act is {label} {shown}"
    return None


def against_entry(statement: Statement, entry: RecordedEvent) -> str | None:
    """What does not match between a signed statement and the record entry of its act (None:
    it is the statement of that entry). The content digest is checked against the entry's
    commitment only with its opening: see :meth:`RecordedEvent.opens`."""
    if statement.action.value != entry.type.value:
        return f"the statement is of a {statement.action.value}, the entry of a {entry.type.value}"
    if statement.negotiation != entry.negotiation or statement.party != entry.party:
        return (
            f"the statement is for party {statement.party} in negotiation "
            f"{statement.negotiation}, the entry for party {entry.party} in negotiation "
            f"{entry.negotiation}"
        )
    kind, about = statement.about
    recorded = entry.negotiation if kind == "negotiation" else entry.ids.get(kind)
    if recorded != about:
        return f"the statement is about {kind} {about}, the entry about {kind} {recorded}"
    return None
