"""Amendments per language through the pages and the API, over the demo: the response
editor gives one field per language of the version and says which languages an amendment
still lacks; the API takes and returns ``wordings``; the consolidated text is read in each
language; wrong wordings are refused (422) and change nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import inwriting.demo
from inwriting.domain.responses import Position, PositionKind, ResponseContent
from inwriting.formats import parse_document
from inwriting.services import accounts, documents, languages, responses
from inwriting.services.actors import Actor
from inwriting.services.demo import BRENMARK, CORVINIA, DEMO_PASSWORD, SLUG

DRAFT = (Path(inwriting.demo.__file__).parent / "draft.md").read_text(encoding="utf-8")
DUTCH = DRAFT.replace("Article", "Artikel")
EDITOR = f"/negotiations/{SLUG}/versions/1/respond?party={CORVINIA}"
DRAFT_API = "/api/v1/versions/1/draft"


@pytest.fixture
def dutch(demo_app: FastAPI) -> FastAPI:
    """The demo with a Dutch text of its version 1 (added by Aldavia's drafter)."""
    languages.add_language_text(demo_app.state.db, Actor("aron"), 1, "nl", parse_document(DUTCH))
    return demo_app


def _signed_in(app: FastAPI, username: str) -> TestClient:
    client = TestClient(app)
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert csrf is not None
    form = {"username": username, "password": DEMO_PASSWORD, "csrf": csrf.group(1)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    return client


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def _save(client: TestClient, nl: str) -> None:
    form = {
        "csrf": _csrf(client.get(EDITOR).text),
        "party": CORVINIA,
        "kind": "interim",
        "pos-art-1": "amend",
        "text-art-1": "The purpose is shared stewardship.",
        "reason-art-1": "Say it plainly.",
        "text-art-1-nl": nl,
    }
    saved = client.post(f"/negotiations/{SLUG}/versions/1/respond", data=form)
    assert saved.status_code == 200, saved.text  # the editor, after the 303


def test_the_editor_asks_for_each_language_and_says_what_is_lacking(dutch: FastAPI) -> None:
    client = _signed_in(dutch, "cleo")
    page = client.get(EDITOR).text
    assert 'name="text-art-1-nl"' in page and 'name="add-text-0-nl"' in page
    _save(client, nl="")
    page = client.get(EDITOR).text
    assert "This amendment lacks: nl" in page
    assert "art-1 lacks: nl" in page  # in the saved draft's status too
    _save(client, nl="Het doel is gedeeld rentmeesterschap.")
    page = client.get(EDITOR).text
    assert "lacks: nl" not in page
    assert "Het doel is gedeeld rentmeesterschap.</textarea>" in page
    draft = responses.find_current_response(dutch.state.db, Actor("cleo"), 1, CORVINIA)
    assert draft is not None
    amend = next(p for p in draft.content.positions if p.provision == "art-1")
    assert amend.wordings == {"nl": "Het doel is gedeeld rentmeesterschap."}
    shown = client.get(f"/negotiations/{SLUG}/responses/{draft.id}").text
    assert '<div lang="nl">' in shown and "gedeeld rentmeesterschap" in shown


def test_the_consolidated_page_in_dutch(dutch: FastAPI) -> None:
    client = _signed_in(dutch, "cleo")
    english = client.get(f"/negotiations/{SLUG}/versions/1/consolidated").text
    assert f'href="/negotiations/{SLUG}/versions/1/consolidated?language=nl"' in english
    page = client.get(f"/negotiations/{SLUG}/versions/1/consolidated?language=nl")
    assert page.status_code == 200
    # Brenmark's amendments were written before the Dutch text existed: said, not guessed.
    assert "(proposed wording not given in nl)" in page.text
    assert "Artikel 5" in page.text and 'lang="nl"' in page.text
    assert "download/consolidated-docx?language=nl" in page.text
    docx = client.get(f"/negotiations/{SLUG}/versions/1/download/consolidated-docx?language=nl")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    missing = client.get(f"/negotiations/{SLUG}/versions/1/consolidated?language=fr")
    assert missing.status_code == 404


@pytest.fixture
def api(dutch: FastAPI) -> Iterator[tuple[TestClient, dict[str, str]]]:
    secret, _ = accounts.create_token(dutch.state.db, Actor("cleo"), "tests")
    with TestClient(dutch) as client:
        yield client, {"Authorization": f"Bearer {secret}"}


def _body(wordings: object) -> dict[str, object]:
    return {
        "party": CORVINIA,
        "kind": "interim",
        "positions": [
            {
                "position": "amend",
                "provision": "art-1",
                "text": "The purpose is shared stewardship.",
                "reason": "Say it plainly.",
                "wordings": wordings,
            }
        ],
    }


def test_the_api_takes_and_returns_wordings(api: tuple[TestClient, dict[str, str]]) -> None:
    client, h = api
    lacking = client.put(DRAFT_API, json=_body({}), headers=h)
    assert lacking.status_code == 200, lacking.text
    assert lacking.json()["languages"] == ["en", "nl"]
    assert lacking.json()["lacking"] == [{"where": "art-1", "languages": ["nl"]}]
    given = client.put(DRAFT_API, json=_body({"NL": "Gedeeld rentmeesterschap."}), headers=h)
    assert given.status_code == 200, given.text
    assert given.json()["content"]["positions"][0]["wordings"] == {
        "nl": "Gedeeld rentmeesterschap."
    }
    assert given.json()["lacking"] == []
    dutch = client.get("/api/v1/versions/1/consolidated?language=nl", headers=h).json()
    assert dutch["language"] == "nl" and dutch["languages"] == ["en", "nl"]
    lacks = [o for i in dutch["items"] if i["item"] == "provision" for o in i["whole"]]
    # Brenmark's amendments, written in English only, say so; its other proposals do not.
    assert {(o["kind"], o["lacking"]) for o in lacks if o["lacking"]} == {("amend", "nl")}
    assert client.get("/api/v1/versions/1/consolidated?language=fr", headers=h).status_code == 404


@pytest.mark.parametrize(
    ("wordings", "code"),
    [
        ({"fr": "Un."}, "unknown_language"),
        ({"nl": "   "}, "empty_wording"),
        ({"en": "Again."}, "original_language"),
        ({"n l": "Een."}, None),  # not a language tag
        ({"nl": 5}, None),  # not text
        (["nl", "Een."], None),  # not a mapping
    ],
)
def test_the_api_refuses_a_wrong_wording_and_changes_nothing(
    api: tuple[TestClient, dict[str, str]], wordings: object, code: str | None
) -> None:
    client, h = api
    before = client.put(DRAFT_API, json=_body({"nl": "Een."}), headers=h).json()
    refused = client.put(DRAFT_API, json=_body(wordings), headers=h)
    assert refused.status_code == 422, refused.text
    if code is not None:
        assert [d["code"] for d in refused.json()["error"]["details"]] == [code]
    after = client.get(f"/api/v1/responses/{before['id']}", headers=h).json()
    assert after["content"] == before["content"]


def test_the_derive_form_takes_the_missing_dutch_wording(dutch: FastAPI) -> None:
    client = _signed_in(dutch, "aron")
    url = f"/negotiations/{SLUG}/versions/1/derive"
    form = client.get(url).text
    assert 'name="text-art-5-nl"' in form and "tabled in every language" in form
    assert f"No wording given in: {BRENMARK}: nl" in form  # its amendments, English only
    choice = {"csrf": _csrf(form), "do-art-5": f"adopt:{BRENMARK}"}
    refused = client.post(url, data=choice, follow_redirects=False)
    assert refused.status_code == 422
    assert "has no nl wording: give it" in refused.text and "art-5" in refused.text
    assert len(documents.list_documents(dutch.state.db, Actor("aron"), SLUG)[0].versions) == 1
    wording = "1. Elke Partij neemt alle passende maatregelen."
    done = client.post(url, data={**choice, "text-art-5-nl": wording}, follow_redirects=False)
    assert done.status_code == 303, done.text
    versions = documents.list_documents(dutch.state.db, Actor("aron"), SLUG)[0].versions
    nl = languages.get_language_text(dutch.state.db, Actor("cleo"), versions[-1].id, "nl")
    assert {p.key: p.text for p in nl.provisions}["art-5"] == wording


def test_the_text_pages_show_a_submitted_amendment_in_each_language(dutch: FastAPI) -> None:
    db = dutch.state.db
    text = documents.get_version(db, Actor("cleo"), 1)
    amend = Position(
        PositionKind.AMEND,
        "art-1",
        text="The purpose is shared stewardship.",
        reason="Say it plainly.",
        wordings={"nl": "Het doel is gedeeld rentmeesterschap."},
    )
    positions = tuple(
        amend if p.key == "art-1" else Position(PositionKind.ACCEPT, p.key)
        for p in text.provisions
        if p.answerable
    )
    saved = responses.save_draft(
        db, Actor("cleo"), 1, ResponseContent(CORVINIA, positions=positions)
    )
    assert saved.complete, saved.problems
    responses.submit_response(db, Actor("cato"), saved.id)
    client = _signed_in(dutch, "aron")
    provision = client.get(f"/negotiations/{SLUG}/versions/1/provisions/art-1").text
    assert "The proposed text in nl:" in provision
    assert "gedeeld rentmeesterschap" in provision
    document = client.get(f"/negotiations/{SLUG}/versions/1").text
    assert "In nl:" in document and "gedeeld rentmeesterschap" in document
