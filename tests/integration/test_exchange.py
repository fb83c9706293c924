"""A whole negotiation exported as JSON and replayed into another database."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from inwriting.domain.derivation import Action, Choice
from inwriting.domain.documents import ParsedDocument
from inwriting.errors import Conflict, FormatError
from inwriting.services import commitments, derivation, documents, exchange, languages
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import load_demo
from inwriting.services.verification import verify_record
from inwriting.storage.engine import Database
from tests.integration.test_record import KEY


def _strip_ids(export: dict[str, object]) -> str:
    return json.dumps(export, sort_keys=True)


def test_an_export_replays_into_an_empty_database_and_exports_the_same(
    db: Database, tmp_path: object
) -> None:
    demo = load_demo(db)
    derivation.derive_version(
        db, Actor("aron"), demo.version_id, [Choice("art-8", Action.DELETE)], label="Draft 2"
    )
    exported = exchange.export_negotiation(db, OPERATOR, demo.negotiation)
    assert exported["format_version"] == 1 and exported["kind"] == "inwriting.negotiation"
    assert len(exported["responses"]) == 1  # submitted only: no drafts
    text = json.dumps(exported)  # plain JSON all the way down

    other = Database(f"sqlite:///{tmp_path}/other.db")
    other.upgrade()
    slug = exchange.import_negotiation(other, OPERATOR, json.loads(text))
    again = exchange.export_negotiation(other, OPERATOR, slug)
    assert _strip_ids(again) == _strip_ids(exported)
    assert verify_record(other, KEY.signer.verifier()).ok
    ledger = commitments.list_commitments(other, OPERATOR, slug)
    assert {c.effective_status.value for c in ledger} >= {"kept", "disputed", "broken"}
    other.dispose()


def test_language_texts_move_with_their_versions(db: Database, tmp_path: object) -> None:
    demo = load_demo(db)
    english = documents.get_version(db, Actor("cato"), demo.version_id)
    dutch = ParsedDocument(
        "Overeenkomst",
        tuple(replace(p, label=p.label.replace("Article", "Artikel")) for p in english.provisions),
    )
    added = languages.add_language_text(db, Actor("aron"), demo.version_id, "nl", dutch)
    exported = exchange.export_negotiation(db, OPERATOR, demo.negotiation)
    version = exported["documents"][0]["versions"][0]
    assert version["language"] == "en"
    assert [t["language"] for t in version["language_texts"]] == ["nl"]
    other = Database(f"sqlite:///{tmp_path}/other.db")
    other.upgrade()
    slug = exchange.import_negotiation(other, OPERATOR, json.loads(json.dumps(exported)))
    first = documents.list_documents(other, OPERATOR, slug)[0].versions[0].id
    moved = languages.get_language_text(other, OPERATOR, first, "nl")
    assert moved.content_sha256 == added.content_sha256
    assert moved.provisions == added.provisions
    assert verify_record(other, KEY.signer.verifier()).ok
    # an export whose language text was changed is refused
    version["language_texts"][0]["provisions"][2]["text"] = "Iets anders."
    third = Database(f"sqlite:///{tmp_path}/third.db")
    third.upgrade()
    with pytest.raises(FormatError, match="nl text does not match its exported digest"):
        exchange.import_negotiation(third, OPERATOR, exported)
    other.dispose()
    third.dispose()


def test_an_import_never_overwrites_and_refuses_what_is_not_an_export(db: Database) -> None:
    demo = load_demo(db)
    exported = exchange.export_negotiation(db, OPERATOR, demo.negotiation)
    with pytest.raises(Conflict, match="already has"):
        exchange.import_negotiation(db, OPERATOR, exported)
    with pytest.raises(FormatError, match="not an InWriting negotiation export"):
        exchange.import_negotiation(db, OPERATOR, {"kind": "something else"})
    with pytest.raises(FormatError, match="format_version"):
        exchange.import_negotiation(db, OPERATOR, {**exported, "format_version": 99})
