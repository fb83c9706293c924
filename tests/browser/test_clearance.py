"""Clearance in a real browser: the chain on a pending version's page and on a draft response,
with no serious accessibility violation, cleared by clicking its button.

Corvinia (demo): ``cleo`` drafter, ``cato`` principal, ``oskar`` observer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inwriting.domain.clearance import Step
from inwriting.domain.negotiations import Role
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.formats import parse_document
from inwriting.services import clearance, documents, responses
from inwriting.services.actors import Actor
from inwriting.services.demo import CORVINIA, SLUG
from inwriting.storage.engine import Database
from tests.browser.test_accessibility import BLOCKING, audit, describe, new_page, sign_in

N = f"/negotiations/{SLUG}"
CHAIN = (Step("review", 1, members=("oskar",)), Step("principal", 1, role=Role.PRINCIPAL))


def test_pending_texts_are_cleared_from_their_pages(
    browser: Any, server: str, tmp_path: Path
) -> None:
    db = Database(f"sqlite:///{tmp_path / 'web.db'}")  # the server's own database
    clearance.set_chain(db, Actor("cato"), SLUG, CORVINIA, CHAIN)
    text = parse_document("# Corvinian text\n\n## Article 1\n\nWe propose.\n", format="markdown")
    pending = documents.table_version(db, Actor("cleo"), SLUG, CORVINIA, text)
    tabled = documents.get_version(db, Actor("cleo"), 1)
    answer = ResponseContent(
        CORVINIA,
        positions=tuple(
            Position(PositionKind.ACCEPT, provision=p.key)
            for p in tabled.provisions
            if p.answerable
        ),
    )
    draft = responses.save_draft(db, Actor("cleo"), 1, answer)
    db.dispose()

    page = new_page(browser)
    sign_in(page, server, "oskar")
    paths = (
        f"{N}/pending/{pending.id}",
        f"{N}/responses/{draft.id}",
        f"{N}/parties/{CORVINIA}/clearance",
    )
    found = {path: audit(page, f"{server}{path}") for path in paths}
    blocking = {p: [v for v in vs if v["impact"] in BLOCKING] for p, vs in found.items()}
    report = "\n".join(describe(p, v) for p, v in found.items() if v)
    assert not any(blocking.values()), f"serious or critical violations:\n{report}"

    page.goto(f"{server}{N}/pending/{pending.id}")
    page.get_by_role("button", name="Clear “review”").click()
    page.wait_for_load_state()
    assert page.get_by_text("cleared by oskar").count() >= 1
    assert page.get_by_role("button", name="Clear “principal”").count() == 0  # not oskar's

    cato = new_page(browser)
    sign_in(cato, server, "cato")
    cato.goto(f"{server}{N}/pending/{pending.id}")
    cato.get_by_role("button", name="Clear “principal”").click()
    cato.wait_for_url(f"{server}{N}/versions/*")
    assert "Corvinian text" in cato.content()
