"""Every migration after the search indexes (0008) goes down and up again without losing
them. SQLite's batch mode (copy and move) silently drops a table's triggers, and with them
the search index of provisions, positions or commitments, so a downgrade that rebuilt one of
those tables would leave search blind to everything written after the upgrade again.
(Downgrades are a developer's tool, run on an empty database here: the CLI offers none.)"""

from __future__ import annotations

from alembic import command

from inwriting.domain.documents import ParsedDocument, Provision, ProvisionKind
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.services import documents, responses, search
from inwriting.storage.engine import Database, alembic_config
from tests.integration.builders import AMOS, BEN, T0, build


def test_down_to_the_search_migration_and_up_again_keeps_every_index(db: Database) -> None:
    head = db.current_revision()
    with db.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0008")
    assert db.current_revision() == "0008"
    db.upgrade()
    assert db.current_revision() == head
    setup = build(db)
    article = Provision(
        "art-1", ProvisionKind.ARTICLE, "Article 1", "1", "", "The heronry is protected."
    )
    documents.table_version(
        db, AMOS, setup.negotiation, "Party A", ParsedDocument("Herons", (article,)), now=T0
    )
    kept = documents.get_version(db, AMOS, setup.version_id).provisions[0].key
    reason = Position(PositionKind.REJECT, kept, reason="A kingfisher objection.")
    responses.save_draft(db, BEN, setup.version_id, ResponseContent("Party B", positions=(reason,)))
    assert [h.kind for h in search.search(db, AMOS, "heronry")] == [search.TextKind.PROVISION]
    assert [h.kind for h in search.search(db, BEN, "kingfisher")] == [search.TextKind.REASON]
