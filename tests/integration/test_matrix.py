"""The agreement matrix: kept between requests while the record stands still, rebuilt the
moment anything is put on the record, in every process, and never shown to outsiders."""

from __future__ import annotations

import pytest

from inwriting.domain.responses import Position, PositionKind
from inwriting.errors import NotFound
from inwriting.services import matrix, responses
from inwriting.storage.engine import Database
from tests.integration.builders import ALICE, BEA, BEN, CARL, ZED, build, full_answer


def _positions(db: Database, version_id: int, key: str) -> dict[str, str | None]:
    row = matrix.agreement_matrix(db, ALICE, version_id).row(key)
    return {c.party: c.position.kind.value if c.position else None for c in row.cells}


def test_the_matrix_is_kept_while_nothing_is_put_on_the_record(db: Database) -> None:
    setup = build(db)
    first = matrix.agreement_matrix(db, ALICE, setup.version_id)
    # A private draft is not on the record and not in the matrix: the kept one still holds.
    responses.save_draft(db, BEN, setup.version_id, full_answer())
    assert matrix.agreement_matrix(db, CARL, setup.version_id) is first


def test_a_submission_through_another_process_shows_at_once(db: Database) -> None:
    setup = build(db)
    other_worker = Database(db.url)  # a second process: its own engine and its own cache
    try:
        assert _positions(db, setup.version_id, "art-2") == {"Party B": None, "Party C": None}
        assert _positions(other_worker, setup.version_id, "art-2")["Party B"] is None
        amend = Position(PositionKind.AMEND, "art-2", text="Two, amended.", reason="Clearer.")
        draft = responses.save_draft(other_worker, BEN, setup.version_id, full_answer(art_2=amend))
        responses.submit_response(other_worker, BEA, draft.id)
        assert _positions(db, setup.version_id, "art-2") == {"Party B": "amend", "Party C": None}
        assert matrix.agreement_matrix(db, ALICE, setup.version_id).row("art-2").state == "open"
    finally:
        other_worker.dispose()


def test_a_kept_matrix_is_still_refused_to_outsiders(db: Database) -> None:
    setup = build(db)
    matrix.agreement_matrix(db, ALICE, setup.version_id)
    with pytest.raises(NotFound):
        matrix.agreement_matrix(db, ZED, setup.version_id)


def test_a_provision_that_is_not_answered_has_no_row(db: Database) -> None:
    setup = build(db)
    grid = matrix.agreement_matrix(db, ALICE, setup.version_id)
    assert grid.row("art-3").provision.label == "Article 3"
    with pytest.raises(NotFound, match="part-1"):
        grid.row("part-1")  # a heading of a group is not answered
    with pytest.raises(NotFound):
        grid.row("art-99")
