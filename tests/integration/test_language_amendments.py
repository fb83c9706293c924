"""Answers once, amendments per language: a party's amendment proposes its text in each
language of the version; the consolidated text and the derived next version carry every
language, and a wording nobody gave is said, never filled in with another language's words.
Real SQLite and PostgreSQL (the ``db`` fixture)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from inwriting.domain.derivation import Action, Choice
from inwriting.domain.digests import canonical_json, response_digest, sha256_hex
from inwriting.domain.responses import Lacking, Position, PositionKind, ResponseContent
from inwriting.errors import ValidationError
from inwriting.formats import parse_document
from inwriting.redline.bracket_render import consolidated_text as plain
from inwriting.services import (
    consolidation,
    derivation,
    exchange,
    languages,
    ledger,
    responses,
)
from inwriting.services.actors import OPERATOR
from inwriting.services.verification import verify_record
from inwriting.storage.engine import Database
from inwriting.storage.models import PositionRow, ResponseRow, VersionRow
from tests.integration.builders import AMOS, BEA, BEN, CARL, build, full_answer

DUTCH = """# Overeenkomst inzake testen

De Partijen komen overeen.

## Deel I Algemeen

## Artikel 1 Doel

Een.

## Artikel 2

Twee.

Meer.

## Artikel 3 Inwerkingtreding

Drie.
"""


def _with_dutch(db: Database) -> tuple[str, int]:
    s = build(db)
    languages.add_language_text(db, AMOS, s.version_id, "nl", parse_document(DUTCH))
    return s.negotiation, s.version_id


def _submit(db: Database, version_id: int, draft: ResponseContent) -> int:
    saved = responses.save_draft(db, BEN, version_id, draft)
    assert saved.complete, saved.problems
    return responses.submit_response(db, BEA, saved.id).id


def _count(db: Database, table: type) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


AMEND_BOTH = Position(
    PositionKind.AMEND,
    provision="art-1",
    text="One and only.",
    reason="Clarity.",
    wordings={"nl": "Een en enig."},
)
AMEND_EN_ONLY = Position(PositionKind.AMEND, provision="art-3", text="Three, later.", reason="R")
ADD_BOTH = Position(
    PositionKind.ADD, after="art-2", text="Two bis.", reason="Gap.", wordings={"nl": "Twee bis."}
)


def test_an_amendment_in_english_and_dutch_flows_into_both_texts(db: Database) -> None:
    _, version_id = _with_dutch(db)
    draft = full_answer(art_1=AMEND_BOTH)
    draft = ResponseContent(draft.party, draft.kind, draft.cover_note, (*draft.positions, ADD_BOTH))
    response_id = _submit(db, version_id, draft)
    shown = responses.get_response(db, CARL, response_id)
    assert shown.languages == ("en", "nl") and shown.lacking == ()
    assert shown.content.positions[1].wordings == {"nl": "Een en enig."}

    dutch = consolidation.consolidated_text(db, CARL, version_id, language="nl")
    assert dutch.language == "nl" and dutch.title == "Overeenkomst inzake testen"
    written = plain(dutch.text)
    assert "Artikel 1 — Doel" in written
    assert "Een [Party B: en enig]." in written  # the Dutch words diffed against the Dutch
    assert "new provision after Artikel 2:\nTwee bis.]" in written
    assert "One and only" not in written  # never the English words in the Dutch text
    english = plain(consolidation.consolidated_text(db, CARL, version_id).text)
    assert "One [Party B: and only]." in english

    derived = derivation.derive_version(
        db,
        AMOS,
        version_id,
        [Choice("art-1", Action.ADOPT, "Party B"), Choice("art-2", Action.INSERT, "Party B")],
    )
    nl = languages.get_language_text(db, CARL, derived.id, "nl")
    by_key = {p.key: p for p in nl.provisions}
    assert by_key["art-1"].text == "Een en enig." and by_key["art-1"].label == "Artikel 1"
    assert by_key["art-2-bis"].text == "Twee bis." and by_key["art-2-bis"].label == "Artikel 2 bis"
    assert by_key["art-3"].text == "Drie."  # kept
    assert [p.key for p in nl.provisions] == [
        "preamble",
        "part-1",
        "art-1",
        "art-2",
        "art-2-bis",
        "art-3",
    ]
    en = languages.get_language_text(db, CARL, derived.id, "en")
    assert {p.key: p.text for p in en.provisions}["art-1"] == "One and only."
    assert verify_record(db, None).ok
    assert not ledger.check_database(db).discrepancies


def test_an_amendment_lacking_dutch_is_said_and_blocks_the_derivation_until_given(
    db: Database,
) -> None:
    _, version_id = _with_dutch(db)
    saved = responses.save_draft(db, BEN, version_id, full_answer(art_3=AMEND_EN_ONLY))
    assert saved.lacking == (Lacking("art-3", ("nl",)),)
    assert saved.complete  # allowed: said, not a problem that blocks submission
    responses.submit_response(db, BEA, saved.id)

    dutch = plain(consolidation.consolidated_text(db, CARL, version_id, language="nl").text)
    assert "[Drie.]\n[Party B: (proposed wording not given in nl)]" in dutch

    versions = _count(db, VersionRow)
    adopt = Choice("art-3", Action.ADOPT, "Party B")
    with pytest.raises(ValidationError) as refused:
        derivation.derive_version(db, AMOS, version_id, [adopt])
    assert [(p.where, p.field, p.code) for p in refused.value.problems] == [
        ("art-3", "wordings.nl", "missing_wording")
    ]
    assert "Party B's proposal has no nl wording" in refused.value.problems[0].message
    assert _count(db, VersionRow) == versions  # nothing tabled

    given = Choice("art-3", Action.ADOPT, "Party B", wordings={"nl": "Drie, later."})
    derived = derivation.derive_version(db, AMOS, version_id, [given])
    nl = languages.get_language_text(db, CARL, derived.id, "nl")
    assert {p.key: p.text for p in nl.provisions}["art-3"] == "Drie, later."
    assert verify_record(db, None).ok


def test_a_compromise_is_written_in_every_language(db: Database) -> None:
    _, version_id = _with_dutch(db)
    only_english = Choice("art-1", Action.COMPROMISE, text="Uno.")
    with pytest.raises(ValidationError) as refused:
        derivation.derive_version(db, AMOS, version_id, [only_english])
    assert [(p.where, p.field) for p in refused.value.problems] == [("art-1", "wordings.nl")]
    with pytest.raises(ValidationError) as wrong:
        derivation.derive_version(
            db, AMOS, version_id, [Choice("art-1", Action.COMPROMISE, "", "Uno.", {"fr": "Un."})]
        )
    assert {p.code for p in wrong.value.problems} == {"unknown_language", "missing_wording"}
    both = Choice("art-1", Action.COMPROMISE, text="Uno.", wordings={"nl": "Eén."})
    derived = derivation.derive_version(db, AMOS, version_id, [both])
    texts = languages.list_language_texts(db, CARL, derived.id)
    assert [t.language for t in texts] == ["en", "nl"]
    assert {p.key: p.text for p in texts[1].provisions}["art-1"] == "Eén."


def test_a_tampered_dutch_wording_is_found(db: Database) -> None:
    _, version_id = _with_dutch(db)
    _submit(db, version_id, full_answer(art_1=AMEND_BOTH))
    assert not ledger.check_database(db).discrepancies
    with db.engine.begin() as conn:
        conn.execute(
            text("UPDATE positions SET wordings = :w WHERE provision_key = 'art-1'"),
            {"w": json.dumps({"nl": "Twee."})},
        )
    report = ledger.check_database(db)
    assert {d.what for d in report.discrepancies} == {"content changed"}
    assert any("response" in str(d) for d in report.discrepancies)


def test_a_digest_without_wordings_is_the_digest_of_before(db: Database) -> None:
    """Records made before wordings existed verify: a position without them is encoded, and
    a response digested, exactly as then (the encoding written out here by hand)."""
    draft = full_answer(art_3=AMEND_EN_ONLY)
    before = {
        "format_version": 1,
        "version": "ab" * 32,
        "party": draft.party,
        "kind": draft.kind.value,
        "cover_note": draft.cover_note,
        "positions": [
            {
                "kind": p.kind.value,
                "provision": p.provision,
                "after": p.after,
                "text": p.text,
                "reason": p.reason,
                "exception": p.exception,
            }
            for p in draft.positions
        ],
    }
    assert response_digest("ab" * 32, draft) == sha256_hex(canonical_json(before))
    with_dutch = full_answer(art_3=Position(**{**AMEND_EN_ONLY.__dict__, "wordings": {"nl": "D"}}))
    assert response_digest("ab" * 32, with_dutch) != response_digest("ab" * 32, draft)


@pytest.mark.parametrize(
    ("wordings", "kind", "code", "words"),
    [
        ({"fr": "Un."}, PositionKind.AMEND, "unknown_language", "has no fr text (it is in en, nl)"),
        ({"nl": "  "}, PositionKind.AMEND, "empty_wording", "the nl wording is empty"),
        ({"en": "One!"}, PositionKind.AMEND, "original_language", "the text itself"),
        ({"nl": "Een."}, PositionKind.ACCEPT, "unexpected_field", "proposes no text"),
    ],
)
def test_a_wording_with_no_place_is_refused_and_changes_nothing(
    db: Database, wordings: dict[str, str], kind: PositionKind, code: str, words: str
) -> None:
    _, version_id = _with_dutch(db)
    fields = {"text": "Uno.", "reason": "R"} if kind is PositionKind.AMEND else {}
    bad = Position(kind, provision="art-1", wordings=wordings, **fields)
    with pytest.raises(ValidationError) as refused:
        responses.save_draft(db, BEN, version_id, full_answer(art_1=bad))
    assert [p.code for p in refused.value.problems] == [code]
    assert words in refused.value.problems[0].message
    assert _count(db, ResponseRow) == 0 and _count(db, PositionRow) == 0


def test_a_version_in_one_language_takes_no_wordings(db: Database) -> None:
    s = build(db)
    amend = Position(PositionKind.AMEND, "art-1", text="Uno.", reason="R", wordings={"nl": "E"})
    with pytest.raises(ValidationError, match="cannot be saved"):
        responses.save_draft(db, BEN, s.version_id, full_answer(art_1=amend))
    plain_amend = Position(PositionKind.AMEND, "art-1", text="Uno.", reason="R")
    saved = responses.save_draft(db, BEN, s.version_id, full_answer(art_1=plain_amend))
    assert saved.languages == ("en",) and saved.lacking == ()


def test_wordings_move_with_an_exported_negotiation(db: Database, tmp_path: Path) -> None:
    slug, version_id = _with_dutch(db)
    response_id = _submit(db, version_id, full_answer(art_1=AMEND_BOTH))
    exported = exchange.export_negotiation(db, OPERATOR, slug)
    positions = exported["responses"][0]["positions"]
    assert positions[1]["wordings"] == {"nl": "Een en enig."}
    assert "wordings" not in positions[0]  # an accept: as exported before wordings existed
    other = Database(f"sqlite:///{tmp_path}/other.db")
    other.upgrade()
    moved = exchange.import_negotiation(other, OPERATOR, json.loads(json.dumps(exported)))
    again = exchange.export_negotiation(other, OPERATOR, moved)
    assert again["responses"][0]["positions"] == positions
    digest = responses.get_response(db, CARL, response_id).content_sha256
    assert again["responses"][0]["content_sha256"] == digest
    assert verify_record(other, None).ok
    other.dispose()
