"""Discussion in a real browser: a shared thread started by one party, answered and resolved
by another, each step done in place by htmx (no page load) and seen by the other side."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.test_journey import sign_in

PROVISION = "/negotiations/lysra-basin/versions/1/provisions/art-5"


def test_a_shared_thread_is_started_answered_and_resolved(
    browser: Any, server: str, shoot: Any
) -> None:
    aron = sign_in(browser, server, "aron")
    aron.goto(f"{server}{PROVISION}")
    start = aron.locator("form.new-thread")
    assert start.get_by_label("Who may read it").input_value() == "shared"
    start.get_by_label(re.compile("^Message")).fill("Is **significant** harm defined, @bo?")
    start.get_by_role("button", name="Start the thread").click()
    thread = aron.locator("article.thread").first
    thread.wait_for()
    assert aron.url == f"{server}{PROVISION}"  # swapped in place, no page load
    assert thread.locator("strong", has_text="significant").is_visible()
    assert "shared" in thread.inner_text() and "open" in thread.inner_text()
    shoot(aron, "discussion-started")

    bo = sign_in(browser, server, "bo")
    bo.goto(f"{server}{PROVISION}")
    theirs = bo.locator("article.thread").first
    assert "Republic of Aldavia" in theirs.inner_text()
    theirs.get_by_label("Reply").fill("Article 2 defines it.")
    theirs.get_by_role("button", name="Reply").click()
    bo.locator("article.thread .message", has_text="Article 2 defines it.").wait_for()
    bo.locator("article.thread").first.get_by_role("button", name="Resolve").click()
    resolved = bo.locator("article.thread-resolved").first
    resolved.wait_for()
    assert "Resolved by bo" in resolved.inner_text()
    assert resolved.get_by_role("button", name="Reopen").is_visible()
    shoot(bo, "discussion-resolved")

    aron.reload()
    assert "Resolved by bo" in aron.locator("article.thread").first.inner_text()
    aron.goto(f"{server}/negotiations/lysra-basin/versions/1/matrix")
    row = aron.locator("tr", has=aron.get_by_role("link", name="Article 5", exact=True))
    assert row.locator("td.threads-count").inner_text() == "0 open, 1 resolved"
