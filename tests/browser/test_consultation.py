"""A public consultation in Chromium: a member of the public opens an account and comments
beside a provision, the
tabling party's drafter publishes the campaign from the moderation page, and anyone then reads
the count; the pages pass axe-core like the main ones."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from inwriting.app import create_app
from inwriting.services.demo import load_demo
from inwriting.settings import Settings
from tests.browser.conftest import serving
from tests.browser.test_accessibility import BLOCKING, audit, describe, new_page, sign_in

PROVISION = "/negotiations/lysra-basin/versions/1/provisions/art-5"
MODERATION = "/negotiations/lysra-basin/versions/1/consultation"


@pytest.fixture
def public_server(tmp_path: Path) -> Iterator[str]:
    """The demo, public, where people may open their own accounts."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}", data_dir=tmp_path / "d", sign_up=True
    )
    app = create_app(settings, checkpointer=False)
    db = app.state.db
    db.upgrade()
    load_demo(db, public=True)
    with serving(app) as url:
        yield url


def test_comment_moderate_and_read_in_the_browser(browser: Any, public_server: str) -> None:
    server = public_server
    found: dict[str, list[dict[str, Any]]] = {}
    drafter = new_page(browser)
    sign_in(drafter, server, "aron")
    drafter.goto(f"{server}/negotiations/lysra-basin/versions/1")
    drafter.get_by_role("link", name="Public comment").click()
    drafter.get_by_role("button", name="Open for public comment").click()
    drafter.wait_for_url(f"{server}{MODERATION}")
    assert drafter.get_by_text("Nothing is waiting").is_visible()

    public = new_page(browser)  # a member of the public opens an account from the provision
    public.goto(f"{server}{PROVISION}")
    public.get_by_role("link", name="create an account").click()
    found["/register"] = audit(public, public.url)
    public.get_by_label("User name").fill("pia")
    public.get_by_label("Your name, as others will see it").fill("Pia Public")
    public.get_by_label("Password").fill("a long enough secret")
    public.get_by_role("button", name="Create the account").click()
    public.wait_for_url(f"{server}{PROVISION}")
    found[PROVISION] = audit(public, f"{server}{PROVISION}")
    public.get_by_role("radio", name="Propose other wording").check()
    public.get_by_label("Proposed wording (only to propose other wording)").fill(
        "The Parties shall publish weekly flow data."
    )
    public.get_by_label("Your reason").fill("Farmers downstream plan by it.")
    public.get_by_role("button", name="Send comment").click()
    assert public.get_by_role("status").inner_text().startswith("Thank you")
    assert public.get_by_role("button", name="Send comment").count() == 0  # once only

    found[MODERATION] = audit(drafter, f"{server}{MODERATION}")
    drafter.get_by_role("checkbox").first.check()
    drafter.get_by_role("button", name="Publish the chosen").click()
    assert drafter.get_by_text("Nothing is waiting").is_visible()

    reader = new_page(browser)  # not signed in: a public negotiation's comments are public
    reader.goto(f"{server}{PROVISION}")
    section = reader.locator("#public-comment")
    assert "1 person" in section.inner_text()
    assert "weekly flow data" in section.inner_text()
    blocking = {p: [v for v in vs if v["impact"] in BLOCKING] for p, vs in found.items()}
    report = "\n".join(describe(p, v) for p, v in found.items() if v)
    assert not any(blocking.values()), f"serious or critical violations:\n{report}"
