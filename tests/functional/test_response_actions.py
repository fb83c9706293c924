"""The response editor offers Approve and Submit only to whoever the service lets take them,
and a refused approval or submission is shown on the editor itself, the draft intact.

Corvinia (demo): ``cleo`` drafter, ``cato`` principal, ``oskar`` observer. Brenmark requires
approval: ``britt`` drafter, ``bo`` principal.
"""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.services import documents, responses
from inwriting.services.actors import OPERATOR, Actor
from inwriting.services.demo import BRENMARK, CORVINIA, DEMO_PASSWORD, SLUG

N = f"/negotiations/{SLUG}"
PARTIAL = (Position(PositionKind.ACCEPT, provision="art-1"),)  # one article of twelve


def _version(app: FastAPI) -> int:
    return documents.list_documents(app.state.db, OPERATOR, SLUG)[0].versions[0].id


def _signed_in(app: FastAPI, username: str) -> TestClient:
    client = TestClient(app)
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert csrf is not None
    form = {"username": username, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    return client


def _buttons(page: str) -> set[str]:
    return {b for b in ("Approve", "Submit") if re.search(rf"<button[^>]*>{b}", page)}


def _act(client: TestClient, response_id: int, action: str, editor: str) -> tuple[int, str]:
    csrf = re.search(r'name="csrf" value="([^"]+)"', editor)
    assert csrf is not None
    url = f"{N}/responses/{response_id}/{action}"
    done = client.post(url, data={"csrf": csrf.group(1)}, follow_redirects=False)
    return done.status_code, done.text


@pytest.mark.parametrize(
    ("drafter", "party", "offered"),
    [
        ("cleo", CORVINIA, {"cleo": set(), "cato": {"Approve", "Submit"}}),
        ("cato", CORVINIA, {"cleo": set(), "cato": {"Submit"}}),  # nobody approves their own
        ("britt", BRENMARK, {"britt": set(), "bo": {"Approve", "Submit"}}),
    ],
)
def test_the_editor_offers_an_action_exactly_when_the_service_would_take_it(
    demo_app: FastAPI, drafter: str, party: str, offered: dict[str, set[str]]
) -> None:
    version = _version(demo_app)
    draft = responses.save_draft(
        demo_app.state.db, Actor(drafter), version, ResponseContent(party, positions=PARTIAL)
    )
    for username, expected in offered.items():
        client = _signed_in(demo_app, username)
        editor = client.get(f"{N}/versions/{version}/respond?party={party}")
        assert editor.status_code == 200
        assert _buttons(editor.text) == expected, username
        for action, button in (("approve", "Approve"), ("submit", "Submit")):
            status, _ = _act(client, draft.id, action, editor.text)
            # The draft is incomplete: who may act is told why not (422), who may not, 403.
            assert (status != 403) == (button in expected), (username, action, status)


def test_a_refused_submission_is_shown_on_the_editor_with_the_draft_intact(
    demo_app: FastAPI,
) -> None:
    db, version = demo_app.state.db, _version(demo_app)
    draft = responses.save_draft(
        db, Actor("cleo"), version, ResponseContent(CORVINIA, positions=PARTIAL)
    )
    cato = _signed_in(demo_app, "cato")
    editor = cato.get(f"{N}/versions/{version}/respond").text
    status, page = _act(cato, draft.id, "submit", editor)
    assert status == 422
    assert "cannot be submitted" in page and 'role="alert"' in page
    assert "Save draft" in page and 'value="accept" selected' in page  # the editor, as saved
    cleo = _signed_in(demo_app, "cleo")
    status, page = _act(cleo, draft.id, "submit", cleo.get(f"{N}/versions/{version}/respond").text)
    assert status == 403 and "cleo is not a principal" in page and "Save draft" in page
    kept = responses.get_response(db, Actor("cleo"), draft.id)
    assert kept.status == "draft" and kept.content.positions == PARTIAL


def test_submitting_before_a_required_approval_says_so_on_the_editor(demo_app: FastAPI) -> None:
    db, version = demo_app.state.db, _version(demo_app)
    draft = responses.save_draft(
        db, Actor("britt"), version, ResponseContent(BRENMARK, positions=PARTIAL)
    )
    bo = _signed_in(demo_app, "bo")
    status, page = _act(bo, draft.id, "submit", bo.get(f"{N}/versions/{version}/respond").text)
    # every problem at once: the articles left unanswered and the approval still missing
    assert status == 422 and "requires approval" in page and "Save draft" in page
    assert "is not answered" in page
    assert responses.get_response(db, Actor("bo"), draft.id).status == "draft"
