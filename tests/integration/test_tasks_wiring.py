"""What needs me, from the other features: a mention notifies the member named and lists
the thread on their front page; a text waiting at my step of a clearance chain is listed."""

from __future__ import annotations

from inwriting.domain.clearance import Step
from inwriting.domain.negotiations import Role
from inwriting.domain.notifications import NotificationKind
from inwriting.services import clearance, discussion, documents, notifications, tasks
from inwriting.storage.engine import Database
from tests.integration.builders import BEA, BEN, BORIS, DRAFT, T0, build

MENTION = NotificationKind.MENTION


def test_a_mention_notifies_and_lists_the_thread(db: Database) -> None:
    s = build(db)
    discussion.start_thread(db, BEN, s.version_id, "art-2", "Can @bea accept this?", now=T0)
    told = [n for n in notifications.list_notifications(db, BEA) if n.kind is MENTION]
    assert len(told) == 1 and told[0].path.endswith("/provisions/art-2#discussion")
    ben = notifications.list_notifications(db, BEN)
    assert all(n.kind is not MENTION for n in ben)  # nobody is told of themself
    mine = {section.key: section for section in tasks.my_tasks(db, BEA, now=T0).sections}
    assert "Can @bea accept this?" in mine["mentions"].tasks[0].detail


def test_a_text_waiting_at_my_step_is_listed(db: Database) -> None:
    s = build(db)
    chain = [Step("principal", 1, role=Role.PRINCIPAL)]
    clearance.set_chain(db, BEA, s.negotiation, "Party B", chain, now=T0)
    documents.table_version(db, BEN, s.negotiation, "Party B", DRAFT, now=T0)  # pending
    mine = {section.key: section for section in tasks.my_tasks(db, BORIS, now=T0).sections}
    assert any("principal" in t.detail for t in mine["clearance"].tasks)
    assert "clearance" not in {x.key for x in tasks.my_tasks(db, BEN, now=T0).sections}


def test_each_step_of_a_chain_tells_who_may_clear_it_once(db: Database) -> None:
    s = build(db)
    chain = [Step("principal", 1, role=Role.PRINCIPAL)]
    clearance.set_chain(db, BEA, s.negotiation, "Party B", chain, now=T0)
    documents.table_version(db, BEN, s.negotiation, "Party B", DRAFT, now=T0)  # pending

    def waiting(actor: object) -> list[str]:
        found = notifications.list_notifications(db, actor)  # type: ignore[arg-type]
        return [n.summary for n in found if n.kind is NotificationKind.AWAITING_CLEARANCE]

    assert len(waiting(BORIS)) == 1 and "waits for your clearance" in waiting(BORIS)[0]
    assert waiting(BEN) == []  # its author clears it at no step
