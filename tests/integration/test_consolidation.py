"""The consolidated text: kept between requests while the record stands still, made again the
moment anything is put on the record, in every process, and never shown to outsiders."""

from __future__ import annotations

import pytest

from inwriting.domain.responses import Position, PositionKind
from inwriting.errors import NotFound
from inwriting.redline.bracket_render import consolidated_text as plain_text
from inwriting.services import consolidation, responses
from inwriting.storage import queries
from inwriting.storage.engine import Database
from tests.integration.builders import ALICE, BEA, BEN, CARL, ZED, build, full_answer


def test_the_text_is_kept_while_nothing_is_put_on_the_record(db: Database) -> None:
    setup = build(db)
    first = consolidation.consolidated_text(db, ALICE, setup.version_id)
    responses.save_draft(db, BEN, setup.version_id, full_answer())  # private: not in the text
    assert consolidation.consolidated_text(db, CARL, setup.version_id) is first


def test_a_submission_through_another_process_shows_at_once(db: Database) -> None:
    setup = build(db)
    other_worker = Database(db.url)  # a second process: its own engine and its own cache
    try:
        before = consolidation.consolidated_text(db, ALICE, setup.version_id)
        assert consolidation.consolidated_text(other_worker, ALICE, setup.version_id) == before
        assert dict(before.responses) == {}
        amend = Position(PositionKind.AMEND, "art-2", text="Two, amended.", reason="Clearer.")
        draft = responses.save_draft(other_worker, BEN, setup.version_id, full_answer(art_2=amend))
        sent = responses.submit_response(other_worker, BEA, draft.id)
        after = consolidation.consolidated_text(db, ALICE, setup.version_id)
        assert dict(after.responses) == {"Party B": sent.id}
        assert after.text != before.text
        assert "amended" in plain_text(after.text) and "amended" not in plain_text(before.text)
    finally:
        other_worker.dispose()


def test_a_kept_text_is_still_refused_to_outsiders(db: Database) -> None:
    setup = build(db)
    consolidation.consolidated_text(db, ALICE, setup.version_id)
    with pytest.raises(NotFound):
        consolidation.consolidated_text(db, ZED, setup.version_id)


def test_the_positions_read_back_are_the_ones_saved(db: Database) -> None:
    """Positions are written and read as column tuples: what a party saved (every field, in
    its order, an added provision included) is what its response and the text hold."""
    setup = build(db)
    amend = Position(PositionKind.AMEND, "art-2", text="Two, amended.", reason="Clearer.")
    added = Position(PositionKind.ADD, "", after="art-2", text="New one.", reason="Needed.")
    answer = full_answer(art_2=amend)
    answer = type(answer)(answer.party, answer.kind, "Cover.", (*answer.positions, added))
    saved = responses.save_draft(db, BEN, setup.version_id, answer)
    assert saved.content == answer
    again = responses.save_draft(db, BEN, setup.version_id, full_answer())  # fewer: replaced
    assert again.id == saved.id and again.content == full_answer()
    resaved = responses.save_draft(db, BEN, setup.version_id, answer)
    sent = responses.submit_response(db, BEA, resaved.id)
    assert responses.get_response(db, BEN, sent.id).content == answer
    with db.reading() as session:
        version = queries.get_version(session, setup.version_id)
        assert consolidation.current_responses(session, version) == {"Party B": (sent.id, answer)}


@pytest.mark.parametrize("name", ["Party B", "party  b", " PARTY B ", "2"])
def test_a_draft_names_its_party_as_people_write_it(db: Database, name: str) -> None:
    """The party is found by its exact name through the index, and otherwise as before: case
    and runs of spaces aside, or by its id ("2": Party B, the second party added)."""
    setup = build(db)
    answer = full_answer(party=name)
    saved = responses.save_draft(db, BEN, setup.version_id, answer)
    assert saved.party == "Party B"
    again = responses.save_draft(db, BEN, setup.version_id, full_answer())
    assert again.id == saved.id  # the same open draft, whichever way the party was named


def test_saving_again_after_many_answers_supersedes_only_the_current_one(db: Database) -> None:
    setup = build(db)
    sent = []
    for _ in range(3):
        draft = responses.save_draft(db, BEN, setup.version_id, full_answer())
        sent.append(responses.submit_response(db, BEA, draft.id))
    assert [r.supersedes_id for r in sent] == [None, sent[0].id, sent[1].id]
    statuses = {r.id: r.status.value for r in responses.list_responses(db, BEA, setup.version_id)}
    assert statuses == {sent[0].id: "superseded", sent[1].id: "superseded", sent[2].id: "submitted"}
