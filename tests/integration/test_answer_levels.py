"""A version answered by paragraph, through the whole cycle: tabled with its level, answered
paragraph by paragraph, the next version derived (keys and level carried over), the redline
aligned by key, and every export written."""

from __future__ import annotations

from inwriting.domain.derivation import Action, Choice
from inwriting.domain.documents import AnswerLevel, ParsedDocument, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.formats import read_document, render_document
from inwriting.redline import PairState
from inwriting.services import consolidation, derivation, documents, responses
from inwriting.services.actors import Actor
from inwriting.services.demo import ALDAVIA, BRENMARK, load_demo
from inwriting.storage.engine import Database
from tests.conftest import DATA

ARON, BRITT, BO = Actor("aron"), Actor("britt"), Actor("bo")
ACT = DATA / "uk" / "widget-safety-act.txt"


def test_a_version_by_paragraph_is_answered_derived_and_redlined_by_its_keys(
    db: Database,
) -> None:
    demo = load_demo(db)
    level, parsed = documents.cut(read_document(ACT), "paragraph")
    tabled = documents.table_version(
        db, ARON, demo.negotiation, ALDAVIA, parsed, label="Act by paragraph", answer_level=level
    )
    assert tabled.answer_level is AnswerLevel.PARAGRAPH
    text = documents.get_version(db, ARON, tabled.id)
    assert text.version.answer_level is AnswerLevel.PARAGRAPH
    answerable = [p.key for p in text.provisions if p.answerable]
    assert "art-3.p-2" in answerable and "art-3" not in answerable

    positions = [
        Position(PositionKind.ACCEPT, provision=key)
        for key in answerable
        if key not in ("art-3.p-2",)
    ]
    positions += [
        Position(
            PositionKind.AMEND,
            provision="art-3.p-2",
            text="(2) The safety requirements are those set out in Schedules 2 and 3.",
            reason="Schedule 3 covers batteries.",
        ),
        Position(
            PositionKind.ADD,
            after="art-3.p-1",
            text="(1A) A supplier must keep records of the widgets it supplies.",
            reason="Traceability.",
        ),
    ]
    saved = responses.save_draft(
        db, BRITT, tabled.id, ResponseContent(BRENMARK, positions=tuple(positions))
    )
    responses.approve_response(db, BO, saved.id)
    responses.submit_response(db, BO, saved.id)

    choices = [
        Choice("art-3.p-2", Action.ADOPT, party=BRENMARK),
        Choice("art-3.p-1", Action.INSERT, party=BRENMARK),
        Choice("art-4.p-1", Action.DELETE),
    ]
    derived = derivation.derive_version(db, ARON, tabled.id, choices, label="Act, second draft")
    assert derived.answer_level is AnswerLevel.PARAGRAPH  # the level carries over
    new = documents.get_version(db, ARON, derived.id)
    by_key = {p.key: p for p in new.provisions}
    keys = [p.key for p in new.provisions]
    assert keys.index("art-3.p-1-bis") == keys.index("art-3.p-1") + 1
    inserted = by_key["art-3.p-1-bis"]
    assert (inserted.kind, inserted.parent) == (ProvisionKind.PARAGRAPH, "art-3")
    assert "art-4.p-1" not in by_key and by_key["art-4.p-2"].label == "4(2)"
    assert "Schedules 2 and 3" in by_key["art-3.p-2"].text

    _, _, redline = consolidation.version_redline(db, ARON, tabled.id, derived.id)
    states = {(p.old_key or p.new_key): p.state for p in redline.pairs}
    assert states["art-3.p-2"] is PairState.CHANGED
    assert states["art-3.p-1-bis"] is PairState.ADDED
    assert states["art-4.p-1"] is PairState.REMOVED
    assert states["art-3.p-3"] is PairState.SAME

    as_doc = ParsedDocument(new.version.title, new.provisions)
    for fmt in ("markdown", "docx", "akn", "json"):
        assert render_document(as_doc, fmt)
    markdown = render_document(as_doc, "markdown").decode()
    assert "(1A) A supplier must keep records" in markdown
