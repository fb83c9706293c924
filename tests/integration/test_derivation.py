"""The consolidated text and the next version, from the demo negotiation's answers."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from inwriting.domain.derivation import Action, Choice
from inwriting.errors import PermissionDenied, ValidationError
from inwriting.redline import PairState
from inwriting.redline.bracket_render import consolidated_text as render_text
from inwriting.services import consolidation, derivation, documents
from inwriting.services.actors import Actor
from inwriting.services.demo import BRENMARK, load_demo
from inwriting.services.verification import verify_record
from inwriting.storage.engine import Database
from inwriting.storage.models import AdoptionRow
from tests.integration.test_record import KEY

ARON, CATO = Actor("aron"), Actor("cato")


def test_the_consolidated_text_brackets_each_party_in_place(db: Database) -> None:
    demo = load_demo(db)
    found = consolidation.consolidated_text(db, CATO, demo.version_id)
    counts = {state.value: n for state, n in found.text.counts().items()}
    assert counts == {"agreed": 0, "agreed_with_exceptions": 0, "open": 4, "unanswered": 8}
    rendered = render_text(found.text)
    assert "[Kingdom of Brenmark:" in rendered and found.text.brackets > 0
    assert found.responses == {BRENMARK: demo.response_id}


def test_the_next_version_adopts_compromises_deletes_and_inserts(db: Database) -> None:
    demo = load_demo(db)
    choices = [
        Choice("art-5", Action.ADOPT, party=BRENMARK),
        Choice("art-6", Action.COMPROMISE, text="The seat of the Commission shall be agreed."),
        Choice("art-8", Action.DELETE),
        Choice("art-7", Action.INSERT, party=BRENMARK),
    ]
    derived = derivation.derive_version(db, ARON, demo.version_id, choices, label="Draft 2")
    assert (derived.number, derived.baseline_id, derived.label) == (2, demo.version_id, "Draft 2")
    text = documents.get_version(db, CATO, derived.id)
    keys = [p.key for p in text.provisions]
    assert "art-8" not in keys and keys.index("art-7-bis") == keys.index("art-7") + 1
    by_key = {p.key: p for p in text.provisions}
    assert "shall provide compensation" in by_key["art-5"].text
    assert by_key["art-6"].text == "The seat of the Commission shall be agreed."
    _, _, redline = consolidation.version_redline(db, CATO, demo.version_id, derived.id)
    states = {(p.old_key or p.new_key): p.state for p in redline.pairs}
    assert states["art-5"] is PairState.CHANGED and states["art-1"] is PairState.SAME
    assert states["art-8"] is PairState.REMOVED and states["art-7-bis"] is PairState.ADDED
    with db.reading() as session:
        actions = dict(
            session.execute(
                select(AdoptionRow.provision_key, AdoptionRow.action).where(
                    AdoptionRow.version_id == derived.id
                )
            ).all()
        )
    assert actions["art-5"] == "adopt" and actions["art-7-bis"] == "insert"
    assert actions["art-8"] == "delete" and actions["art-1"] == "keep"
    assert verify_record(db, KEY.signer.verifier()).ok


def test_bad_choices_are_refused_with_every_problem_and_nothing_tabled(db: Database) -> None:
    demo = load_demo(db)
    choices = [
        Choice("art-99", Action.DELETE),
        Choice("art-1", Action.ADOPT, party=BRENMARK),  # Brenmark accepted Article 1
        Choice("art-2", Action.COMPROMISE, text="  "),
    ]
    with pytest.raises(ValidationError) as caught:
        derivation.derive_version(db, ARON, demo.version_id, choices)
    assert {(p.where, p.code) for p in caught.value.problems} == {
        ("art-99", "unknown_provision"),
        ("art-1", "no_amendment"),
        ("art-2", "missing_text"),
    }
    assert len(documents.list_documents(db, CATO, demo.negotiation)[0].versions) == 1


def test_only_the_tabling_party_or_the_chair_derives(db: Database) -> None:
    demo = load_demo(db)
    with pytest.raises(PermissionDenied, match="only Republic of Aldavia"):
        derivation.derive_version(db, CATO, demo.version_id, [])
