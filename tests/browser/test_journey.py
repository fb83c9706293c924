"""The main journey in a real browser, as members of two parties."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from inwriting.app import create_app
from inwriting.domain.negotiations import Role
from inwriting.services import accounts, parties, responses, sending, users
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import CORVINIA, SLUG, load_demo
from inwriting.settings import Settings
from inwriting.storage.engine import Database
from tests.browser.conftest import serving
from tests.conftest import Inbox, free_port

PASSWORD = "lysra-demo"


def sign_in(browser: Any, server: str, username: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/login")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server}/")
    return page


def test_overview_shows_where_the_negotiation_stands(browser: Any, server: str, shoot: Any) -> None:
    page = sign_in(browser, server, "cleo")
    page.get_by_role("link", name=re.compile("Lysra River Basin")).click()
    assert page.get_by_role("heading", name=re.compile("Overdue")).is_visible()
    assert "Federal Republic of Corvinia" in page.locator("section").first.inner_text()
    shoot(page, "overview")
    page.get_by_role("link", name="Agreement matrix").first.click()
    table = page.get_by_role("table")
    assert "amend" in table.inner_text() and "— none" in table.inner_text()
    shoot(page, "matrix")
    page.get_by_role("link", name="Article 5").click()  # through to the provision
    assert page.get_by_role("heading", name=re.compile("Article 5")).first.is_visible()
    amendment = page.locator(".redline ins").first
    assert amendment.get_attribute("data-author") == "Kingdom of Brenmark"
    assert "breach of paragraph 1" in page.locator(".redline").first.inner_text()
    shoot(page, "provision")


def test_drafting_approving_and_submitting_a_response(
    browser: Any, server: str, shoot: Any
) -> None:
    drafter = sign_in(browser, server, "cleo")
    drafter.goto(f"{server}/negotiations/lysra-basin/versions/1/respond")
    drafter.get_by_label("Position").first.select_option("accept")
    article_2 = drafter.locator("fieldset#art-2")
    article_2.get_by_label("Position").select_option("reject")
    drafter.get_by_role("button", name="Save draft").click()
    status = drafter.locator("#status")
    assert "1 of 12" not in status.inner_text()  # preamble and Article 2 are answered
    assert "2 of 12" in status.inner_text()
    assert "reject needs a reason" in drafter.locator("fieldset#art-2").inner_text()
    shoot(drafter, "editor-with-problems")

    for fieldset in drafter.locator("fieldset[id]").all():
        select = fieldset.get_by_label("Position")
        if select.input_value() == "":
            select.select_option("accept")
    article_2 = drafter.locator("fieldset#art-2")
    article_2.get_by_label("Reason").fill("The definitions must wait for the map in **Annex I**.")
    drafter.get_by_role("button", name="Save draft").click()
    assert "12 of 12" in drafter.locator("#status").inner_text()
    assert "Complete" in drafter.locator("#status").inner_text()
    # A drafter cannot approve or submit, so is offered neither.
    assert drafter.get_by_role("button", name=re.compile("Submit on behalf|Approve")).count() == 0
    assert "A principal of Federal Republic of Corvinia approves" in drafter.content()

    principal = sign_in(browser, server, "cato")
    principal.goto(f"{server}/negotiations/lysra-basin/versions/1/respond")
    principal.get_by_role("button", name=re.compile("Submit on behalf")).click()
    principal.wait_for_url(re.compile(r"/responses/\d+$"))
    assert "submitted" in principal.content()
    assert "Download the receipt" in principal.content()
    assert "<strong>Annex I</strong>" in principal.content()  # Markdown rendered, sanitised
    shoot(principal, "submitted-response")

    principal.goto(f"{server}/negotiations/lysra-basin/versions/1/matrix")
    matrix = principal.get_by_role("table").inner_text()
    assert "— none" not in matrix  # Corvinia's column filled in
    assert "✗ reject" in matrix


def test_autosave_updates_the_completeness_meter(browser: Any, server: str) -> None:
    page = sign_in(browser, server, "cleo")
    page.goto(f"{server}/negotiations/lysra-basin/versions/1/respond")
    page.locator("fieldset#art-3").get_by_label("Position").select_option("accept")
    page.locator("#status", has_text="1 of 12").wait_for()  # no eval: the CSP forbids it
    page.reload()
    assert page.locator("fieldset#art-3").get_by_label("Position").input_value() == "accept"


def test_table_request_consolidate_derive_and_redline(
    browser: Any, server: str, shoot: Any, tmp_path: Any
) -> None:
    page = sign_in(browser, server, "aron")
    draft = tmp_path / "protocol.md"
    draft.write_text(
        "# Protocol on flood warnings\n\n"
        "## Article 1 – Warnings\n\nEach Party warns the others.\n\n"
        "## Article 2 – Stations\n\nEach Party runs gauging stations.\n"
    )
    page.goto(f"{server}/negotiations/lysra-basin/import")
    page.get_by_label("File").set_input_files(str(draft))
    page.get_by_label("Label").fill("Aldavian protocol")
    page.get_by_role("button", name="Check before tabling").click()
    # The preview: the outline, a level to choose, nothing tabled yet.
    assert page.get_by_role("heading", name="Check before tabling").is_visible()
    assert page.get_by_role("cell", name="art-2").is_visible()
    page.get_by_label("Parties answer").select_option("paragraph")
    page.get_by_role("button", name="Show this level").click()
    assert "answering by paragraph is answering by article" in page.content()
    shoot(page, "import-preview")
    page.get_by_role("button", name="Table it, answered by paragraph").click()
    page.wait_for_url(re.compile(r"/versions/\d+$"))
    assert "answered by paragraph" in page.content()
    assert page.get_by_role("heading", name="Protocol on flood warnings").is_visible()
    page.get_by_role("link", name="Request written answers").click()
    page.get_by_label("Due date").fill("2099-01-31")
    page.get_by_role("button", name="Send the request").click()
    page.wait_for_url(f"{server}/negotiations/lysra-basin")
    assert "2099" in page.content()

    page.goto(f"{server}/negotiations/lysra-basin/versions/1/consolidated")
    assert "[Kingdom of Brenmark" in page.content() or "Kingdom of Brenmark:" in page.content()
    shoot(page, "consolidated")
    page.get_by_role("link", name="Derive the next version").click()
    page.locator("fieldset#art-5").get_by_label("Decision").select_option(
        "adopt:Kingdom of Brenmark"
    )
    page.locator("fieldset#art-8").get_by_label("Decision").select_option("delete")
    page.get_by_label("Insert the provision proposed by Kingdom of Brenmark").check()
    page.get_by_label("Label of the new version").fill("Draft 2")
    page.get_by_role("button", name="Table the next version").click()
    page.wait_for_url(re.compile(r"/compare\?old=1&new=\d+"))
    body = page.content()
    assert "Draft 2" in body and "<ins" in body and "<del" in body
    assert "shall provide compensation" in body
    shoot(page, "redline")


def test_a_party_that_requires_approval_approves_then_submits(
    browser: Any, server: str, shoot: Any
) -> None:
    """Brenmark requires a second principal: its drafter revises, its principal approves and
    submits, and the new answer supersedes the old one."""
    drafter = sign_in(browser, server, "britt")
    drafter.goto(f"{server}/negotiations/lysra-basin/versions/1/respond")
    assert "supersede" in drafter.content()
    drafter.locator("fieldset#art-8").get_by_label("Position").select_option("accept")
    drafter.get_by_role("button", name="Save draft").click()
    assert "Complete" in drafter.locator("#status").inner_text()

    principal = sign_in(browser, server, "bo")
    principal.goto(f"{server}/negotiations/lysra-basin/versions/1/respond")
    principal.get_by_role("button", name=re.compile("Submit on behalf")).click()
    assert "requires approval" in principal.content()
    principal.goto(f"{server}/negotiations/lysra-basin/versions/1/respond")
    principal.get_by_role("button", name="Approve").click()
    assert "approved by bo" in principal.locator("#status").inner_text()
    principal.get_by_role("button", name=re.compile("Submit on behalf")).click()
    principal.wait_for_url(re.compile(r"/responses/\d+$"))
    assert "supersedes" in principal.content()
    shoot(principal, "approved-and-submitted")


@pytest.fixture
def mailing_server(tmp_path: Path, smtp_server: Inbox) -> Iterator[tuple[str, Settings, Inbox]]:
    """The demo served with notification e-mail going to a real local SMTP server, and a
    fourth member of Corvinia (lena, a drafter), so that three people can clear a text."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'web.db'}",
        data_dir=tmp_path / "d",
        smtp_url=smtp_server.url,
        base_url=url,
    )
    app = create_app(settings, checkpointer=False)
    db = app.state.db
    db.upgrade()
    load_demo(db)
    users.create_user(db, OPERATOR, "lena", "Lena Roux", email="lena@example.org")
    accounts.set_password(db, OPERATOR, "lena", PASSWORD)
    parties.add_member(db, OPERATOR, SLUG, CORVINIA, "lena", Role.DRAFTER)
    with serving(app, port):
        yield url, settings, smtp_server


def test_a_team_clears_discusses_is_reminded_and_searches(
    browser: Any, mailing_server: tuple[str, Settings, Inbox], shoot: Any
) -> None:
    """Corvinia's answer goes through a three-step clearance chain (review, legal,
    principal), the team talks in an internal thread while Aldavia sees only the shared one,
    a reminder of the answer due tomorrow arrives by e-mail and its link opens the page, and
    search finds the internal words for Corvinia's members only."""
    server, settings, inbox = mailing_server
    corvinia = quote(CORVINIA)

    # Aldavia asks for Corvinia's answer by tomorrow: the sender (what `serve` runs in the
    # background) reminds Corvinia's members by e-mail, with a link to the page.
    aron = sign_in(browser, server, "aron")
    aron.goto(f"{server}/negotiations/{SLUG}/versions/1/request")
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%d")
    aron.get_by_label("Due date").fill(tomorrow)
    aron.get_by_role("button", name="Send the request").click()
    aron.wait_for_url(f"{server}/negotiations/{SLUG}")
    db = Database(settings.database_url)
    sent = sending.send_notifications(db, settings)  # what `serve` runs in the background
    assert sent.emails >= 1
    to_cleo = [m for m in inbox.messages if "cleo@example.org" in str(m["To"])]
    assert to_cleo, [str(m["To"]) for m in inbox.messages]
    reminder = [m for m in to_cleo if "due" in str(m["Subject"]).lower()]
    assert reminder, [str(m["Subject"]) for m in to_cleo]
    text = reminder[0].get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    link = re.search(rf"{re.escape(server)}/\S+", text)
    assert link is not None, text
    reminded = sign_in(browser, server, "cleo")
    reminded.goto(link.group(0))
    assert reminded.url.startswith(server) and "Lysra" in reminded.content()

    cato = sign_in(browser, server, "cato")  # the principal sets the chain
    cato.goto(f"{server}/negotiations/{SLUG}/parties/{corvinia}/clearance")
    cato.get_by_label(re.compile("^Steps, one a line")).fill(
        "review = oskar\nlegal = lena\nprincipal = role:principal"
    )
    cato.get_by_role("button", name="Save the chain").click()
    assert cato.get_by_text("review").first.is_visible()

    cleo = sign_in(browser, server, "cleo")  # the drafter answers every provision
    cleo.goto(f"{server}/negotiations/{SLUG}/versions/1/respond")
    for fieldset in cleo.locator("fieldset[id]").all():
        fieldset.get_by_label("Position").select_option("accept")
    cleo.get_by_role("button", name="Save draft").click()
    assert "Complete" in cleo.locator("#status").inner_text()
    found = responses.find_current_response(db, Actor("cleo"), 1, CORVINIA)
    assert found is not None and not found.status.sent
    draft = found.id
    for who, step in (("oskar", "review"), ("lena", "legal"), ("cato", "principal")):
        clearer = sign_in(browser, server, who)
        clearer.goto(f"{server}/negotiations/{SLUG}/responses/{draft}")
        clearer.get_by_role("button", name=f"Clear “{step}”").click()
        clearer.wait_for_load_state()
    shoot(clearer, "cleared-three-steps")
    assert responses.get_response(db, Actor("cato"), draft).status == "submitted"

    provision = f"{server}/negotiations/{SLUG}/versions/1/provisions/art-5"
    cleo.goto(provision)
    for visibility, words in (("internal", "Our fallback is the quillwort line."),
                              ("shared", "Could the sluice rules come first?")):  # fmt: skip
        start = cleo.locator("form.new-thread")
        start.get_by_label("Who may read it").select_option(visibility)
        start.get_by_label(re.compile("^Message")).fill(words)
        start.get_by_role("button", name="Start the thread").click()
        cleo.locator("article.thread", has_text=words).wait_for()
    aron.goto(provision)
    assert "sluice rules" in aron.content() and "quillwort" not in aron.content()

    for who, page in (("cleo", cleo), ("aron", aron)):
        page.goto(f"{server}/")
        page.get_by_label("Search").fill("quillwort")
        page.get_by_label("Search").press("Enter")
        page.wait_for_url(re.compile(r"/search\?"))
        assert ("quillwort" in page.locator("main").inner_text()) == (who == "cleo")
    shoot(cleo, "search-internal-thread")
    db.dispose()
